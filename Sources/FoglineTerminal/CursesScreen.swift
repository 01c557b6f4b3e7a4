import CNCurses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The one type that talks to ncursesw: it shows `CellBuffer`s and reads keys.
///
/// `present(_:)` writes only the cells that changed since the last present, and
/// nothing at all (not even a refresh) when nothing changed; `lastPresent` counts what
/// went out, so a benchmark can show it (pointing `outputDescriptor` at a file measures
/// the escape sequences too). `readKey()` never
/// blocks. `restore()` gives the terminal back and is safe to call twice; signal
/// handlers (see `CursesScreen+Signals.swift`) restore it on SIGINT, SIGTERM and crashes.
///
/// Not thread-safe: use it from the thread that runs the screen loop.
public final class CursesScreen {
    /// How a screen is opened.
    public struct Options: Sendable {
        /// The terminal type; nil uses `$TERM`.
        public var terminalType: String?
        /// The file descriptors curses reads keys from and writes to.
        public var inputDescriptor: Int32
        public var outputDescriptor: Int32
        /// Whether to ask for mouse clicks.
        public var mouse: Bool
        /// Install SIGINT/SIGTERM and crash handlers that restore the terminal.
        public var signalHandlers: Bool
        /// The environment that decides UTF-8 and colours (`TerminalCapabilities.detect`).
        public var environment: [String: String]

        public init(
            terminalType: String? = nil, inputDescriptor: Int32 = 0, outputDescriptor: Int32 = 1, mouse: Bool = true,
            signalHandlers: Bool = true, environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.terminalType = terminalType
            self.inputDescriptor = inputDescriptor
            self.outputDescriptor = outputDescriptor
            self.mouse = mouse
            self.signalHandlers = signalHandlers
            self.environment = environment
        }
    }

    /// What one `present` sent.
    public struct PresentStats: Hashable, Sendable {
        /// Runs of changed cells (each one cursor move).
        public var runs = 0
        /// Cells written.
        public var cells = 0
        /// Bytes of text handed to curses (UTF-8; curses adds its escape sequences).
        public var bytes = 0
        public static let zero = PresentStats()
    }

    public let capabilities: TerminalCapabilities
    /// What the last `present` sent.
    public private(set) var lastPresent = PresentStats.zero
    /// Whether the terminal is in curses mode (false after `restore`).
    public private(set) var isActive: Bool

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private var previous: CellBuffer?
    private var pairs: [UInt16: Int16] = [:]
    private var nextPair: Int16 = 1
    private let maxPairs: Int
    private let palette: ColorPalette?
    let keyTable: KeyTable

    /// Opens the terminal in curses mode: raw keys, no echo, keypad on, non-blocking
    /// reads, hidden cursor, colours and mouse where the terminal has them.
    public init(options: Options = Options()) throws(CursesError) {
        setlocale(LC_ALL, "")
        if options.signalHandlers { SignalRestorer.installHandlers() }
        guard let out = fdopen(dup(options.outputDescriptor), "w") else {
            throw CursesScreen.failure("cannot open the terminal's output")
        }
        guard let inp = fdopen(dup(options.inputDescriptor), "r") else {
            fclose(out)
            throw CursesScreen.failure("cannot open the terminal's input")
        }
        let created: OpaquePointer? = options.terminalType.map { type in type.withCString { newterm($0, out, inp) } }
            ?? newterm(nil, out, inp)
        guard let created else {
            fclose(out)
            fclose(inp)
            throw CursesScreen.failure("cannot start curses on terminal '\(options.terminalType ?? options.environment["TERM"] ?? "")'")
        }
        screen = created
        output = out
        input = inp
        set_term(created)
        guard let win = fogline_stdscr() else { throw CursesScreen.failure("curses has no screen window") }
        window = win
        raw()
        noecho()
        nonl()
        keypad(win, true)
        nodelay(win, true)
        intrflush(win, false)
        set_escdelay(25)
        curs_set(0)
        leaveok(win, true)

        var hasColors = has_colors()
        if hasColors && TerminalCapabilities.colorsAllowed(options.environment) {
            start_color()
            let defaults = use_default_colors() == OK
            palette = ColorPalette(colors: Int(fogline_colors()), defaultColors: defaults)
        } else {
            hasColors = false
            palette = nil
        }
        maxPairs = Int(fogline_color_pairs())
        capabilities = TerminalCapabilities.detect(environment: options.environment, cursesHasColors: hasColors)
        if options.mouse {
            mouseinterval(0)
            mousemask(fogline_mouse_events(), nil)
        }
        keyTable = KeyTable()
        isActive = true
        if options.signalHandlers {
            SignalRestorer.arm(outputDescriptor: options.outputDescriptor, inputDescriptor: options.inputDescriptor)
        }
        wrefresh(win)
    }

