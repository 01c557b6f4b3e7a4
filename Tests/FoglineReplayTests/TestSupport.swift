import Foundation
import FoglineReplay
import FoglineSim

/// A small seeded generator so every randomised test is repeatable.
struct ReplayTestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh path in the temporary directory; the file is removed by `removeTemporary`.
func temporaryReplayPath(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    return FileManager.default.temporaryDirectory
        .appendingPathComponent("fogline-replay-\(safe)-\(UUID().uuidString).fogrep").path
}

func removeTemporary(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

func readFile(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Synthetic orders, commands and inputs covering every action and target kind.
enum Synthetic {
    static let landmarks = ["the ridge", "north bridge", "node C", "our base", "Café du Nord", "mountain 🏔 pass"]
    static let texts = [
        "snipers hold the ridge facing north", "scouts flank left then capture node C", "all retreat",
        "call 1 2 3 alpha", "", "médecins soignez le tank", "go 🚀",
    ]

    static func target<R: RandomNumberGenerator>(_ rng: inout R) -> OrderTarget {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return .landmark(landmarks.randomElement(using: &rng)!)
        case 1:
            let range = OrderBinaryLimits.coordinates
            return .point(x: Int.random(in: range, using: &rng), y: Int.random(in: range, using: &rng))
        case 2: return .direction(CompassDirection.allCases.randomElement(using: &rng)!)
        case 3: return .unit(Int.random(in: 1...10, using: &rng))
        case 4: return .enemy(Int.random(in: 1...10, using: &rng))
        default:
            return .nearestEnemy(Bool.random(using: &rng) ? nil : Archetype.allCases.randomElement(using: &rng)!)
        }
    }

    static func order<R: RandomNumberGenerator>(_ rng: inout R) -> Order {
        let units = (1...10).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
        let action = OrderAction.allCases.randomElement(using: &rng)!
        return Order(
            units: units, action: action,
            target: Bool.random(using: &rng) ? target(&rng) : nil,
            via: action == .patrol ? target(&rng) : nil,
            facing: Bool.random(using: &rng) ? CompassDirection.allCases.randomElement(using: &rng)! : nil,
            queued: Bool.random(using: &rng))
    }

    static func command<R: RandomNumberGenerator>(_ rng: inout R) -> PlayerCommand {
        PlayerCommand(
            text: texts.randomElement(using: &rng)!,
            orders: (0..<Int.random(in: 0...4, using: &rng)).map { _ in order(&rng) })
    }

    static func input<R: RandomNumberGenerator>(_ rng: inout R) -> FrameInput {
        var input = FrameInput()
        while input.isEmpty {
            input = FrameInput(
                player1: (0..<Int.random(in: 0...2, using: &rng)).map { _ in command(&rng) },
                player2: (0..<Int.random(in: 0...2, using: &rng)).map { _ in command(&rng) })
        }
        return input
    }

    static let mapText = """
        name = "Test Ridge"
        # a small map, only carried as text here
        ..........
        ..####....
        ..~~~~..^^
        """

    static let header = ReplayHeader(
        seed: 0xDEAD_BEEF_0123_4567, mapName: "Test Ridge", mapText: mapText,
        players: [ReplayPlayer(name: "Ada", kind: "human"), ReplayPlayer(name: "Bot 2", kind: "bot:normal")],
        createdAt: "2025-01-02T03:04:05Z")
}

/// What a synthetic recording put into a replay, to compare the reading against.
struct Recording {
    var header = Synthetic.header
    var frames: Int32
    var inputs: [FrameRecord] = []
    var hashes: [HashRecord] = []
    var result: MatchResult?
    var finalHash: UInt64?

    /// Random inputs on about one frame in six, a hash every 30 frames, and a result.
    init(frames: Int32, seed: UInt64, finished: Bool = true) {
        self.frames = frames
        var rng = ReplayTestRandom(seed: seed)
        for frame in 0..<frames where Int.random(in: 0..<6, using: &rng) == 0 {
            inputs.append(FrameRecord(frame: frame, input: Synthetic.input(&rng)))
        }
        for frame in stride(from: 0, through: frames, by: 30) {
            hashes.append(HashRecord(frame: frame, hash: rng.next()))
        }
        if finished {
            result = MatchResult(winner: 2, reason: .score, frame: frames - 1, scores: [812, 1500])
            finalHash = rng.next()
        }
    }

    /// Writes the recording through `ReplayWriter`, frame by frame as a match would.
    func write(to path: String) throws {
        let writer = try ReplayWriter(path: path, header: header, syncOnFinish: false)
        var nextInput = 0
        var nextHash = 0
        for frame in 0..<frames {
            while nextHash < hashes.count && hashes[nextHash].frame <= frame {
                try writer.recordHash(frame: hashes[nextHash].frame, hash: hashes[nextHash].hash)
                nextHash += 1
            }
            var input = FrameInput.empty
            if nextInput < inputs.count && inputs[nextInput].frame == frame {
                input = inputs[nextInput].input
                nextInput += 1
            }
            try writer.record(frame: frame, input: input)
        }
        for record in hashes[nextHash...] { try writer.recordHash(frame: record.frame, hash: record.hash) }
        if let result, let finalHash {
            try writer.finish(result: result, finalHash: finalHash)
        } else {
            try writer.close()
        }
    }

    /// The replay a reader should return for the intact file.
    var expected: Replay {
        Replay(
            header: header, inputs: inputs, hashes: hashes, startFrame: 0, endFrame: frames, result: result,
            finalHash: finalHash)
    }

    /// The bytes of the written file.
    func bytes() throws -> [UInt8] {
        let path = temporaryReplayPath("recording")
        defer { removeTemporary(path) }
        try write(to: path)
        return try readFile(path)
    }
}

/// The byte ranges of the chunks of a replay file, walking its framing without checks.
func chunkRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var offset = ReplayFormat.preambleSize
    while offset + 5 <= bytes.count {
        var length = 0
        for i in 0..<4 { length |= Int(bytes[offset + 1 + i]) << (8 * i) }
        let end = offset + 9 + length
        guard end <= bytes.count else { break }
        ranges.append(offset..<end)
        offset = end
    }
    return ranges
}

/// Checks what a reader made of damaged bytes against what was written.
///
/// Returns nil if consistent, or what is wrong.
func inconsistency(_ replay: Replay, with recording: Recording) -> String? {
    if replay.header != recording.header { return "header differs" }
    if replay.endFrame > recording.frames { return "endFrame \(replay.endFrame) beyond \(recording.frames)" }
    if let last = replay.damage?.lastGoodFrame, last >= recording.frames {
        return "last good frame \(last) beyond \(recording.frames - 1)"
    }
    let written = recording.inputs.filter { $0.frame < replay.endFrame }
    if replay.inputs != written { return "inputs are not the ones written before frame \(replay.endFrame)" }
    if !recording.hashes.starts(with: replay.hashes) { return "hashes are not a prefix of those written" }
    if replay.result != nil && (replay.result != recording.result || replay.finalHash != recording.finalHash) {
        return "result differs"
    }
    return nil
}
