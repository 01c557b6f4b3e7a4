/// A* over the map grid with fixed tie-breaking, so every process plans the same path.
///
/// Eight neighbours, no cutting corners past rock or water, costs from `Terrain.pathCost`
/// (diagonals 14/10 of it). Ties on f are broken by h, then by cell index.
public enum Pathfinder {
    /// Neighbour steps in the fixed order every search expands them.
    public static let neighbourSteps: [(Int32, Int32)] = [
        (0, -1), (1, 0), (0, 1), (-1, 0), (1, -1), (1, 1), (-1, 1), (-1, -1),
    ]

    /// The cells to walk from `start` to `goal`, excluding `start`; empty if already there
    /// or if the goal cannot be reached.
    public static func path(on map: GameMap, from start: Cell, to goal: Cell) -> [Cell] {
        guard start != goal, map.isPassable(goal), map.isReachable(from: start, to: goal) else { return [] }
        let w = Int(map.width)
        let count = map.terrain.count
        var g = [Int32](repeating: .max, count: count)
        var parent = [Int32](repeating: -1, count: count)
        var closed = [Bool](repeating: false, count: count)
        var heap = NodeHeap()
        let s = map.index(start), t = map.index(goal)
        g[s] = 0
        heap.push(HeapEntry(f: heuristic(start, goal), h: heuristic(start, goal), index: Int32(s)))
        let terrain = map.terrain
        while let entry = heap.pop() {
            let i = Int(entry.index)
            if closed[i] { continue }
            if i == t { break }
            closed[i] = true
            let x = Int32(i % w), y = Int32(i / w)
            for (dx, dy) in neighbourSteps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < map.width, ny < map.height else { continue }
                let j = Int(ny) * w + Int(nx)
                let tj = terrain[j]
                guard tj.isPassable, !closed[j] else { continue }
                var cost = tj.pathCost
                if dx != 0 && dy != 0 {
                    guard terrain[Int(y) * w + Int(nx)].isPassable, terrain[Int(ny) * w + Int(x)].isPassable else { continue }
                    cost = cost * 14 / 10
                }
                let ng = g[i] + cost
                if ng < g[j] {
                    g[j] = ng
                    parent[j] = Int32(i)
                    let h = heuristic(Cell(nx, ny), goal)
                    heap.push(HeapEntry(f: ng + h, h: h, index: Int32(j)))
                }
            }
        }
        guard parent[t] >= 0 else { return [] }
        var cells: [Cell] = []
        var i = t
        while i != s {
            cells.append(Cell(Int32(i % w), Int32(i / w)))
            i = Int(parent[i])
        }
        cells.reverse()
        return cells
    }

    /// Octile distance at the cheapest terrain cost, so it never overestimates.
    @inlinable static func heuristic(_ a: Cell, _ b: Cell) -> Int32 {
        let dx = abs(a.x - b.x), dy = abs(a.y - b.y)
        let lo = min(dx, dy), hi = max(dx, dy)
        return 8 * (hi - lo) + 11 * lo
    }
}

@usableFromInline struct HeapEntry {
    @usableFromInline var f: Int32
    @usableFromInline var h: Int32
    @usableFromInline var index: Int32

    @inlinable init(f: Int32, h: Int32, index: Int32) {
        self.f = f
        self.h = h
        self.index = index
    }

    @inlinable func precedes(_ o: HeapEntry) -> Bool {
        if f != o.f { return f < o.f }
        if h != o.h { return h < o.h }
        return index < o.index
    }
}

/// A binary min-heap of search entries.
@usableFromInline struct NodeHeap {
    @usableFromInline var items: [HeapEntry] = []

    @inlinable init() { items.reserveCapacity(256) }

    @inlinable mutating func push(_ e: HeapEntry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i].precedes(items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    @inlinable mutating func pop() -> HeapEntry? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && items[l].precedes(items[m]) { m = l }
                if r < n && items[r].precedes(items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
