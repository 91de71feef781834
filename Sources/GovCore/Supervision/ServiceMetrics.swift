import Foundation

/// Counters of one unit (and matter) over some days, kept as rollups on every write and summed for a period.
public struct ServiceCounts: Codable, Equatable, Sendable {
    /// Applications received (收件).
    public var received = 0
    /// Accepted (受理), by a clerk or by law.
    public var accepted = 0
    /// Decisions taken (办结: granted or refused), on-the-spot ones included.
    public var completed = 0
    /// Of those, decided on the spot (即办).
    public var onTheSpot = 0
    /// Decisions judged against their clocks: 提前, 按时, 超时. An on-the-spot decision counts as early: it used none
    /// of any limit.
    public var early = 0
    public var onTime = 0
    public var late = 0
    /// Working days used and promised, summed over the judged decisions.
    public var daysUsed = 0
    public var daysPromised = 0
    /// Obligations of the unit that went past their statutory limit.
    public var overdue = 0
    /// Rule violations found.
    public var violations = 0
    /// 好差评 (GB/T 39735): how many ratings, their stars, and how many were bad (1–2 stars).
    public var ratings = 0
    public var ratingStars = 0
    public var badRatings = 0

    public init() {}

    public static func + (lhs: ServiceCounts, rhs: ServiceCounts) -> ServiceCounts {
        var sum = lhs
        sum.received += rhs.received
        sum.accepted += rhs.accepted
        sum.completed += rhs.completed
        sum.onTheSpot += rhs.onTheSpot
        sum.early += rhs.early
        sum.onTime += rhs.onTime
        sum.late += rhs.late
        sum.daysUsed += rhs.daysUsed
        sum.daysPromised += rhs.daysPromised
        sum.overdue += rhs.overdue
        sum.violations += rhs.violations
        sum.ratings += rhs.ratings
        sum.ratingStars += rhs.ratingStars
        sum.badRatings += rhs.badRatings
        return sum
    }

    public var judged: Int { early + onTime + late }
}

/// The published figures (效能指标) of one unit over a period, computed from its counts.
public struct ServiceMetrics: Equatable, Sendable {
    public var counts: ServiceCounts
    /// 按时办结率: early and on time among the judged decisions; `nil` without any.
    public var onTimeRate: Double?
    /// 提前办结率.
    public var earlyRate: Double?
    /// 即办率: on-the-spot decisions among all decisions.
    public var onTheSpotRate: Double?
    /// Average working days used, and promised, per judged decision.
    public var averageDaysUsed: Double?
    public var averageDaysPromised: Double?
    /// Average stars, 1–5.
    public var satisfaction: Double?
    /// 差评率.
    public var badRatingRate: Double?

    public init(_ counts: ServiceCounts) {
        self.counts = counts
        func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        onTimeRate = ratio(counts.early + counts.onTime, counts.judged)
        earlyRate = ratio(counts.early, counts.judged)
        onTheSpotRate = ratio(counts.onTheSpot, counts.completed)
        averageDaysUsed = ratio(counts.daysUsed, counts.judged)
        averageDaysPromised = ratio(counts.daysPromised, counts.judged)
        satisfaction = ratio(counts.ratingStars, counts.ratings)
        badRatingRate = ratio(counts.badRatings, counts.ratings)
    }
}

/// Completions of one kind of obligation other than case decisions (a supervision order's replies, later disclosure
/// requests, hotline tickets, sharing requests), for their own timeliness.
public struct ObligationCounts: Codable, Equatable, Sendable {
    public var early = 0
    public var onTime = 0
    public var late = 0

    public init(early: Int = 0, onTime: Int = 0, late: Int = 0) {
        self.early = early
        self.onTime = onTime
        self.late = late
    }

    public static func + (lhs: ObligationCounts, rhs: ObligationCounts) -> ObligationCounts {
        ObligationCounts(early: lhs.early + rhs.early, onTime: lhs.onTime + rhs.onTime, late: lhs.late + rhs.late)
    }

    public var judged: Int { early + onTime + late }
    public var onTimeRate: Double? { judged > 0 ? Double(early + onTime) / Double(judged) : nil }
}

/// A period of Beijing dates, both ends included.
public struct ReportingPeriod: Equatable, Sendable {
    public var from: CivilDate
    public var through: CivilDate

    public init(from: CivilDate, through: CivilDate) {
        self.from = min(from, through)
        self.through = max(from, through)
    }

    /// The month `date` falls in.
    public static func month(of date: CivilDate) -> ReportingPeriod {
        let first = CivilDate(year: date.year, month: date.month, day: 1) ?? date
        return ReportingPeriod(from: first, through: first.adding(months: 1).adding(days: -1))
    }

    /// The `days` days ending on `date`.
    public static func days(_ days: Int, endingOn date: CivilDate) -> ReportingPeriod {
        ReportingPeriod(from: date.adding(days: -(max(days, 1) - 1)), through: date)
    }

    public var dayCount: Int { from.days(until: through) + 1 }

    /// Every date of the period, in order.
    public var dates: [CivilDate] { (0..<dayCount).map { from.adding(days: $0) } }

    /// The longest period a report may ask for: about five years of daily rows.
    public static let maximumDays = 1830
}
