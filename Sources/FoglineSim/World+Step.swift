/// The one way a world changes: one frame of rules.
extension World {
    /// How a unit may use its weapon this frame.
    enum Engagement: Equatable {
        /// Holds fire (retreating).
        case none
        /// Fires at the nearest enemy it can hit.
        case free
        /// Fires at this enemy if it can, else at the nearest.
        case focus(Int)
    }

    /// Runs frame `frame` with both players' inputs for it.
    public mutating func step(_ input: FrameInput) {
        guard result == nil else { return }
        events.removeAll(keepingCapacity: true)
        apply(input[player: 1], player: 1)
        apply(input[player: 2], player: 2)
        respawnUnits()
        // Per-unit scratch on the stack: a frame allocates nothing.
        let count = units.count
        withUnsafeTemporaryAllocation(of: Engagement.self, capacity: count) { engagement in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { damage in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { firstHitBy in
                    engagement.initialize(repeating: .free)
                    damage.initialize(repeating: 0)
                    firstHitBy.initialize(repeating: -1)
                    for id in units.indices where units[id].isAlive {
                        engagement[id] = think(id)
                    }
                    updateVisibility()
                    triggerMines(damage: damage)
                    fire(UnsafeBufferPointer(engagement), damage: damage, firstHitBy: firstHitBy)
                    applyDamage(UnsafeBufferPointer(damage), firstHitBy: UnsafeBufferPointer(firstHitBy))
                }
            }
        }
        if frame % Rules.healIntervalFrames == 0 { heal() }
        updateNodes()
        if frame % Rules.exploreIntervalFrames == 0 { updateExplored() }
        frame += 1
        checkVictory()
    }

    /// Convenience for callers that have no inputs this frame.
    public mutating func step() { step(.empty) }

    // MARK: - Orders, frame by frame

    /// Decides what unit `id` does this frame: plans its path and says how it may fire.
    private mutating func think(_ id: Int) -> Engagement {
        guard var order = units[id].orders.first else {
            turnToHeldFacing(id)
            return .free
        }
        // Work on a copy and write it back unless the order ended this frame.
        orderEnded = false
        defer {
            if !orderEnded && !units[id].orders.isEmpty { units[id].orders[0] = order }
        }
        switch order.action {
        case .stop:
            completeOrder(id)
            return .free
        case .face:
            if let d = order.facing {
                units[id].heldFacing = d
                units[id].facing = d.vector
            }
            completeOrder(id)
            return .free
        case .move:
            if walk(id, to: order.goal, order: &order) { finishArrival(id, order) }
            return .free
        case .retreat:
            if walk(id, to: order.goal, order: &order) { finishArrival(id, order) }
            return .none
        case .attackMove:
            if canHitAnyEnemy(id) {
                stopWalking(id)
                return .free
            }
            if walk(id, to: order.goal, order: &order) { finishArrival(id, order) }
            return .free
        case .attack:
            return attack(id, order: &order)
        case .hold, .capture:
            if case .cell(let c) = order.goal, units[id].position != c.center {
                if canHitAnyEnemy(id) && order.action == .hold { return .free }
                if walk(id, to: order.goal, order: &order) { arriveAndHold(id, order) }
                return .free
            }
            arriveAndHold(id, order)
            return .free
        case .patrol:
            if canHitAnyEnemy(id) {
                stopWalking(id)
                return .free
            }
            let leg: UnitOrder.Goal = order.returning ? (order.via.map { .cell($0) } ?? .none) : order.goal
            if walk(id, to: leg, order: &order) { order.returning.toggle() }
            return .free
        case .follow, .heal:
            return escort(id, order: &order)
        case .mine:
            if walk(id, to: order.goal, order: &order) {
                units[id].workFrames += 1
                if units[id].workFrames >= Rules.mineLayFrames {
                    layMine(id)
                    completeOrder(id)
                }
            }
            return .free
        }
    }

