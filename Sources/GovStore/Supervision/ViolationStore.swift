import FluentKit
import Foundation
import GovCore

/// The violations (异常) found in cases, for the supervision centre and the statistics.
public enum ViolationStore {
    /// Records the findings not recorded before (a case is re-checked on every move), each counted in its unit's
    /// figures on the day it happened and written to the audit log.
    static func record(_ findings: [ViolationFinding], subject: ObligationSubject, detectedAt now: Date, on database: any Database) async throws {
        let existing = try await ViolationRecord.query(on: database).filter(\.$subjectID == subject.id).all()
        let known = Set(existing.map { "\($0.rule)|\($0.occurrence)" })
        for finding in findings where !known.contains("\(finding.rule.rawValue)|\(finding.occurrence)") {
            let record = ViolationRecord()
            record.id = Effects.current.newID()
            record.rule = finding.rule.rawValue
            record.severity = finding.severity.rawValue
            record.subjectType = subject.type
            record.subjectID = subject.id
            record.subjectLabel = subject.label
            record.unitID = subject.unitID
            record.unitPath = subject.unitPath
            record.matterID = subject.matterID
            record.occurrence = finding.occurrence
            record.occurredAt = finding.occurredAt
            record.detectedAt = now
            record.evidenceJSON = String(decoding: try ApprovalCase.encoder.encode(finding.evidence), as: UTF8.self)
            record.actorAccountID = finding.actorAccountID
            record.actorName = finding.actorName
            record.status = "open"
            try await record.create(on: database)
            var delta = ServiceCounts()
            delta.violations = 1
            try await Rollups.add(delta, day: .beijing(finding.occurredAt), unitID: subject.unitID, unitPath: subject.unitPath, matterID: subject.matterID, on: database)
            try await AuditLog.append(
                AuditEvent(action: "supervision.violation", objectType: subject.type, objectID: subject.label,
                           summary: "\(finding.rule.rawValue) (\(finding.severity.rawValue)): \(ViolationRules.describe(finding.rule, finding.evidence, in: .zhHans))"),
                by: AuditActor.system("supervision").within(subject.unitPath), at: now, on: database)
        }
    }

    public struct Filter: Sendable {
        public var unitPathPrefix: String
        public var unitID: UUID?
        public var matterID: UUID?
        public var from: Date?
        public var until: Date?
        public var openOnly: Bool
        public var limit: Int

        public init(unitPathPrefix: String = "/", unitID: UUID? = nil, matterID: UUID? = nil, from: Date? = nil, until: Date? = nil,
                    openOnly: Bool = false, limit: Int = 100) {
            self.unitPathPrefix = unitPathPrefix
            self.unitID = unitID
            self.matterID = matterID
            self.from = from
            self.until = until
            self.openOnly = openOnly
            self.limit = limit
        }
    }

    /// Violations newest first.
    public static func list(_ filter: Filter, on database: any Database) async throws -> [ViolationRecord] {
        let query = ViolationRecord.query(on: database).filter(\.$unitPath, .custom("LIKE"), filter.unitPathPrefix + "%")
        if let unitID = filter.unitID { query.filter(\.$unitID == unitID) }
        if let matterID = filter.matterID { query.filter(\.$matterID == matterID) }
        if let from = filter.from { query.filter(\.$occurredAt >= from) }
        if let until = filter.until { query.filter(\.$occurredAt < until) }
        if filter.openOnly { query.filter(\.$status == "open") }
        return try await query.sort(\.$detectedAt, .descending).sort(\.$id).limit(filter.limit).all()
    }

    /// The violations of one case.
    public static func violation(id: UUID, on database: any Database) async throws -> ViolationRecord? {
        try await ViolationRecord.find(id, on: database)
    }

    public static func of(subject id: UUID, on database: any Database) async throws -> [ViolationRecord] {
        try await ViolationRecord.query(on: database).filter(\.$subjectID == id).sort(\.$occurredAt).all()
    }
}
