import Foundation
import Testing
@testable import GovCore

/// Metrics and scores on fixed counts, every expected figure worked out by hand below.
@Suite("Metrics and performance scores")
struct PerformanceScoreTests {
    /// 10 received, 8 decided (2 on the spot), 4 early (the 2 on the spot among them), 3 on time, 1 late; 40 working
    /// days used against 80 promised; 1 violation; ratings 5, 5, 4, 4.
    static var departmentA: ServiceCounts {
        var counts = ServiceCounts()
        counts.received = 10
        counts.accepted = 8
        counts.completed = 8
        counts.onTheSpot = 2
        counts.early = 4
        counts.onTime = 3
        counts.late = 1
        counts.daysUsed = 40
        counts.daysPromised = 80
        counts.violations = 1
        counts.ratings = 4
        counts.ratingStars = 18
        return counts
    }

    @Test("rates, averages and satisfaction")
    func metrics() {
        let metrics = ServiceMetrics(Self.departmentA)
        #expect(metrics.onTimeRate == 0.875)        // (4 + 3) / 8
        #expect(metrics.earlyRate == 0.5)           // 4 / 8
        #expect(metrics.onTheSpotRate == 0.25)      // 2 / 8
        #expect(metrics.averageDaysUsed == 5)       // 40 / 8
        #expect(metrics.averageDaysPromised == 10)  // 80 / 8
        #expect(metrics.satisfaction == 4.5)        // 18 / 4
        #expect(metrics.badRatingRate == 0)
        let empty = ServiceMetrics(ServiceCounts())
        #expect(empty.onTimeRate == nil && empty.satisfaction == nil && empty.onTheSpotRate == nil)
    }

    @Test("counts add up day by day")
    func sums() {
        var one = ServiceCounts()
        one.received = 3
        one.late = 1
        var two = ServiceCounts()
        two.received = 4
        two.ratingStars = 5
        let sum = one + two
        #expect(sum.received == 7 && sum.late == 1 && sum.ratingStars == 5 && sum.judged == 1)
    }

    @Test("a score is explained by its parts; missing parts leave their weight to the others")
    func score() throws {
        let input = PerformanceInput(
            unitID: UUID(), unitName: "甲局", counts: Self.departmentA,
            obligations: [.supervisionReply: ObligationCounts(onTime: 1, late: 1)])
        var everySample = ScoringModel.standard
        everySample.minimumSample = 1
        let score = PerformanceRules.score(input, model: everySample)
        // Present: timeliness 87.5 × 30, early 50 × 20, violations (10 per hundred × 5 points → 50) × 20,
        // satisfaction ((4.5 − 1) / 4 = 87.5) × 15, supervision replies 50 × 5; disclosure, hotline and sharing have no
        // data. (2625 + 1000 + 1000 + 1312.5 + 250) / 90 = 68.75.
        #expect(score.parts.map(\.component) == [.timeliness, .earlyCompletion, .violations, .satisfaction, .supervisionResponse])
        #expect(score.parts.map(\.points) == [87.5, 50, 50, 87.5, 50])
        #expect(score.parts.map(\.weight) == [30, 20, 20, 15, 5])
        let total = try #require(score.total)
        #expect(abs(total - 68.75) < 1e-9)
        #expect(abs(score.parts.reduce(0) { $0 + $1.contribution } - total) < 1e-9)
        #expect(score.parts[2].figure == 10)
    }

