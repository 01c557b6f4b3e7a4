import FoglineNet

/// The screen shown while a match server finds the other player: the code to give a
/// friend, how long the wait has lasted, how many are waiting, and how to cancel.
public struct WaitingRoomView {
    /// Where the wait stands.
    public enum Stage: Hashable, Sendable {
        /// The connection or the hello is on its way.
        case connecting
        /// A seat is held; the match starts when the other player comes.
        case seated(code: String, seat: Int, waiting: Int)
        /// The seat was taken back after a drop; the match so far is on its way.
        case rejoining(code: String)
    }

    public var server: String
    public var stage: Stage
    /// A quick match: the next player waiting is the opponent, so no code to give.
    public var quick: Bool
    public var seconds: Int
    public var theme: Theme
    /// The match's briefing (map, how to win, example orders), read while the wait lasts:
    /// a server match cannot pause for it once it starts.
    public var briefing: Briefing?

    public init(server: String, stage: Stage, quick: Bool, seconds: Int, theme: Theme) {
        self.server = server
        self.stage = stage
        self.quick = quick
        self.seconds = seconds
        self.theme = theme
    }

    /// What the screen says, line by line, with the style of each (empty lines space it out).
    public var lines: [(text: String, style: CellStyle)] {
        let clock = "\(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60)"
        switch stage {
        case .connecting:
            return [
                ("Connecting to \(server)\(theme.glyphs.ellipsis) \(clock)", theme.accent),
                ("", theme.plain),
                ("Esc cancels", theme.muted),
            ]
        case .rejoining(let code):
            return [
                ("Taking back your seat in match \(code)\(theme.glyphs.ellipsis)", theme.accent),
                ("", theme.plain),
                ("Esc cancels", theme.muted),
            ]
        case .seated(let code, let seat, let waiting):
            var out: [(String, CellStyle)] = []
            if quick {
                out.append(("Quick match: waiting for the next player \(clock)", theme.accent))
            } else {
                out.append(("Match \(code)", theme.title))
                out.append(("", theme.plain))
                out.append(("Give the other player this code, or the command:", theme.plain))
                out.append(("fogline play --server \(server) --match \(code)", theme.good))
                out.append(("", theme.plain))
                out.append(("Waiting for them \(clock)", theme.accent))
            }
            out.append(("", theme.plain))
            out.append(("You play seat \(seat). Players waiting on this server: \(waiting)", theme.plain))
            out.append(("", theme.plain))
            out.append(("Esc cancels", theme.muted))
            return out
        }
    }

    /// The briefing's lines at `width`, as many as `rows` allow: the blank ones go first,
    /// then the map's description, so the examples stay.
    func briefingLines(width: Int, rows: Int) -> [(text: String, style: CellStyle)] {
        guard let briefing, rows >= 3 else { return [] }
        var body = BriefingView.body(briefing, width: width, theme: theme)
        if body.count > rows { body.removeAll { $0.0.isEmpty } }
        if body.count > rows, briefing.paragraphs.count > 2 {
            body.removeFirst(min(TextLayout.wrap(briefing.paragraphs[0], width: width).count, body.count))
        }
        return [(briefing.title, theme.title)] + body.prefix(rows - 1).map { (text: $0.0, style: $0.1) }
    }

    /// Draws the view centred in `buffer`, in a box when there is room for one.
    public func render(into buffer: inout CellBuffer) {
        let screen = buffer.bounds
        buffer.fill(screen)
        // The briefing goes between the wait and the way out.
        var content = lines
        let briefing = briefingLines(width: min(screen.width - 6, 72), rows: screen.height - 4 - content.count)
        content.insert(contentsOf: briefing, at: max(0, content.count - 1))
        let widest = content.map { CharacterWidth.of($0.text) }.max() ?? 0
        let width = min(screen.width, widest + 6)
        let height = min(screen.height, content.count + 4)
        let box = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        let inner = box.width >= widest + 4 && box.height >= content.count + 2
            ? Box.draw(box, title: "Fogline \(theme.glyphs.dash) \(server)", theme: theme, into: &buffer)
            : screen
        var y = inner.y + max(0, (inner.height - content.count) / 2)
        for line in content where y < inner.maxY {
            guard !line.text.isEmpty else {
                y += 1
                continue
            }
            for piece in TextLayout.wrap(line.text, width: max(1, inner.width)) where y < inner.maxY {
                buffer.put(string: piece, at: inner.x, y, style: line.style, clip: inner)
                y += 1
            }
        }
    }
}
