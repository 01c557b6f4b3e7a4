// Budget from DESIGN.md section 10, measured in a release build:
//   replay: reach any frame of a 20-minute match in under 50 ms.
// Also measured: the time to open such a replay in the viewer (read the file, index it:
// re-simulate it once, taking the snapshots), and a step back after a jump.
//
// Run from the Benchmarks directory: `swift package benchmark --filter 'Replay viewer: .*'`.

import Benchmark
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim
import Foundation

let benchmarks: @Sendable () -> Void = {
    // Seeks take microseconds: many samples.
    let seek = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 5,
        maxDuration: .seconds(5), maxIterations: 5_000)

    Benchmark(
        "Replay viewer: open a 20-minute replay (read + index)",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(20),
            maxIterations: 20
        )
    ) { benchmark, match in
        do {
            let replay = try ReplayReader.read(path: match.path)
            let timeline = try ReplayTimeline(replay: replay)
            timeline.indexAll()
            if timeline.totalFrames != match.frames { benchmark.error("indexed \(timeline.totalFrames) frames") }
            blackHole(timeline.snapshotCount)
        } catch {
            benchmark.error("opening failed: \(error)")
        }
    } setup: {
        try TwentyMinutes.shared()
    }

    Benchmark(
        "Replay viewer: reach a random frame of a 20-minute replay",
        configuration: seek
    ) { benchmark, indexed in
        // A new frame far from the last each time, so no cached world helps.
        let frame = indexed.next()
        let world = indexed.timeline.world(at: frame)
        if world.frame != frame { benchmark.error("reached \(world.frame), not \(frame)") }
        blackHole(world)
    } setup: {
        try Indexed(TwentyMinutes.shared())
    }

    Benchmark(
        "Replay viewer: step back one frame after a jump",
        configuration: seek
    ) { benchmark, indexed in
        // Jump (not measured), then one step back (measured): what the `,` key costs.
        let frame = max(1, indexed.next())
        blackHole(indexed.timeline.world(at: frame))
        benchmark.startMeasurement()
        let world = indexed.timeline.world(at: frame - 1)
        benchmark.stopMeasurement()
        if world.frame != frame - 1 { benchmark.error("reached \(world.frame), not \(frame - 1)") }
        blackHole(world)
    } setup: {
        try Indexed(TwentyMinutes.shared())
    }
}

// MARK: - The replay

/// A 36,000-frame (20-minute) bot match, recorded once per process to a temporary file.
///
/// Bots on `duel` reach its 1,500-point limit in about 16 minutes, so the map text is
/// given a score limit no one reaches: the match runs to the 20-minute time limit.
struct TwentyMinutes: Sendable {
    static let frames: Int32 = 36_000
    static let seed: UInt64 = 1
    static let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("fogline-benchmark-viewer-\(getpid()).fogrep").path

    var path: String
    var frames: Int32

    nonisolated(unsafe) private static var recorded: TwentyMinutes?
    private static let lock = NSLock()

    static func shared() throws -> TwentyMinutes {
        lock.lock()
        defer { lock.unlock() }
        if let recorded { return recorded }
        let made = try record()
        recorded = made
        atexit { try? FileManager.default.removeItem(atPath: TwentyMinutes.path) }
        return made
    }

    private static func record() throws -> TwentyMinutes {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let duel = try String(contentsOf: root.appendingPathComponent("maps/duel.toml"), encoding: .utf8)
        let text = duel.replacingOccurrences(of: "name = \"Duel\"", with: "name = \"Duel\"\nscore_limit = 1000000")
        let map = try MapLoader.parse(text: text, file: "duel.toml (no score limit)")
        var match = LocalMatch(
            map: map, seed: seed, player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
        try match.runRecorded(to: path, untilFrame: frames)
        guard match.world.frame == frames else {
            throw SetupError("the match ended at frame \(match.world.frame), before \(frames)")
        }
        let replay = try ReplayReader.read(path: path)
        let timeline = try ReplayTimeline(replay: replay)
        timeline.indexAll()
        guard timeline.mismatch == nil else { throw SetupError("the replay does not re-simulate") }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let commands = replay.inputs.reduce(0) { $0 + $1.input.commands.joined().count }
        let mb = { (n: Int) in String(format: "%.1f MiB", Double(n) / 1_048_576) }
        FileHandle.standardError.write(Data((
            "[fogline benchmarks] bot match on duel, seed \(seed): \(match.world.frame) frames, \(commands) commands, "
                + "\(timeline.events.count) events, file \(bytes / 1024) KiB; index: \(timeline.snapshotCount) snapshots "
                + "every \(timeline.snapshotInterval) frames, \(mb(timeline.snapshotMemory)) of snapshots, "
                + "\(mb(timeline.estimatedMemory)) in all (estimated)\n").utf8))
        return TwentyMinutes(path: path, frames: frames)
    }
}

/// The replay opened and indexed, and a repeatable walk of random frames over it.
final class Indexed: @unchecked Sendable {
    let timeline: ReplayTimeline
    private var state: UInt64 = 0x5EED

    init(_ match: TwentyMinutes) throws {
        timeline = try ReplayTimeline(replay: try ReplayReader.read(path: match.path))
        timeline.indexAll()
    }

    /// A pseudo-random frame in `0...totalFrames` (SplitMix64, fixed seed).
    func next() -> Int32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int32(z % UInt64(timeline.totalFrames + 1))
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
