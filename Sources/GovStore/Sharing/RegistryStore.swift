import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// One entry of a base registry, as stored: written and read in SQL only, since it is keyed by kind and identifier.
public struct RegistryEntry: Sendable, Equatable {
    public static let schema = "registry_entries"
    public var kind: RegistryKind
    public var key: String
    public var name: String
    public var values: [String: String]
    public var fingerprint: Int64
    /// Raised by every write, so a county node can ask for what changed since it last synchronised.
    public var changeSequence: Int64
    public var updatedAt: Date
}

/// A bulk import: its file, its counts, and the first row errors (the report a person reads).
public final class RegistryImportRecord: Model, @unchecked Sendable {
    public static let schema = "registry_imports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "file_name") public var fileName: String
    @OptionalField(key: "encoding") public var encoding: String?
    /// `running`, `finished` or `failed` (a header the file cannot be read by, or an interruption).
    @Field(key: "status") public var status: String
    @OptionalField(key: "failure") public var failure: String?
    @Field(key: "summary_json") public var summaryJSON: String
    @Field(key: "inserted") public var inserted: Int
    @Field(key: "updated") public var updated: Int
    @Field(key: "unchanged") public var unchanged: Int
    @Field(key: "errors_json") public var errorsJSON: String
    @Field(key: "started_by") public var startedBy: String
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    public var properties: [any AnyProperty] {
        [
            $id, $kind, $fileName, $encoding, $status, $failure, $summaryJSON, $inserted, $updated, $unchanged, $errorsJSON, $startedBy,
            $startedAt, $finishedAt,
        ]
    }
    public init() {}

    public var summary: RegistryImportSummary { (try? JSONDecoder().decode(RegistryImportSummary.self, from: Data(summaryJSON.utf8))) ?? RegistryImportSummary() }

    public var errors: [RegistryImport.ReportedError] {
        (try? JSONDecoder().decode([RegistryImport.ReportedError].self, from: Data(errorsJSON.utf8))) ?? []
    }
}

/// The base registries (基础数据库). Writes compare fingerprints first, so a row that did not change is not written:
/// loading the same file twice changes nothing, and an incremental file touches only what it changes.
public enum RegistryStore {
    /// Rows per statement: well under SQLite's 32,766 bound parameters at seven per row.
    public static let batchSize = 500

    public struct WriteCounts: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0

        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
        }

        public static func += (lhs: inout WriteCounts, rhs: WriteCounts) {
            lhs.inserted += rhs.inserted
            lhs.updated += rhs.updated
            lhs.unchanged += rhs.unchanged
        }
    }

    /// Writes rows of one kind, at most ``batchSize`` of them, in the caller's transaction.
    public static func write(_ rows: [RegistryRow], now: Date, on database: any Database) async throws -> WriteCounts {
        guard let kind = rows.first?.kind else { return WriteCounts() }
        precondition(rows.count <= batchSize && rows.allSatisfy { $0.kind == kind }, "one kind, at most batchSize rows")
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        var stored: [String: Int64] = [:]
        for row in try await sql.raw("""
            SELECT "key", fingerprint FROM \(ident: RegistryEntry.schema) WHERE kind = \(bind: kind.rawValue) AND "key" IN (\(binds: rows.map(\.key)))
            """).all() {
            stored[try row.decode(column: "key", as: String.self)] = try row.decode(column: "fingerprint", as: Int64.self)
        }
        var counts = WriteCounts()
        var changed: [RegistryRow] = []
        for row in rows {
            switch stored[row.key] {
            case nil: counts.inserted += 1
            case row.fingerprint: counts.unchanged += 1
            default: counts.updated += 1
            }
            if stored[row.key] != row.fingerprint { changed.append(row) }
        }
        try await put(changed.map { row in
            RegistryEntry(kind: kind, key: row.key, name: row.name, values: row.values, fingerprint: row.fingerprint, changeSequence: 0, updatedAt: now)
        }, now: now, on: database)
        return counts
    }

    public static func entry(_ kind: RegistryKind, key: String, on database: any Database) async throws -> RegistryEntry? {
        try await entries(kind, where: "\"key\" = \(bind: key.uppercased())", limit: 1, on: database).first
    }

    /// Entries whose name contains `text` or whose identifier starts with it, by identifier.
    public static func search(_ kind: RegistryKind, text: String, limit: Int, on database: any Database) async throws -> [RegistryEntry] {
        let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        let prefix = text.uppercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        return try await entries(kind, where: "(name LIKE \(bind: pattern) OR \"key\" LIKE \(bind: prefix))", limit: limit, on: database)
    }

    /// Entries after `key` in identifier order: a registry read a page at a time.
    public static func page(_ kind: RegistryKind, after key: String, limit: Int, on database: any Database) async throws -> [RegistryEntry] {
        try await entries(kind, where: "\"key\" > \(bind: key)", limit: limit, on: database)
    }

    public static func count(_ kind: RegistryKind, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: RegistryEntry.schema) WHERE kind = \(bind: kind.rawValue)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    static func entries(_ kind: RegistryKind, where predicate: SQLQueryString, limit: Int, on database: any Database) async throws -> [RegistryEntry] {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let rows = try await sql.raw("""
            SELECT "key", name, values_json, fingerprint, change_seq, updated_at FROM \(ident: RegistryEntry.schema)
            WHERE kind = \(bind: kind.rawValue) AND \(predicate) ORDER BY "key" LIMIT \(unsafeRaw: String(max(1, min(limit, 10_000))))
            """).all()
        return try rows.map { row in
            RegistryEntry(
                kind: kind, key: try row.decode(column: "key", as: String.self), name: try row.decode(column: "name", as: String.self),
                values: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "values_json", as: String.self).utf8))) ?? [:],
                fingerprint: try row.decode(column: "fingerprint", as: Int64.self), changeSequence: try row.decode(column: "change_seq", as: Int64.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }
}

