import Foundation
import Testing
@testable import GovCore

/// Deadlines on the real State Council arrangements shipped with GovHall.
@Suite struct WorkCalendarTests {
    let calendar: WorkCalendar

    init() throws {
        calendar = try #require(ShippedCalendar.calendar, "cannot load \(ShippedCalendar.relativePath)")
    }

    @Test func coversTheShippedYears() {
        #expect(calendar.coveredYears == Set(2004...2026))
    }

    @Test func knowsHolidaysAndMakeupWorkdays() throws {
        let nationalDay = try #require(calendar.override(on: try civil("2026-10-01")))
        #expect(nationalDay.kind == .off)
        #expect(nationalDay.holiday == "National Day")
        #expect(calendar.override(on: try civil("2026-10-12")) == nil)

        #expect(try calendar.isWorkingDay(civil("2026-10-01")) == false)       // Thursday, holiday
        #expect(try calendar.isWorkingDay(civil("2026-10-10")) == true)        // Saturday, makeup workday
        #expect(try calendar.isWorkingDay(civil("2026-10-11")) == false)       // plain Sunday
        #expect(try calendar.isWorkingDay(civil("2026-10-12")) == true)        // plain Monday
    }

    @Test func aMakeupSundayIsAWorkingDay() throws {
        let sunday = try civil("2026-01-04")
        #expect(sunday.weekday == 7)
        #expect(calendar.override(on: sunday)?.kind == .work)
        #expect(try calendar.isWorkingDay(sunday))
        // The first working day after 31 December is that Sunday: 1–3 January are off.
        #expect(try calendar.dueDate(from: civil("2025-12-31"), workingDays: 1) == civil("2026-01-04"))
    }

    @Test func twentyWorkingDaysAcrossNationalDayAndMidAutumn() throws {
        // 29, 30 Sep; 1–7 Oct off; 8, 9, 10 (Saturday makeup) Oct; then three full weeks.
        #expect(calendar.override(on: try civil("2026-10-10"))?.kind == .work)
        #expect(try civil("2026-10-10").weekday == 6)
        #expect(try calendar.dueDate(from: civil("2026-09-28"), workingDays: 20) == civil("2026-10-30"))
    }

    @Test func springFestival2026() throws {
        // 13 Feb Friday, 14 Feb Saturday makeup, 15–23 Feb off.
        #expect(try calendar.dueDate(from: civil("2026-02-13"), workingDays: 1) == civil("2026-02-14"))
        #expect(try calendar.dueDate(from: civil("2026-02-13"), workingDays: 2) == civil("2026-02-24"))
        #expect(try calendar.dueDate(from: civil("2026-02-12"), workingDays: 5) == civil("2026-02-26"))
        for day in 15...23 {
            #expect(try calendar.isWorkingDay(#require(CivilDate(year: 2026, month: 2, day: day))) == false)
        }
    }

    @Test func crossesTheYearBoundary() throws {
        // 26, 29, 30, 31 Dec; 1–3 Jan off; 4 Jan (Sunday makeup); 5–9 Jan.
        #expect(try calendar.dueDate(from: civil("2025-12-25"), workingDays: 10) == civil("2026-01-09"))
    }

    @Test func zeroWorkingDaysIsDoneOnTheSpot() throws {
        #expect(try calendar.dueDate(from: civil("2026-10-01"), workingDays: 0) == civil("2026-10-01"))
        #expect(try calendar.dueDate(from: civil("2026-09-28"), workingDays: 0) == civil("2026-09-28"))
        // Even on the spot, a start the calendar knows nothing about is flagged, not guessed.
        #expect(throws: CalendarError.yearNotCovered(1476)) { try calendar.dueDate(from: try civil("1476-01-20"), workingDays: 0) }
    }

