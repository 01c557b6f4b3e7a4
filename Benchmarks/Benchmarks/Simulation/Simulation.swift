// Budgets from DESIGN.md section 10, measured in a release build:
//   re-simulating a real recorded match, on every shipped map: >= 150,000 frames/s
//   (so a 20-minute match, 36,000 frames, re-simulates in under 0.25 s);
//   a worst-case frame (20 units fighting while they path around water on frontier)
//   under 100 us at p99; no allocation in a steady-state frame.
//
// Run from the Benchmarks directory: `swift package benchmark` (see README.md).

import Benchmark
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim
import Foundation

let benchmarks: @Sendable () -> Void = {
    // Frames each battle iteration runs; the scaling factor makes the results read per frame.
    let battleFrames = BenchmarkScalingFactor.kilo

    Benchmark(
        "Simulation: 20-unit battle on the largest map",
        configuration: .init(
            metrics: [.throughput, .wallClock, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: 3,
            scalingFactor: battleFrames,
            maxDuration: .seconds(3),
            maxIterations: 1_000
        )
    ) { benchmark, battle in
        var world = battle.world
        for _ in benchmark.scaledIterations {
            if world.frame % Battle.reorderInterval == 0 {
                world.step(battle.orders)
            } else {
                world.step()
            }
        }
        blackHole(world)
    } setup: {
        try Battle.prepare(framesPerIteration: battleFrames.rawValue)
    }

    Benchmark(
        "Simulation: state hash",
        configuration: .init(
            metrics: [.throughput, .wallClock, .mallocCountTotal],
            timeUnits: .nanoseconds,
            scalingFactor: .kilo,
            maxDuration: .seconds(2)
        )
    ) { benchmark, battle in
        let world = battle.world
        for _ in benchmark.scaledIterations {
            blackHole(world.stateHash)
        }
    } setup: {
        try Battle.prepare(framesPerIteration: battleFrames.rawValue)
    }

    // The real workload: whole bot matches recorded on every shipped map, re-simulated
    // through the same code path as `fogline verify` (read, step, check every hash).
    for recorded in RecordedFixture.all {
        Benchmark(
            "Simulation: re-simulate the recorded bot match on \(recorded.map)",
            configuration: .init(
                metrics: [.wallClock, .throughput, .mallocCountTotal],
                timeUnits: .milliseconds,
                warmupIterations: 1,
                maxDuration: .seconds(10),
                maxIterations: 40
            )
        ) { benchmark in
            do {
                let report = try ReplayVerifier.verify(path: recorded.path)
                if !report.isValid || report.world.frame != recorded.frames {
                    benchmark.error("\(recorded.path) did not verify to frame \(recorded.frames)")
                }
                blackHole(report.hashesChecked)
            } catch {
                benchmark.error("verify failed: \(error)")
            }
        }
    }

    Benchmark(
        "Simulation: worst-case frame, 20 units fighting around water on frontier",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: 100,
            maxDuration: .seconds(5),
            maxIterations: 20_000
        )
    ) { benchmark, fight in
        // One frame per sample, so p99 is the 99th-percentile frame.
        fight.step()
    } setup: {
        try RiverFight.prepare()
    }

    Benchmark(
        "Replay: verify a 20-minute bot match",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(15),
            maxIterations: 20
        )
    ) { benchmark, replay in
        do {
            let report = try ReplayVerifier.verify(path: replay.path)
            if !report.isValid || report.world.frame != replay.frames {
                benchmark.error("the replay did not verify to frame \(replay.frames)")
            }
            blackHole(report.hashesChecked)
        } catch {
            benchmark.error("verify failed: \(error)")
        }
    } setup: {
        try RecordedMatch.record(to: RecordedMatch.path)
    } teardown: {
        try? FileManager.default.removeItem(atPath: RecordedMatch.path)
    }
}

// MARK: - Maps

/// Finds the shipped maps the same way `fogline` does, starting from this repository.
enum Maps {
    /// The repository root: this file is `Benchmarks/Benchmarks/Simulation/Simulation.swift`.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `$FOGLINE_MAPS` first, then the repository's `maps/`, then the usual fallbacks.
    static var all: [(name: String, path: String)] {
        MapCatalog.all(directories: MapCatalog.searchDirectories(currentDirectory: repositoryRoot))
    }

