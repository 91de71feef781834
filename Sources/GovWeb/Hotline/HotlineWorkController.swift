import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The hotline's workbench (12345 热线): the operator records calls, answers from the knowledge base, routes, approves
/// extensions and calls back; department staff handle what was sent to them.
enum HotlineWorkController {
    struct HomeBody: Encodable, Sendable {
        var isOperator: Bool
        var toRoute: [TicketRow]
        var toCallBack: [TicketRow]
        var extensions: [TicketRow]
        var inbox: [TicketRow]
        var recent: [TicketRow]
    }

    static func requireHotlineStaff(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard HotlinePolicy.worksTickets(principal) else { throw AppError.forbidden }
        return principal
    }

    static func requireOperator(_ request: Request) throws -> Principal {
        let principal = try request.requirePrincipal()
        guard HotlinePolicy.isOperator(principal) else { throw AppError.forbidden }
        return principal
    }

    static func home(_ request: Request) async throws -> Response {
        let principal = try requireHotlineStaff(request)
        let language = request.language
        let now = request.now
        let categories = try await HotlineViews.categoryNames(language, on: request.db)
        func rows(_ records: [TicketRecord]) -> [TicketRow] {
            records.map { HotlineViews.row($0, href: HotlineViews.staffHref($0), categories: categories, language: language, now: now) }
        }
        var body = HomeBody(isOperator: HotlinePolicy.isOperator(principal), toRoute: [], toCallBack: [], extensions: [], inbox: [], recent: [])
        if body.isOperator {
            let queue = try await HotlineStore.operatorQueue(on: request.db)
            body.toRoute = rows(queue.toRoute)
            body.toCallBack = rows(queue.toCallBack)
            body.extensions = rows(queue.extensions)
            body.recent = rows(try await HotlineStore.recent(limit: 50, on: request.db))
        }
        body.inbox = rows(try await HotlineStore.departmentInbox(of: principal, on: request.db))
        return try await request.renderPage("hotline/work-home", titleKey: "title_hotline_work", body: body)
    }

    // MARK: Recording a call

    struct CallBody: Encodable, Sendable {
        var kinds: [Option]
        var categories: [Option]
        var regions: [Option]
        var satisfactions: [Option]
        var query: String
        var knowledge: [KnowledgeRow]
        var similar: [TicketRow]
        var form: FormState
    }

    struct KnowledgeRow: Encodable, Sendable {
        var title: String
        var body: String
        var source: String
        var reference: String
    }

    static func knowledgeRows(_ query: String, language: Language, on database: any Database) async throws -> [KnowledgeRow] {
        try await KnowledgeStore.search(query, on: database).map {
            KnowledgeRow(title: $0.title, body: $0.body, source: Strings.text("hotline_source_" + $0.source, language), reference: $0.reference)
        }
    }

    static func newCall(_ request: Request) async throws -> Response {
        _ = try requireOperator(request)
        let query = String((request.query[String.self, at: "q"] ?? "").prefix(100))
        return try await renderCall(request, form: FormState(values: ["kind": "complaint", "urgency": "ordinary"]), query: query, similar: [], status: .ok)
    }

    static func renderCall(_ request: Request, form: FormState, query: String, similar: [TicketRow], status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let body = CallBody(
            kinds: HotlineViews.kindOptions(language, selected: form.values["kind"]),
            categories: HotlineViews.categoryOptions(try await HotlineStore.categories(on: request.db), language: language, selected: form.values["category"]),
            regions: try await HotlineViews.regionOptions(language, selected: form.values["region"], on: request.db),
            satisfactions: HotlineViews.satisfactionOptions(language), query: query,
            knowledge: try await knowledgeRows(query, language: language, on: request.db), similar: similar, form: form)
        return try await request.renderPage("hotline/call", titleKey: "title_hotline_call", body: body, status: status)
    }