/// Runs one bulk import: the file streams through ``RegistryImporter`` a chunk at a time and its good rows are written
/// ``RegistryStore/batchSize`` at a time, each batch its own transaction, so memory stays flat and a large file does not
/// hold the write lock for minutes.
public enum RegistryImport {
    /// How many row errors the report keeps; the counts cover every row.
    public static let reportedErrorLimit = 1000

    public struct ReportedError: Codable, Sendable, Equatable {
        public var line: Int
        public var zh: String
        public var en: String

        public func message(in language: Language) -> String { language == .zhHans ? zh : en }
    }

    public struct Progress: Sendable {
        public var bytesRead: Int
        public var summary: RegistryImportSummary
        public var written: RegistryStore.WriteCounts
    }

    public static func run<Chunks: AsyncSequence & Sendable>(
        _ kind: RegistryKind, fileName: String, chunks: Chunks, gate: WriteGate, by actor: AuditActor, now: @escaping @Sendable () -> Date,
        on database: any Database, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> RegistryImportRecord where Chunks.Element == [UInt8] {
        let record = RegistryImportRecord()
        record.id = Effects.current.newID()
        record.kind = kind.rawValue
        record.fileName = String(fileName.prefix(200))
        record.status = "running"
        record.summaryJSON = "{}"
        record.inserted = 0
        record.updated = 0
        record.unchanged = 0
        record.errorsJSON = "[]"
        record.startedBy = actor.name
        record.startedAt = now()
        try await record.create(on: database)

        var importer = RegistryImporter(kind: kind, today: CivilDate.beijing(now()))
        var batch: [RegistryRow] = []
        batch.reserveCapacity(RegistryStore.batchSize)
        var errors: [ReportedError] = []
        var written = RegistryStore.WriteCounts()
        var bytesRead = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let rows = batch
            let instant = now()
            written += try await gate.transaction(on: database) { db in try await RegistryStore.write(rows, now: instant, on: db) }
            batch.removeAll(keepingCapacity: true)
        }
        func take(_ outcomes: [RegistryRowOutcome]) async throws {
            for outcome in outcomes {
                switch outcome {
                case let .accepted(row, _):
                    batch.append(row)
                    if batch.count == RegistryStore.batchSize { try await flush() }
                case let .rejected(error):
                    if errors.count < reportedErrorLimit { errors.append(ReportedError(line: error.line, zh: error.message(in: .zhHans), en: error.message(in: .en))) }
                }
            }
        }
        do {
            for try await chunk in chunks {
                bytesRead += chunk.count
                try await take(try importer.feed(chunk))
                progress(Progress(bytesRead: bytesRead, summary: importer.summary, written: written))
            }
            try await take(try importer.finish())
            try await flush()
            record.status = "finished"
        } catch let failure as RegistryHeaderError {
            record.status = "failed"
            record.failure = failure.message(in: .zhHans) + " / " + failure.message(in: .en)
        }
        progress(Progress(bytesRead: bytesRead, summary: importer.summary, written: written))
        record.encoding = importer.encoding?.rawValue
        record.summaryJSON = try StoredJSON.text(importer.summary)
        record.inserted = written.inserted
        record.updated = written.updated
        record.unchanged = written.unchanged
        record.errorsJSON = try StoredJSON.text(errors)
        record.finishedAt = now()
        let (summary, counts) = (importer.summary, written)
        try await gate.transaction(on: database) { db in
            try await record.save(on: db)
            try await AuditLog.append(
                AuditEvent(action: "registry.import", objectType: "registry_import", objectID: try record.requireID().uuidString.lowercased(),
                           summary: "\(kind.rawValue) \(record.fileName): \(record.status), read \(summary.rowsRead), accepted \(summary.accepted), rejected \(summary.rejected), inserted \(counts.inserted), updated \(counts.updated), unchanged \(counts.unchanged)"),
                by: actor, at: now(), on: db)
        }
        return record
    }

    public static func record(id: UUID, on database: any Database) async throws -> RegistryImportRecord? {
        try await RegistryImportRecord.find(id, on: database)
    }

    public static func recent(on database: any Database) async throws -> [RegistryImportRecord] {
        try await RegistryImportRecord.query(on: database).sort(\.$startedAt, .descending).limit(50).all()
    }
}