    /// `frontier` (the largest shipped map) if present, else whichever map has the most cells.
    static func largest() throws -> GameMap {
        let maps = all
        if let frontier = maps.first(where: { $0.name.lowercased() == "frontier" }) {
            return try MapLoader.load(path: frontier.path)
        }
        var best: GameMap?
        for entry in maps {
            guard let map = try? MapLoader.load(path: entry.path) else { continue }
            if let current = best, Int(current.width) * Int(current.height) >= Int(map.width) * Int(map.height) {
                continue
            }
            best = map
        }
        guard let best else { throw missing("any map") }
        return best
    }

    /// The default map, `duel`.
    static func duel() throws -> GameMap {
        guard let entry = all.first(where: { $0.name.lowercased() == MapCatalog.defaultMapName }) else {
            throw missing("the map '\(MapCatalog.defaultMapName)'")
        }
        return try MapLoader.load(path: entry.path)
    }

    private static func missing(_ what: String) -> BenchmarkSetupError {
        BenchmarkSetupError(
            "cannot find \(what) in \(repositoryRoot)/maps or $FOGLINE_MAPS "
                + "(searched: \(MapCatalog.searchDirectories(currentDirectory: repositoryRoot)))")
    }
}

/// A line on standard error about what a setup built, so the figures can be read in context.
func note(_ line: String) {
    FileHandle.standardError.write(Data(("[fogline benchmarks] " + line + "\n").utf8))
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - The battle

/// Both sides' ten units sent at the map centre, already fighting.
struct Battle: Sendable {
    /// Respawned units stand at their base; sending everyone again keeps the fight going.
    static let reorderInterval: Int32 = 300
    /// Frames run before measuring, so the armies have met.
    static let approachFrames: Int32 = 600

    var world: World
    /// Both players ordering all ten units to attack-move to the centre.
    var orders: FrameInput

    static func attackMoveToCentre(on map: GameMap) -> FrameInput {
        let order = Order(
            units: Array(1...Rules.unitsPerPlayer), action: .attackMove,
            target: .point(x: Int(map.width) / 2, y: Int(map.height) / 2))
        let command = PlayerCommand(text: "", orders: [order])
        return FrameInput(player1: [command], player2: [command])
    }

    /// The world after the approach. Seeds are tried in turn until one gives a battle that
    /// has started (shots landed) and does not end within the frames a measurement runs,
    /// since a finished world no longer steps and would make the figure meaningless.
    static func prepare(framesPerIteration: Int) throws -> Battle {
        let map = try Maps.largest()
        let orders = attackMoveToCentre(on: map)
        for seed: UInt64 in 1...50 {
            var world = World(map: map, seed: seed)
            world.step(orders)
            while world.frame < approachFrames {
                world.step(world.frame % reorderInterval == 0 ? orders : .empty)
            }
            let start = world
            // Check the longest stretch an iteration runs (warm-up included, each from `start`).
            var probe = start
            for _ in 0..<framesPerIteration {
                probe.step(probe.frame % reorderInterval == 0 ? orders : .empty)
            }
            let hitsBefore = start.stats.map(\.hits).reduce(0, +)
            let hitsDuring = probe.stats.map(\.hits).reduce(0, +) - hitsBefore
            let killsDuring = probe.stats.map(\.kills).reduce(0, +) - start.stats.map(\.kills).reduce(0, +)
            if probe.result == nil && hitsBefore > 0 && hitsDuring > 0 {
                note(
                    "battle on \(map.name) (\(map.width)x\(map.height)), seed \(seed): measured from frame "
                        + "\(start.frame); \(hitsDuring) hits and \(killsDuring) kills in the \(framesPerIteration) frames after it")
                return Battle(world: start, orders: orders)
            }
        }
        throw BenchmarkSetupError("no seed in 1...50 gave a battle on \(map.name) that lasts the measurement")
    }
}

// MARK: - The recorded match

/// A bot-versus-bot match on `duel`, recorded to a replay file.
enum RecordedMatch {
    static let frames: Int32 = 36_000
    static let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("fogline-benchmark-\(getpid()).fogrep").path

    struct Recorded: Sendable {
        var path: String
        var frames: Int32
    }

    /// Bot matches on `duel` end on the score limit before the 20 minutes are up (seeds 1 to
    /// 12 ran 21,120 to 30,240 frames); seed 1 is the longest of those, 30,240 frames.
    static let seed: UInt64 = 1

    static func record(to path: String) throws -> Recorded {
        let map = try Maps.duel()
        let match = try play(map: map, seed: seed, recordingTo: path)
        let report = try ReplayVerifier.verify(path: path)
        guard report.isValid, report.world.frame == match.world.frame else {
            throw BenchmarkSetupError("the recorded match does not verify: \(String(describing: report.mismatch))")
        }
        let ending = match.world.result.map { "ended by \($0.reason.rawValue)" } ?? "reached the frame limit"
        note(
            "bot match on \(map.name), seed \(seed): \(match.world.frame) frames (\(ending)), "
                + "\(report.hashesChecked) hashes checked")
        return Recorded(path: path, frames: match.world.frame)
    }

    /// Plays a bot-versus-bot match to its end or `frames`, recording it if given a path.
    static func play(map: GameMap, seed: UInt64, recordingTo path: String?) throws -> LocalMatch {
        var match = LocalMatch(
            map: map, seed: seed,
            player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
        var recorder: MatchRecorder?
        if let path {
            let players = match.controllers.enumerated().map {
                ReplayPlayer(name: "player \($0.offset + 1)", kind: $0.element.kind)
            }
            let made = try MatchRecorder(path: path, world: match.world, players: players)
            match.onFrame = { frame, input, world in try made.frameRan(frame, input: input, world: world) }
            recorder = made
        }
        try match.run(untilFrame: frames)
        try recorder?.finish(world: match.world)
        return match
    }
}

// MARK: - Recorded matches

/// The bot matches recorded under rules version 1 and kept as test fixtures
/// (`Tests/CLITests/Fixtures/matches`, see the README there).
enum RecordedFixture {
    struct Match: Sendable {
        var map: String
        var path: String
        var frames: Int32
    }

    static let all: [Match] = [("duel", 25_920), ("crossroads", 24_510), ("frontier", 21_750)].map {
        Match(
            map: $0.0, path: Maps.repositoryRoot + "/Tests/CLITests/Fixtures/matches/\($0.0)-bots-seed1.fogrep",
            frames: $0.1)
    }
}

// MARK: - The worst case

/// Both armies on frontier sent at each other's base: every unit plans a path around the
/// river, and they meet and fight on the bridges and the ford. Stepped one frame per
/// sample; orders go out again every 300 frames so respawned units return to the fight,
/// and the world starts over from the prepared state if the match ends.
final class RiverFight: @unchecked Sendable {
    let start: World
    let orders: FrameInput
    var world: World

    init(start: World, orders: FrameInput) {
        self.start = start
        self.orders = orders
        self.world = start
    }

    func step() {
        if world.result != nil { world = start }
        world.step(world.frame % Battle.reorderInterval == 0 ? orders : .empty)
    }

    static func prepare() throws -> RiverFight {
        let map = try Maps.largest()
        let toEnemyBase = { (player: Int) -> PlayerCommand in
            let base = map.bases[2 - player]
            let order = Order(
                units: Array(1...Rules.unitsPerPlayer), action: .attackMove,
                target: .point(x: Int(base.x), y: Int(base.y)))
            return PlayerCommand(text: "", orders: [order])
        }
        let orders = FrameInput(player1: [toEnemyBase(1)], player2: [toEnemyBase(2)])
        var world = World(map: map, seed: 1)
        world.step(orders)
        // Until they have met and fought for a while.
        while world.frame < 900 { world.step(world.frame % Battle.reorderInterval == 0 ? orders : .empty) }
        let hits = world.stats.map(\.hits).reduce(0, +)
        guard hits > 0, world.result == nil else {
            throw BenchmarkSetupError("the armies on \(map.name) did not meet by frame 900")
        }
        note("river fight on \(map.name): measured from frame \(world.frame), \(hits) hits so far")
        return RiverFight(start: world, orders: orders)
    }
}
