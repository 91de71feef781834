import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Calendar store")
struct CalendarStoreTests {
    @Test("the shipped calendar is loaded and computes the statutory example")
    func shipped() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let calendar = try await CalendarStore.load(on: test.db)
            #expect(calendar.coveredYears == Set(2004...2026))
            #expect(try calendar.dueDate(from: CivilDate("2026-09-28")!, workingDays: 20) == CivilDate("2026-10-30"))
        }
    }

    @Test("importing a year replaces it and adds coverage; a day edit needs a loaded year")
    func importAndEdit() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let db = test.db
            let csv = "date,kind,holiday\n2027-01-01,off,元旦\n2027-02-06,off,春节\n2027-02-07,work,春节\n"
            let overrides = try WorkCalendar.parseCSV(csv)
            try await CalendarStore.importYears(overrides, source: "test", by: .system(), now: test.clock.now, on: db)
            var calendar = try await CalendarStore.load(on: db)
            #expect(calendar.coveredYears.contains(2027))
            #expect(try calendar.isWorkingDay(CivilDate("2027-02-07")!))   // a Sunday made a workday
            #expect(try !calendar.isWorkingDay(CivilDate("2027-01-01")!))

            // Re-importing replaces the year rather than adding to it.
            try await CalendarStore.importYears(try WorkCalendar.parseCSV("date,kind,holiday\n2027-01-01,off,元旦\n"), source: "fix", by: .system(), now: test.clock.now, on: db)
            calendar = try await CalendarStore.load(on: db)
            #expect(try !calendar.isWorkingDay(CivilDate("2027-02-07")!))
            #expect(try await CalendarStore.days(inYear: 2027, on: db).count == 1)

            try await CalendarStore.setDay(CivilDate("2027-03-01")!, kind: .off, holiday: "测试", by: .system(), now: test.clock.now, on: db)
            #expect(try await !CalendarStore.load(on: db).isWorkingDay(CivilDate("2027-03-01")!))
            await #expect(throws: CalendarError.yearNotCovered(2030)) {
                try await CalendarStore.setDay(CivilDate("2030-01-02")!, kind: .off, holiday: "x", by: .system(), now: test.clock.now, on: db)
            }
        }
    }
}
