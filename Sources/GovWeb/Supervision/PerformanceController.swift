import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Department performance (行政效能): the supervisor's page with every figure and the score explained, the public
/// 效能公示 by month, and the same as CSV and JSON.
enum PerformanceController {
    struct Body: Encodable, Sendable {
        var filter: SupervisionController.FilterView?
        var months: [Option]
        var periodLabel: String
        var rows: [MetricsRow]
        var matters: [MatterMetricsRow]
        var ranking: RankingChart
        var weights: [LabelledValue]
        var csvURL: String
        var matterCSVURL: String
        var isPublic: Bool
    }

    struct MatterMetricsRow: Encodable, Sendable {
        var name: String
        var received: Int
        var completed: Int
        var onTimeRate: String
        var earlyRate: String
        var onTheSpotRate: String
        var averageDaysUsed: String
        var averageDaysPromised: String
        var violations: Int
        var satisfaction: String
    }

    // MARK: Supervisors

    static func supervisorPage(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let scope: SupervisionScope
        do {
            scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        } catch let errors as FieldErrors {
            return try await SupervisionController.invalidFilter(request, errors, action: Paths.supervision.performance())
        }
        let settings = try await SupervisionSettingsStore.load(on: request.db)
        let ranked = try await PerformanceReport.departments(scope, model: settings.scoring, on: request.db)
        var matters: [MatterMetricsRow] = []
        if scope.filter.unitID != nil {
            let byMatter = try await Rollups.countsByMatter(scope.period, scope.filter, on: request.db)
            matters = byMatter.map { id, counts in matterRow(scope.matterNames[id] ?? "—", ServiceMetrics(counts)) }.sorted { $0.name < $1.name }
        }
        let body = Body(
            filter: SupervisionController.filterView(scope, action: Paths.supervision.performance(), language: language), months: [],
            periodLabel: Strings.format("period_label", language, ["from": scope.period.from.description, "to": scope.period.through.description]),
            rows: ranked.map { MetricsRow($0, language: language) }, matters: matters,
            ranking: RankingChart(title: Strings.text("chart_ranking", language), entries: ranked.compactMap { p in p.score.total.map { (p.name, $0) } }),
            weights: weights(settings.scoring, language: language),
            csvURL: Paths.supervision.performanceCSV(encodedQuery: scope.query),
            matterCSVURL: Paths.supervision.performanceCSV(encodedQuery: "by=matter" + (scope.query.isEmpty ? "" : "&" + scope.query)), isPublic: false)
        return try await request.renderPage("supervision/performance", titleKey: "title_performance", body: body)
    }

    static func supervisorCSV(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let scope = try await SupervisionScope.resolve(request, watched: SupervisionScope.watchedPaths(principal))
        guard request.query[String.self, at: "by"] == "matter" else { return try await csv(request, scope: scope) }
        let rows = try await Rollups.countsByMatter(scope.period, scope.filter, on: request.db)
            .map { id, counts in matterRow(scope.matterNames[id] ?? "—", ServiceMetrics(counts)) }.sorted { $0.name < $1.name }
        return CSV.response(
            header: ["period_from", "period_to", "matter", "received", "completed", "on_time_rate", "early_rate", "on_the_spot_rate",
                     "average_working_days_used", "average_working_days_promised", "violations", "satisfaction"],
            rows: rows.map {
                [scope.period.from.description, scope.period.through.description, $0.name, "\($0.received)", "\($0.completed)", $0.onTimeRate,
                 $0.earlyRate, $0.onTheSpotRate, $0.averageDaysUsed, $0.averageDaysPromised, "\($0.violations)", $0.satisfaction]
            },
            filename: "govhall-performance-by-matter-\(scope.period.from)-\(scope.period.through).csv")
    }

    // MARK: The public (效能公示)

    /// Published per month: `?month=2026-11`, by default the current month so far.
    static func publicPage(_ request: Request) async throws -> Response {
        let language = request.language
        let (scope, month) = try await publicScope(request)
        let settings = try await SupervisionSettingsStore.load(on: request.db)
        let ranked = try await PerformanceReport.departments(scope, model: settings.scoring, on: request.db)
        let today = CivilDate.beijing(request.now)
        let months = (0..<12).map { back -> Option in
            let first = ReportingPeriod.month(of: today).from.adding(months: -back)
            let value = String(first.description.prefix(7))
            return Option(value: value, label: value, selected: value == month)
        }
        let body = Body(
            filter: nil, months: months,
            periodLabel: Strings.format("period_label", language, ["from": scope.period.from.description, "to": scope.period.through.description]),
            rows: ranked.map { MetricsRow($0, language: language) }, matters: [],
            ranking: RankingChart(title: Strings.text("chart_ranking", language), entries: ranked.compactMap { p in p.score.total.map { (p.name, $0) } }),
            weights: weights(settings.scoring, language: language), csvURL: Paths.supervision.publicPerformanceCSV(query: ["month": "\(month)"]), matterCSVURL: "", isPublic: true)
        return try await request.renderPage("supervision/performance", titleKey: "title_performance_public", body: body)
    }

