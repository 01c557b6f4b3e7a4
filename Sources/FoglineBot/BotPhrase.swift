import FoglineSim

/// Plain-English text for a bot's order, so replays read like a person's commands.
enum BotPhrase {
    static func describe(_ order: Order, on map: GameMap) -> String {
        let who = order.units.map(String.init).joined(separator: " ")
        let verb = order.action.rawValue.replacingOccurrences(of: "_", with: " ")
        var text = "\(who) \(verb)"
        if let target = order.target { text += " " + describe(target) }
        if let facing = order.facing { text += " facing \(facing.rawValue)" }
        return text
    }

    static func describe(_ target: OrderTarget) -> String {
        switch target {
        case .landmark(let name): return name
        case .point(let x, let y): return "\(x) \(y)"
        case .direction(let d): return d.rawValue
        case .unit(let n): return "unit \(n)"
        case .enemy(let n): return "enemy \(n)"
        case .nearestEnemy(let type): return "the nearest enemy" + (type.map { " \($0.rawValue)" } ?? "")
        }
    }
}
