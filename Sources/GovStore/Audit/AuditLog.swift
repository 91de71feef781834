import FluentKit
import Foundation
import GovCore
import SQLKit

/// Who did something, as the audit log records it.
public struct AuditActor: Sendable, Equatable {
    public var accountID: UUID?
    public var name: String
    public var role: Role?
    public var unitID: UUID?
    public var unitPath: String?
    public var requestID: String?
    public var clientAddress: String?

    public init(
        accountID: UUID?, name: String, role: Role?, unitID: UUID?, unitPath: String?, requestID: String?,
        clientAddress: String?
    ) {
        self.accountID = accountID
        self.name = name
        self.role = role
        self.unitID = unitID
        self.unitPath = unitPath
        self.requestID = requestID
        self.clientAddress = clientAddress
    }

    /// GovHall itself: migrations, seeding, command-line administration.
    public static func system(_ name: String = "system") -> AuditActor {
        AuditActor(accountID: nil, name: name, role: nil, unitID: nil, unitPath: nil, requestID: nil, clientAddress: nil)
    }
}

/// What changed: an action on an object, with a short before/after summary.
public struct AuditEvent: Sendable, Equatable {
    public var action: String
    public var objectType: String
    public var objectID: String
    public var summary: String

    public init(action: String, objectType: String, objectID: String, summary: String) {
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.summary = summary
    }
}

public enum AuditLog {
    /// Whether the database answers: reads the chain's head, the one row every installation has.
    public static func ping(on database: any Database) async throws {
        _ = try await AuditChainHead.find(1, on: database)
    }

    /// Appends one entry. Call it inside the transaction of the change it records, so both commit or neither.
    /// The head row is updated first: that takes its row lock on PostgreSQL (and the write lock on SQLite), so
    /// concurrent appenders wait for each other and the chain never forks. The entry is sealed with the database's
    /// audit MAC key (``AuditMACKey``), computed here in the process: the key never goes to the database server. A
    /// database opened without one refuses to append rather than write an unkeyed entry after keyed ones.
    @discardableResult
    public static func append(_ event: AuditEvent, by actor: AuditActor, at now: Date, on database: any Database) async throws -> AuditEntry {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        guard let key = database.auditKey else { throw AuditLogError.noMACKey }
        let heads = try await sql.raw("""
            UPDATE \(ident: AuditChainHead.schema) SET last_sequence = last_sequence + 1 WHERE id = 1
            RETURNING last_sequence, last_hash
            """).all()
        guard let head = heads.first else { throw AuditLogError.missingHead }
        let sequence = try head.decode(column: "last_sequence", as: Int.self)
        let previousHash = try head.decode(column: "last_hash", as: String.self)

        let record = AuditRecord(
            sequence: sequence, occurredAt: AuditRecord.storableInstant(now),
            actorID: actor.accountID?.uuidString.lowercased(), actorName: actor.name, role: actor.role?.rawValue,
            unitID: actor.unitID?.uuidString.lowercased(), action: event.action, objectType: event.objectType,
            objectID: event.objectID, summary: event.summary, requestID: actor.requestID,
            clientAddress: actor.clientAddress, previousHash: previousHash, macKeyID: key.id
        )
        let hash = key.mac(record.canonicalEncoding)
        let entry = AuditEntry()
        entry.id = record.sequence
        entry.occurredAt = record.occurredAt
        entry.actorID = record.actorID
        entry.actorName = record.actorName
        entry.role = record.role
        entry.unitID = record.unitID
        entry.unitPath = actor.unitPath
        entry.action = record.action
        entry.objectType = record.objectType
        entry.objectID = record.objectID
        entry.summary = record.summary
        entry.requestID = record.requestID
        entry.clientAddress = record.clientAddress
        entry.previousHash = previousHash
        entry.hash = hash
        entry.macKeyID = key.id
        try await insert(entry, movingHeadTo: hash, on: sql)
        entry.$id.exists = true
        return entry
    }

