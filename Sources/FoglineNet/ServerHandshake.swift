import FoglineSim

/// A player's start with a match server: connect, ask for a seat, learn the code and
/// token, and wait (as long as it takes an opponent to come) for the match header.
public enum ServerHandshake {
    /// How long to wait for the server to answer the connection and the hello.
    public static let answerTimeout = Duration.seconds(10)

    /// What the server said, in order: the seat first, then the header.
    public enum Progress {
        case seated(WireSeated)
    }

    /// Connects to `hostName:port` with `hello` (whose `seat` says what is asked for).
    /// `onProgress` hears the seat as soon as it is given (to show the code);
    /// `shouldStop` is asked while waiting for an opponent (true: give up).
    public static func join(
        hostName: String, port: UInt16, hello: WireHello, conditions: NetConditions = .clean, seed: UInt64 = 3,
        clock: SessionClock = MonotonicClock(), onProgress: (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws -> (transport: ENetPeerTransport, seated: WireSeated, start: WireMatchStart) {
        let endpoint = try ENetEndpoint(conditions: conditions, seed: seed)
        let peer = try endpoint.connect(hostName: hostName, port: port)
        let started = clock.now
        var connected = false
        var seated: WireSeated?
        var early: [TransportEvent] = []
        var start: WireMatchStart?
        while start == nil {
            if shouldStop() {
                if let leave = try? WireMessage.leave(reason: .quit, text: "stopped waiting").encode() {
                    endpoint.send(leave, to: peer, delivery: .control)
                }
                ENetPeerTransport(endpoint: endpoint, peer: peer).close()
                throw NetError("stopped waiting for the match to start")
            }
            if seated == nil && clock.now - started > answerTimeout {
                throw NetError(
                    connected
                        ? "the server at \(hostName):\(port) did not answer the request for a seat within \(answerTimeout.components.seconds) s"
                        : "no answer from \(hostName):\(port) within \(answerTimeout.components.seconds) s: is `fogline serve` running there, and is UDP port \(port) open?")
            }
            for event in endpoint.service(timeoutMilliseconds: 50) {
                switch event {
                case .connected(let who) where who == peer:
                    connected = true
                    endpoint.send(try hello.encodePacket(), to: peer, delivery: .control)
                    endpoint.flush()
                case .received(let who, let bytes) where who == peer:
                    switch try? WireMessage.decode(bytes) {
                    case .seated(let seat)?:
                        seated = seat
                        onProgress(.seated(seat))
                    case .matchStart(let header)? where start == nil:
                        start = header
                    case .refused(let reason)?:
                        throw NetError("the server refused: \(reason)")
                    case .leave(_, let text)? where start == nil:
                        throw NetError("the server ended the wait: \(text)")
                    default:
                        early.append(.packet(bytes))
                    }
                case .disconnected(let who, _) where who == peer:
                    guard start != nil else {
                        throw NetError("the server at \(hostName):\(port) closed the connection before the match started")
                    }
                    early.append(.closed(.byPeer))
                default:
                    continue
                }
            }
        }
        guard let seated else { throw NetError("the server sent the match header before a seat") }
        return (ENetPeerTransport(endpoint: endpoint, peer: peer, early: early), seated, start!)
    }
}
