import FluentKit
import Foundation
import GovCore
import SQLKit

/// Open obligations in bulk, for measuring the sweep against millions of them (`govhall bench supervision`). They
/// belong to no case (subject type `load`), so the sweep moves their status and tells the unit's heads, nothing more.
public enum SupervisionLoad {
    /// Adds `count` open decision obligations of `unit`, started `daysAgo` days before `now` with 20 working days: none
    /// is due to change for weeks.
    public static func addQuiet(
        _ count: Int, unit: OrganisationUnit, now: Date, calendar: WorkCalendar, on database: any Database
    ) async throws {
        let clock = try ObligationClock.start(at: now.addingTimeInterval(-3600), terms: .workingDays(promised: 15, statutory: 20), calendar: calendar)
        try await add(count, clock: clock, status: .normal, next: try ObligationRules.evaluate(clock, at: now, calendar: calendar).nextChangeAt,
                      unit: unit, now: now, on: database)
    }

    /// Adds `count` open obligations whose promise has just run out: each must turn to a warning on the next sweep.
    public static func addDue(
        _ count: Int, unit: OrganisationUnit, now: Date, calendar: WorkCalendar, on database: any Database
    ) async throws -> [UUID] {
        // Promised 1 working day, statutory 20, started 3 working days ago.
        var start = CivilDate.beijing(now)
        var back = 0
        while back < 3 {
            start = start.adding(days: -1)
            if try calendar.isWorkingDay(start) { back += 1 }
        }
        let clock = try ObligationClock.start(
            at: start.startInBeijing.addingTimeInterval(10 * 3600), terms: .workingDays(promised: 1, statutory: 20), calendar: calendar)
        return try await add(count, clock: clock, status: .normal, next: now.addingTimeInterval(-60), unit: unit, now: now, on: database)
    }

    @discardableResult
    static func add(
        _ count: Int, clock: ObligationClock, status: ObligationStatus, next: Date?, unit: OrganisationUnit, now: Date, on database: any Database
    ) async throws -> [UUID] {
        let unitID = try unit.requireID()
        let json = String(decoding: try ApprovalCase.encoder.encode(clock), as: UTF8.self)
        var ids: [UUID] = []
        var rows: [[any Encodable & Sendable]] = []
        for index in 0..<count {
            let id = Effects.current.newID()
            ids.append(id)
            rows.append([
                id, ObligationKind.decision.rawValue, "load", id, "LOAD-\(index)", 0, String?.none, unitID, unit.path, UUID?.none,
                Role.departmentHead.rawValue, String?.none, clock.startedAt, clock.promisedDue, clock.statutoryDue, false, json,
                String?.none, status.rawValue, 0, next, Date?.none, String?.none, Int?.none, now,
            ])
            if rows.count == 5000 || index == count - 1 {
                try await BulkInsert.rows(into: ObligationRecord.schema, columns: [
                    "id", "kind", "subject_type", "subject_id", "subject_label", "sequence", "label", "unit_id", "unit_path", "matter_id",
                    "responsible_role", "reach_path", "started_at", "promised_due", "statutory_due", "paused", "clock", "escalation", "status",
                    "status_version", "next_change_at", "completed_at", "completion", "used", "updated_at",
                ], rows, on: database)
                rows.removeAll(keepingCapacity: true)
            }
        }
        try await Rollups.addOpen(kind: .decision, status: status, unitID: unitID, unitPath: unit.path, count: count, on: database)
        return ids
    }

    /// Makes the given obligations due again, back at normal, so a sweep has the same changes to make once more.
    public static func makeDueAgain(_ ids: [UUID], unit: OrganisationUnit, now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var moved = 0
        var start = 0
        while start < ids.count {
            let part = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try await sql.update(ObligationRecord.schema)
                .set("status", to: ObligationStatus.normal.rawValue).set("next_change_at", to: now.addingTimeInterval(-60))
                .where("id", .in, part).where("status", .equal, ObligationStatus.warning.rawValue).returning("id").all()
            moved += rows.count
            start += 500
        }
        try await Rollups.addOpen(kind: .decision, status: .warning, unitID: try unit.requireID(), unitPath: unit.path, count: -moved, on: database)
        try await Rollups.addOpen(kind: .decision, status: .normal, unitID: try unit.requireID(), unitPath: unit.path, count: moved, on: database)
    }

    /// How many obligations are open.
    public static func openCount(on database: any Database) async throws -> Int {
        try await ObligationRecord.query(on: database).filter(\.$completedAt == nil).count()
    }
}
