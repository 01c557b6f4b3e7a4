import FoglineSim

/// The built-in opponent. It plays through the same inputs as a person: it reads one
/// player's view (its own fog) and answers with commands, text and orders.
///
/// Deterministic for a given seed and sequence of views, so bot matches replay and
/// re-run to the same hash.
public struct Bot: Sendable {
    public let player: Int
    public let level: BotLevel
    /// The bot's own random source: never the world's, which only the rules draw from.
    private var random: WorldRandom
    /// The last order sent to each unit number, so the bot does not repeat itself.
    private var lastSent: [Int: Order] = [:]

    public init(player: Int, level: BotLevel = .normal, seed: UInt64) {
        self.player = player
        self.level = level
        self.random = WorldRandom(seed: seed ^ (UInt64(player) &* 0xA24B_AED4_963E_E407))
    }

    /// Frames between decisions.
    private var interval: Int32 { level == .easy ? 60 : 15 }

    /// The bot's commands for the frame the view shows (usually none).
    public mutating func commands(for view: PlayerView) -> [PlayerCommand] {
        guard view.result == nil else { return [] }
        // The two sides think on different frames so they do not mirror each other.
        guard (view.frame + Int32(player) * 7) % interval == 0 else { return [] }
        let orders = level == .easy ? planEasy(view) : planNormal(view)
        return orders.compactMap { order in
            let fresh = order.units.filter { lastSent[$0] != order }
            guard !fresh.isEmpty else { return nil }
            for n in order.units { lastSent[n] = order }
            return PlayerCommand(text: BotPhrase.describe(order, on: view.map), orders: [order])
        }
    }

    // MARK: - Easy

    private mutating func planEasy(_ view: PlayerView) -> [Order] {
        let alive = view.ownUnits.filter(\.isAlive).map(\.number)
        guard !alive.isEmpty else { return [] }
        let targets = nodesByPreference(view, from: centroid(view.ownUnits.filter(\.isAlive)))
        guard let node = targets.first else { return [] }
        // Now and then it wanders to another node instead.
        let pick = random.chance(percent: 25) && targets.count > 1 ? targets[1] : node
        return [Order(units: alive, action: .move, target: .landmark(view.map.nodes[pick].name))]
    }

    // MARK: - Normal