    /// The operator records a call. Similar open tickets are shown first, and the call is filed once the operator says it
    /// is a new matter; a question answered on the call is filed as answered.
    static func recordCall(_ request: Request) async throws -> Response {
        _ = try requireOperator(request)
        let values = request.formValues(HotlineViews.draftFields + ["answer", "satisfaction", "new_matter"])
        var form = FormState(values: values)
        let language = request.language
        let now = request.now
        do {
            let ticket = try await HotlineViews.validate(HotlineViews.draft(from: values), contactRequired: true, on: request.db)
            if values["new_matter"] != "yes" {
                let similar = try await HotlineStore.similarOpen(to: ticket.subject + " " + ticket.description, category: ticket.category,
                                                                  phone: ticket.callerPhone, on: request.db)
                if !similar.isEmpty {
                    let categories = try await HotlineViews.categoryNames(language, on: request.db)
                    form.error = Strings.text("hotline_similar_found", language)
                    let rows = similar.map {
                        HotlineViews.row($0.record, href: HotlineViews.staffHref($0.record), categories: categories, language: language, now: now, score: $0.score)
                    }
                    return try await renderCall(request, form: form, query: "", similar: rows, status: .ok)
                }
            }
            let answer = try TextField.optional(values["answer"], max: 4000)
            let satisfaction = values["satisfaction"].flatMap(Int.init).flatMap(Satisfaction.init(rawValue:))
            let actor = request.auditActor(role: .hotlineOperator)
            let calendar = try await request.workCalendar()
            let intake = HotlineStore.Intake(channel: .phone, answeredOnCall: answer.map { (text: $0, satisfaction: satisfaction) })
            let number = try await request.reserveTicketNumber()
            let key = request.govhall.queryCodeKey
            let record = try await request.write { db in
                try await HotlineStore.file(ticket, intake: intake, number: number, by: actor, calendar: calendar, now: now, queryCodeKey: key, on: db).record
            }
            return request.redirect(to: Paths.hotline.ticket(try record.requireID(), query: ["done": "filed"]))
        } catch let errors as FieldErrors {
            form = FormState(refused: errors, values: values, in: language, withSummary: false)
            return try await renderCall(request, form: form, query: "", similar: [], status: .badRequest)
        } catch let problem as FieldProblem {
            form.errors = ["answer": problem.message(in: language)]
            return try await renderCall(request, form: form, query: "", similar: [], status: .badRequest)
        }
    }

    struct KnowledgeBody: Encodable, Sendable {
        var query: String
        var results: [KnowledgeRow]
        var count: Int
    }

    static func knowledge(_ request: Request) async throws -> Response {
        _ = try requireHotlineStaff(request)
        let query = String((request.query[String.self, at: "q"] ?? "").prefix(100))
        let body = KnowledgeBody(query: query, results: try await knowledgeRows(query, language: request.language, on: request.db),
                                 count: try await KnowledgeStore.count(on: request.db))
        return try await request.renderPage("hotline/knowledge", titleKey: "title_hotline_knowledge", body: body)
    }

    // MARK: A ticket

    struct TicketBody: Encodable, Sendable {
        var id: String
        var number: String
        var kind: String
        var channel: String
        var urgency: String
        var urgent: Bool
        var category: String
        var region: String
        var address: String
        var coordinates: String
        var subject: String
        var description: String
        var callerName: String
        var callerPhone: String
        var callerEmail: String
        var state: String
        var stateCode: String
        var unit: String
        var due: String
        var received: String
        var recordedBy: String
        var reply: String
        var replied: String
        var repliedOnTime: String
        var satisfaction: String
        var callbackNote: String
        var extensionRequested: String
        var extensionReason: String
        var publishConsent: Bool
        var published: Bool
        var canPublish: Bool
        var review: Review
        var can: [String: Bool]
        var units: [Option]
        var satisfactions: [Option]
        var similar: [TicketRow]
        var events: [TicketEventRow]
        var version: Int
        var form: FormState
    }

    /// The redaction step: the ticket as written with its personal data marked, and the texts to publish, masked to
    /// begin with (or as the reviewer last sent them, with what is still marked).
    struct Review: Encodable, Sendable {
        var originals: [MarkedText]
        var found: Int
        var subject: String
        var description: String
        var address: String
        var reply: String
        var hasAddress: Bool
        var hasReply: Bool
        var remaining: [MarkedText]
        var publishedTexts: [MarkedText]

