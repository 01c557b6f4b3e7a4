import FoglineNet

/// The loop of `fogline watch HOST:PORT`: shows the server's live matches, refreshed
/// every few seconds, and returns the code picked with Enter (nil when the person leaves).
public final class LiveMatchPicker {
    /// How often the list is fetched again by itself.
    public static let refreshPeriod = Duration.seconds(3)

    private let screen: CursesScreen
    private let fetch: () throws -> (total: Int, matches: [WireLiveMatch])
    private var view: LiveMatchListView

    /// A picker on `screen` listing what `fetch` returns (it throws when the server is out of reach).
    public init(screen: CursesScreen, server: String, fetch: @escaping () throws -> (total: Int, matches: [WireLiveMatch])) {
        self.screen = screen
        self.fetch = fetch
        view = LiveMatchListView(
            server: server, total: 0, matches: [], selected: 0, problem: nil, theme: Theme(capabilities: screen.capabilities))
        SignalRestorer.setTerminationPolicy(.requestQuit)
    }

    public func run() -> String? {
        let clock = ContinuousClock()
        var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        var nextFetch = clock.now
        var dirty = true
        while SignalRestorer.terminationRequested == 0 {
            if clock.now >= nextFetch {
                refresh()
                nextFetch = clock.now + Self.refreshPeriod
                dirty = true
            }
            while let event = screen.readKey() {
                dirty = true
                guard case .press(let press) = event else { continue }
                switch press.key {
                case .up: view.selected = max(0, view.selected - 1)
                case .down: view.selected = min(max(0, view.matches.count - 1), view.selected + 1)
                case .pageUp: view.selected = max(0, view.selected - 10)
                case .pageDown: view.selected = min(max(0, view.matches.count - 1), view.selected + 10)
                case .enter:
                    if view.matches.indices.contains(view.selected) { return view.matches[view.selected].code }
                case .character("r"):
                    nextFetch = clock.now
                case _ where WaitingRoom.cancels(press):
                    return nil
                default:
                    break
                }
            }
            if dirty {
                let size = screen.size
                if size.width != buffer.width || size.height != buffer.height { buffer = CellBuffer(width: size.width, height: size.height) }
                view.render(into: &buffer)
                _ = screen.present(buffer)
                dirty = false
            }
            switch TerminalWait.until(min(nextFetch, clock.now + .milliseconds(500)), clock: clock) {
            case .hangUp: return nil
            case .ready, .timeout: break
            }
        }
        return nil
    }

    /// Fetches the list again, keeping the same match selected when it is still there.
    private func refresh() {
        let code = view.matches.indices.contains(view.selected) ? view.matches[view.selected].code : nil
        do {
            let (total, matches) = try fetch()
            view.total = total
            view.matches = matches
            view.problem = nil
            view.selected = code.flatMap { code in matches.firstIndex { $0.code == code } } ?? min(view.selected, max(0, matches.count - 1))
        } catch {
            view.problem = "\(error)"
        }
    }
}
