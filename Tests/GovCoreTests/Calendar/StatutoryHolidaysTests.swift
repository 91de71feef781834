import Foundation
@testable import GovCore
import Testing

@Suite("Statutory holidays estimated from the law (国务院令第795号)")
struct StatutoryHolidaysTests {
    /// Every festival the lunisolar calendar and the solar term give is a day off in every published arrangement
    /// shipped since 清明, 端午 and 中秋 became holidays (国务院令第513号, 2008): the computation agrees with
    /// nineteen years of State Council notices.
    @Test("春节, 清明, 端午 and 中秋 fall on days off in every shipped year since 2008")
    func festivalsAgreeWithPublishedYears() throws {
        let calendar = try #require(ShippedCalendar.calendar)
        let years = calendar.coveredYears.filter { $0 >= 2008 }.sorted()
        #expect(years.count >= 19)
        for year in years {
            let newYear = try #require(StatutoryHolidays.lunarNewYear(of: year))
            let festivals = [
                newYear, newYear.adding(days: 1), newYear.adding(days: 2),
                try #require(StatutoryHolidays.qingming(of: year)),
                try #require(StatutoryHolidays.lunarDate(year: year, month: 5, day: 5)),
                try #require(StatutoryHolidays.lunarDate(year: year, month: 8, day: 15)),
            ]
            for date in festivals {
                #expect(try !calendar.isWorkingDay(date), "\(date) is a festival of \(year) but a working day in the published arrangement")
            }
        }
    }

    @Test("since the 2025 rules, every estimated day off (holidays and days in lieu) is off in the published arrangement")
    func estimateWithinPublishedArrangements() throws {
        let calendar = try #require(ShippedCalendar.calendar)
        for year in [2025, 2026] {
            let estimate = try #require(StatutoryHolidays.estimate(for: year))
            for day in estimate {
                #expect(try !calendar.isWorkingDay(day.date), "\(day.date) (\(day.holiday)) is worked in the \(year) arrangement")
            }
        }
    }

    @Test("2027 by the law alone: thirteen holidays and a weekday in lieu for each that falls on a weekend")
    func year2027() throws {
        let estimate = try #require(StatutoryHolidays.estimate(for: 2027))
        let expected: [(String, String)] = [
            ("2027-01-01", "New Year's Day"),
            // 除夕 Friday 5 February; Saturday and Sunday are given back on Tuesday and Wednesday.
            ("2027-02-05", "Spring Festival"), ("2027-02-06", "Spring Festival"), ("2027-02-07", "Spring Festival"),
            ("2027-02-08", "Spring Festival"), ("2027-02-09", "Spring Festival"), ("2027-02-10", "Spring Festival"),
            ("2027-04-05", "Tomb-sweeping Day"),
            ("2027-05-01", "Labour Day"), ("2027-05-02", "Labour Day"), ("2027-05-03", "Labour Day"), ("2027-05-04", "Labour Day"),
            ("2027-06-09", "Dragon Boat Festival"),
            ("2027-09-15", "Mid-autumn Festival"),
            ("2027-10-01", "National Day"), ("2027-10-02", "National Day"), ("2027-10-03", "National Day"),
            ("2027-10-04", "National Day"), ("2027-10-05", "National Day"),
        ]
        #expect(estimate.map(\.date.description) == expected.map(\.0))
        #expect(estimate.map(\.holiday) == expected.map(\.1))
        #expect(estimate.allSatisfy { $0.kind == .off })
    }

    @Test("清明 is the day the sun reaches 15°, 4 or 5 April in this century")
    func qingming() throws {
        let known = [2008: 4, 2010: 5, 2012: 4, 2015: 5, 2019: 5, 2024: 4, 2026: 5, 2027: 5, 2028: 4, 2030: 5, 2032: 4]
        for (year, day) in known {
            #expect(StatutoryHolidays.qingming(of: year) == CivilDate(year: year, month: 4, day: day), "\(year)")
        }
        // The longitude formula itself: J2000.0 (2000-01-01 12:00 TT) has the sun near 280.37°.
        #expect(abs(StatutoryHolidays.apparentSolarLongitude(atJulianEphemerisDay: 2_451_545.0) - 280.37) < 0.02)
    }

    @Test("outside the years the computation holds, nothing is estimated")
    func outsideRange() {
        #expect(StatutoryHolidays.estimate(for: 1850) == nil)
        #expect(StatutoryHolidays.estimate(for: 2150) == nil)
    }

    @Test("a provisional calendar keeps the estimated holidays off in an unpublished year; the strict one still refuses the year")
    func provisionalCalendar() throws {
        let calendar = try #require(ShippedCalendar.calendar)
        let lastYear = try #require(calendar.coveredYears.max())
        let newYearsDay = try #require(CivilDate(year: lastYear + 1, month: 1, day: 1))
        #expect(throws: CalendarError.yearNotCovered(lastYear + 1)) { try calendar.isWorkingDay(newYearsDay) }
        #expect(try !calendar.provisional.isWorkingDay(newYearsDay))
        let springFestival = try #require(StatutoryHolidays.lunarNewYear(of: lastYear + 1))
        #expect(try !calendar.provisional.isWorkingDay(springFestival))
    }
}
