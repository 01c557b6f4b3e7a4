// Budgets from DESIGN.md section 10, measured on the real server process:
//   match server, one core: 500 concurrent matches, p99 frame-broadcast lateness
//   under 5 ms, at most 1 MB per 20-minute match
//   spectators: 1,000 on one server without moving the players' p99
//   rejoining player or spectator at minute 15 of a frontier match: live within 1 s
//
// Capacity. A load generator in this process opens N matches with 2N clients on one
// ENet host (many peers) against `fogline serve` on 127.0.0.1. Its clients send an
// input every frame (a scripted command every three seconds), a state hash every
// second and acknowledge the server's frames, but never simulate, so the generator
// is never the bottleneck. The figures are the server's own: it logs a line of load
// figures every few seconds (`--load-report`), measured where they happen — a frame's
// lateness from its due moment to the flush that hands it to the socket, an input's
// time from arrival to the flush of its closed frame, the service thread's and the
// process's CPU time, the resident set. Only lines wholly after every match started
// count.
//
// Needs the release binary: `swift build -c release --product fogline` in the root
// package first (or $FOGLINE_BIN naming one). Run from the Benchmarks directory:
// `swift package benchmark --filter 'Server: .*'`.

import Benchmark
import FoglineNet
import FoglineSim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let latenessP50 = BenchmarkMetric.custom("broadcast lateness p50 (us)", polarity: .prefersSmaller, useScalingFactor: false)
let latenessP99 = BenchmarkMetric.custom("broadcast lateness p99 (us)", polarity: .prefersSmaller, useScalingFactor: false)
let latenessMax = BenchmarkMetric.custom("broadcast lateness max (us)", polarity: .prefersSmaller, useScalingFactor: false)
let latenessP99Unstolen = BenchmarkMetric.custom(
    "broadcast lateness p99, lines without host steal (us)", polarity: .prefersSmaller, useScalingFactor: false)
let latenessMaxUnstolen = BenchmarkMetric.custom(
    "broadcast lateness max, lines without host steal (us)", polarity: .prefersSmaller, useScalingFactor: false)
