/// The message shown instead of the game when the terminal is below 80x24.
public struct TooSmallView {
    public let width: Int
    public let height: Int
    public let theme: Theme

    public init(width: Int, height: Int, theme: Theme) {
        self.width = width
        self.height = height
        self.theme = theme
    }

    /// "make the terminal larger (need 80x24, have WxH)".
    public var message: String {
        "make the terminal larger (need \(GameLayout.minimumWidth)x\(GameLayout.minimumHeight), have \(width)x\(height))"
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let lines = TextLayout.wrap(message, width: area.width)
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (k, line) in lines.enumerated() {
            let w = CharacterWidth.of(line)
            buffer.put(string: line, at: area.x + max(0, (area.width - w) / 2), top + k, style: theme.warning, clip: area)
        }
    }
}
