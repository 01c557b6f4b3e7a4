import FoglineNet
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The link shaper and the datagram relay below ENet")
struct LinkShaperTests {
    @Test("An outage loses everything inside its window of match time, and nothing before the match clock starts")
    func outage() {
        let outage = NetConditions.Outage("2:3")!
        var shaper = LinkShaper(conditions: NetConditions(outage: outage), seed: 1)
        #expect(shaper.admit(size: 50, now: .seconds(3)).count == 1, "no match clock yet: no outage")
        shaper.matchStart = .seconds(10)
        var passed: [Int] = []
        for ms in stride(from: 10_000, to: 17_000, by: 100) where !shaper.admit(size: 50, now: .milliseconds(ms)).isEmpty {
            passed.append(ms - 10_000)
        }
        #expect(!passed.contains { (2000..<5000).contains($0) })
        #expect(passed.count == 70 - 30)
        #expect(shaper.lostInOutage == 30)
    }

    @Test("A rate cap sends datagrams one after another, headers counted, and drops what would wait over a second")
    func rateCap() {
        var shaper = LinkShaper(conditions: NetConditions(rateKilobits: 32), seed: 1)
        // 72 bytes + 28 of headers = 800 bits: 25 ms each at 32 kbit/s.
        let arrivals = (0..<100).map { _ in shaper.admit(size: 72, now: .zero) }
        let sent = arrivals.compactMap(\.first)
        #expect(sent.first == .milliseconds(25))
        #expect(zip(sent, sent.dropFirst()).allSatisfy { $1 - $0 == .milliseconds(25) })
        // Those that would start after 1 s of waiting are dropped: 41 start within it.
        #expect(sent.count == 41)
        #expect(shaper.overflowed == 59)
        // Once the queue has drained, the link takes datagrams again at once.
        #expect(shaper.admit(size: 72, now: .seconds(5)) == [.seconds(5) + .milliseconds(25)])
    }

    @Test("Outage strings are AT:SECONDS with positive lengths")
    func outageParsing() {
        #expect(NetConditions.Outage("30:20") == NetConditions.Outage(start: .seconds(30), length: .seconds(20)))
        #expect(NetConditions.Outage("0:0.5")?.length == .milliseconds(500))
        for bad in ["30", "30:", ":20", "30:0", "-1:5", "a:b", "1:2:3"] { #expect(NetConditions.Outage(bad) == nil, "\(bad)") }
        #expect(NetConditions(rateKilobits: 0).problem?.contains("--net-rate") == true)
    }

    @Test("The relay forwards real UDP datagrams, delaying what goes out and leaving what comes back alone")
    func relayOverLoopback() throws {
        let target = try UDPSocket()
        let relay = try DatagramRelay.toward(
            host: "127.0.0.1", port: target.port, conditions: NetConditions(delayMilliseconds: 80), seed: 1)
        defer { relay.stop() }
        let client = try UDPSocket()
        let clock = ContinuousClock()
        let sentAt = clock.now
        client.send([1, 2, 3], to: relay.frontPort)
        let (bytes, from) = try #require(target.receive(timeout: .seconds(2)))
        #expect(bytes == [1, 2, 3])
        #expect(clock.now - sentAt >= .milliseconds(80), "delayed on the way out")
        // The answer goes back through the relay's own socket for that client, undelayed.
        let answeredAt = clock.now
        target.send([9], to: from)
        let (answer, answerFrom) = try #require(client.receive(timeout: .seconds(2)))
        #expect(answer == [9])
        #expect(answerFrom == relay.frontPort)
        #expect(clock.now - answeredAt < .milliseconds(60))
    }

    @Test("A relay losing everything passes nothing out, while datagrams coming in still pass")
    func relayTotalLoss() throws {
        let inside = try UDPSocket()
        let relay = try DatagramRelay.inFront(
            of: inside.port, publicPort: 0, conditions: NetConditions(lossPercent: 100), seed: 1)
        defer { relay.stop() }
        let outside = try UDPSocket()
        outside.send([7, 7], to: relay.frontPort)
        let (bytes, from) = try #require(inside.receive(timeout: .seconds(2)))
        #expect(bytes == [7, 7])
        inside.send([8], to: from)
        #expect(outside.receive(timeout: .milliseconds(300)) == nil)
    }
}

/// A plain UDP socket on 127.0.0.1 for the relay tests.
final class UDPSocket {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var address = Self.loopback(0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw NetError("cannot bind a test socket") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(fd) }

    static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    func send(_ bytes: [UInt8], to port: UInt16) {
        var address = Self.loopback(port)
        _ = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// One datagram and the port it came from, or nil when none came in time.
    func receive(timeout: Duration) -> ([UInt8], UInt16)? {
        var poller = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        guard poll(&poller, 1, Int32(timeout.wholeMilliseconds)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        var from = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[0..<count]), UInt16(bigEndian: from.sin_port))
    }
}