    @Test("below the minimum sample a component is left out, and a department with no component above it has no score (样本不足)")
    func minimumSample() throws {
        // The 12345 centre: no cases, one rating of five stars. Ranked first at 100.00 before; now no score.
        var oneRating = ServiceCounts()
        oneRating.ratings = 1
        oneRating.ratingStars = 5
        let hotline = PerformanceRules.score(PerformanceInput(unitID: UUID(), unitName: "12345", counts: oneRating), model: .standard)
        #expect(hotline.total == nil && hotline.parts.isEmpty && hotline.belowMinimumSample == [.satisfaction])
        // A bureau with one case received, none completed, and that one overdue: 100.00 before; now no score.
        var oneOverdue = ServiceCounts()
        oneOverdue.received = 1
        oneOverdue.overdue = 1
        let bureau = PerformanceRules.score(PerformanceInput(unitID: UUID(), unitName: "乙局", counts: oneOverdue), model: .standard)
        #expect(bureau.total == nil && bureau.belowMinimumSample == [.violations])
        // Enough cases but too few ratings: scored on the cases alone, satisfaction named as below the sample.
        var cases = ServiceCounts()
        cases.received = 6
        cases.completed = 6
        cases.onTime = 6
        cases.ratings = 2
        cases.ratingStars = 2
        let scored = PerformanceRules.score(PerformanceInput(unitID: UUID(), unitName: "丙局", counts: cases), model: .standard)
        #expect(scored.parts.map(\.component) == [.timeliness, .earlyCompletion, .violations])
        #expect(scored.belowMinimumSample == [.satisfaction])
        // The threshold is the model's: at 1 the single rating counts again.
        var lenient = ScoringModel.standard
        lenient.minimumSample = 1
        #expect(PerformanceRules.score(PerformanceInput(unitID: UUID(), unitName: "12345", counts: oneRating), model: lenient).total == 100)
        // Unranked in a ranking.
        let ranked = PerformanceRules.ranking([
            PerformanceInput(unitID: UUID(), unitName: "12345", counts: oneRating), PerformanceInput(unitID: UUID(), unitName: "丙局", counts: cases),
        ], model: .standard)
        #expect(ranked.map(\.unitName) == ["丙局", "12345"] && ranked.map(\.rank) == [1, nil])
        // Settings saved before the threshold existed read the default; out-of-range values are refused.
        let old = #"{"weights":{"timeliness":30},"violationPenaltyPer100":5}"#
        #expect(try JSONDecoder().decode(ScoringModel.self, from: Data(old.utf8)).minimumSample == ScoringModel.defaultMinimumSample)
        var zero = ScoringModel.standard
        zero.minimumSample = 0
        #expect(throws: SupervisionError.invalidSetting(name: "minimumSample", value: 0)) { try zero.validate() }
    }

    @Test("ranking: best first, equal totals share a rank, departments with no data last and unranked")
    func ranking() throws {
        var perfect = ServiceCounts()
        perfect.received = 5
        perfect.completed = 5
        perfect.early = 5
        let a = PerformanceInput(unitID: UUID(), unitName: "甲局", counts: Self.departmentA)
        let b = PerformanceInput(unitID: UUID(), unitName: "乙局", counts: perfect)
        let c = PerformanceInput(unitID: UUID(), unitName: "丙局", counts: ServiceCounts())
        let d = PerformanceInput(unitID: UUID(), unitName: "丁局", counts: perfect)
        let ranked = PerformanceRules.ranking([a, c, b, d], model: .standard)
        #expect(ranked.map(\.unitName) == ["丁局", "乙局", "甲局", "丙局"])
        #expect(ranked.map(\.rank) == [1, 1, 3, nil])
        #expect(ranked[0].total == 100)
        #expect(ranked[3].total == nil && ranked[3].parts.isEmpty)
    }

    @Test("weights: zero switches a part off; the model refuses out-of-range weights and all zeros")
    func weights() throws {
        let onlyTimeliness = ScoringModel(weights: [.timeliness: 1])
        let score = PerformanceRules.score(PerformanceInput(unitID: UUID(), unitName: "甲局", counts: Self.departmentA), model: onlyTimeliness)
        #expect(score.total == 87.5 && score.parts.count == 1)
        #expect(throws: SupervisionError.invalidWeight(name: "timeliness")) { try ScoringModel(weights: [.timeliness: 101]).validate() }
        #expect(throws: SupervisionError.invalidWeight(name: "*")) { try ScoringModel(weights: [:]).validate() }
        try ScoringModel.standard.validate()
    }

