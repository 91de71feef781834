import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Supervision orders (督办) on both sides: the supervisor issues, sends back and closes; the unit's head replies.
enum SupervisionOrderController {
    struct ListBody: Encodable, Sendable {
        var orders: [OrderRow]
        var state: String
        var states: [Option]
        var csvURL: String
        var side: String
    }

    struct OrderRow: Encodable, Sendable {
        var number: String
        var href: String
        var subject: String
        var unit: String
        var state: String
        var stateCode: String
        var issued: String
        var replyDue: String
        var light: String
        var outcome: String
    }

    struct OrderBody: Encodable, Sendable {
        var id: String
        var number: String
        var subject: String
        var subjectHref: String?
        var violation: String?
        var unit: String
        var instruction: String
        var state: String
        var stateCode: String
        var issuedBy: String
        var issued: String
        var replyDue: String
        var replyLight: String
        var reply: String?
        var replied: String?
        var repliedBy: String?
        var outcome: String?
        var outcomeText: String?
        var accountablePerson: String?
        var measure: String?
        var closed: String?
        var history: [HistoryRow]
        var version: Int
        var canReply: Bool
        var canDecide: Bool
        var outcomes: [Option]
        var measures: [Option]
        var form: FormState
        var backLink: String
        var formPrefix: String
    }

    struct HistoryRow: Encodable, Sendable {
        var at: String
        var action: String
        var actor: String
        var text: String
    }

    // MARK: Issuing

