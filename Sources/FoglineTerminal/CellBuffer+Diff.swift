import Foundation

/// Frame-to-frame differences: only what changed reaches the terminal.
extension CellBuffer {
    /// The runs of cells in this buffer that differ from `previous`.
    ///
    /// Nothing changed gives no runs at all (and allocates nothing). A buffer of another
    /// size, or no previous buffer, gives every row whole. A run never starts on the
    /// right half of a wide character: it reaches back to include the left half, so the
    /// terminal always gets whole characters.
    public func diff(from previous: CellBuffer?) -> [CellRun] {
        guard let previous, previous.width == width, previous.height == height else {
            return (0..<height).map { CellRun(x: 0, y: $0, count: width) }
        }
        var runs: [CellRun] = []
        let rowBytes = width * MemoryLayout<ScreenCell>.stride
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                for y in 0..<height {
                    let row = y * width
                    // Rows with the very same bytes are equal; only others are compared cell by cell
                    // (equal cells may differ in bytes, which costs a comparison, never a wrong answer).
                    if rowBytes > 0, memcmp(new.baseAddress! + row, old.baseAddress! + row, rowBytes) == 0 { continue }
                    var x = 0
                    while x < width {
                        if new[row + x] == old[row + x] {
                            x += 1
                            continue
                        }
                        var start = x
                        if new[row + start].isContinuation, start > 0 { start -= 1 }
                        x += 1
                        while x < width, new[row + x] != old[row + x] || new[row + x].isContinuation { x += 1 }
                        runs.append(CellRun(x: start, y: y, count: x - start))
                    }
                }
            }
        }
        return runs
    }

    /// How many cells the runs cover.
    public static func cellCount(of runs: [CellRun]) -> Int {
        runs.reduce(0) { $0 + $1.count }
    }
}
