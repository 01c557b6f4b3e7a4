import CENet

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
/// than the largest valid message (a `matchStart` with its map), bounded waiting data
/// per peer, and per-peer timeouts of 5 to 10 seconds with a ping every 250 ms so a
/// vanished peer is noticed quickly and the round trip stays fresh.
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
    /// Timeouts: ENet gives up on a peer after 5 s without answers (10 s at most).
    public static let timeoutMinimumMilliseconds: UInt32 = 5000
    public static let timeoutMaximumMilliseconds: UInt32 = 10000
    public static let pingIntervalMilliseconds: UInt32 = 250
    /// The word a deliberate disconnect carries, so it is told apart from a timeout.
    static let goodbye: UInt32 = 0x464C_0001

    private let host: UnsafeMutablePointer<ENetHost>
    /// The UDP port the host is bound to (the one the system chose, for port 0).
    public let port: UInt16

    /// A host that accepts up to `peerLimit` connections on `port` (0: any free port).
    public convenience init(listeningOn port: UInt16, peerLimit: Int) throws {
        var address = ENetAddress(host: fogline_enet_host_any(), port: port)
        try self.init(address: &address, peerLimit: peerLimit)
    }

    /// A host that only connects out.
    public convenience init() throws {
        try self.init(address: nil, peerLimit: 1)
    }

    private init(address: UnsafeMutablePointer<ENetAddress>?, peerLimit: Int) throws {
        guard ENetLibrary.isReady else { throw NetError("the network library (ENet) could not start") }
        guard let host = enet_host_create(address, peerLimit, Delivery.channelCount, 0, 0) else {
            if let address {
                throw NetError("cannot listen on UDP port \(address.pointee.port): is it in use by another program?")
            }
            throw NetError("cannot open a UDP socket")
        }
        host.pointee.mtu = Self.mtu
        host.pointee.maximumPacketSize = Self.maximumPacketSize
        host.pointee.maximumWaitingData = Self.maximumWaitingData
        self.host = host
        port = host.pointee.address.port
    }

    deinit { enet_host_destroy(host) }

    /// The UDP socket, for poll(2).
    public var socketDescriptor: Int32 { host.pointee.socket }

    /// Starts connecting to `hostName:port`; `.connected` follows from `service`.
    public func connect(hostName: String, port: UInt16) throws -> Peer {
        var address = ENetAddress(host: 0, port: port)
        guard enet_address_set_host(&address, hostName) == 0 else {
            throw NetError("cannot resolve the host name \"\(hostName)\"")
        }
        guard let peer = enet_host_connect(host, &address, Delivery.channelCount, 0) else {
            throw NetError("cannot start a connection to \(hostName):\(port)")
        }
        configure(peer)
        return Peer(pointer: peer)
    }

    private func configure(_ peer: UnsafeMutablePointer<ENetPeer>) {
        enet_peer_timeout(peer, 32, Self.timeoutMinimumMilliseconds, Self.timeoutMaximumMilliseconds)
        enet_peer_ping_interval(peer, Self.pingIntervalMilliseconds)
    }

    /// Sends what is queued and collects what has arrived, waiting at most `timeoutMilliseconds` for the first event.
    public func service(timeoutMilliseconds: UInt32 = 0) -> [Event] {
        var events: [Event] = []
        var event = ENetEvent()
        var wait = timeoutMilliseconds
        while enet_host_service(host, &event, wait) > 0 {
            wait = 0
            switch event.type {
            case ENET_EVENT_TYPE_CONNECT:
                configure(event.peer)
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

    /// Sends everything queued now, without waiting for the next `service`.
    public func flush() { enet_host_flush(host) }

    /// Disconnects `peer` once what is queued for it has gone out.
    public func disconnect(_ peer: Peer) { enet_peer_disconnect_later(peer.pointer, Self.goodbye) }

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
