/// Vision: 120-degree cones, line of sight, forest, and what each player sees.
extension World {
    /// Units see everything this close (sub-cell units, squared), cone or not.
    @usableFromInline static let awarenessSquared: Int64 = 384 * 384

    /// Whether the straight line between two cells is clear: rock blocks it, and more
    /// than `Rules.forestSightDepth` forest cells between them block it too.
    /// The end cells themselves do not count.
    public func hasLineOfSight(from a: Cell, to b: Cell) -> Bool {
        map.hasLineOfSight(from: a, to: b)
    }

    /// Whether `position` lies inside the unit's vision cone and sight range.
    @inlinable public func isInCone(of unit: Unit, _ position: Position, range: Int32) -> Bool {
        World.isInCone(at: unit.position, facing: unit.facing, position, range: range)
    }

    /// Whether `position` lies inside the cone of an eye at `eye` looking along `facing`.
    @inlinable static func isInCone(at eye: Position, facing: Facing, _ position: Position, range: Int32) -> Bool {
        let vx = Int64(position.x - eye.x), vy = Int64(position.y - eye.y)
        let d2 = vx * vx + vy * vy
        if d2 <= World.awarenessSquared { return true }
        if d2 > Int64(range) * Int64(range) { return false }
        let fx = Int64(facing.x), fy = Int64(facing.y)
        let dot = vx * fx + vy * fy
        // cos 60 degrees = 1/2: inside when dot >= |f||v|/2, squared without roots.
        return dot >= 0 && 4 * dot * dot >= (fx * fx + fy * fy) * d2
    }

    /// Whether `viewer` sees a unit standing at `position`.
    public func canSee(_ viewer: Unit, unitAt position: Position) -> Bool {
        viewer.isAlive && World.canSee(Eye(viewer), unitAt: position, on: map)
    }

    /// What vision needs of a unit, as plain values: copying it retains nothing.
    struct Eye {
        var position: Position
        var facing: Facing
        var sight: Int32

        init(_ unit: Unit) {
            self.init(position: unit.position, facing: unit.facing, sight: unit.stats.sight)
        }

        init(position: Position, facing: Facing, sight: Int32) {
            self.position = position
            self.facing = facing
            self.sight = sight
        }
    }

    /// Whether a live eye sees a unit standing at `position`: in its cone, close enough if
    /// the unit is in forest, and with a clear line.
    static func canSee(_ eye: Eye, unitAt position: Position, on map: GameMap) -> Bool {
        guard isInCone(at: eye.position, facing: eye.facing, position, range: eye.sight) else { return false }
        let target = position.cell
        if map.terrain(at: target) == .forest {
            let limit = Int64(Rules.forestConcealCells * Position.unit)
            if eye.position.distanceSquared(to: position) > limit * limit { return false }
        }
        return map.hasLineOfSight(from: eye.position.cell, to: target)
    }

    /// Recomputes which enemy units each player sees.
    mutating func updateVisibility() {
        let map = self.map
        // Through a pointer: reading a field of `units[i]` would otherwise copy the unit.
        let seen = units.withUnsafeBufferPointer { World.enemiesSeen(among: $0, on: map) }
        enemyVisible[0] = seen.0
        enemyVisible[1] = seen.1
    }

    /// Which enemies player 1 and player 2 see, one bit per unit id.
    private static func enemiesSeen(among units: UnsafeBufferPointer<Unit>, on map: GameMap) -> (UInt32, UInt32) {
        var seenBy1: UInt32 = 0, seenBy2: UInt32 = 0
        for enemy in units.indices where units[enemy].health > 0 {
            let viewerPlayer = 3 - units[enemy].owner
            let first = (viewerPlayer - 1) * Rules.unitsPerPlayer
            let position = units[enemy].position
            for viewer in first..<(first + Rules.unitsPerPlayer) where units[viewer].health > 0 {
                let eye = Eye(
                    position: units[viewer].position, facing: units[viewer].facing,
                    sight: units[viewer].archetype.stats.sight)
                guard canSee(eye, unitAt: position, on: map) else { continue }
                if viewerPlayer == 1 { seenBy1 |= 1 << UInt32(enemy) } else { seenBy2 |= 1 << UInt32(enemy) }
                break
            }
        }
        return (seenBy1, seenBy2)
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
    ///
    /// Only cells not yet explored are tested: a set bit stays set, so skipping it changes
    /// nothing. A unit standing and facing exactly as at its last fold sees the same cells
    /// (the terrain never changes), all already set, so it is skipped whole.
    mutating func updateExplored() {
        for player in 0..<2 {
            // Taken out so the bits are mutated in place, not copied on write.
            var bits = explored[player]
            explored[player] = []
            let first = player * Rules.unitsPerPlayer
            for id in first..<(first + Rules.unitsPerPlayer) where units[id].isAlive {
                let pose = FoldPose(position: units[id].position, facing: units[id].facing)
                guard lastFold[id] != pose else { continue }
                foldSight(of: units[id], into: &bits)
                lastFold[id] = pose
            }
            explored[player] = bits
        }
    }

    /// Where a unit stood and faced when its sight was last folded into `explored`.
    struct FoldPose: Equatable {
        var position: Position
        var facing: Facing

        /// Matches no unit: no fold yet.
        static let none = FoldPose(position: Position(-1, -1), facing: Facing(0, 0))
    }

    /// Sets the explored bit of every cell the unit sees now that is not set yet.
    private func foldSight(of unit: Unit, into bits: inout [UInt64]) {
        let r = unit.stats.sightCells
        let c = unit.cell
        let x0 = max(0, c.x - r), x1 = min(map.width - 1, c.x + r)
        guard x0 <= x1 else { return }
        for y in max(0, c.y - r)...min(map.height - 1, c.y + r) {
            let row = Int(y) * Int(map.width)
            if World.allSet(bits, from: row + Int(x0), through: row + Int(x1)) { continue }
            for x in x0...x1 {
                let i = row + Int(x)
                let bit: UInt64 = 1 << UInt64(i & 63)
                guard bits[i >> 6] & bit == 0 else { continue }
                let cell = Cell(x, y)
                if isInCone(of: unit, cell.center, range: unit.stats.sight) && hasLineOfSight(from: c, to: cell) {
                    bits[i >> 6] |= bit
                }
            }
        }
    }

    /// Whether bits `from...through` of a bit set are all set.
    static func allSet(_ bits: [UInt64], from: Int, through: Int) -> Bool {
        var i = from
        while i <= through {
            let word = i >> 6, low = i & 63
            let high = min(63, low + (through - i))
            let span = high - low + 1
            let mask: UInt64 = span == 64 ? ~0 : ((1 << UInt64(span)) - 1) << UInt64(low)
            guard bits[word] & mask == mask else { return false }
            i += span
        }
        return true
    }
}
