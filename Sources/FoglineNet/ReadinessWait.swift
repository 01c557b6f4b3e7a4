#if canImport(Glibc)
    import Glibc
#endif

/// Sleeping in poll(2) until a descriptor has something to read or time runs out: how
/// the game loops (terminal and headless) spend the time between frames.
public enum ReadinessWait {
    /// Waits up to `timeout` (at least 1 ms, at most a minute) for any of `descriptors`
    /// to become readable or hang up. Returns each descriptor's `revents`, in order: all
    /// zero when the time ran out or a signal interrupted the wait.
    public static func wait(for descriptors: [Int32], timeout: Duration) -> [Int16] {
        let ms = Int32(clamping: min(max((timeout + .microseconds(999)).wholeMilliseconds, 1), 60_000))
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&fds, nfds_t(fds.count), ms) > 0 else { return Array(repeating: 0, count: fds.count) }
        return fds.map(\.revents)
    }
}