    private mutating func planNormal(_ view: PlayerView) -> [Order] {
        var orders: [Order] = []
        let alive = view.ownUnits.filter(\.isAlive)
        var busy = Set<Int>()

        // Hurt units pull back towards a medic or home, unless already there.
        for u in alive where u.health * 100 < u.stats.maxHealth * 35 && u.archetype != .medic {
            busy.insert(u.number)
            if let medic = alive.first(where: { $0.archetype == .medic && $0.number != u.number }),
                medic.cell.chebyshev(to: u.cell) > 3
            {
                orders.append(Order(units: [u.number], action: .follow, target: .unit(medic.number)))
            } else if u.cell.chebyshev(to: view.ownBase) > 4 {
                orders.append(Order(units: [u.number], action: .retreat))
            } else {
                busy.remove(u.number)
            }
        }

        let army = alive.filter { [.tank, .sniper, .medic].contains($0.archetype) && !busy.contains($0.number) }
        let armyCenter = centroid(army.isEmpty ? alive : army)
        let preferred = nodesByPreference(view, from: armyCenter)

        // Fight what is in sight near the army: the weakest visible enemy draws the fire.
        let nearby = view.visibleEnemies.filter { $0.cell.chebyshev(to: armyCenter) <= 12 }
        if let prey = nearby.min(by: { ($0.health, $0.id) < ($1.health, $1.id) }) {
            let fighters = army.filter { $0.archetype != .medic }.map(\.number)
            if !fighters.isEmpty {
                orders.append(Order(units: fighters, action: .attack, target: .enemy(prey.number)))
            }
            let medics = army.filter { $0.archetype == .medic }.map(\.number)
            if !medics.isEmpty { orders.append(Order(units: medics, action: .heal)) }
        } else if view.map.nodes.indices.allSatisfy({ view.nodes[$0].owner == player }), !army.isEmpty {
            // Every node is ours and nobody contests it: the other side is not playing, or
            // hiding. Go to them rather than wait out the score limit.
            let base = view.enemyBase
            let fighters = army.filter { $0.archetype != .medic }.map(\.number)
            if !fighters.isEmpty {
                orders.append(Order(units: fighters, action: .attackMove, target: .point(x: Int(base.x), y: Int(base.y))))
            }
            let medics = army.filter { $0.archetype == .medic }.map(\.number)
            if let lead = fighters.first, !medics.isEmpty {
                orders.append(Order(units: medics, action: .follow, target: .unit(lead)))
            }
        } else if let node = preferred.first {
            let name = view.map.nodes[node].name
            let tanks = army.filter { $0.archetype == .tank }.map(\.number)
            let snipers = army.filter { $0.archetype == .sniper }.map(\.number)
            let medics = army.filter { $0.archetype == .medic }.map(\.number)
            let facing = CompassDirection.nearest(
                dx: view.enemyBase.x - view.map.nodes[node].cell.x, dy: view.enemyBase.y - view.map.nodes[node].cell.y)
            if !tanks.isEmpty { orders.append(Order(units: tanks, action: .capture, target: .landmark(name))) }
            if !snipers.isEmpty {
                orders.append(Order(units: snipers, action: .hold, target: .landmark(name), facing: facing))
            }
            if let lead = tanks.first ?? snipers.first, !medics.isEmpty {
                orders.append(Order(units: medics, action: .follow, target: .unit(lead)))
            }
        }

        // Scouts take the far nodes; engineers the near ones, mining what they hold.
        let scouts = alive.filter { $0.archetype == .scout && !busy.contains($0.number) }
        let engineers = alive.filter { $0.archetype == .engineer && !busy.contains($0.number) }
        let byDistance = nodesByPreference(view, from: view.ownBase)
        for (k, scout) in scouts.enumerated() {
            let choices = byDistance.count > 1 ? Array(byDistance.dropFirst()) : byDistance
            guard !choices.isEmpty else { break }
            let node = choices[(k + Int(view.frame / 900)) % choices.count]
            orders.append(Order(units: [scout.number], action: .capture, target: .landmark(view.map.nodes[node].name)))
        }
        for (k, engineer) in engineers.enumerated() {
            let onOwnedNode = view.map.nodes.indices.first {
                view.nodes[$0].owner == player && view.map.nodes[$0].cell.chebyshev(to: engineer.cell) <= 1
            }
            if let owned = onOwnedNode, random.chance(percent: 30) {
                let spot = view.map.nodes[owned].cell
                orders.append(
                    Order(
                        units: [engineer.number], action: .mine,
                        target: .point(x: Int(spot.x) + (k == 0 ? -2 : 2), y: Int(spot.y))))
                continue
            }
            guard !byDistance.isEmpty else { break }
            let node = byDistance[k % byDistance.count]
            orders.append(
                Order(units: [engineer.number], action: .capture, target: .landmark(view.map.nodes[node].name)))
        }
        return orders
    }

    // MARK: - Helpers

    /// Node indices the bot wants, best first: not yet its own, near `origin`, lower index on ties.
    private func nodesByPreference(_ view: PlayerView, from origin: Cell) -> [Int] {
        let indices = view.map.nodes.indices.filter { view.nodes[$0].owner != player }
        let pool = indices.isEmpty ? Array(view.map.nodes.indices) : indices
        return pool.sorted { a, b in
            let da = view.map.nodes[a].cell.chebyshev(to: origin), db = view.map.nodes[b].cell.chebyshev(to: origin)
            return da != db ? da < db : a < b
        }
    }

    private func centroid(_ units: [Unit]) -> Cell {
        guard !units.isEmpty else { return Cell(0, 0) }
        let sx = units.reduce(Int32(0)) { $0 + $1.cell.x }, sy = units.reduce(Int32(0)) { $0 + $1.cell.y }
        return Cell(sx / Int32(units.count), sy / Int32(units.count))
    }
}
