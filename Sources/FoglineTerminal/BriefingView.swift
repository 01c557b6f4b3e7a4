/// Draws the briefing in a box over the battlefield: the paragraphs, the example orders,
/// and the key that starts the match.
public struct BriefingView {
    public let briefing: Briefing
    public let keymap: Keymap
    public let theme: Theme

    public init(briefing: Briefing, keymap: Keymap, theme: Theme) {
        self.briefing = briefing
        self.keymap = keymap
        self.theme = theme
    }

    /// The lines at `width`, with their styles.
    public func lines(width: Int) -> [(String, CellStyle)] {
        var out: [(String, CellStyle)] = []
        for paragraph in briefing.paragraphs {
            out += TextLayout.wrap(paragraph, width: width).map { ($0, theme.plain) }
            out.append(("", theme.plain))
        }
        if !briefing.examples.isEmpty {
            out.append(("Try typing:", theme.accent))
            for example in briefing.examples {
                out += TextLayout.wrap("  \(example)", width: width).map { ($0, theme.good) }
            }
            out.append(("", theme.plain))
        }
        let help = keymap.keys(for: .help).first?.name
        let quit = keymap.keys(for: .quit).first?.name
        var keys = ["Enter starts the match (the clock waits until then)"]
        if let help { keys.append("\(help) help") }
        if let quit { keys.append("\(quit) leaves") }
        out += TextLayout.wrap(keys.joined(separator: theme.glyphs.separator), width: width).map { ($0, theme.muted) }
        return out
    }

    /// Draws the box centred in `area`, as large as the text needs and the area allows.
    public func render(into buffer: inout CellBuffer, in area: Rect) {
        guard area.width >= 24, area.height >= 6 else { return }
        let width = min(area.width - 2, 76)
        let content = lines(width: width - 4)
        let box = area.centered(width: width, height: min(area.height, content.count + 2))
        let inner = Box.draw(box, title: briefing.title, theme: theme, into: &buffer)
        for (k, (line, style)) in content.enumerated() where k < inner.height {
            buffer.put(string: line, at: inner.x, inner.y + k, style: style, clip: inner)
        }
    }
}
