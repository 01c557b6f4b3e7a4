import FoglineNet

/// The waiting screen's loop, on a screen the match will go on to use: shows the
/// `WaitingRoomView` and reads the keys while a handshake waits for the other player.
///
/// The handshake calls `shouldCancel()` between services of the link; Esc, q, Ctrl-C or
/// a SIGINT/SIGTERM cancel, a resize redraws, and the clock ticks once a second.
public final class WaitingRoom {
    let screen: CursesScreen
    let clock = ContinuousClock()
    let began: ContinuousClock.Instant
    private var view: WaitingRoomView
    private var buffer: CellBuffer
    private var shown: (stage: WaitingRoomView.Stage, seconds: Int)?

    /// A waiting room on `screen` for a match on `server` (a quick match has no code to give).
    public init(screen: CursesScreen, server: String, quick: Bool) {
        self.screen = screen
        began = clock.now
        view = WaitingRoomView(
            server: server, stage: .connecting, quick: quick, seconds: 0, theme: Theme(capabilities: screen.capabilities))
        buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        SignalRestorer.setTerminationPolicy(.requestQuit)
    }

    /// The server's word: a seat held (shown with its code and the waiting count).
    public func update(_ stage: WaitingRoomView.Stage) {
        view.stage = stage
        draw()
    }

    /// The match's briefing, shown under the wait once the map and the seat are known.
    public func brief(_ briefing: Briefing) {
        view.briefing = briefing
        shown = nil
        draw()
    }

    /// Reads the keys and redraws what changed; true when the person cancels.
    public func shouldCancel() -> Bool {
        while let event = screen.readKey() {
            switch event {
            case .press(let press) where Self.cancels(press):
                return true
            case .resize:
                shown = nil
            default:
                continue
            }
        }
        if SignalRestorer.terminationRequested != 0 { return true }
        draw()
        return false
    }

    static func cancels(_ press: KeyPress) -> Bool {
        switch (press.key, press.modifiers) {
        case (.escape, _), (.character("q"), []), (.character("c"), [.control]): return true
        default: return false
        }
    }

    private func draw() {
        view.seconds = Int((clock.now - began).components.seconds)
        if let shown, shown.stage == view.stage, shown.seconds == view.seconds { return }
        let size = screen.size
        if size.width != buffer.width || size.height != buffer.height {
            buffer = CellBuffer(width: size.width, height: size.height)
        }
        view.render(into: &buffer)
        _ = screen.present(buffer)
        shown = (view.stage, view.seconds)
    }
}
