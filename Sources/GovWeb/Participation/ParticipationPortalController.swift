import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// 公众参与 on the portal: consultations to comment on, surveys to answer, hearings to register for, and online
/// petitions. Anyone reads; taking part needs a signed-in applicant, a survey one with a verified identity. Public pages
/// show only approved comments and masked names.
enum ParticipationPortalController {
    struct ItemRow: Encodable, Sendable {
        var href: String
        var title: String
        var unit: String
        var period: String
        var phase: String
        var phaseCode: String
    }

    struct IndexBody: Encodable, Sendable {
        var consultations: [ItemRow]
        var surveys: [ItemRow]
        var hearings: [ItemRow]
        var signedIn: Bool
    }

    static func index(_ request: Request) async throws -> Response {
        let language = request.language
        let now = request.now
        let body = IndexBody(
            consultations: try await ParticipationStore.consultations(on: request.db).map { c in
                ItemRow(href: Paths.participation.consultation(c.id!), title: c.title, unit: c.unitName,
                        period: "\(c.opensOn) – \(c.closesOn)", phase: c.phase(now: now).title(in: language), phaseCode: c.phase(now: now).rawValue)
            },
            surveys: try await ParticipationStore.surveys(on: request.db).map { s in
                ItemRow(href: Paths.participation.survey(s.id!), title: s.title, unit: s.unitName,
                        period: "\(s.opensOn) – \(s.closesOn)", phase: s.phase(now: now).title(in: language), phaseCode: s.phase(now: now).rawValue)
            },
            hearings: try await ParticipationStore.hearings(on: request.db).map { h in
                ItemRow(href: Paths.participation.hearing(h.id!), title: h.title, unit: h.unitName,
                        period: BeijingTime.minute(h.heldAt), phase: h.phase(now: now).title(in: language), phaseCode: h.phase(now: now).rawValue)
            },
            signedIn: request.principal != nil)
        return try await request.renderPage("participation/index", titleKey: "title_participation", body: body)
    }

    static func requireApplicant(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard ParticipationPolicy.takesPart(principal) else { throw AppError.forbidden }
        return principal
    }

    // MARK: Consultations

    struct ParagraphRow: Encodable, Sendable {
        var number: Int
        var text: String
        var comments: [CommentRow]
    }

    struct CommentRow: Encodable, Sendable {
        var id: String
        var author: String
        var text: String
        var paragraph: String
        var at: String
        var moderation: String
        var moderationCode: String
        var adoption: String
        /// For the moderator: whether the writer let it be published, the text with its personal data marked, and the
        /// text to publish as proposed.
        var consent = false
        var marked: [MarkedText.Segment] = []
        var proposed = ""
    }

    struct ConsultationBody: Encodable, Sendable {
        var id: String
        var title: String
        var unit: String
        var period: String
        var phase: String
        var phaseCode: String
        var shortenedReason: String
        var paragraphs: [ParagraphRow]
        var general: [CommentRow]
        var summary: String
        var counts: String
        var canComment: Bool
        var signedIn: Bool
        var paragraphOptions: [Option]
        var form: FormState
    }

    /// A comment as the public sees it: the author's name masked.
    static func publicRow(_ comment: ConsultationCommentRecord, language: Language) -> CommentRow {
        CommentRow(id: comment.id!.uuidString.lowercased(), author: Mask.personName(comment.authorName), text: comment.publishedText ?? "",
                   paragraph: comment.paragraph.map { Strings.format("consultation_paragraph_n", language, ["n": "\($0)"]) } ?? "",
                   at: BeijingTime.minute(comment.createdAt), moderation: comment.state.title(in: language), moderationCode: comment.moderation,
                   adoption: comment.adoption.flatMap(Adoption.init(rawValue:))?.title(in: language) ?? "")
    }

    /// The adoption over every comment taken into account, shown or not: a comment whose writer kept it private is
    /// still counted and answered.
    static func adoptionCounts(accepted: [ConsultationCommentRecord], published: Int, language: Language) -> String {
        let counts = Dictionary(grouping: accepted.compactMap { $0.adoption.flatMap(Adoption.init(rawValue:)) }, by: { $0 }).mapValues(\.count)
        return Strings.format("consultation_counts", language, [
            "received": "\(accepted.count)", "published": "\(published)", "adopted": "\(counts[.adopted] ?? 0)", "partly": "\(counts[.partly] ?? 0)",
            "not": "\(counts[.notAdopted] ?? 0)",
        ])
    }

    static func consultation(_ request: Request) async throws -> Response {
        try await renderConsultation(request, form: FormState(), status: .ok)
    }

