import FoglineSim

/// The joining side's start: connect, say hello, and wait for the match header.
public enum JoinHandshake {
    /// How long to wait for the host to answer the connection, and then the hello.
    public static let connectTimeout = Duration.seconds(5)
    public static let answerTimeout = Duration.seconds(10)

    /// Connects to `hostName:port` and sends `hello`; returns the link and the host's match header.
    ///
    /// Throws `NetError` with the host's own words when it refuses (a version mismatch
    /// names both versions), or says what did not answer. `headerVersion` is for tests:
    /// it makes the hello claim another protocol version.
    public static func join(
        hostName: String, port: UInt16, hello: WireHello, headerVersion: UInt16? = nil,
        clock: SessionClock = MonotonicClock()
    ) throws -> (transport: ENetPeerTransport, start: WireMatchStart) {
        let endpoint = try ENetEndpoint()
        let peer = try endpoint.connect(hostName: hostName, port: port)
        let started = clock.now
        var connected = false
        while !connected {
            guard clock.now - started < connectTimeout else {
                throw NetError(
                    "no answer from \(hostName):\(port) within \(connectTimeout.components.seconds) s: is `fogline host` running there, and is UDP port \(port) open?"
                )
            }
            for event in endpoint.service(timeoutMilliseconds: 50) {
                if case .connected(let who) = event, who == peer { connected = true }
            }
        }
        var packet = try hello.encodePacket()
        if let headerVersion { packet.withVersion(headerVersion) }
        endpoint.send(packet, to: peer, delivery: .control)
        endpoint.flush()
        let asked = clock.now
        while clock.now - asked < answerTimeout {
            let events = endpoint.service(timeoutMilliseconds: 50)
            for (index, event) in events.enumerated() {
                switch event {
                case .received(let who, let bytes) where who == peer:
                    switch try? WireMessage.decode(bytes) {
                    case .matchStart(let start)?:
                        // The host may start at once: its first packets can come in the same batch.
                        let early: [TransportEvent] = events[(index + 1)...].compactMap {
                            switch $0 {
                            case .received(let who, let bytes) where who == peer: return .packet(bytes)
                            case .disconnected(let who, let why) where who == peer: return .closed(why)
                            default: return nil
                            }
                        }
                        return (ENetPeerTransport(endpoint: endpoint, peer: peer, early: early), start)
                    case .refused(let reason)?:
                        throw NetError("the host refused to start: \(reason)")
                    default:
                        throw NetError("the host at \(hostName):\(port) answered with something that is not a match start")
                    }
                case .disconnected(let who, _) where who == peer:
                    throw NetError("the host at \(hostName):\(port) closed the connection without starting a match")
                default:
                    continue
                }
            }
        }
        throw NetError("the host at \(hostName):\(port) did not start the match within \(answerTimeout.components.seconds) s")
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
