import FluentKit
import Foundation
import GovCore

/// The working-day calendar as stored: the loaded years and their holiday and makeup days.
public enum CalendarStore {
    public static func load(on database: any Database) async throws -> WorkCalendar {
        let years = try await CalendarYear.query(on: database).all().compactMap(\.id)
        let days = try await CalendarDay.query(on: database).all().compactMap(\.override)
        return WorkCalendar(overrides: days, coveredYears: Set(years))
    }

    public static func years(on database: any Database) async throws -> [CalendarYear] {
        try await CalendarYear.query(on: database).sort(\.$id).all()
    }

    /// How many days each year's calendar sets apart from the usual week, by year.
    public static func dayCountsByYear(on database: any Database) async throws -> [Int: Int] {
        let days = try await CalendarDay.query(on: database).field(\.$year).all()
        return Dictionary(grouping: days, by: \.year).mapValues(\.count)
    }

    public static func days(inYear year: Int, on database: any Database) async throws -> [CalendarOverride] {
        try await CalendarDay.query(on: database).filter(\.$year == year).sort(\.$id).all().compactMap(\.override)
    }

    /// What an import did: the years loaded, and the open limits counted again through them.
    public struct Imported: Sendable, Equatable {
        public var years: [Int]
        public var casesRecounted: Int
        public var obligationsRecounted: Int
    }

    /// Loads whole years: every year that appears in `overrides` replaces what was stored for it, so
    /// re-importing a corrected file is safe. Every open limit that runs through those years is counted again
    /// (``DeadlineRecount``). Run inside a transaction.
    @discardableResult
    public static func importYears(
        _ overrides: [CalendarOverride], source: String, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> Imported {
        let years = Set(overrides.map(\.date.year)).sorted()
        for year in years {
            try await CalendarDay.query(on: database).filter(\.$year == year).delete()
            try await CalendarYear.query(on: database).filter(\.$id == year).delete()
            try await CalendarYear(year: year, source: source, loadedAt: now).create(on: database)
        }
        for chunk in stride(from: 0, to: overrides.count, by: 200) {
            let slice = overrides[chunk..<min(chunk + 200, overrides.count)].map(CalendarDay.init)
            try await slice.create(on: database)
        }
        if !years.isEmpty {
            try await AuditLog.append(
                AuditEvent(
                    action: "calendar.import", objectType: "calendar",
                    objectID: years.count == 1 ? String(years[0]) : "\(years.first!)-\(years.last!)",
                    summary: "loaded \(overrides.count) holiday and makeup days for \(years.map(String.init).joined(separator: ", ")) from \(source)"
                ),
                by: actor, at: now, on: database
            )
        }
        let recount = try await DeadlineRecount.recount(throughYears: years, by: actor, now: now, on: database)
        return Imported(years: years, casesRecounted: recount.casesRecounted, obligationsRecounted: recount.obligationsRecounted)
    }

    /// Sets one day to a holiday or a makeup workday, or (kind nil) back to the weekday rule, and counts again the
    /// open limits that run through its year. The year must already be loaded: a single day cannot vouch for a
    /// whole year's arrangement.
    public static func setDay(
        _ date: CivilDate, kind: CalendarDayKind?, holiday: String, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard try await CalendarYear.find(date.year, on: database) != nil else {
            throw CalendarError.yearNotCovered(date.year)
        }
        let before = try await CalendarDay.find(date.description, on: database)
        try await before?.delete(on: database)
        if let kind {
            try await CalendarDay(CalendarOverride(date: date, kind: kind, holiday: holiday)).create(on: database)
        }
        let beforeText = before.map { "\($0.kind.rawValue) \($0.holiday)" } ?? "weekday rule"
        let afterText = kind.map { "\($0.rawValue) \(holiday)" } ?? "weekday rule"
        try await AuditLog.append(
            AuditEvent(action: "calendar.day", objectType: "calendar_day", objectID: date.description, summary: "\(beforeText) → \(afterText)"),
            by: actor, at: now, on: database
        )
        try await DeadlineRecount.recount(throughYears: [date.year], by: actor, now: now, on: database)
    }
}
