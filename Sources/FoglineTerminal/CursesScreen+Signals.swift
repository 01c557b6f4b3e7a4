import CNCurses

#if canImport(Glibc)
import Glibc
#endif

/// Gives the terminal back when the process is told to stop or crashes.
///
/// SIGINT and SIGTERM: the terminal is restored, then the signal is raised again with
/// the action it had before, so the process ends as the sender meant (unless
/// `setTerminationPolicy(.requestQuit)` asks for a quit request instead). SIGSEGV,
/// SIGABRT, SIGBUS, SIGFPE and SIGILL: restore, put the previous handler back (the
/// Swift runtime's backtracer, say) and let the crash happen again, so it is reported
/// as usual on a readable terminal. A handler may only do async-signal-safe things,
/// so the restore is prepared in advance: the terminal's reset bytes (from terminfo)
/// and its original termios settings, sent with `write(2)` and `tcsetattr(3)`.
public enum SignalRestorer {
    /// What SIGINT and SIGTERM do while a screen is open.
    public enum TerminationPolicy: Sendable {
        /// Restore the terminal and end the process with the signal (the default).
        case restoreAndExit
        /// Only set `terminationRequested`, so the game loop can save and quit itself;
        /// a second signal restores and exits.
        case requestQuit
    }

    /// Set (with the signal number) when a SIGINT or SIGTERM arrived under `.requestQuit`.
    public static var terminationRequested: Int32 { State.requested }

    /// Chooses what SIGINT and SIGTERM do; call before or after opening a screen.
    public static func setTerminationPolicy(_ policy: TerminationPolicy) {
        State.quitOnly = policy == .requestQuit
    }

    static let fatalSignals: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL]
    static let stopSignals: [Int32] = [SIGINT, SIGTERM]

    /// Global state the handlers read: plain memory set up before they are installed.
    enum State {
        /// Whether a restore is prepared (a screen is open).
        nonisolated(unsafe) static var installed = false
        nonisolated(unsafe) static var handlersInstalled = false
        nonisolated(unsafe) static var quitOnly = false
        nonisolated(unsafe) static var requested: Int32 = 0
        nonisolated(unsafe) static var outputDescriptor: Int32 = 1
        nonisolated(unsafe) static var inputDescriptor: Int32 = 0
        nonisolated(unsafe) static var reset = UnsafeMutablePointer<CChar>.allocate(capacity: 512)
        nonisolated(unsafe) static var resetLength = 0
        nonisolated(unsafe) static var termios = UnsafeMutablePointer<Glibc.termios>.allocate(capacity: 1)
        nonisolated(unsafe) static var hasTermios = false
        /// The actions the signals had before, indexed by signal number.
        nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    }

    /// Installs the handlers; call before curses starts, so it keeps its own out of the way.
    static func installHandlers() {
        guard !State.handlersInstalled else { return }
        State.handlersInstalled = true
        for sig in fatalSignals { install(fatalHandler, for: sig) }
        for sig in stopSignals { install(stopHandler, for: sig) }
    }

    /// Prepares the restore once curses runs: from now on a signal restores the terminal.
    static func arm(outputDescriptor: Int32, inputDescriptor: Int32) {
        State.outputDescriptor = outputDescriptor
        State.inputDescriptor = inputDescriptor
        State.resetLength = Int(fogline_reset_sequence(State.reset, 512))
        // Curses saved the terminal's settings before it changed them; take them from it.
        def_prog_mode()
        reset_shell_mode()
        State.hasTermios = tcgetattr(inputDescriptor, State.termios) == 0
        reset_prog_mode()
        State.requested = 0
        State.installed = true
    }

    private static func install(_ handler: SignalHandler, for sig: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        // On the alternate stack when there is one, so a stack overflow can still be handled.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        sigaction(sig, &action, State.previous + Int(sig))
    }

    /// Puts back the action a signal had before `install`; async-signal-safe.
    static func reinstatePrevious(_ sig: Int32) {
        sigaction(sig, State.previous + Int(sig), nil)
    }

    /// Removes the handlers (the terminal was restored the normal way).
    static func uninstall() {
        State.installed = false
        guard State.handlersInstalled else { return }
        State.handlersInstalled = false
        for sig in fatalSignals + stopSignals { reinstatePrevious(sig) }
    }

    /// Sends the reset bytes and puts the terminal's settings back; async-signal-safe.
    static func restoreFromHandler() {
        guard State.installed else { return }
        State.installed = false
        var written = 0
        while written < State.resetLength {
            let n = write(State.outputDescriptor, State.reset + written, State.resetLength - written)
            if n <= 0 { break }
            written += n
        }
        if State.hasTermios { tcsetattr(State.inputDescriptor, TCSADRAIN, State.termios) }
    }

    typealias SignalHandler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

    private static let fatalHandler: SignalHandler = { sig, info, _ in
        SignalRestorer.restoreFromHandler()
        SignalRestorer.reinstatePrevious(sig)
        // A fault (si_code > 0) happens again when the handler returns, now reaching the
        // previous handler with its real context; a signal that was sent is sent again.
        if let info, info.pointee.si_code > 0 { return }
        raise(sig)
    }

    private static let stopHandler: SignalHandler = { sig, _, _ in
        if SignalRestorer.State.quitOnly && SignalRestorer.State.requested == 0 {
            SignalRestorer.State.requested = sig
            return
        }
        SignalRestorer.restoreFromHandler()
        SignalRestorer.reinstatePrevious(sig)
        raise(sig)
    }
}
