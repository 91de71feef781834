import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// A department's side of participation: putting out drafts, surveys and hearings, moderating comments, publishing the
/// adoption summary, selecting hearing participants and publishing the record.
enum ParticipationWorkController {
    static func requireManager(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard ParticipationPolicy.canManage(principal) else { throw AppError.forbidden }
        return principal
    }

    struct HomeBody: Encodable, Sendable {
        var consultations: [ParticipationPortalController.ItemRow]
        var surveys: [ParticipationPortalController.ItemRow]
        var hearings: [ParticipationPortalController.ItemRow]
        var pending: Int
        var form: FormState
        var which: String
    }

    static func home(_ request: Request) async throws -> Response {
        try await renderHome(request, form: FormState(), which: "", status: .ok)
    }

    static func renderHome(_ request: Request, form: FormState, which: String, status: HTTPResponseStatus) async throws -> Response {
        let principal = try requireManager(request)
        let language = request.language
        let now = request.now
        let managed = try await ParticipationStore.managed(by: principal, on: request.db)
        let pending = try await ParticipationStore.pendingComments(of: managed.consultations, on: request.db)
        let body = HomeBody(
            consultations: managed.consultations.map { c in
                ParticipationPortalController.ItemRow(href: Paths.participation.workConsultation(c.id!), title: c.title,
                                                      unit: c.unitName, period: "\(c.opensOn) – \(c.closesOn)", phase: c.phase(now: now).title(in: language),
                                                      phaseCode: c.phase(now: now).rawValue)
            },
            surveys: managed.surveys.map { s in
                ParticipationPortalController.ItemRow(href: Paths.participation.workSurvey(s.id!), title: s.title, unit: s.unitName,
                                                      period: "\(s.opensOn) – \(s.closesOn)", phase: s.phase(now: now).title(in: language),
                                                      phaseCode: s.phase(now: now).rawValue)
            },
            hearings: managed.hearings.map { h in
                ParticipationPortalController.ItemRow(href: Paths.participation.workHearing(h.id!), title: h.title, unit: h.unitName,
                                                      period: BeijingTime.minute(h.heldAt), phase: h.phase(now: now).title(in: language),
                                                      phaseCode: h.phase(now: now).rawValue)
            },
            pending: pending, form: form, which: which)
        return try await request.renderPage("participation/work-home", titleKey: "title_participation_work", body: body,
                                            notice: request.notice(from: ["created": "participation_notice_created"]), status: status)
    }

    static func createConsultation(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        var values = request.formValues(["title", "opens_on", "closes_on", "shortened_reason"])
        values["text"] = (try? request.content.get(String.self, at: "text")).map { String($0.prefix(100_001)) }
        let draft = ConsultationDraft(title: values["title"], text: values["text"], opensOn: values["opens_on"], closesOn: values["closes_on"],
                                      shortenedReason: values["shortened_reason"])
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            let valid = try draft.validated(today: CivilDate.beijing(now))
            let record = try await request.write { db in try await ParticipationStore.createConsultation(valid, principal: principal, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.participation.workConsultation(record.id!, query: ["done": "created"]))
        } otherwise: { form in
            try await renderHome(request, form: form, which: "consultation", status: .badRequest)
        }
    }

