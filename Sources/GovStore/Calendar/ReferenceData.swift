import FluentKit
import Foundation
import GovCore

/// Facts every installation needs whether or not it is a demo: the shipped working-day calendar.
public enum ReferenceData {
    /// Loads the shipped calendar CSV if no calendar year is stored yet. Returns the years loaded.
    @discardableResult
    public static func loadCalendarIfEmpty(csv: String, now: Date, on database: any Database) async throws -> [Int] {
        guard try await CalendarYear.query(on: database).count() == 0 else { return [] }
        let overrides = try WorkCalendar.parseCSV(csv)
        return try await CalendarStore.importYears(
            overrides, source: "cn-workday-calendar.csv (State Council notices 2004–2026)", by: .system("seed"), now: now, on: database
        ).years
    }
}
