/// Weapons, mines, damage, death and healing.
extension World {
    /// Whether unit `id` could shoot enemy `enemy` now: alive, seen by its player,
    /// within weapon range and with a clear line.
    public func canHit(_ id: Int, _ enemy: Int) -> Bool {
        let owner = units[id].owner
        guard units[id].isAlive, units[enemy].isAlive, units[enemy].owner != owner, sees(enemy: enemy, player: owner)
        else { return false }
        let from = units[id].position, to = units[enemy].position
        let range = Int64(units[id].stats.range)
        guard from.distanceSquared(to: to) <= range * range else { return false }
        return hasLineOfSight(from: from.cell, to: to.cell)
    }

    /// Whether unit `id` has any enemy it could shoot now.
    func canHitAnyEnemy(_ id: Int) -> Bool {
        bestTarget(for: id, focus: nil) != nil
    }

    /// The enemy unit `id` shoots: the focus if it can, else the nearest (then lowest id).
    func bestTarget(for id: Int, focus: Int?) -> Int? {
        if let focus, canHit(id, focus) { return focus }
        let map = self.map, visible = enemyVisible
        // Through a pointer: reading a field of `units[i]` would otherwise copy the unit.
        return units.withUnsafeBufferPointer { World.nearestTarget(for: id, among: $0, seen: visible, on: map) }
    }

    /// `canHit` for each enemy of unit `id`, with what the checks share worked out once:
    /// the nearest enemy it could hit, the lowest id on a tie.
    private static func nearestTarget(
        for id: Int, among units: UnsafeBufferPointer<Unit>, seen: [UInt32], on map: GameMap
    ) -> Int? {
        guard units[id].health > 0 else { return nil }
        let owner = units[id].owner, position = units[id].position, cell = position.cell
        let range = Int64(units[id].archetype.stats.range)
        let reach = range * range
        let visible = seen[owner - 1]
        var best: Int?
        var bestDistance = Int64.max
        let first = (2 - owner) * Rules.unitsPerPlayer
        for enemy in first..<(first + Rules.unitsPerPlayer)
        where visible & (1 << UInt32(enemy)) != 0 && units[enemy].health > 0 {
            let at = units[enemy].position
            let d = position.distanceSquared(to: at)
            if d < bestDistance && d <= reach && map.hasLineOfSight(from: cell, to: at.cell) {
                bestDistance = d
                best = enemy
            }
        }
        return best
    }

    /// Every ready weapon fires; damage is gathered first so no unit shoots "before" another.
    mutating func fire(
        _ engagement: UnsafeBufferPointer<Engagement>, damage: UnsafeMutableBufferPointer<Int32>,
        firstHitBy: UnsafeMutableBufferPointer<Int>
    ) {
        for id in units.indices where units[id].isAlive {
            if units[id].reload > 0 {
                units[id].reload -= 1
                continue
            }
            let focus: Int?
            switch engagement[id] {
            case .none: continue
            case .free: focus = nil
            case .focus(let e): focus = e
            }
            guard let target = bestTarget(for: id, focus: focus) else { continue }
            let owner = units[id].owner, weapon = units[id].stats, from = units[id].position
            let inForest = map.terrain(at: units[target].cell) == .forest
            let hit = random.chance(percent: inForest ? Rules.hitPercentInForest : Rules.hitPercent)
            units[id].reload = weapon.reloadFrames
            if let f = Facing.along(dx: units[target].position.x - from.x, dy: units[target].position.y - from.y) {
                units[id].facing = f
            }
            stats[owner - 1].shots += 1
            if hit {
                damage[target] += weapon.damage
                stats[owner - 1].hits += 1
                stats[owner - 1].damage += weapon.damage
                if firstHitBy[target] < 0 { firstHitBy[target] = id }
            }
            events.append(.shot(from: id, to: target, hit: hit))
        }
    }

    /// Mines go off under enemies and hurt every enemy in the blast.
    mutating func triggerMines(damage: UnsafeMutableBufferPointer<Int32>) {
        var k = 0
        while k < mines.count {
            let mine = mines[k]
            let first = (2 - mine.owner) * Rules.unitsPerPlayer
            let victims = first..<(first + Rules.unitsPerPlayer)
            let triggered = victims.contains {
                units[$0].isAlive && chebyshev(units[$0].position, mine.position) <= Rules.mineTrigger
            }
            guard triggered else {
                k += 1
                continue
            }
            for v in victims where units[v].isAlive && chebyshev(units[v].position, mine.position) <= Rules.mineBlast {
                damage[v] += Rules.mineDamage
                stats[mine.owner - 1].damage += Rules.mineDamage
            }
            events.append(.mineExploded(owner: mine.owner, at: mine.position.cell))
            mines.remove(at: k)
        }
    }

    private func chebyshev(_ a: Position, _ b: Position) -> Int32 {
        max(abs(a.x - b.x), abs(a.y - b.y))
    }

    /// Takes the gathered damage off; units at zero die and wait to respawn.
    mutating func applyDamage(_ damage: UnsafeBufferPointer<Int32>, firstHitBy: UnsafeBufferPointer<Int>) {
        for id in units.indices where damage[id] > 0 && units[id].isAlive {
            units[id].health -= damage[id]
            guard units[id].health <= 0 else { continue }
            units[id].health = 0
            units[id].respawnIn = Rules.respawnFrames
            units[id].deaths += 1
            stats[units[id].owner - 1].losses += 1
            let killer = firstHitBy[id] >= 0 ? firstHitBy[id] : nil
            if let killer {
                units[killer].kills += 1
            }
            stats[2 - units[id].owner].kills += 1
            // It keeps its orders for when it comes back (rules version 2).
            suspendOrders(id)
            events.append(.destroyed(unit: id, by: killer))
        }
    }

    /// Every live medic heals the live friends around it.
    mutating func heal() {
        let radius = Int64(Rules.healRadiusCells * Position.unit)
        for medic in units.indices where units[medic].isAlive && units[medic].archetype == .medic {
            let owner = units[medic].owner, at = units[medic].position
            for id in units.indices where units[id].owner == owner && units[id].isAlive && id != medic {
                guard units[id].health < units[id].stats.maxHealth,
                    at.distanceSquared(to: units[id].position) <= radius * radius
                else { continue }
                units[id].health = min(units[id].stats.maxHealth, units[id].health + Rules.healAmount)
            }
        }
    }

    /// An engineer arms a mine where it stands; past the limit the player's oldest goes.
    mutating func layMine(_ id: Int) {
        let u = units[id]
        let cell = u.cell
        guard !mines.contains(where: { $0.position.cell == cell }) else { return }
        mines.append(Mine(owner: u.owner, position: cell.center, serial: mineSerial))
        mineSerial += 1
        stats[u.owner - 1].minesLaid += 1
        let own = mines.filter { $0.owner == u.owner }
        if own.count > Rules.minesPerPlayer, let oldest = own.min(by: { $0.serial < $1.serial }) {
            mines.removeAll { $0.serial == oldest.serial }
        }
        events.append(.mineLaid(owner: u.owner, at: cell))
    }
}
