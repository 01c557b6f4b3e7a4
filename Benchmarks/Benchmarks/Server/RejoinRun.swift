import Benchmark
import FoglineMatch
import FoglineNet
import FoglineReplay
import FoglineServer
import FoglineSim
import FoglineTerminal
import Foundation
import Logging

let rejoinLive = BenchmarkMetric.custom("rejoin: asking to live (ms)", polarity: .prefersSmaller, useScalingFactor: false)
let rejoinTransfer = BenchmarkMetric.custom("rejoin: frames in the transfer", polarity: .prefersLarger, useScalingFactor: false)
let spectatorLive = BenchmarkMetric.custom("spectator: asking to live (ms)", polarity: .prefersSmaller, useScalingFactor: false)

/// A player rejoins a frontier match late in its course: a real `fogline play --server
/// --match CODE --token HEX` process against a real `MatchServer` holding the match.
///
/// The match is a real bot-versus-bot frontier match played by the release binary
/// (seed 4, the longest of seeds 1-16 under rules version 2: bot matches on frontier
/// end by score between minutes 12 and 14.7). The server takes it in through `MatchServer.adopt` as a
/// `MatchRelay` fed every recorded input at its frame's time, both seats away, so the
/// rejoin comes at frame 26,000 (minute 14.4) without playing 14 minutes first. The
/// figure is the client's own `live_after_ms`: from the start of its handshake to the
/// first frame it runs at the server's frontier (header, the frame log in one
/// reliable transfer, re-simulation of every frame).
///
/// Before the rejoin, a spectator asks to watch the same match: the watch screen's own
/// parts (`SpectatorLink`, `SpectatorFeed`, a live `ReplayTimeline` and `ReplayViewer`)
/// in this process, from asking to the screen drawn at the frame the first transfer
/// ended on, indexing in the watch screen's slices between polls.
enum RejoinRun {
    static let seed = 4
    static let frames: Int32 = 26_000
    static let code = "BEN-CHX"

