import FoglineSim

/// A transport that degrades what it sends on purpose: loss, delay, jitter,
/// reordering and duplication, drawn from a seeded random source so a run can be repeated.
///
/// It sits on top of any other transport (ENet, or memory in tests) and holds each
/// outgoing packet until its delivery time. What arrives passes through untouched.
public final class ConditionedTransport: PeerTransport {
    public let conditions: NetConditions
    private let inner: PeerTransport
    private let clock: SessionClock
    /// Its own generator (the world's is never touched outside the simulation).
    private var random: WorldRandom
    /// Held packets, ordered by due time, then by the order they were sent.
    private var held: [Held] = []
    private var serial: UInt64 = 0
    /// Reliable packets leave in order: none is due before the one sent before it.
    private var lastReliableDue = Duration.zero

    /// What the conditioner did, for reports.
    public private(set) var dropped = 0
    public private(set) var duplicated = 0
    public private(set) var reordered = 0

    private struct Held {
        var due: Duration
        var serial: UInt64
        var packet: [UInt8]
        var delivery: Delivery
    }

    public init(_ inner: PeerTransport, conditions: NetConditions, seed: UInt64, clock: SessionClock) {
        self.inner = inner
        self.conditions = conditions
        self.clock = clock
        random = WorldRandom(seed: seed ^ 0x6E65_7463_6F6E_6469)
    }

    /// True `percent` percent of the time, to a millionth of a percent.
    private func happens(_ percent: Double) -> Bool {
        guard percent > 0 else { return false }
        return random.below(100_000_000) < UInt64(percent * 1_000_000)
    }

    /// The configured delay with its jitter, in milliseconds, never below zero.
    private func delay() -> Int {
        let jitter = conditions.jitterMilliseconds
        let spread = jitter > 0 ? Int(random.below(UInt64(2 * jitter + 1))) - jitter : 0
        return max(0, conditions.delayMilliseconds + spread)
    }

    public func send(_ packet: [UInt8], delivery: Delivery) {
        let now = clock.now
        if delivery.isReliable {
            var ms = delay()
            // A lost reliable packet is resent by the transport: it only arrives later.
            if happens(conditions.lossPercent) { ms += max(2 * conditions.delayMilliseconds, 50) }
            let due = max(now + .milliseconds(ms), lastReliableDue)
            lastReliableDue = due
            hold(packet, delivery, due: due)
            return
        }
        if happens(conditions.lossPercent) {
            dropped += 1
            return
        }
        var ms = delay()
        if happens(conditions.reorderPercent) {
            // Held back past at least the next packet or two (a frame is 33 ms).
            ms += 35 + Int(random.below(35))
            reordered += 1
        }
        hold(packet, delivery, due: now + .milliseconds(ms))
        if happens(conditions.duplicatePercent) {
            duplicated += 1
            hold(packet, delivery, due: now + .milliseconds(delay()))
        }
    }

    private func hold(_ packet: [UInt8], _ delivery: Delivery, due: Duration) {
        serial += 1
        let entry = Held(due: due, serial: serial, packet: packet, delivery: delivery)
        // Binary search for the first entry due later: equal times keep the sending order.
        var low = 0, high = held.count
        while low < high {
            let mid = (low + high) / 2
            if held[mid].due <= due { low = mid + 1 } else { high = mid }
        }
        held.insert(entry, at: low)
    }

    public func exchange(now: Duration) -> [TransportEvent] {
        var released = 0
        while released < held.count && held[released].due <= now {
            inner.send(held[released].packet, delivery: held[released].delivery)
            released += 1
        }
        held.removeFirst(released)
        let events = inner.exchange(now: now)
        return events
    }

    /// Held packets stay held; what is due has been handed on and goes out now.
    public func flush() { inner.flush() }

    public var nextDue: Duration? {
        let mine = held.first?.due
        guard let theirs = inner.nextDue else { return mine }
        return min(mine ?? theirs, theirs)
    }

    public var pollDescriptor: Int32? { inner.pollDescriptor }

    /// The transport's own measure does not see the added delay, so there is none to give.
    public var roundTripMilliseconds: Int? { nil }

    /// Lets every held packet go now, then closes the link.
    public func close() {
        for entry in held { inner.send(entry.packet, delivery: entry.delivery) }
        held.removeAll()
        inner.close()
    }
}