    /// Writes the entry and moves the head's hash on to it. The head row stays locked from the sequence's update to
    /// the commit, so every append waits here for the one before: on PostgreSQL both writes go in one statement, one
    /// round trip less inside that window, and the row is written in SQL rather than through the model.
    private static func insert(_ entry: AuditEntry, movingHeadTo hash: String, on sql: any SQLDatabase) async throws {
        let columns: [(String, any Encodable & Sendable)] = [
            ("sequence", entry.id), ("occurred_at", entry.occurredAt), ("actor_id", entry.actorID), ("actor_name", entry.actorName),
            ("role", entry.role), ("unit_id", entry.unitID), ("unit_path", entry.unitPath), ("action", entry.action),
            ("object_type", entry.objectType), ("object_id", entry.objectID), ("summary", entry.summary), ("request_id", entry.requestID),
            ("client_address", entry.clientAddress), ("previous_hash", entry.previousHash), ("hash", entry.hash),
            ("mac_key_id", entry.macKeyID),
        ]
        let inOneStatement = sql.dialect.name == "postgresql"
        var query = SQLQueryString(inOneStatement ? "WITH entry AS (" : "")
        query.appendLiteral("INSERT INTO \"\(AuditEntry.schema)\" (" + columns.map { "\"\($0.0)\"" }.joined(separator: ", ") + ") VALUES (")
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: column.1)
        }
        query.appendLiteral(")")
        let moveHead = SQLQueryString("UPDATE \(ident: AuditChainHead.schema) SET last_hash = \(bind: hash) WHERE id = 1")
        if inOneStatement {
            query.appendLiteral(") ")
            query.appendInterpolation(moveHead)
            try await sql.raw(query).run()
        } else {
            try await sql.raw(query).run()
            try await sql.raw(moveHead).run()
        }
    }

    /// Walks the whole chain in sequence order, a page at a time, and reports the first entry that does not fit.
    public static func verify(on database: any Database, pageSize: Int = 2000) async throws -> AuditChain.Outcome {
        try await verify(resumingAfter: 0, hash: AuditChain.genesisHash, on: database, pageSize: pageSize)
    }

    /// The same from an entry already verified, reading only the entries after it. The head is read first and the chain
    /// checked up to it, so entries appended while it runs (by a live server) are left for the next verification rather
    /// than taken for a broken tail.
    static func verify(resumingAfter sequence: Int, hash: String, on database: any Database, pageSize: Int = 2000) async throws -> AuditChain.Outcome {
        guard let head = try await AuditChainHead.find(1, on: database) else { throw AuditLogError.missingHead }
        var verifier = AuditChain.Verifier(resumingAfter: sequence, lastHash: hash, seal: database.auditSeal)
        try await walk(after: sequence, through: head.lastSequence, pageSize: pageSize, on: database) { entry in
            verifier.feed(entry)
            return verifier.failure == nil
        }
        return verifier.finish(headSequence: head.lastSequence, headHash: head.lastHash)
    }

    /// Walks the whole chain up to its head against signed checkpoints (``AuditAnchorFile``), and names every kind of
    /// damage found: what `govhall audit verify` reports. The head is read first, as in ``verify(on:pageSize:)``; read
    /// the checkpoints before calling this, so that none of them is newer than the head.
    public static func inspect(against checkpoints: [AuditAnchor.Checkpoint], on database: any Database, pageSize: Int = 2000) async throws -> AuditAnchor.Report {
        guard let head = try await AuditChainHead.find(1, on: database) else { throw AuditLogError.missingHead }
        var inspection = AuditAnchor.Inspection(seal: database.auditSeal, checkpoints: checkpoints)
        try await walk(after: 0, through: head.lastSequence, pageSize: pageSize, on: database) { entry in
            inspection.feed(entry)
            return true
        }
        return inspection.finish(headSequence: head.lastSequence, headHash: head.lastHash)
    }

    /// Feeds the entries after `sequence` up to `last`, in order, a page at a time, while `feed` says to go on.
    private static func walk(
        after sequence: Int, through last: Int, pageSize: Int, on database: any Database,
        _ feed: (AuditChain.StoredEntry) -> Bool
    ) async throws {
        var after = sequence
        while after < last {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$id > after).filter(\.$id <= last).sort(\.$id).limit(pageSize).all()
            var goOn = true
            for entry in page where goOn { goOn = feed(AuditChain.StoredEntry(record: entry.record, hash: entry.hash)) }
            guard goOn, let next = page.last?.id, page.count == pageSize else { return }
            after = next
        }
    }

    /// Filters for the supervisors' audit page.
    public struct Filter: Sendable, Equatable {
        public var actor: String?
        public var action: String?
        public var objectType: String?
        public var objectID: String?
        public var from: Date?
        public var until: Date?
        /// Unit paths the reader may see (subtree prefixes); `includeUnitless` adds entries tied to no unit.
        public var scopePaths: [String]
        public var includeUnitless: Bool

        public init(
            actor: String? = nil, action: String? = nil, objectType: String? = nil, objectID: String? = nil,
            from: Date? = nil, until: Date? = nil, scopePaths: [String], includeUnitless: Bool
        ) {
            self.actor = actor
            self.action = action
            self.objectType = objectType
            self.objectID = objectID
            self.from = from
            self.until = until
            self.scopePaths = scopePaths
            self.includeUnitless = includeUnitless
        }
    }

    /// Newest first. `limit` + 1 rows are read so the caller knows whether there is a further page.
    public static func search(_ filter: Filter, beforeSequence: Int? = nil, limit: Int, on database: any Database) async throws -> [AuditEntry] {
        let query = AuditEntry.query(on: database)
        if let actor = filter.actor?.trimmedNonEmpty { query.filter(\.$actorName ~~ actor) }
        if let action = filter.action?.trimmedNonEmpty { query.filter(\.$action == action) }
        if let objectType = filter.objectType?.trimmedNonEmpty { query.filter(\.$objectType == objectType) }
        if let objectID = filter.objectID?.trimmedNonEmpty { query.filter(\.$objectID == objectID) }
        if let from = filter.from { query.filter(\.$occurredAt >= from) }
        if let until = filter.until { query.filter(\.$occurredAt < until) }
        if let beforeSequence { query.filter(\.$id < beforeSequence) }
        let paths = filter.scopePaths
        let includeUnitless = filter.includeUnitless
        query.group(.or) { group in
            for path in paths { group.filter(\.$unitPath =~ path) }
            if includeUnitless { group.filter(\.$unitPath == nil) }
            if paths.isEmpty, !includeUnitless { group.filter(\.$id == -1) }
        }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }
}

