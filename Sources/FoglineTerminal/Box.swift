/// A framed box with a title, cleared inside: what overlays draw themselves in.
public enum Box {
    /// Draws the frame around `rect` and clears its inside; returns the inner area.
    @discardableResult
    public static func draw(_ rect: Rect, title: String, theme: Theme, into buffer: inout CellBuffer) -> Rect {
        let area = rect.intersection(buffer.bounds)
        guard area.width >= 2, area.height >= 2 else { return .zero }
        let g = theme.glyphs
        buffer.fill(area)
        for x in (area.x + 1)..<(area.maxX - 1) {
            buffer.setGlyph(g.horizontal, at: x, area.y, style: theme.frame)
            buffer.setGlyph(g.horizontal, at: x, area.maxY - 1, style: theme.frame)
        }
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.setGlyph(g.vertical, at: area.x, y, style: theme.frame)
            buffer.setGlyph(g.vertical, at: area.maxX - 1, y, style: theme.frame)
        }
        buffer.setGlyph(g.topLeft, at: area.x, area.y, style: theme.frame)
        buffer.setGlyph(g.topRight, at: area.maxX - 1, area.y, style: theme.frame)
        buffer.setGlyph(g.bottomLeft, at: area.x, area.maxY - 1, style: theme.frame)
        buffer.setGlyph(g.bottomRight, at: area.maxX - 1, area.maxY - 1, style: theme.frame)
        if !title.isEmpty {
            let text = " " + TextLayout.truncate(title, to: max(0, area.width - 6), ellipsis: g.ellipsis) + " "
            buffer.put(string: text, at: area.x + 2, area.y, style: theme.title, clip: area)
        }
        return area.insetBy(dx: 2, dy: 1)
    }
}
