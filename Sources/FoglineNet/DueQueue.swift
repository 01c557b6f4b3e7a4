/// Items held until a time, let go in order of that time; equal times keep the order they came in.
///
/// What a conditioner holds back: a datagram in the relay, a packet in the in-memory transport.
struct DueQueue<Item> {
    private var entries: [(due: Duration, item: Item)] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// When the first item is due, if any is held.
    var nextDue: Duration? { entries.first?.due }

    /// Holds `item` until `due`, after everything held for the same time or earlier.
    mutating func hold(_ item: Item, until due: Duration) {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].due <= due { low = mid + 1 } else { high = mid }
        }
        entries.insert((due, item), at: low)
    }

    /// Takes out every item due at `now` or before, oldest due first.
    mutating func takeDue(now: Duration) -> [Item] {
        var released = 0
        while released < entries.count && entries[released].due <= now { released += 1 }
        guard released > 0 else { return [] }
        let items = entries.prefix(released).map(\.item)
        entries.removeFirst(released)
        return items
    }

    /// Takes out everything, due or not.
    mutating func takeAll() -> [Item] {
        defer { entries.removeAll() }
        return entries.map(\.item)
    }
}
