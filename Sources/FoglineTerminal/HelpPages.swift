import FoglineOrders
import FoglineSim

/// The help's pages after the keys: the words orders are made of, and what each glyph
/// and colour on the battlefield means. Plain lines; the overlay boxes and wraps them.
public enum HelpPages {
    /// The pages, in the order Tab walks them.
    public enum Page: Int, Hashable, Sendable, CaseIterable {
        case keys, words, legend

        public var title: String {
            switch self {
            case .keys: "keys"
            case .words: "words"
            case .legend: "legend"
            }
        }

        public var next: Page { Page(rawValue: (rawValue + 1) % Page.allCases.count)! }
        public var previous: Page { Page(rawValue: (rawValue + Page.allCases.count - 1) % Page.allCases.count)! }
    }

    /// The words page for `map`: actions and their phrases, naming units and squads, this
    /// map's places, directions, `then` and `except`, and what each unit type can do.
    public static func words(map: GameMap) -> [(String, isHeading: Bool)] {
        var out: [(String, Bool)] = [("Actions, and other words for them", true)]
        for (action, phrases) in OrderWords.actions {
            let others = phrases.filter { $0 != action && $0 != action.replacingOccurrences(of: "-", with: " ") }
            out.append(("\(action): \(others.prefix(7).joined(separator: ", "))", false))
        }
        out.append(("", false))
        out.append(("Naming units", true))
        out.append(("by number (3, 5,6, 1 to 4), by type (\(OrderWords.unitTypes.map { $0.words.first ?? $0.type }.joined(separator: ", ")) and their plurals), everyone (\(OrderWords.everyone.prefix(4).joined(separator: ", "))), \"everyone except the medics\"", false))
        out.append(("squads: \"call 3 4 hammer\", then \"hammer push to the gap\"", false))
        out.append(("", false))
        out.append(("This map's places", true))
        out.append((map.landmarks.map { landmark -> String in
            if case .node(let k) = landmark.kind, k < map.nodes.count { return "\(landmark.name) (\(map.nodes[k].letter))" }
            return landmark.name
        }.joined(separator: ", "), false))
        out.append(("", false))
        out.append(("Directions and joining", true))
        out.append(("north, northeast, east, southeast, south, southwest, west, northwest (n, ne, ...); \"hold facing east\"", false))
        out.append(("\"then\" queues: \"scouts capture A then hold\"; \"except\" leaves units out", false))
        out.append(("", false))
        out.append(("What each type can do", true))
        for type in Archetype.allCases {
            let stats = type.stats
            let special = type == .medic ? "; heals" : (type == .engineer ? "; lays mines" : "")
            out.append((
                "\(type.rawValue): health \(stats.maxHealth), speed \(stats.speed), sight \(stats.sightCells) cells, "
                    + "range \(stats.rangeCells) cells\(special)", false))
        }
        return out
    }

    /// The legend: each glyph the battlefield uses and what it means.
    public static func legend(theme: Theme) -> [(glyph: String, meaning: String)] {
        let g = theme.glyphs
        return [
            ("S T N M E", "your units: scout, tank, sniper, medic, engineer (F6: their numbers)"),
            ("s t n m e", "enemy units you can see"),
            ("2 3 ...", "underlined: that many units on one cell"),
            ("A B C ...", "capture nodes, coloured by who holds them; a unit on one shows in its colour"),
            (String(g.progress), "a node being taken: the ring fills clockwise"),
            (theme.capabilities.colors ? String(g.base) : "1 2", "the bases"),
            (String(g.facing[2]), "where a unit faces: it sees 120 degrees that way"),
            (String(g.open), "open ground"),
            (String(g.rock), "rock: blocks movement and sight"),
            (String(g.water), "water: blocks movement"),
            (String(g.forest), "forest: half speed; a unit in it is seen only from close, and is harder to hit"),
            (String(g.road), "road: a quarter faster (bridges too)"),
            (String(g.bridge), "bridge"),
            (String(g.mine), "a mine (only its owner sees it)"),
            (String(g.hit) + " " + String(g.death), "a hit; a unit destroyed"),
            (String(g.blast), "a mine going off"),
            ("dim", "explored but out of sight now; blank: never seen"),
        ]
    }
}
