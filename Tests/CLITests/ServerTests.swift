import FoglineNet
import FoglineReplay
import FoglineServer
import FoglineSim
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
            // Frames run as the server's arrive: on loopback a stall is a rare hiccup, not every frame.
            #expect((summary["stalled_frames"] as? Int ?? .max) < 150, "\(summary)")
            #expect((summary["stall_ms"] as? Int ?? .max) < 3000, "\(summary)")
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

    @Test("SIGTERM while 20 matches run: each ends as server_shutdown, every replay verifies, the server exits 0")
    func shutdown() async throws {
        let run = try await ServerRun.start("serve-stop")
        var clients: [ChildProcess] = []
        var codes: [String] = []
        for index in 0..<20 {
            let (opener, code) = try await run.newMatch("a\(index)")
            clients += [opener, try run.client("b\(index)", ["--match", code])]
            codes.append(code)
        }
        try await Task.sleep(for: .seconds(5))
        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        #expect(run.server.stderr.contains("stopping: 20 matches end as server_shutdown"))
        for client in clients {
            #expect(try await client.wait(timeout: .seconds(40)) == 0, "\(client.stderr)")
            #expect(client.stderr.contains("the server is stopping"), "\(client.stderr)")
        }
        let index = try await run.index()
        #expect(index.count == 20)
        #expect(index.allSatisfy { $0["result"] as? String == "server_shutdown" }, "\(index)")
        for code in codes {
            let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
            #expect(verify.status == 0, "\(code): \(verify.stderr)")
            #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["reason"] as? String == "server_shutdown")
        }
        // A restart finds nothing unfinished; a killed server's matches would be marked interrupted.
        let again = try await FoglineBinary.run(["serve", "--list", "--data", run.data], binary: NetworkMatchRun.binary)
        #expect(again.stdout.split(separator: "\n").count == 20)
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

    @Test("A seated hostile client is refused packet by packet, kicked past the limit, and changes nothing of the match")
    func seatedHostileClient() async throws {
        let run = try await ServerRun.start("serve-seated-hostile", ["--frame-limit", "900"])
        let (bot, code) = try await run.newMatch("ada")
        // Mallory takes the free seat; beside her, a connection that never says hello.
        async let silent = onThread { try Attacker.silentConnection(port: run.port, patience: .seconds(12)) }
        let report = try await onThread { try SeatedAttacker.hostileSeat(port: run.port, code: code) }
        let quiet = try await silent

        // Seated like anyone, and played like a player until the attacks began.
        #expect(report.seated?.code == code && report.seated?.seat == 2, "\(report)")
        #expect(report.start?.assignedPlayer == 2 && report.start?.frameLimit == 900, "\(report)")
        #expect(report.ownAcknowledged >= 90, "the server took Mallory's own inputs as a player's: \(report)")
        // A hello again in the middle of the match is a repeat, not an offence: the frames go on.
        #expect(report.framesAfterHello >= report.framesAtHello + 15, "\(report)")
        #expect(report.endedBeforeAttacks == nil, "\(report)")
        // Then the attacks: refused one by one, and past the limit the seat is told and let go.
        #expect(report.sent["foreign"] ?? 0 >= 1 && report.sent["window"] ?? 0 >= 1 && report.sent["flood"] ?? 0 >= 1, "\(report)")
        #expect(report.leave?.reason == .kicked, "\(report)")
        #expect(report.leave?.text.hasPrefix("kicked after \(SeatedAttacker.violationLimit + 1) refused packets") == true, "\(report)")
        #expect(report.disconnected, "\(report)")

        // The silent connection is dropped after the hello timeout (5 s), not before and not much later.
        #expect(quiet.connected)
        let dropped = try #require(quiet.droppedAfter, "the silent connection was never dropped")
        #expect(dropped >= .milliseconds(4500) && dropped < .seconds(8), "dropped after \(dropped)")

        // The match goes on for the bot, to its end, and the server's replay agrees with it.
        #expect(try await bot.wait(timeout: .seconds(90)) == 0, "\(bot.stderr)")
        let summary = NetworkMatchRun.summary(bot)
        let entry = try await ServerTerminalTests.indexEntry(run, code: code)
        // The kicked seat keeps its (empty) place for the rejoin window (60 s), longer than
        // the match: it ends at the frame limit, nobody forfeits.
        #expect(summary["end"] as? String == "frame_limit" && summary["reason"] as? String == "frame_limit", "\(summary)")
        #expect(summary["frames"] as? Int == 900, "\(summary)")
        #expect(entry["result"] as? String == "frame_limit", "\(entry)")
        #expect(entry["frames"] as? Int == 900, "\(entry)")
        #expect((summary["longest_stall_ms"] as? Int ?? .max) < 1000, "the attack never held the bot up: \(summary)")
        let path = "\(run.data)/\(code).fogrep"
        let verify = try await FoglineBinary.run(["verify", path], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(summary["hash"] as? String != nil)
        #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["hash"] as? String == summary["hash"] as? String, "\(verify.stdout)")
        // Nothing Mallory sent reached the match: not the orders for player 1, not the flood,
        // not the far frames; her own empty frames leave player 2 with no command at all.
        let recorded = try ReplayReader.read(path: path)
        let commands = recorded.inputs.flatMap { $0.input.commands.joined() }
        #expect(!commands.isEmpty, "the bot's orders are in the replay")
        #expect(!commands.contains { $0.text.contains(SeatedAttacker.mark) }, "\(commands.filter { $0.text.contains(SeatedAttacker.mark) }.prefix(3))")
        #expect(recorded.inputs.allSatisfy { $0.input[player: 2].isEmpty })

        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        let log = run.server.stderr
        #expect(log.contains("kicked seat 2 of match \(code)"), "\(log)")
        #expect(log.contains("no hello within"), "\(log)")
        let refusals = log.split(separator: "\n").filter { $0.contains("refused a packet of match \(code): seat 2: ") }
        #expect(refusals.count == SeatedAttacker.violationLimit + 1, "\(refusals.joined(separator: "\n"))")
        #expect(refusals.contains { $0.contains("inputs for player 1 from seat 2") })
        #expect(refusals.contains { $0.contains("beyond the window") })
        #expect(refusals.contains { $0.contains("more than \(SeatedAttacker.commandsPerSecond) commands a second") })
        #expect(!log.contains("refused a packet of match \(code): seat 1"), "the bot broke no rule: \(log)")
        #expect(!log.contains("token"))
    }

    @Test("Inputs for the last frames the wire can name are refused like any beyond the window; the server and its match go on")
    func lastFrames() async throws {
        let run = try await ServerRun.start("serve-last-frames", ["--frame-limit", "300"])
        let (bot, code) = try await run.newMatch("ada")
        let (report, before) = try await onThread { () -> (HostileSeatReport, Int32) in
            let mallory = try SeatedAttacker(port: run.port, code: code)
            guard mallory.join() else { return (mallory.report, -1) }
            mallory.play(for: .seconds(1))
            let before = mallory.serverFrames
            // 64 frames ending at frame 2,147,483,647: valid on the wire, far beyond the window.
            mallory.sendOwnInputs(first: Int32.max - 63, count: 64, kind: "last")
            mallory.play(for: .seconds(2))
            return (mallory.report, before)
        }
        #expect(report.start?.assignedPlayer == 2, "\(report)")
        #expect(report.sent["last"] == 1, "\(report)")
        #expect(run.server.poll() == nil, "the server died: \(run.server.stderr)")
        // One refused packet is no reason to go: the frames kept coming.
        #expect(!report.ended, "\(report)")
        #expect(report.framesAtEnd >= before + 30, "\(report)")
        #expect(try await bot.wait(timeout: .seconds(60)) == 0, "\(bot.stderr)")
        let summary = NetworkMatchRun.summary(bot)
        #expect(summary["end"] as? String == "frame_limit" && summary["frames"] as? Int == 300, "\(summary) \(bot.stderr)")
        #expect(try await run.stop() == 0, "\(run.server.stderr)")
        // However the server words it, the packet is refused as beyond the window.
        let refusals = run.server.stderr.split(separator: "\n").filter { $0.contains("refused a packet of match \(code): seat 2: ") }
        #expect(refusals.count == 1 && refusals.allSatisfy { $0.contains("beyond the window") }, "\(run.server.stderr)")
    }
}

/// What Mallory saw from her seat (`SeatedAttacker`).
struct HostileSeatReport: Sendable, CustomStringConvertible {
    var seated: WireSeated?
    var start: WireMatchStart?
    /// The server's frames held, contiguous, when the hello was repeated and a second later.
    var framesAtHello: Int32 = -1
    var framesAfterHello: Int32 = -1
    /// How far the server acknowledged her own inputs before the attacks.
    var ownAcknowledged: Int32 = -1
    /// What ended the seat before the attacks began, if anything did.
    var endedBeforeAttacks: String?
    /// Packets sent, by attack.
    var sent: [String: Int] = [:]
    var leave: (reason: WireLeaveReason, text: String)?
    var disconnected = false
    var refusal: String?
    /// The server's frames held at the end.
    var framesAtEnd: Int32 = -1

    var ended: Bool { leave != nil || disconnected || refusal != nil }

    var description: String {
        "seated \(seated.map { "\($0.code) seat \($0.seat)" } ?? "no"), start \(start.map { "seat \($0.assignedPlayer)" } ?? "no"), "
            + "frames \(framesAtHello)->\(framesAfterHello)->\(framesAtEnd), own acked \(ownAcknowledged), "
            + "ended early \(endedBeforeAttacks ?? "no"), sent \(sent), leave \(leave.map { "\($0.reason) \($0.text)" } ?? "none"), "
            + "disconnected \(disconnected), refusal \(refusal ?? "none")"
    }
}

/// Mallory: an in-test ENet client that takes a seat with a hello of its own and plays
/// like a quiet player (its own empty frames, the server's frames acknowledged), until
/// the test has it break the rules. Blocking: use it on a thread of its own (`onThread`).
final class SeatedAttacker {
    let endpoint: ENetEndpoint
    let peer: ENetEndpoint.Peer
    let hello: WireHello
    let clock = ContinuousClock()
    var report = HostileSeatReport()
    /// The server's frames held, contiguous through here, and those beyond a gap.
    var serverFrames: Int32 = -1
    var serverAhead: Set<Int32> = []
    /// Her own input frames entered, and acknowledged by the server.
    var ownNewest = Rules.inputDelay - 1
    var ownAcked = Rules.inputDelay - 1

    /// Connects to the server on `port` and asks for the free seat of match `code`.
    init(port: Int, code: String) throws {
        endpoint = try ENetEndpoint()
        peer = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
        hello = WireHello(mapHash: 0, playerName: "mallory", role: .player, seat: .join(code: code))
    }

    func send(_ message: WireMessage) {
        guard let bytes = try? message.encode() else { return }
        endpoint.send(bytes, to: peer, delivery: Delivery.of(message.kind))
    }

    /// Waits (up to 10 s) for the seat and the match header; false if they did not come.
    func join() -> Bool {
        let joinBy = clock.now + .seconds(10)
        while report.start == nil && !report.ended && clock.now < joinBy { play(for: .milliseconds(50)) }
        return report.start != nil
    }

    /// Services the link for `duration`, behaving as a player each `period`, and doing `also` then.
    func play(for duration: Duration, every period: Duration = .milliseconds(33), also: (() -> Void)? = nil) {
        let until = clock.now + duration
        var nextSend = clock.now
        while clock.now < until && !report.ended {
            for event in endpoint.service(timeoutMilliseconds: 5) { take(event) }
            guard report.start != nil, clock.now >= nextSend else { continue }
            nextSend = clock.now + period
            // As a client does: running server frame F enters her own frame F + 3 (empty).
            ownNewest = max(ownNewest, serverFrames + Rules.inputDelay)
            if ownNewest > ownAcked {
                let first = ownAcked + 1, last = min(ownNewest, first + 63)
                send(.inputs(
                    player: 2, firstFrame: first, frames: Array(repeating: FrameInput(), count: Int(last - first + 1)),
                    ackThrough: serverFrames >= 0 ? serverFrames : nil))
            }
            if serverFrames >= 0 { send(.ack(player: 0, throughFrame: serverFrames)) }
            also?()
            endpoint.flush()
        }
        report.framesAtEnd = serverFrames
    }

    /// Waits up to `timeout` for the server to let her go.
    func awaitGoodbye(_ timeout: Duration) {
        let until = clock.now + timeout
        while !report.disconnected && clock.now < until {
            for event in endpoint.service(timeoutMilliseconds: 20) { take(event) }
        }
    }

    private func take(_ event: ENetEndpoint.Event) {
        switch event {
        case .connected:
            send(.hello(hello))
        case .disconnected:
            report.disconnected = true
        case .received(_, let bytes):
            switch try? WireMessage.decode(bytes) {
            case .seated(let seated)?: report.seated = seated
            case .matchStart(let start)?: report.start = start
            case .inputs(0, let first, let frames, let ack)?:
                for frame in first..<(first + Int32(frames.count)) where frame > serverFrames { serverAhead.insert(frame) }
                while serverAhead.remove(serverFrames + 1) != nil { serverFrames += 1 }
                if let ack { ownAcked = max(ownAcked, ack) }
            case .ack(2, let through?)?: ownAcked = max(ownAcked, through)
            case .leave(let reason, let text)?: report.leave = (reason, text)
            case .refused(let text)?: report.refusal = text
            default: break
            }
        }
    }

    /// The relay's rules (docs/PROTOCOL.md, "Through a server").
    static let violationLimit = MatchRelay.violationLimit
    static let commandsPerSecond = MatchRelay.commandsPerSecond
    /// In the text of every command Mallory sends, so the replay can be searched for it.
    static let mark = "(mallory)"

    /// Inputs for the other seat, with an order it would obey, for a frame still open.
    func sendForeignInputs() {
        let attack = PlayerCommand(
            text: "all units attack \(Self.mark)", orders: [Order(units: Array(1...10), action: .attack, target: .nearestEnemy(nil))])
        send(.inputs(player: 1, firstFrame: serverFrames + 5, frames: [FrameInput(player1: [attack])], ackThrough: serverFrames))
        report.sent["foreign", default: 0] += 1
    }

    /// Her own inputs (an order each) for `count` frames from `first`.
    func sendOwnInputs(first: Int32, count: Int, kind: String) {
        let far = FrameInput(player2: [PlayerCommand(text: "hold the far future \(Self.mark)", orders: [Order(units: [1], action: .stop)])])
        send(.inputs(player: 2, firstFrame: first, frames: Array(repeating: far, count: count), ackThrough: serverFrames))
        report.sent[kind, default: 0] += 1
    }

    /// The whole attack of the seated-hostile test: a few seconds of honest play, a hello
    /// again, then each rule broken in turn: inputs for player 1 carrying a real order,
    /// her own inputs far beyond the window, a flood of commands, and more inputs for
    /// player 1 until the server lets her go.
    static func hostileSeat(port: Int, code: String) throws -> HostileSeatReport {
        let mallory = try SeatedAttacker(port: port, code: code)
        guard mallory.join() else { return mallory.report }
        mallory.play(for: .seconds(4))
        mallory.report.framesAtHello = mallory.serverFrames
        mallory.send(.hello(mallory.hello))
        mallory.play(for: .seconds(1))
        mallory.report.framesAfterHello = mallory.serverFrames
        mallory.report.ownAcknowledged = mallory.ownAcked
        if mallory.report.ended { mallory.report.endedBeforeAttacks = "\(mallory.report)" }

        for _ in 0..<6 where !mallory.report.ended {
            mallory.play(for: .milliseconds(60))
            mallory.sendForeignInputs()
        }
        for offset in [200, 5_000, 1_000_000] as [Int32] where !mallory.report.ended {
            mallory.play(for: .milliseconds(60))
            mallory.sendOwnInputs(first: mallory.serverFrames + offset, count: 2, kind: "window")
        }
        // A flood: packets of 16 frames of 8 commands each, 50 a second for two seconds.
        let flood = FrameInput(
            player2: (0..<8).map { PlayerCommand(text: "flood \($0) \(mark)", orders: [Order(units: [2], action: .retreat)]) })
        mallory.play(for: .seconds(2), every: .milliseconds(20)) {
            mallory.send(.inputs(
                player: 2, firstFrame: mallory.ownNewest + 1, frames: Array(repeating: flood, count: 16), ackThrough: mallory.serverFrames))
            mallory.report.sent["flood", default: 0] += 1
        }
        var more = 0
        while !mallory.report.ended && more < 3 * violationLimit {
            mallory.play(for: .milliseconds(50))
            mallory.sendForeignInputs()
            more += 1
        }
        mallory.awaitGoodbye(.seconds(8))
        return mallory.report
    }
}

extension Attacker {
    /// Connects and says nothing; returns whether it connected and how long after that
    /// the server dropped it (nil if it had not within `patience`).
    static func silentConnection(port: Int, patience: Duration) throws -> (connected: Bool, droppedAfter: Duration?) {
        let endpoint = try ENetEndpoint()
        _ = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
        let clock = ContinuousClock()
        var connectedAt: ContinuousClock.Instant?
        let deadline = clock.now + patience
        while clock.now < deadline {
            for event in endpoint.service(timeoutMilliseconds: 20) {
                switch event {
                case .connected: connectedAt = clock.now
                case .disconnected: return (connectedAt != nil, connectedAt.map { clock.now - $0 })
                default: break
                }
            }
        }
        return (connectedAt != nil, nil)
    }

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

    @Test("A client killed at about frame 1,500 runs the same command again, takes its seat back and ends with equal hashes")
    func rejoin() async throws {
        let run = try await ServerRun.start("serve-rejoin", ["--frame-limit", "3000"])
        let first = try Self.client(run, "stays", ["--new"], home: "a")
        let said = try await first.waitForStderr(containing: "waiting for the other player", timeout: .seconds(20))
        let code = String(said[said.range(of: #"[A-Z0-9]{3}-[A-Z0-9]{3}"#, options: .regularExpression)!])
        let dropped = try Self.client(run, "drops", ["--match", code], home: "b")
        // Frame 1,500 closes 50 s after the match started (30 frames a second on the server's clock).
        _ = try await run.server.waitForStderr(containing: "match \(code) started on", timeout: .seconds(20))
        let startedAt = ContinuousClock.now
        try await Task.sleep(until: startedAt + .seconds(50))
        dropped.signal(SIGKILL)
        _ = try await dropped.wait(timeout: .seconds(10))
        #expect(dropped.signalled == true, "the client ended before it was killed: \(dropped.stderr)")
        try await Task.sleep(for: .seconds(2))
        // The token was kept under XDG_STATE_HOME, mode 0600: the same command retakes the seat.
        let seats = "\(run.directory)/home-b/fogline/seats"
        let kept = try FileManager.default.contentsOfDirectory(atPath: seats)
        #expect(kept.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(seats)/\(kept[0])")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let back = try Self.client(run, "back", ["--match", code], home: "b")
        #expect(try await back.wait(timeout: .seconds(120)) == 0, "\(back.stderr)")
        #expect(try await first.wait(timeout: .seconds(30)) == 0, "\(first.stderr)")
        let stays = NetworkMatchRun.summary(first), returned = NetworkMatchRun.summary(back)
        #expect(returned["player"] as? Int == 2)
        #expect(stays["frames"] as? Int == 3000 && returned["frames"] as? Int == 3000)
        #expect(stays["hash"] as? String == returned["hash"] as? String, "\(stays) \(returned)")
        #expect((stays["longest_stall_ms"] as? Int ?? .max) < 1000, "the player who stayed never waited for the drop: \(stays)")
        #expect(try await run.stop() == 0)
        let log = run.server.stderr
        #expect(log.contains("took back seat 2 of match \(code)"), "\(log)")
        // Killed at about frame 1,500: its replay holds what it flushed, up to the last whole
        // second; the seat came back a few seconds later (a busy machine may wake the test late).
        let killed = try ReplayReader.read(path: "\(run.directory)/drops.fogrep")
        #expect((1400...1700).contains(killed.endFrame), "the killed client's replay ends at frame \(killed.endFrame)")
        let tookBack = log.range(of: #"took back seat 2 of match [A-Z0-9-]+ at frame \d+"#, options: .regularExpression)
            .flatMap { Int(log[$0].split(separator: " ").last!) }
        #expect((1500...1800).contains(tookBack ?? 0), "\(log)")
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

@Suite("A desync through the server", .serialized)
struct ServerDesyncTests {
    @Test("Differing hashes end the match as a desync on both sides; the server keeps its replay and both players' dumps")
    func desync() async throws {
        let run = try await ServerRun.start("serve-desync", ["--frame-limit", "900"])
        let (first, code) = try await run.newMatch("a")
        let second = try run.client("b", ["--match", code, "--test-desync-after", "100"])
        #expect(try await first.wait(timeout: .seconds(60)) == 2, "\(first.stderr)")
        #expect(try await second.wait(timeout: .seconds(30)) == 2, "\(second.stderr)")
        for client in [first, second] {
            let summary = NetworkMatchRun.summary(client)
            #expect(summary["end"] as? String == "desync", "\(summary)")
            #expect(summary["reason"] as? String == "desync", "\(summary)")
            #expect(summary["winner"] is NSNull, "\(summary)")
            // The first hash after the change, frame 120, is where they part.
            #expect(summary["desync_frame"] as? Int == 120, "\(summary)")
        }
        // Both players' states after frame 120, as the server received them, beside its replay
        // (written by the server's archive thread, which may be a moment behind on a busy machine).
        var dumps: [String] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while clock.now < deadline {
            dumps = (1...2).compactMap { try? String(contentsOfFile: "\(run.data)/\(code).desync-p\($0).json", encoding: .utf8) }
            if dumps.count == 2 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        try #require(dumps.count == 2, "the server kept \(dumps.count) of the two dumps")
        #expect(dumps.allSatisfy { !$0.isEmpty })
        #expect(dumps[0] != dumps[1], "the two states differ")
        let entry = try await ServerTerminalTests.indexEntry(run, code: code)
        #expect(entry["result"] as? String == "desync", "\(entry)")
        let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["reason"] as? String == "desync", "\(verify.stdout)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("match \(code) ended after"), "\(run.server.stderr)")
        #expect(run.server.stderr.contains("kept for the desync"), "\(run.server.stderr)")
    }
}

extension RejoinTests {
    @Test("When both seats stay away past the rejoin window nobody wins: the index and the replay say connection_lost")
    func bothGone() async throws {
        let run = try await ServerRun.start("serve-both-gone", ["--rejoin-window", "3"])
        let (first, code) = try await run.newMatch("a")
        let second = try run.client("b", ["--match", code])
        _ = try await run.server.waitForStderr(containing: "match \(code) started on", timeout: .seconds(20))
        try await Task.sleep(for: .seconds(3))
        first.signal(SIGKILL)
        second.signal(SIGKILL)
        let entry = try await ServerTerminalTests.indexEntry(run, code: code, timeout: .seconds(30))
        #expect(entry["result"] as? String == "connection_lost", "\(entry)")
        #expect(entry["winner"] is NSNull, "\(entry)")
        let verify = try await FoglineBinary.run(["verify", "\(run.data)/\(code).fogrep"], binary: NetworkMatchRun.binary)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(NetworkMatchRun.lastLineJSON(verify.stdout)["reason"] as? String == "connection_lost", "\(verify.stdout)")
        #expect(try await run.stop() == 0)
        #expect(run.server.stderr.contains("both seats gone past the rejoin window"), "\(run.server.stderr)")
    }
}