    /// An error from `init`, after taking back the signal handlers it installed.
    private static func failure(_ message: String) -> CursesError {
        SignalRestorer.uninstall()
        return CursesError(message)
    }

    deinit {
        restore()
        delscreen(screen)
        fclose(output)
        fclose(input)
    }

    /// The terminal's size in columns and rows.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        fogline_getmaxyx(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// Shows a frame: writes the cells that differ from the last frame shown, then
    /// refreshes. Writes nothing, and does not refresh, when nothing differs.
    @discardableResult
    public func present(_ buffer: CellBuffer) -> PresentStats {
        guard isActive else { return .zero }
        let runs = buffer.diff(from: previous)
        guard !runs.isEmpty else {
            lastPresent = .zero
            return .zero
        }
        let (width, height) = size
        var cells = 0, bytes = 0
        var text: [wchar_t] = []
        text.reserveCapacity(256)
        for run in runs where run.y < height {
            var x = run.x
            let end = min(run.x + run.count, width)
            while x < end {
                // One string per stretch of cells that share a style.
                let style = buffer[x, run.y].style
                let start = x
                text.removeAll(keepingCapacity: true)
                while x < end, buffer[x, run.y].style == style {
                    let cell = buffer[x, run.y]
                    if !cell.isContinuation {
                        for scalar in cell.character.unicodeScalars {
                            text.append(wchar_t(bitPattern: scalar.value))
                            bytes += UTF8.width(scalar)
                        }
                    }
                    x += 1
                }
                cells += x - start
                apply(style)
                wmove(window, Int32(run.y), Int32(start))
                // Writing the bottom-right cell reports an error (the cursor cannot move
                // past it) but the cell is written; nothing to do about it.
                _ = text.withUnsafeBufferPointer { waddnwstr(window, $0.baseAddress, Int32($0.count)) }
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
        lastPresent = PresentStats(runs: runs.count, cells: cells, bytes: bytes)
        return lastPresent
    }

    /// Makes the next `present` repaint everything (after a resize, or ctrl-l).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Leaves curses mode and gives the terminal back as it was. Safe to call twice.
    public func restore() {
        guard isActive else { return }
        isActive = false
        SignalRestorer.uninstall()
        mousemask(0, nil)
        curs_set(1)
        endwin()
        fflush(output)
    }

    /// Sets the window's attributes and colour pair for a style.
    private func apply(_ style: CellStyle) {
        var attributes: Int32 = 0
        if style.attributes.contains(.bold) { attributes |= fogline_attr_bold() }
        if style.attributes.contains(.dim) { attributes |= fogline_attr_dim() }
        if style.attributes.contains(.reverse) { attributes |= fogline_attr_reverse() }
        if style.attributes.contains(.underline) { attributes |= fogline_attr_underline() }
        fogline_wattr_set(window, attributes, Int32(pair(for: style)))
    }

    /// The colour pair for a style's roles, made on first use; 0 (the terminal's own
    /// colours) on monochrome terminals or when pairs run out.
    private func pair(for style: CellStyle) -> Int16 {
        guard capabilities.colors, let palette else { return 0 }
        if style.foreground == .normal && style.background == .normal { return 0 }
        let key = UInt16(style.foreground.rawValue) << 8 | UInt16(style.background.rawValue)
        if let known = pairs[key] { return known }
        guard Int(nextPair) < maxPairs else { return 0 }
        let n = nextPair
        nextPair += 1
        init_pair(n, Int16(palette.foreground(style.foreground)), Int16(palette.background(style.background)))
        pairs[key] = n
        return n
    }
}

/// Curses could not start or do what was asked.
public struct CursesError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
