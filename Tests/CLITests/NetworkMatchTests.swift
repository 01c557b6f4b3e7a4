import CENet
import Foundation
import FoglineNet
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two processes of the built binary playing over real ENet on 127.0.0.1.
///
/// Each match runs in real time (3,000 frames take 100 s), so the tests wait
/// asynchronously and run side by side.
@Suite("Network matches between two processes")
struct NetworkMatchTests {
    /// Checks what both sides of a finished run agree on, and returns their summaries.
    @discardableResult
    static func expectAgreement(_ run: NetworkMatchRun, frames: Int, statuses: (host: Int32, join: Int32)) async throws -> [[String: Any]] {
        #expect(statuses.host == 0, "host: \(run.host.stderr)")
        #expect(statuses.join == 0, "join: \(run.join.stderr)")
        let host = NetworkMatchRun.summary(run.host), join = NetworkMatchRun.summary(run.join)
        #expect(host["frames"] as? Int == frames)
        #expect(join["frames"] as? Int == frames)
        #expect(host["hash"] as? String != nil)
        #expect(host["hash"] as? String == join["hash"] as? String)
        #expect(host["end"] as? String == "frame_limit")
        #expect(join["end"] as? String == "frame_limit")
        #expect(host["stalled_frames"] is Int && join["stalled_frames"] is Int)
        #expect(host["rtt_ms"] is Int && join["rtt_ms"] is Int)
        #expect(host["player"] as? Int == 1 && join["player"] as? Int == 2)
        // Both replays re-simulate to the hashes they recorded.
        for name in ["host.fogrep", "join.fogrep"] {
            let verify = try await FoglineBinary.run(["verify", run.path(name)], binary: NetworkMatchRun.binary)
            #expect(verify.status == 0, "\(name): \(verify.stdout) \(verify.stderr)")
        }
        return [host, join]
    }

    @Test("3,000 frames, a bot on each side: the same hash on both, and the same as one machine's match")
    func bots() async throws {
        let run = try await NetworkMatchRun.start(
            "bots", shared: ["--as", "bot", "--frames", "3000"], host: ["--seed", "11", "--map", "duel"])
        let summaries = try await Self.expectAgreement(run, frames: 3000, statuses: try await run.finish())
        let local = try await NetworkMatchRun.localSummary(
            ["--p1", "bot", "--p2", "bot", "--seed", "11", "--map", "duel", "--frames", "3000"], in: run.directory)
        #expect(summaries[0]["hash"] as? String == local["hash"] as? String)
    }

    static let hostScript = """
        # player 1, in plain English
        0: scouts move to 20 8
        60: tanks hold facing east
        150: all units attack move to node B
        400: engineer 9 lay a mine
        900: snipers patrol between node A and node C
        1500: 1 2 move to 24 12 then hold facing north
        """
    static let joinScript = """
        # player 2, in plain English
        10: tanks hold facing west
        90: all units attack move to node B
        700: scouts move to 30 16
        1200: medics move to node B
        2000: everyone attack move to node A
        """

    @Test("3,000 frames, English scripts on both sides: equal hashes, and the same as one machine's match")
    func scripts() async throws {
        let run = try await NetworkMatchRun.start(
            "scripts", shared: ["--frames", "3000"], host: ["--as", "script:p1.txt", "--seed", "5"],
            join: ["--as", "script:p2.txt"],
            prepare: { directory in
                try Self.hostScript.write(toFile: "\(directory)/p1.txt", atomically: true, encoding: .utf8)
                try Self.joinScript.write(toFile: "\(directory)/p2.txt", atomically: true, encoding: .utf8)
            })
        let summaries = try await Self.expectAgreement(run, frames: 3000, statuses: try await run.finish())
        let local = try await NetworkMatchRun.localSummary(
            ["--p1", "script:p1.txt", "--p2", "script:p2.txt", "--seed", "5", "--frames", "3000"], in: run.directory)
        #expect(summaries[0]["hash"] as? String == local["hash"] as? String)
    }

