import Foundation

/// How a published holiday arrangement changes a date: `off` is a statutory holiday (法定节假日, including the
/// weekdays given off around it), `work` a makeup workday (调休) that falls on a weekend.
public enum CalendarDayKind: String, Sendable, Codable, CaseIterable {
    case off, work
}

/// One date of the State Council's yearly holiday arrangement.
public struct CalendarOverride: Hashable, Sendable, Codable {
    public var date: CivilDate
    public var kind: CalendarDayKind
    /// The holiday the date belongs to, e.g. "Spring Festival"; for a makeup workday, the holiday it pays for.
    public var holiday: String

    public init(date: CivilDate, kind: CalendarDayKind, holiday: String) {
        self.date = date
        self.kind = kind
        self.holiday = holiday
    }
}

/// Turns limits in working days into due dates, and spans into working days used.
///
/// 《行政许可法》第八十二条 counts an authority's limits in working days, statutory holidays excluded. Which days
/// are holidays and which weekends are worked is published by the State Council each year, so it is data
/// (`overrides`), not a rule; a computation that needs a year without data throws `yearNotCovered` instead
/// of guessing that year has no holidays.
public struct WorkCalendar: Sendable {
    /// The longest limit accepted, about fourteen years: anything larger is a data-entry error.
    public static let maximumWorkingDays = 3650

    public let coveredYears: Set<Int>
    private let overrides: [CivilDate: CalendarOverride]
    /// Whether a year without data is estimated from the law instead of throwing; see ``provisional``.
    public private(set) var estimatesUncoveredYears = false

    /// When two overrides name the same date the later one wins (``parseCSV(_:)`` rejects such files).
    public init(overrides: [CalendarOverride], coveredYears: Set<Int>) {
        var byDate: [CivilDate: CalendarOverride] = [:]
        byDate.reserveCapacity(overrides.count)
        for override in overrides { byDate[override.date] = override }
        self.overrides = byDate
        self.coveredYears = coveredYears
    }

    /// Convenience: covered years = the years that appear in the overrides.
    public init(overrides: [CalendarOverride]) {
        self.init(overrides: overrides, coveredYears: Set(overrides.map(\.date.year)))
    }

    /// The same calendar, except that a year without data is estimated: its statutory holidays as the law fixes
    /// them (``StatutoryHolidays``) and weekends are off, every other day worked.
    ///
    /// Only for a deadline that must exist now although the State Council has not yet published the year (a case
    /// accepted in December runs into January): the caller must flag such a deadline as provisional (DESIGN.md:
    /// "flagged, never silently guessed") so it is recomputed once the year is imported.
    public var provisional: WorkCalendar {
        var copy = self
        copy.estimatesUncoveredYears = true
        return copy
    }

    public func override(on date: CivilDate) -> CalendarOverride? {
        overrides[date]
    }

