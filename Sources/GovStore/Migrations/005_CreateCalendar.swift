import FluentKit

/// The working-day calendar: loaded years and the days that break the weekday rule.
struct CreateCalendar: AsyncMigration {
    var name: String { "005_CreateCalendar" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarYear.schema)
            .field("year", .int, .identifier(auto: false))
            .field("source", .string, .required)
            .field("loaded_at", .datetime, .required)
            .create()
        try await database.schema(CalendarDay.schema)
            .field("date", .string, .identifier(auto: false))
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("holiday", .string, .required)
            .create()
        try await database.createIndex(on: CalendarDay.schema, named: "calendar_days_year", columns: ["year"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarDay.schema).delete()
        try await database.schema(CalendarYear.schema).delete()
    }
}
