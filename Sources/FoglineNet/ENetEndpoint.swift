import CENet

#if canImport(Glibc)
    import Glibc
#endif

/// Why ENet could not do what was asked.
public struct NetError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One ENet host: a UDP socket serving any number of peers, set up for Fogline.
///
/// The settings are chosen on purpose: three channels (see `Delivery`), a 1,200-byte
/// MTU that fits inside tunnels and VPNs without IP fragmentation, packets no larger
/// than the largest valid message (a `matchStart` with its map), and bounded waiting
/// data per peer. ENet never gives up on a peer by itself and never throttles what we
/// send: ENet judges liveness by one reliable command going unanswered, which on a
/// lossy link happens while most packets still arrive. Whether a peer is gone is the
/// session's call (nothing at all received for the peer timeout).
///
/// With a `DatagramRelay` the socket listens on loopback only and the relay stands
/// between it and the network, degrading the link on purpose.
public final class ENetEndpoint {
    /// A peer of this host.
    public struct Peer: Hashable, @unchecked Sendable {
        let pointer: UnsafeMutablePointer<ENetPeer>
    }

    /// Something that happened on the host.
    public enum Event {
        case connected(Peer)
        case received(Peer, [UInt8])
        case disconnected(Peer, TransportClosure)
    }

    public static let mtu: UInt32 = 1200
    /// The largest packet accepted or sent: a `matchStart` carrying a 1 MiB map.
    public static let maximumPacketSize = WireFormat.maxMatchStartPacketBytes
    /// Bytes a peer may have waiting to be reassembled or delivered.
    public static let maximumWaitingData = 4 << 20
    /// ENet's own timeouts, set so far out (a day) that they never fire: the session decides.
    public static let timeoutMilliseconds: UInt32 = 86_400_000
    public static let pingIntervalMilliseconds: UInt32 = 1000
    /// The word a deliberate disconnect carries, so it is told apart from a timeout.
    static let goodbye: UInt32 = 0x464C_0001

    private let host: UnsafeMutablePointer<ENetHost>
    /// The UDP port others reach this host on: the relay's when there is one, else the socket's own.
    public let port: UInt16
    /// The conditioner between the socket and the network, when the link is degraded on purpose.
    public private(set) var relay: DatagramRelay?
    /// What a connecting endpoint's relay will do to what it sends (clean: no relay).
    private let conditions: NetConditions
    private let seed: UInt64

    /// A host that accepts up to `peerLimit` connections on `port` (0: any free port),
    /// behind a relay that degrades what it sends when `conditions` say so.
    public init(listeningOn port: UInt16, peerLimit: Int, conditions: NetConditions = .clean, seed: UInt64 = 1) throws {
        self.conditions = conditions
        self.seed = seed
        if conditions.isClean {
            var address = ENetAddress(host: fogline_enet_host_any(), port: port)
            host = try Self.makeHost(address: &address, peerLimit: peerLimit)
            self.port = host.pointee.address.port
        } else {
            var address = ENetAddress(host: 0, port: 0)
            enet_address_set_host_ip(&address, "127.0.0.1")
            host = try Self.makeHost(address: &address, peerLimit: peerLimit)
            do {
                let relay = try DatagramRelay.inFront(
                    of: host.pointee.address.port, publicPort: port, conditions: conditions, seed: seed)
                self.relay = relay
                self.port = relay.frontPort
            } catch {
                enet_host_destroy(host)
                throw error
            }
        }
    }

    /// A host that only connects out, through a relay that degrades what it sends when `conditions` say so.
    public init(conditions: NetConditions = .clean, seed: UInt64 = 1) throws {
        self.conditions = conditions
        self.seed = seed
        host = try Self.makeHost(address: nil, peerLimit: 1)
        port = host.pointee.address.port
    }

    private static func makeHost(address: UnsafeMutablePointer<ENetAddress>?, peerLimit: Int) throws
        -> UnsafeMutablePointer<ENetHost>
    {
        guard ENetLibrary.isReady else { throw NetError("the network library (ENet) could not start") }
        guard let host = enet_host_create(address, peerLimit, Delivery.channelCount, 0, 0) else {
            if let address, address.pointee.port != 0 {
                throw NetError("cannot listen on UDP port \(address.pointee.port): is it in use by another program?")
            }
            throw NetError("cannot open a UDP socket")
        }
        host.pointee.mtu = Self.mtu
        host.pointee.maximumPacketSize = Self.maximumPacketSize
        host.pointee.maximumWaitingData = Self.maximumWaitingData
        return host
    }

