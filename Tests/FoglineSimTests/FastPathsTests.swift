import Testing

@testable import FoglineSim

/// The faster searches, lines of sight and square root give exactly what the plain ones
/// gave. The plain ones are kept here, as they were, to compare against.
@Suite("Fast paths compute what the plain ones did")
struct FastPathsTests {
    /// A deterministic scatter of rock, water, forest and road over an open map.
    static func scatteredMap(seed: UInt64, width: Int = 48, height: Int = 32) -> GameMap {
        var random = WorldRandom(seed: seed)
        var rows: [String] = []
        for y in 0..<height {
            var row = ""
            for x in 0..<width {
                if (x, y) == (1, 1) { row.append("1"); continue }
                if (x, y) == (width - 2, height - 2) { row.append("2"); continue }
                switch random.next() % 100 {
                case 0..<12: row.append("#")
                case 12..<20: row.append("~")
                case 20..<35: row.append("T")
                case 35..<42: row.append("=")
                default: row.append(".")
                }
            }
            rows.append(row)
        }
        return TestMap.make(rows)
    }

    /// The line-of-sight walk as it was before the table.
    static func plainLineOfSight(on map: GameMap, from a: Cell, to b: Cell) -> Bool {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx: Int32 = a.x < b.x ? 1 : -1, sy: Int32 = a.y < b.y ? 1 : -1
        var err = dx + dy
        var forest = 0
        while true {
            if x == b.x && y == b.y { return true }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
            if x == b.x && y == b.y { return true }
            switch map.terrain(at: Cell(x, y)) {
            case .rock: return false
            case .forest:
                forest += 1
                if forest > Rules.forestSightDepth { return false }
            default: break
            }
        }
    }

