// The pace of a fight, from issue 14: once units are under fire a typed order (3 to 8
// seconds) must still matter. Measured on seeded matches in the simulation, never by a
// timed test:
//   - the median time from a unit's first damage in a life to its death, over whole
//     bot-versus-bot matches on duel: at least 8 s;
//   - a fight between equal squads (scouts, tanks and snipers, 1-6 a side, attack-moving
//     into each other on duel) is not decided in under 10 s: decided is the frame a side
//     has lost as many units as the squad has;
//   - two normal bots still play 15 minutes or more;
//   - the normal bot presses a player who gives no orders: the frame the idle side
//     first loses a unit.
// Times are in milliseconds of match time (30 frames a second), not of wall time.
//
// Run from the Benchmarks directory: `swift package benchmark --target Pace`.

import Benchmark
import FoglineBot
import FoglineMatch
import FoglineSim
import Foundation

let damageToDeathP50 = BenchmarkMetric.custom(
    "first damage to death, median (match ms)", polarity: .prefersLarger, useScalingFactor: false)
let damageToDeathP25 = BenchmarkMetric.custom(
    "first damage to death, p25 (match ms)", polarity: .prefersLarger, useScalingFactor: false)
let squadFightShortest = BenchmarkMetric.custom(
    "equal squads, shortest fight (match ms)", polarity: .prefersLarger, useScalingFactor: false)
let squadFightMedian = BenchmarkMetric.custom(
    "equal squads, median fight (match ms)", polarity: .prefersLarger, useScalingFactor: false)
let botMatchShortest = BenchmarkMetric.custom(
    "bot match on duel, shortest (match s)", polarity: .prefersLarger, useScalingFactor: false)
let botMatchMedian = BenchmarkMetric.custom(
    "bot match on duel, median (match s)", polarity: .prefersLarger, useScalingFactor: false)
let idlePressed = BenchmarkMetric.custom(
    "idle player first loses a unit at (match s)", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Pace: fights on duel, bots and equal squads",
        configuration: .init(
            metrics: [
                damageToDeathP50, damageToDeathP25, squadFightShortest, squadFightMedian, botMatchShortest, botMatchMedian,
                idlePressed,
            ],
            timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(1), maxIterations: 1)
    ) { benchmark in
        do {
            let figures = try PaceRun.run()
            benchmark.measurement(damageToDeathP50, figures.damageToDeath.median)
            benchmark.measurement(damageToDeathP25, figures.damageToDeath.quantile(0.25))
            benchmark.measurement(squadFightShortest, figures.squadFights.min() ?? 0)
            benchmark.measurement(squadFightMedian, figures.squadFights.median)
            benchmark.measurement(botMatchShortest, (figures.botMatches.min() ?? 0) / 1000)
            benchmark.measurement(botMatchMedian, figures.botMatches.median / 1000)
            benchmark.measurement(idlePressed, figures.idleFirstDamaged / 1000)
            print("Pace (rules version \(Rules.version)): \(figures)")
        } catch {
            benchmark.error("\(error)")
        }
    }
}

/// Seeded matches played in this process, watched frame by frame.
struct PaceRun: CustomStringConvertible {
    /// Each unit life that ended in death: frames from its first damage to its death, in ms.
    var damageToDeath: [Int] = []
    var squadFights: [Int] = []
    var botMatches: [Int] = []
    var idleFirstDamaged = 0
    var idleNeverHurt = false

    static let seeds: [UInt64] = Array(1...8)
    static func milliseconds(_ frames: Int32) -> Int { Int(frames) * 1000 / Int(Rules.framesPerSecond) }