    @Test func refusesNegativeAndAbsurdLimits() throws {
        #expect(throws: CalendarError.negativeWorkingDays(-1)) {
            try calendar.dueDate(from: civil("2026-09-28"), workingDays: -1)
        }
        #expect(throws: CalendarError.limitTooLarge(3651)) {
            try calendar.dueDate(from: civil("2004-01-01"), workingDays: 3651)
        }
        // The maximum itself is accepted, and counts back to itself.
        let start = try civil("2004-01-01")
        let due = try calendar.dueDate(from: start, workingDays: 3650)
        #expect(due == (try civil("2018-08-07")))
        #expect(try calendar.workingDays(after: start, through: due) == 3650)
    }

    @Test func neverGuessesAYearWithoutData() throws {
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try calendar.dueDate(from: civil("2026-12-10"), workingDays: 20)
        }
        #expect(throws: CalendarError.yearNotCovered(2003)) {
            try calendar.isWorkingDay(civil("2003-06-02"))
        }
        #expect(throws: CalendarError.yearNotCovered(2027)) {
            try calendar.workingDays(after: civil("2026-12-01"), through: civil("2027-01-15"))
        }
    }

    // MARK: Pauses (《行政许可法》第四十五条)

    @Test func aPauseOverThreeWorkingDaysMovesTheDueDateByThree() throws {
        let start = try civil("2026-03-02")
        let plain = try calendar.dueDate(from: start, workingDays: 20)
        #expect(plain == (try civil("2026-03-30")))
        let paused = try calendar.dueDate(from: start, workingDays: 20, pauses: [civil("2026-03-10")...civil("2026-03-12")])
        #expect(paused == (try civil("2026-04-02")))
        #expect(try calendar.workingDays(after: plain, through: paused) == 3)
    }

    @Test func overlappingPausesCountEachDayOnce() throws {
        let pauses = try [civil("2026-03-10")...civil("2026-03-12"), civil("2026-03-11")...civil("2026-03-13")]
        #expect(try calendar.dueDate(from: civil("2026-03-02"), workingDays: 20, pauses: pauses) == civil("2026-04-03"))
        // Order does not matter.
        #expect(
            try calendar.dueDate(from: civil("2026-03-02"), workingDays: 20, pauses: pauses.reversed())
                == civil("2026-04-03"))
    }

    @Test func pausesOverDaysOffOrOutsideTheSpanMoveNothing() throws {
        let start = try civil("2026-03-30")
        let plain = try calendar.dueDate(from: start, workingDays: 10)
        #expect(plain == (try civil("2026-04-14")))
        let idle: [ClosedRange<CivilDate>] = try [
            civil("2026-04-04")...civil("2026-04-06"),   // Tomb-sweeping Day: Saturday to Monday, all off
            civil("2026-04-11")...civil("2026-04-12"),   // a weekend
            civil("2026-03-01")...civil("2026-03-30"),   // ends on the start day, which is never counted
            civil("2026-04-15")...civil("2026-05-30"),   // after the due date
        ]
        #expect(try calendar.dueDate(from: start, workingDays: 10, pauses: idle) == plain)
    }

    @Test func workingDaysInsideAPauseAreNotCountedAsUsed() throws {
        let start = try civil("2026-03-02")
        let end = try civil("2026-03-13")
        #expect(try calendar.workingDays(after: start, through: end) == 9)
        #expect(try calendar.workingDays(after: start, through: end, pauses: [civil("2026-03-10")...civil("2026-03-20")]) == 5)
        #expect(try calendar.workingDays(after: end, through: start) == 0)
        #expect(try calendar.workingDays(after: start, through: start) == 0)
    }

    // MARK: Instants

    @Test func dueInstantIsMidnightAfterTheLastWorkingDay() throws {
        let due = try calendar.due(from: isoInstant("2026-09-28T10:00:00+08:00"), workingDays: 20)
        #expect(due == (try isoInstant("2026-10-31T00:00:00+08:00")))
        #expect(due == (try isoInstant("2026-10-30T16:00:00Z")))
    }

    @Test func lateEveningInBeijingIsStillTheSameDate() throws {
        // 23:30 Beijing is 15:30 UTC, the same calendar date; 00:00 Beijing starts the next one.
        let lateEvening = try isoInstant("2026-09-28T15:30:00Z")
        #expect(CivilDate.beijing(lateEvening) == (try civil("2026-09-28")))
        #expect(try calendar.due(from: lateEvening, workingDays: 20) == isoInstant("2026-10-31T00:00:00+08:00"))
        let midnight = try isoInstant("2026-09-29T00:00:00+08:00")
        #expect(try calendar.due(from: midnight, workingDays: 20) == civil("2026-11-02").endInBeijing)
    }

    @Test func instantPausesCoverWholeBeijingDates() throws {
        let start = try isoInstant("2026-09-28T10:00:00+08:00")
        // 12 Oct 09:00 to 14 Oct 00:00 covers 12 and 13 Oct; the end at midnight belongs to the 13th.
        let pause = DateInterval(
            start: try isoInstant("2026-10-12T09:00:00+08:00"), end: try isoInstant("2026-10-14T00:00:00+08:00"))
        #expect(try calendar.due(from: start, workingDays: 20, pauses: [pause]) == civil("2026-11-03").endInBeijing)
        // One second more reaches into the 14th.
        let longer = DateInterval(start: pause.start, end: pause.end.addingTimeInterval(1))
        #expect(try calendar.due(from: start, workingDays: 20, pauses: [longer]) == civil("2026-11-04").endInBeijing)
        // A pause of no length covers nothing.
        let none = DateInterval(start: pause.start, duration: 0)
        #expect(try calendar.due(from: start, workingDays: 20, pauses: [none]) == isoInstant("2026-10-31T00:00:00+08:00"))
    }

    @Test func elapsedWorkingDaysBetweenInstants() throws {
        let start = try isoInstant("2026-09-28T10:00:00+08:00")
        let due = try calendar.due(from: start, workingDays: 20)
        // Finishing exactly at the due instant uses exactly the limit.
        #expect(try calendar.elapsedWorkingDays(from: start, to: due) == 20)
        #expect(try calendar.elapsedWorkingDays(from: start, to: due.addingTimeInterval(-1)) == 20)
        #expect(try calendar.elapsedWorkingDays(from: start, to: isoInstant("2026-10-30T08:59:00+08:00")) == 20)
        #expect(try calendar.elapsedWorkingDays(from: start, to: isoInstant("2026-10-29T17:00:00+08:00")) == 19)
        // 31 Oct is a Saturday; the next working day is Monday 2 Nov.
        #expect(try calendar.elapsedWorkingDays(from: start, to: due.addingTimeInterval(3600)) == 20)
        #expect(try calendar.elapsedWorkingDays(from: start, to: isoInstant("2026-11-02T09:00:00+08:00")) == 21)
        // The same day, and an end before the start, use nothing.
        #expect(try calendar.elapsedWorkingDays(from: start, to: isoInstant("2026-09-28T23:59:00+08:00")) == 0)
        #expect(try calendar.elapsedWorkingDays(from: start, to: start.addingTimeInterval(-86_400)) == 0)
        // A pause over 12–13 Oct gives those two days back.
        let pause = DateInterval(
            start: try isoInstant("2026-10-12T09:00:00+08:00"), end: try isoInstant("2026-10-14T00:00:00+08:00"))
        #expect(try calendar.elapsedWorkingDays(from: start, to: due, pauses: [pause]) == 18)
    }

    // MARK: Data upkeep

    @Test func asksForNextYearFromNovember() throws {
        #expect(calendar.yearsNeedingData(asOf: try civil("2026-10-31")) == [])
        #expect(calendar.yearsNeedingData(asOf: try civil("2026-11-01")) == [2027])
        #expect(calendar.yearsNeedingData(asOf: try civil("2027-01-05")) == [2027])
        let extended = WorkCalendar(
            overrides: try #require(ShippedCalendar.overrides), coveredYears: calendar.coveredYears.union([2027]))
        #expect(extended.yearsNeedingData(asOf: try civil("2026-11-01")) == [])
        #expect(extended.yearsNeedingData(asOf: try civil("2027-11-15")) == [2028])
    }

    @Test func messagesNameTheProblemInBothLanguages() {
        let errors: [CalendarError] = [.yearNotCovered(2027), .negativeWorkingDays(-3), .limitTooLarge(4000)]
        for error in errors {
            let chinese = error.message(in: .zhHans)
            let english = error.message(in: .en)
            #expect(!chinese.isEmpty && !english.isEmpty && chinese != english)
        }
        #expect(
            CalendarError.yearNotCovered(2027).message(in: .zhHans) == "工作日历缺少 2027 年的数据，请管理员导入该年度节假日安排")
        #expect(CalendarError.yearNotCovered(2027).message(in: .en).contains("2027"))
        #expect(CalendarError.limitTooLarge(4000).message(in: .zhHans).contains("4000"))
    }
}