let hostSteal = BenchmarkMetric.custom("host steal in the window (per mille)", polarity: .prefersSmaller, useScalingFactor: false)
let stolenLines = BenchmarkMetric.custom("load lines with host steal", polarity: .prefersSmaller, useScalingFactor: false)
let inputP99 = BenchmarkMetric.custom("input to broadcast p99 (us)", polarity: .prefersSmaller, useScalingFactor: false)
let threadCPU = BenchmarkMetric.custom("service thread CPU (% of a core)", polarity: .prefersSmaller, useScalingFactor: false)
let processCPU = BenchmarkMetric.custom("server process CPU (% of a core)", polarity: .prefersSmaller, useScalingFactor: false)
let resident = BenchmarkMetric.custom("server resident memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)
let perMatch = BenchmarkMetric.custom("resident per match (KB)", polarity: .prefersSmaller, useScalingFactor: false)
let growth = BenchmarkMetric.custom(
    "resident growth per match, projected to 20 minutes (KB)", polarity: .prefersSmaller, useScalingFactor: false)
let framesIn = BenchmarkMetric.custom("frames received per client (per s x100)", polarity: .prefersLarger, useScalingFactor: false)
let archiveBehind = BenchmarkMetric.custom("archive behind (frames, most)", polarity: .prefersSmaller, useScalingFactor: false)
let spectatorFrames = BenchmarkMetric.custom(
    "frames received per spectator (per s x100)", polarity: .prefersLarger, useScalingFactor: false)
let behindP50 = BenchmarkMetric.custom("spectators behind live p50 (us)", polarity: .prefersSmaller, useScalingFactor: false)
let behindP99 = BenchmarkMetric.custom("spectators behind live p99 (us)", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    // 200 matches alone, then the same with five spectators each and a crowd of 1,000 on
    // one of them: the players' figures side by side.
    for (matches, watchers, crowd) in [(100, 0, 0), (200, 0, 0), (200, 5, 1000), (250, 0, 0), (500, 0, 0), (1000, 0, 0)] {
        let spectating = watchers > 0 ? ", \(matches * watchers) spectators and a crowd of \(crowd) on one" : ""
        Benchmark(
            "Server: \(matches) concurrent matches" + spectating,
            configuration: .init(
                metrics: [
                    latenessP50, latenessP99, latenessMax, latenessP99Unstolen, latenessMaxUnstolen, hostSteal, stolenLines, inputP99, threadCPU, processCPU, resident, perMatch, growth, framesIn,
                    archiveBehind, spectatorFrames, behindP50, behindP99,
                ],
                timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(1), maxIterations: 1)
        ) { benchmark in
            do {
                // At the budget's 500 matches, long enough to tell steady growth from warming up;
                // FOGLINE_SERVER_BENCH_SECONDS=1200 measures a whole 20-minute match.
                let seconds = ProcessInfo.processInfo.environment["FOGLINE_SERVER_BENCH_SECONDS"].flatMap { Int($0) }
                let figures = try LoadRun(matches: matches, spectatorsPerMatch: watchers, crowd: crowd)
                    .run(measuring: seconds ?? (matches == 500 ? 180 : 30))
                benchmark.measurement(latenessP50, figures.latenessP50)
                benchmark.measurement(latenessP99, figures.latenessP99)
                benchmark.measurement(latenessMax, figures.latenessMax)
                benchmark.measurement(latenessP99Unstolen, figures.latenessP99Unstolen)
                benchmark.measurement(latenessMaxUnstolen, figures.latenessMaxUnstolen)
                benchmark.measurement(hostSteal, figures.hostStealPerMille)
                benchmark.measurement(stolenLines, figures.stolenLines)
                benchmark.measurement(inputP99, figures.inputP99)
                benchmark.measurement(threadCPU, figures.threadCPU)
                benchmark.measurement(processCPU, figures.processCPU)
                benchmark.measurement(resident, figures.residentMB)
                benchmark.measurement(perMatch, figures.residentPerMatchKB)
                benchmark.measurement(growth, figures.growthPerMatchKB)
                benchmark.measurement(framesIn, figures.framesPerClientSecond100)
                benchmark.measurement(archiveBehind, figures.archiveBehind)
                if watchers > 0 {
                    benchmark.measurement(spectatorFrames, figures.spectatorFramesPerSecond100)
                    benchmark.measurement(behindP50, figures.behindP50)
                    benchmark.measurement(behindP99, figures.behindP99)
                }
                print("Server \(matches) matches\(spectating): \(figures)")
            } catch {
                print("Server \(matches) matches: \(error)")
                benchmark.error("\(error)")
            }
        }
    }
    Benchmark(
        "Server: rejoin and a spectator at minute 15 of a frontier match",
        configuration: .init(
            metrics: [rejoinLive, rejoinTransfer, spectatorLive], timeUnits: .milliseconds, warmupIterations: 0,
            maxDuration: .seconds(120), maxIterations: 3)
    ) { benchmark in
        do {
            let figures = try RejoinRun.run()
            benchmark.measurement(rejoinLive, figures.liveAfterMilliseconds)
            benchmark.measurement(rejoinTransfer, figures.frames)
            benchmark.measurement(spectatorLive, figures.spectatorLiveMilliseconds)
            print("Rejoin: \(figures)")
        } catch {
            benchmark.error("\(error)")
        }
    }
}

struct LoadFailure: Error, CustomStringConvertible {
    var description: String
}

/// The built `fogline` (release) this benchmark runs.
func foglineBinary() -> String {
    if let named = ProcessInfo.processInfo.environment["FOGLINE_BIN"] { return named }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/release/fogline").path
}

/// A `fogline serve` process, its log in a file (never a pipe nobody reads).
final class ServerProcess {
    let process = Process()
    let directory: URL
    let log: URL
    let port: UInt16

    init(arguments: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let serve = [foglineBinary(), "serve", "--port", "0", "--data", directory.appendingPathComponent("data").path] + arguments
        // "On one core": the server gets core 0, and the load generator (this process) core 1.
        if Self.pinning {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            process.arguments = ["-c", "0"] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: serve[0])
            process.arguments = Array(serve.dropFirst())
        }
        // The benchmark's malloc counter is preloaded into this process; the server runs without it.
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil
        process.environment = environment
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var found: UInt16?
        while found == nil && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"UDP port \d+"#, options: .regularExpression) {
                found = UInt16(text[range].split(separator: " ").last ?? "")
            }
        }
        guard let found else { throw LoadFailure(description: "the server did not start: \(foglineBinary())") }
        port = found
    }

    /// Whether there are two cores and `taskset` to give the server one of its own.
    static var pinning: Bool {
        sysconf(Int32(_SC_NPROCESSORS_ONLN)) >= 2 && FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")
    }

    /// Moves every thread of this process onto core 1, off the server's.
    static func pinHereToCoreOne() {
        guard pinning else { return }
        let taskset = Process()
        taskset.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        taskset.arguments = ["-a", "-p", "-c", "1", "\(getpid())"]
        taskset.standardOutput = FileHandle.nullDevice
        try? taskset.run()
        taskset.waitUntilExit()
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Kills the server: Foundation's `Process` starts children with SIGINT and SIGTERM
    /// blocked, so only SIGKILL ends one (its data is thrown away anyway).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