    struct Figures: CustomStringConvertible {
        var liveAfterMilliseconds: Int
        var frames: Int
        var spectatorLiveMilliseconds: Int
        var spectatorFrames: Int
        var description: String {
            "live \(liveAfterMilliseconds) ms after asking, \(frames) frames in the transfer; a spectator live "
                + "\(spectatorLiveMilliseconds) ms after asking, \(spectatorFrames) frames in its transfer"
        }
    }

    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isSet: Bool { lock.withLock { stopped } }
        func set() { lock.withLock { stopped = true } }
    }

    static func run() throws -> Figures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-rejoin-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = directory.appendingPathComponent("frontier.fogrep").path
        let played = try runFogline(
            ["play", "--headless", "--p1", "bot", "--p2", "bot", "--map", "frontier", "--seed", "\(seed)", "--frames", "\(frames)",
             "--record", recorded], in: directory)
        guard played.status == 0 else { throw LoadFailure(description: "the recorded match did not play: \(played.output)") }
        let replay = try ReplayReader.read(path: recorded)
        guard replay.endFrame >= frames else {
            throw LoadFailure(description: "the recorded match ended at frame \(replay.endFrame), before \(frames)")
        }
        var inputs = [FrameInput](repeating: FrameInput(), count: Int(frames))
        for record in replay.inputs where record.frame < frames { inputs[Int(record.frame)] = record.input }

        let store = try SQLiteMatchStore(path: directory.appendingPathComponent("matches.sqlite").path)
        let archive = MatchArchive(directory: directory.path, store: store)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let server = try MatchServer(
            configuration: .init(
                port: 0, maxMatches: 4, rejoinWindow: .seconds(60), frameLimit: nil, defaultMap: "frontier", loadReport: nil),
            archive: archive, logger: logger, maps: { _ in nil })
        let tokens = (0..<2).map { _ in (0..<16).map { _ in UInt8.random(in: 0...255) } }
        let relay = MatchRelay(
            header: .init(code: code, seed: replay.header.seed, mapName: replay.header.mapName, mapText: replay.header.mapText, frameLimit: nil),
            players: [("one", tokens[0]), ("two", tokens[1])], start: server.now - MatchRelay.framePeriod * Int(frames))
        // Every recorded input arrives a millisecond before its frame closes, as from live players,
        // who acknowledge the frames they were sent (one that never does is kicked).
        for frame in 0..<frames {
            let due = relay.due(frame)
            if frame >= Rules.inputDelay {
                for seat in 1...2 {
                    _ = relay.receive(
                        .inputs(player: seat, firstFrame: frame, frames: [inputs[Int(frame)]], ackThrough: relay.lastClosed),
                        from: seat, size: 24, now: due - .milliseconds(1))
                }
            }
            _ = relay.tick(now: due)
        }
        guard relay.lastClosed == frames - 1, relay.refusals.isEmpty, relay.log[frames - 1] == inputs.last! else {
            throw LoadFailure(description: "the relay did not take the match in: \(relay.refusals.prefix(3))")
        }
        server.adopt(relay)
        let port = server.endpoint.port
        let stop = StopFlag()
        let done = DispatchSemaphore(value: 0)
        // The server's service thread, as `fogline serve` runs it; only that thread touches
        // the server from here on.
        nonisolated(unsafe) let handedOver = server
        Thread {
            handedOver.run { stop.isSet }
            done.signal()
        }.start()
        defer {
            stop.set()
            done.wait()
            archive.stop()
        }
        let watched = try watchLive(port: port)
        let token = tokens[1].map { String(format: "%02x", $0) }.joined()
        let client = try runFogline(
            ["play", "--server", "127.0.0.1:\(port)", "--headless", "--as", "bot", "--match", code, "--token", token,
             "--frames", "\(frames + 300)", "--record", "client.fogrep"], in: directory)
        guard client.status == 0, let line = client.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let summary = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let live = summary["live_after_ms"] as? Int, let joined = summary["joined_at_frame"] as? Int
        else { throw LoadFailure(description: "the rejoin failed: \(client.output.suffix(2000))") }
        return Figures(
            liveAfterMilliseconds: live, frames: joined, spectatorLiveMilliseconds: watched.milliseconds,
            spectatorFrames: Int(watched.frames))
    }

    /// A spectator of the match on `port`, as the watch screen runs: returns the time from
    /// asking to the screen drawn at the end of the first transfer, and that transfer's size.
    static func watchLive(port: UInt16) throws -> (milliseconds: Int, frames: Int32) {
        let clock = ContinuousClock()
        let asked = clock.now
        let link = try SpectatorLink(host: "127.0.0.1", port: port, code: code)
        var start: WireMatchStart?
        var early: [SpectatorLink.Event] = []
        while start == nil || early.isEmpty {
            guard clock.now - asked < .seconds(10) else { throw LoadFailure(description: "no match header or frames for the spectator") }
            for event in link.poll(timeoutMilliseconds: 1) {
                switch event {
                case .started(let header): start = header
                case .frames: early.append(event)
                case .refused(let why), .ended(_, let why): throw LoadFailure(description: "the spectator was turned away: \(why)")
                }
            }
        }
        let copy = try SpectatorCopy(start: start!, recordTo: nil)
        let timeline = try ReplayTimeline(replay: copy.emptyReplay)
        let feed = SpectatorFeed(link: link, copy: copy, timeline: timeline)
        var viewer = ReplayViewer(liveTimeline: timeline, delaySeconds: 0)
        feed.take(early, into: &viewer)
        let target = timeline.totalFrames
        var buffer = CellBuffer(width: 120, height: 40)
        // The watch screen's loop: frames in, a slice of indexing, until the newest is shown.
        while viewer.frame < target || viewer.pending != nil {
            _ = feed.pump(&viewer)
            let slice = clock.now + .milliseconds(8)
            while clock.now < slice && !viewer.index(frames: 64) {}
        }
        ReplayScreen.renderFrame(&viewer, into: &buffer)
        let live = clock.now - asked
        link.leave()
        return (Int(live / .milliseconds(1)), target)
    }

    /// Runs the release `fogline` with `arguments` in `directory` (its own XDG folders), to the end.
    static func runFogline(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: foglineBinary())
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        environment["XDG_DATA_HOME"] = directory.appendingPathComponent("share").path
        // The benchmark's malloc counter is preloaded into this process; the player runs without it.
        environment["LD_PRELOAD"] = nil
        process.environment = environment
        let output = directory.appendingPathComponent("out-\(UUID().uuidString.prefix(6)).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
