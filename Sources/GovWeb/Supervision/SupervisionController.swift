import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The supervision centre (监察中心): today's figures and lights, the period's charts and ranking, the lists of warnings,
/// alarms and violations with drill-down, each table also as CSV. It reads rollups and indexed lists only, so it costs
/// the same with a thousand cases or a million.
enum SupervisionController {
    // MARK: View contexts

    struct HomeBody: Encodable, Sendable {
        var filter: FilterView
        var live: LiveView
        var volume: BarChart
        var trend: LineChart
        var ranking: RankingChart
        var warnings: [ObligationRow]
        var alarms: [ObligationRow]
        var violations: [ViolationRow]
        var chainIntact: Bool
        var chainMessage: String
    }

    struct FilterView: Encodable, Sendable {
        var action: String
        var form: FormState
        var regions: [Option]
        var departments: [Option]
        var matters: [Option]
        var query: String
        var periodLabel: String
    }

    /// The part of the centre that refreshes by itself.
    struct LiveView: Encodable, Sendable {
        var refreshURL: String
        var csvURL: String
        var updatedAt: String
        var today: [CountRow]
        var open: [LightCount]
        var departments: [DepartmentLights]
    }

    struct LightCount: Encodable, Sendable {
        var light: String
        var label: String
        var value: Int
        var href: String
    }

    struct DepartmentLights: Encodable, Sendable {
        var name: String
        var href: String
        var green: Int
        var yellow: Int
        var red: Int
    }

    struct ObligationRow: Encodable, Sendable {
        var subject: String
        var href: String?
        var kind: String
        var label: String
        var unit: String
        var status: String
        var statusLabel: String
        var light: String
        var started: String
        var due: String
        var daysLeft: String
    }

    struct ViolationRow: Encodable, Sendable {
        var id: String
        var subject: String
        var href: String?
        var rule: String
        var severity: String
        var severityCode: String
        var unit: String
        var person: String
        var evidence: String
        var occurred: String
        var status: String
        var statusCode: String
    }

    struct ListBody: Encodable, Sendable {
        var filter: FilterView
        var heading: String
        var obligations: [ObligationRow]?
        var violations: [ViolationRow]?
        var total: Int
        var csvURL: String
        var previousPageURL: String?
        var nextPageURL: String?
    }

    static let pageSize = 50

    // MARK: Pages

    static func home(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let scope: SupervisionScope
        do {
            scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        } catch let errors as FieldErrors {
            return try await invalidFilter(request, errors, action: Paths.supervision.home())
        }
        let db = request.db
        let settings = try await SupervisionSettingsStore.load(on: db)
        let calendar = try await request.workCalendar()
        let days = try await Rollups.countsByDay(scope.period, scope.filter, on: db)
        let groups = periodGroups(scope.period, days: days, language: language)
        let ranked = try await PerformanceReport.departments(scope, model: settings.scoring, on: db).filter { $0.score.total != nil }
        // The background job's last verification: walking a log of millions of entries on every page view would not do.
        var (intact, message) = (true, Strings.text("chain_unchecked", language))
        if let latest = try await AuditCheckpoints.latest(on: db) {
            (intact, message) = AuditController.describe(latest.outcome, language)
            message += Strings.format("chain_checked_at", language, ["time": BeijingTime.minute(latest.checkedAt)])
        }
        let body = HomeBody(
            filter: filterView(scope, action: Paths.supervision.home(), language: language),
            live: try await live(request, scope: scope),
            volume: BarChart(
                title: Strings.text("chart_volume", language),
                series: [Strings.text("metric_received", language), Strings.text("metric_completed", language)],
                groups: groups.map { ($0.label, [$0.counts.received, $0.counts.completed]) }),
            trend: LineChart(
                title: Strings.text("chart_trend", language),
                series: [Strings.text("metric_on_time_rate", language), Strings.text("metric_early_rate", language)],
                labels: groups.map(\.label),
                values: [groups.map { ServiceMetrics($0.counts).onTimeRate }, groups.map { ServiceMetrics($0.counts).earlyRate }]),
            ranking: RankingChart(title: Strings.text("chart_ranking", language), entries: ranked.prefix(20).map { ($0.name, $0.score.total ?? 0) }),
            warnings: try await obligationRows(
                try await SupervisionQueries.open(statuses: [.warning], filter: scope.filter, limit: 10, on: db), scope: scope, calendar: calendar,
                now: request.now, language: language),
            alarms: try await obligationRows(
                try await SupervisionQueries.open(statuses: [.overdue], filter: scope.filter, limit: 10, on: db), scope: scope, calendar: calendar,
                now: request.now, language: language),
            violations: try await ViolationStore.list(violationFilter(scope, limit: 10), on: db).map { violationRow($0, scope: scope, language: language) },
            chainIntact: intact, chainMessage: message)
        return try await request.renderPage("supervision/home", titleKey: "title_supervision", body: body)
    }

