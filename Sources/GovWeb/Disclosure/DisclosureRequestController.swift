import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Requests for disclosure (依申请公开): filed online by citizens and enterprises, recorded from paper by the disclosure
/// office, handled on the workbench, answered with a printable letter, and tracked with the number and query code.
enum DisclosureRequestController {
    struct FormBody: Encodable, Sendable {
        var action: String
        var online: Bool
        var units: [Option]
        var kinds: [Option]
        var forms: [Option]
        var deliveries: [Option]
        var form: FormState
        var lockedIdentity: Bool
        var regulationsHint: String
    }

    static func formBody(_ request: Request, online: Bool, form: FormState) async throws -> FormBody {
        let language = request.language
        let principal = try request.requirePrincipal()
        var units = try await DisclosurePortalController.publishingUnits(on: request.db)
        if !online { units = units.filter { unit in DisclosureAccess.draftsFor(unitPath: unit.path, principal) } }
        var kinds = RequesterKind.allCases
        if online, let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) {
            kinds = account.kind == .citizen ? [.naturalPerson] : kinds.filter { !$0.isNaturalPerson }
        }
        let edition = request.application.govhall.config.disclosureRegulations
        return FormBody(
            action: online ? Paths.disclosure.requests() : Paths.disclosure.workRequests(), online: online,
            units: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: language), selected: $0.id.uuidString.lowercased() == form.values["unit"]) },
            kinds: kinds.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == form.values["kind"]) },
            forms: DeliveryForm.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == form.values["form"]) },
            deliveries: DeliveryMethod.allCases.filter { online || $0 != .online }.map {
                Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == form.values["delivery"])
            },
            form: form, lockedIdentity: online,
            regulationsHint: Strings.format("request_limit_hint", language, ["days": "\(edition.replyWorkingDays)", "extension": "\(edition.extensionWorkingDays)"]))
    }

    // MARK: Online

    static func newOnline(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        var form = FormState()
        form.values = ["name": account.displayName, "identifier": account.residentID ?? account.creditCode ?? "", "phone": account.phone ?? "",
                       "email": account.email ?? "", "form": DeliveryForm.electronic.rawValue, "delivery": DeliveryMethod.online.rawValue,
                       "kind": account.kind == .citizen ? RequesterKind.naturalPerson.rawValue : RequesterKind.commercialEnterprise.rawValue]
        if let unit = request.query[String.self, at: "unit"] { form.values["unit"] = unit }
        return try await request.renderPage("disclosure/request-form", titleKey: "title_request_new", body: try await formBody(request, online: true, form: form))
    }

    static func application(from fields: [String: String], account: AccountProfile?) throws -> DisclosureApplication {
        guard let kind = fields["kind"].flatMap(RequesterKind.init(rawValue:)) else { throw FieldErrors.single("kind", FieldProblem.required) }
        guard let form = fields["form"].flatMap(DeliveryForm.init(rawValue:)) else { throw FieldErrors.single("form", FieldProblem.required) }
        guard let delivery = fields["delivery"].flatMap(DeliveryMethod.init(rawValue:)) else { throw FieldErrors.single("delivery", FieldProblem.required) }
        // Online, the requester is the signed-in account: its name and identifier, not what the form says.
        if let account {
            guard (account.kind == .citizen) == kind.isNaturalPerson else { throw FieldErrors.single("kind", FieldProblem.invalid) }
        }
        return DisclosureApplication(
            kind: kind, name: account?.displayName ?? fields["name"] ?? "", identifier: account.flatMap { $0.residentID ?? $0.creditCode } ?? fields["identifier"] ?? "",
            contactPerson: fields["contact_person"] ?? "", phone: fields["phone"] ?? "", email: fields["email"] ?? "", address: fields["address"] ?? "",
            description: fields["description"] ?? "", form: form, delivery: delivery)
    }

    static func fileOnline(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        return try await file(request, fields: fields, channel: .online(accountID: principal.accountID), account: account, role: .applicant) { record, code in
            Paths.disclosure.myRequest(try record.requireID(), query: ["done": "filed", "code": code])
        }
    }

    static func file(
        _ request: Request, fields: [String: String], channel: RequestChannel, account: AccountProfile?, role: Role,
        redirect: (DisclosureRequestRecord, String) throws -> String
    ) async throws -> Response {
        let principal = try request.requirePrincipal()
        let calendar = try await request.workCalendar()
        let now = request.now
        let actor = request.auditActor(role: role)
        let edition = request.application.govhall.config.disclosureRegulations
        let online = account != nil
        do {
            guard let unitID = fields["unit"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors.single("unit", FieldProblem.required) }
            let application = try application(from: fields, account: account)
            let (record, code) = try await request.write { db in
                try await DisclosureRequestStore.file(application, to: unitID, channel: channel, principal: principal, by: actor, regulations: edition,
                                                      regionCode: try await OrganisationStore.rootRegionCode(on: db), calendar: calendar, now: now,
                                                      queryCodeKey: request.govhall.queryCodeKey, on: db)
            }
            return request.redirect(to: try redirect(record, code))
        } catch let errors as FieldErrors {
            let form = FormState(refused: errors, values: fields, in: request.language)
            return try await request.renderPage("disclosure/request-form", titleKey: "title_request_new",
                                                body: try await formBody(request, online: online, form: form), status: .badRequest)
        } catch DisclosureProblem.notPermitted {
            let form = FormState(refused: .single("unit", DisclosureProblem.notPermitted), values: fields, in: request.language)
            return try await request.renderPage("disclosure/request-form", titleKey: "title_request_new",
                                                body: try await formBody(request, online: online, form: form), status: .forbidden)
        }
    }

    // MARK: Paper, at the disclosure office

    static func newPaper(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard DisclosureAccess.drafts(principal) else { throw AppError.forbidden }
        var form = FormState()
        form.values = ["received_on": CivilDate.beijing(request.now).description, "kind": RequesterKind.naturalPerson.rawValue,
                       "form": DeliveryForm.paper.rawValue, "delivery": DeliveryMethod.post.rawValue]
        return try await request.renderPage("disclosure/request-form", titleKey: "title_request_paper", body: try await formBody(request, online: false, form: form))
    }

    static func filePaper(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard DisclosureAccess.drafts(principal) else { throw AppError.forbidden }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        guard let day = CivilDate((fields["received_on"] ?? "").trimmingCharacters(in: .whitespaces)) else {
            let form = FormState(refused: .single("received_on", FieldProblem.invalid), values: fields, in: request.language)
            return try await request.renderPage("disclosure/request-form", titleKey: "title_request_paper",
                                                body: try await formBody(request, online: false, form: form), status: .badRequest)
        }
        return try await file(request, fields: fields, channel: .paper(receivedOn: day), account: nil, role: .disclosureOfficer) { record, code in
            Paths.disclosure.workRequest(try record.requireID(), query: ["done": "recorded", "code": code])
        }
    }

    // MARK: Lists and pages

    struct ListBody: Encodable, Sendable {
        var rows: [RequestRow]
        var open: String
        var canRecord: Bool
        var canReadReport: Bool
    }

    struct RequestRow: Encodable, Sendable {
        var href: String
        var number: String
        var requester: String
        var summary: String
        var unit: String
        var state: String
        var stateCode: String
        var received: String
        var due: String
        var outcome: String
    }

    static func row(_ record: DisclosureRequestRecord, href: String, units: [UUID: String], language: Language) -> RequestRow {
        RequestRow(
            href: href, number: record.number, requester: record.requesterName, summary: record.summary, unit: units[record.unitID] ?? "",
            state: record.requestState.title(in: language), stateCode: record.state, received: BeijingTime.minute(record.receivedAt),
            due: record.replyDue.map(BeijingTime.deadline) ?? "", outcome: record.responseOutcome?.title(in: language) ?? "")
    }

    static func staffList(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let raw = request.query[String.self, at: "open"] ?? ""
        let open: Bool? = raw == "1" ? true : raw == "0" ? false : nil
        let records = try await DisclosureRequestStore.list(for: principal, open: open, on: request.db)
        let units = try await OrganisationStore.names(language, on: request.db)
        let body = ListBody(
            rows: try records.map { row($0, href: Paths.disclosure.workRequest(try $0.requireID()), units: units, language: language) },
            open: raw, canRecord: DisclosureAccess.drafts(principal), canReadReport: DisclosureAccess.readsSomeAnnualReport(principal))
        return try await request.renderPage("disclosure/requests", titleKey: "title_requests", body: body)
    }

    struct RequestBody: Encodable, Sendable {
        var number: String
        var queryCode: String?
        var state: String
        var stateCode: String
        var unit: String
        var requester: String
        var requesterKind: String
        var identifier: String
        var contact: String
        var description: String
        var form: String
        var delivery: String
        var channel: String
        var received: String
        var due: String
        var clarificationDue: String
        var extended: Bool
        var outcome: String
        var explanation: String
        var letterHref: String?
        var history: [SupervisionOrderController.HistoryRow]
        var actions: [ActionRow]
        var outcomes: [Option]
        var version: Int
        var formPrefix: String
        var backHref: String
        var error: String?
    }

    struct ActionRow: Encodable, Sendable {
        var name: String
        var label: String
        var textLabel: String
        var withOutcome: Bool
        var withDays: Bool
    }

    static func staffShow(_ request: Request) async throws -> Response {
        try await renderStaff(request, side: "workbench", error: nil, status: .ok)
    }

    static func supervisorShow(_ request: Request) async throws -> Response {
        try await renderStaff(request, side: "supervision", error: nil, status: .ok)
    }

    static func renderStaff(_ request: Request, side: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        let record = try await DisclosureRequestStore.findForStaff(id, principal: principal, on: request.db)
        let working = side == "workbench"
        let prefix = working ? Paths.disclosure.workRequest(id) : Paths.disclosure.supervisedRequest(id)
        let letterHref = working ? Paths.disclosure.workRequestLetter(id) : Paths.disclosure.supervisedRequestLetter(id)
        // A supervisor watches the work; the requester's identifier and contact are for the unit's caseworkers.
        let caseworker = DisclosureAccess.seesRequesterData(unitPath: record.unitPath, principal)
        var body = try await requestBody(
            record, language: request.language, showIdentifier: caseworker, showContact: caseworker, letterHref: letterHref, on: request.db)
        body.formPrefix = prefix
        body.backHref = working ? Paths.disclosure.workRequests() : Paths.supervision.obligations()
        body.error = error
        body.queryCode = request.query[String.self, at: "code"].map { String($0.prefix(6)) }
        if side == "workbench" {
            let roles = DisclosureAccess.roles(over: record.unitPath, principal)
            let calendar = try await request.workCalendar()
            body.actions = DisclosureRequestRules.available(to: record.facts, roles: roles, regulations: record.edition, calendar: calendar, now: request.now,
                                                            clarificationDue: record.clarificationDue).map { name in
                ActionRow(name: name, label: Strings.text("request_action_\(name)", request.language),
                          textLabel: Strings.text("request_text_\(name)", request.language), withOutcome: name == "answer",
                          withDays: name == "request_clarification")
            }
        }
        return try await request.renderPage(
            "disclosure/request", titleKey: "title_request", body: body,
            notice: request.notice(from: ["recorded": "request_notice_recorded", "acted": "disclosure_notice_acted"]), status: status)
    }

    static func requestBody(
        _ record: DisclosureRequestRecord, language: Language, showIdentifier: Bool, showContact: Bool, letterHref: String, on database: any Database
    ) async throws -> RequestBody {
        let application = try record.application()
        let unit = try await OrganisationStore.unit(id: record.unitID, on: database)
        let events = try await DisclosureRequestStore.events(of: try record.requireID(), on: database)
        return RequestBody(
            number: record.number, queryCode: nil, state: record.requestState.title(in: language), stateCode: record.state,
            unit: unit?.name(in: language) ?? "", requester: application.name, requesterKind: application.kind.title(in: language),
            identifier: showIdentifier ? application.identifier : Mask.identifier(application.identifier),
            contact: (showContact
                ? [application.contactPerson, application.phone, application.email, application.address]
                : [Mask.personName(application.contactPerson), Mask.phone(application.phone), Mask.middle(application.email, keepPrefix: 1, keepSuffix: 0)]
            ).filter { !$0.isEmpty }.joined(separator: " · "),
            description: application.description, form: application.form.title(in: language), delivery: application.delivery.title(in: language),
            channel: Strings.text("request_channel_\(record.channel)", language), received: BeijingTime.minute(record.receivedAt),
            due: record.replyDue.map(BeijingTime.deadline) ?? "", clarificationDue: record.clarificationDue.map(BeijingTime.deadline) ?? "",
            extended: record.extended, outcome: record.responseOutcome?.title(in: language) ?? "", explanation: record.explanation ?? "",
            letterHref: record.requestState == .answered ? letterHref : nil,
            history: events.map {
                SupervisionOrderController.HistoryRow(at: BeijingTime.minute($0.at), action: Strings.text("request_action_\($0.action)", language),
                                                      actor: $0.actorName, text: $0.text ?? "")
            },
            actions: [], outcomes: ResponseOutcome.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: false) },
            version: record.version, formPrefix: "", backHref: "", error: nil)
    }

    static func act(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let text = String((fields["text"] ?? "").prefix(4000))
        let action: RequestAction
        switch request.parameters.get("action") ?? "" {
        case "request_clarification": action = .requestClarification(text: text)
        case "receive_clarification": action = .receiveClarification(text: text)
        case "start_consultation": action = .startConsultation(thirdParty: text)
        case "end_consultation": action = .endConsultation(opinion: text)
        case "extend": action = .extend(reason: text)
        case "answer":
            guard let outcome = fields["outcome"].flatMap(ResponseOutcome.init(rawValue:)) else {
                return try await renderStaff(request, side: "workbench", error: Strings.text("request_outcome_required", request.language), status: .badRequest)
            }
            action = .answer(outcome: outcome, explanation: text)
        default: throw AppError.notFound
        }
        let days = fields["days"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 15
        let actor = request.auditActor(role: action.role)
        let calendar = try await request.workCalendar()
        let now = request.now
        let expected = fields["version"].flatMap { Int($0) }
        do {
            _ = try await request.write { db in
                try await DisclosureRequestStore.act(action, on: id, expectedVersion: expected, principal: principal, by: actor,
                                                     clarificationWorkingDays: days, calendar: calendar, now: now, on: db)
            }
        } catch let problem as RequestProblem where problem != .notPermitted {
            return try await renderStaff(request, side: "workbench", error: problem.message(in: request.language), status: .badRequest)
        }
        return request.redirect(to: Paths.disclosure.workRequest(id, query: ["done": "acted"]))
    }

    // MARK: The applicant's side

    static func ownShow(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        guard let record = try await DisclosureRequestStore.findOwn(id, accountID: principal.accountID, on: request.db) else { throw AppError.notFound }
        var body = try await requestBody(record, language: request.language, showIdentifier: false, showContact: true,
                                         letterHref: Paths.disclosure.myRequestLetter(id), on: request.db)
        body.queryCode = request.query[String.self, at: "code"].map { String($0.prefix(6)) }
        body.backHref = Paths.portal.my()
        return try await request.renderPage("disclosure/request", titleKey: "title_request", body: body,
                                            notice: request.notice(from: ["filed": "request_notice_filed"]))
    }

    struct LetterBody: Encodable, Sendable {
        var issuer: String
        var title: String
        var number: String
        var addressee: String
        var paragraphs: [String]
        var date: String
        var backLink: String
    }

    static func letter(_ record: DisclosureRequestRecord, backLink: String, _ request: Request) async throws -> Response {
        guard record.requestState == .answered, let outcome = record.responseOutcome, let answeredAt = record.answeredAt else { throw AppError.notFound }
        let language = request.language
        let application = try record.application()
        let unit = try await OrganisationStore.unit(id: record.unitID, on: request.db)
        let body = LetterBody(
            issuer: unit?.name(in: language) ?? "", title: Strings.text("request_letter_title", language), number: record.number, addressee: application.name,
            paragraphs: ReplyLetter.paragraphs(receivedOn: CivilDate.beijing(record.receivedAt), number: record.number, outcome: outcome,
                                               explanation: record.explanation, delivery: application.delivery, language: language),
            date: CivilDate.beijing(answeredAt).written(in: language), backLink: backLink)
        return try await request.renderPage("disclosure/letter", titleKey: "request_letter_title", body: body)
    }

    static func ownLetter(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        guard let record = try await DisclosureRequestStore.findOwn(id, accountID: principal.accountID, on: request.db) else { throw AppError.notFound }
        return try await letter(record, backLink: Paths.disclosure.myRequest(id), request)
    }

    static func staffLetter(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        let record = try await DisclosureRequestStore.findForStaff(id, principal: principal, on: request.db)
        let supervising = request.url.path.hasPrefix(Paths.supervision.home())
        return try await letter(
            record, backLink: supervising ? Paths.disclosure.supervisedRequest(id) : Paths.disclosure.workRequest(id), request)
    }

    // MARK: Tracking without signing in

    struct TrackBody: Encodable, Sendable {
        var number: String
        var found: RequestRow?
        var searched: Bool
    }

    static func track(_ request: Request) async throws -> Response {
        let number = String((request.query[String.self, at: "number"] ?? "").prefix(40))
        let code = String((request.query[String.self, at: "code"] ?? "").prefix(12))
        var found: RequestRow?
        if !number.isEmpty || !code.isEmpty, let record = try await request.lookUpByQueryCode(.disclosureRequest, number: number, { db in
            number.isEmpty || code.isEmpty ? nil : try await DisclosureRequestStore.track(number: number, queryCode: code, key: request.govhall.queryCodeKey, on: db)
        }) {
            let units = try await OrganisationStore.names(request.language, on: request.db)
            var row = row(record, href: "", units: units, language: request.language)
            if record.requesterKind == RequesterKind.naturalPerson.rawValue { row.requester = Mask.personName(row.requester) }
            found = row
        }
        // Asked and not found is a 404, whichever part was wrong, as on the other tracking pages.
        let asked = !number.isEmpty || !code.isEmpty
        return try await request.renderPage("disclosure/track", titleKey: "title_request_track",
                                            body: TrackBody(number: number, found: found, searched: asked),
                                            status: asked && found == nil ? .notFound : .ok)
    }
}
