import FoglineSim
import Foundation
import GRDB

/// Remembers the LLM's checked answers, in memory and in an SQLite file, across runs.
///
/// The key is the normalized command plus every fact of the game the answer depends on
/// (`key(for:in:namespace:)`), so a changed state misses instead of replaying an answer
/// that no longer fits. Only orders that passed `OrderValidator` are stored: never the key,
/// never a server's words. `lookupInMemory` is a dictionary read; `lookup` goes on to the
/// disk on a memory miss; disk writes happen on a background queue, so storing never blocks.
public final class ResolutionCache: @unchecked Sendable {
    public static let fileName = "llm-cache.sqlite"

    /// Why the cache file cannot be used.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `$XDG_CACHE_HOME/fogline/llm-cache.sqlite`, else `$HOME/.cache/fogline/llm-cache.sqlite`;
    /// nil when neither variable is set to an absolute path.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/fogline/" + fileName }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/fogline/" + fileName }
        return nil
    }

    /// The file, or nil for a cache kept in memory only.
    public let path: String?
    public let memoryCapacity: Int
    public let diskCapacity: Int

    private let database: DatabaseQueue?
    private let writes = DispatchQueue(label: "fogline.resolution-cache.writes")
    private let lock = NSLock()
    // Guarded by `lock`.
    private var memory: [String: Entry] = [:]
    private var tick: UInt64 = 0
    private var storesSinceTrim = 0

    private struct Entry {
        var orders: OrderSet
        var lastUsed: UInt64
    }

    /// A cache in `path` (folders are made, readable by the user only), or in memory when nil.
    /// Throws when the file exists but is not a usable cache.
    public init(path: String?, memoryCapacity: Int = 1024, diskCapacity: Int = 20_000) throws {
        self.path = path
        self.memoryCapacity = max(1, memoryCapacity)
        self.diskCapacity = max(1, diskCapacity)
        guard let path else {
            database = nil
            return
        }
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            var configuration = Configuration()
            // Two fogline processes may share the file; wait briefly rather than fail.
            configuration.busyMode = .timeout(0.2)
            configuration.label = "fogline.resolution-cache"
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE answer (
                            key TEXT PRIMARY KEY NOT NULL,
                            orders TEXT NOT NULL,
                            stored_at INTEGER NOT NULL
                        );
                        CREATE INDEX answer_stored_at ON answer(stored_at);
                        """)
            }
            try migrator.migrate(queue)
            database = queue
        } catch {
            throw OpenError(description: "cannot use the LLM cache \(path): \(error)")
        }
    }

    /// A cache at `path`, or a memory-only one and the reason when the file cannot be used.
    public static func open(path: String?) -> (cache: ResolutionCache, problem: String?) {
        do {
            return (try ResolutionCache(path: path), nil)
        } catch {
            // A memory-only cache never throws.
            return ((try? ResolutionCache(path: nil))!, "\(error); caching in memory only")
        }
    }

    // MARK: - Keys

    /// The cache key of `text` in `context`: the normalized text and the state facts an answer
    /// depends on (map, player, roster, which units live, which enemies are in sight, squads,
    /// selection). Positions are left out: they change every frame, and an answer that named
    /// an enemy by number stays right while that enemy is in sight (which this key holds).
    /// `namespace` separates models and prompt versions.
    public static func key(for text: String, in context: ResolverContext, namespace: String) -> String {
        var k = namespace
        k += "\u{1F}map " + context.map.name + " \(context.map.width)x\(context.map.height) "
        k += context.map.landmarks.map(\.name).joined(separator: "|")
        k += "\u{1F}player \(context.player)"
        k += "\u{1F}roster " + String(context.roster.map(\.letter))
        k += "\u{1F}alive " + String(context.alive.map { $0 ? "1" : "0" })
        let enemies = context.visibleEnemies.map { "\($0.number)\($0.archetype.letter)" }.sorted()
        k += "\u{1F}enemies " + enemies.joined(separator: ",")
        let squads = context.squads.keys.sorted().map {
            "\($0)=\(context.squads[$0]!.sorted().map(String.init).joined(separator: ","))"
        }
        k += "\u{1F}squads " + squads.joined(separator: ";")
        k += "\u{1F}selection " + context.selection.sorted().map(String.init).joined(separator: ",")
        k += "\u{1F}text " + LLMText.normalizedCommand(text)
        return k
    }

    // MARK: - Use

    /// The stored orders for `key`, from memory, else from disk (then kept in memory).
    /// A disk read can wait on another process's write: frame loops use `lookupInMemory`.
    public func lookup(_ key: String) -> OrderSet? {
        if let hit = lookupInMemory(key) { return hit }
        guard let database,
            let text = try? database.read({ db in
                try String.fetchOne(db, sql: "SELECT orders FROM answer WHERE key = ?", arguments: [key])
            }),
            let orders = try? OrderSet(json: text)
        else { return nil }
        remember(orders, for: key)
        return orders
    }

    /// The stored orders for `key` if they are in memory: a dictionary read, never the disk.
    public func lookupInMemory(_ key: String) -> OrderSet? {
        lock.withLock {
            guard var entry = memory[key] else { return nil }
            tick += 1
            entry.lastUsed = tick
            memory[key] = entry
            return entry.orders
        }
    }

    /// Keeps `orders` for `key`: in memory now, on disk shortly after.
    public func store(_ orders: OrderSet, for key: String) {
        remember(orders, for: key)
        guard let database else { return }
        let json = orders.canonicalJSON
        let stamp = Int64(Date().timeIntervalSince1970)
        let trim = lock.withLock { () -> Bool in
            storesSinceTrim += 1
            guard storesSinceTrim >= 64 else { return false }
            storesSinceTrim = 0
            return true
        }
        let limit = diskCapacity
        writes.async {
            // Best effort: a full disk or a locked file costs a future cache miss, nothing more.
            try? database.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO answer (key, orders, stored_at) VALUES (?, ?, ?)",
                    arguments: [key, json, stamp])
                if trim {
                    try db.execute(
                        sql: """
                            DELETE FROM answer WHERE key IN
                            (SELECT key FROM answer ORDER BY stored_at DESC LIMIT -1 OFFSET ?)
                            """, arguments: [limit])
                }
            }
        }
    }

    /// Forgets `key`, in memory and on disk.
    public func remove(_ key: String) {
        lock.withLock { _ = memory.removeValue(forKey: key) }
        guard let database else { return }
        writes.async {
            try? database.write { db in try db.execute(sql: "DELETE FROM answer WHERE key = ?", arguments: [key]) }
        }
    }

    /// Waits until every store so far is on disk (before exiting, and in tests).
    public func flush() {
        writes.sync {}
    }

    /// How many answers are held in memory.
    public var memoryCount: Int { lock.withLock { memory.count } }

    private func remember(_ orders: OrderSet, for key: String) {
        lock.withLock {
            tick += 1
            memory[key] = Entry(orders: orders, lastUsed: tick)
            guard memory.count > memoryCapacity else { return }
            // Evict the least recently used quarter at once, so eviction stays rare.
            let oldest = memory.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(max(1, memoryCapacity / 4))
            for (k, _) in oldest { memory.removeValue(forKey: k) }
        }
    }
}
