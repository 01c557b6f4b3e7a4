import Foundation

/// Where a lock-step session reads the time: a monotonic count since an arbitrary start.
///
/// The session never looks at a wall clock of its own, so a test can hand it a
/// `ManualClock` and move time only when it says so.
public protocol SessionClock: AnyObject, Sendable {
    /// Time since the clock's own origin; never goes backwards.
    var now: Duration { get }
}

/// The machine's monotonic clock, counted from when this instance was made.
public final class MonotonicClock: SessionClock {
    private let clock = ContinuousClock()
    /// The instant this clock counts from.
    public let origin: ContinuousClock.Instant

    public init() { origin = clock.now }

    public var now: Duration { clock.now - origin }
}

/// A clock that moves only when told: the test seam of the session and the conditioner.
public final class ManualClock: SessionClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Duration

    public init(start: Duration = .zero) { current = start }

    public var now: Duration { lock.withLock { current } }

    /// Moves the time forward by `step` (never backwards).
    public func advance(by step: Duration) {
        precondition(step >= .zero, "a clock never goes backwards")
        lock.withLock { current += step }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
