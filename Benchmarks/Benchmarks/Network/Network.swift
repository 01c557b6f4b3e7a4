// Budgets from DESIGN.md section 10, measured in a release build:
//   input-to-execution on loopback: 3 frames (100 ms), no stalls
//   5% loss, 50 ms +- 10 ms delay: fewer than 2% of frames stalled
//
// Each iteration is a whole 30-second match (900 frames) between two lock-step
// sessions in this process, bots on both sides, over real ENet on 127.0.0.1 with the
// conditioner degrading what each side sends. It runs in real time: 30 frames a second.
//
// Run from the Benchmarks directory: `swift package benchmark --filter 'Network: .*'`.

import Benchmark
import FoglineBot
import FoglineNet
import FoglineSim
import Foundation

let latencyMetric = BenchmarkMetric.custom(
    "input to execution (ms)", polarity: .prefersSmaller, useScalingFactor: false)
let stallMetric = BenchmarkMetric.custom(
    "stalled frames (per 1000)", polarity: .prefersSmaller, useScalingFactor: false)
let roundTripMetric = BenchmarkMetric.custom("round trip (ms)", polarity: .prefersSmaller, useScalingFactor: false)

let profiles: [(String, NetConditions)] = [
    ("clean loopback", .clean),
    ("1% loss, 25 ms", NetConditions(lossPercent: 1, delayMilliseconds: 25)),
    (
        "5% loss, 50±10 ms, 2% reorder",
        NetConditions(lossPercent: 5, delayMilliseconds: 50, jitterMilliseconds: 10, reorderPercent: 2)
    ),
    ("20% loss, 100 ms", NetConditions(lossPercent: 20, delayMilliseconds: 100)),
]

let benchmarks: @Sendable () -> Void = {
    for (label, conditions) in profiles {
        Benchmark(
            "Network: 900 frames, \(label)",
            configuration: .init(
                metrics: [latencyMetric, stallMetric, roundTripMetric], timeUnits: .milliseconds,
                warmupIterations: 0, maxDuration: .seconds(1), maxIterations: 1)
        ) { benchmark in
            do {
                let figures = try LoopbackMatch.play(frames: 900, conditions: conditions)
                for latency in figures.latencies { benchmark.measurement(latencyMetric, Int(latency)) }
                benchmark.measurement(stallMetric, figures.stalledPerMille)
                benchmark.measurement(roundTripMetric, figures.roundTrip)
                if figures.hashes[0] != figures.hashes[1] { benchmark.error("the two sides' hashes differ") }
            } catch {
                benchmark.error("\(error)")
            }
        }
    }
}

/// Two sessions over ENet on 127.0.0.1, pumped by one thread.
enum LoopbackMatch {
    struct Figures {
        var latencies: [Int64]
        var stalledPerMille: Int
        var roundTrip: Int
        var hashes: [UInt64]
    }

    static func play(frames: Int32, conditions: NetConditions) throws -> Figures {
        let map = try MapLoader.parse(text: duelMapText(), file: "duel.toml")
        let seed: UInt64 = 11
        nonisolated(unsafe) let lobby = try HostLobby(port: 0)
        let port = lobby.endpoint.port
        let start = WireMatchStart(
            seed: seed, mapName: map.name, mapText: map.source,
            players: [WirePlayer(number: 1, name: "one"), WirePlayer(number: 2, name: "two")], inputDelay: 3,
            assignedPlayer: 2)
        // The lobby waits on its own thread while this one joins.
        nonisolated(unsafe) var hosted: ENetPeerTransport?
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            hosted = lobby.waitForPlayer(answer: { _, _ in .accept(start) })?.transport
            done.signal()
        }
        let joined = try JoinHandshake.join(
            hostName: "127.0.0.1", port: port, hello: WireHello(mapHash: 0, playerName: "two", role: .player))
        done.wait()
        guard let hosted else { throw NetError("the lobby accepted no one") }
        let clock = MonotonicClock()
        var sessions: [LockstepSession] = []
        for (player, raw) in [(1, hosted as PeerTransport), (2, joined.transport as PeerTransport)] {
            let link: PeerTransport =
                conditions.isClean
                ? raw : ConditionedTransport(raw, conditions: conditions, seed: seed ^ UInt64(player), clock: clock)
            let session = LockstepSession(
                world: World(map: map, seed: seed),
                configuration: .init(localPlayer: player, peerName: "player \(3 - player)", frameLimit: frames),
                transport: link, clock: clock)
            var bot = Bot(player: player, level: .normal, seed: seed)
            session.commandSource = { bot.commands(for: $0) }
            sessions.append(session)
        }
        while !sessions.allSatisfy(\.isEnded) {
            for session in sessions { session.pump() }
            let wake = sessions.filter { !$0.isEnded }.map(\.nextWake).min() ?? clock.now
            let remaining = wake - clock.now
            if remaining > .zero { _ = ReadinessWait.wait(for: sessions.compactMap(\.pollDescriptor), timeout: remaining) }
        }
        let stalled = sessions.map(\.stalledFrames).max() ?? 0
        return Figures(
            latencies: sessions.flatMap(\.inputLatencies), stalledPerMille: stalled * 1000 / Int(frames),
            roundTrip: sessions.compactMap(\.roundTripMilliseconds).max() ?? 0, hashes: sessions.map(\.world.stateHash))
    }

    /// The duel map from the repository beside this package.
    static func duelMapText() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOfFile: root.appendingPathComponent("maps/duel.toml").path, encoding: .utf8)
    }
}
