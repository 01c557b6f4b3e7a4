import Foundation
import FoglineReplay
import FoglineSim
import Testing

/// `fogline verify` on replays cut short or corrupted on disk.
@Suite("verify on damaged replays")
struct DamagedReplayTests {
    /// A recorded 1,000-frame match and its bytes, made once.
    static var recorded: (path: String, bytes: [UInt8]) { get async throws { try await recording.value } }
    private static let recording = Task {
        try await ReplayCommandTests.record("damage-source.fogrep", ["--map", "duel", "--seed", "9", "--frames", "1000"])
    }

    /// Offsets where chunks start: after the 10-byte preamble, each chunk is
    /// kind (1) + length (4, little-endian) + payload + CRC-32 (4).
    static func chunkBoundaries(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var i = 10
        while i + 5 <= bytes.count {
            offsets.append(i)
            let len = Int(bytes[i + 1]) | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) << 16 | Int(bytes[i + 4]) << 24
            i += 5 + len + 4
        }
        return offsets
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = PlayVerifyTests.scratchFile(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("cut at every chunk boundary: verified up to the last good chunk, exit 1, clear message")
    func truncatedAtEveryChunk() async throws {
        let source = try await Self.recorded
        #expect(!source.bytes.isEmpty)
        let boundaries = Self.chunkBoundaries(source.bytes)
        #expect(boundaries.count >= 30, "one chunk a second or more")
        var lastFrames = -1
        for (k, cut) in boundaries.enumerated().dropFirst() {
            // Cut inside the chunk that starts here, so it is incomplete.
            let path = try write(Array(source.bytes[..<(cut + 3)]), "cut.fogrep")
            let out = try await FoglineBinary.run(["verify", path])
            #expect(out.status == 1, "cut \(k) at byte \(cut)")
            #expect(out.stderr.contains("damaged"), "cut \(k): \(out.stderr)")
            let frames = Int(PlayVerifyTests.field("frames", out.stdout) ?? "") ?? -2
            #expect(frames >= lastFrames, "a longer file verifies at least as far")
            lastFrames = frames
        }
        #expect(lastFrames >= 960, "the last cut loses at most about a second")
    }

    @Test("the header cut short is an error naming the file")
    func truncatedHeader() async throws {
        for cut in [0, 4, 9, 12, 40] {
            let path = try write(Array(try await Self.recorded.bytes.prefix(cut)), "head.fogrep")
            let out = try await FoglineBinary.run(["verify", path])
            #expect(out.status == 1)
            #expect(out.stderr.hasPrefix("fogline: "), "\(out.stderr)")
            #expect(out.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("random byte flips never crash or hang verify")
    func byteFlips() async throws {
        var bytes = try await Self.recorded.bytes
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for trial in 0..<25 {
            let at = next() % bytes.count
            let original = bytes[at]
            bytes[at] ^= UInt8(1 + next() % 255)
            let path = try write(bytes, "flip.fogrep")
            let out = try await FoglineBinary.run(["verify", path])
            #expect(out.status == 1, "trial \(trial): flip at \(at) went unnoticed")
            #expect(!out.stderr.contains("Fatal error"))
            bytes[at] = original
        }
    }

    @Test("an unknown format version is refused by name")
    func unknownVersion() async throws {
        var bytes = try await Self.recorded.bytes
        bytes[8] = 99
        bytes[9] = 0
        let out = try await FoglineBinary.run(["verify", try write(bytes, "v99.fogrep")])
        #expect(out.status == 1)
        #expect(out.stderr.contains("version 99"), "\(out.stderr)")
    }

    @Test("a replay whose inputs were changed is caught at the first bad hash, by frame")
    func desyncNamesFrame() async throws {
        // Rewrite the recorded match with one extra order at frame 400, keeping the
        // original hashes: the checksums hold, the re-simulation does not.
        let original = try ReplayReader.read(path: try await Self.recorded.path)
        let path = PlayVerifyTests.scratchFile("tampered.fogrep")
        let writer = try ReplayWriter(path: path, header: original.header)
        var cursor = original.cursor()
        var hashes = original.hashes[...]
        for frame in Int32(0)..<original.endFrame {
            while let h = hashes.first, h.frame <= frame {
                try writer.recordHash(frame: h.frame, hash: h.hash)
                hashes = hashes.dropFirst()
            }
            var input = cursor.input(at: frame)
            if frame == 400 {
                input[player: 1].append(
                    PlayerCommand(text: "all move 5 5", orders: [Order(units: Array(1...10), action: .move, target: .point(x: 5, y: 5))]))
            }
            try writer.record(frame: frame, input: input)
        }
        for h in hashes { try writer.recordHash(frame: h.frame, hash: h.hash) }
        try writer.close()
        let out = try await FoglineBinary.run(["verify", path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("desync at frame 420"), "\(out.stderr)")
        #expect(PlayVerifyTests.field("frames", out.stdout) == "420")
    }
}
