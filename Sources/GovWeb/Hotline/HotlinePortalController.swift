import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The hotline on the portal: the web form (网上诉求), tracking by number and query code, the person's own tickets with
/// their rating, and the leader mailbox (领导信箱) with its published letters and monthly figures. Nothing public shows
/// who wrote, and what is published is the text staff reviewed for personal data (``PublicationReview``).
enum HotlinePortalController {
    struct FormBody: Encodable, Sendable {
        var kinds: [Option]
        var categories: [Option]
        var regions: [Option]
        var addressees: [Option]
        var mailbox: Bool
        var signedIn: Bool
        var form: FormState
    }

    static func formPage(_ request: Request) async throws -> Response {
        var values = ["kind": "complaint"]
        if let principal = request.principal, let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) {
            values["caller_name"] = account.displayName
            values["caller_phone"] = account.phone ?? ""
        }
        return try await renderForm(request, mailbox: false, form: FormState(values: values), status: .ok)
    }

    static func renderForm(_ request: Request, mailbox: Bool, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        var addressees: [Option] = []
        if mailbox {
            let root = try await OrganisationStore.root(on: request.db)
            addressees = [Option(value: root?.id.uuidString.lowercased() ?? "", label: Strings.text("mailbox_mayor", language),
                                 selected: form.values["addressee"] == root?.id.uuidString.lowercased())]
                + (try await HotlineViews.departmentOptions(language, on: request.db)).map { option in
                    var option = option
                    option.label = Strings.format("mailbox_head_of", language, ["unit": option.label])
                    option.selected = form.values["addressee"] == option.value
                    return option
                }
        }
        let body = FormBody(
            kinds: HotlineViews.kindOptions(language, selected: form.values["kind"]),
            categories: HotlineViews.categoryOptions(try await HotlineStore.categories(on: request.db), language: language, selected: form.values["category"]),
            regions: try await HotlineViews.regionOptions(language, selected: form.values["region"], on: request.db),
            addressees: addressees, mailbox: mailbox, signedIn: request.principal != nil, form: form)
        return try await request.renderPage(mailbox ? "hotline/mailbox-write" : "hotline/form", titleKey: mailbox ? "title_mailbox_write" : "title_hotline",
                                            body: body, status: status)
    }

    /// Files a ticket from the web form; anyone may, and a signed-in applicant files it as their own.
    static func file(_ request: Request) async throws -> Response {
        try await submit(request, mailbox: false)
    }

    static func submit(_ request: Request, mailbox: Bool) async throws -> Response {
        let values = request.formValues(HotlineViews.draftFields + ["addressee"])
        let principal = request.principal
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            let ticket = try await HotlineViews.validate(HotlineViews.draft(from: values), contactRequired: true, on: request.db)
            var addressee: OrganisationUnit?
            if mailbox {
                guard let id = values["addressee"].flatMap(UUID.init(uuidString:)), let unit = try await HotlineStore.mailboxAddressee(id: id, on: request.db)
                else { throw FieldErrors.single("addressee", HotlineProblem.unknownUnit) }
                addressee = unit
            }
            let ownAccount = HotlinePolicy.owningAccount(principal)
            let actor = request.auditActor(role: ownAccount == nil ? nil : .applicant)
            let calendar = try await request.workCalendar()
            let intake = HotlineStore.Intake(channel: mailbox ? .mailbox : .web, accountID: ownAccount, addressee: addressee)
            let number = try await request.reserveTicketNumber()
            let key = request.govhall.queryCodeKey
            let (record, code) = try await request.write { db in
                try await HotlineStore.file(ticket, intake: intake, number: number, by: actor, calendar: calendar, now: now, queryCodeKey: key, on: db)
            }
            // Post/Redirect/Get: a reload of the receipt shows it again and files nothing.
            return request.redirect(to: Paths.hotline.receipt(query: ["number": record.number, "code": code]))
        } otherwise: { form in
            try await renderForm(request, mailbox: mailbox, form: form, status: .badRequest)
        }
    }

    struct ReceiptBody: Encodable, Sendable {
        var number: String
        var queryCode: String
        var trackHref: String
    }

    /// The receipt: the number and the query code the person needs to follow the ticket. The filing redirects here
    /// with both in the address (only the code's hash is kept, so the address is the only place it is); the pair is
    /// checked like a tracking query, so a made-up address shows no receipt.
    static func receipt(_ request: Request) async throws -> Response {
        let number = String((request.query[String.self, at: "number"] ?? "").prefix(40))
        let code = String((request.query[String.self, at: "code"] ?? "").prefix(12))
        guard let record = try await request.lookUpByQueryCode(
            .ticket, number: number, { try await HotlineStore.track(number: number, code: code, key: request.govhall.queryCodeKey, on: $0) })
        else { throw AppError.notFound }
        let body = ReceiptBody(number: record.number, queryCode: code,
                               trackHref: Paths.hotline.track(query: ["number": record.number, "code": code]))
        return try await request.renderPage("hotline/receipt", titleKey: "title_hotline_receipt", body: body)
    }

    struct TrackBody: Encodable, Sendable {
        var number: String
        var code: String
        var searched: Bool
        var ticket: PublicTicket?
        var canRate: Bool
        var canReopen: Bool
        var satisfactions: [Option]
        var ownHref: String
        var form: FormState
    }

    struct PublicTicket: Encodable, Sendable {
        var number: String
        var kind: String
        var subject: String
        var category: String
        var caller: String
        var state: String
        var stateCode: String
        var unit: String
        var received: String
        var due: String
        var reply: String
        var replied: String
        var satisfaction: String
        var events: [TicketEventRow]
    }

    static func publicTicket(_ record: TicketRecord, language: Language, on database: any Database) async throws -> PublicTicket {
        let categories = try await HotlineViews.categoryNames(language, on: database)
        let events = try await HotlineStore.events(of: record, on: database)
        return PublicTicket(
            number: record.number, kind: record.ticketKind.title(in: language), subject: record.subject, category: categories[record.categoryCode] ?? "",
            caller: record.callerName.map(Mask.personName) ?? "", state: record.ticketState.title(in: language), stateCode: record.state,
            unit: record.unitName ?? "", received: BeijingTime.minute(record.receivedAt),
            due: record.ticketState == .assigned ? record.dueAt.map(BeijingTime.minute) ?? "" : "", reply: record.reply ?? "",
            replied: record.repliedAt.map(BeijingTime.minute) ?? "", satisfaction: record.rating?.title(in: language) ?? "",
            // Who did what inside government is not the caller's concern; the steps and their times are.
            events: HotlineViews.events(events, language: language).map { TicketEventRow(at: $0.at, action: $0.action, actor: "", unit: $0.unit, note: "") })
    }

    /// Tracking (进度查询) by number and query code; wrong code and unknown number look the same.
    static func track(_ request: Request) async throws -> Response {
        let number = String((request.query[String.self, at: "number"] ?? "").prefix(40))
        let code = String((request.query[String.self, at: "code"] ?? "").prefix(12))
        var ticket: PublicTicket?
        var form = FormState(values: ["number": number, "code": code])
        if !number.isEmpty || !code.isEmpty {
            if let record = try await request.lookUpByQueryCode(.ticket, number: number, { try await HotlineStore.track(number: number, code: code, key: request.govhall.queryCodeKey, on: $0) }) {
                ticket = try await publicTicket(record, language: request.language, on: request.db)
            } else {
                form.error = HotlineProblem.notFound.message(in: request.language)
            }
        }
        let body = TrackBody(number: number, code: code, searched: !number.isEmpty, ticket: ticket, canRate: false, canReopen: false,
                             satisfactions: [], ownHref: "", form: form)
        return try await request.renderPage("hotline/track", titleKey: "title_hotline_track", body: body, status: form.error == nil ? .ok : .notFound)
    }

    // MARK: The person's own

    struct OwnBody: Encodable, Sendable {
        var tickets: [TicketRow]
    }

    /// The applicant's own tickets, in their space (/my), as their cases are.
    static func requireApplicant(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard HotlinePolicy.filesOwnTickets(principal) else { throw AppError.forbidden }
        return principal
    }

    static func own(_ request: Request) async throws -> Response {
        let principal = try requireApplicant(request)
        let language = request.language
        let categories = try await HotlineViews.categoryNames(language, on: request.db)
        let now = request.now
        let rows = try await HotlineStore.own(accountID: principal.accountID, on: request.db).map {
            HotlineViews.row($0, href: Paths.hotline.myTicket($0.id!), categories: categories, language: language, now: now)
        }
        return try await request.renderPage("hotline/my", titleKey: "title_my_hotline", body: OwnBody(tickets: rows))
    }

    static func ownTicket(_ request: Request) async throws -> Response {
        try await renderOwn(request, form: FormState(), status: .ok)
    }

    static func renderOwn(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try requireApplicant(request)
        let id = try UUID.parameter("ticketID", of: request)
        guard let record = try await HotlineStore.ticket(id: id, on: request.db), HotlinePolicy.canReadOwn(principal, record.scope) else { throw AppError.notFound }
        let language = request.language
        let own = HotlinePolicy.allowedActions(principal, on: record.scope, facts: record.facts, as: [.caller])
        let body = TrackBody(
            number: record.number, code: "", searched: true, ticket: try await publicTicket(record, language: language, on: request.db),
            canRate: own.contains(.callBack), canReopen: own.contains(.reopen),
            satisfactions: HotlineViews.satisfactionOptions(language), ownHref: Paths.hotline.myTicket(id), form: form)
        return try await request.renderPage("hotline/track", titleKey: "title_hotline_track", body: body,
                                            notice: request.notice(from: ["rated": "hotline_notice_rated", "reopened": "hotline_notice_reopened"]), status: status)
    }

    /// The caller rates the answer themselves (instead of waiting for the call-back), or has an unsatisfying one reopened.
    static func ownAct(_ request: Request) async throws -> Response {
        let principal = try requireApplicant(request)
        let id = try UUID.parameter("ticketID", of: request)
        guard let action = request.parameters.get("action").flatMap(TicketAction.init(rawValue:)), action == .callBack || action == .reopen else {
            throw AppError.notFound
        }
        let values = request.formValues(["satisfaction", "note", "reason"])
        let actor = request.auditActor(role: .applicant)
        let calendar = try await request.workCalendar()
        let now = request.now
        do {
            let step = try HotlineWorkController.step(action, values: values)
            _ = try await request.write { db in
                try await HotlineStore.act(step, on: id, expectedVersion: nil, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.hotline.myTicket(id, query: ["done": action == .reopen ? "reopened" : "rated"]))
        } catch let errors as FieldErrors {
            return try await renderOwn(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as HotlineProblem where problem != .notFound && problem != .notPermitted {
            return try await renderOwn(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
    }

    // MARK: The leader mailbox

    struct MailboxBody: Encodable, Sendable {
        var letters: [LetterRow]
        var months: [MonthRow]
    }

    struct LetterRow: Encodable, Sendable {
        var href: String
        var subject: String
        var unit: String
        var received: String
        var replied: String
    }

    struct MonthRow: Encodable, Sendable {
        var month: String
        var received: Int
        var replied: Int
        var onTime: Int
        var onTimeRate: String
    }

    static func mailbox(_ request: Request) async throws -> Response {
        let letters = try await HotlineStore.publishedLetters(on: request.db).map { record in
            LetterRow(href: Paths.hotline.letter(record.id!), subject: record.publishedSubject ?? "",
                      unit: record.unitName ?? "", received: BeijingTime.minute(record.receivedAt), replied: record.repliedAt.map(BeijingTime.minute) ?? "")
        }
        let months = try await HotlineStore.mailboxFigures(now: request.now, on: request.db).map { month in
            MonthRow(month: month.month, received: month.received, replied: month.replied, onTime: month.onTime,
                     onTimeRate: month.replied == 0 ? "—" : String(format: "%.1f%%", Double(month.onTime) / Double(month.replied) * 100))
        }
        return try await request.renderPage("hotline/mailbox", titleKey: "title_mailbox", body: MailboxBody(letters: letters, months: months))
    }

    struct LetterBody: Encodable, Sendable {
        var subject: String
        var text: String
        var unit: String
        var received: String
        var reply: String
        var replied: String
    }

    static func letter(_ request: Request) async throws -> Response {
        let id = try UUID.parameter("letterID", of: request)
        guard let record = try await HotlineStore.publishedLetter(id, on: request.db) else { throw AppError.notFound }
        let body = LetterBody(
            subject: record.publishedSubject ?? "", text: record.publishedDescription ?? "", unit: record.unitName ?? "",
            received: BeijingTime.minute(record.receivedAt), reply: record.publishedReply ?? "",
            replied: record.repliedAt.map(BeijingTime.minute) ?? "")
        return try await request.renderPage("hotline/letter", titleKey: "title_mailbox_letter", body: body)
    }

    static func writePage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        var values = ["kind": "suggestion"]
        if let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) {
            values["caller_name"] = account.displayName
            values["caller_phone"] = account.phone ?? ""
        }
        return try await renderForm(request, mailbox: true, form: FormState(values: values), status: .ok)
    }

    static func write(_ request: Request) async throws -> Response {
        _ = try request.requirePrincipal()
        return try await submit(request, mailbox: true)
    }
}