    @Test(
        "Under a degraded link the match still ends with equal hashes and no disconnect",
        arguments: [
            ["--net-loss", "1", "--net-delay", "25"],
            ["--net-loss", "5", "--net-delay", "50", "--net-jitter", "10", "--net-reorder", "2"],
            ["--net-loss", "20", "--net-delay", "100"],
        ])
    func degraded(conditions: [String]) async throws {
        let run = try await NetworkMatchRun.start(
            "degraded", shared: ["--as", "bot", "--frames", "3000"] + conditions, host: ["--seed", "21"])
        let summaries = try await Self.expectAgreement(run, frames: 3000, statuses: try await run.finish())
        let delay = Int(conditions[3]) ?? 0
        for summary in summaries {
            // The added delay shows in the measured round trip (it is added on both ways).
            #expect((summary["rtt_ms"] as? Int ?? 0) >= 2 * delay * 8 / 10, "\(summary)")
            #expect(summary["net"] as? String != nil)
        }
    }

    @Test("A peer killed mid-match: after the peer timeout the survivor ends with no winner, both replays open")
    func peerKilled() async throws {
        let run = try await NetworkMatchRun.start(
            "killed", shared: ["--as", "bot", "--frames", "3000"], host: ["--peer-timeout", "5"])
        try await Task.sleep(for: .seconds(5))
        run.join.signal(SIGKILL)
        let clock = ContinuousClock()
        let killedAt = clock.now
        let hostStatus = try await run.host.wait(timeout: .seconds(30))
        // Nothing at all arrives for the 5 s timeout; the exit comes right after.
        // The reaper notes the exit as it happens, so a busy test pool cannot stretch this.
        let exitedAt = try #require(run.host.exitedAt)
        #expect(exitedAt - killedAt >= .seconds(4) && exitedAt - killedAt < .seconds(10), "the host took \(exitedAt - killedAt)")
        #expect(hostStatus == 0, "\(run.host.stderr)")
        let summary = NetworkMatchRun.summary(run.host)
        #expect(summary["end"] as? String == "connection_lost")
        #expect(summary["reason"] as? String == "connection_lost")
        #expect(summary["winner"] is NSNull, "nobody wins a lost connection: \(summary)")
        #expect((summary["frames"] as? Int ?? 3000) < 3000)
        #expect(run.host.stderr.contains("connection lost — 3 s"))
        #expect(run.host.stderr.contains("no winner"))
        let hostVerify = try await FoglineBinary.run(["verify", run.path("host.fogrep")], binary: NetworkMatchRun.binary)
        #expect(hostVerify.status == 0, "\(hostVerify.stdout) \(hostVerify.stderr)")
        #expect(NetworkMatchRun.lastLineJSON(hostVerify.stdout)["reason"] as? String == "connection_lost")
        // The killed side's replay holds what it flushed, up to the last whole second.
        let joinVerify = try await FoglineBinary.run(["verify", run.path("join.fogrep")], binary: NetworkMatchRun.binary)
        #expect(joinVerify.status == 0, "\(joinVerify.stdout) \(joinVerify.stderr)")
        #expect(joinVerify.stderr.contains(": ok,"))
        #expect(NetworkMatchRun.summary(run.join).isEmpty)
    }

    @Test("A forced desync is found at its frame, and both sides write both state dumps beside the replay")
    func forcedDesync() async throws {
        let run = try await NetworkMatchRun.start(
            "desync", shared: ["--as", "bot", "--frames", "3000"], host: ["--test-desync-after", "300"])
        let statuses = try await run.finish(timeout: .seconds(60))
        #expect(statuses.host == 2 && statuses.join == 2, "\(run.host.stderr) \(run.join.stderr)")
        for process in [run.host, run.join] {
            let summary = NetworkMatchRun.summary(process)
            #expect(summary["end"] as? String == "desync")
            #expect(summary["desync_frame"] as? Int == 300)
            #expect((summary["dumps"] as? [String])?.count == 2)
            #expect(process.stderr.contains("desync: state hashes differ after frame 300"))
        }
        let read = { (name: String) in (try? String(contentsOfFile: run.path(name), encoding: .utf8)) ?? "" }
        let hostP1 = read("host.desync-p1.json"), hostP2 = read("host.desync-p2.json")
        let joinP1 = read("join.desync-p1.json"), joinP2 = read("join.desync-p2.json")
        #expect(hostP1.contains("\"frame\": 301"))
        #expect(hostP1 == joinP1)
        #expect(hostP2 == joinP2)
        #expect(hostP1 != hostP2)
        // The replay keeps the perturbed side's hashes: verify finds the frame too.
        let verify = try await FoglineBinary.run(["verify", run.path("host.fogrep")], binary: NetworkMatchRun.binary)
        #expect(verify.status != 0)
        #expect(verify.stdout.contains("301") || verify.stderr.contains("301"), "\(verify.stdout) \(verify.stderr)")
    }