    /// From a case's supervision page: an order about the case or one of its violations.
    static func issue(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        guard let caseID = fields["case_id"].flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let subject: SupervisionOrderSubject = if let violation = fields["violation_id"].flatMap(UUID.init(uuidString:)) {
            .violation(violation)
        } else {
            .case(caseID)
        }
        let calendar = try await request.workCalendar()
        let now = request.now
        let actor = request.auditActor(role: .supervisor)
        do {
            let instruction = try TextField.required(fields["instruction"], max: SupervisionOrderRules.maximumTextLength)
            guard let days = fields["reply_days"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw FieldErrors.single("reply_days", FieldProblem.invalid)
            }
            let order = try await request.write { db in
                try await SupervisionOrderStore.issue(
                    about: subject, instruction: instruction, replyWorkingDays: days, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.supervision.order(try order.requireID(), query: ["done": "issued"]))
        } catch let problem as FieldProblem {
            return try await SupervisionCaseController.render(request, caseID: caseID, form: failed(fields, field: "instruction", problem, request.language), status: .badRequest)
        } catch let errors as FieldErrors {
            let form = FormState(refused: errors, values: fields, in: request.language)
            return try await SupervisionCaseController.render(request, caseID: caseID, form: form, status: .badRequest)
        } catch let error as SupervisionError {
            let field = error == .textRequired(.instruction) ? "instruction" : "reply_days"
            return try await SupervisionCaseController.render(request, caseID: caseID, form: failed(fields, field: field, error, request.language), status: .badRequest)
        }
    }

    // MARK: Lists

    static func supervisorList(_ request: Request) async throws -> Response {
        try await list(request, side: "supervision")
    }

    static func unitList(_ request: Request) async throws -> Response {
        try await list(request, side: "workbench")
    }

    /// An order's page on `side`: the supervisor's, or the unit's on the workbench.
    static func orderPath(_ side: String) -> Path1<UUID> {
        side == "supervision" ? Paths.supervision.order : Paths.supervision.unitOrder
    }

    static func list(_ request: Request, side: String) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let stateRaw = request.query[String.self, at: "state"] ?? ""
        let state = SupervisionOrderState(rawValue: stateRaw)
        let rows = try await rows(for: principal, state: state, side: side, request: request)
        let body = ListBody(
            orders: rows, state: stateRaw,
            states: SupervisionOrderState.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0 == state) },
            // Only the supervisor's list offers the export.
            csvURL: side == "supervision" ? Paths.supervision.ordersCSV(query: ["state": state?.rawValue]) : "", side: side)
        return try await request.renderPage("supervision/orders", titleKey: "title_supervision_orders", body: body)
    }

    static func csv(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let state = SupervisionOrderState(rawValue: request.query[String.self, at: "state"] ?? "")
        let rows = try await rows(for: principal, state: state, side: "supervision", request: request)
        return CSV.response(
            header: ["number", "subject", "unit", "state", "issued_beijing", "reply_due_beijing", "outcome"],
            rows: rows.map { [$0.number, $0.subject, $0.unit, $0.state, $0.issued, $0.replyDue, $0.outcome] },
            filename: "govhall-supervision-orders.csv")
    }

    static func rows(for principal: Principal, state: SupervisionOrderState?, side: String, request: Request) async throws -> [OrderRow] {
        let language = request.language
        let orders = try await SupervisionOrderStore.list(for: principal, state: state, limit: 500, on: request.db)
        let unitIDs = Array(Set(orders.map(\.unitID)))
        let units = try await OrganisationStore.units(ids: unitIDs, on: request.db)
        let names = Dictionary(units.map { ($0.id, $0.name(in: language)) }, uniquingKeysWith: { a, _ in a })
        let now = request.now
        return orders.map { order in
            let late = order.orderState == .issued && now > order.replyDue
            return OrderRow(
                number: order.number, href: order.id.map { orderPath(side)($0) } ?? orderPath(side).prefix, subject: order.subjectLabel,
                unit: names[order.unitID] ?? "", state: order.orderState.title(in: language), stateCode: order.state,
                issued: BeijingTime.minute(order.issuedAt), replyDue: BeijingTime.deadline(order.replyDue),
                light: order.orderState == .issued ? (late ? "red" : "green") : "none",
                outcome: order.outcome.flatMap(SupervisionOutcome.init(rawValue:))?.title(in: language) ?? "")
        }
    }

    // MARK: One order

    static func supervisorShow(_ request: Request) async throws -> Response {
        try await render(request, side: "supervision", form: FormState(), status: .ok)
    }

    static func unitShow(_ request: Request) async throws -> Response {
        try await render(request, side: "workbench", form: FormState(), status: .ok)
    }

    static func render(_ request: Request, side: String, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("orderID", of: request)
        guard let order = try await SupervisionOrderStore.order(id: id, for: principal, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let unit = try await OrganisationStore.unit(id: order.unitID, on: request.db)
        let violation = try await order.violationID.asyncFlatMap { try await ViolationStore.violation(id: $0, on: request.db) }
        let events = try await SupervisionOrderStore.events(of: id, on: request.db)
        // Each side offers its own part: the unit's head replies on the workbench, the supervisor decides on supervision.
        let allowed = SupervisionPolicy.allowedOrderActions(principal, unitPath: order.unitPath, state: order.orderState)
        let late = order.orderState == .issued && request.now > order.replyDue
        let body = OrderBody(
            id: id.uuidString.lowercased(), number: order.number, subject: order.subjectLabel,
            subjectHref: order.caseID.flatMap { SupervisionController.link(subjectType: "case", id: $0, forSupervisor: side == "supervision") },
            violation: violation.flatMap { record in
                record.violationRule.map { "\($0.title(in: language))：\(ViolationRules.describe($0, record.evidence(), in: language))" }
            },
            unit: unit?.name(in: language) ?? "", instruction: order.instruction, state: order.orderState.title(in: language),
            stateCode: order.state, issuedBy: order.issuedByName, issued: BeijingTime.minute(order.issuedAt),
            replyDue: BeijingTime.deadline(order.replyDue), replyLight: order.orderState == .issued ? (late ? "red" : "green") : "none",
            reply: order.reply, replied: order.repliedAt.map(BeijingTime.minute), repliedBy: order.repliedByName,
            outcome: order.outcome.flatMap(SupervisionOutcome.init(rawValue:))?.title(in: language), outcomeText: order.outcomeText,
            accountablePerson: order.accountablePerson,
            measure: order.measure.flatMap(AccountabilityMeasure.init(rawValue:))?.title(in: language),
            closed: order.closedAt.map(BeijingTime.minute),
            history: events.map {
                HistoryRow(at: BeijingTime.minute($0.at), action: Strings.text("order_action_\($0.action)", language), actor: $0.actorName, text: $0.text ?? "")
            },
            version: order.version, canReply: side == "workbench" && allowed.contains(.reply),
            canDecide: side == "supervision" && allowed.contains(.sendBack) && allowed.contains(.close),
            outcomes: SupervisionOutcome.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["outcome"] == $0.rawValue) },
            measures: AccountabilityMeasure.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["measure"] == $0.rawValue) },
            form: form, backLink: side == "supervision" ? Paths.supervision.orders() : Paths.supervision.unitOrders(), formPrefix: orderPath(side)(id))
        return try await request.renderPage(
            "supervision/order", titleKey: "title_supervision_order", body: body,
            notice: request.notice(from: ["issued": "notice_order_issued", "reply": "notice_order_replied", "send_back": "notice_order_sent_back", "close": "notice_order_closed"]),
            status: status)
    }

    // MARK: Acting

    static func reply(_ request: Request) async throws -> Response {
        try await act(request, side: "workbench") { fields in .reply(text: try TextField.required(fields["reply"], max: SupervisionOrderRules.maximumTextLength)) }
    }

    static func sendBack(_ request: Request) async throws -> Response {
        try await act(request, side: "supervision") { fields in .sendBack(reason: try TextField.required(fields["reason"], max: SupervisionOrderRules.maximumTextLength)) }
    }

    static func close(_ request: Request) async throws -> Response {
        try await act(request, side: "supervision") { fields in
            guard let outcome = fields["outcome"].flatMap(SupervisionOutcome.init(rawValue:)) else { throw FieldErrors.single("outcome", FieldProblem.required) }
            let text = try TextField.required(fields["outcome_text"], max: SupervisionOrderRules.maximumTextLength)
            let person = try TextField.optional(fields["accountable_person"], max: 100)
            let measure = fields["measure"].flatMap { $0.isEmpty ? nil : AccountabilityMeasure(rawValue: $0) }
            return .close(outcome: outcome, text: text, accountablePerson: person, measure: measure)
        }
    }

    static func act(
        _ request: Request, side: String, _ decode: @Sendable ([String: String]) throws -> SupervisionOrderAction
    ) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("orderID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let expectedVersion = fields["version"].flatMap { Int($0) }
        let calendar = try await request.workCalendar()
        let now = request.now
        let role: Role = side == "supervision" ? .supervisor : .departmentHead
        let actor = request.auditActor(role: role)
        do {
            let action = try decode(fields)
            try await request.write { db in
                _ = try await SupervisionOrderStore.act(
                    action, on: id, principal: principal, expectedVersion: expectedVersion, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: orderPath(side)(id, query: ["done": action.name]))
        } catch let problem as FieldProblem {
            let field = fields["reply"] != nil ? "reply" : fields["reason"] != nil ? "reason" : "outcome_text"
            return try await render(request, side: side, form: failed(fields, field: field, problem, request.language), status: .badRequest)
        } catch let errors as FieldErrors {
            let form = FormState(refused: errors, values: fields, in: request.language)
            return try await render(request, side: side, form: form, status: .badRequest)
        } catch let error as SupervisionError {
            let field: String = switch error {
            case .textRequired(.accountablePerson): "accountable_person"
            case .textRequired(.measure): "measure"
            default: ""
            }
            var form = FormState(values: fields)
            if !field.isEmpty { form.errors[field] = error.message(in: request.language) }
            form.error = error.message(in: request.language)
            let status: HTTPResponseStatus = if case .orderNotPermitted = error { .forbidden } else if case .orderInvalidState = error { .conflict } else { .badRequest }
            return try await render(request, side: side, form: form, status: status)
        } catch SupervisionOrderStoreError.changedSinceRead {
            var form = FormState(values: fields)
            form.error = Strings.text("error_409_message", request.language)
            return try await render(request, side: side, form: form, status: .conflict)
        }
    }

    static func failed(_ fields: [String: String], field: String, _ failure: any LocalizedFailure, _ language: Language) -> FormState {
        FormState(refused: .single(field, failure), values: fields, in: language)
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
