import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// When the working-day calendar changes, every open limit that runs through the changed years is counted again.
///
/// A case accepted in December runs into a year the State Council has not published yet; its limits were estimated
/// (``WorkCalendar/provisional``) and flagged. Once the year is imported the estimate gives way to the arrangement:
/// each open case's dates and each open obligation's clock are recounted, each change is written to the audit log,
/// and those responsible for the obligation are told its new limit.
enum DeadlineRecount {
    struct Report: Sendable, Equatable {
        var casesRecounted = 0
        var obligationsRecounted = 0
    }

    /// Recounts what runs through `years` with the calendar now stored. Call in the transaction of the change.
    @discardableResult
    static func recount(throughYears years: [Int], by actor: AuditActor, now: Date, on database: any Database) async throws -> Report {
        guard let first = years.min().flatMap({ CivilDate(year: $0, month: 1, day: 1) }),
              let last = years.max().flatMap({ CivilDate(year: $0, month: 12, day: 31) })
        else { return Report() }
        let calendar = try await CalendarStore.load(on: database)
        let window = (start: first.startInBeijing, end: last.endInBeijing)
        var report = Report()
        report.casesRecounted = try await recountCases(startedBefore: window.end, calendar: calendar, by: actor, now: now, on: database)
        report.obligationsRecounted = try await recountObligations(
            in: window, years: years.sorted(), calendar: calendar, by: actor, now: now, on: database)
        return report
    }

    /// The case's own dates, which its pages and the workbench show; its obligations follow in the obligations' pass,
    /// counted from the same starts.
    private static func recountCases(
        startedBefore end: Date, calendar: WorkCalendar, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> Int {
        let rows = try await ApprovalCase.query(on: database).filter(\.$closedAt == nil).filter(\.$receivedAt < end).all()
        var changed = 0
        for row in rows {
            let snapshot = try row.snapshot()
            let definition = try await CaseStore.definition(of: row, on: database)
            let recounted = try CaseRules.recount(snapshot, settings: definition.clockSettings, calendar: calendar)
            guard recounted != snapshot else { continue }
            try CaseStore.store(recounted, in: row, at: now)
            // The recount is an event of the case's history like any other (its version counts its events).
            row.version += 1
            try await row.save(on: database)
            changed += 1
            let moves: [(String, Date?, Date?)] = [
                ("acceptance", snapshot.acceptanceDue, recounted.acceptanceDue), ("promised", snapshot.promisedDue, recounted.promisedDue),
                ("statutory", snapshot.statutoryDue, recounted.statutoryDue), ("step", snapshot.stepDue, recounted.stepDue),
                ("certificate", snapshot.certificateDue, recounted.certificateDue),
            ]
            let summary = moves.compactMap { name, before, after -> String? in
                guard before != after else { return nil }
                return "\(name) \(before.map(BeijingClock.deadline) ?? "-") → \(after.map(BeijingClock.deadline) ?? "-")"
            }
            let text = summary.isEmpty ? "provisional flag cleared" : summary.joined(separator: "; ")
            try await CaseStore.record(
                CaseTransition(from: row.caseState, to: row.caseState, action: "recount", at: now, notice: nil, detail: text),
                on: row, actor: .system, by: actor, isFirst: false, on: database)
            try await AuditLog.append(
                AuditEvent(action: "case.recount", objectType: "case", objectID: row.trackingNumber, summary: text),
                by: actor.within(row.departmentPath), at: now, on: database)
        }
        return changed
    }

    private static func recountObligations(
        in window: (start: Date, end: Date), years: [Int], calendar: WorkCalendar, by actor: AuditActor, now: Date,
        on database: any Database
    ) async throws -> Int {
        let records = try await ObligationRecord.query(on: database)
            .filter(\.$completedAt == nil).filter(\.$startedAt < window.end).filter(\.$statutoryDue >= window.start).all()
        guard !records.isEmpty else { return 0 }
        let settings = try await SupervisionSettingsStore.load(on: database)
        var changed = 0
        for record in records {
            guard let kind = record.obligationKind else { continue }
            let clock = try record.clock()
            let recounted = try clock.recounted(calendar: calendar)
            guard recounted != clock else { continue }
            let context = ObligationContext(calendar: calendar, escalation: record.escalation() ?? settings.escalation, now: now)
            try await ObligationStore.move(record, to: recounted, context: context, on: database)
            try await mirror(recounted, of: kind, onSubject: record.subjectID, on: database)
            changed += 1
            try await AuditLog.append(
                AuditEvent(
                    action: "obligation.recount", objectType: record.subjectType, objectID: record.subjectLabel,
                    summary: "\(kind.rawValue) statutory \(BeijingClock.deadline(clock.statutoryDue)) → \(BeijingClock.deadline(recounted.statutoryDue))"
                        + ", promised \(BeijingClock.deadline(clock.promisedDue)) → \(BeijingClock.deadline(recounted.promisedDue))"),
                by: actor.within(record.unitPath), at: now, on: database)
            guard recounted.statutoryDue != clock.statutoryDue || recounted.promisedDue != clock.promisedDue else { continue }
            let recipients = try await NotificationStore.recipients(
                roles: [Role(rawValue: record.responsibleRole), .departmentHead].compactMap { $0 }, unitPath: record.unitPath,
                reachPath: record.reachPath, also: record.responsibleAccountID, on: database)
            func text(_ language: Language) -> (title: String, body: String) {
                SupervisionNotice.recounted(
                    kind: kind, label: record.label, subject: record.subjectLabel, from: clock.statutoryDue, to: recounted.statutoryDue,
                    years: years, in: language)
            }
            try await NotificationStore.send(
                to: recipients, topic: "obligation", zh: text(.zhHans), en: text(.en), subjectType: record.subjectType,
                subjectID: record.subjectID, at: now, on: database)
        }
        return changed
    }

    /// Areas that keep their obligation's limit beside their own record (for their lists and letters) get it back in
    /// step; a case's dates were recounted from the case itself.
    private static func mirror(_ clock: ObligationClock, of kind: ObligationKind, onSubject subjectID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        switch kind {
        case .bundle:
            try await sql.update(CaseBundle.schema).set("statutory_due", to: clock.statutoryDue)
                .set("due_is_provisional", to: clock.provisional).where("id", .equal, subjectID).run()
        case .disclosureReply:
            guard !clock.isPaused else { return }
            try await sql.update(DisclosureRequestRecord.schema).set("reply_due", to: clock.statutoryDue).where("id", .equal, subjectID).run()
        case .sharingReply:
            try await sql.update(SharingRequestRecord.schema).set("reply_due", to: clock.statutoryDue).where("id", .equal, subjectID).run()
        case .supervisionReply:
            try await sql.update(SupervisionOrderRecord.schema).set("reply_due", to: clock.statutoryDue).where("id", .equal, subjectID).run()
        case .ticketHandling:
            try await sql.update(TicketRecord.schema).set("due_at", to: clock.statutoryDue).where("id", .equal, subjectID).run()
        case .petitionAcceptance, .petitionHandling:
            try await sql.update(PetitionRecord.schema).set("due_at", to: clock.statutoryDue).where("id", .equal, subjectID).run()
        case .acceptance, .decision, .reviewStep, .certificate, .proactiveDisclosure, .ratingFollowUp:
            return
        }
    }
}
