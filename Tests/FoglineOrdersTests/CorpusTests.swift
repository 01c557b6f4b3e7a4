import Foundation
import FoglineOrders
import Testing

@testable import FoglineSim

/// The phrase corpus: every command in `Corpus/*.txt` must resolve to exactly the
/// orders written under it, or fail with the error written under it.
@Suite("Offline resolver corpus")
struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent("Corpus"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }

    static func cases() throws -> [CorpusCase] {
        try files().flatMap { try CorpusCase.load($0) }
    }

    @Test("every corpus command resolves as written")
    func corpus() throws {
        let all = try Self.cases()
        var maps: [String: GameMap] = [:]
        let resolver = OfflineResolver()
        for c in all {
            let map = try maps[c.map] ?? MapLoader.load(path: CorpusCase.mapPath(c.map))
            maps[c.map] = map
            let context = c.context(on: map)
            let got = resolver.resolve(c.text, in: context)
            if let fragment = c.errorFragment {
                #expect(got.isError, "\(c.location): expected an error for \"\(c.text)\", got \(got.orderSet.canonicalJSON)")
                #expect(
                    got.orderSet.error?.lowercased().contains(fragment.lowercased()) == true,
                    "\(c.location): \"\(c.text)\" error \(got.orderSet.error ?? "none") lacks \"\(fragment)\"")
                #expect(got.orderSet.orders.isEmpty)
            } else {
                #expect(!got.isError, "\(c.location): \"\(c.text)\" failed: \(got.orderSet.error ?? "")")
                #expect(
                    got.orderSet.orders == c.expected,
                    "\(c.location): \"\(c.text)\"\n got      \(got.orderSet.orders.map(CorpusCase.describe))\n expected \(c.expected.map(CorpusCase.describe))")
                #expect(got.squads == c.expectedSquads, "\(c.location): squads")
            }
        }
    }

    @Test("the corpus is large and covers both players, several maps, and refusals")
    func coverage() throws {
        let all = try Self.cases()
        let accepted = all.filter { $0.errorFragment == nil }
        let refused = all.filter { $0.errorFragment != nil }
        #expect(accepted.count >= 250, "\(accepted.count) accepted commands")
        #expect(refused.count >= 30, "\(refused.count) refused commands")
        #expect(Set(all.map(\.map)).count >= 2)
        #expect(Set(all.map(\.player)) == [1, 2])
        let actions = Set(accepted.flatMap { $0.expected.map(\.action) })
        #expect(actions == Set(OrderAction.allCases), "missing \(Set(OrderAction.allCases).subtracting(actions))")
    }
}

/// One command of the corpus with what it must become.
struct CorpusCase {
    var file: String
    var line: Int
    /// The `@family` the command belongs to; "" in files that name none.
    var family: String = ""
    var map: String
    var player: Int
    var squads: [String: [Int]]
    var selection: [Int]
    var enemies: [(number: Int, type: Archetype, cell: Cell)]
    var dead: [Int]
    var text: String
    var expected: [Order] = []
    var expectedSquads: [SquadDefinition] = []
    var errorFragment: String?

    var squadsDefined: [SquadDefinition] { expectedSquads }

