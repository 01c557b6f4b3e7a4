/// Turning a player's orders into what each unit will do.
extension World {
    /// Applies one player's commands for this frame, in the order given.
    mutating func apply(_ commands: [PlayerCommand], player: Int) {
        for command in commands {
            for order in command.orders {
                apply(order, player: player)
            }
        }
    }

    /// Applies one order. Anything that does not fit (a unit number out of range,
    /// an unknown landmark, an action the archetype cannot do, an enemy out of sight)
    /// is ignored, the same way in every process.
    mutating func apply(_ order: Order, player: Int) {
        let numbers = order.units.filter { (1...Rules.unitsPerPlayer).contains($0) }
        var ids: [Int] = []
        var lastNumber = 0
        for n in numbers.sorted() where n != lastNumber {
            lastNumber = n
            let id = World.unitID(player: player, number: n)
            if units[id].isAlive && units[id].archetype.canPerform(order.action) { ids.append(id) }
        }
        guard !ids.isEmpty else {
            events.append(.orderIgnored(player: player, reason: "no live unit of those can \(order.action.rawValue)"))
            return
        }
        if order.action == .stop {
            for id in ids { clearOrders(id) }
            return
        }
        guard let goals = resolveGoals(order, ids: ids, player: player) else {
            events.append(.orderIgnored(player: player, reason: "target not found for \(order.action.rawValue)"))
            return
        }
        let via = order.via.flatMap { resolveCell($0, from: units[ids[0]].cell, player: player) }
        for (k, id) in ids.enumerated() {
            var unitOrder = UnitOrder(action: order.action, goal: goals[k], via: via, facing: order.facing)
            if order.action == .patrol && via == nil {
                unitOrder.via = units[id].cell
            }
            if order.action == .face, case .direction(let d) = order.target {
                unitOrder.facing = d
            }
            if order.queued && !units[id].orders.isEmpty {
                units[id].orders.append(unitOrder)
            } else {
                clearOrders(id)
                units[id].orders = [unitOrder]
            }
        }
    }

    /// Drops every order of a unit and stops it where it is.
    mutating func clearOrders(_ id: Int) {
        units[id].orders.removeAll()
        suspendOrders(id)
    }

    /// Stops a unit where it is but keeps its orders: the current one is planned again
    /// from wherever it next stands (a unit that died takes it up when it is back).
    mutating func suspendOrders(_ id: Int) {
        units[id].path.removeAll()
        units[id].pathIndex = 0
        units[id].workFrames = 0
        if !units[id].orders.isEmpty {
            units[id].orders[0].planned = false
            units[id].orders[0].returning = false
        }
    }

    /// Resolves the order's target once per unit; nil when the target does not exist.
    private func resolveGoals(_ order: Order, ids: [Int], player: Int) -> [UnitOrder.Goal]? {
        let first = units[ids[0]]
        switch order.target {
        case nil:
            switch order.action {
            case .retreat:
                return spreadGoals(around: map.bases[player - 1], ids: ids)
            case .mine, .hold, .capture:
                return ids.map { .cell(units[$0].cell) }
            case .move, .attackMove, .patrol, .follow, .attack:
                return nil
            default:
                return ids.map { _ in .none }
            }
        case .direction(let d)?:
            if order.action == .face { return ids.map { _ in .none } }
            // Each unit goes its own way in that direction, keeping the formation.
            return ids.map { id in
                let c = units[id].cell
                let far = Cell(c.x + d.step.dx * Rules.directionalMoveCells, c.y + d.step.dy * Rules.directionalMoveCells)
                return .cell(nearestReachable(to: clamp(far), from: c))
            }
        case .unit(let n)?:
            guard (1...Rules.unitsPerPlayer).contains(n) else { return nil }
            let friend = World.unitID(player: player, number: n)
            guard units[friend].isAlive else { return nil }
            if order.action == .follow || order.action == .heal {
                return ids.map { $0 == friend ? .none : .friend(friend) }
            }
            return spreadGoals(around: units[friend].cell, ids: ids)
        case .enemy(let n)?:
            guard (1...Rules.unitsPerPlayer).contains(n) else { return nil }
            let enemy = World.unitID(player: 3 - player, number: n)
            guard units[enemy].isAlive, sees(enemy: enemy, player: player) else { return nil }
            if order.action == .attack || order.action == .follow { return ids.map { _ in .enemy(enemy) } }
            return spreadGoals(around: units[enemy].cell, ids: ids)
        case .nearestEnemy(let type)?:
            if order.action == .attack { return ids.map { _ in .nearestEnemy(type) } }
            guard let enemy = nearestVisibleEnemy(to: first.position, player: player, type: type) else { return nil }
            return spreadGoals(around: units[enemy].cell, ids: ids)
        case let target?:
            guard let cell = resolveCell(target, from: first.cell, player: player) else { return nil }
            if order.action == .attack || order.action == .move || order.action == .attackMove
                || order.action == .hold || order.action == .capture || order.action == .retreat
                || order.action == .patrol || order.action == .mine
            {
                return spreadGoals(around: cell, ids: ids)
            }
            return ids.map { _ in .cell(cell) }
        }
    }