    @Test("A joiner speaking another protocol version is refused with a message naming both versions")
    func versionMismatch() async throws {
        let directory = try NetworkMatchRun.makeDirectory("version")
        let (host, port) = try await NetworkMatchRun.startHost(["--as", "bot"], in: directory)
        let join = try ChildProcess(
            ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--test-protocol-version", "1"],
            binary: NetworkMatchRun.binary, directory: directory)
        let status = try await join.wait(timeout: .seconds(30))
        #expect(status == 1)
        #expect(join.stderr.contains("protocol version mismatch: you speak version 1, this build speaks version 4"), "\(join.stderr)")
        _ = try await host.waitForStderr(containing: "refused", timeout: .seconds(10))
        // The host is still waiting for a proper player; stopping it is clean.
        #expect(host.poll() == nil)
        host.signal(SIGTERM)
        let hostStatus = try await host.wait(timeout: .seconds(10))
        #expect(hostStatus == 130)
        #expect(host.stderr.contains("stopped before anyone joined"))
    }

    @Test("Junk datagrams, garbage packets and an oversized packet thrown at a live host change nothing")
    func hostileTraffic() async throws {
        // 50 s of match: room for the attack (up to 12 s) however late the test pool wakes us.
        let run = try await NetworkMatchRun.start(
            "hostile", shared: ["--as", "bot", "--frames", "1500"], host: ["--seed", "3"])
        _ = try await run.host.waitForStderr(containing: "joined from", timeout: .seconds(20))
        try await Task.sleep(for: .seconds(2))
        #expect(run.host.poll() == nil, "the match ended before the attack: \(run.host.stderr)")
        // The attacks block on their own sockets: on a thread of their own, off the test pool.
        let (connected, refusal) = try await onThread {
            Attacker.sendRawDatagrams(port: run.port)
            return try Attacker.connectAndSendGarbage(port: run.port)
        }
        #expect(connected)
        #expect(refusal == "this host is already playing a match")
        let sent = try await onThread {
            let sent = Attacker.sendOversizedPacket(port: run.port)
            Attacker.sendRawDatagrams(port: run.port)
            return sent
        }
        #expect(sent)
        #expect(run.host.poll() == nil, "the match ended during the attack: \(run.host.stderr)")
        let summaries = try await Self.expectAgreement(run, frames: 1500, statuses: try await run.finish())
        #expect(summaries[0]["malformed_packets"] as? Int == 0)
        let local = try await NetworkMatchRun.localSummary(
            ["--p1", "bot", "--p2", "bot", "--seed", "3", "--frames", "1500"], in: run.directory)
        #expect(summaries[0]["hash"] as? String == local["hash"] as? String)
    }
}

/// Runs blocking work on a thread of its own and waits for it without holding a pool thread.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A third party on the network: raw UDP junk, and an ENet client sending garbage.
enum Attacker {
    /// Datagrams of every awkward size, none of them ENet.
    static func sendRawDatagrams(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var random = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 4, 12, 100, 1200, 1400, 4000, 9000, 60000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
    }

