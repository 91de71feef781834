import FluentKit
import Foundation
import GovCore
import SQLKit

/// The statistics of supervision, kept as counters per day, unit and matter and moved on every write, so that a
/// period's figures are a sum over a few thousand rows whatever the number of cases (DESIGN.md, "Storage and scale").
public enum Rollups {
    static let serviceTable = "service_rollups"
    static let obligationTable = "obligation_rollups"
    static let openTable = "open_obligation_counts"
    /// The matter id of counts that belong to no matter.
    static let noMatter = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let serviceColumns: [(String, KeyPath<ServiceCounts, Int>)] = [
        ("received", \.received), ("accepted", \.accepted), ("completed", \.completed), ("on_the_spot", \.onTheSpot),
        ("early", \.early), ("on_time", \.onTime), ("late", \.late), ("days_used", \.daysUsed), ("days_promised", \.daysPromised),
        ("overdue", \.overdue), ("violations", \.violations), ("ratings", \.ratings), ("rating_stars", \.ratingStars),
        ("bad_ratings", \.badRatings),
    ]

    // MARK: Writing

    /// Adds `delta` to the counters of `unit` (and `matter`) on `day`.
    public static func add(
        _ delta: ServiceCounts, day: CivilDate, unitID: UUID, unitPath: String, matterID: UUID?, on database: any Database
    ) async throws {
        guard delta != ServiceCounts(), let sql = database as? any SQLDatabase else { return }
        let names = serviceColumns.map(\.0)
        let values = serviceColumns.map { delta[keyPath: $0.1] }
        let insertColumns = (["day", "unit_id", "unit_path", "matter_id"] + names).map { "\"\($0)\"" }.joined(separator: ", ")
        let updates = names.map { "\"\($0)\" = \(serviceTable).\"\($0)\" + excluded.\"\($0)\"" }.joined(separator: ", ")
        var query = SQLQueryString("INSERT INTO \(unsafeRaw: serviceTable) (\(unsafeRaw: insertColumns)) VALUES (")
        query.appendInterpolation(bind: day.description)
        query.appendLiteral(", ")
        query.appendInterpolation(bind: unitID)
        query.appendLiteral(", ")
        query.appendInterpolation(bind: unitPath)
        query.appendLiteral(", ")
        query.appendInterpolation(bind: matterID ?? noMatter)
        for value in values {
            query.appendLiteral(", ")
            query.appendInterpolation(bind: value)
        }
        query.appendLiteral(") ON CONFLICT (\"day\", \"unit_id\", \"matter_id\") DO UPDATE SET ")
        query.appendInterpolation(unsafeRaw: updates)
        try await sql.raw(query).run()
    }

