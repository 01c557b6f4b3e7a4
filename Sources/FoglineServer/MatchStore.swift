import Foundation
import GRDB

/// One match as the server's index knows it.
public struct MatchRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "matches"
    public var code: String
    public var map: String
    public var player1: String
    public var player2: String
    /// ISO 8601, UTC.
    public var startedAt: String
    public var endedAt: String?
    public var frames: Int
    /// `running` while it plays; then a result reason (`frame_limit`, `result`, `forfeit`,
    /// `desync`, `server_shutdown`, `interrupted`).
    public var result: String
    /// 1 or 2; nil for no winner (or not known).
    public var winner: Int?
    public var replayPath: String
}

/// Where the server keeps its index of matches: SQLite on disk by default; several
/// servers sharing one directory of matches would put PostgreSQL behind the same calls.
public protocol MatchStore: AnyObject {
    func started(_ record: MatchRecord) throws
    func ended(code: String, endedAt: String, frames: Int, result: String, winner: Int?) throws
    /// Marks every match still `running` as `interrupted` (a server that did not finish them); returns how many.
    func interruptUnfinished(at: String) throws -> Int
    func all() throws -> [MatchRecord]
}

/// The index in `matches.sqlite`, in WAL mode so a killed server leaves it whole.
public final class SQLiteMatchStore: MatchStore {
    private let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("matches") { db in
            try db.create(table: "matches") { table in
                table.primaryKey("code", .text)
                table.column("map", .text).notNull()
                table.column("player1", .text).notNull()
                table.column("player2", .text).notNull()
                table.column("startedAt", .text).notNull()
                table.column("endedAt", .text)
                table.column("frames", .integer).notNull()
                table.column("result", .text).notNull()
                table.column("winner", .integer)
                table.column("replayPath", .text).notNull()
            }
        }
        try migrator.migrate(queue)
    }

    public func started(_ record: MatchRecord) throws {
        try queue.write { db in try record.save(db) }
    }

    public func ended(code: String, endedAt: String, frames: Int, result: String, winner: Int?) throws {
        try queue.write { db in
            try db.execute(
                sql: "UPDATE matches SET endedAt = ?, frames = ?, result = ?, winner = ? WHERE code = ?",
                arguments: [endedAt, frames, result, winner, code])
        }
    }

    public func interruptUnfinished(at: String) throws -> Int {
        try queue.write { db in
            try db.execute(sql: "UPDATE matches SET result = 'interrupted', endedAt = ? WHERE result = 'running'", arguments: [at])
            return db.changesCount
        }
    }

    public func all() throws -> [MatchRecord] {
        try queue.read { db in try MatchRecord.order(Column("startedAt")).fetchAll(db) }
    }
}