    static func publicCSV(_ request: Request) async throws -> Response {
        try await csv(request, scope: try await publicScope(request).0)
    }

    static func publicScope(_ request: Request) async throws -> (SupervisionScope, String) {
        let today = CivilDate.beijing(request.now)
        let raw = request.query[String.self, at: "month"] ?? String(today.description.prefix(7))
        guard raw.count == 7, let first = CivilDate(raw + "-01"), first <= today else { throw FieldErrors.single("month", FieldProblem.invalid) }
        let period = ReportingPeriod.month(of: first)
        var scope = try await SupervisionScope.resolve(request, watched: ["/"], defaultDays: 1)
        scope.period = ReportingPeriod(from: period.from, through: min(period.through, today))
        scope.filter = Rollups.Filter()
        return (scope, raw)
    }

    // MARK: API

    struct PerformanceDTO: Content {
        var from: String
        var to: String
        var departments: [DepartmentDTO]
    }

    struct DepartmentDTO: Content {
        var unitID: String
        var name: String
        var rank: Int?
        var score: Double?
        var received: Int
        var completed: Int
        var onTimeRate: Double?
        var earlyRate: Double?
        var onTheSpotRate: Double?
        var averageDaysUsed: Double?
        var averageDaysPromised: Double?
        var overdue: Int
        var violations: Int
        var satisfaction: Double?
        var parts: [PartDTO]
    }

    struct PartDTO: Content {
        var component: String
        var figure: Double
        var points: Double
        var weight: Int
        var contribution: Double
    }

    /// `GET /api/v1/performance?from&to`: what 效能公示 publishes, for a period of up to five years.
    static func api(_ request: Request) async throws -> PerformanceDTO {
        let scope = try await SupervisionScope.resolve(request, watched: ["/"])
        var unfiltered = scope
        unfiltered.filter = Rollups.Filter()
        let settings = try await SupervisionSettingsStore.load(on: request.db)
        let ranked = try await PerformanceReport.departments(unfiltered, model: settings.scoring, on: request.db)
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10_000).rounded() / 10_000 } }
        return PerformanceDTO(
            from: scope.period.from.description, to: scope.period.through.description,
            departments: ranked.map { p in
                DepartmentDTO(
                    unitID: p.unitID.uuidString.lowercased(), name: p.name, rank: p.score.rank, score: rounded(p.score.total),
                    received: p.metrics.counts.received, completed: p.metrics.counts.completed, onTimeRate: rounded(p.metrics.onTimeRate),
                    earlyRate: rounded(p.metrics.earlyRate), onTheSpotRate: rounded(p.metrics.onTheSpotRate),
                    averageDaysUsed: rounded(p.metrics.averageDaysUsed), averageDaysPromised: rounded(p.metrics.averageDaysPromised),
                    overdue: p.metrics.counts.overdue, violations: p.metrics.counts.violations, satisfaction: rounded(p.metrics.satisfaction),
                    parts: p.score.parts.map {
                        PartDTO(component: $0.component.rawValue, figure: rounded($0.figure) ?? 0, points: rounded($0.points) ?? 0, weight: $0.weight,
                                contribution: rounded($0.contribution) ?? 0)
                    })
            })
    }

    // MARK: Pieces

    static func csv(_ request: Request, scope: SupervisionScope) async throws -> Response {
        let settings = try await SupervisionSettingsStore.load(on: request.db)
        let rows = try await PerformanceReport.departments(scope, model: settings.scoring, on: request.db).map { MetricsRow($0, language: request.language) }
        return CSV.response(
            header: ["period_from", "period_to"] + MetricsRow.csvHeader,
            rows: rows.map { [scope.period.from.description, scope.period.through.description] + $0.csvFields },
            filename: "govhall-performance-\(scope.period.from)-\(scope.period.through).csv")
    }

    static func matterRow(_ name: String, _ metrics: ServiceMetrics) -> MatterMetricsRow {
        MatterMetricsRow(
            name: name, received: metrics.counts.received, completed: metrics.counts.completed,
            onTimeRate: PerformanceReport.percent(metrics.onTimeRate), earlyRate: PerformanceReport.percent(metrics.earlyRate),
            onTheSpotRate: PerformanceReport.percent(metrics.onTheSpotRate), averageDaysUsed: PerformanceReport.decimal(metrics.averageDaysUsed),
            averageDaysPromised: PerformanceReport.decimal(metrics.averageDaysPromised), violations: metrics.counts.violations,
            satisfaction: PerformanceReport.decimal(metrics.satisfaction, digits: 2))
    }

    static func weights(_ model: ScoringModel, language: Language) -> [LabelledValue] {
        ScoreComponent.allCases.filter { model.weight($0) > 0 }.map { LabelledValue(label: $0.title(in: language), value: "\(model.weight($0))") }
    }
}
