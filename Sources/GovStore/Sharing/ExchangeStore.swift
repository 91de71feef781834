import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Who is calling the exchange: an agency system's token and the unit it was issued for.
public struct ExchangeCaller: Sendable, Equatable {
    public var unitID: UUID
    public var unitPath: String
    public var clientName: String

    public init(unitID: UUID, unitPath: String, clientName: String) {
        self.unitID = unitID
        self.unitPath = unitPath
        self.clientName = clientName
    }
}

/// What the exchange answered: the records (only the fields it may read) or the refusal, and the log line it wrote.
public struct ExchangeAnswer: Sendable {
    public var decision: ExchangeDecision
    public var fields: [String]
    public var records: [[String: String]]
    public var logSequence: Int
}

/// The exchange (共享交换平台): checks each call at the gate, serves the fields it allows, and logs every call, served or
/// refused, in a hash-chained access log (《政务信息资源共享管理暂行办法》第十八条: 使用情况可追溯).
public enum ExchangeStore {
    /// The most records one call returns when it names no subject.
    public static let pageLimit = 100

    /// Answers one call, and logs it whatever the answer: an unknown resource, a refusal, or the records served.
    public static func query(
        resourceCode: String, subject: String?, call: ExchangeCall, caller: ExchangeCaller, now: Date, on database: any Database
    ) async throws -> ExchangeAnswer {
        let code = String(resourceCode.prefix(40)).uppercased()
        let resource = try await SharingStore.resource(code: code, on: database)
        let subjectKey = subject.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        var decision = ExchangeDecision.refused(.unknownResource)
        var records: [[String: String]] = []
        var fields: [String] = []
        if let resource {
            decision = ExchangeGate.decide(call, resource: resource.gate, grants: try await grants(of: resource, on: database), at: now)
            if case let .served(allowed, _) = decision {
                if resource.subjectField != nil, subjectKey == nil {
                    decision = .refused(.missingSubject)
                } else {
                    fields = allowed
                    records = try await Self.records(of: resource, subject: subjectKey, on: database).map { $0.filter { allowed.contains($0.key) } }
                }
            }
        }
        let sequence = try await log(decision, code: code, resource: resource, fields: fields, count: records.count, subject: subjectKey, call: call,
                                     caller: caller, now: now, on: database)
        return ExchangeAnswer(decision: decision, fields: fields, records: records, logSequence: sequence)
    }

    /// Rows one file download carries; a larger resource is fetched in parts, each continuing after the last key.
    public static let fileLimit = 10_000

    /// A resource provided as a file: its records in subject order after `after`, at most ``fileLimit``, through the same
    /// gate, and logged as one line with the number of records handed over.
    public static func file(
        resourceCode: String, after: String?, call: ExchangeCall, caller: ExchangeCaller, limit: Int = fileLimit, now: Date, on database: any Database
    ) async throws -> (answer: ExchangeAnswer, next: String?) {
        let code = String(resourceCode.prefix(40)).uppercased()
        let resource = try await SharingStore.resource(code: code, on: database)
        var decision = ExchangeDecision.refused(.unknownResource)
        var rows: [(key: String, values: [String: String])] = []
        if let resource {
            decision = resource.definition.provision == .file
                ? ExchangeGate.decide(call, resource: resource.gate, grants: try await grants(of: resource, on: database), at: now) : .refused(.notAFile)
            if case .served = decision {
                let start = String((after ?? "").prefix(64))
                if let registry = resource.registry {
                    rows = try await RegistryStore.page(registry, after: start, limit: limit + 1, on: database).map { ($0.key, $0.values) }
                } else {
                    rows = try await SharingDataRecord.query(on: database).filter(\.$resourceID == (try resource.requireID())).filter(\.$subjectKey > start)
                        .sort(\.$subjectKey).limit(limit + 1).all().map { ($0.subjectKey, $0.values) }
                }
            }
        }
        let next = rows.count > limit ? rows[limit - 1].key : nil
        var fields: [String] = []
        if case let .served(allowed, _) = decision { fields = allowed }
        let records = rows.prefix(limit).map { $0.values.filter { fields.contains($0.key) } }
        let sequence = try await log(decision, code: code, resource: resource, fields: fields, count: records.count, subject: nil, call: call,
                                     caller: caller, now: now, on: database)
        return (ExchangeAnswer(decision: decision, fields: fields, records: records, logSequence: sequence), next)
    }

