import FoglineSim

/// The joining side's start: connect, say hello, and wait for the match header.
///
/// Whatever arrives before the header is kept, in order, for the session: on a real
/// link the host's first packets of play, or a repeat, may overtake it. The hello is
/// repeated until the header comes; a joiner that gives up says so to the host, so
/// the host goes back to waiting instead of counting a match that never started.
public enum JoinHandshake {
    /// How long to wait for the match header, from the first connection attempt.
    public static let answerTimeout = Duration.seconds(10)
    /// How often the hello is repeated while no header has come.
    public static let helloRepeat = Duration.seconds(2)

    /// Connects to `hostName:port` and sends `hello`; returns the link and the host's match header.
    ///
    /// Throws `NetError` with the host's own words when it refuses (a version mismatch
    /// names both versions), or says what was last heard when it gives up.
    /// `conditions` degrade what this side sends (below ENet). `headerVersion` is for
    /// tests: it makes the hello claim another protocol version.
    public static func join(
        hostName: String, port: UInt16, hello: WireHello, conditions: NetConditions = .clean, seed: UInt64 = 2,
        headerVersion: UInt16? = nil, clock: SessionClock = MonotonicClock()
    ) throws -> (transport: ENetPeerTransport, start: WireMatchStart) {
        let endpoint = try ENetEndpoint(conditions: conditions, seed: seed)
        let peer = try endpoint.connect(hostName: hostName, port: port)
        var packet = try hello.encodePacket()
        if let headerVersion { packet.withVersion(headerVersion) }
        let started = clock.now
        var connected = false
        var helloSentAt: Duration?
        /// What came before the header, in order, for the session.
        var early: [TransportEvent] = []
        var lastHeard = "nothing at all"
        var start: WireMatchStart?
        while start == nil {
            let now = clock.now
            guard now - started < answerTimeout else {
                giveUp(endpoint, peer, connected: connected)
                throw NetError(
                    "gave up joining \(hostName):\(port) after \(answerTimeout.components.seconds) s; last heard: \(lastHeard)."
                        + (connected ? "" : " Is `fogline host` running there, and is UDP port \(port) open?"))
            }
            if connected, helloSentAt.map({ now - $0 >= helloRepeat }) ?? true {
                endpoint.send(packet, to: peer, delivery: .control)
                endpoint.flush()
                helloSentAt = now
            }
            for event in endpoint.service(timeoutMilliseconds: 50) {
                switch event {
                case .connected(let who) where who == peer:
                    connected = true
                    lastHeard = "the connection was accepted, but the hello got no answer"
                case .received(let who, let bytes) where who == peer:
                    let message = try? WireMessage.decode(bytes)
                    switch message {
                    case .matchStart(let header)? where start == nil:
                        start = header
                    case .refused(let reason)?:
                        endpoint.disconnect(peer)
                        endpoint.flush()
                        throw NetError("the host refused to start: \(reason)")
                    default:
                        lastHeard = "a \(message.map { "\($0.kind)" } ?? "undecodable") packet, but no match header"
                        early.append(.packet(bytes))
                    }
                case .disconnected(let who, _) where who == peer:
                    if start != nil {
                        early.append(.closed(.byPeer))
                    } else {
                        throw NetError(
                            "the host at \(hostName):\(port) closed the connection without starting a match (last heard: \(lastHeard))")
                    }
                default:
                    continue
                }
            }
        }
        return (ENetPeerTransport(endpoint: endpoint, peer: peer, early: early), start!)
    }

    /// Tells the host this side gives up (so it waits for someone else), and lets go.
    private static func giveUp(_ endpoint: ENetEndpoint, _ peer: ENetEndpoint.Peer, connected: Bool) {
        guard connected else { return }
        if let leave = try? WireMessage.leave(reason: .quit, text: "gave up waiting for the match to start").encode() {
            endpoint.send(leave, to: peer, delivery: .control)
        }
        ENetPeerTransport(endpoint: endpoint, peer: peer).close()
    }
}

extension WireHello {
    func encodePacket() throws -> [UInt8] {
        do {
            return try WireMessage.hello(self).encode()
        } catch {
            throw NetError("cannot say hello: \(error)")
        }
    }
}

extension [UInt8] {
    /// Rewrites a hello packet's protocol version, in the header and in the hello itself.
    mutating func withVersion(_ version: UInt16) {
        let low = UInt8(version & 0xFF), high = UInt8(version >> 8)
        self[2] = low
        self[3] = high
        if count > WireFormat.headerSize + 1 {
            self[WireFormat.headerSize] = low
            self[WireFormat.headerSize + 1] = high
        }
    }
}
