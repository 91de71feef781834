import FluentKit
import Foundation
import GovCore

/// A year for which the State Council's holiday arrangement has been loaded.
public final class CalendarYear: Model, @unchecked Sendable {
    public static let schema = "calendar_years"

    @ID(custom: "year", generatedBy: .user) public var id: Int?
    @Field(key: "source") public var source: String
    @Field(key: "loaded_at") public var loadedAt: Date

    public var properties: [any AnyProperty] { [$id, $source, $loadedAt] }
    public init() {}

    public init(year: Int, source: String, loadedAt: Date) {
        self.id = year
        self.source = source
        self.loadedAt = loadedAt
    }
}

/// A day that differs from the Monday-to-Friday rule: a statutory holiday or a makeup workday (调休).
public final class CalendarDay: Model, @unchecked Sendable {
    public static let schema = "calendar_days"

    /// `yyyy-MM-dd`, which sorts and compares as dates do.
    @ID(custom: "date", generatedBy: .user) public var id: String?
    @Field(key: "year") public var year: Int
    @Enum(key: "kind") public var kind: CalendarDayKind
    @Field(key: "holiday") public var holiday: String

    public var properties: [any AnyProperty] { [$id, $year, $kind, $holiday] }
    public init() {}

    public init(_ override: CalendarOverride) {
        self.id = override.date.description
        self.year = override.date.year
        self.kind = override.kind
        self.holiday = override.holiday
    }

    public var override: CalendarOverride? {
        guard let id, let date = CivilDate(id) else { return nil }
        return CalendarOverride(date: date, kind: kind, holiday: holiday)
    }
}