    static func grants(of resource: SharingResourceRecord, on database: any Database) async throws -> [SharingGrantTerms] {
        try await SharingGrantRecord.query(on: database).filter(\.$resourceID == (try resource.requireID())).all().map(\.terms)
    }

    /// Writes the access log's line for one call, whatever its outcome; returns its sequence.
    static func log(
        _ decision: ExchangeDecision, code: String, resource: SharingResourceRecord?, fields: [String], count: Int, subject: String?, call: ExchangeCall,
        caller: ExchangeCaller, now: Date, on database: any Database
    ) async throws -> Int {
        let entry = try await append(
            ExchangeAccessRecord(
                sequence: 0, occurredAt: now, callerUnitID: caller.unitID.uuidString.lowercased(), clientName: caller.clientName, resourceCode: code,
                fields: fields.isEmpty ? (call.fields ?? []) : fields, purposeCode: call.purposeCode, issue: call.issue, endUser: call.endUser,
                subjectDigest: subject.map(subjectDigest), outcome: decision.outcomeCode, resultCount: count, previousHash: ""),
            callerUnitPath: caller.unitPath, providerUnitPath: resource?.unitPath, subjectMasked: subject.map(Mask.identifier), on: database)
        return entry.id ?? 0
    }

    /// A resource's records about `subject` (or its first page): from its base registry, or loaded with it.
    static func records(of resource: SharingResourceRecord, subject: String?, on database: any Database) async throws -> [[String: String]] {
        if let registry = resource.registry {
            if let subject { return try await RegistryStore.entry(registry, key: subject, on: database).map { [$0.values] } ?? [] }
            return try await RegistryStore.search(registry, text: "", limit: pageLimit, on: database).map(\.values)
        }
        var query = SharingDataRecord.query(on: database).filter(\.$resourceID == (try resource.requireID()))
        if let subject { query = query.filter(\.$subjectKey == subject) }
        return try await query.sort(\.$subjectKey).limit(pageLimit).all().map(\.values)
    }

    /// The digest the log keeps of a subject's identifier: the person's portal computes the same from their own number.
    public static func subjectDigest(_ key: String) -> String { Digest.sha256Hex("govhall-subject:\(key.uppercased())".utf8) }

    /// Appends one line. Like ``AuditLog/append(_:by:at:on:)``, the head row is updated first, which orders concurrent
    /// appenders on both databases so the chain never forks.
    @discardableResult
    static func append(
        _ draft: ExchangeAccessRecord, callerUnitPath: String, providerUnitPath: String?, subjectMasked: String?, on database: any Database
    ) async throws -> ExchangeAccessEntry {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let heads = try await sql.raw("""
            UPDATE \(ident: ExchangeAccessHead.schema) SET last_sequence = last_sequence + 1 WHERE id = 1
            RETURNING last_sequence, last_hash
            """).all()
        guard let head = heads.first else { throw AuditLogError.missingHead }
        var record = draft
        record.sequence = try head.decode(column: "last_sequence", as: Int.self)
        record.previousHash = try head.decode(column: "last_hash", as: String.self)
        record.occurredAt = AuditRecord.storableInstant(draft.occurredAt)
        let hash = Digest.sha256Hex(record.canonicalEncoding)
        let entry = ExchangeAccessEntry()
        entry.id = record.sequence
        entry.occurredAt = record.occurredAt
        entry.callerUnitID = record.callerUnitID
        entry.callerUnitPath = callerUnitPath
        entry.providerUnitPath = providerUnitPath
        entry.clientName = record.clientName
        entry.resourceCode = record.resourceCode
        entry.fieldList = record.fields.joined(separator: ",")
        entry.purposeCode = record.purposeCode
        entry.issue = record.issue
        entry.endUser = record.endUser
        entry.subjectDigest = record.subjectDigest
        entry.subjectMasked = subjectMasked
        entry.outcome = record.outcome
        entry.resultCount = record.resultCount
        entry.previousHash = record.previousHash
        entry.hash = hash
        try await entry.create(on: database)
        try await sql.raw("UPDATE \(ident: ExchangeAccessHead.schema) SET last_hash = \(bind: hash) WHERE id = 1").run()
        return entry
    }