    static func run() throws -> PaceRun {
        let duel = try MapCatalog.load("duel")
        var run = PaceRun()
        for seed in seeds {
            var match = LocalMatch(
                map: duel, seed: seed, player1: .bot(Bot(player: 1, level: .normal, seed: seed)),
                player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
            var watch = LifeWatch(world: match.world)
            while !match.isOver && match.world.frame < Rules.defaultTimeLimitFrames {
                try match.runFrame()
                watch.see(match.world)
            }
            run.damageToDeath += watch.damageToDeath.map(milliseconds)
            run.botMatches.append(milliseconds(match.world.frame))
        }
        for seed in seeds {
            run.squadFights.append(milliseconds(try squadFight(on: duel, seed: seed)))
        }
        let idle = try idleFirstDamaged(on: duel, seed: 1)
        // Never: the figure is the end of the match, and the text says so.
        run.idleFirstDamaged = milliseconds(idle.hurt ?? idle.ended)
        run.idleNeverHurt = idle.hurt == nil
        return run
    }

    /// Frames from the first damage to the frame a side has lost six units, when both
    /// sides' units 1-6 attack-move to the other's base from the start.
    static func squadFight(on map: GameMap, seed: UInt64) throws -> Int32 {
        func charge(_ player: Int) throws -> PlayerController {
            let text = "0: units 1 through 6 attack move to \(map.baseName(of: 3 - player))"
            let script = try CommandScript.parse(text, map: map, player: player)
            return .script(script)
        }
        var match = LocalMatch(map: map, seed: seed, player1: try charge(1), player2: try charge(2))
        var watch = LifeWatch(world: match.world)
        while !match.isOver && match.world.frame < 20 * 60 * Rules.framesPerSecond {
            try match.runFrame()
            watch.see(match.world)
            if let first = watch.firstDamage, watch.deaths.contains(where: { $0 >= 6 }) {
                return match.world.frame - first
            }
        }
        throw PaceFailure(description: "seed \(seed): the squads never decided their fight")
    }

    /// The frame the normal bot first kills a unit of a player who never gives an order, or nil
    /// when it never does, with the frame the match ended on.
    static func idleFirstDamaged(on map: GameMap, seed: UInt64) throws -> (hurt: Int32?, ended: Int32) {
        var match = LocalMatch(
            map: map, seed: seed, player1: .script(CommandScript(lines: [])),
            player2: .bot(Bot(player: 2, level: .normal, seed: seed)))
        var watch = LifeWatch(world: match.world)
        while !match.isOver && match.world.frame < Rules.defaultTimeLimitFrames {
            try match.runFrame()
            watch.see(match.world)
            if watch.deaths[0] > 0 { return (match.world.frame, match.world.frame) }
        }
        return (nil, match.world.frame)
    }

    var description: String {
        "first damage to death (\(damageToDeath.count) deaths) median \(damageToDeath.median) ms, p25 "
            + "\(damageToDeath.quantile(0.25)) ms; equal squads \(squadFights.sorted()) ms; bot matches "
            + "\(botMatches.map { $0 / 1000 }.sorted()) s; idle player first loses a unit "
            + (idleNeverHurt ? "never (the match ended at \(idleFirstDamaged / 1000) s)" : "at \(idleFirstDamaged / 1000) s")
    }
}

/// Follows every unit's health from frame to frame: when each life was first hurt, and
/// how it ended.
struct LifeWatch {
    private var health: [Int32]
    private var hurtAt: [Int32?]
    var damageToDeath: [Int32] = []
    var firstDamage: Int32?
    var deaths = [0, 0]

    init(world: World) {
        health = world.units.map(\.health)
        hurtAt = Array(repeating: nil, count: world.units.count)
    }

    mutating func see(_ world: World) {
        for (k, unit) in world.units.enumerated() {
            let before = health[k]
            health[k] = unit.health
            guard unit.health < before else { continue }
            let side = unit.owner - 1
            if hurtAt[k] == nil { hurtAt[k] = world.frame }
            firstDamage = firstDamage ?? world.frame
            if unit.health <= 0, let hurt = hurtAt[k] {
                damageToDeath.append(world.frame - hurt)
                deaths[side] += 1
                hurtAt[k] = nil
            }
        }
    }
}

struct PaceFailure: Error, CustomStringConvertible {
    var description: String
}

extension Array where Element == Int {
    var median: Int { quantile(0.5) }
    func quantile(_ q: Double) -> Int {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count - 1) * q))]
    }
}
