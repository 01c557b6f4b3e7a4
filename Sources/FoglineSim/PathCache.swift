import Synchronization

/// Paths already planned on one map, so a unit that plans the same trip again (it stopped to
/// fight and walks on, or it left its base for the same node as last time) gets it at once.
///
/// A path depends only on the map and its two ends, so a stored one is exactly what the
/// search would find again. The table is direct-mapped and small: a new trip takes the slot
/// of whichever trip hashed there before, so the memory stays bounded on a long match.
/// It belongs to the map, which every copy of a world shares; a lock makes it safe for
/// worlds on different threads.
final class PathCache: Sendable {
    /// Slots in the table.
    static let slots = 256

    private struct Entry {
        var start: Int32
        var goal: Int32
        var path: [Cell]
    }

    private let table = Mutex<[Entry?]>([Entry?](repeating: nil, count: PathCache.slots))

    @inline(__always) private static func slot(_ start: Int, _ goal: Int) -> Int {
        // Fibonacci hashing of the pair; the top bits pick the slot.
        let mixed = (UInt64(start) << 32 | UInt64(goal)) &* 0x9E37_79B9_7F4A_7C15
        return Int(mixed >> 56) & (slots - 1)
    }

    /// The stored path from cell index `start` to `goal`, if this trip was planned before.
    func path(from start: Int, to goal: Int) -> [Cell]? {
        table.withLock { table in
            guard let entry = table[PathCache.slot(start, goal)], entry.start == start, entry.goal == goal else {
                return nil
            }
            return entry.path
        }
    }

    /// Keeps a path just planned.
    func store(_ path: [Cell], from start: Int, to goal: Int) {
        table.withLock { table in
            table[PathCache.slot(start, goal)] = Entry(start: Int32(start), goal: Int32(goal), path: path)
        }
    }
}
