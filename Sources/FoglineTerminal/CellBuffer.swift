/// A width x height grid of screen cells that views draw a whole frame into.
///
/// Drawing never reaches the terminal directly: a frame is drawn here, compared
/// with the previous one (`diff(from:)`), and only the difference is written out.
/// Every drawing call clips to the buffer (and to an optional clip rectangle), so a
/// view can never write outside the area it was given.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Cells row by row.
    public private(set) var cells: [ScreenCell]

    /// A buffer of blank cells.
    public init(width: Int, height: Int, filling cell: ScreenCell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [ScreenCell](repeating: cell, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    @inlinable public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a column and row; blank outside the buffer.
    public subscript(x: Int, y: Int) -> ScreenCell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Sets one cell, clipped to `clip` and the buffer; wide characters that do not fit become a space.
    public mutating func set(_ character: Character, at x: Int, _ y: Int, style: CellStyle, clip: Rect? = nil) {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y) else { return }
        let w = CharacterWidth.of(character)
        if w == 2 {
            guard area.contains(x: x + 1, y: y) else {
                write(ScreenCell(" ", style: style), at: x, y)
                return
            }
            write(ScreenCell(character, style: style), at: x, y)
            write(.continuation(style: style), at: x + 1, y)
            return
        }
        write(ScreenCell(w == 0 ? "?" : character, style: style), at: x, y)
    }

    /// Sets one cell to a character known to be one column wide (the glyph sets), unclipped
    /// but bounds-checked: the fast path for drawing whole maps.
    @inline(__always) mutating func setGlyph(_ character: Character, at x: Int, _ y: Int, style: CellStyle) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        write(ScreenCell(character, style: style), at: x, y)
    }

    /// Writes a cell, repairing any wide character it splits.
    @inline(__always) private mutating func write(_ cell: ScreenCell, at x: Int, _ y: Int) {
        let i = y * width + x
        // Overwriting half of a wide character leaves its other half a plain space.
        if cells[i].isContinuation {
            if !cell.isContinuation, x > 0 { cells[i - 1] = ScreenCell(" ", style: cells[i - 1].style) }
        } else if x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = ScreenCell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Writes a string on one row from column `x`, clipped; returns the column after the last cell written.
    ///
    /// Control characters are shown as `?` so text from outside (player names, LLM
    /// notes) can never move the cursor or change the terminal's state.
    @discardableResult
    public mutating func put(string: some StringProtocol, at x: Int, _ y: Int, style: CellStyle, clip: Rect? = nil)
        -> Int
    {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var column = x
        guard y >= area.y, y < area.maxY else { return x + CharacterWidth.of(string) }
        for c in string {
            if column >= area.maxX { break }
            let w = max(1, CharacterWidth.of(c))
            if column + w > area.x {
                set(c, at: column, y, style: style, clip: area)
            }
            column += w
        }
        return column
    }

    /// `put(string:at:style:)` with a point.
    @discardableResult
    public mutating func put(string: some StringProtocol, at point: (x: Int, y: Int), style: CellStyle, clip: Rect? = nil)
        -> Int
    {
        put(string: string, at: point.x, point.y, style: style, clip: clip)
    }

    /// Fills a rectangle (clipped) with one character and style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = ScreenCell(CharacterWidth.of(character) == 1 ? character : "?", style: style)
        for y in area.y..<area.maxY {
            let row = y * width
            // Edge cells may cut a wide character that started or ends outside the area.
            if area.x > 0, cells[row + area.x].isContinuation {
                cells[row + area.x - 1] = ScreenCell(" ", style: cells[row + area.x - 1].style)
            }
            if area.maxX < width, cells[row + area.maxX].isContinuation {
                cells[row + area.maxX] = ScreenCell(" ", style: cells[row + area.maxX].style)
            }
            for x in area.x..<area.maxX { cells[row + x] = cell }
        }
    }

    /// Changes only the style of the cells in a rectangle, keeping their characters.
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { change(&cells[y * width + x].style) }
        }
    }

    /// Clears the whole buffer.
    public mutating func clear() {
        fill(bounds)
    }

    /// A view of one rectangle of this buffer, with coordinates relative to it.
    public mutating func withRegion<R>(_ rect: Rect, _ body: (inout Region) -> R) -> R {
        var region = Region(buffer: self, rect: rect.intersection(bounds))
        // Hand the storage over so writes do not copy it.
        self = CellBuffer(width: 0, height: 0)
        defer { self = region.buffer }
        return body(&region)
    }

    /// A sub-rectangle of a buffer: drawing at (0, 0) lands at the region's corner, and
    /// nothing is drawn outside it.
    public struct Region {
        fileprivate(set) var buffer: CellBuffer
        /// Where the region sits in the buffer.
        public let rect: Rect

        public var width: Int { rect.width }
        public var height: Int { rect.height }

        @discardableResult
        public mutating func put(string: some StringProtocol, at x: Int, _ y: Int, style: CellStyle) -> Int {
            buffer.put(string: string, at: rect.x + x, rect.y + y, style: style, clip: rect) - rect.x
        }

        public mutating func set(_ character: Character, at x: Int, _ y: Int, style: CellStyle) {
            buffer.set(character, at: rect.x + x, rect.y + y, style: style, clip: rect)
        }

        public mutating func fill(_ r: Rect, with character: Character = " ", style: CellStyle = .plain) {
            buffer.fill(Rect(x: rect.x + r.x, y: rect.y + r.y, width: r.width, height: r.height).intersection(rect),
                         with: character, style: style)
        }

        public subscript(x: Int, y: Int) -> ScreenCell {
            rect.contains(x: rect.x + x, y: rect.y + y) ? buffer[rect.x + x, rect.y + y] : .blank
        }
    }
}
