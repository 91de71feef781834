import Foundation

/// The statutory holidays of a year as the law fixes them, for a year whose arrangement the State Council has not
/// published yet.
///
/// 《全国年节及纪念日放假办法》 (国务院令第795号, in force since 1 January 2025), 第二条: 元旦 1 day (1 January); 春节
/// 4 days (除夕 to 正月初三); 清明节 1 day (the day of the solar term); 劳动节 2 days (1–2 May); 端午节 1 day (五月初五);
/// 中秋节 1 day (八月十五); 国庆节 3 days (1–3 October). 第六条: a holiday of all citizens that falls on a Saturday or
/// Sunday is given back on a working day (补假). What the law leaves to the yearly arrangement, the weekends worked
/// to join holidays into longer breaks (调休), cannot be computed, so an estimate is only ever provisional.
public enum StatutoryHolidays {
    /// The days off of `year` by the law alone: the thirteen holidays, and a weekday in lieu for each that falls on
    /// a weekend. `nil` outside the years the lunisolar calendar and the sun's position are computed for here.
    public static func estimate(for year: Int) -> [CalendarOverride]? {
        cache.estimate(for: year).map { $0.values.sorted { $0.date < $1.date } }
    }

    /// Whether the law alone makes `date` a day off, and which holiday's; `nil` for a date of a year that cannot
    /// be estimated.
    static func estimatedDayOff(on date: CivilDate) -> (estimable: Bool, holiday: CalendarOverride?) {
        guard let year = cache.estimate(for: date.year) else { return (false, nil) }
        return (true, year[date])
    }

    /// The years an estimate can be computed for: the solar-term computation below is accurate to minutes
    /// within a few centuries of J2000.
    public static let estimableYears = 1901...2099

    static func computeEstimate(for year: Int) -> [CivilDate: CalendarOverride]? {
        guard estimableYears.contains(year), let newYear = lunarNewYear(of: year),
              let dragonBoat = lunarDate(year: year, month: 5, day: 5), let midAutumn = lunarDate(year: year, month: 8, day: 15),
              let qingming = qingming(of: year),
              let januaryFirst = CivilDate(year: year, month: 1, day: 1),
              let mayDay = CivilDate(year: year, month: 5, day: 1),
              let nationalDay = CivilDate(year: year, month: 10, day: 1)
        else { return nil }
        let holidays: [(name: String, first: CivilDate, days: Int)] = [
            ("New Year's Day", januaryFirst, 1),
            ("Spring Festival", newYear.adding(days: -1), 4),
            ("Tomb-sweeping Day", qingming, 1),
            ("Labour Day", mayDay, 2),
            ("Dragon Boat Festival", dragonBoat, 1),
            ("Mid-autumn Festival", midAutumn, 1),
            ("National Day", nationalDay, 3),
        ]
        var daysOff: [CivilDate: String] = [:]
        for holiday in holidays {
            for offset in 0..<holiday.days { daysOff[holiday.first.adding(days: offset)] = holiday.name }
        }
        // 第六条: each holiday day on a weekend is given back on the first working day after the holiday that is
        // not itself a holiday or already given back. Holidays are handled in date order, so the days in lieu of
        // an earlier holiday are taken before a later one's.
        for holiday in holidays.sorted(by: { $0.first < $1.first }) {
            var inLieuAfter = holiday.first.adding(days: holiday.days - 1)
            for offset in 0..<holiday.days where holiday.first.adding(days: offset).isWeekend {
                repeat { inLieuAfter = inLieuAfter.adding(days: 1) } while inLieuAfter.isWeekend || daysOff[inLieuAfter] != nil
                daysOff[inLieuAfter] = holiday.name
            }
        }
        var estimate: [CivilDate: CalendarOverride] = [:]
        for (date, holiday) in daysOff where date.year == year {
            estimate[date] = CalendarOverride(date: date, kind: .off, holiday: holiday)
        }
        return estimate
    }

    // MARK: The lunisolar calendar

