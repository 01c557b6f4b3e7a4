/// Where each part of the game screen goes, for one terminal size.
///
/// At 80x24 and up: the battlefield top left, the roster (units and nodes) on the
/// right, the log under both, then the prompt and the status line at the bottom. The
/// side panel and the log grow with the screen (the log by a third of the extra rows);
/// the battlefield takes the rest. Below 80x24 the layout is `tooSmall` and only a message is drawn.
public struct GameLayout: Hashable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    public let battlefield: Rect
    public let roster: Rect
    public let log: Rect
    public let prompt: Rect
    public let status: Rect

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        guard width >= GameLayout.minimumWidth, height >= GameLayout.minimumHeight else {
            battlefield = .zero
            roster = .zero
            log = .zero
            prompt = .zero
            status = .zero
            return
        }
        // 26 columns hold a roster line with a 5-cell health bar; wide screens get more.
        let side = min(40, 26 + (width - GameLayout.minimumWidth) / 4)
        // 5 log rows at 24 rows, growing with a third of the extra rows, at most 16.
        let logHeight = min(16, 5 + (height - GameLayout.minimumHeight) / 3)
        let top = height - 2 - logHeight
        battlefield = Rect(x: 0, y: 0, width: width - side, height: top)
        roster = Rect(x: width - side, y: 0, width: side, height: top)
        log = Rect(x: 0, y: top, width: width, height: logHeight)
        prompt = Rect(x: 0, y: height - 2, width: width, height: 1)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
    }

    /// Whether the screen is below 80x24, so only the "make it larger" message fits.
    public var isTooSmall: Bool { width < GameLayout.minimumWidth || height < GameLayout.minimumHeight }

    /// Every area, for checks that they tile the screen.
    public var areas: [Rect] { [battlefield, roster, log, prompt, status] }
}