    /// The live part alone, for the page's script to swap in without a full reload.
    static func liveFragment(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        struct Fragment: Encodable, Sendable { var live: LiveView }
        let page = Page(chrome: request.chrome(titleKey: "title_supervision", notice: nil), language: request.language, body: Fragment(live: try await live(request, scope: scope)))
        let view = try await request.view.render("supervision/live", page)
        let response = try await view.encodeResponse(for: request)
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func obligations(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let statuses = try statusFilter(request)
        let scope: SupervisionScope
        do {
            scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        } catch let errors as FieldErrors {
            return try await invalidFilter(request, errors, action: Paths.supervision.obligations())
        }
        let page = max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000))
        let db = request.db
        let records = try await SupervisionQueries.open(statuses: statuses, filter: scope.filter, limit: pageSize, offset: (page - 1) * pageSize, on: db)
        let total = try await SupervisionQueries.countOpen(statuses: statuses, filter: scope.filter, on: db)
        let query = "status=\(statuses.map(\.rawValue).joined(separator: ","))" + (scope.query.isEmpty ? "" : "&" + scope.query)
        let base = Paths.supervision.obligations(encodedQuery: query)
        let heading = Strings.text(statuses == [.overdue] ? "list_alarms" : statuses == [.warning] ? "list_warnings" : "list_open", language)
        let body = ListBody(
            filter: filterView(scope, action: Paths.supervision.obligations(), language: language, extra: ["status": statuses.map(\.rawValue).joined(separator: ",")]),
            heading: heading,
            obligations: try await obligationRows(records, scope: scope, calendar: try await request.workCalendar(), now: request.now, language: language),
            violations: nil, total: total,
            csvURL: Paths.supervision.obligationsCSV(encodedQuery: query),
            previousPageURL: page > 1 ? base + "&page=\(page - 1)" : nil,
            nextPageURL: page * pageSize < total ? base + "&page=\(page + 1)" : nil)
        return try await request.renderPage("supervision/list", titleKey: "title_supervision_obligations", body: body)
    }

    static func obligationsCSV(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let statuses = try statusFilter(request)
        let scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        let records = try await SupervisionQueries.open(statuses: statuses, filter: scope.filter, limit: 50_000, on: request.db)
        let rows = try await obligationRows(records, scope: scope, calendar: try await request.workCalendar(), now: request.now, language: request.language)
        return CSV.response(
            header: ["subject", "duty", "step", "unit", "status", "started_beijing", "statutory_due_beijing", "working_days_left"],
            rows: rows.map { [$0.subject, $0.kind, $0.label, $0.unit, $0.statusLabel, $0.started, $0.due, $0.daysLeft] },
            filename: "govhall-obligations.csv")
    }

    /// The open duties of each department by light, as on the centre.
    static func lightsCSV(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        let live = try await live(request, scope: scope)
        return CSV.response(
            header: ["department", "green", "yellow", "red", "as_of_beijing"],
            rows: live.departments.map { [$0.name, "\($0.green)", "\($0.yellow)", "\($0.red)", live.updatedAt] },
            filename: "govhall-lights.csv")
    }

    static func violations(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let scope: SupervisionScope
        do {
            scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal), defaultDays: 90)
        } catch let errors as FieldErrors {
            return try await invalidFilter(request, errors, action: Paths.supervision.violations())
        }
        let records = try await ViolationStore.list(violationFilter(scope, limit: 500), on: request.db)
        let body = ListBody(
            filter: filterView(scope, action: Paths.supervision.violations(), language: language), heading: Strings.text("list_violations", language),
            obligations: nil, violations: records.map { violationRow($0, scope: scope, language: language) }, total: records.count,
            csvURL: Paths.supervision.violationsCSV(encodedQuery: scope.query), previousPageURL: nil, nextPageURL: nil)
        return try await request.renderPage("supervision/list", titleKey: "title_supervision_violations", body: body)
    }

    static func violationsCSV(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal), defaultDays: 90)
        let records = try await ViolationStore.list(violationFilter(scope, limit: 50_000), on: request.db)
        let rows = records.map { violationRow($0, scope: scope, language: request.language) }
        return CSV.response(
            header: ["subject", "rule", "severity", "unit", "person", "evidence", "occurred_beijing", "status"],
            rows: rows.map { [$0.subject, $0.rule, $0.severity, $0.unit, $0.person, $0.evidence, $0.occurred, $0.status] },
            filename: "govhall-violations.csv")
    }

    // MARK: Pieces

    static func live(_ request: Request, scope: SupervisionScope) async throws -> LiveView {
        let language = request.language
        let db = request.db
        let today = CivilDate.beijing(request.now)
        let counts = try await Rollups.countsByDay(ReportingPeriod(from: today, through: today), scope.filter, on: db)[today] ?? ServiceCounts()
        let tiles: [(String, Int)] = [
            ("metric_received", counts.received), ("metric_accepted", counts.accepted), ("metric_completed", counts.completed),
            ("metric_on_the_spot", counts.onTheSpot), ("metric_early", counts.early), ("metric_on_time", counts.onTime), ("metric_late", counts.late),
        ]
        // Open obligations by light: from the open counts, or (for one matter) counted on the index.
        var byUnit: [UUID: [ObligationStatus: Int]] = [:]
        if scope.filter.matterID == nil {
            for (unit, kinds) in try await Rollups.openCounts(scope.filter, on: db) {
                for (kind, statuses) in kinds where SupervisionQueries.watchedKinds.contains(kind) {
                    for (status, n) in statuses { byUnit[unit, default: [:]][status, default: 0] += n }
                }
            }
        } else {
            for status in ObligationStatus.allCases {
                let n = try await SupervisionQueries.countOpen(statuses: [status], filter: scope.filter, on: db)
                if n > 0, let unit = scope.filter.unitID ?? scope.departmentIDs.first { byUnit[unit, default: [:]][status, default: 0] += n }
            }
        }
        func lights(_ statuses: [ObligationStatus: Int]) -> (Int, Int, Int) {
            ((statuses[.normal] ?? 0) + (statuses[.reminder] ?? 0), statuses[.warning] ?? 0, statuses[.overdue] ?? 0)
        }
        let total = byUnit.values.reduce((0, 0, 0)) { sum, statuses in
            let l = lights(statuses)
            return (sum.0 + l.0, sum.1 + l.1, sum.2 + l.2)
        }
        let listQuery = scope.query.isEmpty ? "" : scope.query + "&"
        var departmentQuery = scope.values
        departmentQuery["department"] = nil
        return LiveView(
            refreshURL: Paths.supervision.live(encodedQuery: scope.query),
            csvURL: Paths.supervision.lightsCSV(encodedQuery: scope.query),
            updatedAt: BeijingTime.dateTime(request.now),
            today: tiles.map { CountRow(label: Strings.text($0.0, language), value: $0.1) },
            open: [
                LightCount(light: "green", label: Strings.text("light_green", language), value: total.0, href: Paths.supervision.obligations(encodedQuery: listQuery + "status=normal,reminder")),
                LightCount(light: "yellow", label: Strings.text("light_yellow", language), value: total.1, href: Paths.supervision.obligations(encodedQuery: listQuery + "status=warning")),
                LightCount(light: "red", label: Strings.text("light_red", language), value: total.2, href: Paths.supervision.obligations(encodedQuery: listQuery + "status=overdue")),
            ],
            departments: scope.departmentIDs.compactMap { id in
                let (green, yellow, red) = lights(byUnit[id] ?? [:])
                guard green + yellow + red > 0 else { return nil }
                var query = departmentQuery
                query["department"] = id.uuidString
                let text = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
                return DepartmentLights(name: scope.departmentNames[id] ?? "", href: Paths.supervision.home(encodedQuery: text), green: green, yellow: yellow, red: red)
            }.sorted { ($0.red, $0.yellow) > ($1.red, $1.yellow) })
    }

    /// The period's days, or weeks when it is longer than two months, with their counts.
    static func periodGroups(_ period: ReportingPeriod, days: [CivilDate: ServiceCounts], language: Language) -> [(label: String, counts: ServiceCounts)] {
        let dates = period.dates
        let size = dates.count > 62 ? 7 : 1
        return stride(from: 0, to: dates.count, by: size).map { start in
            let slice = dates[start..<min(start + size, dates.count)]
            let counts = slice.reduce(ServiceCounts()) { $0 + (days[$1] ?? ServiceCounts()) }
            let first = slice.first!
            return (String(first.description.dropFirst(5)), counts)
        }
    }

    static func filterView(_ scope: SupervisionScope, action: String, language: Language, extra: [String: String] = [:]) -> FilterView {
        FilterView(
            action: action, form: FormState(values: scope.values.merging(extra) { _, new in new }), regions: scope.regions,
            departments: scope.departments, matters: scope.matters, query: scope.query,
            periodLabel: Strings.format("period_label", language, ["from": scope.period.from.description, "to": scope.period.through.description]))
    }

    static func invalidFilter(_ request: Request, _ errors: FieldErrors, action: String) async throws -> Response {
        var values: [String: String] = [:]
        for name in ["region", "department", "matter", "from", "to"] { values[name] = request.query[String.self, at: name] ?? "" }
        let form = FormState(refused: errors, values: values, in: request.language)
        struct Body: Encodable, Sendable { var filter: FilterView }
        let filter = FilterView(action: action, form: form, regions: [], departments: [], matters: [], query: "", periodLabel: "")
        return try await request.renderPage("supervision/filter-error", titleKey: "title_supervision", body: Body(filter: filter), status: .badRequest)
    }

    static func statusFilter(_ request: Request) throws -> [ObligationStatus] {
        let raw = request.query[String.self, at: "status"] ?? "warning,overdue"
        let statuses = raw.split(separator: ",").map { ObligationStatus(rawValue: String($0)) }
        guard !statuses.isEmpty, statuses.count <= 4, statuses.allSatisfy({ $0 != nil }) else {
            throw FieldErrors.single("status", FieldProblem.invalid)
        }
        return statuses.compactMap { $0 }
    }

    static func violationFilter(_ scope: SupervisionScope, limit: Int) -> ViolationStore.Filter {
        ViolationStore.Filter(
            unitPathPrefix: scope.filter.unitPathPrefix, unitID: scope.filter.unitID, matterID: scope.filter.matterID,
            from: scope.period.from.startInBeijing, until: scope.period.through.endInBeijing, limit: limit)
    }

    static func obligationRows(
        _ records: [ObligationRecord], scope: SupervisionScope, calendar: WorkCalendar, now: Date, language: Language
    ) async throws -> [ObligationRow] {
        records.map { record in
            let clock = try? record.clock()
            let left = clock.flatMap { try? ObligationRules.workingDaysLeft($0, at: now, calendar: calendar) }
            let status = record.obligationStatus
            return ObligationRow(
                subject: record.subjectLabel, href: link(subjectType: record.subjectType, id: record.subjectID, forSupervisor: true),
                kind: record.obligationKind?.title(in: language) ?? record.kind, label: record.label ?? "",
                unit: scope.departmentNames[record.unitID] ?? "", status: status.rawValue, statusLabel: status.title(in: language),
                light: status.light.rawValue, started: BeijingTime.minute(record.startedAt), due: BeijingTime.deadline(record.statutoryDue),
                daysLeft: left.map { $0 >= 0 ? Strings.format("days_left", language, ["n": "\($0)"]) : Strings.format("days_late", language, ["n": "\(-$0)"]) } ?? "")
        }
    }

    static func violationRow(_ record: ViolationRecord, scope: SupervisionScope, language: Language) -> ViolationRow {
        let rule = record.violationRule
        return ViolationRow(
            id: record.id?.uuidString ?? "", subject: record.subjectLabel,
            href: link(subjectType: record.subjectType, id: record.subjectID, forSupervisor: true),
            rule: rule?.title(in: language) ?? record.rule, severity: record.violationSeverity.title(in: language),
            severityCode: record.severity, unit: scope.departmentNames[record.unitID] ?? "", person: record.actorName ?? "",
            evidence: rule.map { ViolationRules.describe($0, record.evidence(), in: language) } ?? "",
            occurred: BeijingTime.minute(record.occurredAt), status: Strings.text("violation_status_\(record.status)", language),
            statusCode: record.status)
    }

    /// Where a subject of supervision is shown: its supervisor's page, or the workbench's.
    /// The page of an obligation's or a notice's subject, on the supervisor's side or the unit's; `nil` where that side has
    /// no page for it (the row is then shown without a link rather than with one that leads somewhere else).
    static func link(subjectType: String, id: UUID, forSupervisor: Bool) -> String? {
        switch (subjectType, forSupervisor) {
        case ("case", true): Paths.supervision.supervisedCase(id)
        case ("case", false): Paths.approvals.workCase(id)
        case ("supervision_order", true): Paths.supervision.order(id)
        case ("supervision_order", false): Paths.supervision.unitOrder(id)
        case ("disclosure_item", true): Paths.disclosure.supervisedItem(id)
        case ("disclosure_item", false): Paths.disclosure.workItem(id)
        case ("disclosure_request", true): Paths.disclosure.supervisedRequest(id)
        case ("disclosure_request", false): Paths.disclosure.workRequest(id)
        case ("sharing_request", true): Paths.sharing.supervisedRequest(id)
        case ("sharing_request", false): Paths.sharing.request(id)
        // 差评整改: each follow-up is a section of the evaluation page, on both sides.
        case ("rating_follow_up", true): Paths.supervision.evaluation() + "#rating-\(id.uuidString.lowercased())"
        case ("rating_follow_up", false): Paths.supervision.workEvaluation() + "#rating-\(id.uuidString.lowercased())"
        case ("ticket", false): Paths.hotline.ticket(id)
        case ("petition", false): Paths.participation.workPetition(id)
        default: nil
        }
    }
}
