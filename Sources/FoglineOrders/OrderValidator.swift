import FoglineSim

/// Checks orders that came from outside the offline resolver (an LLM, the cache) against
/// one player's view of the game.
///
/// A unit that is dead or cannot do the action is left out of its order; an order with no
/// unit left, an unknown landmark, a cell off the map, a dead friend, an enemy out of sight
/// or a target its action cannot use is dropped. Each is a reason in `rejected`, and
/// `CommandResolver` refuses an answer with any: a model that misread one order misread the
/// command. Nothing dropped is ever executed.
public struct OrderValidator: Sendable {
    /// What survived, and what was changed or dropped.
    public struct Report: Sendable, Equatable {
        /// The orders with what cannot be carried out taken out.
        public var orders: [Order]
        /// Harmless changes (a `via` only a patrol uses, dropped); a landmark's case and
        /// spacing are set right without a note.
        public var notes: [String]
        /// What was invalid: each dropped order and each unit left out, numbered as given.
        public var rejected: [String] = []

        /// Every order and every unit in it can be carried out as given.
        public var isWhole: Bool { rejected.isEmpty }
    }

    public let context: ResolverContext

    public init(context: ResolverContext) {
        self.context = context
    }

    public func validate(_ orders: [Order]) -> Report {
        var report = Report(orders: [], notes: [])
        for (k, order) in orders.enumerated() {
            let label = "order \(k + 1) (\(order.action.rawValue))"
            switch check(order) {
            case .success(let (kept, leftOut, notes)):
                report.orders.append(kept)
                report.rejected += leftOut.map { "\(label): left out \($0)" }
                report.notes += notes.map { "\(label): \($0)" }
            case .failure(let why):
                report.rejected.append("dropped \(label): \(why.text)")
            }
        }
        return report
    }

    private struct Why: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    /// The order with its units that cannot carry it out left out, what was left out, and notes.
    private func check(_ order: Order) -> Result<(Order, [String], [String]), Why> {
        guard !order.units.isEmpty else { return .failure(Why("it names no units")) }
        var units: [Int] = []
        var leftOut: [String] = []
        for n in order.units {
            guard (1...context.roster.count).contains(n) else {
                leftOut.append("unit \(n) (there is no such unit)")
                continue
            }
            guard isAlive(n) else {
                leftOut.append("unit \(n) (dead)")
                continue
            }
            let type = context.roster[n - 1]
            guard type.canPerform(order.action) else {
                leftOut.append("unit \(n) (a \(type.rawValue) cannot \(order.action.rawValue))")
                continue
            }
            units.append(n)
        }
        guard !units.isEmpty else {
            return .failure(Why("no unit can carry it out: " + leftOut.joined(separator: ", ")))
        }
        var notes: [String] = []

        var kept = order
        kept.units = units
        do {
            kept.target = try order.target.map { try checked($0) }
            if order.action == .patrol {
                kept.via = try order.via.map { try checked($0) }
            } else if order.via != nil {
                kept.via = nil
                notes.append("ignored \"via\", which only a patrol uses")
            }
            try checkFits(kept)
        } catch let why as Why {
            return .failure(why)
        } catch {
            return .failure(Why("\(error)"))
        }
        return .success((kept, leftOut, notes))
    }

    /// The target as the game knows it (a landmark's name as the map spells it), or why not.
    private func checked(_ target: OrderTarget) throws -> OrderTarget {
        switch target {
        case .landmark(let name):
            if context.map.landmark(named: name) != nil { return target }
            // Case and spacing are not worth refusing an answer for; anything else is.
            let wanted = LLMText.normalizedCommand(name)
            if let match = context.map.landmarks.first(where: { LLMText.normalizedCommand($0.name) == wanted }) {
                return .landmark(match.name)
            }
            throw Why("there is no landmark \(JSONText.quote(LLMText.clipped(name, to: 64))) on \(context.map.name)")
        case .point(let x, let y):
            guard x >= 0, y >= 0, x < Int(context.map.width), y < Int(context.map.height) else {
                throw Why("cell (\(x), \(y)) is off the map")
            }
            return target
        case .direction, .nearestEnemy:
            return target
        case .unit(let n):
            guard (1...context.roster.count).contains(n) else { throw Why("there is no unit \(n)") }
            guard isAlive(n) else { throw Why("unit \(n) is dead") }
            return target
        case .enemy(let n):
            guard context.visibleEnemies.contains(where: { $0.number == n }) else {
                throw Why("enemy \(n) is not in sight")
            }
            return target
        }
    }

    /// Whether the action can use the target it was given.
    private func checkFits(_ order: Order) throws {
        let action = order.action.rawValue
        switch order.action {
        case .move, .attackMove, .patrol:
            guard order.target != nil else { throw Why("\(action) needs a target") }
        case .attack:
            switch order.target {
            case nil: throw Why("attack needs a target")
            case .unit?: throw Why("attack cannot target an own unit")
            default: break
            }
        case .follow:
            switch order.target {
            case .unit?, .enemy?, .nearestEnemy?: break
            default: throw Why("follow needs a unit to follow")
            }
        case .heal:
            switch order.target {
            case .enemy?, .nearestEnemy?: throw Why("heal cannot target an enemy")
            default: break
            }
        case .face:
            switch order.target {
            case .direction?: break
            case nil where order.facing != nil: break
            default: throw Why("face needs a direction")
            }
        case .hold, .stop, .retreat, .capture, .mine:
            break
        }
    }

    private func isAlive(_ n: Int) -> Bool { n - 1 < context.alive.count && context.alive[n - 1] }
}
