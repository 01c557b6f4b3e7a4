import FoglineSim

/// A transport that degrades what it sends on purpose, above the transport: for
/// in-memory session tests only.
///
/// Real links are degraded below ENet by a `DatagramRelay`, where ENet's own
/// retransmissions and timeouts see the loss. Here a `LinkShaper` decides the fate of
/// each unreliable packet; a reliable one is never lost (ENet would resend it), it
/// arrives a retransmission late instead, and in order.
public final class ConditionedTransport: PeerTransport {
    public var conditions: NetConditions { shaper.conditions }
    private let inner: PeerTransport
    private let clock: SessionClock
    private var shaper: LinkShaper
    /// Held packets, by the time they arrive.
    private var held = DueQueue<(packet: [UInt8], delivery: Delivery)>()
    /// Reliable packets leave in order: none is due before the one sent before it.
    private var lastReliableDue = Duration.zero

    /// What the conditioner did, for reports.
    public var dropped: Int { shaper.lost }
    public var duplicated: Int { shaper.duplicated }
    public var reordered: Int { shaper.reordered }

    public init(_ inner: PeerTransport, conditions: NetConditions, seed: UInt64, clock: SessionClock) {
        self.inner = inner
        self.clock = clock
        shaper = LinkShaper(conditions: conditions, seed: seed)
        shaper.matchStart = clock.now
    }

    public func send(_ packet: [UInt8], delivery: Delivery) {
        let now = clock.now
        guard delivery.isReliable else {
            for due in shaper.admit(size: packet.count, now: now) { held.hold((packet, delivery), until: due) }
            return
        }
        // Tried until it gets through: each loss costs a retransmission, at least 50 ms.
        let retry = Duration.milliseconds(max(2 * conditions.delayMilliseconds, 50))
        var due = now
        // At 100% loss nothing ever gets through; give up after a hundred tries like a dead link.
        for _ in 0..<100 {
            if let arrival = shaper.admit(size: packet.count, now: due).first {
                due = arrival
                break
            }
            due += retry
        }
        due = max(due, lastReliableDue)
        lastReliableDue = due
        held.hold((packet, delivery), until: due)
    }

    public func exchange(now: Duration) -> [TransportEvent] {
        for entry in held.takeDue(now: now) { inner.send(entry.packet, delivery: entry.delivery) }
        return inner.exchange(now: now)
    }

    /// Held packets stay held; what is due has been handed on and goes out now.
    public func flush() { inner.flush() }

    public var nextDue: Duration? {
        let mine = held.nextDue
        guard let theirs = inner.nextDue else { return mine }
        return min(mine ?? theirs, theirs)
    }

    public var pollDescriptor: Int32? { inner.pollDescriptor }

    /// The transport's own measure does not see the added delay, so there is none to give.
    public var roundTripMilliseconds: Int? { nil }

    /// Lets every held packet go now, then closes the link.
    public func close() {
        for entry in held.takeAll() { inner.send(entry.packet, delivery: entry.delivery) }
        inner.close()
    }
}