    deinit {
        relay?.stop()
        enet_host_destroy(host)
    }

    /// Bytes ENet sent and received on this host's socket (UDP payloads, ENet's headers included).
    public var bytesSent: UInt64 { UInt64(host.pointee.totalSentData) }
    public var bytesReceived: UInt64 { UInt64(host.pointee.totalReceivedData) }

    /// The UDP socket, for poll(2).
    public var socketDescriptor: Int32 { host.pointee.socket }

    /// Asks the kernel for a socket receive buffer of `bytes` and gives back what it
    /// granted (Linux reports twice what it keeps for data, and caps a request at
    /// `net.core.rmem_max` unless the process may force it).
    ///
    /// ENet asks for 256 KB. A host with a thousand peers fills that in some 10 ms, so
    /// any pause in servicing it longer than that loses datagrams in the kernel.
    @discardableResult
    public func requestReceiveBuffer(bytes: Int) -> Int {
        var asked = Int32(clamping: bytes)
        let size = socklen_t(MemoryLayout<Int32>.size)
        // SO_RCVBUFFORCE passes the cap for a process that may (root, CAP_NET_ADMIN); else the capped one.
        if setsockopt(host.pointee.socket, SOL_SOCKET, SO_RCVBUFFORCE, &asked, size) != 0 {
            _ = setsockopt(host.pointee.socket, SOL_SOCKET, SO_RCVBUF, &asked, size)
        }
        var granted: Int32 = 0
        var length = size
        guard getsockopt(host.pointee.socket, SOL_SOCKET, SO_RCVBUF, &granted, &length) == 0 else { return 0 }
        return Int(granted)
    }

    /// Starts connecting to `hostName:port`; `.connected` follows from `service`.
    ///
    /// A degraded endpoint connects through its relay, which forwards to `hostName:port`.
    public func connect(hostName: String, port: UInt16) throws -> Peer {
        var address = ENetAddress(host: 0, port: port)
        if !conditions.isClean {
            if relay == nil { relay = try DatagramRelay.toward(host: hostName, port: port, conditions: conditions, seed: seed) }
            enet_address_set_host_ip(&address, "127.0.0.1")
            address.port = relay!.frontPort
        } else {
            guard enet_address_set_host(&address, hostName) == 0 else {
                throw NetError("cannot resolve the host name \"\(hostName)\"")
            }
        }
        guard let peer = enet_host_connect(host, &address, Delivery.channelCount, 0) else {
            throw NetError("cannot start a connection to \(hostName):\(port)")
        }
        configure(peer)
        return Peer(pointer: peer)
    }

    private func configure(_ peer: UnsafeMutablePointer<ENetPeer>) {
        enet_peer_timeout(peer, 32, Self.timeoutMilliseconds, Self.timeoutMilliseconds)
        enet_peer_ping_interval(peer, Self.pingIntervalMilliseconds)
    }

    /// Settings only a connected peer may take: the handshake checks that the throttle
    /// settings it was offered come back unchanged.
    private func configureConnected(_ peer: UnsafeMutablePointer<ENetPeer>) {
        configure(peer)
        // ENet drops unreliable packets when the round trip rises; our inputs are already
        // as small as they get, and a dropped one only costs a resend. Keep the throttle open.
        peer.pointee.packetThrottle = UInt32(ENET_PEER_PACKET_THROTTLE_SCALE)
        peer.pointee.packetThrottleAcceleration = UInt32(ENET_PEER_PACKET_THROTTLE_SCALE)
        peer.pointee.packetThrottleDeceleration = 0
    }

    /// The most events one `service` call hands back by default, so a flood cannot hold its caller.
    public static let maxEventsPerService = 4096

    /// Sends what is queued and collects what has arrived, waiting at most `timeoutMilliseconds`
    /// for the first event; at most `maxEvents` come back (the rest wait in ENet for the next call).
    public func service(timeoutMilliseconds: UInt32 = 0, maxEvents: Int = maxEventsPerService) -> [Event] {
        var events: [Event] = []
        var event = ENetEvent()
        // One full service (send everything queued, read up to 256 datagrams, wait if asked),
        // then the events those datagrams made, one by one without another pass over every
        // peer; another service only when they are used up. A service per event would walk
        // the whole peer table each time, which on a server with thousands of peers costs
        // more than the packets themselves. A flood stops at `maxEvents`.
        var status = enet_host_service(host, &event, timeoutMilliseconds)
        while status > 0 {
            switch event.type {
            case ENET_EVENT_TYPE_CONNECT:
                configureConnected(event.peer)
                events.append(.connected(Peer(pointer: event.peer)))
            case ENET_EVENT_TYPE_RECEIVE:
                if let packet = event.packet {
                    let bytes = Array(UnsafeBufferPointer(start: packet.pointee.data, count: packet.pointee.dataLength))
                    enet_packet_destroy(packet)
                    events.append(.received(Peer(pointer: event.peer), bytes))
                }
            case ENET_EVENT_TYPE_DISCONNECT:
                let why: TransportClosure = event.data == Self.goodbye ? .byPeer : .timedOut
                events.append(.disconnected(Peer(pointer: event.peer), why))
            default:
                break
            }
            guard events.count < maxEvents else { break }
            status = enet_host_check_events(host, &event)
            if status == 0 { status = enet_host_service(host, &event, 0) }
        }
        return events
    }