    /// Weekends are off and weekdays worked, unless the year's arrangement says otherwise.
    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard coveredYears.contains(date.year) else {
            guard estimatesUncoveredYears else { throw .yearNotCovered(date.year) }
            return !date.isWeekend && StatutoryHolidays.estimatedDayOff(on: date).holiday == nil
        }
        if let override = overrides[date] { return override.kind == .work }
        return !date.isWeekend
    }

    /// Due date for `workingDays` working days from `start` (limits count working days, 《行政许可法》第八十二条).
    ///
    /// The start day is not counted (期间开始之日不计算在内, 《民法典》第二百零一条), and the limit ends at the end
    /// of the N-th working day (第二百零三条: the last day ends at 24:00). Working days inside a pause are not
    /// counted: hearings, inspection, testing, appraisal, expert review and the like are excluded from the
    /// limit (《行政许可法》第四十五条). `workingDays == 0` is done on the spot (即办件) and returns `start`.
    /// A start in a year the calendar has no data for is refused even then: nothing is known about that year,
    /// and DESIGN.md says such a date is flagged, never guessed.
    public func dueDate(
        from start: CivilDate, workingDays: Int, pauses: [ClosedRange<CivilDate>] = []
    ) throws(CalendarError) -> CivilDate {
        guard workingDays >= 0 else { throw .negativeWorkingDays(workingDays) }
        guard workingDays <= Self.maximumWorkingDays else { throw .limitTooLarge(workingDays) }
        guard coveredYears.contains(start.year) || estimatesUncoveredYears else { throw .yearNotCovered(start.year) }
        var walk = DayWalk(after: start, pauses: pauses)
        var date = start
        var counted = 0
        while counted < workingDays {
            // Past 9999-12-31 no calendar can have data.
            guard let next = walk.next() else { throw .yearNotCovered(CivilDate.latest.year + 1) }
            date = next
            if try isWorkingDay(date) { counted += 1 }
        }
        return date
    }

    /// The same on instants: counting starts from `start`'s Beijing date; a pause covers the Beijing dates from
    /// its start's date through its end's date (an end at exactly 00:00 belongs to the day before, and a pause
    /// of zero length covers nothing). Returns the end of the due date, 24:00 Beijing time.
    public func due(from start: Date, workingDays: Int, pauses: [DateInterval] = []) throws(CalendarError) -> Date {
        try dueDate(from: .beijing(start), workingDays: workingDays, pauses: Self.dates(of: pauses)).endInBeijing
    }

    /// Working days `d` with `start < d <= end` (0 if `end <= start`), less those inside pauses.
    public func workingDays(
        after start: CivilDate, through end: CivilDate, pauses: [ClosedRange<CivilDate>] = []
    ) throws(CalendarError) -> Int {
        var walk = DayWalk(after: start, pauses: pauses)
        var count = 0
        while let date = walk.next(), date <= end {
            if try isWorkingDay(date) { count += 1 }
        }
        return count
    }

    /// Working days used between two instants, counted like ``due(from:workingDays:pauses:)``: a duty finished
    /// exactly at the instant `due` returned has used exactly its limit.
    public func elapsedWorkingDays(from start: Date, to end: Date, pauses: [DateInterval] = []) throws(CalendarError) -> Int {
        guard end > start else { return 0 }
        return try workingDays(
            after: .beijing(start), through: .beijingEnding(at: end), pauses: Self.dates(of: pauses))
    }

    /// The years an administrator should import now: this year if it is missing, and from November on (the
    /// State Council usually publishes the next year's arrangement in late October or November) next year too.
    public func yearsNeedingData(asOf today: CivilDate) -> [Int] {
        var missing: [Int] = []
        if !coveredYears.contains(today.year) { missing.append(today.year) }
        if today.month >= 11, !coveredYears.contains(today.year + 1) { missing.append(today.year + 1) }
        return missing
    }

    static func dates(of intervals: [DateInterval]) -> [ClosedRange<CivilDate>] {
        intervals.compactMap { interval in
            guard interval.duration > 0 else { return nil }
            return CivilDate.beijing(interval.start)...CivilDate.beijingEnding(at: interval.end)
        }
    }
}

/// Steps through the dates after a start, jumping over pauses in one step each, so a long pause costs nothing.
private struct DayWalk {
    private var day: Int
    private let pauses: [ClosedRange<Int>]
    private var nextPause = 0

    init(after start: CivilDate, pauses: [ClosedRange<CivilDate>]) {
        day = start.dayNumber
        // Sorted and merged, so skipping one pause never lands inside another.
        var merged: [ClosedRange<Int>] = []
        let ranges = pauses.map { $0.lowerBound.dayNumber...$0.upperBound.dayNumber }
        for pause in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, pause.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, pause.upperBound)
            } else {
                merged.append(pause)
            }
        }
        self.pauses = merged
    }

    /// The next date not inside a pause; `nil` past 9999-12-31.
    mutating func next() -> CivilDate? {
        day += 1
        while nextPause < pauses.count, pauses[nextPause].upperBound < day { nextPause += 1 }
        if nextPause < pauses.count, pauses[nextPause].contains(day) {
            day = pauses[nextPause].upperBound + 1
            nextPause += 1
        }
        return CivilDate.dayNumbers.contains(day) ? CivilDate(dayNumber: day) : nil
    }
}

public enum CalendarError: LocalizedFailure, Equatable {
    case yearNotCovered(Int)
    case negativeWorkingDays(Int)
    case limitTooLarge(Int)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.yearNotCovered(year), .zhHans):
            "工作日历缺少 \(year) 年的数据，请管理员导入该年度节假日安排"
        case let (.yearNotCovered(year), .en):
            "The working-day calendar has no data for \(year); an administrator must import that year's holidays"
        case let (.negativeWorkingDays(days), .zhHans):
            "办理时限不能为负数（\(days) 个工作日）"
        case let (.negativeWorkingDays(days), .en):
            "A time limit cannot be negative (\(days) working days)"
        case let (.limitTooLarge(days), .zhHans):
            "办理时限 \(days) 个工作日过长，最多为 \(WorkCalendar.maximumWorkingDays) 个工作日"
        case let (.limitTooLarge(days), .en):
            "A time limit of \(days) working days is too long; the most allowed is \(WorkCalendar.maximumWorkingDays)"
        }
    }
}
