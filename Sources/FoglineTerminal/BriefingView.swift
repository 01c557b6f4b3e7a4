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

    /// The lines at `width`, with their styles; the last ones are the keys.
    public func lines(width: Int) -> [(String, CellStyle)] { body(width: width) + keys(width: width) }

    /// The key line(s): how to start, the help, how to leave.
    func keys(width: Int) -> [(String, CellStyle)] {
        let help = keymap.keys(for: .help).first?.name
        let quit = keymap.keys(for: .quit).first?.name
        var keys = ["Enter starts the match (the clock waits until then)"]
        if let help { keys.append("\(help) help") }
        if let quit { keys.append("\(quit) leaves") }
        return TextLayout.wrap(keys.joined(separator: theme.glyphs.separator), width: width).map { ($0, theme.muted) }
    }

    /// Everything above the keys.
    func body(width: Int) -> [(String, CellStyle)] { Self.body(briefing, width: width, theme: theme) }

    /// The paragraphs and the example orders of `briefing` at `width`: also what the
    /// server's waiting room shows.
    static func body(_ briefing: Briefing, width: Int, theme: Theme) -> [(String, CellStyle)] {
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
        return out
    }

    /// Draws the box centred in `area`, as large as the text needs and the area allows.
    /// Short of rows, the blank lines go first, then the map's description; the examples
    /// and the keys line always show.
    public func render(into buffer: inout CellBuffer, in area: Rect) {
        guard area.width >= 24, area.height >= 6 else { return }
        let width = min(area.width - 2, 76)
        let keys = keys(width: width - 4)
        var body = body(width: width - 4)
        let room = area.height - 2 - keys.count
        if body.count > room { body.removeAll { $0.0.isEmpty } }
        if body.count > room, briefing.paragraphs.count > 2 {
            let description = TextLayout.wrap(briefing.paragraphs[0], width: width - 4).count
            body.removeFirst(min(description, body.count))
        }
        if body.count > room { body = Array(body.suffix(max(0, room))) }
        let content = body + keys
        let box = area.centered(width: width, height: min(area.height, content.count + 2))
        let inner = Box.draw(box, title: briefing.title, theme: theme, into: &buffer)
        for (k, (line, style)) in content.enumerated() where k < inner.height {
            buffer.put(string: line, at: inner.x, inner.y + k, style: style, clip: inner)
        }
    }
}
