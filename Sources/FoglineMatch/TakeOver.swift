import FoglineReplay
import FoglineSim

/// A new match that starts where a recorded one stood at one of its frames.
///
/// The new replay is whole on its own: it holds the recorded match's inputs up to the
/// frame, then the new match's, so it re-simulates from frame 0 like any other. A note
/// says where it was taken over and the world's hash there, which `ReplayVerifier`
/// checks. Commands the recorded players had entered but that had not yet run (the
/// input delay's worth) still run: they were given before the take-over.
public struct TakeOver: Sendable {
    /// The replay taken over, as opened.
    public let source: String
    public let replay: Replay
    /// The frame the new match starts from: frames before it are the recorded match's.
    public let frame: Int32
    /// The recorded match's map (from inside the replay) and seed.
    public let map: GameMap
    public let seed: UInt64

    /// Opens `source` and checks `frame` (nil: the last frame recorded).
    public init(source: String, frame: Int32?) throws {
        let replay = try ReplayReader.read(path: source)
        let last = replay.endFrame
        let frame = frame ?? last
        guard frame >= 0, frame <= last else {
            throw ReplayError("\(source) holds frames 0 to \(last); there is no frame \(frame) to take over from")
        }
        self.source = source
        self.replay = replay
        self.frame = frame
        map = try ReplayVerifier.initialWorld(of: replay).map
        seed = replay.header.seed
    }

    /// Where to take over, from the text after `REPLAY@`: a frame number or a match
    /// clock `mm:ss`. Nil when the text is neither.
    public static func frame(from text: Substring) -> Int32? {
        if let frame = Int32(text), frame >= 0 { return frame }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let minutes = Int32(parts[0]), let seconds = Int32(parts[1]), minutes >= 0,
            (0..<60).contains(seconds), parts[1].count == 2, minutes < 10_000
        else { return nil }
        return (minutes * 60 + seconds) * Rules.framesPerSecond
    }

    /// `REPLAY`, `REPLAY@FRAME` or `REPLAY@mm:ss`: the file and the frame (nil for the end).
    /// A file whose own name holds an `@` is taken whole when what follows is no frame.
    public static func parse(_ spec: String) -> (path: String, frame: Int32?) {
        if let at = spec.lastIndex(of: "@"), let frame = frame(from: spec[spec.index(after: at)...]) {
            return (String(spec[..<at]), frame)
        }
        return (spec, nil)
    }

    /// The new match, with the recorded frames re-run (and recorded, when `recordTo` is
    /// given) up to the take-over frame. `players` name the new match's sides.
    public func start(
        player1: PlayerController, player2: PlayerController, recordTo path: String?, players: [ReplayPlayer]
    ) throws -> (match: LocalMatch, recorder: MatchRecorder?, hash: UInt64) {
        var world = World(map: map, seed: seed)
        let recorder = try path.map { try MatchRecorder(path: $0, world: world, players: players) }
        var cursor = replay.cursor()
        while world.frame < frame && world.result == nil {
            let input = cursor.input(at: world.frame)
            let ran = world.frame
            world.step(input)
            try recorder?.frameRan(ran, input: input, world: world)
        }
        guard world.result == nil else {
            throw ReplayError("the recorded match ended at frame \(world.frame), before frame \(frame)")
        }
        let hash = world.stateHash
        let inFlight = (0..<Rules.inputDelay).map { cursor.input(at: frame + $0) }
        try recorder?.note(TakeOver.note(frame: frame, hash: hash, source: source))
        var match = LocalMatch(world: world, inFlight: inFlight, player1: player1, player2: player2)
        if let recorder {
            match.onFrame = { frame, input, world in try recorder.frameRan(frame, input: input, world: world) }
        }
        return (match, recorder, hash)
    }

    /// The text every take-over note begins with, before the frame number.
    public static let notePrefix = "taken over at frame "

    /// `taken over at frame F: hash HHHHHHHHHHHHHHHH, from SOURCE`.
    static func note(frame: Int32, hash: UInt64, source: String) -> String {
        let hex = String(hash, radix: 16)
        return "\(notePrefix)\(frame): hash \(String(repeating: "0", count: 16 - hex.count))\(hex), from \(source)"
    }

    /// The frame and hash of a take-over note; nil for any other note.
    public static func parseNote(_ text: String) -> (frame: Int32, hash: UInt64)? {
        guard text.hasPrefix(notePrefix) else { return nil }
        let rest = text.dropFirst(notePrefix.count)
        guard let colon = rest.firstIndex(of: ":"), let frame = Int32(rest[..<colon]) else { return nil }
        let after = rest[rest.index(after: colon)...]
        guard after.hasPrefix(" hash "), after.count >= 22 else { return nil }
        let hexStart = after.index(after.startIndex, offsetBy: 6)
        let hexEnd = after.index(hexStart, offsetBy: 16)
        guard let hash = UInt64(after[hexStart..<hexEnd], radix: 16) else { return nil }
        return (frame, hash)
    }
}