    static func createSurvey(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let values = request.formValues(["title", "description", "questions", "opens_on", "closes_on"])
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        let draft = SurveyDraft(title: values["title"], description: values["description"], questions: values["questions"], opensOn: values["opens_on"],
                                closesOn: values["closes_on"])
        return try await request.submitting(values, withSummary: false) {
            let valid = try draft.validated(today: CivilDate.beijing(now))
            let record = try await request.write { db in try await ParticipationStore.createSurvey(valid, principal: principal, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.participation.workSurvey(record.id!, query: ["done": "created"]))
        } otherwise: { form in
            try await renderHome(request, form: form, which: "survey", status: .badRequest)
        }
    }

    static func createHearing(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let values = request.formValues(["title", "matter", "place", "held_at", "registration_closes_on", "seats"])
        let draft = HearingDraft(title: values["title"], matter: values["matter"], place: values["place"], heldAt: values["held_at"],
                                 registrationClosesOn: values["registration_closes_on"], seats: values["seats"])
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            let valid = try draft.validated(now: now)
            let record = try await request.write { db in try await ParticipationStore.createHearing(valid, principal: principal, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.participation.workHearing(record.id!, query: ["done": "created"]))
        } otherwise: { form in
            try await renderHome(request, form: form, which: "hearing", status: .badRequest)
        }
    }

    // MARK: A consultation

    struct ConsultationBody: Encodable, Sendable {
        var id: String
        var title: String
        var publicHref: String
        var period: String
        var phase: String
        var comments: [ParticipationPortalController.CommentRow]
        var canModerate: Bool
        var canSummarise: Bool
        var summary: String
        var adoptions: [Option]
        var form: FormState
    }

    static func consultation(_ request: Request) async throws -> Response {
        try await renderConsultation(request, form: FormState(), status: .ok)
    }

    static func renderConsultation(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("consultationID", of: request)
        guard let record = try await ParticipationStore.consultation(id: id, on: request.db), ParticipationPolicy.manages(unitPath: record.unitPath, principal) else {
            throw AppError.notFound
        }
        let language = request.language
        let phase = record.phase(now: request.now)
        let allowed = ParticipationPolicy.allowedActions(principal, onConsultationOf: record.unitPath, phase: phase)
        let comments = try await ParticipationStore.allComments(of: id, on: request.db).map { comment in
            // Staff moderate what was written: the author's full name, the text as sent with its personal data marked, and
            // the text to publish (if the writer allowed it) as last published or, to begin with, masked.
            var row = ParticipationPortalController.publicRow(comment, language: language)
            row.author = comment.authorName
            row.text = comment.text
            row.consent = comment.publishConsent
            row.marked = MarkedText(label: "", text: comment.text, writer: comment.writer, language: language).segments
            row.proposed = form.values["published_text_\(row.id)"] ?? comment.publishedText ?? PersonalData.redact(comment.text, writer: comment.writer)
            return row
        }
        let body = ConsultationBody(
            id: id.uuidString.lowercased(), title: record.title, publicHref: Paths.participation.consultation(id),
            period: "\(record.opensOn) – \(record.closesOn)", phase: phase.title(in: language), comments: comments, canModerate: allowed.contains(.moderate),
            canSummarise: allowed.contains(.summarise), summary: record.summary ?? "",
            adoptions: Adoption.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: false) }, form: form)
        return try await request.renderPage("participation/work-consultation", titleKey: "title_consultation", body: body,
                                            notice: request.notice(from: ["created": "participation_notice_created", "done": "hotline_notice_done"]),
                                            status: status)
    }

    static func moderate(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("consultationID", of: request)
        let commentID = try UUID.parameter("commentID", of: request)
        guard let decision = request.parameters.get("decision").flatMap(Moderation.init(rawValue:)), decision != .pending else { throw AppError.notFound }
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        let values = request.formValues(["published_text", "confirmed"])
        do {
            try await request.write { db in
                try await ParticipationStore.moderate(commentID, to: decision, publishedText: values["published_text"], confirmed: values["confirmed"] == "yes",
                                                      principal: principal, by: actor, now: now, on: db)
            }
        } catch let problem as ParticipationProblem where problem != .notFound && problem != .notPermitted {
            return try await renderConsultation(request, form: FormState(error: problem.message(in: request.language)), status: .badRequest)
        } catch let problem as PublicationProblem {
            let form = FormState(values: ["published_text_" + commentID.uuidString.lowercased(): values["published_text"] ?? ""],
                                 error: problem.message(in: request.language))
            return try await renderConsultation(request, form: form, status: .badRequest)
        }
        return request.redirect(to: Paths.participation.workConsultation(id, query: ["done": "done"]))
    }

    static func summarise(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("consultationID", of: request)
        let comments = try await ParticipationStore.allComments(of: id, on: request.db)
        let names = try comments.map { "adoption_\(try $0.requireID().uuidString.lowercased())" }
        let values = request.formValues(["summary"] + names)
        var adoptions: [UUID: Adoption] = [:]
        for comment in comments {
            if let value = values["adoption_\(try comment.requireID().uuidString.lowercased())"].flatMap(Adoption.init(rawValue:)) {
                adoptions[try comment.requireID()] = value
            }
        }
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        do {
            try await request.write { [adoptions] db in
                try await ParticipationStore.summarise(id, summary: values["summary"], adoptions: adoptions, principal: principal, by: actor, now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await renderConsultation(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as ParticipationProblem where problem != .notFound && problem != .notPermitted {
            return try await renderConsultation(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.workConsultation(id, query: ["done": "done"]))
    }

    static func survey(_ request: Request) async throws -> Response {
        _ = try requireManager(request)
        return try await ParticipationPortalController.renderSurvey(request, form: FormState(), status: .ok, staff: true)
    }

    // MARK: A hearing

    struct HearingBody: Encodable, Sendable {
        var id: String
        var title: String
        var publicHref: String
        var heldAt: String
        var seats: Int
        var phase: String
        var registrations: [ParticipationPortalController.RegistrationRow]
        var canSelect: Bool
        var canRecord: Bool
        var record: String
        var form: FormState
    }

    static func hearing(_ request: Request) async throws -> Response {
        try await renderHearing(request, form: FormState(), status: .ok)
    }

    static func renderHearing(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("hearingID", of: request)
        guard let record = try await ParticipationStore.hearing(id: id, on: request.db), ParticipationPolicy.manages(unitPath: record.unitPath, principal) else {
            throw AppError.notFound
        }
        let phase = record.phase(now: request.now)
        let allowed = ParticipationPolicy.allowedActions(principal, onHearingOf: record.unitPath, phase: phase)
        let body = HearingBody(
            id: id.uuidString.lowercased(), title: record.title, publicHref: Paths.participation.hearing(id),
            heldAt: BeijingTime.minute(record.heldAt), seats: record.seats, phase: phase.title(in: request.language),
            registrations: try await ParticipationStore.registrations(of: id, on: request.db).map {
                .init(id: $0.id!.uuidString.lowercased(), name: $0.name, phone: $0.phone ?? "", statement: $0.statement, selected: $0.selected,
                      at: BeijingTime.minute($0.createdAt))
            },
            canSelect: allowed.contains(.select), canRecord: allowed.contains(.record), record: record.record ?? "", form: form)
        return try await request.renderPage("participation/work-hearing", titleKey: "title_hearing", body: body,
                                            notice: request.notice(from: ["created": "participation_notice_created", "done": "hotline_notice_done"]),
                                            status: status)
    }

    static func select(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("hearingID", of: request)
        let chosen = Set(request.formList("chosen").compactMap(UUID.init(uuidString:)))
        let byLot = request.formValues(["by_lot"])["by_lot"] == "yes"
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        do {
            _ = try await request.write { db in
                try await ParticipationStore.select(for: id, chosen: byLot ? [] : chosen, principal: principal, by: actor, now: now, on: db)
            }
        } catch let problem as ParticipationProblem where problem != .notFound && problem != .notPermitted {
            return try await renderHearing(request, form: FormState(error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.workHearing(id, query: ["done": "done"]))
    }

    static func publishRecord(_ request: Request) async throws -> Response {
        let principal = try requireManager(request)
        let id = try UUID.parameter("hearingID", of: request)
        let text = (try? request.content.get(String.self, at: "record")).map { String($0.prefix(100_001)) }
        let actor = request.auditActor(role: ParticipationPolicy.actingRole(principal))
        let now = request.now
        do {
            try await request.write { db in try await ParticipationStore.publishRecord(for: id, text: text, principal: principal, by: actor, now: now, on: db) }
        } catch let errors as FieldErrors {
            return try await renderHearing(request, form: FormState(refused: errors, values: ["record": text ?? ""], in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as ParticipationProblem where problem != .notFound && problem != .notPermitted {
            return try await renderHearing(request, form: FormState(error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.workHearing(id, query: ["done": "done"]))
    }
}
