import FoglineSim

/// A spectator's link to a match server: asks to watch one match, then hands over the
/// match header and its frames as they come, in order, each frame once.
///
/// It acknowledges the frames it holds (sender 0), which is all the server waits for
/// before sending more: every `ackEvery` frames (well inside the server's window), and
/// again every `ackPeriod` regardless, so a lost acknowledgement cannot stall the feed.
/// It has no clock of its own beyond that and no world: its owner calls `poll` and runs
/// the frames.
public final class SpectatorLink {
    /// What the server said.
    public enum Event: Hashable, Sendable {
        /// The match header (once).
        case started(WireMatchStart)
        /// Frames `first ..< first + frames.count`, the next ones in order.
        case frames(first: Int32, [FrameInput])
        /// The watch is over: the server's reason and words, or nil when the link dropped.
        case ended(WireLeaveReason?, String)
        /// The server turned the request down, in its words.
        case refused(String)
    }

    /// Frames received between acknowledgements: two seconds' worth.
    public static let ackEvery: Int32 = 2 * Rules.framesPerSecond
    /// How often the newest acknowledgement goes out whatever came.
    public static let ackPeriod = Duration.seconds(1)

    private let endpoint: ENetEndpoint
    private let peer: ENetEndpoint.Peer
    private let request: WireSeatRequest
    private let clock = ContinuousClock()
    private var lastAck: ContinuousClock.Instant
    private var ackedThrough: Int32 = -1
    /// Frames received so far (the next frame expected).
    public private(set) var framesReceived: Int32 = 0
    /// Whether the match header has come.
    public private(set) var hasStarted = false
    /// Whether the link has ended (any `ended` or `refused` was handed over).
    public private(set) var isEnded = false

    /// Starts connecting to `host:port` to watch the match `code`.
    public convenience init(host: String, port: UInt16, code: String) throws {
        try self.init(host: host, port: port, request: .join(code: code))
    }

    private init(host: String, port: UInt16, request: WireSeatRequest) throws {
        endpoint = try ENetEndpoint()
        peer = try endpoint.connect(hostName: host, port: port)
        self.request = request
        lastAck = clock.now
    }

    /// The socket, for poll(2).
    public var pollDescriptor: Int32 { endpoint.socketDescriptor }

    /// Takes in what has arrived, waiting at most `timeoutMilliseconds` for it.
    public func poll(timeoutMilliseconds: UInt32 = 0) -> [Event] {
        guard !isEnded else { return [] }
        var out: [Event] = []
        for event in endpoint.service(timeoutMilliseconds: timeoutMilliseconds) {
            switch event {
            case .connected:
                let hello = WireMessage.hello(WireHello(mapHash: 0, playerName: "spectator", role: .spectator, seat: request))
                send(hello)
            case .disconnected:
                out.append(.ended(nil, "the connection to the server was lost"))
            case .received(_, let bytes):
                if let event = take(bytes) { out.append(event) }
            }
            if case .ended? = out.last { break }
            if case .refused? = out.last { break }
        }
        if let last = out.last {
            switch last {
            case .ended, .refused: isEnded = true
            default: break
            }
        }
        if !isEnded, framesReceived > 0,
            framesReceived - 1 - ackedThrough >= Self.ackEvery || clock.now - lastAck >= Self.ackPeriod
        {
            send(.ack(player: WireFormat.serverSender, throughFrame: framesReceived - 1))
            ackedThrough = framesReceived - 1
            lastAck = clock.now
        }
        endpoint.flush()
        return out
    }

    private func take(_ bytes: [UInt8]) -> Event? {
        let message: WireMessage
        do {
            message = try WireMessage.decode(bytes)
        } catch {
            return .ended(.protocolError, "the server sent something unreadable: \(error)")
        }
        switch message {
        case .refused(let text):
            return .refused(text)
        case .matchStart(let start):
            guard !hasStarted else { return nil }
            hasStarted = true
            return .started(start)
        case .frameLog(let first, let frames):
            guard first <= framesReceived else {
                return .ended(.protocolError, "the server skipped frames \(framesReceived) to \(first - 1)")
            }
            let fresh = Array(frames.dropFirst(Int(framesReceived - first)))
            guard !fresh.isEmpty else { return nil }
            let at = framesReceived
            framesReceived += Int32(fresh.count)
            return .frames(first: at, fresh)
        case .leave(let reason, let text):
            return .ended(reason, text)
        default:
            return nil
        }
    }

    /// Says goodbye to the server and lets its frames be.
    public func leave() {
        guard !isEnded else { return }
        isEnded = true
        send(.leave(reason: .quit, text: ""))
        endpoint.flush()
        endpoint.disconnect(peer)
        _ = endpoint.service(timeoutMilliseconds: 50)
    }

    private func send(_ message: WireMessage) {
        guard let bytes = try? message.encode() else { return }
        endpoint.send(bytes, to: peer, delivery: Delivery.of(message.kind))
    }

    // MARK: - The list of live matches

    /// The live matches on the server at `host:port` (at most `WireFormat.maxListedMatches`)
    /// and how many there are; throws `NetError` when the server cannot be reached within
    /// `timeout` or refuses.
    public static func liveMatches(host: String, port: UInt16, timeout: Duration = .seconds(5)) throws
        -> (total: Int, matches: [WireLiveMatch])
    {
        let link = try SpectatorLink(host: host, port: port, request: .listMatches)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            for event in link.endpoint.service(timeoutMilliseconds: 20) {
                switch event {
                case .connected:
                    link.send(.hello(WireHello(mapHash: 0, playerName: "spectator", role: .spectator, seat: .listMatches)))
                    link.endpoint.flush()
                case .disconnected:
                    throw NetError("\(host):\(port) closed the connection before listing its matches")
                case .received(_, let bytes):
                    switch try? WireMessage.decode(bytes) {
                    case .matchList(let total, let matches)?:
                        link.endpoint.disconnect(link.peer)
                        link.endpoint.flush()
                        return (total, matches)
                    case .refused(let text)?:
                        throw NetError("\(host):\(port) refused: \(text)")
                    default:
                        break
                    }
                }
            }
        }
        throw NetError("no answer from \(host):\(port) within \(timeout.components.seconds) s")
    }
}
