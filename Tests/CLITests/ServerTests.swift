import FoglineNet
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real `fogline serve` process with real clients (`fogline play --server --headless`) on 127.0.0.1.
struct ServerRun {
    let directory: String
    let server: ChildProcess
    let port: Int

    var address: String { "127.0.0.1:\(port)" }
    var data: String { "\(directory)/data" }

    /// Starts a server on a free port, its data in the run's folder, and waits until it serves.
    static func start(_ name: String, _ args: [String] = []) async throws -> ServerRun {
        let directory = try NetworkMatchRun.makeDirectory(name)
        let server = try ChildProcess(
            ["serve", "--port", "0", "--data", "data"] + args, binary: NetworkMatchRun.binary, directory: directory)
        let said = try await server.waitForStderr(containing: "serving on UDP port", timeout: .seconds(20))
        guard let range = said.range(of: #"UDP port (\d+)"#, options: .regularExpression),
            let port = Int(said[range].split(separator: " ").last ?? "")
        else { throw TestFailure(message: "the server did not say its port: \(said)") }
        return ServerRun(directory: directory, server: server, port: port)
    }

    /// A headless bot client; `args` say which seat to ask for. Each client has a home
    /// of its own (`home`, else its name), so the seat tokens it keeps are its own, as on
    /// separate machines.
    func client(_ name: String, _ args: [String], home: String? = nil) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = "\(directory)/home-\(home ?? name)"
        environment["XDG_DATA_HOME"] = "\(directory)/home-\(home ?? name)"
        let argv =
            ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, NetworkMatchRun.binary, "play", "--server", address,
             "--headless", "--as", "bot", "--name", name, "--record", "\(name).fogrep"] + args
        return try ChildProcess(argv: argv, environment: environment, outputIn: directory, name: args)
    }

    /// Opens a private match; returns the client and the code it was given.
    func newMatch(_ name: String, _ args: [String] = []) async throws -> (ChildProcess, String) {
        let opener = try client(name, ["--new"] + args)
        let said = try await opener.waitForStderr(containing: "waiting for the other player", timeout: .seconds(20))
        guard let range = said.range(of: #"match [A-Z0-9]{3}-[A-Z0-9]{3}"#, options: .regularExpression) else {
            throw TestFailure(message: "no code in: \(said)")
        }
        return (opener, String(said[range].dropFirst(6)))
    }

    /// `fogline serve --list --json`, one object per match.
    func index() async throws -> [[String: Any]] {
        let listed = try await FoglineBinary.run(["serve", "--list", "--json", "--data", data], binary: NetworkMatchRun.binary)
        return listed.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func stop() async throws -> Int32 {
        server.signal(SIGTERM)
        return try await server.wait(timeout: .seconds(30))
    }
}