    @Test("periods: a month, the last N days")
    func periods() throws {
        let month = ReportingPeriod.month(of: try civil("2026-02-14"))
        #expect(month.from == (try civil("2026-02-01")))
        #expect(month.through == (try civil("2026-02-28")))
        #expect(month.dayCount == 28)
        let week = ReportingPeriod.days(7, endingOn: try civil("2026-10-03"))
        #expect(week.from == (try civil("2026-09-27")))
        #expect(week.dates.count == 7)
    }
}

@Suite("Supervision orders (督办)")
struct SupervisionOrderTests {
    @Test("issued → replied → closed, each step by its own actor; sent back once replies again")
    func lifecycle() throws {
        #expect(try SupervisionOrderRules.checkIssue(instruction: "  请于 3 个工作日内说明超期原因  ", replyWorkingDays: 3) == "请于 3 个工作日内说明超期原因")
        var state = SupervisionOrderState.issued
        state = try SupervisionOrderRules.apply(.reply(text: "已整改"), to: state, by: .unitHead)
        #expect(state == .replied)
        state = try SupervisionOrderRules.apply(.sendBack(reason: "未说明原因"), to: state, by: .supervisor)
        #expect(state == .issued)
        state = try SupervisionOrderRules.apply(.reply(text: "原因系专家评审延误，已建立台账"), to: state, by: .unitHead)
        state = try SupervisionOrderRules.apply(
            .close(outcome: .accountability, text: "超期办结", accountablePerson: "王强", measure: .criticism), to: state, by: .supervisor)
        #expect(state == .closed)
    }

    @Test("who may do what, and when; accountability needs the person and the measure")
    func refusals() throws {
        #expect(throws: SupervisionError.orderNotPermitted(action: "reply")) {
            try SupervisionOrderRules.apply(.reply(text: "好"), to: .issued, by: .supervisor)
        }
        #expect(throws: SupervisionError.orderNotPermitted(action: "close")) {
            try SupervisionOrderRules.apply(.close(outcome: .correction, text: "已纠正", accountablePerson: nil, measure: nil), to: .replied, by: .unitHead)
        }
        #expect(throws: SupervisionError.orderInvalidState(action: "close")) {
            try SupervisionOrderRules.apply(.close(outcome: .correction, text: "已纠正", accountablePerson: nil, measure: nil), to: .issued, by: .supervisor)
        }
        #expect(throws: SupervisionError.orderInvalidState(action: "reply")) {
            try SupervisionOrderRules.apply(.reply(text: "好"), to: .closed, by: .unitHead)
        }
        #expect(throws: SupervisionError.textRequired(.reply)) { try SupervisionOrderRules.apply(.reply(text: "  "), to: .issued, by: .unitHead) }
        #expect(throws: SupervisionError.textRequired(.accountablePerson)) {
            try SupervisionOrderRules.apply(.close(outcome: .accountability, text: "超期", accountablePerson: nil, measure: .warning), to: .replied, by: .supervisor)
        }
        #expect(throws: SupervisionError.textRequired(.measure)) {
            try SupervisionOrderRules.apply(.close(outcome: .accountability, text: "超期", accountablePerson: "王强", measure: nil), to: .replied, by: .supervisor)
        }
        #expect(throws: SupervisionError.textRequired(.instruction)) { try SupervisionOrderRules.checkIssue(instruction: "", replyWorkingDays: 3) }
        #expect(throws: SupervisionError.replyDueTooFar(maxWorkingDays: 30)) { try SupervisionOrderRules.checkIssue(instruction: "说明", replyWorkingDays: 31) }
        #expect(throws: SupervisionError.replyDueInPast) { try SupervisionOrderRules.checkIssue(instruction: "说明", replyWorkingDays: 0) }
    }
}
