import FoglineOrders
import FoglineSim

/// The one JSON line a headless run or a verify prints at the end.
public struct MatchSummary: Sendable, Equatable {
    public var frames: Int32
    public var hash: UInt64
    /// 1 or 2, 0 for a draw; when the run stopped before the end, the leader on points;
    /// nil (JSON null) when the match ended with no winner (`connection_lost`).
    public var winner: Int?
    public var score: [Int32]
    /// Whether the match reached a result (not just the frame limit).
    public var ended: Bool
    /// `score`, `elimination`, `time`, `forfeit`, `connection_lost`, or `frame_limit` when stopped early.
    public var reason: String
    public var map: String
    public var seed: UInt64
    public var players: [String]
    public var replay: String?
    public var kills: [Int32]
    public var captures: [Int32]
    /// Fields a mode adds after the common ones (a network match: stalls, round trip), in order.
    public var extraFields: [ExtraField] = []

    /// One more `"key": value` of the line; `json` is already JSON.
    public struct ExtraField: Sendable, Equatable {
        public var key: String
        public var json: String
        public init(_ key: String, json: String) {
            self.key = key
            self.json = json
        }
    }

    public init(world: World, players: [String], replay: String? = nil) {
        frames = world.frame
        hash = world.stateHash
        winner = world.result?.reason.hasNoWinner == true ? nil : world.result?.winner ?? world.leader
        score = world.scores
        ended = world.result != nil
        reason = world.result?.reason.rawValue ?? "frame_limit"
        map = world.map.name
        seed = world.seed
        self.players = players
        self.replay = replay
        kills = world.stats.map(\.kills)
        captures = world.stats.map(\.captures)
    }

    /// The summary as one line of JSON, keys in a fixed order.
    public var jsonLine: String {
        var parts = [
            "\"frames\": \(frames)",
            "\"hash\": \"\(hash.hex16)\"",
            "\"winner\": \(winner.map(String.init) ?? "null")",
            "\"score\": [\(score[0]), \(score[1])]",
            "\"ended\": \(ended)",
            "\"reason\": \"\(reason)\"",
            "\"map\": \(JSONText.quote(map))",
            "\"seed\": \(seed)",
            "\"players\": [\(players.map(JSONText.quote).joined(separator: ", "))]",
            "\"kills\": [\(kills[0]), \(kills[1])]",
            "\"captures\": [\(captures[0]), \(captures[1])]",
        ]
        if let replay { parts.append("\"replay\": \(JSONText.quote(replay))") }
        for field in extraFields { parts.append("\(JSONText.quote(field.key)): \(field.json)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
