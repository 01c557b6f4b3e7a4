/// The link to the one peer of a match, over an `ENetEndpoint`.
///
/// Anyone else who connects to the endpoint while the match runs is told the host
/// is busy and let go; whatever they send is dropped unread.
public final class ENetPeerTransport: PeerTransport {
    public let endpoint: ENetEndpoint
    public let peer: ENetEndpoint.Peer
    private var closed = false
    /// Connections turned away while the match ran.
    public private(set) var strangersTurnedAway = 0
    /// Packets from others that were dropped.
    public private(set) var strangerPackets = 0

    /// What a newcomer is told while the host plays (or is starting) a match.
    public static let busyRefusal = "this host is already playing a match"

    /// Packets that arrived during the handshake, handed out at the first exchange.
    private var early: [TransportEvent]

    public init(endpoint: ENetEndpoint, peer: ENetEndpoint.Peer, early: [TransportEvent] = []) {
        self.endpoint = endpoint
        self.peer = peer
        self.early = early
    }

    public func send(_ packet: [UInt8], delivery: Delivery) {
        guard !closed else { return }
        endpoint.send(packet, to: peer, delivery: delivery)
    }

    public func exchange(now: Duration) -> [TransportEvent] {
        var out = early
        early.removeAll()
        for event in endpoint.service() {
            switch event {
            case .received(let from, let bytes) where from == peer:
                out.append(.packet(bytes))
            case .disconnected(let who, let why) where who == peer:
                if !closed { out.append(.closed(why)) }
            default:
                turnAway(event)
            }
        }
        endpoint.flush()
        return out
    }

    /// Deals with an event that is not the peer's: a newcomer is told the host is busy
    /// and let go; what others send is dropped unread.
    func turnAway(_ event: ENetEndpoint.Event) {
        switch event {
        case .connected(let stranger):
            strangersTurnedAway += 1
            endpoint.refuse(stranger, Self.busyRefusal)
        case .received:
            strangerPackets += 1
        case .disconnected:
            break
        }
    }

    public func flush() { endpoint.flush() }

    public var nextDue: Duration? { nil }
    public var pollDescriptor: Int32? { endpoint.socketDescriptor }
    public var roundTripMilliseconds: Int? { endpoint.roundTripMilliseconds(peer) }
    /// ENet's counts for the whole socket: UDP payloads with ENet's own headers.
    public var traffic: LinkTraffic? { LinkTraffic(sent: endpoint.bytesSent, received: endpoint.bytesReceived) }
    public func matchStarted() { endpoint.relay?.startMatchClock() }

    /// Disconnects once queued packets are out, giving ENet up to half a second to say goodbye.
    public func close() {
        guard !closed else { return }
        closed = true
        endpoint.disconnect(peer)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(500)
        while clock.now < deadline {
            let events = endpoint.service(timeoutMilliseconds: 20)
            if events.contains(where: { if case .disconnected(let who, _) = $0 { return who == peer } else { return false } }) {
                break
            }
        }
    }
}
