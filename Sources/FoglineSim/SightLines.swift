/// The cells a line of sight crosses, worked out once per map for every offset a unit can
/// see or shoot across, as index offsets on the map's grid.
///
/// `World.hasLineOfSight` walks a Bresenham line and checks the terrain of every cell strictly
/// between the two ends. The cells crossed depend only on the offset between the ends, so
/// they are walked once here; a check is then a run of terrain reads with no line arithmetic.
/// Both ends inside the map keep every crossed cell inside it (a Bresenham line never leaves
/// the box of its ends), so the reads need no bounds checks.
struct SightLines: Sendable {
    /// The largest offset, in cells on either axis, the table covers: the longest sight or
    /// weapon range of any archetype. Longer lines are walked cell by cell.
    static let radius: Int32 = Archetype.allCases.map { max($0.stats.sightCells, $0.stats.rangeCells) }.max() ?? 0

    /// `between[start[k]..<start[k + 1]]` are the index offsets crossed by line k, where
    /// k = (dy + radius) * side + (dx + radius).
    let start: [Int32]
    let between: [Int32]

    static var side: Int32 { 2 * radius + 1 }

    init(width: Int32) {
        let r = SightLines.radius
        var start: [Int32] = []
        var between: [Int32] = []
        start.reserveCapacity(Int(SightLines.side * SightLines.side) + 1)
        for dy in -r...r {
            for dx in -r...r {
                start.append(Int32(between.count))
                SightLines.walk(from: Cell(0, 0), to: Cell(dx, dy)) { cell in
                    between.append(cell.y * width + cell.x)
                    return true
                }
            }
        }
        start.append(Int32(between.count))
        self.start = start
        self.between = between
    }

    /// The table's line from one cell to another, or nil when they are too far apart.
    @inline(__always) func line(dx: Int32, dy: Int32) -> Range<Int>? {
        let r = SightLines.radius
        guard abs(dx) <= r, abs(dy) <= r else { return nil }
        let k = Int((dy + r) * SightLines.side + (dx + r))
        return Int(start[k])..<Int(start[k + 1])
    }

    /// Walks the Bresenham line from `a` to `b`, calling `body` with each cell strictly between
    /// them in order until it returns false. This is the one definition of which cells a line
    /// crosses.
    static func walk(from a: Cell, to b: Cell, _ body: (Cell) -> Bool) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx: Int32 = a.x < b.x ? 1 : -1, sy: Int32 = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            if x == b.x && y == b.y { return }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
            if x == b.x && y == b.y { return }
            guard body(Cell(x, y)) else { return }
        }
    }
}
