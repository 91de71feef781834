import FluentKit
import Foundation
import GovCore

/// Online evaluation (网上评议, GB/T 39735 好差评): every rating, of a finished case or a closed ticket, counts in the
/// department's satisfaction rollup; a bad one opens a follow-up duty the department answers under supervision.
public enum EvaluationStore {
    /// Records a rating for the department that served. In the caller's transaction.
    public static func rate(
        subjectType: String, subjectID: UUID, label: String, unitID: UUID, unitPath: String, matterID: UUID?, stars: Int, comment: String?,
        calendar: WorkCalendar?, now: Date, on database: any Database
    ) async throws {
        var delta = ServiceCounts()
        delta.ratings = 1
        delta.ratingStars = stars
        delta.badRatings = RatingFollowUpRules.isBad(stars: stars) ? 1 : 0
        try await Rollups.add(delta, day: .beijing(now), unitID: unitID, unitPath: unitPath, matterID: matterID, on: database)
        guard RatingFollowUpRules.isBad(stars: stars) else { return }
        let record = RatingFollowUpRecord()
        record.id = Effects.current.newID()
        record.subjectType = subjectType
        record.subjectID = subjectID
        record.subjectLabel = label
        record.unitID = unitID
        record.unitPath = unitPath
        record.stars = stars
        record.comment = comment
        record.ratedAt = now
        try await record.create(on: database)
        let calendar = if let calendar { calendar } else { try await CalendarStore.load(on: database) }
        let terms = ObligationTerms.workingDays(promised: RatingFollowUpRules.workingDays, statutory: RatingFollowUpRules.workingDays)
        let clock = try ObligationClock.start(at: now, terms: terms, calendar: calendar)
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.ratingFollowUp, 0), clock: clock, responsibleRole: .departmentHead, label: label),
            for: ObligationSubject(type: "rating_follow_up", id: try record.requireID(), label: label, unitID: unitID, unitPath: unitPath),
            context: context, on: database)
    }

    /// The department's head records the follow-up of a bad rating.
    public static func followUp(
        _ id: UUID, text: String?, principal: Principal, by actor: AuditActor, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> RatingFollowUpRecord {
        guard let record = try await RatingFollowUpRecord.find(id, on: database), EvaluationPolicy.answersFor(unitPath: record.unitPath, principal) else {
            throw StoreError.notFound
        }
        guard record.followedUpAt == nil else { throw HotlineProblem.wrongState(.closed) }
        record.followUp = try RatingFollowUpRules.followUp(text)
        record.followedUpAt = now
        record.followedUpByName = actor.name
        try await record.save(on: database)
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        for obligation in try await ObligationStore.running(of: id, on: database).values {
            try await ObligationStore.complete(obligation, cancelled: false, context: context, on: database)
        }
        try await AuditLog.append(
            AuditEvent(action: "evaluation.follow_up", objectType: record.subjectType, objectID: record.subjectLabel, summary: String(record.followUp!.prefix(120))),
            by: actor.within(record.unitPath), at: now, on: database)
        return record
    }

    /// Bad ratings of the units a principal heads or supervises, those not followed up first.
    public static func followUps(for principal: Principal, on database: any Database) async throws -> [RatingFollowUpRecord] {
        let grants = EvaluationPolicy.listedGrants(principal)
        guard !grants.isEmpty else { return [] }
        let query = RatingFollowUpRecord.query(on: database)
        query.group(.or) { group in
            for grant in grants {
                if grant.includesSubtree { group.filter(\.$unitPath, .custom("LIKE"), grant.unitPath + "%") } else { group.filter(\.$unitPath == grant.unitPath) }
            }
        }
        let rows = try await query.sort(\.$ratedAt, .descending).limit(300).all()
        return rows.filter { $0.followedUpAt == nil } + rows.filter { $0.followedUpAt != nil }
    }
}
