import Foundation

/// Two transports joined back to back in memory: what one sends, the other receives at
/// its next `exchange`, in order and without loss.
///
/// The test double of ENet. Put a `ConditionedTransport` on top for loss and delay.
public final class MemoryTransport: PeerTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var inbox: [TransportEvent] = []
    private weak var peer: MemoryTransport?
    private var closed = false
    /// Every packet sent, in order, for tests that look at the wire.
    public private(set) var sentPackets: [(packet: [UInt8], delivery: Delivery)] = []

    private init() {}

    /// A connected pair.
    public static func pair() -> (MemoryTransport, MemoryTransport) {
        let a = MemoryTransport(), b = MemoryTransport()
        a.peer = b
        b.peer = a
        return (a, b)
    }

    public func send(_ packet: [UInt8], delivery: Delivery) {
        guard !closed else { return }
        sentPackets.append((packet, delivery))
        peer?.deliver(.packet(packet))
    }

    /// Puts raw bytes in front of this side, as if the peer had sent them.
    public func inject(_ packet: [UInt8]) { deliver(.packet(packet)) }

    /// The peer vanishes without a word, as a killed process would (seen as a timeout).
    public func dropPeer() { deliver(.closed(.timedOut)) }

    private func deliver(_ event: TransportEvent) {
        lock.withLock { inbox.append(event) }
    }

    public func exchange(now: Duration) -> [TransportEvent] {
        lock.withLock {
            let events = inbox
            inbox.removeAll()
            return events
        }
    }

    public func flush() {}

    public var nextDue: Duration? { nil }
    public var pollDescriptor: Int32? { nil }
    public var roundTripMilliseconds: Int? { nil }

    public func close() {
        guard !closed else { return }
        closed = true
        peer?.deliver(.closed(.byPeer))
    }
}