/// Serialized: each test runs a server and several clients, and the other network
/// suites run beside this one; on two cores more at once would starve the clock.
@Suite("The match server with real clients", .serialized)
struct ServerTests {
    @Test("Two bots play 3,000 frames through the server: equal hashes, and the server's replay verifies to the same")
    func botsThroughServer() async throws {
        let run = try await ServerRun.start("serve-bots", ["--frame-limit", "3000"])
        let (first, code) = try await run.newMatch("ada")
        let second = try run.client("bo", ["--match", code])
        #expect(try await first.wait(timeout: .seconds(200)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 0, "\(second.stderr)")
        let a = NetworkMatchRun.summary(first), b = NetworkMatchRun.summary(second)
        #expect(a["frames"] as? Int == 3000 && b["frames"] as? Int == 3000)
        #expect(a["hash"] as? String != nil && a["hash"] as? String == b["hash"] as? String)
        #expect(a["match"] as? String == code && a["player"] as? Int == 1 && b["player"] as? Int == 2)
        for summary in [a, b] {
            #expect((summary["achieved_fps"] as? Double ?? 0) > 27, "\(summary)")
            #expect((summary["longest_stall_ms"] as? Int ?? .max) < 1000, "\(summary)")
        }
        // The server's replay, written as it ran, re-simulates to the clients' hash.
        try await Task.sleep(for: .seconds(1))
        let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["hash"] as? String == a["hash"] as? String)
        let index = try await run.index()
        #expect(index.count == 1)
        #expect(index.first?["code"] as? String == code)
        #expect(index.first?["frames"] as? Int == 3000)
        #expect((index.first?["players"] as? [String]) == ["ada", "bo"])
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("match \(code) started on Duel: ada against bo"))
        #expect(!run.server.stderr.contains("token"))
    }

    @Test("A quick match pairs two waiting players; a private code seats the second; a third is refused as full")
    func meeting() async throws {
        let run = try await ServerRun.start("serve-meet", ["--frame-limit", "150"])
        let quickOne = try run.client("q1", [])
        _ = try await quickOne.waitForStderr(containing: "waiting for the other player", timeout: .seconds(20))
        let quickTwo = try run.client("q2", [])
        let (opener, code) = try await run.newMatch("p1")
        let joiner = try run.client("p2", ["--match", code])
        _ = try await joiner.waitForStderr(containing: "seat 2", timeout: .seconds(20))
        let third = try run.client("p3", ["--match", code])
        #expect(try await third.wait(timeout: .seconds(20)) == 1)
        #expect(third.stderr.contains("the server refused: match \(code) is full: both seats are taken"), "\(third.stderr)")
        let nobody = try run.client("p4", ["--match", "ZZZ-999"])
        #expect(try await nobody.wait(timeout: .seconds(20)) == 1)
        #expect(nobody.stderr.contains("there is no match ZZZ-999 waiting on this server"), "\(nobody.stderr)")
        for client in [quickOne, quickTwo, opener, joiner] {
            #expect(try await client.wait(timeout: .seconds(60)) == 0, "\(client.stderr)")
        }
        let quick = [quickOne, quickTwo].map(NetworkMatchRun.summary)
        #expect(quick[0]["match"] as? String == quick[1]["match"] as? String)
        #expect(quick[0]["hash"] as? String == quick[1]["hash"] as? String)
        #expect(Set(quick.compactMap { $0["player"] as? Int }) == [1, 2])
        #expect(NetworkMatchRun.summary(opener)["hash"] as? String == NetworkMatchRun.summary(joiner)["hash"] as? String)
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("refused"))
    }

    @Test("A client frozen for 5 s delays only itself: the other's stall stays near zero, both end with equal hashes")
    func frozenClient() async throws {
        let run = try await ServerRun.start("serve-frozen", ["--frame-limit", "900"])
        let (first, code) = try await run.newMatch("steady")
        let second = try run.client("frozen", ["--match", code])
        try await Task.sleep(for: .seconds(8))
        second.signal(SIGSTOP)
        try await Task.sleep(for: .seconds(5))
        second.signal(SIGCONT)
        #expect(try await first.wait(timeout: .seconds(90)) == 0, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(60)) == 0, "\(second.stderr)")
        let steady = NetworkMatchRun.summary(first), frozen = NetworkMatchRun.summary(second)
        // The 5 s freeze never reaches the steady player: no single wait near it (a busy
        // machine may add short ones).
        #expect((steady["longest_stall_ms"] as? Int ?? .max) < 1000, "\(steady)")
        #expect((frozen["stall_ms"] as? Int ?? 0) > 0)
        #expect(steady["hash"] as? String == frozen["hash"] as? String)
        #expect(steady["frames"] as? Int == 900 && frozen["frames"] as? Int == 900)
        #expect(try await run.stop() == 0)
    }

    @Test("SIGTERM while matches run: each ends as server_shutdown, every replay verifies, the server exits 0")
    func shutdown() async throws {
        let run = try await ServerRun.start("serve-stop")
        var clients: [ChildProcess] = []
        var codes: [String] = []
        for index in 0..<6 {
            let (opener, code) = try await run.newMatch("a\(index)")
            clients += [opener, try run.client("b\(index)", ["--match", code])]
            codes.append(code)
        }
        try await Task.sleep(for: .seconds(5))
        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        #expect(run.server.stderr.contains("stopping: 6 matches end as server_shutdown"))
        for client in clients {
            #expect(try await client.wait(timeout: .seconds(40)) == 0, "\(client.stderr)")
            #expect(client.stderr.contains("the server is stopping"), "\(client.stderr)")
        }
        let index = try await run.index()
        #expect(index.count == 6)
        #expect(index.allSatisfy { $0["result"] as? String == "server_shutdown" }, "\(index)")
        for code in codes {
            let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
            #expect(verify.status == 0, "\(code): \(verify.stderr)")
            #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["reason"] as? String == "server_shutdown")
        }
        // A restart finds nothing unfinished; a killed server's matches would be marked interrupted.
        let again = try await FoglineBinary.run(["serve", "--list", "--data", run.data], binary: NetworkMatchRun.binary)
        #expect(again.stdout.split(separator: "\n").count == 6)
    }

    @Test("A server killed mid-match leaves an intact index; the next start marks the match interrupted")
    func killedServer() async throws {
        let run = try await ServerRun.start("serve-kill")
        let (opener, code) = try await run.newMatch("a")
        let joiner = try run.client("b", ["--match", code])
        try await Task.sleep(for: .seconds(4))
        run.server.signal(SIGKILL)
        _ = try await run.server.wait(timeout: .seconds(10))
        opener.signal(SIGTERM)
        joiner.signal(SIGTERM)
        _ = try await opener.wait(timeout: .seconds(20))
        _ = try await joiner.wait(timeout: .seconds(20))
        // The replay holds what was flushed, up to about the last second.
        let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0 || verify.stderr.contains("damaged"), "\(verify.stderr)")
        let restarted = try ChildProcess(
            ["serve", "--port", "0", "--data", "data"], binary: NetworkMatchRun.binary, directory: run.directory)
        _ = try await restarted.waitForStderr(containing: "serving on UDP port", timeout: .seconds(20))
        #expect(restarted.stderr.contains("1 matches the last run did not finish are marked interrupted"))
        restarted.signal(SIGTERM)
        #expect(try await restarted.wait(timeout: .seconds(20)) == 0)
        let index = try await run.index()
        #expect(index.first?["result"] as? String == "interrupted", "\(index)")
    }

    @Test("Hostile traffic at a live server is refused and counted; the match's hashes are unchanged")
    func hostileTraffic() async throws {
        let run = try await ServerRun.start("serve-hostile", ["--frame-limit", "600"])
        let (first, code) = try await run.newMatch("a")
        let second = try run.client("b", ["--match", code])
        try await Task.sleep(for: .seconds(3))
        let answers = try await onThread { () -> [String] in
            Attacker.sendRawDatagrams(port: run.port)
            let wrongToken = WireHello(
                mapHash: 0, playerName: "mallory", role: .player, seat: .rejoin(code: code, token: Array(repeating: 7, count: 16)))
            let noSeat = WireHello(mapHash: 0, playerName: "mallory", role: .player)
            return try [wrongToken, noSeat].map { try Attacker.helloAndRefusal(port: run.port, hello: $0) ?? "no answer" }
        }
        #expect(answers[0] == "that token holds no seat of match \(code)")
        #expect(answers[1].hasPrefix("this is a match server"))
        #expect(try await first.wait(timeout: .seconds(60)) == 0)
        #expect(try await second.wait(timeout: .seconds(30)) == 0)
        #expect(NetworkMatchRun.summary(first)["hash"] as? String == NetworkMatchRun.summary(second)["hash"] as? String)
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("refused"))
    }
}

