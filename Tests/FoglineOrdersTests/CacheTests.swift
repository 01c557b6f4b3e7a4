import FoglineOrders
import FoglineSim
import Foundation
import Testing

/// The LLM answer cache: repeated commands come from it, also after a restart; a change in
/// the state an answer depends on misses; only checked answers are kept.
@Suite("LLM answer cache", .timeLimit(.minutes(1)))
struct CacheTests {
    typealias S = LLMTestSupport

    static let text = "send the fast ones up to the windmill"
    static let answer = S.answer([S.order([1, 2], "move", target: S.landmark("old mill"))])
    static let orders = [Order(units: [1, 2], action: .move, target: .landmark("old mill"))]

    @Test("a repeated command is answered from the cache, in memory and after a restart")
    func repeatedAndRestart() async throws {
        let folder = S.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fogline/llm-cache.sqlite").path

        let server = try FakeOpenAIServer([.content(Self.answer)])
        defer { server.stop() }
        let cache = try ResolutionCache(path: path)
        let resolver = S.resolver(server, cache: cache)
        let first = await resolver.resolve(Self.text, in: S.context())
        #expect(first.source == .llm)
        // Case, spacing and a full stop do not make another command.
        let again = await resolver.resolve("  Send the FAST ones up to   the windmill. ", in: S.context())
        #expect(again.source == .cache)
        #expect(again.orderSet.orders == Self.orders)
        #expect(server.requests.count == 1)
        #expect(resolver.resolveWithoutWaiting(Self.text, in: S.context())?.source == .cache)
        cache.flush()

        // A new process: a new cache on the same file, a server that must not be asked.
        let silent = try FakeOpenAIServer([])
        defer { silent.stop() }
        let restarted = S.resolver(silent, cache: try ResolutionCache(path: path))
        // The frame-loop call never reads the disk; the async path does, off the caller's thread.
        #expect(restarted.resolveWithoutWaiting(Self.text, in: S.context()) == nil)
        let afterRestart = await restarted.resolve(Self.text, in: S.context())
        #expect(afterRestart.source == .cache)
        #expect(afterRestart.orderSet.orders == Self.orders)
        #expect(restarted.resolveWithoutWaiting(Self.text, in: S.context())?.source == .cache)
        #expect(silent.requests.isEmpty)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("a changed state the answer depends on misses")
    func changedStateMisses() async throws {
        let server = try FakeOpenAIServer(Array(repeating: .content(Self.answer), count: 8))
        defer { server.stop() }
        let resolver = S.resolver(server, cache: try ResolutionCache(path: nil))
        let base = S.context()
        _ = await resolver.resolve(Self.text, in: base)
        #expect(await resolver.resolve(Self.text, in: base).source == .cache)

        let changed: [(String, ResolverContext)] = [
            ("a unit died", S.context(dead: [4])),
            ("an enemy came into sight", S.context(enemies: [(3, .tank, 20, 12)])),
            ("a squad was named", S.context(squads: ["alpha": [1, 2]])),
            ("the selection changed", S.context(selection: [5, 6])),
            ("the other player", S.context(player: 2)),
        ]
        for (what, context) in changed {
            let got = await resolver.resolve(Self.text, in: context)
            #expect(got.source == .llm, "\(what) must miss the cache")
        }
        #expect(server.requests.count == 1 + changed.count)

        // Own units walking about do not change the answer: still a hit.
        var moved = base
        moved.cells[0] = Cell(x: 10, y: 10)
        #expect(await resolver.resolve(Self.text, in: moved).source == .cache)
    }

    @Test("keys: normalized text, every state fact, model and prompt version")
    func keys() {
        let c = S.context()
        let k = ResolutionCache.key(for: "Scouts  move to the OLD MILL!", in: c, namespace: "m1")
        #expect(k == ResolutionCache.key(for: "scouts move to the old mill", in: c, namespace: "m1"))
        #expect(k != ResolutionCache.key(for: "scouts move to the old mill", in: c, namespace: "m2"))
        #expect(k != ResolutionCache.key(for: "scouts move to the old mills", in: c, namespace: "m1"))
        // Enemies in sight count by who they are, not where they stand this frame.
        let a = ResolutionCache.key(for: "x", in: S.context(enemies: [(3, .tank, 20, 12)]), namespace: "")
        let b = ResolutionCache.key(for: "x", in: S.context(enemies: [(3, .tank, 21, 13)]), namespace: "")
        let d = ResolutionCache.key(for: "x", in: S.context(enemies: [(4, .tank, 20, 12)]), namespace: "")
        #expect(a == b && a != d)
    }

    @Test("only checked answers are cached: errors, fallbacks and rejected answers are not")
    func onlyValidAnswersCached() async throws {
        let invalid = S.answer([S.order([1], "attack", target: "{\"kind\": \"enemy\", \"unit\": 3}")])
        let mixed = S.answer([
            S.order([1, 2], "move", target: S.landmark("old mill")),
            S.order([3], "move", target: S.landmark("nowhere")),
        ])
        let server = try FakeOpenAIServer([
            .content(invalid), .content(invalid), .error(500), .error(500), .content(Self.answer), .content(mixed),
            .content(mixed),
        ])
        defer { server.stop() }
        let cache = try ResolutionCache(path: nil)
        let resolver = S.resolver(server, cache: cache)
        #expect(await resolver.resolve("shoot them", in: S.context()).isError)
        #expect(await resolver.resolve("shoot them", in: S.context()).isError)
        #expect(await resolver.resolve(Self.text, in: S.context()).source == .fallback)
        #expect(await resolver.resolve(Self.text, in: S.context()).source == .llm)
        #expect(cache.memoryCount == 1)

        // A partly valid answer is rejected whole, so nothing of it is cached: asked again.
        let partial = await resolver.resolve("everyone somewhere", in: S.context())
        #expect(partial.source == .fallback && partial.orderSet.orders.isEmpty)
        #expect(cache.memoryCount == 1)
        _ = await resolver.resolve("everyone somewhere", in: S.context())
        #expect(server.requests.count == 7)
    }

    @Test("a damaged cache file is reported and the cache runs in memory")
    func damagedFile() throws {
        let folder = S.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("llm-cache.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let (cache, problem) = ResolutionCache.open(path: path)
        #expect(problem?.contains("cannot use the LLM cache") == true, "\(problem ?? "no problem reported")")
        cache.store(OrderSet(orders: Self.orders), for: "k")
        #expect(cache.lookup("k")?.orders == Self.orders)
    }

    @Test("the default path follows XDG_CACHE_HOME, then HOME")
    func defaultPath() {
        #expect(
            ResolutionCache.defaultPath(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/p"])
                == "/x/cache/fogline/llm-cache.sqlite")
        #expect(
            ResolutionCache.defaultPath(environment: ["HOME": "/home/p"]) == "/home/p/.cache/fogline/llm-cache.sqlite")
        #expect(
            ResolutionCache.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])
                == "/h/.cache/fogline/llm-cache.sqlite")
        #expect(ResolutionCache.defaultPath(environment: [:]) == nil)
    }

    @Test("memory stays bounded; evicted entries still come from disk")
    func bounded() throws {
        let folder = S.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = try ResolutionCache(path: folder.appendingPathComponent("c.sqlite").path, memoryCapacity: 8)
        for k in 0..<40 { cache.store(OrderSet(orders: Self.orders), for: "key \(k)") }
        cache.flush()
        #expect(cache.memoryCount <= 8)
        #expect(cache.lookup("key 0")?.orders == Self.orders)
    }
}
