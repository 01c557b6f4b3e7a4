import FoglineMatch
import FoglineSim

/// The watch screen: the replay viewer on a match still being played. The timeline grows
/// as frames come; while `following`, the screen stays on the newest frame; any move
/// through time leaves it there (a live rewind), and the end key comes back to live.
extension ReplayViewer {
    /// Where a watched match stands.
    public struct LiveWatch: Hashable, Sendable {
        /// Whether the screen keeps to the newest frame.
        public var following = true
        /// Seconds the server holds spectators behind the players.
        public var delaySeconds: Int
        /// How the match ended, once it has ("the match is over", "ada forfeits").
        public var ending: String?

        public var isOver: Bool { ending != nil }

        public init(delaySeconds: Int) {
            self.delaySeconds = delaySeconds
        }
    }

    /// Opens the viewer on a live match's timeline, following it.
    public init(
        liveTimeline timeline: ReplayTimeline, delaySeconds: Int, keymap: Keymap = .builtIn,
        capabilities: TerminalCapabilities = .full, perspective: GameScreenModel.Perspective = .all
    ) {
        self.init(timeline: timeline, keymap: keymap, capabilities: capabilities, perspective: perspective)
        live = LiveWatch(delaySeconds: delaySeconds)
        refresh()
    }

    /// After new frames were appended to the timeline: a viewer following the match
    /// moves to the newest (a far jump waits for indexing, as any jump does).
    public mutating func framesArrived() {
        guard let live, live.following, !live.isOver || frame < totalFrames else { return refresh() }
        if case .frame? = pending { return refresh() }
        seek(to: totalFrames)
    }

    /// Follows the live match again, from its newest frame.
    @discardableResult
    public mutating func goLive() -> ScreenRequest? {
        guard live != nil else { return nil }
        live?.following = true
        playing = false
        seek(to: totalFrames)
        return nil
    }

    /// The match has ended, in these words: from now on the screen is a replay's.
    public mutating func liveEnded(_ ending: String) {
        guard live != nil, live?.ending == nil else { return }
        live?.ending = ending
        if live?.following == true { seek(to: totalFrames) }
        refresh()
    }

    /// The status line's word on where the frame shown stands: `LIVE` (`LIVE − 30 s`
    /// when the server holds spectators back), how far behind live and the key back,
    /// or that the match is over.
    var liveStatus: String? {
        guard let live else { return nil }
        if live.isOver { return "match over" }
        let dash = model.capabilities.unicode ? "\u{2212}" : "-"
        let delay = live.delaySeconds > 0 ? " \(dash) \(live.delaySeconds) s" : ""
        if live.following, pending == nil || frame >= totalFrames - 1 { return "LIVE" + delay }
        if live.following { return "catching up with LIVE" }
        let key = model.keymap.keyName(for: .jumpEnd)
        let behind = StatusView.clock(frame: max(0, totalFrames - frame))
        return "\(behind) behind live" + (key.isEmpty ? "" : ", \(key) for live")
    }
}
