/// How a packet travels: its ENet channel and whether it is resent until acknowledged.
public enum Delivery: Sendable, CaseIterable, Equatable {
    /// Hello, match start, chat, leave, refusal: reliable and in order, channel 0.
    case control
    /// Inputs, acks and state hashes: unreliable and unsequenced, channel 1. The protocol
    /// repeats every unacknowledged frame and each hash, so a lost packet costs nothing
    /// and an old one is harmless.
    case inputs
    /// State dumps: reliable and in order on a channel of their own (2), so a large
    /// dump never holds up a leave or a chat.
    case dumps

    /// The ENet channel.
    public var channel: UInt8 {
        switch self {
        case .control: 0
        case .inputs: 1
        case .dumps: 2
        }
    }

    /// Whether the transport resends it until the peer has it.
    public var isReliable: Bool { self != .inputs }

    /// The channels a Fogline connection opens.
    public static let channelCount = 3

    /// How a message of `kind` is sent.
    public static func of(_ kind: WireMessageKind) -> Delivery {
        switch kind {
        case .inputs, .ack, .stateHash: .inputs
        case .stateDump: .dumps
        case .hello, .matchStart, .chat, .leave, .refused, .seated, .lateInput, .frameLog, .matchList, .spectators: .control
        }
    }
}

/// Why a link closed.
public enum TransportClosure: Sendable, Equatable {
    /// The peer disconnected on purpose.
    case byPeer
    /// Nothing came back from the peer within the timeout.
    case timedOut
}

/// What a transport hands the session.
public enum TransportEvent: Sendable, Equatable {
    /// One whole packet, as it arrived (it may be anything: the session decodes it).
    case packet([UInt8])
    /// The link is gone.
    case closed(TransportClosure)
}

/// A link to one peer: packets out, packets and closure in, never blocking.
///
/// ENet in play, memory in tests, either under a `ConditionedTransport` that
/// degrades the link on purpose.
public protocol PeerTransport: AnyObject {
    /// Queues one packet for the peer.
    func send(_ packet: [UInt8], delivery: Delivery)
    /// Sends what is queued and due at `now`, and returns what has arrived.
    func exchange(now: Duration) -> [TransportEvent]
    /// Puts what `send` queued on the wire now rather than at the next exchange.
    func flush()
    /// When the transport next has something to do on its own (a delayed packet to let go), if ever.
    var nextDue: Duration? { get }
    /// A descriptor that becomes readable when packets arrive, for poll(2); nil if there is none.
    var pollDescriptor: Int32? { get }
    /// The round trip the transport itself measures, in milliseconds, if it does.
    var roundTripMilliseconds: Int? { get }
    /// Closes the link after letting queued packets go where the transport can.
    func close()
    /// Bytes the link has put on the wire and taken off it, where the transport counts them.
    var traffic: LinkTraffic? { get }
    /// The match's first frame is due now: a conditioner times its outage from here.
    func matchStarted()
}

extension PeerTransport {
    public var traffic: LinkTraffic? { nil }
    public func matchStarted() {}
}

/// Bytes sent and received on a link, as the wire sees them.
public struct LinkTraffic: Sendable, Equatable {
    public var sent: UInt64
    public var received: UInt64
    public init(sent: UInt64, received: UInt64) {
        self.sent = sent
        self.received = received
    }
}
