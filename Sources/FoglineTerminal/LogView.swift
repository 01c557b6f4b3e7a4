/// The log panel: a rule with its title, then the newest lines at the bottom, wrapped.
public struct LogView {
    public let entries: [LogEntry]
    public let theme: Theme
    /// The player whose point of view colours "understood" lines.
    public let player: Int

    public init(entries: [LogEntry], theme: Theme, player: Int = 1) {
        self.entries = entries
        self.theme = theme
        self.player = player
    }

    /// The view of a model, in the theme its capabilities call for.
    public init(model: GameScreenModel) {
        self.init(entries: model.log, theme: Theme(capabilities: model.capabilities), player: model.player)
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let g = theme.glyphs
        var body = area
        if area.height >= 3 {
            // The top row is a rule with the panel's name.
            for x in area.x..<area.maxX { buffer.setGlyph(g.horizontal, at: x, area.y, style: theme.frame) }
            buffer.put(string: " Log ", at: area.x + 1, area.y, style: theme.title, clip: area)
            body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        // Wrap from the newest entry backwards until the panel is full.
        var lines: [(prefix: String, prefixStyle: CellStyle, text: String, style: CellStyle)] = []
        for entry in entries.reversed() {
            let (prefix, prefixStyle, style) = look(of: entry)
            let prefixWidth = CharacterWidth.of(prefix)
            let wrapped = TextLayout.wrap(entry.text, width: max(1, body.width - prefixWidth - 1))
            for (k, text) in wrapped.enumerated().reversed() {
                lines.append((k == 0 ? prefix : String(repeating: " ", count: prefixWidth), prefixStyle, text, style))
                if lines.count >= body.height { break }
            }
            if lines.count >= body.height { break }
        }
        // The newest line sits at the bottom, right above the prompt.
        let top = body.maxY - lines.count
        for (k, line) in lines.reversed().enumerated() {
            let y = top + k
            let x = buffer.put(string: line.prefix, at: body.x + 1, y, style: line.prefixStyle, clip: body)
            buffer.put(string: line.text, at: x, y, style: line.style, clip: body)
        }
    }

    private func look(of entry: LogEntry) -> (String, CellStyle, CellStyle) {
        let g = theme.glyphs
        switch entry.kind {
        case .understood: return (g.understood, theme.accent, theme.plain)
        case .error: return (g.failed, theme.danger, theme.style(.danger))
        case .event:
            let style = entry.player == 0 ? theme.plain : theme.team(entry.player, bold: false)
            return (g.event, style, style)
        case .info: return (String(repeating: " ", count: CharacterWidth.of(g.understood)), theme.muted, theme.muted)
        }
    }
}