        init(_ record: TicketRecord, canPublish: Bool, submitted: [String: String], language: Language) {
            let writer = record.writer
            func marked(_ key: String, _ text: String?) -> MarkedText? {
                text.map { MarkedText(label: Strings.text(key, language), text: $0, writer: writer, language: language) }
            }
            let proposed = HotlineStore.PublishedTexts.proposed(for: record)
            originals = canPublish ? [marked("hotline_subject", record.subject), marked("hotline_description", record.description),
                                      marked("hotline_address", record.address), marked("hotline_reply", record.reply)].compactMap { $0 } : []
            found = originals.reduce(0) { $0 + $1.found }
            subject = submitted["published_subject"] ?? proposed.subject
            description = submitted["published_description"] ?? proposed.description
            address = submitted["published_address"] ?? proposed.address ?? ""
            reply = submitted["published_reply"] ?? proposed.reply ?? ""
            hasAddress = record.address != nil
            hasReply = record.reply != nil
            remaining = submitted.isEmpty ? [] : [marked("hotline_subject", subject), marked("hotline_description", description),
                                                  marked("hotline_address", address), marked("hotline_reply", reply)]
                .compactMap { $0 }.filter { $0.found > 0 }
            publishedTexts = record.publishedAt == nil ? [] : [
                marked("hotline_subject", record.publishedSubject), marked("hotline_description", record.publishedDescription),
                marked("hotline_address", record.publishedAddress), marked("hotline_reply", record.publishedReply),
            ].compactMap { $0 }
        }
    }

    static func show(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try requireHotlineStaff(request)
        let id = try UUID.parameter("ticketID", of: request)
        guard let record = try await HotlineStore.ticket(id: id, on: request.db), HotlinePolicy.canRead(principal, record.scope) else { throw AppError.notFound }
        let language = request.language
        let now = request.now
        let categories = try await HotlineViews.categoryNames(language, on: request.db)
        let actors = HotlinePolicy.actors(principal, on: record.scope)
        // The caller's own actions are taken in their space (/my), not on the staff page.
        let allowed = HotlinePolicy.allowedActions(principal, on: record.scope, facts: record.facts, as: [.hotline, .department])
        let can = Dictionary(uniqueKeysWithValues: allowed.map { ($0.rawValue, true) })
        let detail: CallerDetail = HotlinePolicy.seesCallerInFull(principal, on: record.scope) ? .full : .masked
        let regionName = try await record.regionCode.asyncMap { code in
            try await OrganisationStore.unit(code: code, on: request.db)?.name(in: language) ?? code
        }
        let similar = record.ticketState.isOpen && actors.contains(.hotline)
            ? try await HotlineStore.similarOpen(to: record.subject + " " + record.description, category: record.categoryCode, phone: record.callerPhone,
                                                 excluding: id, on: request.db)
            : []
        let canPublish = HotlinePolicy.canPublish(principal) && (try? TicketPublication.check(
            kind: record.ticketKind, channel: record.ticketChannel, consent: record.publishConsent, replied: record.reply != nil, state: record.ticketState)) != nil
        let body = TicketBody(
            id: id.uuidString.lowercased(), number: record.number, kind: record.ticketKind.title(in: language), channel: record.ticketChannel.title(in: language),
            urgency: record.ticketUrgency.title(in: language), urgent: record.ticketUrgency == .urgent,
            category: "\(categories[record.categoryCode] ?? "") (\(record.categoryCode))", region: regionName ?? "", address: record.address ?? "",
            coordinates: record.latitude.map { lat in "\(lat), \(record.longitude ?? 0)" } ?? "", subject: record.subject, description: record.description,
            callerName: caller(record.callerName, detail: detail, mask: Mask.personName), callerPhone: caller(record.callerPhone, detail: detail, mask: Mask.phone),
            callerEmail: detail == .full ? record.callerEmail ?? "" : "", state: record.ticketState.title(in: language), stateCode: record.state,
            unit: record.unitName ?? "", due: record.ticketState == .assigned ? record.dueAt.map(BeijingTime.minute) ?? "" : "",
            received: BeijingTime.minute(record.receivedAt), recordedBy: record.recordedByName, reply: record.reply ?? "",
            replied: record.repliedAt.map { BeijingTime.minute($0) + " · " + (record.repliedByName ?? "") } ?? "",
            repliedOnTime: record.repliedOnTime.map { Strings.text($0 ? "hotline_on_time" : "hotline_late", language) } ?? "",
            satisfaction: record.rating?.title(in: language) ?? "", callbackNote: record.callbackNote ?? "",
            extensionRequested: record.extensionRequested.map(String.init) ?? "", extensionReason: record.extensionReason ?? "",
            publishConsent: record.publishConsent, published: record.publishedAt != nil,
            canPublish: canPublish,
            review: Review(record, canPublish: canPublish, submitted: form.values.filter { $0.key.hasPrefix("published_") }, language: language),
            can: can, units: try await HotlineViews.departmentOptions(language, selected: record.unitID, on: request.db),
            satisfactions: HotlineViews.satisfactionOptions(language),
            similar: similar.map { HotlineViews.row($0.record, href: HotlineViews.staffHref($0.record), categories: categories, language: language, now: now, score: $0.score) },
            events: HotlineViews.events(try await HotlineStore.events(of: record, on: request.db), language: language), version: record.version, form: form)
        return try await request.renderPage("hotline/ticket", titleKey: "title_hotline_ticket", body: body,
                                            notice: request.notice(from: ["filed": "hotline_notice_filed", "done": "hotline_notice_done",
                                                                          "published": "hotline_notice_published"]), status: status)
    }

