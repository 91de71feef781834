import FluentKit
import Foundation
import GovCore

/// Consultations, surveys and hearings: put out by a department's staff, joined by signed-in people, moderated and
/// summed up by the department. Nothing a person wrote is public until a moderator approved it, and no public view
/// carries who they are beyond a masked name.
public enum ParticipationStore {
    /// The department a staff member puts things out for: the unit of their first reviewer or head grant.
    public static func ownUnit(of principal: Principal, on database: any Database) async throws -> OrganisationUnit {
        guard let grant = ParticipationPolicy.publishingGrant(principal), let id = grant.unitID,
              let unit = try await OrganisationUnit.find(id, on: database)
        else { throw ParticipationProblem.notPermitted }
        return unit
    }

    /// The consultations, surveys and hearings `principal` runs, for the workbench.
    public static func managed(by principal: Principal, on database: any Database) async throws
        -> (consultations: [ConsultationRecord], surveys: [SurveyRecord], hearings: [HearingRecord]) {
        func mine(_ unitPath: String) -> Bool { ParticipationPolicy.manages(unitPath: unitPath, principal) }
        return (try await consultations(on: database).filter { mine($0.unitPath) }, try await surveys(on: database).filter { mine($0.unitPath) },
                try await hearings(on: database).filter { mine($0.unitPath) })
    }

    /// How many comments on these consultations wait for moderation.
    public static func pendingComments(of consultations: [ConsultationRecord], on database: any Database) async throws -> Int {
        let ids = try consultations.map { try $0.requireID() }
        guard !ids.isEmpty else { return 0 }
        return try await ConsultationCommentRecord.query(on: database).filter(\.$consultationID ~~ ids)
            .filter(\.$moderation == Moderation.pending.rawValue).count()
    }

    public static func consultation(id: UUID, on database: any Database) async throws -> ConsultationRecord? {
        try await ConsultationRecord.find(id, on: database)
    }

    public static func survey(id: UUID, on database: any Database) async throws -> SurveyRecord? {
        try await SurveyRecord.find(id, on: database)
    }

    public static func hearing(id: UUID, on database: any Database) async throws -> HearingRecord? {
        try await HearingRecord.find(id, on: database)
    }

    // MARK: Consultations

