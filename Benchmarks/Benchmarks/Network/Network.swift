// Budgets from DESIGN.md section 10, measured on real clients:
//   input-to-execution on loopback: 3 frames (100 ms), no stalls
//   5% loss, 50 ms +- 10 ms delay (loss below ENet): under 2% of match time stalled
//   20% loss, 100 ms: the match goes on, equal hashes
//   busy match: at most 24 kbit/s each way; a 32 kbit/s link plays at full speed
//
// Each iteration is a whole match between two processes of the built `fogline` binary
// on 127.0.0.1 (`host --headless` and `join --headless`, a bot on each side), the link
// degraded below ENet by each side's datagram relay with the same flags. It runs in
// real time (30 frames a second); the figures are what the two summary lines report.
//
// Needs the release binary: `swift build -c release --product fogline` in the root
// package first (or $FOGLINE_BIN naming one). Run from the Benchmarks directory:
// `swift package benchmark --filter 'Network: .*'` (about 5 minutes).

import Benchmark
import Foundation

let stallMetric = BenchmarkMetric.custom("stall (ms per minute)", polarity: .prefersSmaller, useScalingFactor: false)
let longestStallMetric = BenchmarkMetric.custom("longest stall (ms)", polarity: .prefersSmaller, useScalingFactor: false)
let fpsMetric = BenchmarkMetric.custom("achieved frames/s (x100)", polarity: .prefersLarger, useScalingFactor: false)
let sentMetric = BenchmarkMetric.custom("sent (bytes/s, each side)", polarity: .prefersSmaller, useScalingFactor: false)
let wireMetric = BenchmarkMetric.custom(
    "on the wire with IP/UDP headers (bit/s, each side)", polarity: .prefersSmaller, useScalingFactor: false)
let roundTripMetric = BenchmarkMetric.custom("round trip (ms)", polarity: .prefersSmaller, useScalingFactor: false)
let latencyMetric = BenchmarkMetric.custom("input to execution (ms)", polarity: .prefersSmaller, useScalingFactor: false)

let profiles: [(String, [String])] = [
    ("clean loopback", []),
    ("1% loss, 25 ms", ["--net-loss", "1", "--net-delay", "25"]),
    ("5% loss, 50±10 ms, 2% reorder", ["--net-loss", "5", "--net-delay", "50", "--net-jitter", "10", "--net-reorder", "2"]),
    ("10% loss, 75±25 ms", ["--net-loss", "10", "--net-delay", "75", "--net-jitter", "25"]),
    ("20% loss, 100 ms", ["--net-loss", "20", "--net-delay", "100"]),
    ("32 kbit/s cap", ["--net-rate", "32"]),
]

let benchmarks: @Sendable () -> Void = {
    for (label, flags) in profiles {
        Benchmark(
            "Network: 1,800 frames, \(label)",
            configuration: .init(
                metrics: [stallMetric, longestStallMetric, fpsMetric, sentMetric, wireMetric, roundTripMetric, latencyMetric],
                timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(1), maxIterations: 1)
        ) { benchmark in
            do {
                let sides = try ProcessMatch.play(frames: 1800, flags: flags)
                for side in sides {
                    let minutes = max(side.seconds / 60, 0.01)
                    benchmark.measurement(stallMetric, Int(Double(side.stallMilliseconds) / minutes))
                    benchmark.measurement(longestStallMetric, side.longestStallMilliseconds)
                    benchmark.measurement(fpsMetric, Int(side.fps * 100))
                    benchmark.measurement(sentMetric, Int(Double(side.bytesSent) / side.seconds))
                    benchmark.measurement(wireMetric, Int(Double(side.bytesSent + 28 * side.datagramsEstimate) * 8 / side.seconds))
                    benchmark.measurement(roundTripMetric, side.roundTrip)
                    benchmark.measurement(latencyMetric, side.inputLatency)
                }
                if sides[0].hash != sides[1].hash { benchmark.error("the two sides' hashes differ") }
            } catch {
                benchmark.error("\(error)")
            }
        }
    }
}

/// A host and a joiner as two processes of the built binary, on 127.0.0.1.
enum ProcessMatch {
    struct Side {
        var hash: String
        var seconds: Double
        var stallMilliseconds: Int
        var longestStallMilliseconds: Int
        var fps: Double
        var bytesSent: Int
        var roundTrip: Int
        var inputLatency: Int
        /// About one datagram a frame, for the IP/UDP header estimate.
        var datagramsEstimate: Int
    }

    static func binary() throws -> String {
        if let named = ProcessInfo.processInfo.environment["FOGLINE_BIN"] { return named }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/release/fogline").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchmarkFailure("no release binary at \(path): run `swift build -c release --product fogline` first")
        }
        return path
    }

    static func play(frames: Int, flags: [String]) throws -> [Side] {
        let binary = try binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let host = try Child(
            binary, ["host", "--headless", "--port", "0", "--as", "bot", "--seed", "11", "--frames", "\(frames)",
                     "--record", "host.fogrep"] + flags, in: directory)
        let port: Int
        do {
            port = try host.waitForPort()
        } catch {
            host.process.terminate()
            throw error
        }
        let join = try Child(
            binary, ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--record", "join.fogrep"] + flags, in: directory)
        join.process.waitUntilExit()
        host.process.waitUntilExit()
        return try [host, join].map { try $0.side() }
    }

    /// A child process with its output in files.
    final class Child {
        let process = Process()
        let out: URL
        let err: URL

        init(_ binary: String, _ arguments: [String], in directory: URL) throws {
            let name = arguments[0]
            out = directory.appendingPathComponent("\(name).out")
            err = directory.appendingPathComponent("\(name).err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.currentDirectoryURL = directory
            // The benchmark's malloc counter is preloaded into this process; the players run without it.
            var environment = ProcessInfo.processInfo.environment
            environment["LD_PRELOAD"] = nil
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        /// The port the host says it listens on.
        func waitForPort() throws -> Int {
            for _ in 0..<200 {
                let text = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"on port (\d+)"#, options: .regularExpression),
                    let port = Int(text[range].split(separator: " ").last ?? "")
                {
                    return port
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw BenchmarkFailure("the host never said its port")
        }

        func side() throws -> Side {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").last,
                let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let frames = json["frames"] as? Int, let fps = json["achieved_fps"] as? Double, fps > 0
            else {
                let errors = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
                throw BenchmarkFailure("no summary from \(process.arguments?.first ?? "?"): \(errors.suffix(400))")
            }
            let seconds = Double(frames) / fps
            return Side(
                hash: json["hash"] as? String ?? "", seconds: seconds, stallMilliseconds: json["stall_ms"] as? Int ?? 0,
                longestStallMilliseconds: json["longest_stall_ms"] as? Int ?? 0, fps: fps,
                bytesSent: json["bytes_sent"] as? Int ?? 0, roundTrip: json["rtt_ms"] as? Int ?? 0,
                inputLatency: json["input_latency_ms"] as? Int ?? 0, datagramsEstimate: frames)
        }
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
