import FoglineOrders
import FoglineSim
import Foundation

/// A phrase corpus of the offline resolver (`Tests/FoglineOrdersTests/Corpus`, or the
/// player corpus in `PlayerCorpus`), read as commands with the context each is resolved in.
final class OfflineCorpus: @unchecked Sendable {
    struct Entry {
        var text: String
        var context: ResolverContext
    }

    let entries: [Entry]
    private var index = 0

    init(entries: [Entry]) { self.entries = entries }

    /// The next command, wrapping around.
    func next() -> Entry {
        let e = entries[index]
        index = (index + 1) % entries.count
        return e
    }

    /// Reads every `.txt` file of `Tests/FoglineOrdersTests/<folder>` with the directives
    /// that shape the context: `@map` (test maps in `Maps/` before the shipped `maps/`),
    /// `@player`, `@squad`, `@select`, `@dead`, `@reset`. `@enemy` is not applied: a
    /// seen enemy cannot be made outside the simulation, so those lines take the "not in
    /// sight" path.
    static func load(folder: String = "Corpus") throws -> OfflineCorpus {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let tests = root.appendingPathComponent("Tests/FoglineOrdersTests")
        let files = try FileManager.default.contentsOfDirectory(
            at: tests.appendingPathComponent(folder), includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        func mapPath(_ name: String) -> String {
            let test = tests.appendingPathComponent("Maps/\(name).toml").path
            return FileManager.default.fileExists(atPath: test) ? test : root.appendingPathComponent("maps/\(name).toml").path
        }
        func numbers(_ s: String) -> [Int] { s.split(separator: ",").compactMap { Int($0) } }
        var maps: [String: GameMap] = [:]
        var entries: [Entry] = []
        for file in files {
            var mapName = "duel", player = 1
            var squads: [String: [Int]] = [:], selection: [Int] = [], dead: [Int] = []
            for raw in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                let parts = line.split(separator: " ").map(String.init)
                switch parts.first {
                case "@map": mapName = parts[1]
                case "@player": player = Int(parts[1]) ?? 1
                case "@squad": squads[parts[1]] = numbers(parts[2])
                case "@select": selection = numbers(parts[1])
                case "@dead": dead = numbers(parts[1])
                case "@reset": (squads, selection, dead) = ([:], [], [])
                default: break
                }
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@") || line.hasPrefix("=>")
                    || line.hasPrefix("!!")
                { continue }
                let map = try maps[mapName] ?? MapLoader.load(path: mapPath(mapName))
                maps[mapName] = map
                var context = ResolverContext(map: map, player: player, squads: squads, selection: selection)
                for n in dead where n >= 1 && n <= context.alive.count {
                    context.alive[n - 1] = false
                    context.health[n - 1] = 0
                }
                entries.append(Entry(text: line, context: context))
            }
        }
        guard !entries.isEmpty else { throw CocoaError(.fileReadNoSuchFile) }
        return OfflineCorpus(entries: entries)
    }
}
