import FoglineMatch
import FoglineSim

/// The replay viewer's timeline bar: the whole match across one row, the part already
/// played drawn heavier, the frame shown as a reverse-video cell, and a mark wherever
/// something happened (a command, a kill, a capture, a desync), in the colour of the side
/// it favours (dim while still ahead). The match's length closes the row.
///
/// Where one column covers several events the strongest mark wins: desync, capture,
/// kill, then command. Frames not yet indexed show a lighter track.
public struct TimelineView {
    /// One column's mark.
    public struct Mark: Hashable, Sendable {
        public var category: ReplayEvent.Category
        /// The side the mark is coloured for (0 for none).
        public var player: Int
    }

    public let frame: Int32
    public let totalFrames: Int32
    /// Frames up to here have been indexed (their events are known).
    public let indexedFrame: Int32
    /// The events found so far; those the perspective shows are marked.
    public let events: [ReplayEvent]
    /// Whose fog the viewer shows (nil: none), which decides which events are marked:
    /// that player's commands and what the rules let that player know.
    public let fogPlayer: Int?
    /// A world of the replay (its initial one): who owns each unit, by world id (to colour
    /// a kill for the side that made it), and what a player may know of an event.
    public let world: World
    public let theme: Theme

    public init(
        frame: Int32, totalFrames: Int32, indexedFrame: Int32, events: [ReplayEvent], fogPlayer: Int?, world: World,
        theme: Theme
    ) {
        self.frame = frame
        self.totalFrames = totalFrames
        self.indexedFrame = indexedFrame
        self.events = events
        self.fogPlayer = fogPlayer
        self.world = world
        self.theme = theme
    }

    /// The column of `frame` in a bar `width` columns wide: 0 for the first frame, the
    /// last column for the last.
    public func column(of frame: Int32, width: Int) -> Int {
        guard totalFrames > 0, width > 1 else { return 0 }
        return Int(Int64(min(max(frame, 0), totalFrames)) * Int64(width - 1) / Int64(totalFrames))
    }

    /// The first frame of column `column` of a bar `width` columns wide.
    public func frame(atColumn column: Int, width: Int) -> Int32 {
        guard totalFrames > 0, width > 1 else { return 0 }
        let c = Int64(min(max(column, 0), width - 1))
        return Int32((c * Int64(totalFrames) + Int64(width - 2)) / Int64(width - 1))
    }

    /// The columns the bar takes in a row: after a margin, before the match's length.
    public func bar(in rect: Rect) -> (x: Int, width: Int) {
        let length = StatusView.clock(frame: totalFrames)
        return (rect.x + 1, rect.width - 3 - CharacterWidth.of(length))
    }

    /// Each column's strongest mark, for a bar `width` columns wide.
    public func marks(width: Int) -> [Mark?] {
        var out = [Mark?](repeating: nil, count: max(0, width))
        guard width > 0 else { return out }
        for event in events {
            guard let category = event.category, event.isShown(withFogOf: fogPlayer, in: world) else { continue }
            let c = column(of: event.frame, width: width)
            if let present = out[c], Self.rank(present.category) >= Self.rank(category) { continue }
            var player = event.player(owners: world.units) ?? 0
            // A kill counts for the side that made it, not the side that lost the unit.
            if category == .kill, player != 0 { player = 3 - player }
            out[c] = Mark(category: category, player: player)
        }
        return out
    }

    static func rank(_ category: ReplayEvent.Category) -> Int {
        switch category {
        case .command: return 0
        case .kill: return 1
        case .capture: return 2
        case .desync: return 3
        }
    }

    /// The glyph of a mark: `╷ × ◆ !` with Unicode, `' x * !` without.
    func glyph(_ category: ReplayEvent.Category) -> Character {
        let unicode = theme.capabilities.unicode
        switch category {
        case .command: return unicode ? "╷" : "'"
        case .kill: return unicode ? "×" : "x"
        case .capture: return unicode ? "◆" : "*"
        case .desync: return "!"
        }
    }

    /// Draws the view into `rect` of `buffer` (its first row), never outside it.
    public func render(into buffer: inout CellBuffer, in rect: Rect) {
        let area = rect.intersection(buffer.bounds).row(0)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let length = StatusView.clock(frame: totalFrames)
        let (barX, barWidth) = bar(in: area)
        guard barWidth >= 2 else { return }
        buffer.put(string: length, at: barX + barWidth + 1, area.y, style: theme.muted, clip: area)
        let unicode = theme.capabilities.unicode
        let played: Character = unicode ? "━" : "="
        let ahead: Character = unicode ? "─" : "-"
        let unknown: Character = unicode ? "┄" : "."
        let here = column(of: frame, width: barWidth)
        let indexedUpTo = column(of: indexedFrame, width: barWidth)
        let marks = marks(width: barWidth)
        for c in 0..<barWidth {
            let x = barX + c
            var symbol = c < here ? played : (c <= indexedUpTo ? ahead : unknown)
            var style = c < here ? theme.accent : theme.muted
            if let mark = marks[c] {
                symbol = glyph(mark.category)
                style = mark.category == .desync ? theme.danger : (mark.player == 0 ? theme.plain : theme.team(mark.player))
                // Marks still ahead are dim, so where the replay stands reads even when every column has one.
                if c > here { style = style.adding(.dim) }
            }
            if c == here {
                if marks[c] == nil { symbol = unicode ? "┃" : "|" }
                style = theme.style(.accent, [.bold, .reverse])
            }
            buffer.set(symbol, at: x, area.y, style: style, clip: area)
        }
    }
}
