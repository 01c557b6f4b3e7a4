import Foundation
import FoglineNet
import FoglineSim
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `fogline watch`: spectators of a real `fogline serve`, with real bot players. Part of
/// the serialized server suite, so no two servers with their clients share the two cores.
extension ServerTests {
    /// `fogline watch ADDRESS CODE --headless` beside the run's clients.
    static func watcher(_ run: ServerRun, _ code: String, name: String, _ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            ["watch", run.address, code, "--headless", "--record", "\(name).fogrep"] + extra, binary: NetworkMatchRun.binary,
            directory: run.directory)
    }

    /// A `--test-trace-frames` file: (newest frame held, wall clock ms), in arrival order.
    static func trace(_ path: String) throws -> [(frame: Int, at: Int)] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let frame = Int(parts[0]), let at = Int(parts[1]) else { return nil }
            return (frame, at)
        }
    }

    @Test("a spectator joining about frame 1,500 is live at once, and ends on the players' hash")
    func joinsLate() async throws {
        let run = try await ServerRun.start("watch-late", ["--frame-limit", "2100"])
        let (first, code) = try await run.newMatch("ada")
        let second = try run.client("bo", ["--match", code])
        // The match starts when the second player is seated; 50 s is about frame 1,500.
        try await Task.sleep(for: .seconds(50))
        let watcher = try Self.watcher(run, code, name: "watcher")
        #expect(try await first.wait(timeout: .seconds(120)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        #expect(try await watcher.wait(timeout: .seconds(30)) == 0, "\(watcher.stderr)")
        let a = NetworkMatchRun.summary(first), w = NetworkMatchRun.summary(watcher)
        #expect(w["frames"] as? Int == 2100 && w["hash"] as? String == a["hash"] as? String, "\(w) against \(a)")
        #expect(w["code"] as? String == code && w["end"] as? String == "match_over", "\(w)")
        let joined = w["joined_at_frame"] as? Int ?? 0
        #expect((1_200...1_800).contains(joined), "joined at frame \(joined)")
        #expect((0..<1000).contains(w["live_after_ms"] as? Int ?? -1), "\(w)")
        // Its copy of the match verifies on its own.
        let verify = try await FoglineBinary.run(["verify", "\(run.directory)/watcher.fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stderr)")
        // Once over, the match is not live any more: the refusal says where its replay is.
        let late = try await FoglineBinary.run(["watch", run.address, code, "--headless"], binary: NetworkMatchRun.binary)
        #expect(late.status != 0 && late.stderr.contains("has ended: its replay is \(code).fogrep"), "\(late.stderr)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("watches match \(code)"))
    }

    @Test(
        "a match opened with a 10 s spectator delay: the first transfer stops 300 frames short, the list says so, the players see the spectator"
    )
    func heldBehind() async throws {
        // The server's default (30 s) gives way to the match's own (10 s).
        let run = try await ServerRun.start("watch-delay", ["--frame-limit", "1200", "--spectator-delay", "30"])
        let (first, code) = try await run.newMatch("ada", ["--spectator-delay", "10", "--test-trace-frames", "ada-frames.txt"])
        let second = try run.client("bo", ["--match", code])
        // About frame 600 when it asks; the server may send it only frames 10 s (300) older.
        try await Task.sleep(for: .seconds(20))
        let watcher = try Self.watcher(run, code, name: "held", ["--test-trace-frames", "held-frames.txt"])
        // The list of live matches shows it, as spectators may see it: 10 s behind.
        let listed = try await FoglineBinary.run(["watch", run.address, "--list", "--json"], binary: NetworkMatchRun.binary)
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = listed.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let row = try #require(rows.first { $0["code"] as? String == code }, "\(listed.stdout)")
        #expect(row["spectator_delay_s"] as? Int == 10 && row["players"] as? [String] == ["ada", "bo"], "\(row)")
        #expect((200...420).contains(row["frame"] as? Int ?? -1), "about frame 600 less 300: \(row)")
        let nobody = try await FoglineBinary.run(["watch", run.address, "ZZZ-ZZZ", "--headless"], binary: NetworkMatchRun.binary)
        #expect(nobody.status != 0 && nobody.stderr.contains("no live match ZZZ-ZZZ"), "\(nobody.stderr)")
        #expect(try await first.wait(timeout: .seconds(60)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        #expect(try await watcher.wait(timeout: .seconds(30)) == 0, "\(watcher.stderr)")
        let a = NetworkMatchRun.summary(first), w = NetworkMatchRun.summary(watcher)
        #expect(w["hash"] as? String == a["hash"] as? String, "\(w) against \(a)")
        // The server told the players they were watched.
        #expect(a["spectators_max"] as? Int == 1, "\(a)")
        // The server logs the last frame it had closed when the spectator asked: the first
        // transfer may hold only frames at least 300 older (a later feed can join it in the
        // same read, a few frames more).
        #expect(try await run.stop() == 0)
        let said = run.server.stderr
        let range = try #require(said.range(of: "watches match \(code) from frame [0-9]+", options: .regularExpression))
        let closed = try #require(Int(said[range].split(separator: " ").last ?? ""))
        let joined = w["joined_at_frame"] as? Int ?? .max
        #expect((closed - 299)...(closed - 299 + 6) ~= joined, "joined at \(joined); the players had closed \(closed)")
        #expect((500...700).contains(closed), "asked at about frame 600: \(closed)")
        // At every moment it held frames, the spectator's newest frame had reached a player
        // at least 10 s before (less a little for the player's own receipt), until the match
        // ended and the server let the rest go.
        let player = try Self.trace("\(run.directory)/ada-frames.txt")
        let spectator = try Self.trace("\(run.directory)/held-frames.txt")
        let ended = try #require(player.last).at
        var checked = 0
        for (frame, at) in spectator where at < ended - 100 {
            let reached = try #require(player.first { $0.frame >= frame }, "frame \(frame) never reached ada")
            #expect(at - reached.at >= 9_800, "frame \(frame) reached the spectator \(at - reached.at) ms after ada")
            checked += 1
        }
        #expect(checked >= 50, "\(checked) moments checked: \(spectator.count) arrivals")
    }

    @Test("a frozen spectator and one sending junk and orders cost the players nothing: small stalls, equal hashes")
    func hostileSpectators() async throws {
        let run = try await ServerRun.start("watch-hostile", ["--frame-limit", "1500"])
        let (first, code) = try await run.newMatch("ada")
        let second = try run.client("bo", ["--match", code])
        try await Task.sleep(for: .seconds(5))
        let frozen = try Self.watcher(run, code, name: "frozen")
        try await Task.sleep(for: .seconds(2))
        frozen.signal(SIGSTOP)
        let frozenAt = ContinuousClock.now
        let port = run.port
        let hostile = try await Task.detached { try HostileSpectator.flood(port: port, code: code, for: .seconds(20)) }.value
        // Frozen for 15 s, past its 10 s window, the spectator catches up from the log and follows to the end.
        try await Task.sleep(until: frozenAt + .seconds(15))
        frozen.signal(SIGCONT)
        #expect(try await first.wait(timeout: .seconds(90)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        #expect(try await frozen.wait(timeout: .seconds(40)) == 0, "\(frozen.stderr)")
        let a = NetworkMatchRun.summary(first), b = NetworkMatchRun.summary(second)
        #expect(a["frames"] as? Int == 1500 && a["hash"] as? String == b["hash"] as? String, "\(a) against \(b)")
        let f = NetworkMatchRun.summary(frozen)
        #expect(f["frames"] as? Int == 1500 && f["hash"] as? String == a["hash"] as? String, "\(f) against \(a)")
        for summary in [a, b] {
            #expect((summary["stall_ms"] as? Int ?? .max) < 3000, "\(summary)")
            #expect((summary["longest_stall_ms"] as? Int ?? .max) < 1000, "\(summary)")
            #expect((summary["late_inputs"] as? Int ?? .max) < 30, "\(summary)")
        }
        #expect(hostile.gotHeader, "the hostile spectator was seated like any: \(hostile)")
        #expect(hostile.kicked, "the server let it go: \(hostile)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("let go of a spectator of match \(code)"), "\(run.server.stderr)")
        // While frozen, its feed stopped at the window: the rest waited in the log.
        #expect(run.server.stderr.contains("holding frames for a spectator of match \(code)"), "\(run.server.stderr)")
    }
}

