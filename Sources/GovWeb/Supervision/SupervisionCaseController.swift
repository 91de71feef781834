import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// A supervisor's view of one case: its timeline, every obligation with its changes of status, its violations and the
/// supervision orders about it, and the form to issue one.
enum SupervisionCaseController {
    struct CaseBody: Encodable, Sendable {
        var caseView: CaseView
        var noticePrefix: String
        var materialPrefix: String
        var obligations: [ObligationHistoryRow]
        var violations: [SupervisionController.ViolationRow]
        var orders: [OrderSummaryRow]
        var canIssue: Bool
        var form: FormState
    }

    struct ObligationHistoryRow: Encodable, Sendable {
        var kind: String
        var label: String
        var status: String
        var statusLabel: String
        var light: String
        var started: String
        var promisedDue: String
        var statutoryDue: String
        var completion: String
        var used: String
        var changes: [String]
    }

    struct OrderSummaryRow: Encodable, Sendable {
        var number: String
        var href: String
        var state: String
        var stateCode: String
        var issued: String
        var replyDue: String
    }

    static func show(_ request: Request) async throws -> Response {
        try await render(request, caseID: try UUID.parameter("caseID", of: request), form: FormState(), status: .ok)
    }

    static func render(_ request: Request, caseID id: UUID, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let record = try await CaseStore.record(id, for: principal, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let view = CaseViews.view(
            record, now: request.now, calendar: try await request.workCalendar(), language: language, viewer: principal,
            queryCode: nil, maskIdentifier: true)
        var names: [UUID: String] = [:]
        if let departmentID = record.department.id { names[departmentID] = record.department.name(in: language) }
        let scope = SupervisionScope(
            filter: Rollups.Filter(), period: .days(1, endingOn: .beijing(request.now)), values: [:], regions: [], departments: [], matters: [],
            departmentNames: names, departmentIDs: [], matterNames: [:])
        let history = try await SupervisionQueries.history(of: id, on: request.db)
        let body = CaseBody(
            caseView: view, noticePrefix: Paths.supervision.supervisedCaseNotice.prefix(id), materialPrefix: Paths.supervision.supervisedCaseMaterial.prefix(id),
            obligations: history.map { row($0.0, $0.1, language: language) },
            violations: try await ViolationStore.of(subject: id, on: request.db).map { SupervisionController.violationRow($0, scope: scope, language: language) },
            orders: try await SupervisionQueries.orders(aboutCase: id, on: request.db).map { orderSummary($0, language: language, forSupervisor: true) },
            canIssue: SupervisionPolicy.canIssueOrder(to: record.row.departmentPath, principal), form: form)
        return try await request.renderPage(
            "supervision/case", titleKey: "title_supervision_case", body: body,
            notice: request.notice(from: ["issued": "notice_order_issued"]), status: status)
    }

    static func row(_ record: ObligationRecord, _ events: [ObligationEvent], language: Language) -> ObligationHistoryRow {
        let status = record.obligationStatus
        return ObligationHistoryRow(
            kind: record.obligationKind?.title(in: language) ?? record.kind, label: record.label ?? "", status: status.rawValue,
            statusLabel: record.completedAt == nil ? status.title(in: language) : Strings.text("obligation_finished", language),
            light: record.completedAt == nil ? status.light.rawValue : "none",
            started: BeijingTime.minute(record.startedAt), promisedDue: BeijingTime.deadline(record.promisedDue),
            statutoryDue: BeijingTime.deadline(record.statutoryDue),
            completion: record.completion.flatMap(Completion.init(rawValue:)).map { completion in
                completion.title(in: language) + (record.completedAt.map { " " + BeijingTime.minute($0) } ?? "")
            } ?? "",
            used: record.used.map { Strings.format("working_days_n", language, ["n": "\($0)"]) } ?? "",
            changes: events.map { event in
                let from = ObligationStatus(rawValue: event.fromStatus)?.title(in: language) ?? event.fromStatus
                let to = ObligationStatus(rawValue: event.toStatus)?.title(in: language) ?? event.toStatus
                return "\(BeijingTime.minute(event.at)) \(from) → \(to)"
            })
    }

    static func orderSummary(_ order: SupervisionOrderRecord, language: Language, forSupervisor: Bool) -> OrderSummaryRow {
        OrderSummaryRow(
            number: order.number,
            href: order.id.map { forSupervisor ? Paths.supervision.order($0) : Paths.supervision.unitOrder($0) } ?? Paths.supervision.orders(),
            state: order.orderState.title(in: language), stateCode: order.state, issued: BeijingTime.minute(order.issuedAt),
            replyDue: BeijingTime.deadline(order.replyDue))
    }
}
