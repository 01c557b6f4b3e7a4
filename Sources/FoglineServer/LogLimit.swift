/// A cap on the lines of one kind the server writes to its log in a second: past it,
/// lines are counted instead of written, and one line later says how many were left out.
///
/// Refusals come in bursts: a congested link loses a run of inputs for hundreds of
/// matches at once, and each gap given up is a refusal. Written one by one from the
/// service thread, thousands of lines a second (each formatted and written to stderr)
/// made frames late, and no operator reads them. A hostile seat is bounded anyway: it is
/// kicked after `MatchRelay.violationLimit` refusals, well under the cap.
///
/// No clock of its own: `now` is the server's.
struct LogLimit {
    /// Lines written in a second at most.
    let perSecond: Int
    private var secondStarted: Duration?
    private var written = 0
    private var leftOut = 0
    /// Left out in seconds that have ended, not yet said.
    private var leftOutUnsaid = 0

    init(perSecond: Int) {
        precondition(perSecond > 0)
        self.perSecond = perSecond
    }

    /// Whether a line may be written at `now`; one that may not is counted.
    mutating func admit(now: Duration) -> Bool {
        roll(now)
        guard written < perSecond else {
            leftOut += 1
            return false
        }
        written += 1
        return true
    }

    /// How many lines were left out in the seconds ended by `now`, once each: for the
    /// line that says so. Nil when none were.
    mutating func takeLeftOut(now: Duration) -> Int? {
        roll(now)
        return takeUnsaid()
    }

    /// Everything left out so far, the current second's too: for the last line, when the server stops.
    mutating func takeAllLeftOut() -> Int? {
        leftOutUnsaid += leftOut
        leftOut = 0
        return takeUnsaid()
    }

    private mutating func takeUnsaid() -> Int? {
        guard leftOutUnsaid > 0 else { return nil }
        defer { leftOutUnsaid = 0 }
        return leftOutUnsaid
    }

    /// A second that has ended starts a new one.
    private mutating func roll(_ now: Duration) {
        if let started = secondStarted, now - started < .seconds(1) { return }
        secondStarted = now
        written = 0
        leftOutUnsaid += leftOut
        leftOut = 0
    }
}
