import FluentKit
import Foundation
import GovCore

/// One record of an enterprise's credit file, as a department entered it.
public final class CreditRecordRow: Model, @unchecked Sendable {
    public static let schema = "credit_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "uscc") public var uscc: String
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    @Field(key: "content") public var content: String
    @Field(key: "legal_basis") public var legalBasis: String
    @Field(key: "document_number") public var documentNumber: String
    @Field(key: "decided_on") public var decidedOn: String
    @OptionalField(key: "severity") public var severity: String?
    @OptionalField(key: "public_until") public var publicUntil: String?
    @OptionalField(key: "ended_on") public var endedOn: String?
    @OptionalField(key: "end_reason") public var endReason: String?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $uscc, $kind, $title, $content, $legalBasis, $documentNumber, $decidedOn, $severity, $publicUntil, $endedOn, $endReason,
            $unitID, $unitPath, $recordedBy, $recordedAt,
        ]
    }
    public init() {}

    public var recordKind: CreditRecordKind { CreditRecordKind(rawValue: kind) ?? .commendation }

    public var entry: CreditEntry {
        CreditEntry(kind: recordKind, decidedOn: CivilDate(decidedOn) ?? CivilDate(year: 2000, month: 1, day: 1)!,
                    severity: severity.flatMap(PenaltySeverity.init(rawValue:)), publicUntil: publicUntil.flatMap(CivilDate.init),
                    endedOn: endedOn.flatMap(CivilDate.init))
    }
}

/// What a department records.
public struct CreditRecordDraft: Sendable {
    public var uscc: String
    public var kind: String
    public var title: String
    public var content: String
    public var legalBasis: String
    public var documentNumber: String
    public var decidedOn: String
    public var severity: String
    public var publicityMonths: String

    public init(uscc: String, kind: String, title: String, content: String, legalBasis: String, documentNumber: String, decidedOn: String,
                severity: String, publicityMonths: String) {
        self.uscc = uscc
        self.kind = kind
        self.title = title
        self.content = content
        self.legalBasis = legalBasis
        self.documentNumber = documentNumber
        self.decidedOn = decidedOn
        self.severity = severity
        self.publicityMonths = publicityMonths
    }
}

/// The enterprise credit file (企业信用信息): the registry entry, the licences the approval hall issued, and what
/// departments record; what is shown follows ``CreditRules``.
public enum CreditStore {
    /// Records a penalty, commendation or list entry for the unit whose department head (负责人) signs for it
    /// (``CreditPolicy/recordingUnitID(_:)``).
    public static func record(
        _ draft: CreditRecordDraft, principal: Principal, by actor: AuditActor, today: CivilDate, now: Date, on database: any Database
    ) async throws -> CreditRecordRow {
        guard let unitID = CreditPolicy.recordingUnitID(principal), let unit = try await OrganisationUnit.find(unitID, on: database),
              CreditPolicy.signsFor(unitPath: unit.path, principal)
        else { throw CreditProblem.notPermitted }
        var errors = FieldErrors()
        let code = errors.check("uscc") { () throws(IdentifierError) in try UnifiedSocialCreditCode(draft.uscc) }
        let kind = CreditRecordKind(rawValue: draft.kind)
        if kind == nil { errors.add("kind", FieldProblem.required) }
        let title = errors.check("title") { () throws(FieldProblem) in try TextField.required(draft.title, max: 200) }
        let content = errors.check("content") { () throws(FieldProblem) in try TextField.required(draft.content, max: 4000) }
        let basis = errors.check("legal_basis") { () throws(FieldProblem) in try TextField.required(draft.legalBasis, max: 500) }
        let number = errors.check("document_number") { () throws(FieldProblem) in try TextField.optional(draft.documentNumber, max: 100) } ?? nil
        let decided = CivilDate(draft.decidedOn.trimmingCharacters(in: .whitespaces))
        if decided == nil { errors.add("decided_on", FieldProblem.invalid) } else if decided! > today { errors.add("decided_on", CreditProblem.futureDate) }
        var severity: PenaltySeverity?
        var publicUntil: CivilDate?
        if kind == .penalty {
            severity = PenaltySeverity(rawValue: draft.severity)
            if severity == nil { errors.add("severity", FieldProblem.required) }
            let monthsText = draft.publicityMonths.trimmingCharacters(in: .whitespaces)
            let months = monthsText.isEmpty ? nil : Int(monthsText)
            if !monthsText.isEmpty, months == nil { errors.add("publicity_months", FieldProblem.invalid) }
            if let severity, let decided, monthsText.isEmpty || months != nil {
                publicUntil = errors.check("publicity_months") { () throws(CreditProblem) in
                    try CreditRules.publicUntil(decidedOn: decided, severity: severity, months: months)
                }
            }
        }
        try errors.throwIfAny()
        let row = CreditRecordRow()
        row.id = Effects.current.newID()
        row.uscc = code!.value
        row.kind = kind!.rawValue
        row.title = title!
        row.content = content!
        row.legalBasis = basis!
        row.documentNumber = number ?? ""
        row.decidedOn = decided!.description
        row.severity = severity?.rawValue
        row.publicUntil = publicUntil?.description
        row.unitID = try unit.requireID()
        row.unitPath = unit.path
        row.recordedBy = actor.name
        row.recordedAt = now
        try await row.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "credit.record", objectType: "credit_record", objectID: try row.requireID().uuidString.lowercased(),
                       summary: "\(row.kind) \(Mask.identifier(row.uscc)) \(row.title.prefix(80))"),
            by: actor.within(unit.path), at: now, on: database)
        return row
    }

    /// Removes a list entry (移出), or ends a penalty's publicity by credit repair (信用修复), with the reason.
    public static func end(
        _ id: UUID, reason text: String, principal: Principal, by actor: AuditActor, today: CivilDate, now: Date, on database: any Database
    ) async throws -> CreditRecordRow {
        guard let row = try await CreditRecordRow.find(id, on: database) else { throw CreditProblem.notFound }
        guard CreditPolicy.signsFor(unitPath: row.unitPath, principal) else { throw CreditProblem.notPermitted }
        let reason: String
        do { reason = try TextField.required(text, max: 2000) } catch { throw FieldErrors.single("reason", error) }
        try CreditPolicy.checkEnding(row.entry, on: today)
        row.endedOn = today.description
        row.endReason = reason
        try await row.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: row.recordKind == .penalty ? "credit.repair" : "credit.remove", objectType: "credit_record",
                       objectID: id.uuidString.lowercased(), summary: String(reason.prefix(120))),
            by: actor.within(row.unitPath), at: now, on: database)
        return row
    }

    /// A credit file's records newest first; the reader decides which are shown.
    public static func records(of uscc: String, on database: any Database) async throws -> [CreditRecordRow] {
        try await CreditRecordRow.query(on: database).filter(\.$uscc == uscc.uppercased()).sort(\.$decidedOn, .descending).limit(500).all()
    }

    public static func licences(of uscc: String, on database: any Database) async throws -> [IssuedCertificate] {
        try await IssuedCertificate.query(on: database).filter(\.$holderIdentifier == uscc.uppercased()).sort(\.$issuedAt, .descending).limit(200).all()
    }
}