/// A spectator that sends orders, junk and chatter instead of watching quietly.
enum HostileSpectator {
    struct Report: Sendable {
        var gotHeader = false
        var kicked = false
        var sent = 0
    }

    static func flood(port: Int, code: String, for patience: Duration) throws -> Report {
        let endpoint = try ENetEndpoint()
        let peer = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
        var report = Report()
        var random = WorldRandom(seed: 77)
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        func send(_ message: WireMessage) {
            guard let bytes = try? message.encode() else { return }
            endpoint.send(bytes, to: peer, delivery: Delivery.of(message.kind))
            report.sent += 1
        }
        while clock.now < deadline && !report.kicked {
            for event in endpoint.service(timeoutMilliseconds: 10) {
                switch event {
                case .connected:
                    send(.hello(WireHello(mapHash: 0, playerName: "mallory", role: .spectator, seat: .join(code: code))))
                case .received(_, let bytes):
                    switch try? WireMessage.decode(bytes) {
                    case .matchStart?: report.gotHeader = true
                    case .leave(.kicked, _)?: report.kicked = true
                    default: break
                    }
                case .disconnected:
                    if report.gotHeader { report.kicked = true }
                }
            }
            guard report.gotHeader else { continue }
            // Orders as player 1, junk bytes, and chatter, a few each pass.
            send(.inputs(player: 1, firstFrame: Int32(report.sent), frames: [FrameInput()]))
            let junk = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            endpoint.send(junk, to: peer, delivery: .inputs)
            send(.chat("let me play"))
            endpoint.flush()
        }
        return report
    }
}
