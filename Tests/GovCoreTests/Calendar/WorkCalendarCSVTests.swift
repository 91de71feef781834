import Foundation
import Testing
@testable import GovCore

@Suite struct WorkCalendarCSVTests {
    @Test func parsesTheShippedFile() throws {
        let text = try #require(ShippedCalendar.text, "cannot read \(ShippedCalendar.relativePath)")
        let overrides = try WorkCalendar.parseCSV(text)
        #expect(overrides.count == 771)
        #expect(Set(overrides.map(\.date.year)) == Set(2004...2026))
        #expect(overrides.first == CalendarOverride(date: try civil("2004-01-01"), kind: .off, holiday: "New Year's Day"))
        #expect(overrides.last == CalendarOverride(date: try civil("2026-10-10"), kind: .work, holiday: "National Day"))
        // Every makeup workday is on a weekend: a weekday marked `work` would change nothing and hints at a typo.
        #expect(overrides.filter { $0.kind == .work && !$0.date.isWeekend }.isEmpty)
    }

    @Test func acceptsBOMCRLFBlankLinesAndSpaces() throws {
        let text = "\u{FEFF}date,kind,holiday\r\n\r\n2026-10-01, off ,National Day\r\n   \r\n2026-10-10,WORK,National Day\r\n"
        let overrides = try WorkCalendar.parseCSV(text)
        #expect(overrides == [
            CalendarOverride(date: try civil("2026-10-01"), kind: .off, holiday: "National Day"),
            CalendarOverride(date: try civil("2026-10-10"), kind: .work, holiday: "National Day"),
        ])
    }

    @Test func acceptsQuotedFieldsAsSpreadsheetsWriteThem() throws {
        let text = #"""
            Date,Kind,Holiday
            "2026-10-01","off","National Day, Mid-autumn"
            2026-10-02,off,"The ""Golden Week"""
            """#
        let overrides = try WorkCalendar.parseCSV(text)
        #expect(overrides.map(\.holiday) == ["National Day, Mid-autumn", #"The "Golden Week""#])
    }

    @Test(arguments: [
        ("2026-10-01,off,National Day\n", 1, CalendarImportError.Reason.missingHeader),
        ("\n\ndate,kind\n2026-10-01,off,National Day\n", 3, .missingHeader),
        ("date,kind,holiday\n2026-10-01,off,National Day\n2026-10-02,off\n", 3, .wrongColumnCount(2)),
        ("date,kind,holiday\n2026-10-01,off,National Day,extra\n", 2, .wrongColumnCount(4)),
        ("date,kind,holiday\n2026-02-30,off,Spring Festival\n", 2, .invalidDate("2026-02-30")),
        ("date,kind,holiday\r\n\r\n2026/10/01,off,National Day\r\n", 3, .invalidDate("2026/10/01")),
        ("date,kind,holiday\n2026-10-01,holiday,National Day\n", 2, .invalidKind("holiday")),
        ("date,kind,holiday\n2026-10-01,off,National Day\n\n2026-10-01,work,National Day\n", 4, .duplicateDate("2026-10-01")),
        ("date,kind,holiday\n2026-10-01,off,\n", 2, .invalidHolidayName),
        ("date,kind,holiday\n2026-10-01,off,Nat\u{0}ional\n", 2, .invalidHolidayName),
        ("date,kind,holiday\n2026-10-01,off,\(String(repeating: "节", count: 51))\n", 2, .invalidHolidayName),
        ("", 1, .empty),
        ("  \n\n", 1, .empty),
        ("date,kind,holiday\n", 2, .empty),
    ] as [(String, Int, CalendarImportError.Reason)])
    func reportsTheLineAndTheProblem(_ text: String, _ line: Int, _ reason: CalendarImportError.Reason) {
        #expect(throws: CalendarImportError(line: line, reason: reason)) { try WorkCalendar.parseCSV(text) }
    }

    @Test func messagesNameTheLineInBothLanguages() {
        let reasons: [CalendarImportError.Reason] = [
            .missingHeader, .wrongColumnCount(2), .invalidDate("2026-02-30"), .invalidKind("holiday"),
            .duplicateDate("2026-10-01"), .invalidHolidayName, .empty,
        ]
        for reason in reasons {
            let error = CalendarImportError(line: 7, reason: reason)
            let chinese = error.message(in: .zhHans)
            let english = error.message(in: .en)
            #expect(chinese.contains("第 7 行"))
            #expect(english.contains("line 7"))
            #expect(chinese != english)
        }
        #expect(CalendarImportError(line: 3, reason: .invalidDate("2026-02-30")).message(in: .zhHans).contains("2026-02-30"))
        #expect(CalendarImportError(line: 3, reason: .invalidKind("holiday")).message(in: .en).contains("holiday"))
    }
}