    /// Chases and fires at one enemy, or at the nearest of a type; a place means attack-move.
    private mutating func attack(_ id: Int, order: inout UnitOrder) -> Engagement {
        let player = units[id].owner
        switch order.goal {
        case .nearestEnemy(let type):
            guard let enemy = nearestVisibleEnemy(to: units[id].position, player: player, type: type) else {
                completeOrder(id)
                return .free
            }
            order.goal = .enemy(enemy)
            order.planned = false
            return attack(id, order: &order)
        case .enemy(let enemy):
            guard units[enemy].isAlive, sees(enemy: enemy, player: player) else {
                completeOrder(id)
                return .free
            }
            if canHit(id, enemy) {
                stopWalking(id)
            } else {
                chase(id, target: units[enemy].cell, order: &order)
            }
            return .focus(enemy)
        case .cell:
            if canHitAnyEnemy(id) {
                stopWalking(id)
                return .free
            }
            if walk(id, to: order.goal, order: &order) { completeOrder(id) }
            return .free
        default:
            completeOrder(id)
            return .free
        }
    }

    /// Keeps close to a friend (follow, heal) or shadows a visible enemy.
    private mutating func escort(_ id: Int, order: inout UnitOrder) -> Engagement {
        let player = units[id].owner
        var goal = order.goal
        if order.action == .heal, goal == .none {
            guard let friend = mostHurtFriend(of: id) else {
                turnToHeldFacing(id)
                return .free
            }
            goal = .friend(friend)
        }
        let other: Int
        switch goal {
        case .friend(let f): other = f
        case .enemy(let e):
            guard sees(enemy: e, player: player) else {
                completeOrder(id)
                return .free
            }
            other = e
        default:
            completeOrder(id)
            return .free
        }
        guard units[other].isAlive else {
            if order.action == .follow { completeOrder(id) }
            return .free
        }
        let keep: Int32 = order.action == .heal ? 1 : 2
        if units[id].cell.chebyshev(to: units[other].cell) > keep {
            chase(id, target: units[other].cell, order: &order)
        } else {
            stopWalking(id)
            turnToHeldFacing(id)
        }
        return .free
    }

    /// Walks towards a target that moves, planning again every `Rules.repathFrames`.
    private mutating func chase(_ id: Int, target: Cell, order: inout UnitOrder) {
        units[id].repathIn -= 1
        if !order.planned || units[id].repathIn <= 0 || !units[id].isMoving {
            planPath(id, to: target)
            order.planned = true
            units[id].repathIn = Rules.repathFrames
        }
        advance(id)
    }

    /// Walks towards a fixed goal; true once the unit stands on it (or cannot get there).
    private mutating func walk(_ id: Int, to goal: UnitOrder.Goal, order: inout UnitOrder) -> Bool {
        guard case .cell(let target) = goal else { return true }
        if !units[id].isMoving {
            if units[id].position == target.center { return true }
            // Stopped short (new order, or halted to fight): plan from here.
            planPath(id, to: target)
            if !units[id].isMoving { return true }
        }
        advance(id)
        return !units[id].isMoving && units[id].position == target.center
    }

    private mutating func planPath(_ id: Int, to target: Cell) {
        let start = units[id].cell
        units[id].path = Pathfinder.path(on: map, from: start, to: target)
        units[id].pathIndex = 0
        if units[id].path.isEmpty && units[id].position != target.center && start == target {
            units[id].path = [target]
        }
    }

    /// Holds the unit where it stands (its path is dropped).
    private mutating func stopWalking(_ id: Int) {
        if units[id].isMoving {
            units[id].path.removeAll()
            units[id].pathIndex = 0
        }
    }

    private mutating func finishArrival(_ id: Int, _ order: UnitOrder) {
        if let d = order.facing {
            units[id].heldFacing = d
            units[id].facing = d.vector
        }
        completeOrder(id)
    }

