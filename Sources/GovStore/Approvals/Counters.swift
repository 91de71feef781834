import FluentKit
import SQLKit

/// Gap-free serials shared by every process: one upsert creates the row on first use or advances it, and returns the
/// value; it takes the row lock on PostgreSQL (and the write lock on SQLite) until commit. On its own, outside a
/// transaction, it is its own transaction: one round trip, the lock held only while it commits.
public enum Counters {
    static func next(_ key: String, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let rows = try await sql.raw("""
            INSERT INTO \(ident: Counter.schema) (\(ident: "key"), \(ident: "value")) VALUES (\(bind: key), 1)
            ON CONFLICT (\(ident: "key")) DO UPDATE SET \(ident: "value") = \(ident: Counter.schema).\(ident: "value") + 1 RETURNING \(ident: "value")
            """).all()
        guard let row = rows.first else { throw StoreError.notFound }
        return try row.decode(column: "value", as: Int.self)
    }

    /// The counters whose key starts with `prefix`, by key.
    public static func values(prefix: String, on database: any Database) async throws -> [String: Int] {
        let rows = try await Counter.query(on: database).filter(\.$id, .custom("LIKE"), prefix + "%").all()
        return Dictionary(rows.compactMap { row in row.id.map { ($0, row.value) } }, uniquingKeysWith: max)
    }

    /// Moves a counter up to `value` if it is below (after serials were handed out in bulk).
    public static func raise(_ key: String, to value: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await sql.raw("INSERT INTO \(ident: Counter.schema) (\(ident: "key"), \(ident: "value")) VALUES (\(bind: key), \(bind: value)) ON CONFLICT (\(ident: "key")) DO UPDATE SET \(ident: "value") = CASE WHEN \(ident: Counter.schema).\(ident: "value") < excluded.\(ident: "value") THEN excluded.\(ident: "value") ELSE \(ident: Counter.schema).\(ident: "value") END").run()
    }
}
