import FoglineSim

/// Decides what a degraded link does to each datagram: lose it, or say when it (and any
/// duplicate) arrives. Pure: time comes in as an argument, randomness from its own seed.
///
/// The model, in order: an outage loses everything; a random loss; a bandwidth cap
/// serialises datagrams one after another (each counted with 28 bytes of IP and UDP
/// headers) and drops what would wait longer than `queueLimit` to be sent, like a
/// router's full queue; then the delay with its jitter, a reordered datagram held back past the next
/// few, and a duplicate with a delay of its own.
public struct LinkShaper: Sendable {
    public let conditions: NetConditions
    /// Its own generator (the world's is never touched outside the simulation).
    private var random: WorldRandom
    /// When the capped link has finished sending what it already took.
    private var linkFreeAt: Duration = .zero
    /// The match clock's zero on the same time line, for the outage; no outage before it is set.
    public var matchStart: Duration?

    /// Bytes of IP and UDP header each datagram costs a capped link.
    public static let headerBytes = 28
    /// The longest a datagram may wait for a capped link to start sending it; one that
    /// would wait longer is dropped, like a router's full queue.
    public static let queueLimit = Duration.seconds(1)

    /// What happened to the datagrams offered so far.
    public private(set) var offered = 0
    public private(set) var lost = 0
    public private(set) var lostInOutage = 0
    public private(set) var overflowed = 0
    public private(set) var duplicated = 0
    public private(set) var reordered = 0

    public init(conditions: NetConditions, seed: UInt64) {
        self.conditions = conditions
        random = WorldRandom(seed: seed ^ 0x6E65_7463_6F6E_6469)
    }

    /// True `percent` percent of the time, to a millionth of a percent.
    private mutating func happens(_ percent: Double) -> Bool {
        guard percent > 0 else { return false }
        return random.below(100_000_000) < UInt64(percent * 1_000_000)
    }

    /// The configured delay with its jitter, never below zero.
    private mutating func delay() -> Duration {
        let jitter = conditions.jitterMilliseconds
        let spread = jitter > 0 ? Int(random.below(UInt64(2 * jitter + 1))) - jitter : 0
        return .milliseconds(max(0, conditions.delayMilliseconds + spread))
    }

    /// When copies of a datagram of `size` bytes sent at `now` arrive: none if it is lost,
    /// two if it is duplicated.
    public mutating func admit(size: Int, now: Duration) -> [Duration] {
        offered += 1
        if let outage = conditions.outage, let matchStart, outage.covers(now - matchStart) {
            lostInOutage += 1
            return []
        }
        if happens(conditions.lossPercent) {
            lost += 1
            return []
        }
        var departs = now
        if let kilobits = conditions.rateKilobits {
            let start = max(now, linkFreeAt)
            let bits = Int64(size + Self.headerBytes) * 8
            let sending = Duration.microseconds(bits * 1000 / Int64(kilobits))
            guard start - now <= Self.queueLimit else {
                overflowed += 1
                return []
            }
            linkFreeAt = start + sending
            departs = linkFreeAt
        }
        var arrivals = [departs + delay()]
        if happens(conditions.reorderPercent) {
            // Held back past the next datagram or two (a frame is 33 ms).
            arrivals[0] += .milliseconds(35 + Int64(random.below(35)))
            reordered += 1
        }
        if happens(conditions.duplicatePercent) {
            duplicated += 1
            arrivals.append(departs + delay())
        }
        return arrivals
    }

    /// One line for logs: what the shaper did.
    public var report: String {
        "\(offered) datagrams: \(lost) lost, \(lostInOutage) in the outage, \(overflowed) over the rate, \(reordered) reordered, \(duplicated) duplicated"
    }
}
