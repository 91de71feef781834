import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// 网上信访: an applicant files in their own name and follows it in their space; the petition office sends on what no
/// rule routed; the authority responsible accepts or declines within 15 days and answers within 60.
enum PetitionController {
    struct FormBody: Encodable, Sendable {
        var categories: [Option]
        var regions: [Option]
        var form: FormState
    }

    static func formPage(_ request: Request) async throws -> Response {
        _ = try ParticipationPortalController.requireApplicant(request)
        return try await renderForm(request, form: FormState(), status: .ok)
    }

    static func renderForm(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let body = FormBody(
            categories: HotlineViews.categoryOptions(try await HotlineStore.categories(on: request.db), language: language, selected: form.values["category"]),
            regions: try await HotlineViews.regionOptions(language, selected: form.values["region"], on: request.db), form: form)
        return try await request.renderPage("participation/petition-form", titleKey: "title_petition_new", body: body, status: status)
    }

    static func file(_ request: Request) async throws -> Response {
        let principal = try ParticipationPortalController.requireApplicant(request)
        let values = request.formValues(["category", "region", "subject", "text"])
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let actor = request.auditActor(role: .applicant)
        let calendar = try await request.workCalendar()
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            let filing = try await PetitionStore.check(category: values["category"], region: values["region"], subject: values["subject"], text: values["text"],
                                                       on: request.db)
            let record = try await request.write { db in try await PetitionStore.file(filing, account: account, by: actor, calendar: calendar, now: now, on: db) }
            return request.redirect(to: Paths.participation.myPetition(record.id!, query: ["done": "filed"]))
        } otherwise: { form in
            try await renderForm(request, form: form, status: .badRequest)
        }
    }

    struct Row: Encodable, Sendable {
        var href: String
        var number: String
        var subject: String
        var unit: String
        var state: String
        var stateCode: String
        var received: String
        var due: String
    }

    struct ListBody: Encodable, Sendable {
        var rows: [Row]
        var staff: Bool
    }

    static func row(_ record: PetitionRecord, href: String, language: Language) -> Row {
        Row(href: href, number: record.number, subject: record.subject, unit: record.unitName ?? "", state: record.petitionState.title(in: language),
            stateCode: record.state, received: BeijingTime.minute(record.receivedAt), due: record.dueAt.map(BeijingTime.minute) ?? "")
    }

    static func own(_ request: Request) async throws -> Response {
        let principal = try ParticipationPortalController.requireApplicant(request)
        let rows = try await PetitionStore.own(accountID: principal.accountID, on: request.db).map {
            row($0, href: Paths.participation.myPetition($0.id!), language: request.language)
        }
        return try await request.renderPage("participation/petitions", titleKey: "title_my_petitions", body: ListBody(rows: rows, staff: false))
    }

    static func inbox(_ request: Request) async throws -> Response {
        let principal = try requireStaff(request)
        let rows = try await PetitionStore.inbox(of: principal, on: request.db).map {
            row($0, href: Paths.participation.workPetition($0.id!), language: request.language)
        }
        return try await request.renderPage("participation/petitions", titleKey: "title_petitions_work", body: ListBody(rows: rows, staff: true))
    }

    static func requireStaff(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard ParticipationPolicy.handlesPetitions(principal) else { throw AppError.forbidden }
        return principal
    }

    struct EventRow: Encodable, Sendable {
        var at: String
        var action: String
        var unit: String
        var note: String
    }

    struct DetailBody: Encodable, Sendable {
        var id: String
        var number: String
        var subject: String
        var text: String
        var category: String
        var petitioner: String
        var phone: String
        var state: String
        var stateCode: String
        var unit: String
        var due: String
        var decision: String
        var answer: String
        var events: [EventRow]
        var staff: Bool
        var can: [String: Bool]
        var units: [Option]
        var version: Int
        var form: FormState
    }

    static func ownPetition(_ request: Request) async throws -> Response {
        try await render(request, staff: false, form: FormState(), status: .ok)
    }

    static func staffPetition(_ request: Request) async throws -> Response {
        try await render(request, staff: true, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, staff: Bool, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = staff ? try requireStaff(request) : try ParticipationPortalController.requireApplicant(request)
        let id = try UUID.parameter("petitionID", of: request)
        guard let record = try await PetitionStore.petition(id: id, on: request.db),
              staff ? ParticipationPolicy.canReadPetition(principal, unitPath: record.unitPath, petitionerAccountID: record.accountID)
                  : record.accountID == principal.accountID
        else { throw AppError.notFound }
        let language = request.language
        let allowed = staff ? ParticipationPolicy.allowedPetitionActions(principal, unitPath: record.unitPath, state: record.petitionState, extended: record.extended) : []
        let can = Dictionary(uniqueKeysWithValues: allowed.map { ($0.rawValue, true) })
        let categories = try await HotlineViews.categoryNames(language, on: request.db)
        let body = DetailBody(
            id: id.uuidString.lowercased(), number: record.number, subject: record.subject, text: record.text,
            category: categories[record.categoryCode] ?? record.categoryCode, petitioner: record.petitionerName, phone: record.petitionerPhone ?? "",
            state: record.petitionState.title(in: language), stateCode: record.state, unit: record.unitName ?? "",
            due: record.dueAt.map(BeijingTime.minute) ?? "", decision: record.decision ?? "", answer: record.answer ?? "",
            events: try await PetitionStore.events(of: record, on: request.db).map { event in
                EventRow(at: BeijingTime.minute(event.at), action: Strings.text("petition_event_" + event.action, language), unit: event.unitName ?? "",
                         note: event.note ?? "")
            },
            staff: staff, can: can, units: staff ? try await HotlineViews.departmentOptions(language, on: request.db) : [], version: record.version, form: form)
        return try await request.renderPage("participation/petition", titleKey: "title_petition", body: body,
                                            notice: request.notice(from: ["filed": "petition_notice_filed", "done": "hotline_notice_done"]), status: status)
    }

    static func act(_ request: Request) async throws -> Response {
        let principal = try requireStaff(request)
        let id = try UUID.parameter("petitionID", of: request)
        guard let action = request.parameters.get("action").flatMap(PetitionAction.init(rawValue:)) else { throw AppError.notFound }
        let values = request.formValues(["unit", "reason", "days", "answer", "version"])
        let step: PetitionStore.Step
        switch action {
        case .route:
            guard let unit = values["unit"].flatMap(UUID.init(uuidString:)) else {
                return try await render(request, staff: true, form: FormState(values: values, errors: ["unit": HotlineProblem.unknownUnit.message(in: request.language)]),
                                        status: .badRequest)
            }
            step = .route(unitID: unit)
        case .accept: step = .accept
        case .decline: step = .decline(reason: values["reason"])
        case .extend: step = .extend(days: values["days"], reason: values["reason"])
        case .answer: step = .answer(text: values["answer"])
        }
        let actor = request.auditActor(role: ParticipationPolicy.petitionActingRole(principal))
        let calendar = try await request.workCalendar()
        let now = request.now
        do {
            _ = try await request.write { db in
                try await PetitionStore.act(step, on: id, expectedVersion: values["version"].flatMap(Int.init), principal: principal, by: actor, calendar: calendar,
                                            now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await render(request, staff: true, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as ParticipationProblem where problem != .notFound && problem != .notPermitted {
            return try await render(request, staff: true, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.participation.workPetition(id, query: ["done": "done"]))
    }
}
