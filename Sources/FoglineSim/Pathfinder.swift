/// A* over the map grid with fixed tie-breaking, so every process plans the same path.
///
/// Eight neighbours, no cutting corners past rock or water, costs from `Terrain.pathCost`
/// (diagonals 14/10 of it). Ties on f are broken by h, then by cell index. Every entry's
/// (f, h, index) is distinct, so the order cells are expanded in, and so the path, depends
/// only on the map and the two ends: not on the heap, the scratch memory or the caller.
public enum Pathfinder {
    /// Neighbour steps in the fixed order every search expands them: straight ones first.
    public static let neighbourSteps: [(Int32, Int32)] = [
        (0, -1), (1, 0), (0, 1), (-1, 0), (1, -1), (1, 1), (-1, 1), (-1, -1),
    ]

    /// The cells to walk from `start` to `goal`, excluding `start`; empty if already there
    /// or if the goal cannot be reached.
    ///
    /// A trip planned before on this map comes from its `PathCache`; the array returned
    /// then shares the stored one's memory, so taking it allocates nothing.
    public static func path(on map: GameMap, from start: Cell, to goal: Cell) -> [Cell] {
        guard start != goal, map.isPassable(goal), map.isReachable(from: start, to: goal) else { return [] }
        let s = map.index(start), t = map.index(goal)
        if let known = map.pathCache.path(from: s, to: t) { return known }
        let cells = search(on: map, from: s, to: t, goal: goal)
        map.pathCache.store(cells, from: s, to: t)
        return cells
    }

    /// Runs A* from cell index `s` to `t` (reachable, distinct) and reads back the path.
    static func search(on map: GameMap, from s: Int, to t: Int, goal: Cell) -> [Cell] {
        let search = PathSearch.borrow(cells: map.terrain.count)
        defer { PathSearch.giveBack(search) }
        expand(search, on: map, from: s, to: t, goal: goal)
        let nodes = search.nodes
        guard nodes[t].stamp == search.open else { return [] }
        var length = 0
        var i = t
        while i != s {
            length += 1
            i = Int(nodes[i].parent)
        }
        let w = Int(map.width)
        return [Cell](unsafeUninitializedCapacity: length) { buffer, count in
            var i = t
            var k = length
            while i != s {
                k -= 1
                buffer.initializeElement(at: k, to: Cell(Int32(i % w), Int32(i / w)))
                i = Int(nodes[i].parent)
            }
            count = length
        }
    }

    /// Runs the search until the goal is taken from the open list or the list is empty.
    private static func expand(
        _ search: PathSearch, on map: GameMap, from s: Int, to t: Int, goal: Cell
    ) {
        let w = Int(map.width)
        let h0 = heuristic(Cell(Int32(s % w), Int32(s / w)), goal)
        search.nodes[s] = PathNode(stamp: search.open, g: 0, parent: -1)
        var list = PathOpenList(of: search, start: h0)
        list.push(f: h0, h: h0, index: s)
        run(&list, on: map, from: s, to: t, goal: goal, search: search)
    }

    /// The search's loop: take the least open cell, close it, open or improve its neighbours.
    private static func run(
        _ list: inout PathOpenList, on map: GameMap, from s: Int, to t: Int, goal: Cell, search: PathSearch
    ) {
        let w = Int(map.width)
        let open = search.open, closed = open + 1
        let nodes = search.nodes
        let nav = map.navigation
        nav.moves.withUnsafeBufferPointer { moves in
            nav.straightCost.withUnsafeBufferPointer { straight in
                nav.diagonalCost.withUnsafeBufferPointer { diagonal in
                    nav.steps.withUnsafeBufferPointer { steps in
                        while let i = list.pop() {
                            if nodes[i].stamp == closed { continue }
                            if i == t { break }
                            nodes[i].stamp = closed
                            var mask = moves[i]
                            let y = Int32(truncatingIfNeeded: i / w)
                            let x = Int32(truncatingIfNeeded: i) &- y &* Int32(truncatingIfNeeded: w)
                            let gi = nodes[i].g
                            // Costs stay far from overflow on a 256 x 256 map: wrapping
                            // arithmetic only drops the checks.
                            while mask != 0 {
                                let k = mask.trailingZeroBitCount
                                mask &= mask &- 1
                                let step = steps[k]
                                let j = i &+ step.offset
                                let seen = nodes[j].stamp
                                if seen == closed { continue }
                                let ng = gi &+ Int32(k < 4 ? straight[j] : diagonal[j])
                                guard seen != open || ng < nodes[j].g else { continue }
                                nodes[j] = PathNode(stamp: open, g: ng, parent: Int32(truncatingIfNeeded: i))
                                let h = heuristic(x &+ step.dx, y &+ step.dy, goal)
                                list.push(f: ng &+ h, h: h, index: j)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The heuristic from cell (x, y) to `goal`, in wrapping arithmetic for the search loop.
    @inline(__always) private static func heuristic(_ x: Int32, _ y: Int32, _ goal: Cell) -> Int32 {
        let dx = abs(x &- goal.x), dy = abs(y &- goal.y)
        let lo = min(dx, dy), hi = max(dx, dy)
        return 8 &* (hi &- lo) &+ 11 &* lo
    }

    /// Octile distance at the cheapest terrain cost, so it never overestimates.
    @inlinable static func heuristic(_ a: Cell, _ b: Cell) -> Int32 {
        let dx = abs(a.x - b.x), dy = abs(a.y - b.y)
        let lo = min(dx, dy), hi = max(dx, dy)
        return 8 * (hi - lo) + 11 * lo
    }
}
