import FoglineNet

/// The list of a server's live matches, to pick one to watch: code, map, players, the
/// match clock as spectators see it, the score, how many watch, and any delay.
public struct LiveMatchListView {
    public var server: String
    public var total: Int
    public var matches: [WireLiveMatch]
    public var selected: Int
    /// Why the list could not be fetched the last time, if it could not.
    public var problem: String?
    public var theme: Theme

    public init(server: String, total: Int, matches: [WireLiveMatch], selected: Int, problem: String?, theme: Theme) {
        self.server = server
        self.total = total
        self.matches = matches
        self.selected = selected
        self.problem = problem
        self.theme = theme
    }

    /// One match's row, its columns padded to line up.
    public static func row(_ match: WireLiveMatch) -> String {
        let names = match.players.sorted { $0.number < $1.number }.map(\.name).joined(separator: " vs ")
        let score = match.scores.map { "\($0[0]):\($0[1])" } ?? "-"
        let delay = match.spectatorDelay > 0 ? "  \(match.spectatorDelay) s delay" : ""
        return pad(match.code, 8) + pad(match.mapName, 12) + pad(names, 28) + pad(StatusView.clock(frame: match.frame), 9)
            + pad(score, 10) + "\(match.spectators) watching" + delay
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let fitted = TextLayout.truncate(text, to: width - 1, ellipsis: "~")
        return fitted + String(repeating: " ", count: max(1, width - CharacterWidth.of(fitted)))
    }

    /// Draws the whole screen: a title, the rows (the selected one highlighted, scrolled
    /// into view), and the keys.
    public func render(into buffer: inout CellBuffer) {
        let screen = buffer.bounds
        buffer.fill(screen)
        guard screen.width >= 20, screen.height >= 6 else {
            buffer.put(string: "Make the terminal larger", at: 0, 0, style: theme.warning, clip: screen)
            return
        }
        let inner = Box.draw(screen, title: "Fogline \(theme.glyphs.dash) live matches on \(server)", theme: theme, into: &buffer)
        var y = inner.y
        let shown = matches.count < total ? "\(matches.count) of \(total) live matches" : "\(total) live match\(total == 1 ? "" : "es")"
        buffer.put(string: shown, at: inner.x + 1, y, style: theme.accent, clip: inner)
        y += 2
        if let problem {
            for line in TextLayout.wrap(problem, width: inner.width - 2) where y < inner.maxY - 2 {
                buffer.put(string: line, at: inner.x + 1, y, style: theme.warning, clip: inner)
                y += 1
            }
            y += 1
        }
        if matches.isEmpty {
            buffer.put(string: "No match is being played here now. The list refreshes by itself.", at: inner.x + 1, y, style: theme.plain, clip: inner)
        } else {
            let header = Self.pad("code", 8) + Self.pad("map", 12) + Self.pad("players", 28) + Self.pad("clock", 9) + Self.pad("score", 10) + "spectators"
            buffer.put(string: header, at: inner.x + 1, y, style: theme.muted, clip: inner)
            y += 1
            let rows = max(1, inner.maxY - 2 - y)
            let first = min(max(0, selected - rows + 1), max(0, matches.count - rows))
            for (k, match) in matches.enumerated().dropFirst(first).prefix(rows) {
                let style = k == selected ? theme.style(.normal, [.reverse, .bold]) : theme.plain
                let line = Rect(x: inner.x, y: y, width: inner.width, height: 1)
                if k == selected { buffer.fill(line, style: style) }
                buffer.put(string: Self.row(match), at: inner.x + 1, y, style: style, clip: line)
                y += 1
            }
        }
        let arrows = theme.capabilities.unicode ? "\u{2191}\u{2193}" : "up/down"
        let keys = ["\(arrows) choose", "Enter watch", "r refresh", "q or Esc leave"].joined(separator: theme.glyphs.separator)
        buffer.put(string: keys, at: inner.x + 1, inner.maxY - 1, style: theme.muted, clip: inner)
    }
}