    /// A* as it was before the stamps, the bucket queue and the cache: a fresh search with
    /// one binary heap on (f, h, index).
    static func plainPath(on map: GameMap, from start: Cell, to goal: Cell) -> [Cell] {
        guard start != goal, map.isPassable(goal), map.isReachable(from: start, to: goal) else { return [] }
        let w = Int(map.width)
        var g = [Int32](repeating: .max, count: map.terrain.count)
        var parent = [Int32](repeating: -1, count: map.terrain.count)
        var closed = [Bool](repeating: false, count: map.terrain.count)
        var heap: [(f: Int32, h: Int32, i: Int32)] = []
        func less(_ a: (f: Int32, h: Int32, i: Int32), _ b: (f: Int32, h: Int32, i: Int32)) -> Bool {
            a.f != b.f ? a.f < b.f : (a.h != b.h ? a.h < b.h : a.i < b.i)
        }
        func push(_ e: (f: Int32, h: Int32, i: Int32)) {
            heap.append(e)
            var i = heap.count - 1
            while i > 0, less(heap[i], heap[(i - 1) / 2]) {
                heap.swapAt(i, (i - 1) / 2)
                i = (i - 1) / 2
            }
        }
        func pop() -> (f: Int32, h: Int32, i: Int32)? {
            guard !heap.isEmpty else { return nil }
            heap.swapAt(0, heap.count - 1)
            let top = heap.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
            return top
        }
        let s = map.index(start), t = map.index(goal)
        g[s] = 0
        let h0 = Pathfinder.heuristic(start, goal)
        push((h0, h0, Int32(s)))
        while let e = pop() {
            let i = Int(e.i)
            if closed[i] { continue }
            if i == t { break }
            closed[i] = true
            let x = Int32(i % w), y = Int32(i / w)
            for (dx, dy) in Pathfinder.neighbourSteps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < map.width, ny < map.height else { continue }
                let j = Int(ny) * w + Int(nx)
                guard map.terrain[j].isPassable, !closed[j] else { continue }
                var cost = map.terrain[j].pathCost
                if dx != 0 && dy != 0 {
                    guard map.terrain[Int(y) * w + Int(nx)].isPassable, map.terrain[Int(ny) * w + Int(x)].isPassable
                    else { continue }
                    cost = cost * 14 / 10
                }
                if g[i] + cost < g[j] {
                    g[j] = g[i] + cost
                    parent[j] = Int32(i)
                    let h = Pathfinder.heuristic(Cell(nx, ny), goal)
                    push((g[j] + h, h, Int32(j)))
                }
            }
        }
        var cells: [Cell] = []
        var i = t
        while i != s {
            cells.append(Cell(Int32(i % w), Int32(i / w)))
            i = Int(parent[i])
        }
        return cells.reversed()
    }

    /// The integer square root as it was: Newton's method in integers only.
    static func plainSquareRoot(_ n: Int64) -> Int64 {
        if n <= 0 { return 0 }
        var x = Int64(1) << ((64 - n.leadingZeroBitCount + 1) / 2)
        while true {
            let y = (x + n / x) / 2
            if y >= x { break }
            x = y
        }
        while x * x > n { x -= 1 }
        while (x + 1) * (x + 1) <= n { x += 1 }
        return x
    }

    @Test("every line of sight within the table's reach, and past it, matches the plain walk")
    func linesOfSight() {
        for seed: UInt64 in 1...3 {
            let map = Self.scatteredMap(seed: seed)
            var differing = 0, compared = 0
            for ay in stride(from: 0, to: map.height, by: 3) {
                for ax in stride(from: 0, to: map.width, by: 3) {
                    let a = Cell(ax, ay)
                    for by in 0..<map.height {
                        for bx in 0..<map.width {
                            let b = Cell(bx, by)
                            compared += 1
                            if map.hasLineOfSight(from: a, to: b) != Self.plainLineOfSight(on: map, from: a, to: b) {
                                differing += 1
                            }
                        }
                    }
                }
            }
            #expect(differing == 0, "seed \(seed): \(differing) of \(compared) lines differ")
        }
        // Ends off the map take the walk, where outside counts as rock.
        let map = Self.scatteredMap(seed: 1)
        #expect(map.hasLineOfSight(from: Cell(0, 5), to: Cell(-3, 5)) == Self.plainLineOfSight(on: map, from: Cell(0, 5), to: Cell(-3, 5)))
    }

    @Test("every path, planned fresh or taken from the cache, is the one plain A* plans")
    func paths() {
        for seed: UInt64 in 1...4 {
            let map = Self.scatteredMap(seed: seed)
            var random = WorldRandom(seed: seed &+ 100)
            var planned = 0
            for _ in 0..<300 {
                let a = Cell(Int32(random.next() % UInt64(map.width)), Int32(random.next() % UInt64(map.height)))
                let b = Cell(Int32(random.next() % UInt64(map.width)), Int32(random.next() % UInt64(map.height)))
                guard map.isPassable(a) else { continue }
                let expected = Self.plainPath(on: map, from: a, to: b)
                #expect(Pathfinder.path(on: map, from: a, to: b) == expected, "seed \(seed): \(a) to \(b)")
                #expect(Pathfinder.path(on: map, from: a, to: b) == expected, "seed \(seed): \(a) to \(b), cached")
                if !expected.isEmpty { planned += 1 }
            }
            #expect(planned > 100, "the scatter left enough reachable pairs to mean something")
        }
    }

    @Test("the integer square root is exact: squares, their neighbours, and the top of the range")
    func squareRoot() {
        // The plain one overflows from 3,037,000,499 squared up; the new one covers the rest.
        let plainLimit: Int64 = 3_037_000_499 * 3_037_000_499
        #expect(FixedMath.isqrt(.max) == 3_037_000_499)
        #expect(FixedMath.isqrt(plainLimit) == 3_037_000_499)
        #expect(FixedMath.isqrt(plainLimit - 1) == 3_037_000_498)
        var values: [Int64] = [0, 1, 2, 3, 4, 5, 8, 9, 10, plainLimit - 1]
        for r: Int64 in [2, 3, 255, 256, 4095, 65_535, 65_536, 1 << 26 - 1, 94_906_265, 3_037_000_498] {
            values += [r * r - 1, r * r, r * r + 1]
        }
        var random = WorldRandom(seed: 7)
        for _ in 0..<20_000 { values.append(Int64(bitPattern: random.next() >> UInt64(random.next() % 63))) }
        for n in values where n >= 0 && n < plainLimit {
            #expect(FixedMath.isqrt(n) == Self.plainSquareRoot(n), "isqrt(\(n))")
        }
    }
}