    static func caller(_ value: String?, detail: CallerDetail, mask: (String) -> String) -> String {
        guard let value else { return "" }
        return detail == .full ? value : mask(value)
    }

    /// The step a posted form asks for.
    static func step(_ action: TicketAction, values: [String: String]) throws -> HotlineStore.Step {
        switch action {
        case .answer:
            return .answer(text: values["reply"], satisfaction: values["satisfaction"].flatMap(Int.init).flatMap(Satisfaction.init(rawValue:)))
        case .dispatch:
            guard let unit = values["unit"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors.single("unit", HotlineProblem.unknownUnit) }
            return .dispatch(unitID: unit)
        case .return: return .returnTicket(reason: values["reason"])
        case .requestExtension: return .requestExtension(amount: values["amount"], reason: values["reason"])
        case .approveExtension: return .approveExtension
        case .refuseExtension: return .refuseExtension(reason: values["reason"])
        case .reply: return .reply(text: values["reply"])
        case .callBack: return .callBack(satisfaction: values["satisfaction"].flatMap(Int.init).flatMap(Satisfaction.init(rawValue:)), note: values["note"])
        case .reopen: return .reopen(reason: values["reason"])
        }
    }

    static func act(_ request: Request) async throws -> Response {
        let principal = try requireHotlineStaff(request)
        let id = try UUID.parameter("ticketID", of: request)
        guard let action = request.parameters.get("action").flatMap(TicketAction.init(rawValue:)) else { throw AppError.notFound }
        let values = request.formValues(["reply", "satisfaction", "unit", "reason", "amount", "note", "version"])
        let actor = request.auditActor(role: HotlinePolicy.actingRole(principal))
        let calendar = try await request.workCalendar()
        let now = request.now
        do {
            let step = try step(action, values: values)
            let version = values["version"].flatMap(Int.init)
            _ = try await request.write { db in
                try await HotlineStore.act(step, on: id, expectedVersion: version, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.hotline.ticket(id, query: ["done": "done"]))
        } catch let errors as FieldErrors {
            return try await render(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as HotlineProblem where problem != .notFound && problem != .notPermitted {
            return try await render(request, form: FormState(values: values, error: problem.message(in: request.language)),
                                    status: problem == .changedSinceRead ? .conflict : .badRequest)
        }
    }

    static func publish(_ request: Request) async throws -> Response {
        let principal = try requireOperator(request)
        let id = try UUID.parameter("ticketID", of: request)
        let values = try request.content.decode([String: String].self)
        let texts = HotlineStore.PublishedTexts(subject: values["published_subject"] ?? "", description: values["published_description"] ?? "",
                                                address: values["published_address"], reply: values["published_reply"])
        let actor = request.auditActor(role: .hotlineOperator)
        let now = request.now
        do {
            try await request.write { db in
                try await HotlineStore.publish(id, texts: texts, confirmed: values["confirmed"] == "yes", principal: principal, by: actor, now: now, on: db)
            }
        } catch let problem as HotlineProblem where problem != .notFound {
            return try await render(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        } catch let problem as PublicationProblem {
            return try await render(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.hotline.ticket(id, query: ["done": "published"]))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