    /// One more finished obligation of `kind` for `unit` on `day`, judged `completion`.
    public static func addCompletion(
        _ completion: Completion, kind: ObligationKind, day: CivilDate, unitID: UUID, unitPath: String, count: Int = 1, on database: any Database
    ) async throws {
        guard completion != .cancelled, let sql = database as? any SQLDatabase else { return }
        let column = completion == .early ? "early" : completion == .onTime ? "on_time" : "late"
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: obligationTable) ("day", "unit_id", "unit_path", "kind", "early", "on_time", "late")
            VALUES (\(bind: day.description), \(bind: unitID), \(bind: unitPath), \(bind: kind.rawValue), \(bind: column == "early" ? count : 0), \(bind: column == "on_time" ? count : 0), \(bind: column == "late" ? count : 0))
            ON CONFLICT ("day", "unit_id", "kind") DO UPDATE SET "\(unsafeRaw: column)" = \(unsafeRaw: obligationTable)."\(unsafeRaw: column)" + \(bind: count)
            """).run()
    }

    /// Moves one open obligation of `kind` from one status to another (`nil`: it opened, or it finished).
    static func moveOpen(
        kind: ObligationKind, unitID: UUID, unitPath: String, from old: ObligationStatus?, to new: ObligationStatus?,
        on database: any Database
    ) async throws {
        guard old != new, let sql = database as? any SQLDatabase else { return }
        // Always in the same order (the old status first), so two writers never lock the rows the other way round.
        for (status, delta) in [(old, -1), (new, 1)] {
            guard let status else { continue }
            try await addOpen(kind: kind, status: status, unitID: unitID, unitPath: unitPath, count: delta, on: sql)
        }
    }

    /// Adds `count` (negative to take away) to the open obligations of a kind and status.
    public static func addOpen(
        kind: ObligationKind, status: ObligationStatus, unitID: UUID, unitPath: String, count: Int, on database: any Database
    ) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await addOpen(kind: kind, status: status, unitID: unitID, unitPath: unitPath, count: count, on: sql)
    }

    private static func addOpen(
        kind: ObligationKind, status: ObligationStatus, unitID: UUID, unitPath: String, count: Int, on sql: any SQLDatabase
    ) async throws {
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: openTable) ("unit_id", "unit_path", "kind", "status", "open")
            VALUES (\(bind: unitID), \(bind: unitPath), \(bind: kind.rawValue), \(bind: status.rawValue), \(bind: count))
            ON CONFLICT ("unit_id", "kind", "status") DO UPDATE SET "open" = \(unsafeRaw: openTable)."open" + \(bind: count)
            """).run()
    }

    // MARK: Reading

    /// Which rows a report reads: a subtree (region or department) and optionally one unit and one matter.
    public struct Filter: Sendable, Equatable {
        public var unitPathPrefix: String
        public var unitID: UUID?
        public var matterID: UUID?

        public init(unitPathPrefix: String = "/", unitID: UUID? = nil, matterID: UUID? = nil) {
            self.unitPathPrefix = unitPathPrefix
            self.unitID = unitID
            self.matterID = matterID
        }
    }

    /// One group's summed counters (`key` is the grouped column: a day, a unit's or a matter's id).
    struct ServiceRow<Key: Decodable & Sendable>: Decodable {
        var key: Key
        var received: Int, accepted: Int, completed: Int, on_the_spot: Int, early: Int, on_time: Int, late: Int
        var days_used: Int, days_promised: Int, overdue: Int, violations: Int, ratings: Int, rating_stars: Int, bad_ratings: Int

        var counts: ServiceCounts {
            var counts = ServiceCounts()
            counts.received = received
            counts.accepted = accepted
            counts.completed = completed
            counts.onTheSpot = on_the_spot
            counts.early = early
            counts.onTime = on_time
            counts.late = late
            counts.daysUsed = days_used
            counts.daysPromised = days_promised
            counts.overdue = overdue
            counts.violations = violations
            counts.ratings = ratings
            counts.ratingStars = rating_stars
            counts.badRatings = bad_ratings
            return counts
        }
    }

    /// A period's counters summed by the database per `column` (`day`, `unit_id` or `matter_id`): the few rows a page
    /// needs, whatever the number of cases behind them.
    static func sums<Key: Decodable & Sendable>(
        by column: String, as _: Key.Type, _ period: ReportingPeriod, _ filter: Filter, on database: any Database
    ) async throws -> [ServiceRow<Key>] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var query = sql.select().column(SQLColumn(column), as: "key")
        for (name, _) in serviceColumns { query = query.column(total(name)) }
        query = query.from(serviceTable)
            .where("day", .greaterThanOrEqual, period.from.description).where("day", .lessThanOrEqual, period.through.description)
            .where("unit_path", .like, filter.unitPathPrefix + "%")
        if let unitID = filter.unitID { query = query.where("unit_id", .equal, unitID) }
        if let matterID = filter.matterID { query = query.where("matter_id", .equal, matterID) }
        return try await query.groupBy(column).all(decoding: ServiceRow<Key>.self)
    }

    /// `SUM(column)` as a whole number on both databases (PostgreSQL sums BIGINT into NUMERIC), named as the column.
    static func total(_ column: String) -> any SQLExpression {
        SQLAlias(SQLFunction("CAST", args: SQLRaw("SUM(\"\(column)\") AS BIGINT")), as: SQLIdentifier(column))
    }

    /// A period's counts per unit.
    public static func countsByUnit(_ period: ReportingPeriod, _ filter: Filter, on database: any Database) async throws -> [UUID: ServiceCounts] {
        Dictionary(try await sums(by: "unit_id", as: UUID.self, period, filter, on: database).map { ($0.key, $0.counts) }, uniquingKeysWith: +)
    }

    /// A period's counts per matter.
    public static func countsByMatter(_ period: ReportingPeriod, _ filter: Filter, on database: any Database) async throws -> [UUID: ServiceCounts] {
        Dictionary(try await sums(by: "matter_id", as: UUID.self, period, filter, on: database).map { ($0.key, $0.counts) }, uniquingKeysWith: +)
    }

    /// A period's counts per day.
    public static func countsByDay(_ period: ReportingPeriod, _ filter: Filter, on database: any Database) async throws -> [CivilDate: ServiceCounts] {
        Dictionary(try await sums(by: "day", as: String.self, period, filter, on: database).compactMap { row in
            CivilDate(row.key).map { ($0, row.counts) }
        }, uniquingKeysWith: +)
    }

    struct ObligationRow: Decodable {
        var unit_id: UUID
        var kind: String
        var early: Int, on_time: Int, late: Int
    }

    /// A period's finished obligations per unit and kind.
    public static func obligationCounts(
        _ period: ReportingPeriod, _ filter: Filter, on database: any Database
    ) async throws -> [UUID: [ObligationKind: ObligationCounts]] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        var query = sql.select().column("unit_id").column("kind")
        for name in ["early", "on_time", "late"] { query = query.column(total(name)) }
        query = query.from(obligationTable)
            .where("day", .greaterThanOrEqual, period.from.description).where("day", .lessThanOrEqual, period.through.description)
            .where("unit_path", .like, filter.unitPathPrefix + "%")
        if let unitID = filter.unitID { query = query.where("unit_id", .equal, unitID) }
        var result: [UUID: [ObligationKind: ObligationCounts]] = [:]
        for row in try await query.groupBy("unit_id").groupBy("kind").all(decoding: ObligationRow.self) {
            guard let kind = ObligationKind(rawValue: row.kind) else { continue }
            result[row.unit_id, default: [:]][kind] = ObligationCounts(early: row.early, onTime: row.on_time, late: row.late)
        }
        return result
    }

    struct OpenRow: Decodable {
        var unit_id: UUID
        var kind: String
        var status: String
        var open: Int
    }

    /// Obligations open now, per unit, kind and status.
    public static func openCounts(
        _ filter: Filter, on database: any Database
    ) async throws -> [UUID: [ObligationKind: [ObligationStatus: Int]]] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        var query = sql.select().column(SQLLiteral.all).from(openTable).where("unit_path", .like, filter.unitPathPrefix + "%")
            .where("open", .notEqual, 0)
        if let unitID = filter.unitID { query = query.where("unit_id", .equal, unitID) }
        var result: [UUID: [ObligationKind: [ObligationStatus: Int]]] = [:]
        for row in try await query.all(decoding: OpenRow.self) {
            guard let kind = ObligationKind(rawValue: row.kind), let status = ObligationStatus(rawValue: row.status) else { continue }
            result[row.unit_id, default: [:]][kind, default: [:]][status] = row.open
        }
        return result
    }
}
