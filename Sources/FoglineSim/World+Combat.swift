/// Weapons, mines, damage, death and healing.
extension World {
    /// Whether unit `id` could shoot enemy `enemy` now: alive, seen by its player,
    /// within weapon range and with a clear line.
    public func canHit(_ id: Int, _ enemy: Int) -> Bool {
        let u = units[id], e = units[enemy]
        guard u.isAlive, e.isAlive, e.owner != u.owner, sees(enemy: enemy, player: u.owner) else { return false }
        let range = Int64(u.stats.range)
        guard u.position.distanceSquared(to: e.position) <= range * range else { return false }
        return hasLineOfSight(from: u.cell, to: e.cell)
    }

    /// Whether unit `id` has any enemy it could shoot now.
    func canHitAnyEnemy(_ id: Int) -> Bool {
        bestTarget(for: id, focus: nil) != nil
    }

    /// The enemy unit `id` shoots: the focus if it can, else the nearest (then lowest id).
    func bestTarget(for id: Int, focus: Int?) -> Int? {
        if let focus, canHit(id, focus) { return focus }
        let u = units[id]
        var best: Int?
        var bestDistance = Int64.max
        for enemy in units(of: 3 - u.owner) where enemy.isAlive && sees(enemy: enemy.id, player: u.owner) {
            let d = u.position.distanceSquared(to: enemy.position)
            if d < bestDistance && canHit(id, enemy.id) {
                bestDistance = d
                best = enemy.id
            }
        }
        return best
    }

    /// Every ready weapon fires; damage is gathered first so no unit shoots "before" another.
    mutating func fire(_ engagement: [Engagement], damage: inout [Int32], firstHitBy: inout [Int]) {
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
            let shooter = units[id]
            let inForest = map.terrain(at: units[target].cell) == .forest
            let hit = random.chance(percent: inForest ? Rules.hitPercentInForest : Rules.hitPercent)
            units[id].reload = shooter.stats.reloadFrames
            if let f = Facing.along(
                dx: units[target].position.x - shooter.position.x, dy: units[target].position.y - shooter.position.y)
            {
                units[id].facing = f
            }
            stats[shooter.owner - 1].shots += 1
            if hit {
                damage[target] += shooter.stats.damage
                stats[shooter.owner - 1].hits += 1
                stats[shooter.owner - 1].damage += shooter.stats.damage
                if firstHitBy[target] < 0 { firstHitBy[target] = id }
            }
            events.append(.shot(from: id, to: target, hit: hit))
        }
    }

    /// Mines go off under enemies and hurt every enemy in the blast.
    mutating func triggerMines(damage: inout [Int32]) {
        var k = 0
        while k < mines.count {
            let mine = mines[k]
            let victims = units(of: 3 - mine.owner).filter { $0.isAlive }
            let triggered = victims.contains { chebyshev($0.position, mine.position) <= Rules.mineTrigger }
            guard triggered else {
                k += 1
                continue
            }
            for v in victims where chebyshev(v.position, mine.position) <= Rules.mineBlast {
                damage[v.id] += Rules.mineDamage
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
    mutating func applyDamage(_ damage: [Int32], firstHitBy: [Int]) {
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
            clearOrders(id)
            events.append(.destroyed(unit: id, by: killer))
        }
    }

    /// Every live medic heals the live friends around it.
    mutating func heal() {
        let radius = Int64(Rules.healRadiusCells * Position.unit)
        for medic in units where medic.isAlive && medic.archetype == .medic {
            for id in units.indices where units[id].owner == medic.owner && units[id].isAlive && id != medic.id {
                guard units[id].health < units[id].stats.maxHealth,
                    medic.position.distanceSquared(to: units[id].position) <= radius * radius
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
