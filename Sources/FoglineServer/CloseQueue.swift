/// The matches' next frame closes, soonest first: a binary min-heap of (time, code).
///
/// The service thread wakes for the soonest close and ticks only the matches that are
/// due, so a match's frames go out at its own close, never in a burst because another
/// match woke the loop. Entries are not removed when a match ends or its close moves;
/// whoever pops one checks it is still current.
struct CloseQueue {
    private var heap: [(at: Duration, code: String)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// The soonest close, if any.
    var soonest: Duration? { heap.first?.at }

    mutating func push(_ at: Duration, _ code: String) {
        heap.append((at, code))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].at < heap[parent].at else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the soonest entry if it is due by `now`.
    mutating func popDue(_ now: Duration) -> (at: Duration, code: String)? {
        guard let first = heap.first, first.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && heap[left].at < heap[smallest].at { smallest = left }
                if right < heap.count && heap[right].at < heap[smallest].at { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
