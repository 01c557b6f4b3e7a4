import Synchronization

/// The working memory of one A* search, kept between searches so a search allocates
/// nothing but the path it returns.
///
/// Cells are marked with stamps instead of cleared: a cell is open in this search when its
/// stamp is `open`, closed when it is `open + 1`, and anything else means untouched, so a
/// search costs what it visits, not the size of the map. Searches borrow one from a pool
/// and give it back, so threads never share one.
final class PathSearch: @unchecked Sendable {
    private(set) var cellCount: Int
    /// Per cell: its stamp, the best cost found so far and the cell it came from (valid
    /// where the stamp is current). One record per cell, so a neighbour costs one cache line.
    private(set) var nodes: UnsafeMutablePointer<PathNode>
    /// The stamp of cells opened in this search; `open + 1` marks closed ones.
    private(set) var open: UInt32 = 0
    /// The open list's buckets: each one's memory, capacity and entry count.
    let bucketItems: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    let bucketCapacity: UnsafeMutablePointer<Int>
    let bucketCount: UnsafeMutablePointer<Int>

    private static let pool = Mutex<[PathSearch]>([])

    private init(cellCount: Int) {
        self.cellCount = cellCount
        nodes = .allocate(capacity: cellCount)
        nodes.initialize(repeating: PathNode(), count: cellCount)
        let buckets = PathOpenList.bucketTotal
        bucketItems = .allocate(capacity: buckets)
        bucketCapacity = .allocate(capacity: buckets)
        bucketCount = .allocate(capacity: buckets)
        for b in 0..<buckets {
            (bucketItems + b).initialize(to: .allocate(capacity: 64))
            (bucketCapacity + b).initialize(to: 64)
        }
        bucketCount.initialize(repeating: 0, count: buckets)
    }

    deinit {
        nodes.deallocate()
        for b in 0..<PathOpenList.bucketTotal { bucketItems[b].deallocate() }
        bucketItems.deallocate()
        bucketCapacity.deallocate()
        bucketCount.deallocate()
    }

    /// A search with room for a map of `cells` cells, from the pool when one is free.
    static func borrow(cells: Int) -> PathSearch {
        let search = pool.withLock { $0.popLast() } ?? PathSearch(cellCount: cells)
        search.begin(cells: cells)
        return search
    }

    /// Puts a search back for the next one.
    static func giveBack(_ search: PathSearch) {
        pool.withLock { $0.append(search) }
    }

    /// Starts a new search: new stamps, empty buckets, more room if the map is bigger.
    private func begin(cells: Int) {
        if cells > cellCount {
            nodes.deallocate()
            cellCount = cells
            nodes = .allocate(capacity: cells)
            nodes.initialize(repeating: PathNode(), count: cells)
            open = 0
        }
        if open >= UInt32.max - 3 {
            nodes.update(repeating: PathNode(), count: cellCount)
            open = 0
        }
        open += 2
        bucketCount.update(repeating: 0, count: PathOpenList.bucketTotal)
    }
}

/// What a search knows of one cell.
struct PathNode {
    /// `PathSearch.open` when opened in this search, one more when closed.
    var stamp: UInt32 = 0
    var g: Int32 = 0
    var parent: Int32 = -1
}

/// The open list of one search: entries come out in order of f, then h, then cell index.
///
/// A* with a consistent heuristic takes entries out in order of f, and an entry pushed while
/// expanding a cell has an f at most 39 above that cell's (a step costs at most 28 and
/// moves the heuristic by at most 11). So every waiting entry's f lies in a window of 40
/// values from the last one taken, and a ring of 64 buckets by f holds them with no two f
/// values sharing a bucket. Each bucket is a small binary heap on (h, index), and a bit per
/// bucket finds the next one in one instruction. Entries come out in exactly the order a
/// single heap on (f, h, index) would give, for a fraction of the work.
struct PathOpenList {
    static let bucketTotal = 64

    private let search: PathSearch
    private let items: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    private let counts: UnsafeMutablePointer<Int>
    /// Bit b set when bucket b holds entries.
    private var occupied: UInt64 = 0
    /// The f of the last entry taken: no waiting entry is below it.
    private var floor: Int32

    /// An empty list on the search's memory, for a search whose first entry has f `start`.
    init(of search: PathSearch, start: Int32) {
        self.search = search
        items = search.bucketItems
        counts = search.bucketCount
        floor = start
    }

    /// The order of entries inside a bucket: h, then cell index (at most 65,536 cells).
    @inline(__always) private static func key(h: Int32, index: Int) -> UInt32 {
        UInt32(h) << 17 | UInt32(index)
    }

    @inline(__always) mutating func push(f: Int32, h: Int32, index: Int) {
        let b = Int(f) & (PathOpenList.bucketTotal - 1)
        let key = PathOpenList.key(h: h, index: index)
        let n = counts[b]
        if n == search.bucketCapacity[b] { grow(b) }
        let heap = items[b]
        counts[b] = n + 1
        occupied |= 1 << UInt64(b)
        var i = n
        while i > 0 {
            let p = (i - 1) >> 1
            let above = heap[p]
            guard key < above else { break }
            heap[i] = above
            i = p
        }
        heap[i] = key
    }

    /// The cell index of the least entry, removed; nil when the list is empty.
    @inline(__always) mutating func pop() -> Int? {
        guard occupied != 0 else { return nil }
        let base = Int(floor) & (PathOpenList.bucketTotal - 1)
        let rotated = base == 0 ? occupied : (occupied >> UInt64(base)) | (occupied << UInt64(64 - base))
        let ahead = rotated.trailingZeroBitCount
        floor += Int32(ahead)
        let b = (base + ahead) & (PathOpenList.bucketTotal - 1)
        let heap = items[b]
        let top = heap[0]
        let n = counts[b] - 1
        counts[b] = n
        if n == 0 {
            occupied &= ~(1 << UInt64(b))
        } else {
            let last = heap[n]
            var i = 0
            while true {
                let l = 2 * i + 1
                guard l < n else { break }
                var m = l
                if l + 1 < n && heap[l + 1] < heap[l] { m = l + 1 }
                guard heap[m] < last else { break }
                heap[i] = heap[m]
                i = m
            }
            heap[i] = last
        }
        return Int(top & 0x1_FFFF)
    }

    /// Doubles bucket `b`'s memory.
    private func grow(_ b: Int) {
        let capacity = search.bucketCapacity[b]
        let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: items[b], count: counts[b])
        items[b].deallocate()
        items[b] = bigger
        search.bucketCapacity[b] = capacity * 2
    }
}
