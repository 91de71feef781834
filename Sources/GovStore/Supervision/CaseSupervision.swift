import FluentKit
import Foundation
import GovCore

/// What the approval hall tells electronic supervision on every write: the obligations a case's clocks create, the
/// counts the statistics read, and the rules every case is checked against. Called by ``CaseStore`` inside the write's
/// transaction, so supervision never sees a case other than it is.
enum CaseSupervision {
    static func subject(of row: ApprovalCase, definition: MatterDefinition) throws -> ObligationSubject {
        ObligationSubject(
            type: "case", id: try row.requireID(), label: row.trackingNumber, unitID: row.departmentID, unitPath: row.departmentPath,
            reachPath: row.intakePath, matterID: row.$matter.id, escalation: definition.escalation)
    }

    static func obligationContext(_ context: CaseContext, _ settings: SupervisionSettings, _ definition: MatterDefinition) -> ObligationContext {
        ObligationContext(calendar: context.calendar, escalation: settings.escalation(for: definition), now: context.now)
    }

    /// A case was received: one more application, and its acceptance clock (Art. 32).
    static func received(
        _ row: ApprovalCase, snapshot: CaseSnapshot, definition: MatterDefinition, context: CaseContext, on database: any Database
    ) async throws {
        let settings = try await SupervisionSettingsStore.load(on: database)
        var delta = ServiceCounts()
        delta.received = 1
        try await Rollups.add(delta, day: .beijing(row.receivedAt), unitID: row.departmentID, unitPath: row.departmentPath, matterID: row.$matter.id, on: database)
        try await ObligationStore.apply(
            CaseObligations.change(from: nil, to: snapshot, settings: definition.clockSettings), for: try subject(of: row, definition: definition),
            context: obligationContext(context, settings, definition), subjectIsNew: true, on: database)
    }

    /// A case moved from `before` to `after` by `transition`.
    static func moved(
        _ row: ApprovalCase, from before: CaseSnapshot, to after: CaseSnapshot, by transition: CaseTransition,
        definition: MatterDefinition, context: CaseContext, on database: any Database
    ) async throws {
        let settings = try await SupervisionSettingsStore.load(on: database)
        try await ObligationStore.apply(
            CaseObligations.change(from: before, to: after, settings: definition.clockSettings), for: try subject(of: row, definition: definition),
            context: obligationContext(context, settings, definition), on: database)

        var delta = ServiceCounts()
        switch CaseActionKind(rawValue: transition.action) {
        case .accept, .deemAccepted:
            delta.accepted = 1
        case .decide:
            delta.completed = 1
        case .decideOnTheSpot:
            // Accepted and decided in one visit: counted as early, having used none of any limit.
            delta.accepted = 1
            delta.completed = 1
            delta.onTheSpot = 1
            delta.early = 1
        default:
            break
        }
        try await Rollups.add(delta, day: .beijing(transition.at), unitID: row.departmentID, unitPath: row.departmentPath, matterID: row.$matter.id, on: database)
        try await checkRules(row, snapshot: after, definition: definition, settings: settings, calendar: context.calendar, now: context.now, on: database)
    }

    /// A rating (好差评, GB/T 39735) for the department's satisfaction figures; a bad one (1–2 stars) is followed up.
    static func rated(_ row: ApprovalCase, stars: Int, comment: String?, at now: Date, on database: any Database) async throws {
        try await EvaluationStore.rate(
            subjectType: "case", subjectID: try row.requireID(), label: row.trackingNumber, unitID: row.departmentID, unitPath: row.departmentPath,
            matterID: row.$matter.id, stars: stars, comment: comment, calendar: nil, now: now, on: database)
    }

    /// Checks the case's whole timeline against the rules that are on and records each violation not recorded yet.
    static func checkRules(
        _ row: ApprovalCase, snapshot: CaseSnapshot, definition: MatterDefinition, settings: SupervisionSettings,
        calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws {
        let caseID = try row.requireID()
        let events = try await CaseEvent.query(on: database).filter(\.$caseID == caseID).sort(\.$sequence).all()
        let fees = try await FeeRecord.query(on: database).filter(\.$caseID == caseID).sort(\.$recordedAt).all()
        let timeline = CaseTimeline(
            receivedAt: row.receivedAt, isOnTheSpotMatter: definition.isOnTheSpot, requiredSteps: definition.reviewSteps.count,
            acceptanceDays: definition.clockSettings.acceptanceDays, snapshot: snapshot,
            events: events.map {
                TimelineEvent(sequence: $0.sequence, action: $0.action, at: $0.at, actorRole: $0.actorRole, actorAccountID: $0.actorAccountID, actorName: $0.actorName)
            },
            fees: try fees.map {
                FeeFact(reference: try $0.requireID().uuidString, item: $0.itemName, standardFen: $0.standardFen, chargedFen: $0.chargedFen,
                        at: $0.recordedAt, recordedBy: $0.recordedBy)
            })
        let findings = ViolationRules.evaluate(timeline, settings: settings.rules, calendar: calendar)
        guard !findings.isEmpty else { return }
        try await ViolationStore.record(findings, subject: try subject(of: row, definition: definition), detectedAt: now, on: database)
    }
}
