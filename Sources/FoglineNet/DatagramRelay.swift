import Foundation
import FoglineSim

#if canImport(Glibc)
    import Glibc
#endif

/// A UDP relay between ENet's socket and the network that degrades the datagrams one
/// way on purpose: the conditioner below ENet.
///
/// ENet never sees the relay: it talks to a loopback port, and the relay forwards each
/// datagram to where it was going after a `LinkShaper` has decided whether it is lost
/// and when it arrives. So loss, delay, reordering, a bandwidth cap and an outage hit
/// ENet's own packets (acknowledgements, retransmissions, fragments, pings) exactly as
/// a bad network would.
///
/// A relay has a *front* socket that many addresses may send to, and for each of them
/// a *back* socket connected to one fixed target:
/// - host side (`inFront(of:publicPort:)`): the front is the public port, the target is
///   ENet's loopback port; what ENet sends out (back to front) is degraded;
/// - joining side (`toward(host:port:)`): the front is a loopback port ENet connects to,
///   the target is the remote host; what ENet sends (front to back) is degraded.
///
/// The relay runs on a thread of its own that owns every socket and queue; the only
/// shared state is the match clock's start and the stop flag, behind a lock.
public final class DatagramRelay: @unchecked Sendable {
    /// The port the front socket is bound to.
    public let frontPort: UInt16
    private let front: Int32
    private let target: sockaddr_in
    private let degradeOutbound: Bool
    private let bindBackToLoopback: Bool
    private var shaper: LinkShaper
    private let clock = MonotonicClock()
    private let lock = NSLock()
    private var stopping = false
    private var sharedMatchStart: Duration?
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// Front addresses the relay serves at once; datagrams from more are dropped.
    public static let maximumSources = 64

    private struct Source {
        var address: sockaddr_in
        var back: Int32
        var lastUsed: Duration
    }

    /// A source silent this long loses its back socket (a scanner, an old connection).
    static let sourceIdleLimit = Duration.seconds(120)

    private enum Way { case toTarget(back: Int32), toFront(address: sockaddr_in) }
    private var sources: [Source] = []
    private var held = DueQueue<(bytes: [UInt8], way: Way)>()

    /// The host side: listens on `publicPort` (0: any) on every interface and forwards to
    /// ENet on `localPort` of 127.0.0.1; what ENet sends back out is degraded.
    public static func inFront(of localPort: UInt16, publicPort: UInt16, conditions: NetConditions, seed: UInt64) throws
        -> DatagramRelay
    {
        try DatagramRelay(
            frontAddress: INADDR_ANY, frontPort: publicPort, target: Self.address(0x7F00_0001, localPort),
            degradeOutbound: false, bindBackToLoopback: true, conditions: conditions, seed: seed)
    }

    /// The joining side: listens on a loopback port for ENet and forwards to `host:port`;
    /// what ENet sends is degraded.
    public static func toward(host: String, port: UInt16, conditions: NetConditions, seed: UInt64) throws -> DatagramRelay {
        var resolved = in_addr()
        if inet_pton(AF_INET, host, &resolved) != 1 {
            guard let entry = gethostbyname(host), entry.pointee.h_length == 4, let first = entry.pointee.h_addr_list[0] else {
                throw NetError("cannot resolve the host name \"\(host)\"")
            }
            memcpy(&resolved, first, 4)
        }
        return try DatagramRelay(
            frontAddress: 0x7F00_0001, frontPort: 0, target: Self.address(UInt32(bigEndian: resolved.s_addr), port),
            degradeOutbound: true, bindBackToLoopback: false, conditions: conditions, seed: seed)
    }

    private init(
        frontAddress: UInt32, frontPort: UInt16, target: sockaddr_in, degradeOutbound: Bool, bindBackToLoopback: Bool,
        conditions: NetConditions, seed: UInt64
    ) throws {
        let (fd, port) = try Self.openSocket(address: frontAddress, port: frontPort)
        front = fd
        self.frontPort = port
        self.target = target
        self.degradeOutbound = degradeOutbound
        self.bindBackToLoopback = bindBackToLoopback
        shaper = LinkShaper(conditions: conditions, seed: seed)
        // The thread holds the relay until `stop()`: stopping is the owner's job (ENetEndpoint's deinit).
        let thread = Thread { self.run() }
        thread.name = "fogline-relay"
        self.thread = thread
        thread.start()
    }

    /// Starts the match clock the outage counts from (the first frame), once.
    public func startMatchClock() {
        lock.withLock { if sharedMatchStart == nil { sharedMatchStart = clock.now } }
    }