    /// Queues `bytes` for `peer` on the channel and with the flags of `delivery`.
    @discardableResult
    public func send(_ bytes: [UInt8], to peer: Peer, delivery: Delivery) -> Bool {
        // Unreliable packets stay unreliable even when ENet must fragment them (its default
        // would send the fragments reliably, resending what the protocol repeats anyway).
        let flags: UInt32 =
            delivery.isReliable
            ? ENET_PACKET_FLAG_RELIABLE.rawValue
            : ENET_PACKET_FLAG_UNSEQUENCED.rawValue | ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT.rawValue
        let packet = bytes.withUnsafeBytes { enet_packet_create($0.baseAddress, $0.count, flags) }
        guard let packet else { return false }
        if enet_peer_send(peer.pointer, delivery.channel, packet) != 0 {
            // Not queued (the peer is gone or the packet too large): it stays ours to free.
            enet_packet_destroy(packet)
            return false
        }
        return true
    }

    /// Queues the same `bytes` for every one of `peers`: one ENet packet, shared (ENet
    /// counts its references), so a message for many costs one copy, not one each.
    public func send(_ bytes: [UInt8], to peers: some Collection<Peer>, delivery: Delivery) {
        guard let first = peers.first else { return }
        guard peers.count > 1 else {
            send(bytes, to: first, delivery: delivery)
            return
        }
        let flags: UInt32 =
            delivery.isReliable
            ? ENET_PACKET_FLAG_RELIABLE.rawValue
            : ENET_PACKET_FLAG_UNSEQUENCED.rawValue | ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT.rawValue
        guard let packet = bytes.withUnsafeBytes({ enet_packet_create($0.baseAddress, $0.count, flags) }) else { return }
        for peer in peers { _ = enet_peer_send(peer.pointer, delivery.channel, packet) }
        // Queued nowhere (every peer gone): still ours to free.
        if packet.pointee.referenceCount == 0 { enet_packet_destroy(packet) }
    }

    /// Tells `peer` why it is turned away (a `refused`, cut to fit the wire) and lets it go.
    public func refuse(_ peer: Peer, _ reason: String) {
        let text = String(reason.utf8.prefix(WireFormat.maxRefusalBytes)) ?? "refused"
        if let packet = try? WireMessage.refused(text).encode() { send(packet, to: peer, delivery: .control) }
        disconnect(peer)
        flush()
    }

    /// Sends everything queued now, without waiting for the next `service`.
    public func flush() { enet_host_flush(host) }

    /// Disconnects `peer` once what is queued for it has gone out. A peer that never
    /// answers the goodbye is let go after a few seconds, not ENet's day.
    public func disconnect(_ peer: Peer) {
        enet_peer_timeout(peer.pointer, 32, 2000, 5000)
        enet_peer_disconnect_later(peer.pointer, Self.goodbye)
    }

    /// Drops `peer` at once, telling it with one unreliable packet.
    public func disconnectNow(_ peer: Peer) { enet_peer_disconnect_now(peer.pointer, Self.goodbye) }

    /// ENet's smoothed round trip to `peer`, in milliseconds.
    public func roundTripMilliseconds(_ peer: Peer) -> Int { Int(peer.pointer.pointee.roundTripTime) }

    /// The peer's address as "a.b.c.d:port".
    public func addressText(_ peer: Peer) -> String {
        var address = peer.pointer.pointee.address
        var name = [CChar](repeating: 0, count: 64)
        guard enet_address_get_host_ip(&address, &name, name.count) == 0 else { return "?" }
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(address.port)"
    }
}

/// ENet's process-wide start-up, done once.
enum ENetLibrary {
    static let isReady: Bool = enet_initialize() == 0
}