    /// Connects with ENet, sends garbage, a packet over the size limit and a hello;
    /// returns whether it connected and the host's refusal.
    static func connectAndSendGarbage(port: Int) throws -> (connected: Bool, refusal: String?) {
        let endpoint = try ENetEndpoint()
        let peer = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
        var refusal: String?
        var connected = false
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while clock.now < deadline && refusal == nil {
            for event in endpoint.service(timeoutMilliseconds: 20) {
                switch event {
                case .connected:
                    connected = true
                    for delivery in Delivery.allCases {
                        endpoint.send([0xFF, 0x00, 0x13], to: peer, delivery: delivery)
                        endpoint.send(Array(repeating: 0x46, count: 5000), to: peer, delivery: delivery)
                    }
                    if let hello = try? WireMessage.hello(WireHello(mapHash: 0, playerName: "mallory", role: .player)).encode() {
                        endpoint.send(hello, to: peer, delivery: .control)
                    }
                case .received(_, let bytes):
                    if case .refused(let text)? = try? WireMessage.decode(bytes) { refusal = text }
                default:
                    break
                }
            }
        }
        return (connected, refusal)
    }

    /// A 2 MiB reliable packet, over the 1.1 MiB the host accepts, from a client with the
    /// limit raised; returns whether it was sent.
    static func sendOversizedPacket(port: Int) -> Bool {
        _ = try? ENetEndpoint()  // makes sure ENet is initialised in this process
        var address = ENetAddress(host: 0, port: UInt16(port))
        enet_address_set_host(&address, "127.0.0.1")
        guard let client = enet_host_create(nil, 1, 3, 0, 0) else { return false }
        defer { enet_host_destroy(client) }
        client.pointee.maximumPacketSize = 8 << 20
        guard let peer = enet_host_connect(client, &address, 3, 0) else { return false }
        var event = ENetEvent()
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(5)
        var sent = false
        while clock.now < deadline {
            if enet_host_service(client, &event, 20) > 0, event.type == ENET_EVENT_TYPE_CONNECT, !sent {
                let bytes = [UInt8](repeating: 0x4C, count: 2 << 20)
                let packet = bytes.withUnsafeBytes { enet_packet_create($0.baseAddress, $0.count, ENET_PACKET_FLAG_RELIABLE.rawValue) }
                if let packet, enet_peer_send(peer, 0, packet) != 0 { enet_packet_destroy(packet) }
                sent = true
                deadline = clock.now + .seconds(2)  // long enough to push the fragments out
            }
        }
        return sent
    }
}

@Suite("A peer-to-peer host and spectators")
struct HostSpectatorTests {
    @Test("a peer-to-peer host refuses a spectator, saying to use a match server, and still takes a player")
    func refusesSpectators() async throws {
        let directory = try NetworkMatchRun.makeDirectory("host-spectator")
        let (host, port) = try await NetworkMatchRun.startHost(["--as", "bot", "--frames", "90"], in: directory)
        defer { host.signal(SIGKILL) }
        let refusal = try await Task.detached { () throws -> String? in
            let endpoint = try ENetEndpoint()
            let peer = try endpoint.connect(hostName: "127.0.0.1", port: UInt16(port))
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            while clock.now < deadline {
                for event in endpoint.service(timeoutMilliseconds: 20) {
                    switch event {
                    case .connected:
                        let hello = WireMessage.hello(WireHello(mapHash: 0, playerName: "watcher", role: .spectator))
                        endpoint.send(try hello.encode(), to: peer, delivery: Delivery.of(hello.kind))
                    case .received(_, let bytes):
                        if case .refused(let text)? = try? WireMessage.decode(bytes) { return text }
                    default: break
                    }
                }
                endpoint.flush()
            }
            return nil
        }.value
        let text = try #require(refusal, "the host answered the spectator with no refusal")
        #expect(text.contains("takes no spectators") && text.contains("fogline serve"), "\(text)")
        // The host is still there for a player.
        let join = try await FoglineBinary.run(
            ["join", "--headless", "127.0.0.1:\(port)", "--as", "bot", "--frames", "90"], binary: NetworkMatchRun.binary, timeout: .seconds(60))
        #expect(join.status == 0, "\(join.stderr)")
    }
}