/// Rules that need no real data: a calendar built in the test.
@Suite struct WorkCalendarSyntheticTests {
    @Test func withoutOverridesWeekendsAreOff() throws {
        let calendar = WorkCalendar(overrides: [], coveredYears: [2030])
        // Friday 4 Jan 2030 + 1 → Monday 7 Jan.
        #expect(try calendar.dueDate(from: civil("2030-01-04"), workingDays: 1) == civil("2030-01-07"))
        #expect(try calendar.dueDate(from: civil("2030-01-04"), workingDays: 5) == civil("2030-01-11"))
    }

    @Test func coveredYearsDefaultToTheYearsOfTheOverrides() throws {
        let overrides = [
            CalendarOverride(date: try civil("2006-12-30"), kind: .work, holiday: "New Year's Day"),
            CalendarOverride(date: try civil("2007-01-02"), kind: .off, holiday: "New Year's Day"),
        ]
        #expect(WorkCalendar(overrides: overrides).coveredYears == [2006, 2007])
    }

    @Test func theLastOverrideForADateWins() throws {
        let day = try civil("2030-05-06")
        let calendar = WorkCalendar(overrides: [
            CalendarOverride(date: day, kind: .off, holiday: "First"),
            CalendarOverride(date: day, kind: .work, holiday: "Second"),
        ])
        #expect(calendar.override(on: day)?.holiday == "Second")
        #expect(try calendar.isWorkingDay(day))
    }

    @Test func daysInsideAPauseNeedNoData() throws {
        // 2031 has no data, but every day of it is paused, so nothing about it needs to be known.
        let calendar = WorkCalendar(overrides: [], coveredYears: [2030, 2032])
        let pause = try civil("2031-01-01")...civil("2031-12-31")
        #expect(try calendar.dueDate(from: civil("2030-12-31"), workingDays: 1, pauses: [pause]) == civil("2032-01-01"))
        #expect(try calendar.workingDays(after: civil("2030-12-31"), through: civil("2032-01-02"), pauses: [pause]) == 2)
    }

    @Test func aPauseToTheEndOfTimeRunsOutOfYearsInsteadOfLooping() throws {
        let calendar = WorkCalendar(overrides: [], coveredYears: [2030])
        let pause = try civil("2030-01-10")...civil("9999-12-31")
        #expect(throws: CalendarError.yearNotCovered(10_000)) {
            try calendar.dueDate(from: civil("2030-01-07"), workingDays: 10, pauses: [pause])
        }
        #expect(try calendar.workingDays(after: civil("2030-01-07"), through: civil("9999-12-31"), pauses: [pause]) == 2)
    }
}
