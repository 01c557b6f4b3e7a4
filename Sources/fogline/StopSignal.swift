import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT or SIGTERM while a host waits for a player or a headless match runs,
/// so it leaves properly.
nonisolated(unsafe) private var stopSignalled: sig_atomic_t = 0

/// Ctrl-C and SIGTERM, turned into "leave the match" instead of a dead process.
enum StopSignal {
    /// Installs the handlers.
    static func install() {
        signal(SIGINT) { _ in stopSignalled = 1 }
        signal(SIGTERM) { _ in stopSignalled = 1 }
    }

    /// Gives SIGINT and SIGTERM back their default action (before the terminal game
    /// installs its own handlers, which would otherwise chain to these).
    static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Whether a stop was asked for.
    static var requested: Bool { stopSignalled != 0 }
}
