import FoglineOrders
import Foundation

@testable import FoglineSim

/// What the LLM and cache tests share: the duel map, a player's context, a fake key, and
/// answers in canonical JSON.
enum LLMTestSupport {
    /// A key no real server knows; every test checks it never shows up where it must not.
    static let secret = "sk-fogline-TEST-a1b2c3d4e5f6-DO-NOT-LEAK"
    static let key = LLMAPIKey(secret)!

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let duel: GameMap = {
        // Tests cannot go on without the shipped map; failing loudly here is the clearest message.
        try! MapLoader.load(path: repositoryRoot.appendingPathComponent("maps/duel.toml").path)
    }()

    /// Player 1 at the start on duel, with optional visible enemies and dead units.
    static func context(
        player: Int = 1, enemies: [(number: Int, type: Archetype, x: Int, y: Int)] = [], dead: [Int] = [],
        squads: [String: [Int]] = [:], selection: [Int] = []
    ) -> ResolverContext {
        var c = ResolverContext(map: duel, player: player, squads: squads, selection: selection)
        c.visibleEnemies = enemies.map { e in
            PlayerView.SeenEnemy(
                id: World.unitID(player: 3 - player, number: e.number), number: e.number, archetype: e.type,
                position: Cell(x: e.x, y: e.y).center, health: e.type.stats.maxHealth)
        }
        for n in dead { c.alive[n - 1] = false }
        return c
    }

    /// A deadline far off unless a test is about the deadline: on a busy test machine an
    /// answer's wake-up can come late, and a test of answers must not turn into a fallback.
    static let relaxedDeadline: Duration = .seconds(60)

    static func configuration(
        _ server: FakeOpenAIServer, dialect: LLMDialect = .jsonSchema, deadline: Duration = relaxedDeadline
    ) -> LLMConfiguration {
        LLMConfiguration(
            baseURL: server.baseURL, apiKey: key, model: "fake-model", dialect: dialect, deadline: deadline)
    }

    static func resolver(
        _ server: FakeOpenAIServer, mode: ResolverMode = .llm, dialect: LLMDialect = .jsonSchema,
        deadline: Duration = relaxedDeadline, cache: ResolutionCache? = nil
    ) -> CommandResolver {
        // A memory of its own: a port a stopped server freed may come back in another test.
        CommandResolver(
            mode: mode, llm: configuration(server, dialect: dialect, deadline: deadline), cache: cache,
            memory: LLMServerMemory())
    }

    /// `{"orders": [...], "error": null}` as the strict schema makes a model write it.
    static func answer(_ orders: [String], error: String? = nil) -> String {
        "{\"orders\": [" + orders.joined(separator: ", ") + "], \"error\": " + (error.map(JSONText.quote) ?? "null")
            + "}"
    }

    /// One order in the strict schema's shape (every key present).
    static func order(
        _ units: [Int], _ action: String, target: String = "null", via: String = "null", facing: String = "null",
        queued: Bool = false
    ) -> String {
        "{\"units\": [\(units.map(String.init).joined(separator: ", "))], \"action\": \"\(action)\", \"target\": \(target), "
            + "\"via\": \(via), \"facing\": \(facing), \"queued\": \(queued)}"
    }

    static func landmark(_ name: String) -> String { "{\"kind\": \"landmark\", \"name\": \(JSONText.quote(name))}" }

    /// A fresh folder under the temporary directory.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-llm-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether any file under `folder` contains `needle` as bytes.
    static func anyFile(in folder: URL, contains needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return false
        }
        for case let file as URL in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            if data.range(of: Data(bytes)) != nil { return true }
        }
        return false
    }

    /// Every string a resolution can show: orders, error, suggestions, notes.
    static func visibleText(_ r: Resolution) -> String {
        ([r.orderSet.canonicalJSON] + r.notes + r.orderSet.suggestions).joined(separator: "\n")
    }
}
