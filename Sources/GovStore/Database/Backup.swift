import FluentKit
import GovCore
import Foundation
import SQLKit

/// Consistent copies of a running installation's database, and the record that lets a restore prove it got back
/// what was saved: the audit chain's length and head at the moment of the copy.
public enum Backup {
    /// `manifest.json` in a backup folder.
    public struct Manifest: Codable, Sendable, Equatable {
        public static let fileName = "manifest.json"
        public var format = 1
        public var createdAt: Date
        /// `sqlite` or `postgresql`: a backup restores only into the same kind of database.
        public var database: String
        /// The database file inside the backup folder.
        public var file: String
        public var migrations: Int
        public var auditEntries: Int
        public var auditHead: String

        public init(createdAt: Date, database: String, file: String, migrations: Int, auditEntries: Int, auditHead: String) {
            (self.createdAt, self.database, self.file) = (createdAt, database, file)
            (self.migrations, self.auditEntries, self.auditHead) = (migrations, auditEntries, auditHead)
        }
    }

    /// What a manifest records of the live database: its migrations and its audit chain, which must be intact.
    public static func state(on database: any Database) async throws -> (migrations: Int, auditEntries: Int, auditHead: String) {
        guard let sql = database as? any SQLDatabase else { throw BackupError.notSQL }
        let migrations = try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first(decodingColumn: "n", as: Int.self) ?? 0
        switch try await AuditLog.verify(on: database) {
        case let .intact(count, lastHash): return (migrations, count, lastHash)
        case let .broken(sequence, _): throw BackupError.auditBroken(sequence: sequence)
        }
    }

    /// The hash of the audit entry at `sequence`, if the chain has one there: a restore finds the backup's head in it.
    public static func auditHash(atSequence sequence: Int, on database: any Database) async throws -> String? {
        try await AuditEntry.find(sequence, on: database)?.hash
    }

    /// Writes a transactionally consistent copy of a live SQLite database to `path` (which must not exist).
    /// `VACUUM INTO` reads from one snapshot, so in WAL mode the server keeps serving, readers and writer alike,
    /// while the copy is taken; the copy is compact and has no WAL of its own.
    public static func snapshotSQLite(into path: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw BackupError.notSQL }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Whether the database has no GovHall schema yet (a PostgreSQL restore goes only into such a database).
    public static func isEmpty(_ database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw BackupError.notSQL }
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'"
            : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_fluent_migrations'"
        let tables = try await sql.raw(query).first(decodingColumn: "n", as: Int.self) ?? 0
        return tables == 0
    }
}

public enum BackupError: Error, Equatable, CustomStringConvertible {
    case notSQL
    case auditBroken(sequence: Int)

    public var description: String {
        switch self {
        case .notSQL: return "The database does not speak SQL."
        case let .auditBroken(sequence):
            return "The audit chain is broken at entry #\(sequence); a backup of it would not prove anything. Run `govhall audit verify`."
        }
    }
}