    /// Walks the whole access log in order and reports the first line that does not fit, as `govhall audit verify` does
    /// for the audit log.
    public static func verify(on database: any Database, pageSize: Int = 2000) async throws -> AuditChain.Outcome {
        guard let head = try await ExchangeAccessHead.find(1, on: database) else { throw AuditLogError.missingHead }
        var verifier = AuditChain.Verifier(hash: { Digest.sha256Hex($0) })
        var after = 0
        while after < head.lastSequence {
            let page = try await ExchangeAccessEntry.query(on: database)
                .filter(\.$id > after).filter(\.$id <= head.lastSequence).sort(\.$id).limit(pageSize).all()
            for entry in page { verifier.feed(entry.record, storedHash: entry.hash) }
            guard let last = page.last?.id, page.count == pageSize, verifier.failure == nil else { break }
            after = last
        }
        return verifier.finish(headSequence: head.lastSequence, headHash: head.lastHash)
    }

    /// Filters of the access log pages.
    public struct Filter: Sendable, Equatable {
        /// Lines about resources of units under this path (a provider's view).
        public var providerPath: String?
        /// Lines of callers under this path.
        public var callerPath: String?
        /// Either side under this path (a supervisor's scope).
        public var eitherPath: String?
        public var resourceCode: String?
        public var outcome: String?
        public var subjectDigest: String?
        public var from: Date?
        public var until: Date?

        public init(
            providerPath: String? = nil, callerPath: String? = nil, eitherPath: String? = nil, resourceCode: String? = nil, outcome: String? = nil,
            subjectDigest: String? = nil, from: Date? = nil, until: Date? = nil
        ) {
            self.providerPath = providerPath
            self.callerPath = callerPath
            self.eitherPath = eitherPath
            self.resourceCode = resourceCode
            self.outcome = outcome
            self.subjectDigest = subjectDigest
            self.from = from
            self.until = until
        }
    }

    /// Lines matching the filter, newest first, `limit` at a time before `beforeSequence`.
    public static func search(_ filter: Filter, beforeSequence: Int? = nil, limit: Int, on database: any Database) async throws -> [ExchangeAccessEntry] {
        var query = ExchangeAccessEntry.query(on: database)
        if let path = filter.providerPath { query = query.filter(\.$providerUnitPath, .custom("LIKE"), path + "%") }
        if let path = filter.callerPath { query = query.filter(\.$callerUnitPath, .custom("LIKE"), path + "%") }
        if let path = filter.eitherPath {
            query = query.group(.or) { group in
                group.filter(\.$providerUnitPath, .custom("LIKE"), path + "%").filter(\.$callerUnitPath, .custom("LIKE"), path + "%")
            }
        }
        if let code = filter.resourceCode { query = query.filter(\.$resourceCode == code) }
        if let outcome = filter.outcome { query = query.filter(\.$outcome == outcome) }
        if let digest = filter.subjectDigest { query = query.filter(\.$subjectDigest == digest) }
        if let from = filter.from { query = query.filter(\.$occurredAt >= from) }
        if let until = filter.until { query = query.filter(\.$occurredAt < until) }
        if let beforeSequence { query = query.filter(\.$id < beforeSequence) }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }
}