    public static func createConsultation(
        _ draft: ConsultationDraft.Valid, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> ConsultationRecord {
        let unit = try await ownUnit(of: principal, on: database)
        let record = ConsultationRecord()
        record.id = Effects.current.newID()
        record.title = draft.title
        record.text = draft.text
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.unitName = unit.nameZh
        record.opensOn = draft.opensOn.description
        record.closesOn = draft.closesOn.description
        record.shortenedReason = draft.shortenedReason
        record.createdByName = actor.name
        record.createdAt = now
        try await record.create(on: database)
        try await AuditLog.append(AuditEvent(action: "consultation.create", objectType: "consultation", objectID: try record.requireID().uuidString.lowercased(),
                                             summary: "\(draft.title) · \(draft.opensOn)–\(draft.closesOn)"), by: actor.within(unit.path), at: now, on: database)
        return record
    }

    public static func consultations(on database: any Database) async throws -> [ConsultationRecord] {
        try await ConsultationRecord.query(on: database).sort(\.$opensOn, .descending).sort(\.$createdAt, .descending).all()
    }

    /// A signed-in person comments while it is open; the comment waits for moderation.
    public static func comment(
        on id: UUID, text: String?, paragraph: String?, publishConsent: Bool, accountID: UUID, authorName: String, by actor: AuditActor, now: Date,
        on database: any Database
    ) async throws -> ConsultationCommentRecord {
        guard let consultation = try await ConsultationRecord.find(id, on: database) else { throw ParticipationProblem.notFound }
        guard consultation.phase(now: now) == .open else { throw ParticipationProblem.notOpen }
        let checked = try CommentRules.check(text: text, paragraph: paragraph, paragraphs: consultation.paragraphs.count)
        let record = ConsultationCommentRecord()
        record.id = Effects.current.newID()
        record.consultationID = id
        record.paragraph = checked.paragraph
        record.text = checked.text
        record.accountID = accountID
        record.authorName = authorName
        record.moderation = Moderation.pending.rawValue
        record.publishConsent = publishConsent
        record.createdAt = now
        try await record.create(on: database)
        try await AuditLog.append(AuditEvent(action: "consultation.comment", objectType: "consultation", objectID: id.uuidString.lowercased(),
                                             summary: "comment \(try record.requireID().uuidString.lowercased())"), by: actor, at: now, on: database)
        return record
    }

    /// The comments anyone may read: approved ones whose writers agreed to publication, in the words the moderator
    /// reviewed. The others are read and answered in the adoption summary, never shown.
    public static func publicComments(of id: UUID, on database: any Database) async throws -> [ConsultationCommentRecord] {
        try await ConsultationCommentRecord.query(on: database).filter(\.$consultationID == id).filter(\.$moderation == Moderation.approved.rawValue)
            .filter(\.$publishConsent == true).filter(\.$publishedText != nil)
            .sort(\.$createdAt).all()
    }

    public static func allComments(of id: UUID, on database: any Database) async throws -> [ConsultationCommentRecord] {
        try await ConsultationCommentRecord.query(on: database).filter(\.$consultationID == id).sort(\.$createdAt).all()
    }

    public static func moderate(
        _ commentID: UUID, to decision: Moderation, publishedText: String? = nil, confirmed: Bool = false, principal: Principal, by actor: AuditActor,
        now: Date, on database: any Database
    ) async throws {
        guard decision != .pending, let comment = try await ConsultationCommentRecord.find(commentID, on: database),
              let consultation = try await ConsultationRecord.find(comment.consultationID, on: database)
        else { throw ParticipationProblem.notFound }
        guard ParticipationPolicy.manages(unitPath: consultation.unitPath, principal) else { throw ParticipationProblem.notPermitted }
        guard ParticipationPolicy.allowedActions(principal, onConsultationOf: consultation.unitPath, phase: consultation.phase(now: now)).contains(.moderate) else {
            throw ParticipationProblem.alreadySummarised
        }
        // Approving a comment its writer let be published publishes it, in the words the moderator reviewed.
        if decision == .approved, comment.publishConsent {
            let text = (publishedText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            try PublicationReview.check([text], writer: comment.writer, confirmed: confirmed)
            comment.publishedText = text
        } else {
            comment.publishedText = nil
        }
        comment.moderation = decision.rawValue
        comment.moderatedAt = now
        comment.moderatedByName = actor.name
        try await comment.save(on: database)
        try await AuditLog.append(AuditEvent(action: "consultation.moderate", objectType: "consultation_comment", objectID: commentID.uuidString.lowercased(),
                                             summary: decision.rawValue), by: actor.within(consultation.unitPath), at: now, on: database)
    }

    /// After the period: the adoption of each published comment and the summary (采纳情况), published together.
    public static func summarise(
        _ id: UUID, summary: String?, adoptions: [UUID: Adoption], principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard let consultation = try await ConsultationRecord.find(id, on: database) else { throw ParticipationProblem.notFound }
        guard ParticipationPolicy.manages(unitPath: consultation.unitPath, principal) else { throw ParticipationProblem.notPermitted }
        let phase = consultation.phase(now: now)
        guard ParticipationPolicy.allowedActions(principal, onConsultationOf: consultation.unitPath, phase: phase).contains(.summarise) else {
            throw phase == .summarised ? ParticipationProblem.alreadySummarised : ParticipationProblem.stillOpen
        }
        let text: String
        do { text = try TextField.required(summary, max: 20_000) } catch { throw FieldErrors.single("summary", error) }
        let comments = try await allComments(of: id, on: database)
        if comments.contains(where: { $0.state == .pending }) { throw FieldErrors.single("summary", ParticipationProblem.wrongState) }
        for comment in comments where comment.state == .approved {
            comment.adoption = (adoptions[try comment.requireID()] ?? .notAdopted).rawValue
            try await comment.save(on: database)
        }
        consultation.summary = text
        consultation.summarisedAt = now
        try await consultation.save(on: database)
        try await AuditLog.append(AuditEvent(action: "consultation.summarise", objectType: "consultation", objectID: id.uuidString.lowercased(),
                                             summary: String(text.prefix(120))), by: actor.within(consultation.unitPath), at: now, on: database)
    }

    // MARK: Surveys

    public static func createSurvey(
        _ draft: SurveyDraft.Valid, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> SurveyRecord {
        let (title, description, questions, opensOn, closesOn) = (draft.title, draft.description, draft.questions, draft.opensOn, draft.closesOn)
        let unit = try await ownUnit(of: principal, on: database)
        let record = SurveyRecord()
        record.id = Effects.current.newID()
        record.title = title
        record.description = description
        record.questionsJSON = try StoredJSON.text(questions)
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.unitName = unit.nameZh
        record.opensOn = opensOn.description
        record.closesOn = closesOn.description
        record.createdAt = now
        try await record.create(on: database)
        try await AuditLog.append(AuditEvent(action: "survey.create", objectType: "survey", objectID: try record.requireID().uuidString.lowercased(), summary: title),
                                  by: actor.within(unit.path), at: now, on: database)
        return record
    }

    public static func surveys(on database: any Database) async throws -> [SurveyRecord] {
        try await SurveyRecord.query(on: database).sort(\.$opensOn, .descending).sort(\.$createdAt, .descending).all()
    }

    /// Whose answer it is: the verified identity (not the account), hashed with the survey, so one person with two
    /// accounts still answers once and the table holds no identity numbers.
    public static func respondentKey(identity: String, survey: UUID) -> String {
        Digest.sha256Hex(Array((survey.uuidString.lowercased() + ":" + identity.uppercased()).utf8))
    }

    /// One answer per verified person: the unique key on (survey, respondent) settles concurrent submissions, the
    /// second of which is told it has already answered.
    public static func answer(
        _ surveyID: UUID, values: [Int: [String]], identity: String?, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> SurveyResponseRecord {
        guard let survey = try await SurveyRecord.find(surveyID, on: database) else { throw ParticipationProblem.notFound }
        guard survey.phase(now: now) == .open else { throw ParticipationProblem.notOpen }
        guard let identity, !identity.isEmpty else { throw ParticipationProblem.notVerified }
        let answers = try SurveyRules.answers(values, to: survey.questions)
        let key = respondentKey(identity: identity, survey: surveyID)
        guard try await SurveyResponseRecord.query(on: database).filter(\.$surveyID == surveyID).filter(\.$respondentKey == key).count() == 0 else {
            throw ParticipationProblem.alreadyAnswered
        }
        let record = SurveyResponseRecord()
        record.id = Effects.current.newID()
        record.surveyID = surveyID
        record.respondentKey = key
        record.answersJSON = try StoredJSON.text(answers)
        record.createdAt = now
        do {
            try await record.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw ParticipationProblem.alreadyAnswered
        }
        return record
    }

    public static func hasAnswered(_ surveyID: UUID, identity: String?, on database: any Database) async throws -> Bool {
        guard let identity, !identity.isEmpty else { return false }
        return try await SurveyResponseRecord.query(on: database).filter(\.$surveyID == surveyID)
            .filter(\.$respondentKey == respondentKey(identity: identity, survey: surveyID)).count() > 0
    }

    public static func results(of survey: SurveyRecord, on database: any Database) async throws -> (responses: Int, tally: [(counts: [Int], answered: Int)]) {
        let responses = try await SurveyResponseRecord.query(on: database).filter(\.$surveyID == (try survey.requireID())).all().map(\.answers)
        return (responses.count, SurveyRules.tally(responses, questions: survey.questions))
    }

    // MARK: Hearings

    public static func createHearing(
        _ draft: HearingDraft.Valid, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> HearingRecord {
        let unit = try await ownUnit(of: principal, on: database)
        let record = HearingRecord()
        record.id = Effects.current.newID()
        record.title = draft.title
        record.matter = draft.matter
        record.place = draft.place
        record.heldAt = draft.heldAt
        record.registrationClosesAt = draft.registrationClosesAt
        record.seats = draft.seats
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.unitName = unit.nameZh
        record.createdAt = now
        try await record.create(on: database)
        try await AuditLog.append(AuditEvent(action: "hearing.create", objectType: "hearing", objectID: try record.requireID().uuidString.lowercased(),
                                             summary: draft.title), by: actor.within(unit.path), at: now, on: database)
        return record
    }

    public static func hearings(on database: any Database) async throws -> [HearingRecord] {
        try await HearingRecord.query(on: database).sort(\.$heldAt, .descending).all()
    }

    public static func register(
        for hearingID: UUID, statement: String?, accountID: UUID, name: String, phone: String?, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> HearingRegistrationRecord {
        guard let hearing = try await HearingRecord.find(hearingID, on: database) else { throw ParticipationProblem.notFound }
        guard hearing.phase(now: now) == .registering else { throw ParticipationProblem.registrationClosed }
        let text: String
        do { text = try TextField.required(statement, max: 2000) } catch { throw FieldErrors.single("statement", error) }
        guard try await HearingRegistrationRecord.query(on: database).filter(\.$hearingID == hearingID).filter(\.$accountID == accountID).count() == 0 else {
            throw ParticipationProblem.alreadyRegistered
        }
        let record = HearingRegistrationRecord()
        record.id = Effects.current.newID()
        record.hearingID = hearingID
        record.accountID = accountID
        record.name = name
        record.phone = phone
        record.statement = text
        record.selected = false
        record.createdAt = now
        do {
            try await record.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw ParticipationProblem.alreadyRegistered
        }
        try await AuditLog.append(AuditEvent(action: "hearing.register", objectType: "hearing", objectID: hearingID.uuidString.lowercased(),
                                             summary: "registration \(try record.requireID().uuidString.lowercased())"), by: actor, at: now, on: database)
        return record
    }

    public static func registrations(of hearingID: UUID, on database: any Database) async throws -> [HearingRegistrationRecord] {
        try await HearingRegistrationRecord.query(on: database).filter(\.$hearingID == hearingID).sort(\.$createdAt).all()
    }

    /// After registration closes: those chosen by the department (`chosen`, at most the seats), or, when none are
    /// chosen, a draw by lot seeded with the hearing's id.
    public static func select(
        for hearingID: UUID, chosen: Set<UUID>, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> [HearingRegistrationRecord] {
        guard let hearing = try await HearingRecord.find(hearingID, on: database) else { throw ParticipationProblem.notFound }
        guard ParticipationPolicy.manages(unitPath: hearing.unitPath, principal) else { throw ParticipationProblem.notPermitted }
        guard ParticipationPolicy.allowedActions(principal, onHearingOf: hearing.unitPath, phase: hearing.phase(now: now)).contains(.select) else {
            throw ParticipationProblem.wrongState
        }
        guard chosen.count <= hearing.seats else { throw ParticipationProblem.tooManySelected(seats: hearing.seats) }
        let registrations = try await registrations(of: hearingID, on: database)
        let ids = Set(try registrations.map { try $0.requireID() })
        guard chosen.isSubset(of: ids) else { throw ParticipationProblem.notFound }
        let seed = withUnsafeBytes(of: hearingID.uuid) { bytes in bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        let picked = chosen.isEmpty ? Set(try HearingRules.draw(registrations, seats: hearing.seats, seed: seed).map { try $0.requireID() }) : chosen
        for registration in registrations {
            registration.selected = picked.contains(try registration.requireID())
            try await registration.save(on: database)
        }
        hearing.selectedAt = now
        try await hearing.save(on: database)
        try await AuditLog.append(AuditEvent(action: "hearing.select", objectType: "hearing", objectID: hearingID.uuidString.lowercased(),
                                             summary: "\(picked.count) of \(registrations.count)\(chosen.isEmpty ? " by lot" : "")"),
                                  by: actor.within(hearing.unitPath), at: now, on: database)
        return registrations.filter { $0.selected }
    }

    public static func publishRecord(
        for hearingID: UUID, text: String?, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard let hearing = try await HearingRecord.find(hearingID, on: database) else { throw ParticipationProblem.notFound }
        guard ParticipationPolicy.manages(unitPath: hearing.unitPath, principal) else { throw ParticipationProblem.notPermitted }
        guard ParticipationPolicy.allowedActions(principal, onHearingOf: hearing.unitPath, phase: hearing.phase(now: now)).contains(.record) else { throw hearing.recordedAt == nil ? ParticipationProblem.notHeldYet : ParticipationProblem.wrongState }
        let record: String
        do { record = try TextField.required(text, max: 100_000) } catch { throw FieldErrors.single("record", error) }
        hearing.record = record
        hearing.recordedAt = now
        try await hearing.save(on: database)
        try await AuditLog.append(AuditEvent(action: "hearing.record", objectType: "hearing", objectID: hearingID.uuidString.lowercased(),
                                             summary: String(record.prefix(120))), by: actor.within(hearing.unitPath), at: now, on: database)
    }
}
