/// A cell of the map grid, in whole cells.
public struct Cell: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var x: Int32
    public var y: Int32

    @inlinable public init(_ x: Int32, _ y: Int32) {
        self.x = x
        self.y = y
    }

    @inlinable public init(x: Int, y: Int) {
        self.x = Int32(x)
        self.y = Int32(y)
    }

    /// The centre of the cell in sub-cell units.
    @inlinable public var center: Position {
        Position(x * Position.unit + Position.unit / 2, y * Position.unit + Position.unit / 2)
    }

    /// Chebyshev (king-move) distance in cells.
    @inlinable public func chebyshev(to other: Cell) -> Int32 {
        max(abs(x - other.x), abs(y - other.y))
    }

    public static func < (a: Cell, b: Cell) -> Bool { a.y != b.y ? a.y < b.y : a.x < b.x }

    public var description: String { "(\(x), \(y))" }
}

/// A point in sub-cell units: `Position.unit` of them make one cell.
public struct Position: Hashable, Sendable, CustomStringConvertible {
    /// Sub-cell units per cell.
    public static let unit: Int32 = 256

    public var x: Int32
    public var y: Int32

    @inlinable public init(_ x: Int32, _ y: Int32) {
        self.x = x
        self.y = y
    }

    /// The cell the point lies in.
    @inlinable public var cell: Cell { Cell(x >> 8, y >> 8) }

    /// Squared distance in sub-cell units (64-bit, cannot overflow on any map).
    @inlinable public func distanceSquared(to other: Position) -> Int64 {
        let dx = Int64(other.x - x), dy = Int64(other.y - y)
        return dx * dx + dy * dy
    }

    public var description: String { "(\(x), \(y))" }
}
