import FoglineSim

/// One side of a recorded match.
public struct ReplayPlayer: Hashable, Sendable {
    /// The name shown for this player.
    public var name: String
    /// Who played it: "human", "bot:normal", "script", ...
    public var kind: String

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }
}

/// Everything needed to re-simulate a match, plus metadata: the replay's first chunk.
public struct ReplayHeader: Hashable, Sendable {
    /// The rules version the match ran under (`Rules.version`).
    public var rulesVersion: UInt16
    /// The world's seed.
    public var seed: UInt64
    public var mapName: String
    /// The map file's full text, so the replay needs nothing else to play back.
    public var mapText: String
    /// Player 1 then player 2.
    public var players: [ReplayPlayer]
    /// When the match was recorded, as the writer chose to spell it (metadata only).
    public var createdAt: String

    public init(
        rulesVersion: UInt16 = Rules.version, seed: UInt64, mapName: String, mapText: String,
        players: [ReplayPlayer], createdAt: String
    ) {
        self.rulesVersion = rulesVersion
        self.seed = seed
        self.mapName = mapName
        self.mapText = mapText
        self.players = players
        self.createdAt = createdAt
    }

    /// Appends the header payload; throws for anything a reader would refuse.
    func encode(into writer: inout ByteWriter) throws(EncodeError) {
        guard players.count == 2 else { throw EncodeError("a replay header needs 2 players, not \(players.count)") }
        var lines = [("map name", mapName), ("created-at time", createdAt)]
        for player in players { lines += [("player name", player.name), ("player kind", player.kind)] }
        for (what, text) in lines where !Self.isPrintable(text) {
            throw EncodeError("\(what) contains a control character")
        }
        writer.u16(rulesVersion)
        writer.u64(seed)
        try writer.string(mapName, maxBytes: ReplayFormat.maxMapNameBytes, what: "map name")
        try writer.string(mapText, maxBytes: ReplayFormat.maxMapTextBytes, what: "map text")
        for player in players {
            try writer.string(player.name, maxBytes: ReplayFormat.maxPlayerNameBytes, what: "player name")
            try writer.string(player.kind, maxBytes: ReplayFormat.maxPlayerKindBytes, what: "player kind")
        }
        try writer.string(createdAt, maxBytes: ReplayFormat.maxCreatedAtBytes, what: "created-at time")
    }

    /// Reads a header payload that must fill the reader exactly.
    init(from reader: inout ByteReader) throws(DecodeError) {
        rulesVersion = try reader.u16()
        seed = try reader.u64()
        mapName = try Self.readLine(&reader, ReplayFormat.maxMapNameBytes, "map name")
        mapText = try reader.string(maxBytes: ReplayFormat.maxMapTextBytes, "map text")
        players = []
        for _ in 0..<2 {
            let name = try Self.readLine(&reader, ReplayFormat.maxPlayerNameBytes, "player name")
            let kind = try Self.readLine(&reader, ReplayFormat.maxPlayerKindBytes, "player kind")
            players.append(ReplayPlayer(name: name, kind: kind))
        }
        createdAt = try Self.readLine(&reader, ReplayFormat.maxCreatedAtBytes, "created-at time")
        try reader.expectEnd("the header")
    }

    /// A one-line string shown on screens: no control characters, which could smuggle escapes.
    private static func readLine(_ reader: inout ByteReader, _ maxBytes: Int, _ what: String) throws(DecodeError)
        -> String
    {
        let at = reader.offset
        let text = try reader.string(maxBytes: maxBytes, what)
        guard isPrintable(text) else { throw reader.error("\(what) contains a control character", at: at) }
        return text
    }

    private static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }
    }
}