    /// One distinct cell per unit around `center`.
    private func spreadGoals(around center: Cell, ids: [Int]) -> [UnitOrder.Goal] {
        let origin = units[ids[0]].cell
        let target = nearestReachable(to: center, from: origin)
        let cells = spreadCells(around: target, count: ids.count, reachableFrom: origin)
        return ids.indices.map { .cell(cells.isEmpty ? origin : cells[min($0, cells.count - 1)]) }
    }

    /// The cell a landmark, point or direction stands for.
    func resolveCell(_ target: OrderTarget, from origin: Cell, player: Int) -> Cell? {
        switch target {
        case .landmark(let name):
            return map.landmark(named: name)?.cell
        case .point(let x, let y):
            let c = Cell(x: x, y: y)
            return map.contains(c) ? c : nil
        case .direction(let d):
            let far = Cell(origin.x + d.step.dx * Rules.directionalMoveCells, origin.y + d.step.dy * Rules.directionalMoveCells)
            return nearestReachable(to: clamp(far), from: origin)
        case .unit(let n):
            guard (1...Rules.unitsPerPlayer).contains(n) else { return nil }
            return units[World.unitID(player: player, number: n)].cell
        case .enemy(let n):
            guard (1...Rules.unitsPerPlayer).contains(n) else { return nil }
            let id = World.unitID(player: 3 - player, number: n)
            return sees(enemy: id, player: player) ? units[id].cell : nil
        case .nearestEnemy(let type):
            return nearestVisibleEnemy(to: origin.center, player: player, type: type).map { units[$0].cell }
        }
    }

    /// The nearest live enemy `player` sees, optionally of one archetype; ties go to the lower id.
    public func nearestVisibleEnemy(to position: Position, player: Int, type: Archetype?) -> Int? {
        var best: Int?
        var bestDistance = Int64.max
        for enemy in units(of: 3 - player) where enemy.isAlive && sees(enemy: enemy.id, player: player) {
            if let type, enemy.archetype != type { continue }
            let d = position.distanceSquared(to: enemy.position)
            if d < bestDistance {
                bestDistance = d
                best = enemy.id
            }
        }
        return best
    }

    func clamp(_ c: Cell) -> Cell {
        Cell(min(max(c.x, 0), map.width - 1), min(max(c.y, 0), map.height - 1))
    }

    /// The cell nearest `cell` that a unit on `origin` can walk to.
    func nearestReachable(to cell: Cell, from origin: Cell) -> Cell {
        if map.isPassable(cell) && map.isReachable(from: origin, to: cell) { return cell }
        return spreadCells(around: cell, count: 1, reachableFrom: origin).first ?? origin
    }
}
