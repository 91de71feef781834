import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The figures of each department over a period and its score: one computation behind the supervision centre's
/// ranking, the performance page, the public 效能公示 and the API, so they never disagree.
struct DepartmentPerformance: Sendable {
    var unitID: UUID
    var name: String
    var metrics: ServiceMetrics
    var score: PerformanceScore
}

enum PerformanceReport {
    /// Every department of `scope`, ranked by score.
    static func departments(_ scope: SupervisionScope, model: ScoringModel, on database: any Database) async throws -> [DepartmentPerformance] {
        let counts = try await Rollups.countsByUnit(scope.period, scope.filter, on: database)
        let obligations = try await Rollups.obligationCounts(scope.period, scope.filter, on: database)
        let inputs = scope.departmentIDs.map { id in
            PerformanceInput(
                unitID: id, unitName: scope.departmentNames[id] ?? "", counts: counts[id] ?? ServiceCounts(), obligations: obligations[id] ?? [:])
        }
        return PerformanceRules.ranking(inputs, model: model).map { score in
            DepartmentPerformance(unitID: score.unitID, name: score.unitName, metrics: ServiceMetrics(counts[score.unitID] ?? ServiceCounts()), score: score)
        }
    }

    /// A rate as people read it: 87.5%, or — without data.
    static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    static func decimal(_ value: Double?, digits: Int = 1) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "—"
    }
}

/// One department's row in a metrics table.
struct MetricsRow: Encodable, Sendable {
    var unitID: String
    var name: String
    var rank: String
    var score: String
    /// The score for a spreadsheet: the number, or empty when there is none.
    var scoreFigure: String
    var received: Int
    var completed: Int
    var onTimeRate: String
    var earlyRate: String
    var onTheSpotRate: String
    var averageDaysUsed: String
    var averageDaysPromised: String
    var overdue: Int
    var violations: Int
    var satisfaction: String
    var ratings: Int
    var parts: [ScorePartRow]

    init(_ performance: DepartmentPerformance, language: Language) {
        let metrics = performance.metrics
        unitID = performance.unitID.uuidString
        name = performance.name
        rank = performance.score.rank.map(String.init) ?? "—"
        scoreFigure = performance.score.total.map { PerformanceReport.decimal($0, digits: 2) } ?? ""
        score = performance.score.total.map { PerformanceReport.decimal($0, digits: 2) } ?? Strings.text("score_insufficient_sample", language)
        received = metrics.counts.received
        completed = metrics.counts.completed
        onTimeRate = PerformanceReport.percent(metrics.onTimeRate)
        earlyRate = PerformanceReport.percent(metrics.earlyRate)
        onTheSpotRate = PerformanceReport.percent(metrics.onTheSpotRate)
        averageDaysUsed = PerformanceReport.decimal(metrics.averageDaysUsed)
        averageDaysPromised = PerformanceReport.decimal(metrics.averageDaysPromised)
        overdue = metrics.counts.overdue
        violations = metrics.counts.violations
        satisfaction = PerformanceReport.decimal(metrics.satisfaction, digits: 2)
        ratings = metrics.counts.ratings
        parts = performance.score.parts.map { ScorePartRow($0, language: language) }
    }

    static let csvHeader = [
        "rank", "department", "score", "received", "completed", "on_time_rate", "early_rate", "on_the_spot_rate",
        "average_working_days_used", "average_working_days_promised", "overdue", "violations", "satisfaction", "ratings",
    ]

    var csvFields: [String] {
        [rank, name, scoreFigure, "\(received)", "\(completed)", onTimeRate, earlyRate, onTheSpotRate, averageDaysUsed, averageDaysPromised,
         "\(overdue)", "\(violations)", satisfaction, "\(ratings)"]
    }
}

/// One part of a score, explained.
struct ScorePartRow: Encodable, Sendable {
    var component: String
    var figure: String
    var points: String
    var weight: Int
    var contribution: String

    init(_ part: ScorePart, language: Language) {
        component = part.component.title(in: language)
        switch part.component {
        case .violations:
            figure = Strings.format("score_figure_violations", language, ["n": PerformanceReport.decimal(part.figure, digits: 2)])
        case .satisfaction:
            figure = Strings.format("score_figure_stars", language, ["n": PerformanceReport.decimal(part.figure, digits: 2)])
        default:
            figure = PerformanceReport.percent(part.figure)
        }
        points = PerformanceReport.decimal(part.points)
        weight = part.weight
        contribution = PerformanceReport.decimal(part.contribution, digits: 2)
    }
}
