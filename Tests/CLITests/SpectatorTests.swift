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
    static func watcher(_ run: ServerRun, _ code: String, name: String) throws -> ChildProcess {
        try ChildProcess(
            ["watch", run.address, code, "--headless", "--record", "\(name).fogrep"], binary: NetworkMatchRun.binary,
            directory: run.directory)
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

    @Test("with a 10 s spectator delay the first transfer stops 300 frames short of the players; a bad code is refused")
    func heldBehind() async throws {
        let run = try await ServerRun.start("watch-delay", ["--frame-limit", "1200", "--spectator-delay", "10"])
        let (first, code) = try await run.newMatch("ada")
        let second = try run.client("bo", ["--match", code])
        // About frame 600 when it asks; the server may send it only frames 10 s (300) older.
        try await Task.sleep(for: .seconds(20))
        let watcher = try Self.watcher(run, code, name: "held")
        let nobody = try await FoglineBinary.run(["watch", run.address, "ZZZ-ZZZ", "--headless"], binary: NetworkMatchRun.binary)
        #expect(nobody.status != 0 && nobody.stderr.contains("no live match ZZZ-ZZZ"), "\(nobody.stderr)")
        #expect(try await first.wait(timeout: .seconds(60)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        #expect(try await watcher.wait(timeout: .seconds(30)) == 0, "\(watcher.stderr)")
        let a = NetworkMatchRun.summary(first), w = NetworkMatchRun.summary(watcher)
        #expect(w["hash"] as? String == a["hash"] as? String, "\(w) against \(a)")
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
        let port = run.port
        let hostile = try await Task.detached { try HostileSpectator.flood(port: port, code: code, for: .seconds(20)) }.value
        #expect(try await first.wait(timeout: .seconds(90)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        frozen.signal(SIGCONT)
        _ = try? await frozen.wait(timeout: .seconds(40))
        let a = NetworkMatchRun.summary(first), b = NetworkMatchRun.summary(second)
        #expect(a["frames"] as? Int == 1500 && a["hash"] as? String == b["hash"] as? String, "\(a) against \(b)")
        for summary in [a, b] {
            #expect((summary["stall_ms"] as? Int ?? .max) < 3000, "\(summary)")
            #expect((summary["longest_stall_ms"] as? Int ?? .max) < 1000, "\(summary)")
            #expect((summary["late_inputs"] as? Int ?? .max) < 30, "\(summary)")
        }
        #expect(hostile.gotHeader, "the hostile spectator was seated like any: \(hostile)")
        #expect(hostile.kicked, "the server let it go: \(hostile)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("let go of a spectator of match \(code)"), "\(run.server.stderr)")
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