    private mutating func arriveAndHold(_ id: Int, _ order: UnitOrder) {
        if let d = order.facing { units[id].heldFacing = d }
        turnToHeldFacing(id)
        // A capture lasts until the node under the unit is its side's ("capture A then B"
        // takes A first; rules version 2).
        if order.action == .capture && standsOnNodeToTake(id) { return }
        // Holding never ends by itself, but a queued order after it takes over.
        if units[id].orders.count > 1 { completeOrder(id) }
    }

    /// Whether the unit stands on a node its side does not own.
    private func standsOnNodeToTake(_ id: Int) -> Bool {
        let cell = units[id].cell
        guard map.contains(cell) else { return false }
        var cover = map.nodeCover[map.index(cell)]
        while cover != 0 {
            if nodes[cover.trailingZeroBitCount].owner != units[id].owner { return true }
            cover &= cover - 1
        }
        return false
    }

    private mutating func turnToHeldFacing(_ id: Int) {
        if let d = units[id].heldFacing, units[id].reload <= units[id].stats.reloadFrames / 2 {
            units[id].facing = d.vector
        }
    }

    /// Ends the current order; the next queued one starts next frame.
    mutating func completeOrder(_ id: Int) {
        orderEnded = true
        if !units[id].orders.isEmpty { units[id].orders.removeFirst() }
        units[id].path.removeAll()
        units[id].pathIndex = 0
        units[id].workFrames = 0
        if !units[id].orders.isEmpty { units[id].orders[0].planned = false }
    }

    // MARK: - Movement

    /// Moves the unit one frame along its path, facing where it goes.
    private mutating func advance(_ id: Int) {
        guard units[id].pathIndex < units[id].path.count else { return }
        let position = units[id].position
        let waypoint = units[id].path[units[id].pathIndex].center
        let dx = waypoint.x - position.x, dy = waypoint.y - position.y
        let speed = units[id].stats.speed * map.terrain(at: position.cell).speedPercent / 100
        let d2 = Int64(dx) * Int64(dx) + Int64(dy) * Int64(dy)
        if d2 <= Int64(speed) * Int64(speed) {
            units[id].position = waypoint
            units[id].pathIndex += 1
        } else {
            let d = FixedMath.isqrt(d2)
            units[id].position.x += Int32(Int64(dx) * Int64(speed) / d)
            units[id].position.y += Int32(Int64(dy) * Int64(speed) / d)
        }
        if let f = Facing.along(dx: dx, dy: dy) { units[id].facing = f }
    }

    private func mostHurtFriend(of id: Int) -> Int? {
        var best: Int?
        var bestRatio = Int64.max
        let me = units[id]
        let reach = Int64(me.stats.sight) * Int64(me.stats.sight) * 4
        for friend in units(of: me.owner) where friend.isAlive && friend.id != id {
            let max = friend.stats.maxHealth
            guard friend.health < max, me.position.distanceSquared(to: friend.position) <= reach else { continue }
            let ratio = Int64(friend.health) * 1000 / Int64(max)
            if ratio < bestRatio {
                bestRatio = ratio
                best = friend.id
            }
        }
        return best
    }

    // MARK: - Respawn

    private mutating func respawnUnits() {
        for id in units.indices where !units[id].isAlive {
            units[id].respawnIn -= 1
            guard units[id].respawnIn <= 0 else { continue }
            let player = units[id].owner
            let base = map.bases[player - 1]
            let occupied = units.filter { $0.isAlive && $0.owner == player }.map(\.cell)
            let free = spreadCells(around: base, count: Rules.unitsPerPlayer + 1, reachableFrom: base)
                .first { !occupied.contains($0) } ?? base
            units[id].position = free.center
            units[id].health = units[id].stats.maxHealth
            units[id].respawnIn = 0
            units[id].reload = 0
            units[id].heldFacing = nil
            let enemyBase = map.bases[2 - player]
            units[id].facing = Facing.along(dx: enemyBase.x - base.x, dy: enemyBase.y - base.y) ?? units[id].facing
            // Back at base, it takes up the order it had when it died, planned afresh from here.
            suspendOrders(id)
            events.append(.respawned(unit: id))
        }
    }
}
