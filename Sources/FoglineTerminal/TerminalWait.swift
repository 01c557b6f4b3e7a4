import FoglineNet

#if canImport(Glibc)
    import Glibc
#endif

/// Sleeping until the terminal has input or a deadline passes: how the screen loops
/// (`ReplaySession`, `PlaySession`) spend the time between frames.
public enum TerminalWait {
    public enum Outcome: Sendable {
        /// Input is waiting.
        case ready
        /// The deadline passed.
        case timeout
        /// The terminal is gone (hung up, closed): the session should end.
        case hangUp
    }

    /// Blocks in poll(2) on standard input until `deadline` or input, whichever comes first.
    ///
    /// `also` is another descriptor to wake on (a network match's socket); its readiness
    /// is `.ready` too, and only the terminal's own hang-up is `.hangUp`.
    public static func until(_ deadline: ContinuousClock.Instant, clock: ContinuousClock, also: Int32? = nil) -> Outcome {
        let remaining = deadline - clock.now
        guard remaining > .zero else { return .timeout }
        let events = ReadinessWait.wait(for: [STDIN_FILENO] + [also].compactMap { $0 }, timeout: remaining)
        if events[0] & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hangUp }
        return events.contains { $0 != 0 } ? .ready : .timeout
    }
}
