import FoglineOrders
import FoglineSim
import Foundation

/// The offline resolver's phrase corpus (Tests/FoglineOrdersTests/Corpus), read as
/// commands with the context each is resolved in.
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

    static func load() throws -> OfflineCorpus {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Tests/FoglineOrdersTests/Corpus")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        var maps: [String: GameMap] = [:]
        var entries: [Entry] = []
        for file in files {
            var mapName = "duel", player = 1
            for raw in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("@map ") { mapName = String(line.dropFirst(5)) }
                if line.hasPrefix("@player ") { player = Int(line.dropFirst(8)) ?? 1 }
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@") || line.hasPrefix("=>")
                    || line.hasPrefix("!!")
                { continue }
                let map = try maps[mapName] ?? MapLoader.load(path: root.appendingPathComponent("maps/\(mapName).toml").path)
                maps[mapName] = map
                entries.append(Entry(text: line, context: ResolverContext(map: map, player: player)))
            }
        }
        guard !entries.isEmpty else { throw CocoaError(.fileReadNoSuchFile) }
        return OfflineCorpus(entries: entries)
    }
}
