import Foundation
import Testing
@testable import GovCore

@Suite struct CivilDateTests {
    @Test func parsesStrictISODates() throws {
        let date = try #require(CivilDate("2026-01-05"))
        #expect(date.year == 2026)
        #expect(date.month == 1)
        #expect(date.day == 5)
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("0001-01-01") != nil)
        #expect(CivilDate("9999-12-31") != nil)
    }

    @Test(arguments: [
        "2026-02-30", "0000-00-00", "2026-1-5", " 2026-01-05", "2026-01-05 ", "2026/01/05", "20260105",
        "2026-13-01", "2026-00-10", "2026-04-31", "2025-02-29", "1900-02-29", "２０２６-01-05", "", "+026-01-05",
        "2026-01-0a", "2026-01-05T00:00", "12026-01-05", "0000-01-01",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test func countingBackPastTheFirstYearIsNilNotATrap() throws {
        let early = try #require(CivilDate("0001-01-05"))
        #expect(early.adding(daysIfInRange: -29) == nil)
        #expect(early.adding(daysIfInRange: -4) == CivilDate("0001-01-01"))
        #expect(try #require(CivilDate("9999-12-31")).adding(daysIfInRange: 1) == nil)
        #expect(try #require(CivilDate("2026-03-01")).adding(daysIfInRange: -1) == CivilDate("2026-02-28"))
    }

    @Test func componentInitializerRejectsImpossibleDates() {
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 6, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 12, day: 31) != nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 1, day: 0) == nil)
    }

    @Test func describesItselfAsZeroPaddedISO() throws {
        #expect(CivilDate(year: 1, month: 2, day: 3)?.description == "0001-02-03")
        #expect(try civil("2026-10-01").description == "2026-10-01")
        // LosslessStringConvertible round trip.
        func roundTrip<T: LosslessStringConvertible>(_ value: T) -> T? { T(value.description) }
        #expect(roundTrip(try civil("2024-02-29")) == (try civil("2024-02-29")))
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2026-01-01", 4), ("2026-10-10", 6), ("2000-01-01", 6), ("2026-02-17", 2),
        ("0001-01-01", 1), ("9999-12-31", 5), ("2026-01-04", 7), ("1969-12-31", 3),
    ])
    func knowsTheISOWeekday(_ text: String, _ weekday: Int) throws {
        let date = try civil(text)
        #expect(date.weekday == weekday)
        #expect(date.isWeekend == (weekday >= 6))
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() throws {
        #expect(try civil("2026-01-31").adding(days: 1) == civil("2026-02-01"))
        #expect(try civil("2024-02-28").adding(days: 1) == civil("2024-02-29"))
        #expect(try civil("2023-02-28").adding(days: 1) == civil("2023-03-01"))
        #expect(try civil("2025-12-31").adding(days: 1) == civil("2026-01-01"))
        #expect(try civil("2024-03-01").adding(days: -1) == civil("2024-02-29"))
        #expect(try civil("2024-01-01").adding(days: 365) == civil("2024-12-31"))
        #expect(try civil("2026-10-01").adding(days: 0) == civil("2026-10-01"))
        #expect(try civil("1970-01-01").adding(days: -1) == civil("1969-12-31"))
    }

    @Test func countsDaysBetweenDates() throws {
        #expect(try civil("2000-01-01").days(until: civil("2026-01-01")) == 9497)
        #expect(try civil("2026-01-01").days(until: civil("2000-01-01")) == -9497)
        #expect(try civil("0001-01-01").days(until: civil("1970-01-01")) == 719_162)
        #expect(try civil("2026-10-01").days(until: civil("2026-10-01")) == 0)
    }

    @Test func ordersChronologically() throws {
        let dates = try ["2026-01-10", "2025-12-31", "2026-01-09", "2026-02-01"].map { try civil($0) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-01-09", "2026-01-10", "2026-02-01"])
    }

    @Test func mapsInstantsToBeijingDates() throws {
        // 23:30 in Beijing is still the same date, though it is 15:30 UTC.
        #expect(CivilDate.beijing(try isoInstant("2026-09-28T15:30:00Z")) == (try civil("2026-09-28")))
        #expect(CivilDate.beijing(try isoInstant("2026-09-28T23:30:00+08:00")) == (try civil("2026-09-28")))
        #expect(CivilDate.beijing(try isoInstant("2026-09-28T16:00:00Z")) == (try civil("2026-09-29")))
        #expect(CivilDate.beijing(try isoInstant("2026-09-28T15:59:59Z")) == (try civil("2026-09-28")))
        // Before 1970 the day number is negative; the date must still round down.
        #expect(CivilDate.beijing(try isoInstant("1969-12-31T15:59:59Z")) == (try civil("1969-12-31")))
        #expect(CivilDate.beijing(try isoInstant("1969-12-31T16:00:00Z")) == (try civil("1970-01-01")))
    }

    @Test func startsAndEndsAtBeijingMidnight() throws {
        let date = try civil("2026-09-28")
        #expect(date.startInBeijing == (try isoInstant("2026-09-28T00:00:00+08:00")))
        #expect(date.endInBeijing == (try isoInstant("2026-09-29T00:00:00+08:00")))
        #expect(date.endInBeijing.timeIntervalSince(date.startInBeijing) == 86_400)
        #expect(CivilDate.beijing(date.startInBeijing) == date)
        #expect(CivilDate.beijing(date.endInBeijing) == date.adding(days: 1))
        #expect(CivilDate.beijingEnding(at: date.endInBeijing) == date)
    }

    @Test func encodesAsASingleString() throws {
        struct Holder: Codable, Equatable { var due: CivilDate }
        let holder = Holder(due: try civil("2026-10-30"))
        let json = try JSONEncoder().encode(holder)
        #expect(String(decoding: json, as: UTF8.self) == #"{"due":"2026-10-30"}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: json) == holder)
    }

    @Test(arguments: [#"{"due":"2026-02-30"}"#, #"{"due":"2026-1-5"}"#, #"{"due":20261005}"#])
    func refusesToDecodeBadDates(_ json: String) {
        struct Holder: Codable { var due: CivilDate }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(json.utf8)) }
    }
}