public enum AuditLogError: Error {
    case needsSQLDatabase, missingHead
    /// The database was opened without the audit MAC key (``DatabaseConfigurationFactory/sealingAudit(with:)``).
    case noMACKey
}

extension String {
    var trimmedNonEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// The result of the last verification of the chain, so that a page can show it without walking a log of millions of
/// entries: the background job verifies only what was appended since (``AuditCheckpoints/verify(full:on:)``), and
/// `govhall audit verify` the whole chain.
final class AuditCheckpoint: Model, @unchecked Sendable {
    static let schema = "audit_checkpoint"
    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "verified_sequence") var verifiedSequence: Int
    @Field(key: "verified_hash") var verifiedHash: String
    @Field(key: "checked_at") var checkedAt: Date
    @OptionalField(key: "broken_sequence") var brokenSequence: Int?
    @OptionalField(key: "broken_reason") var brokenReason: String?
    var properties: [any AnyProperty] { [$id, $verifiedSequence, $verifiedHash, $checkedAt, $brokenSequence, $brokenReason] }
    init() {}
}

public enum AuditCheckpoints {
    /// Verifies the entries appended since the last check (or, with `full`, the whole chain). Only reads: run it outside a
    /// write transaction, then keep the result with ``record(_:now:on:)``. Once broken, the chain stays reported broken
    /// until a full verification finds it intact again.
    public static func verify(full: Bool, on database: any Database) async throws -> AuditChain.Outcome {
        let stored = try await AuditCheckpoint.find(1, on: database)
        if !full, let stored, let sequence = stored.brokenSequence {
            return .broken(sequence: sequence, reason: stored.brokenReason.flatMap(AuditChain.BreakReason.init(code:)) ?? .headMismatch)
        }
        guard !full, let stored else { return try await AuditLog.verify(on: database) }
        return try await AuditLog.verify(resumingAfter: stored.verifiedSequence, hash: stored.verifiedHash, on: database)
    }

    /// Keeps a verification's result.
    public static func record(_ outcome: AuditChain.Outcome, now: Date, on database: any Database) async throws {
        let checkpoint = try await AuditCheckpoint.find(1, on: database) ?? {
            let row = AuditCheckpoint()
            row.id = 1
            row.verifiedSequence = 0
            row.verifiedHash = AuditChain.genesisHash
            return row
        }()
        checkpoint.checkedAt = now
        switch outcome {
        case let .intact(count, lastHash):
            checkpoint.verifiedSequence = count
            checkpoint.verifiedHash = lastHash
            checkpoint.brokenSequence = nil
            checkpoint.brokenReason = nil
        case let .broken(sequence, reason):
            checkpoint.brokenSequence = sequence
            checkpoint.brokenReason = reason.code
        }
        try await checkpoint.save(on: database)
    }

    /// The last result and when it was found; `nil` before the first check.
    public static func latest(on database: any Database) async throws -> (outcome: AuditChain.Outcome, checkedAt: Date)? {
        guard let stored = try await AuditCheckpoint.find(1, on: database) else { return nil }
        if let sequence = stored.brokenSequence {
            return (.broken(sequence: sequence, reason: stored.brokenReason.flatMap(AuditChain.BreakReason.init(code:)) ?? .headMismatch), stored.checkedAt)
        }
        return (.intact(count: stored.verifiedSequence, lastHash: stored.verifiedHash), stored.checkedAt)
    }
}
