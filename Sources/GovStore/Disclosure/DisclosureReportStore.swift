import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// 政府信息公开工作年度报告: the figures of one organisation (with the units under it) for one year, counted from the
/// catalogue, the requests and the approval hall, plus what the disclosure office recorded by hand.
public struct DisclosureAnnualReport: Sendable {
    public var year: Int
    public var unitID: UUID
    /// Table 二: 行政规范性文件 written in the year, repealed among them, and in force now.
    public var normativeMade: Int
    public var normativeRepealed: Int
    public var normativeInForce: Int
    /// All items proactively disclosed in the year (first published in it).
    public var proactivePublished: Int
    /// 行政许可 decisions of the year, from the approval hall's finished decision clocks.
    public var licensingDecisions: Int
    public var requests: RequestTable
    /// Staff-recorded figures, by key (missing: 0).
    public var figures: [ReportFigureKey: Int]
    public var texts: [ReportTextKey: String]

    public func figure(_ key: ReportFigureKey) -> Int { figures[key, default: 0] }
}

public enum DisclosureReportStore {
    public static func build(year: Int, unitID: UUID, on database: any Database) async throws -> DisclosureAnnualReport {
        guard let unit = try await OrganisationUnit.find(unitID, on: database) else { throw DisclosureStoreError.notFound }
        let start = CivilDate(year: year, month: 1, day: 1)!.startInBeijing
        let end = CivilDate(year: year + 1, month: 1, day: 1)!.startInBeijing
        let prefix = unit.path + "%"

        let items = try await DisclosureItem.query(on: database).filter(\.$unitPath, .custom("LIKE"), prefix)
            .filter(\.$publication != PublicationStatus.unpublished.rawValue).all()
        let normative = items.filter { $0.categoryCode == "zcwj-gfxwj" }
        let madeInYear = normative.filter { $0.writtenOn?.year == year }

        let requests = try await DisclosureRequestRecord.query(on: database).filter(\.$unitPath, .custom("LIKE"), prefix)
            .filter(\.$receivedAt < end).all()
        let entries = requests.map { record in
            RequestTallyEntry(kind: RequesterKind(rawValue: record.requesterKind) ?? .naturalPerson, receivedOn: CivilDate.beijing(record.receivedAt),
                              answeredOn: record.answeredAt.map(CivilDate.beijing), outcome: record.responseOutcome)
        }

        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let licensing = try await sql.raw("""
            SELECT COUNT(*) AS n FROM \(ident: ObligationRecord.schema) o JOIN \(ident: Matter.schema) m ON m.id = o.matter_id
            WHERE o.kind = \(bind: ObligationKind.decision.rawValue) AND o.completion IN (\(bind: Completion.early.rawValue), \(bind: Completion.onTime.rawValue), \(bind: Completion.late.rawValue))
              AND o.completed_at >= \(bind: start) AND o.completed_at < \(bind: end) AND o.unit_path LIKE \(bind: prefix)
              AND m.kind = \(bind: MatterKind.administrativeLicensing.rawValue)
            """).first()?.decode(column: "n", as: Int.self) ?? 0

        let recorded = try await DisclosureReportFigure.query(on: database).filter(\.$unitID == unitID).filter(\.$year == year).all()
        var figures: [ReportFigureKey: Int] = [:]
        var texts: [ReportTextKey: String] = [:]
        for row in recorded {
            if let key = ReportFigureKey(rawValue: row.key), let number = row.number { figures[key] = number }
            if let key = ReportTextKey(rawValue: row.key), let text = row.text { texts[key] = text }
        }
        return DisclosureAnnualReport(
            year: year, unitID: unitID, normativeMade: madeInYear.count,
            normativeRepealed: madeInYear.filter { $0.disclosureValidity == .repealed }.count,
            normativeInForce: normative.filter { $0.disclosureValidity == .valid && $0.status.publication == .published }.count,
            proactivePublished: items.filter { item in item.isPublic && item.firstPublishedAt.map { $0 >= start && $0 < end } == true }.count,
            licensingDecisions: licensing, requests: RequestTable.build(entries, year: year), figures: figures, texts: texts)
    }

    /// Records the hand-kept figures and texts of a report; a disclosure officer or head of the unit may.
    public static func record(
        figures: [ReportFigureKey: Int], texts: [ReportTextKey: String], year: Int, unitID: UUID, principal: Principal, by actor: AuditActor, now: Date,
        on database: any Database
    ) async throws {
        guard let unit = try await OrganisationUnit.find(unitID, on: database) else { throw DisclosureStoreError.notFound }
        guard DisclosureAccess.canRecordAnnualReport(unitPath: unit.path, principal) else { throw DisclosureProblem.notPermitted }
        var errors = FieldErrors()
        for (key, value) in figures where !(0...10_000_000).contains(value) { errors.add(key.rawValue, FieldProblem.invalid) }
        for (key, value) in texts where value.count > 10_000 { errors.add(key.rawValue, FieldProblem.tooLong(max: 10_000)) }
        try errors.throwIfAny()
        func save(_ key: String, number: Int?, text: String?) async throws {
            let row = try await DisclosureReportFigure.query(on: database).filter(\.$unitID == unitID).filter(\.$year == year).filter(\.$key == key).first()
                ?? DisclosureReportFigure()
            if row.id == nil {
                row.id = Effects.current.newID()
                row.unitID = unitID
                row.year = year
                row.key = key
            }
            row.number = number
            row.text = text
            row.updatedAt = now
            try await row.save(on: database)
        }
        for (key, value) in figures { try await save(key.rawValue, number: value, text: nil) }
        for (key, value) in texts { try await save(key.rawValue, number: nil, text: value.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try await AuditLog.append(
            AuditEvent(action: "disclosure.report.record", objectType: "disclosure_report", objectID: "\(unit.code)/\(year)",
                       summary: "\(figures.count) figures, \(texts.count) texts"),
            by: actor.within(unit.path), at: now, on: database)
    }
}
