/// The log panel: a rule with its title, then the newest lines at the bottom, wrapped.
///
/// Scrolled back (`scroll` entries hidden below), the title says how many newer lines
/// wait and the key back. The newest order's understanding is pinned on the bottom row
/// while other lines would push it out, so how your last order was read stays in view.
public struct LogView {
    public let entries: [LogEntry]
    public let theme: Theme
    /// The player whose point of view colours "understood" lines.
    public let player: Int
    /// Entries hidden below the panel (the log scrolled back).
    public var scroll = 0
    /// Whether only your orders are shown (for the title).
    public var ordersOnly = false
    /// The key that scrolls forward again, for the title.
    public var newerKey: String?

    public init(entries: [LogEntry], theme: Theme, player: Int = 1) {
        self.entries = entries
        self.theme = theme
        self.player = player
    }

    /// The view of a model, in the theme its capabilities call for.
    public init(model: GameScreenModel) {
        self.init(entries: model.shownLog, theme: Theme(capabilities: model.capabilities), player: model.player)
        scroll = model.logScroll
        ordersOnly = model.logOrdersOnly
        newerKey = model.keymap.keys(for: .logNewer).first?.name
    }

    /// Draws the view into `rect` of `buffer`, never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let g = theme.glyphs
        var body = area
        let visible = Array(entries.dropLast(min(scroll, entries.count)))
        if area.height >= 3 {
            // The top row is a rule with the panel's name, and where the view is.
            for x in area.x..<area.maxX { buffer.setGlyph(g.horizontal, at: x, area.y, style: theme.frame) }
            var title = ordersOnly ? " Log: your orders " : " Log "
            if scroll > 0 {
                title += "\(g.dash) \(entries.count - visible.count) newer below" + (newerKey.map { " (\($0)) " } ?? " ")
            }
            buffer.put(string: title, at: area.x + 1, area.y, style: theme.title, clip: area)
            body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        // The newest order's understanding, pinned to the bottom row when it would scroll out.
        var shown = visible
        var pinned: LogEntry?
        if scroll == 0, body.height >= 3, let last = visible.lastIndex(where: \.isOrder), last < visible.count - 1 {
            // Only when the lines after it would push it out of the panel: counted from the
            // newest back, and no further than the panel (this runs on every render).
            let textWidth = max(1, body.width - CharacterWidth.of(g.understood) - 1)
            var used = TextLayout.wrap(visible[last].text, width: textWidth).count
            for entry in visible[(last + 1)...].reversed() {
                if used > body.height { break }
                used += TextLayout.wrap(entry.text, width: textWidth).count
            }
            if used > body.height {
                pinned = visible[last]
                shown.remove(at: last)
                body = Rect(x: body.x, y: body.y, width: body.width, height: body.height - 1)
            }
        }
        if let pinned {
            let (prefix, prefixStyle, style) = look(of: pinned)
            let y = body.maxY
            let x = buffer.put(string: prefix, at: body.x + 1, y, style: prefixStyle, clip: area)
            let room = max(1, body.maxX - x)
            buffer.put(string: TextLayout.truncate(pinned.text, to: room, ellipsis: g.ellipsis), at: x, y, style: style.adding(.bold), clip: area)
        }
        // Wrap from the newest entry backwards until the panel is full.
        var lines: [(prefix: String, prefixStyle: CellStyle, text: String, style: CellStyle)] = []
        for entry in shown.reversed() {
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