    static func renderConsultation(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let id = try UUID.parameter("consultationID", of: request)
        guard let record = try await ParticipationStore.consultation(id: id, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let comments = try await ParticipationStore.publicComments(of: id, on: request.db)
        let phase = record.phase(now: request.now)
        let paragraphs = record.paragraphs.enumerated().map { index, text in
            ParagraphRow(number: index + 1, text: text,
                         comments: comments.filter { $0.paragraph == index + 1 }.map { publicRow($0, language: language) })
        }
        let body = ConsultationBody(
            id: id.uuidString.lowercased(), title: record.title, unit: record.unitName, period: "\(record.opensOn) – \(record.closesOn)",
            phase: phase.title(in: language), phaseCode: phase.rawValue, shortenedReason: record.shortenedReason ?? "", paragraphs: paragraphs,
            general: comments.filter { $0.paragraph == nil }.map { publicRow($0, language: language) }, summary: record.summary ?? "",
            counts: record.summarisedAt == nil ? "" : adoptionCounts(
                accepted: try await ParticipationStore.allComments(of: id, on: request.db).filter { $0.state == .approved }, published: comments.count,
                language: language),
            canComment: ParticipationPolicy.canComment(request.principal, phase: phase), signedIn: request.principal != nil,
            paragraphOptions: [Option(value: "", label: Strings.text("consultation_whole", language), selected: (form.values["paragraph"] ?? "").isEmpty)]
                + paragraphs.map { Option(value: "\($0.number)", label: Strings.format("consultation_paragraph_n", language, ["n": "\($0.number)"]),
                                          selected: form.values["paragraph"] == "\($0.number)") },
            form: form)
        return try await request.renderPage("participation/consultation", titleKey: "title_consultation", body: body,
                                            notice: request.notice(from: ["comment": "consultation_notice_comment"]), status: status)
    }

    static func comment(_ request: Request) async throws -> Response {
        let principal = try requireApplicant(request)
        let id = try UUID.parameter("consultationID", of: request)
        let values = request.formValues(["text", "paragraph", "publish_consent"])
        let actor = request.auditActor(role: .applicant)
        let now = request.now
        let name = try await IdentityStore.profile(accountID: principal.accountID, on: request.db)?.displayName ?? principal.displayName
        do {
            _ = try await request.write { db in
                try await ParticipationStore.comment(on: id, text: values["text"], paragraph: values["paragraph"],
                                                     publishConsent: values["publish_consent"] == "yes", accountID: principal.accountID,
                                                     authorName: name, by: actor, now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await renderConsultation(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as ParticipationProblem where problem != .notFound {
            return try await renderConsultation(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.consultation(id, query: ["done": "comment"]))
    }

    // MARK: Surveys

    struct QuestionRow: Encodable, Sendable {
        var number: Int
        var text: String
        var kind: String
        var options: [OptionResult]
        var answered: Int
        var error: String
    }

    struct OptionResult: Encodable, Sendable {
        var index: Int
        var label: String
        var count: Int
        var percent: String
    }

    struct SurveyBody: Encodable, Sendable {
        var id: String
        var title: String
        var description: String
        var unit: String
        var period: String
        var phase: String
        var showResults: Bool
        var responses: Int
        var canAnswer: Bool
        var answered: Bool
        var needsVerification: Bool
        var signedIn: Bool
        var questions: [QuestionRow]
        var form: FormState
    }

    static func identity(of principal: Principal?, on database: any Database) async throws -> String? {
        guard let principal, ParticipationPolicy.takesPart(principal), let account = try await IdentityStore.profile(accountID: principal.accountID, on: database) else {
            return nil
        }
        return account.residentID ?? account.creditCode
    }

    static func survey(_ request: Request) async throws -> Response {
        try await renderSurvey(request, form: FormState(), status: .ok, staff: false)
    }

    static func renderSurvey(_ request: Request, form: FormState, status: HTTPResponseStatus, staff: Bool) async throws -> Response {
        let id = try UUID.parameter("surveyID", of: request)
        guard let record = try await ParticipationStore.survey(id: id, on: request.db) else { throw AppError.notFound }
        if staff {
            let principal = try request.requirePrincipal()
            guard ParticipationPolicy.manages(unitPath: record.unitPath, principal) else { throw AppError.notFound }
        }
        let language = request.language
        let phase = record.phase(now: request.now)
        let showResults = staff || phase == .closed
        let results = showResults ? try await ParticipationStore.results(of: record, on: request.db) : (responses: 0, tally: [])
        let identity = try await identity(of: request.principal, on: request.db)
        let answered = try await ParticipationStore.hasAnswered(id, identity: identity, on: request.db)
        let questions = record.questions.enumerated().map { index, question in
            let tally = results.tally.indices.contains(index) ? results.tally[index] : (counts: [], answered: 0)
            return QuestionRow(
                number: index + 1, text: question.text, kind: question.kind.rawValue,
                options: question.options.enumerated().map { option, label in
                    let count = tally.counts.indices.contains(option) ? tally.counts[option] : 0
                    return OptionResult(index: option, label: label, count: count,
                                        percent: tally.answered == 0 ? "—" : String(format: "%.1f%%", Double(count) / Double(tally.answered) * 100))
                },
                answered: tally.answered, error: form.errors["q\(index + 1)"] ?? "")
        }
        let body = SurveyBody(
            id: id.uuidString.lowercased(), title: record.title, description: record.description, unit: record.unitName,
            period: "\(record.opensOn) – \(record.closesOn)", phase: phase.title(in: language), showResults: showResults, responses: results.responses,
            canAnswer: !staff && phase == .open && identity != nil && !answered, answered: answered,
            needsVerification: request.principal != nil && identity == nil, signedIn: request.principal != nil, questions: questions, form: form)
        return try await request.renderPage("participation/survey", titleKey: "title_survey", body: body,
                                            notice: request.notice(from: ["answered": "survey_notice_answered"]), status: status)
    }

    static func answerSurvey(_ request: Request) async throws -> Response {
        let principal = try requireApplicant(request)
        let id = try UUID.parameter("surveyID", of: request)
        guard let record = try await ParticipationStore.survey(id: id, on: request.db) else { throw AppError.notFound }
        var values: [Int: [String]] = [:]
        for (index, question) in record.questions.enumerated() {
            let name = "q\(index + 1)"
            values[index + 1] = question.kind == .multiple ? request.formList(name) : request.formValues([name])[name].map { [$0] } ?? []
        }
        let identity = try await identity(of: principal, on: request.db)
        let actor = request.auditActor(role: .applicant)
        let now = request.now
        do {
            _ = try await request.write { [values] db in try await ParticipationStore.answer(id, values: values, identity: identity, by: actor, now: now, on: db) }
        } catch let errors as FieldErrors {
            return try await renderSurvey(request, form: FormState(refused: errors, in: request.language, withSummary: false), status: .badRequest, staff: false)
        } catch let problem as ParticipationProblem where problem != .notFound {
            return try await renderSurvey(request, form: FormState(error: problem.message(in: request.language)),
                                          status: problem == .alreadyAnswered ? .conflict : .badRequest, staff: false)
        }
        return request.redirect(to: Paths.participation.survey(id, query: ["done": "answered"]))
    }

    // MARK: Hearings

    struct RegistrationRow: Encodable, Sendable {
        var id: String
        var name: String
        var phone: String
        var statement: String
        var selected: Bool
        var at: String
    }

    struct HearingBody: Encodable, Sendable {
        var id: String
        var title: String
        var matter: String
        var place: String
        var heldAt: String
        var registrationCloses: String
        var seats: Int
        var unit: String
        var phase: String
        var phaseCode: String
        var registered: Int
        var selected: [RegistrationRow]
        var selectionDone: Bool
        var record: String
        var canRegister: Bool
        var alreadyRegistered: Bool
        var signedIn: Bool
        var form: FormState
    }

    static func hearing(_ request: Request) async throws -> Response {
        try await renderHearing(request, form: FormState(), status: .ok)
    }

    static func renderHearing(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let id = try UUID.parameter("hearingID", of: request)
        guard let record = try await ParticipationStore.hearing(id: id, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let phase = record.phase(now: request.now)
        let registrations = try await ParticipationStore.registrations(of: id, on: request.db)
        let mine = request.principal.map { principal in registrations.contains { $0.accountID == principal.accountID } } ?? false
        let body = HearingBody(
            id: id.uuidString.lowercased(), title: record.title, matter: record.matter, place: record.place, heldAt: BeijingTime.minute(record.heldAt),
            registrationCloses: BeijingTime.minute(record.registrationClosesAt), seats: record.seats, unit: record.unitName,
            phase: phase.title(in: language), phaseCode: phase.rawValue, registered: registrations.count,
            selected: registrations.filter(\.selected).map {
                RegistrationRow(id: "", name: Mask.personName($0.name), phone: "", statement: "", selected: true, at: "")
            },
            selectionDone: record.selectedAt != nil, record: record.record ?? "",
            canRegister: ParticipationPolicy.canRegister(request.principal, phase: phase, alreadyRegistered: mine), alreadyRegistered: mine,
            signedIn: request.principal != nil, form: form)
        return try await request.renderPage("participation/hearing", titleKey: "title_hearing", body: body,
                                            notice: request.notice(from: ["registered": "hearing_notice_registered"]), status: status)
    }

    static func register(_ request: Request) async throws -> Response {
        let principal = try requireApplicant(request)
        let id = try UUID.parameter("hearingID", of: request)
        let values = request.formValues(["statement"])
        let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db)
        let actor = request.auditActor(role: .applicant)
        let now = request.now
        do {
            _ = try await request.write { db in
                try await ParticipationStore.register(for: id, statement: values["statement"], accountID: principal.accountID,
                                                      name: account?.displayName ?? principal.displayName, phone: account?.phone, by: actor, now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await renderHearing(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as ParticipationProblem where problem != .notFound {
            return try await renderHearing(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.hearing(id, query: ["done": "registered"]))
    }
}