    /// The Chinese calendar as China Standard Time reckons it (GB/T 33661-2017 counts days in UTC+8).
    private static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = TimeZone(secondsFromGMT: CivilDate.beijingOffset) ?? .current
        return calendar
    }()

    /// 正月初一 of the lunar year that begins in Gregorian `year` (always between 21 January and 20 February).
    static func lunarNewYear(of year: Int) -> CivilDate? {
        lunarDate(year: year, month: 1, day: 1)
    }

    /// The Gregorian date of a day of the (non-leap) lunar month in the lunar year that begins in `year`.
    static func lunarDate(year: Int, month: Int, day: Int) -> CivilDate? {
        // The calendar numbers years in sixty-year cycles; cycle 78 began with 1984 (甲子).
        let sinceCycle78 = year - 1984
        let cycle = 78 + Int((Double(sinceCycle78) / 60).rounded(.down))
        let yearOfCycle = sinceCycle78 - (cycle - 78) * 60 + 1
        var components = DateComponents(era: cycle, year: yearOfCycle, month: month, day: day)
        components.isLeapMonth = false
        guard let instant = chinese.date(from: components) else { return nil }
        let date = CivilDate.beijing(instant)
        return date.year == year ? date : nil
    }

    // MARK: The solar term 清明

    /// The Beijing date on which the sun's apparent longitude reaches 15°, the solar term 清明 (GB/T 33661-2017
    /// defines the terms by the sun's apparent longitude). It falls on 4, 5 or 6 April.
    static func qingming(of year: Int) -> CivilDate? {
        guard let low = CivilDate(year: year, month: 4, day: 2), let high = CivilDate(year: year, month: 4, day: 8) else { return nil }
        // Bisection on the instant: the longitude grows about 1° a day, so 40 halvings of six days reach well
        // under a second.
        var lower = julianDay(atStartOfBeijingDay: low)
        var upper = julianDay(atStartOfBeijingDay: high)
        for _ in 0..<40 {
            let middle = (lower + upper) / 2
            if apparentSolarLongitude(atJulianEphemerisDay: middle + deltaT) < 15 { lower = middle } else { upper = middle }
        }
        let secondsSinceEpoch = (upper - 2_440_587.5) * 86_400
        return CivilDate.beijing(Date(timeIntervalSince1970: secondsSinceEpoch))
    }

    /// Terrestrial time runs ahead of universal time by about 69 s in the 2020s (IERS); the solar term's date is
    /// insensitive to the difference but the term is defined in dynamical time.
    private static let deltaT = 69.0 / 86_400

    private static func julianDay(atStartOfBeijingDay date: CivilDate) -> Double {
        Double(date.dayNumber) + 2_440_587.5 - Double(CivilDate.beijingOffset) / 86_400
    }

    /// The sun's apparent longitude in degrees, 0..<360 (Meeus, *Astronomical Algorithms*, ch. 25, the low-accuracy
    /// method: within 0.01°, i.e. about a quarter of an hour for the instant of a term).
    static func apparentSolarLongitude(atJulianEphemerisDay jde: Double) -> Double {
        let t = (jde - 2_451_545.0) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = radians(357.52911 + 35_999.05029 * t - 0.0001537 * t * t)
        let center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly) + 0.000289 * sin(3 * meanAnomaly)
        let ascendingNode = radians(125.04 - 1_934.136 * t)
        let apparent = meanLongitude + center - 0.00569 - 0.00478 * sin(ascendingNode)
        let normalised = apparent.truncatingRemainder(dividingBy: 360)
        return normalised < 0 ? normalised + 360 : normalised
    }

    private static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

    /// Computing a year takes the lunisolar calendar and a bisection; a deadline walks its days one by one, so
    /// each year is computed once per process. The law is the same for every database, so one cache serves all.
    private static let cache = EstimateCache()

    private final class EstimateCache: @unchecked Sendable {
        private let lock = NSLock()
        private var byYear: [Int: [CivilDate: CalendarOverride]?] = [:]

        func estimate(for year: Int) -> [CivilDate: CalendarOverride]? {
            lock.lock()
            defer { lock.unlock() }
            if let known = byYear[year] { return known }
            let computed = StatutoryHolidays.computeEstimate(for: year)
            byYear[year] = computed
            return computed
        }
    }
}