    /// Test maps in `Maps/` (never shipped) come before the shipped `maps/`.
    static func mapPath(_ name: String) -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let test = root.appendingPathComponent("Maps/\(name).toml")
        if FileManager.default.fileExists(atPath: test.path) { return test.path }
        return root.appendingPathComponent("../../maps/\(name).toml").path
    }
    var location: String { "\(file):\(line)" }

    func context(on map: GameMap) -> ResolverContext {
        var world = World(map: map, seed: 1)
        for e in enemies {
            let id = World.unitID(player: 3 - player, number: e.number)
            world.units[id].position = e.cell.center
        }
        for n in dead { world.units[World.unitID(player: player, number: n)].health = 0 }
        var view = world.view(for: player)
        // Enemies listed with @enemy are in sight, wherever the cones point.
        view = PlayerView(
            map: view.map, player: view.player, frame: view.frame, ownUnits: view.ownUnits,
            visibleEnemies: enemies.map { e in
                PlayerView.SeenEnemy(
                    id: World.unitID(player: 3 - player, number: e.number), number: e.number, archetype: e.type,
                    position: e.cell.center, health: e.type.stats.maxHealth)
            }, nodes: view.nodes, scores: view.scores, result: nil)
        return ResolverContext(view: view, squads: squads, selection: selection)
    }

    /// Reads a corpus file. Lines: `@map NAME`, `@player N`, `@squad NAME 1,2`, `@select 1,2`,
    /// `@enemy N TYPE X,Y`, `@dead 3`, `@reset`, `@family NAME` (kept across `@reset`); a command; then `=> ORDER` lines,
    /// `=> squad NAME 1,2`, or `!! error text`.
    static func load(_ url: URL) throws -> [CorpusCase] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [CorpusCase] = []
        var map = "duel", player = 1, family = ""
        var squads: [String: [Int]] = [:], selection: [Int] = [], enemies: [(Int, Archetype, Cell)] = [], dead: [Int] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let where_ = "\(url.lastPathComponent):\(k + 1)"
            if line.hasPrefix("@") {
                let parts = line.split(separator: " ").map(String.init)
                switch parts[0] {
                case "@map": map = parts[1]
                case "@family": family = parts.dropFirst().joined(separator: " ")
                case "@player": player = Int(parts[1])!
                case "@squad": squads[parts[1]] = numbers(parts[2])
                case "@select": selection = numbers(parts[1])
                case "@enemy":
                    let xy = numbers(parts[3])
                    enemies.append((Int(parts[1])!, Archetype(rawValue: parts[2])!, Cell(x: xy[0], y: xy[1])))
                case "@dead": dead = numbers(parts[1])
                case "@reset":
                    squads = [:]
                    selection = []
                    enemies = []
                    dead = []
                default: Issue.record("\(where_): unknown directive \(parts[0])")
                }
                continue
            }
            if line.hasPrefix("=>") {
                let spec = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if spec.hasPrefix("squad ") {
                    let p = spec.split(separator: " ").map(String.init)
                    out[out.count - 1].expectedSquads.append(SquadDefinition(name: p[1], units: numbers(p[2])))
                } else {
                    guard let order = parseOrder(spec) else {
                        Issue.record("\(where_): cannot read expected order \(spec)")
                        continue
                    }
                    out[out.count - 1].expected.append(order)
                }
                continue
            }
            if line.hasPrefix("!!") {
                out[out.count - 1].errorFragment = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                continue
            }
            out.append(
                CorpusCase(
                    file: url.lastPathComponent, line: k + 1, family: family, map: map, player: player, squads: squads,
                    selection: selection, enemies: enemies, dead: dead, text: line))
        }
        return out
    }

    static func numbers(_ s: String) -> [Int] { s.split(separator: ",").compactMap { Int($0) } }

    /// `5,6 hold landmark:"the ridge" facing:north queued`, targets `point:20,10`, `dir:west`,
    /// `unit:3`, `enemy:4`, `nearest:tank` or `nearest:any`, and `via:` the same way.
    static func parseOrder(_ spec: String) -> Order? {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in spec {
            if ch == "\"" {
                quoted.toggle()
            } else if ch == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        guard words.count >= 2, let action = OrderAction(rawValue: words[1]) else { return nil }
        var order = Order(units: numbers(words[0]), action: action)
        for w in words.dropFirst(2) {
            if w == "queued" {
                order.queued = true
            } else if w.hasPrefix("facing:") {
                order.facing = CompassDirection(rawValue: String(w.dropFirst(7)))
            } else if w.hasPrefix("via:") {
                order.via = target(String(w.dropFirst(4)))
            } else if let t = target(w) {
                order.target = t
            } else {
                return nil
            }
        }
        return order
    }

    static func target(_ w: String) -> OrderTarget? {
        let parts = w.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "landmark": return .landmark(parts[1])
        case "point":
            let n = numbers(parts[1])
            return n.count == 2 ? .point(x: n[0], y: n[1]) : nil
        case "dir": return CompassDirection(rawValue: parts[1]).map { .direction($0) }
        case "unit": return Int(parts[1]).map { .unit($0) }
        case "enemy": return Int(parts[1]).map { .enemy($0) }
        case "nearest": return .nearestEnemy(parts[1] == "any" ? nil : Archetype(rawValue: parts[1]))
        default: return nil
        }
    }

    /// The corpus form of an order, for failure messages.
    static func describe(_ o: Order) -> String {
        var s = o.units.map(String.init).joined(separator: ",") + " " + o.action.rawValue
        func t(_ t: OrderTarget) -> String {
            switch t {
            case .landmark(let n): return "landmark:\"\(n)\""
            case .point(let x, let y): return "point:\(x),\(y)"
            case .direction(let d): return "dir:\(d.rawValue)"
            case .unit(let n): return "unit:\(n)"
            case .enemy(let n): return "enemy:\(n)"
            case .nearestEnemy(let a): return "nearest:\(a?.rawValue ?? "any")"
            }
        }
        if let target = o.target { s += " " + t(target) }
        if let via = o.via { s += " via:" + t(via) }
        if let f = o.facing { s += " facing:\(f.rawValue)" }
        if o.queued { s += " queued" }
        return s
    }
}
