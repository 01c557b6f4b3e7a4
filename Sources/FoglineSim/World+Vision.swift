/// Vision: 120-degree cones, line of sight, forest, and what each player sees.
extension World {
    /// Units see everything this close (sub-cell units, squared), cone or not.
    @usableFromInline static let awarenessSquared: Int64 = 384 * 384

    /// Whether the straight line between two cells is clear: rock blocks it, and more
    /// than `Rules.forestSightDepth` forest cells between them block it too.
    /// The end cells themselves do not count.
    public func hasLineOfSight(from a: Cell, to b: Cell) -> Bool {
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

    /// Whether `position` lies inside the unit's vision cone and sight range.
    @inlinable public func isInCone(of unit: Unit, _ position: Position, range: Int32) -> Bool {
        let vx = Int64(position.x - unit.position.x), vy = Int64(position.y - unit.position.y)
        let d2 = vx * vx + vy * vy
        if d2 <= World.awarenessSquared { return true }
        if d2 > Int64(range) * Int64(range) { return false }
        let fx = Int64(unit.facing.x), fy = Int64(unit.facing.y)
        let dot = vx * fx + vy * fy
        // cos 60 degrees = 1/2: inside when dot >= |f||v|/2, squared without roots.
        return dot >= 0 && 4 * dot * dot >= (fx * fx + fy * fy) * d2
    }

    /// Whether `viewer` sees a unit standing at `position`.
    public func canSee(_ viewer: Unit, unitAt position: Position) -> Bool {
        guard viewer.isAlive, isInCone(of: viewer, position, range: viewer.stats.sight) else { return false }
        let target = position.cell
        if map.terrain(at: target) == .forest {
            let limit = Int64(Rules.forestConcealCells * Position.unit)
            if viewer.position.distanceSquared(to: position) > limit * limit { return false }
        }
        return hasLineOfSight(from: viewer.cell, to: target)
    }

    /// Recomputes which enemy units each player sees.
    mutating func updateVisibility() {
        var masks: [UInt32] = [0, 0]
        for enemy in units where enemy.isAlive {
            let viewerPlayer = 3 - enemy.owner
            for viewer in units(of: viewerPlayer) where viewer.isAlive {
                if canSee(viewer, unitAt: enemy.position) {
                    masks[viewerPlayer - 1] |= 1 << UInt32(enemy.id)
                    break
                }
            }
        }
        enemyVisible = masks
    }

    /// Calls `body` with every cell the unit sees now.
    public func forEachVisibleCell(of unit: Unit, _ body: (Cell) -> Void) {
        guard unit.isAlive else { return }
        let r = unit.stats.sightCells
        let c = unit.cell
        for y in max(0, c.y - r)...min(map.height - 1, c.y + r) {
            for x in max(0, c.x - r)...min(map.width - 1, c.x + r) {
                let cell = Cell(x, y)
                if isInCone(of: unit, cell.center, range: unit.stats.sight) && hasLineOfSight(from: c, to: cell) {
                    body(cell)
                }
            }
        }
    }

    /// The cells `player` sees now, one flag per cell in map order.
    public func visibleCells(of player: Int) -> [Bool] {
        var seen = [Bool](repeating: false, count: map.terrain.count)
        for unit in units(of: player) {
            forEachVisibleCell(of: unit) { seen[map.index($0)] = true }
        }
        return seen
    }

    /// Folds what each player sees now into what it has explored.
    mutating func updateExplored() {
        for player in 1...2 {
            var bits = explored[player - 1]
            for unit in units(of: player) {
                forEachVisibleCell(of: unit) { cell in
                    let i = map.index(cell)
                    bits[i >> 6] |= 1 << UInt64(i & 63)
                }
            }
            explored[player - 1] = bits
        }
    }
}
