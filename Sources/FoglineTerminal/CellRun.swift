/// A run of changed cells on one row: what `CellBuffer.diff(from:)` returns.
public struct CellRun: Hashable, Sendable {
    /// The first column and the row.
    public var x: Int
    public var y: Int
    /// How many cells, left to right.
    public var count: Int

    public init(x: Int, y: Int, count: Int) {
        self.x = x
        self.y = y
        self.count = count
    }
}
