import FluentKit
import FluentSQL
import Foundation
import GovCore

/// What the supervision centre lists: open obligations by status, and one subject's obligations with their history.
public enum SupervisionQueries {
    /// The kinds a centre's lights and lists show: the statutory duties, not the internal step limits.
    public static let watchedKinds: [ObligationKind] = ObligationKind.allCases.filter { $0 != .reviewStep }

    /// Open obligations in `statuses`, the soonest (or longest) overdue first.
    public static func open(
        statuses: [ObligationStatus], kinds: [ObligationKind] = watchedKinds, filter: Rollups.Filter, limit: Int, offset: Int = 0,
        on database: any Database
    ) async throws -> [ObligationRecord] {
        try await openQuery(statuses: statuses, kinds: kinds, filter: filter, on: database)
            .sort(\.$statutoryDue).sort(\.$id).range(offset..<(offset + limit)).all()
    }

    public static func countOpen(
        statuses: [ObligationStatus], kinds: [ObligationKind] = watchedKinds, filter: Rollups.Filter, on database: any Database
    ) async throws -> Int {
        try await openQuery(statuses: statuses, kinds: kinds, filter: filter, on: database).count()
    }

    static func openQuery(
        statuses: [ObligationStatus], kinds: [ObligationKind], filter: Rollups.Filter, on database: any Database
    ) -> QueryBuilder<ObligationRecord> {
        let query = ObligationRecord.query(on: database)
            .filter(\.$completedAt == nil)
            .filter(\.$status ~~ statuses.map(\.rawValue))
            .filter(\.$kind ~~ kinds.map(\.rawValue))
            .filter(\.$unitPath, .custom("LIKE"), filter.unitPathPrefix + "%")
        if let unitID = filter.unitID { query.filter(\.$unitID == unitID) }
        if let matterID = filter.matterID { query.filter(\.$matterID == matterID) }
        return query
    }

    /// Every obligation of a subject, oldest first, each with its status changes.
    public static func history(of subjectID: UUID, on database: any Database) async throws -> [(ObligationRecord, [ObligationEvent])] {
        let records = try await ObligationRecord.query(on: database).filter(\.$subjectID == subjectID).sort(\.$startedAt).all()
        let ids = records.compactMap(\.id)
        let events = ids.isEmpty ? [] : try await ObligationEvent.query(on: database).filter(\.$obligationID ~~ ids).sort(\.$at).all()
        return records.map { record in (record, events.filter { $0.obligationID == record.id }) }
    }

    /// The orders about a case, or about a violation in it.
    public static func orders(aboutCase caseID: UUID, on database: any Database) async throws -> [SupervisionOrderRecord] {
        try await SupervisionOrderRecord.query(on: database).filter(\.$caseID == caseID).sort(\.$issuedAt).all()
    }

    /// A matter as a supervision filter offers it: its code, its names and the department that decides it.
    public struct MatterChoice: Sendable, Equatable {
        public var id: UUID
        public var code: String
        public var nameZh: String
        public var nameEn: String
        public var departmentID: UUID

        public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
    }

    /// Every matter of the catalogue, by code: what a supervision page may be narrowed to.
    public static func matterChoices(on database: any Database) async throws -> [MatterChoice] {
        try await Matter.query(on: database).sort(\.$code).all().compactMap { matter in
            matter.id.map { MatterChoice(id: $0, code: matter.code, nameZh: matter.nameZh, nameEn: matter.nameEn, departmentID: matter.$department.id) }
        }
    }
}
