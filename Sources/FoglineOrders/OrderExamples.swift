import Foundation
import FoglineSim

/// Orders that work on a given map, to show a new player: built from the map's own
/// nodes and places and the player's roster, and kept only when the offline resolver
/// understands them there.
public enum OrderExamples {
    /// Up to `count` example orders for `player` on `map`, each one that resolves.
    public static func forMap(_ map: GameMap, player: Int, count: Int = 3) -> [String] {
        let context = ResolverContext(map: map, player: player)
        let resolver = OfflineResolver()
        var examples: [String] = []
        for candidate in candidates(map, player: player) where examples.count < count && !examples.contains(candidate) {
            if !resolver.resolve(candidate, in: context).isError { examples.append(candidate) }
        }
        return examples
    }

    /// One example for the prompt's placeholder: a hold with a facing when one resolves.
    public static func placeholder(_ map: GameMap, player: Int) -> String? {
        let examples = forMap(map, player: player, count: 3)
        return examples.first { $0.contains(" facing ") } ?? examples.first
    }

    /// What to try, best first: capture the nearest node, hold the middle facing the
    /// enemy, attack-move to the next node; then plainer fallbacks.
    static func candidates(_ map: GameMap, player: Int) -> [String] {
        let home = map.bases[player - 1], enemy = map.bases[2 - player]
        func distance(_ a: Cell, _ b: Cell) -> Int32 { abs(a.x - b.x) + abs(a.y - b.y) }
        let nodes = map.nodes.sorted { distance($0.cell, home) < distance($1.cell, home) }
        let middle = Cell((home.x + enemy.x) / 2, (home.y + enemy.y) / 2)
        let places = map.landmarks.filter { $0.kind == .place }.sorted { distance($0.cell, middle) < distance($1.cell, middle) }
        let toward = direction(from: home, to: enemy)
        let kinds = Set(map.roster)
        func plural(_ archetype: Archetype) -> String? { kinds.contains(archetype) ? archetype.rawValue + "s" : nil }
        var out: [String] = []
        if let first = nodes.first { out.append("\(plural(.scout) ?? "1,2") capture \(first.name)") }
        if let place = places.first { out.append("\(plural(.tank) ?? "3,4") hold \(place.name) facing \(toward)") }
        if nodes.count > 1 { out.append("\(plural(.sniper) ?? "5,6") attack-move to \(nodes[1].name)") }
        for place in places.dropFirst().prefix(2) { out.append("\(plural(.engineer) ?? "9,10") move to \(place.name)") }
        for node in nodes { out.append("1,2 capture \(node.name)") }
        out.append("all units move \(toward)")
        out.append("1 hold facing \(toward)")
        return out
    }

    /// The compass direction nearest to the line from `a` to `b` (north is up).
    static func direction(from a: Cell, to b: Cell) -> String {
        let dx = Double(b.x - a.x), dy = Double(b.y - a.y)
        guard dx != 0 || dy != 0 else { return "north" }
        // 0 is east, counter-clockwise in eighths, with y growing downwards.
        let names = ["east", "northeast", "north", "northwest", "west", "southwest", "south", "southeast"]
        var angle = atan2(-dy, dx)
        if angle < 0 { angle += 2 * .pi }
        return names[Int((angle / (.pi / 4)).rounded()) % 8]
    }
}
