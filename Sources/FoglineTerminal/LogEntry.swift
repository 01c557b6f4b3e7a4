import FoglineOrders
import FoglineSim

/// One line of the log panel: what a command became, an error, or something that happened.
public struct LogEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// What a command was understood as ("→ 5,6 hold the ridge").
        case understood
        /// A command that could not be understood, or was refused.
        case error
        /// Something that happened in the match (captures, losses, respawns).
        case event
        /// Anything else worth saying (squads named, a fallback used).
        case info
    }

    public var kind: Kind
    public var text: String
    /// The player an event concerns, for its colour (0 for none).
    public var player: Int

    /// Whether it tells what became of a typed order (understood, refused): the lines
    /// the log's "your orders" filter keeps, and the one it pins.
    public var isOrder: Bool { kind == .understood || kind == .error }

    public init(_ kind: Kind, _ text: String, player: Int = 0) {
        self.kind = kind
        self.text = text
        self.player = player
    }

    /// The log lines for what a typed line became. The last order line says who read it when
    /// that was not the offline resolver, and also when it was if `namesSource` (an LLM is
    /// configured, so either may answer).
    public static func entries(for resolution: Resolution, player: Int = 0, namesSource: Bool = false) -> [LogEntry] {
        var out: [LogEntry] = []
        if let error = resolution.orderSet.error {
            var text = error
            if !resolution.orderSet.suggestions.isEmpty {
                text += " (try: " + resolution.orderSet.suggestions.joined(separator: ", ") + ")"
            }
            out.append(LogEntry(.error, text, player: player))
        }
        for squad in resolution.squads {
            out.append(LogEntry(.info, "squad \(squad.name) is \(OrderPhrase.units(squad.units))", player: player))
        }
        for order in resolution.orderSet.orders {
            out.append(LogEntry(.understood, OrderPhrase.describe(order), player: player))
        }
        if resolution.source != .offline || namesSource, !resolution.orderSet.orders.isEmpty {
            let by: String
            switch resolution.source {
            case .offline: by = "offline"
            case .fallback: by = "offline fallback"
            case .llm: by = "LLM"
            case .cache: by = "cache"
            }
            out[out.count - 1].text += " [\(by)]"
        }
        for note in resolution.notes { out.append(LogEntry(.info, note, player: player)) }
        return out
    }

    /// Log lines for a frame's events as `player` may know them (0: a spectator, who sees all).
    ///
    /// Losses and respawns of the player's own units, captures by either side, kills of
    /// enemies the player can see, the player's mines going off, and orders the rules
    /// ignored. Nothing that would give away what the fog hides.
    public static func entries(for events: [WorldEvent], in world: World, player: Int) -> [LogEntry] {
        var out: [LogEntry] = []
        func name(_ id: Int) -> String {
            let u = world.units[id]
            let side = player == 0 ? "P\(u.owner) " : (u.owner == player ? "" : "enemy ")
            return "\(side)\(u.number) (\(u.archetype.rawValue))"
        }
        for event in events {
            switch event {
            case .captured(let node, let by):
                guard node < world.map.nodes.count else { continue }
                let n = world.map.nodes[node]
                let who = player == 0 ? "player \(by)" : (by == player ? "you" : "the enemy")
                out.append(LogEntry(.event, "node \(n.letter) (\(n.name)) taken by \(who)", player: by))
            case .destroyed(let id, let by):
                guard id < world.units.count else { continue }
                let victim = world.units[id]
                if player == 0 || victim.owner == player {
                    out.append(LogEntry(.event, "\(name(id)) destroyed", player: victim.owner))
                } else if let by, by < world.units.count, world.units[by].owner == player {
                    out.append(LogEntry(.event, "\(name(by)) destroyed \(name(id))", player: player))
                }
            case .respawned(let id):
                guard id < world.units.count else { continue }
                let u = world.units[id]
                guard player == 0 || u.owner == player else { continue }
                // A unit comes back with the orders it had when it died, and says so.
                let resumes = u.currentOrder == nil ? "" : " and resumes: \(OrderPhrase.short(u, map: world.map))"
                out.append(LogEntry(.event, "\(name(id)) is back at base\(resumes)", player: u.owner))
            case .mineExploded(let owner, let cell):
                if player == 0 || owner == player {
                    out.append(LogEntry(.event, "a mine went off at \(cell.x),\(cell.y)", player: owner))
                }
            case .orderIgnored(let who, let reason):
                if player == 0 || who == player { out.append(LogEntry(.error, reason, player: who)) }
            case .shot, .mineLaid:
                break
            }
        }
        return out
    }
}
