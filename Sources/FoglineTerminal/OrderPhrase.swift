import FoglineSim

/// Orders in short English, for the log and the roster: "5,6 hold the ridge facing north".
public enum OrderPhrase {
    /// One order as a line: units, action, target, facing; "then" when queued.
    public static func describe(_ order: Order) -> String {
        var out = (order.queued ? "then " : "") + units(order.units) + " " + action(order)
        if let facing = order.facing, order.action != .face { out += " facing \(facing.rawValue)" }
        return out
    }

    /// Unit numbers compactly: "5", "5,6", "1-3,7", "all".
    public static func units(_ numbers: [Int]) -> String {
        let sorted = Array(Set(numbers)).sorted()
        if sorted == Array(1...Rules.unitsPerPlayer) { return "all" }
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            if j - i >= 2 {
                parts.append("\(sorted[i])-\(sorted[j])")
            } else {
                for k in i...j { parts.append(String(sorted[k])) }
            }
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// The verb and its target: "hold the ridge", "move north", "patrol A and B".
    static func action(_ order: Order) -> String {
        let target = order.target.map(describe)
        let isDirection: Bool
        if case .direction = order.target { isDirection = true } else { isDirection = false }
        func with(_ verb: String, _ preposition: String = "") -> String {
            guard let target else { return verb }
            return isDirection || preposition.isEmpty ? "\(verb) \(target)" : "\(verb) \(preposition) \(target)"
        }
        switch order.action {
        case .move: return with("move", "to")
        case .attack: return with("attack")
        case .attackMove: return with("attack-move", "to")
        case .hold: return with("hold")
        case .patrol:
            let base = with("patrol")
            return order.via.map { "\(base) and \(describe($0))" } ?? base
        case .stop: return "stop"
        case .retreat: return with("retreat", "to")
        case .face: return with("face")
        case .follow: return with("follow")
        case .capture: return with("capture")
        case .heal: return with("heal")
        case .mine: return with("mine", "at")
        }
    }

    /// A target in words: a landmark's name, "north", "unit 3", "enemy 4", "(12,7)".
    public static func describe(_ target: OrderTarget) -> String {
        switch target {
        case .landmark(let name): return name
        case .point(let x, let y): return "(\(x),\(y))"
        case .direction(let d): return d.rawValue
        case .unit(let n): return "unit \(n)"
        case .enemy(let n): return "enemy \(n)"
        case .nearestEnemy(let type): return type.map { "the nearest enemy \($0.rawValue)" } ?? "the nearest enemy"
        }
    }

    /// What a unit is doing, in a few words for the roster: "hold north ridge N", "idle".
    /// `short`, made to fit `width` columns by abbreviating before cutting: shorter
    /// verbs (`cap`, `atk`), places without "the", the queue as `→hold`.
    public static func short(_ unit: Unit, map: GameMap, width: Int) -> String {
        let full = short(unit, map: map)
        guard CharacterWidth.of(full) > width else { return full }
        var compact = full
        for (long, brief) in [
            ("capture ", "cap "), ("attack ", "atk "), ("retreat", "back"), ("follow ", "flw "), ("patrol ", "ptl "),
            ("enemy ", "e"), ("nearest", "near"), (" \u{2192} ", "\u{2192}"), ("the ", ""),
        ] {
            compact = compact.replacingOccurrences(of: long, with: brief)
        }
        return compact
    }

    public static func short(_ unit: Unit, map: GameMap) -> String {
        guard unit.isAlive else { return "dead" }
        guard let order = unit.currentOrder else {
            return unit.heldFacing.map { "idle \(abbreviation($0))" } ?? "idle"
        }
        var out = order.action == .attackMove ? "a-move" : order.action.rawValue
        switch order.goal {
        case .none: break
        case .cell(let c):
            if order.action != .face { out += " " + place(c, map: map) }
        case .friend(let id): out += " \(id % Rules.unitsPerPlayer + 1)"
        case .enemy(let id): out += " enemy \(id % Rules.unitsPerPlayer + 1)"
        case .nearestEnemy(let type): out += " " + (type.map { "nearest \($0.rawValue)" } ?? "nearest")
        }
        if let facing = order.facing ?? (order.action == .face ? unit.heldFacing : nil) {
            out += " " + abbreviation(facing)
        }
        // What comes next, so a queue is seen: "move the gap → hold", "+2" past one.
        if unit.orders.count > 1 {
            let next = unit.orders[1].action == .attackMove ? "a-move" : unit.orders[1].action.rawValue
            out += " \u{2192} \(next)" + (unit.orders.count > 2 ? " +\(unit.orders.count - 2)" : "")
        }
        return out
    }

    /// A cell by the name of the landmark on it or beside it (units sent to a place
    /// spread around it), else as "x,y".
    static func place(_ c: FoglineSim.Cell, map: GameMap) -> String {
        if let exact = map.landmarks.first(where: { $0.cell == c }) { return exact.name }
        let near = map.landmarks.filter { $0.cell.chebyshev(to: c) <= 2 }
            .min { ($0.cell.chebyshev(to: c), $0.name) < ($1.cell.chebyshev(to: c), $1.name) }
        return near?.name ?? "\(c.x),\(c.y)"
    }

    /// "N", "NE", ... for a compass direction.
    public static func abbreviation(_ d: CompassDirection) -> String {
        switch d {
        case .north: return "N"
        case .northeast: return "NE"
        case .east: return "E"
        case .southeast: return "SE"
        case .south: return "S"
        case .southwest: return "SW"
        case .west: return "W"
        case .northwest: return "NW"
        }
    }
}