extension Attacker {
    /// Connects, says `hello`, and returns the server's refusal (nil if none came in 5 s).
    static func helloAndRefusal(port: Int, hello: WireHello) throws -> String? {
        let endpoint = try ENetEndpoint()
        let peer = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while clock.now < deadline {
            for event in endpoint.service(timeoutMilliseconds: 20) {
                switch event {
                case .connected:
                    endpoint.send(try WireMessage.hello(hello).encode(), to: peer, delivery: .control)
                case .received(_, let bytes):
                    if case .refused(let text)? = try? WireMessage.decode(bytes) { return text }
                default:
                    break
                }
            }
        }
        return nil
    }
}

@Suite("Rejoining a match through the server", .serialized)
struct RejoinTests {
    static func client(_ run: ServerRun, _ name: String, _ args: [String], home: String) throws -> ChildProcess {
        try run.client(name, args, home: home)
    }

    @Test("A client killed mid-match runs the same command again, takes its seat back and ends with equal hashes")
    func rejoin() async throws {
        let run = try await ServerRun.start("serve-rejoin", ["--frame-limit", "1200"])
        let first = try Self.client(run, "stays", ["--new"], home: "a")
        let said = try await first.waitForStderr(containing: "waiting for the other player", timeout: .seconds(20))
        let code = String(said[said.range(of: #"[A-Z0-9]{3}-[A-Z0-9]{3}"#, options: .regularExpression)!])
        let dropped = try Self.client(run, "drops", ["--match", code], home: "b")
        try await Task.sleep(for: .seconds(10))
        dropped.signal(SIGKILL)
        _ = try await dropped.wait(timeout: .seconds(10))
        try await Task.sleep(for: .seconds(2))
        // The token was kept under XDG_STATE_HOME, mode 0600: the same command retakes the seat.
        let seats = "\(run.directory)/home-b/fogline/seats"
        let kept = try FileManager.default.contentsOfDirectory(atPath: seats)
        #expect(kept.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(seats)/\(kept[0])")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let back = try Self.client(run, "back", ["--match", code], home: "b")
        #expect(try await back.wait(timeout: .seconds(90)) == 0, "\(back.stderr)")
        #expect(try await first.wait(timeout: .seconds(30)) == 0, "\(first.stderr)")
        let stays = NetworkMatchRun.summary(first), returned = NetworkMatchRun.summary(back)
        #expect(returned["player"] as? Int == 2)
        #expect(stays["frames"] as? Int == 1200 && returned["frames"] as? Int == 1200)
        #expect(stays["hash"] as? String == returned["hash"] as? String, "\(stays) \(returned)")
        #expect((stays["longest_stall_ms"] as? Int ?? .max) < 1000, "the player who stayed never waited for the drop: \(stays)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("took back seat 2 of match \(code)"))
    }

    @Test("Past the rejoin window the dropped seat forfeits: the other player wins, and the replay says so")
    func forfeitAfterWindow() async throws {
        let run = try await ServerRun.start("serve-window", ["--rejoin-window", "3"])
        let first = try Self.client(run, "stays", ["--new"], home: "a")
        let said = try await first.waitForStderr(containing: "waiting for the other player", timeout: .seconds(20))
        let code = String(said[said.range(of: #"[A-Z0-9]{3}-[A-Z0-9]{3}"#, options: .regularExpression)!])
        let dropped = try Self.client(run, "drops", ["--match", code], home: "b")
        try await Task.sleep(for: .seconds(5))
        dropped.signal(SIGKILL)
        #expect(try await first.wait(timeout: .seconds(30)) == 0, "\(first.stderr)")
        let summary = NetworkMatchRun.summary(first)
        #expect(summary["reason"] as? String == "forfeit", "\(summary)")
        #expect(summary["winner"] as? Int == 1)
        #expect(first.stderr.contains("drops forfeits"))
        try await Task.sleep(for: .seconds(1))
        let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["reason"] as? String == "forfeit")
        #expect(try await run.stop() == 0)
        #expect(try await run.index().first?["result"] as? String == "forfeit")
    }
}
