#if canImport(Glibc)
    import Glibc
#endif

/// Sleeping until the terminal has input or a deadline passes: how the screen loops
/// (`ReplaySession`; `PlaySession` has the same wait) spend the time between frames.
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
    public static func until(_ deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Outcome {
        let remaining = deadline - clock.now
        guard remaining > .zero else { return .timeout }
        let ms = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000, 60_000))
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let n = poll(&fds, 1, max(ms, 1))
        if n > 0 && fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hangUp }
        return n > 0 ? .ready : .timeout
    }
}