    /// Stops the thread, lets go of what is held, and closes every socket.
    public func stop() {
        let wasRunning = lock.withLock {
            defer { stopping = true }
            return !stopping
        }
        guard wasRunning else { return }
        finished.wait()
    }

    // MARK: The relay thread

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !lock.withLock({ stopping }) {
            if shaper.matchStart == nil { shaper.matchStart = lock.withLock { sharedMatchStart } }
            var fds = [pollfd(fd: front, events: Int16(POLLIN), revents: 0)]
            fds += sources.map { pollfd(fd: $0.back, events: Int16(POLLIN), revents: 0) }
            // Wake for the next held datagram, and at least every 50 ms to see a stop.
            var timeout: Int32 = 50
            if let due = held.nextDue {
                let wait = due - clock.now + .microseconds(999)
                timeout = Int32(clamping: max(0, min(50, wait.wholeMilliseconds)))
            }
            if poll(&fds, nfds_t(fds.count), timeout) > 0 {
                // An error (an ICMP "port unreachable" on a connected socket) is read to clear it,
                // or poll would report it again at once, forever.
                let ready = Int16(POLLIN) | Int16(POLLERR)
                if fds[0].revents & ready != 0 { drainFront(&buffer) }
                for (index, entry) in fds.dropFirst().enumerated() where entry.revents & ready != 0 {
                    drainBack(sources[index], &buffer)
                }
            }
            expireIdleSources()
            for datagram in held.takeDue(now: clock.now) { deliver(datagram.bytes, datagram.way) }
        }
        // What is still held goes now: a goodbye must not be lost to the relay stopping.
        for datagram in held.takeAll() { deliver(datagram.bytes, datagram.way) }
        for source in sources { close(source.back) }
        close(front)
        finished.signal()
    }

    private func drainFront(_ buffer: inout [UInt8]) {
        while true {
            var from = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(front, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), $0, &length)
                    }
                }
            }
            guard count >= 0 else { return }
            guard let back = back(for: from) else { continue }
            pass(Array(buffer[0..<count]), .toTarget(back: back), degrade: degradeOutbound)
        }
    }

    private func expireIdleSources() {
        let now = clock.now
        for source in sources where now - source.lastUsed > Self.sourceIdleLimit { close(source.back) }
        sources.removeAll { now - $0.lastUsed > Self.sourceIdleLimit }
    }

    private func drainBack(_ source: Source, _ buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source.back, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count >= 0 else { return }
            pass(Array(buffer[0..<count]), .toFront(address: source.address), degrade: !degradeOutbound)
        }
    }

    private func pass(_ bytes: [UInt8], _ way: Way, degrade: Bool) {
        guard degrade else { return deliver(bytes, way) }
        for due in shaper.admit(size: bytes.count, now: clock.now) { held.hold((bytes, way), until: due) }
        for datagram in held.takeDue(now: clock.now) { deliver(datagram.bytes, datagram.way) }
    }

    private func deliver(_ bytes: [UInt8], _ way: Way) {
        bytes.withUnsafeBytes { raw in
            switch way {
            case .toTarget(let back):
                _ = Glibc.send(back, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT))
            case .toFront(var address):
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(front, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
    }

    /// The back socket for datagrams from `address`, made on first sight.
    private func back(for address: sockaddr_in) -> Int32? {
        if let known = sources.firstIndex(where: {
            $0.address.sin_addr.s_addr == address.sin_addr.s_addr && $0.address.sin_port == address.sin_port
        }) {
            sources[known].lastUsed = clock.now
            return sources[known].back
        }
        guard sources.count < Self.maximumSources,
            let (fd, _) = try? Self.openSocket(address: bindBackToLoopback ? 0x7F00_0001 : INADDR_ANY, port: 0)
        else { return nil }
        var target = self.target
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        sources.append(Source(address: address, back: fd, lastUsed: clock.now))
        return fd
    }

    // MARK: Sockets

    private static func address(_ host: UInt32, _ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = host.bigEndian
        return address
    }

    /// A UDP socket bound to `address:port` (host byte order; port 0: any), and the port it got.
    private static func openSocket(address: UInt32, port: UInt16) throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw NetError("cannot open a UDP socket for the link conditioner") }
        var bound = Self.address(address, port)
        let result = withUnsafePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw NetError("cannot listen on UDP port \(port): is it in use by another program?")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: bound.sin_port))
    }
}
