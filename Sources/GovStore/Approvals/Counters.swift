import FluentKit
import SQLKit

/// Gap-free serials shared by every process: the row is created on first use and advanced with one
/// `UPDATE … RETURNING`, which takes the row lock on PostgreSQL (and the write lock on SQLite) until commit.
enum Counters {
    static func next(_ key: String, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await sql.raw("INSERT INTO \(ident: Counter.schema) (\(ident: "key"), \(ident: "value")) VALUES (\(bind: key), 0) ON CONFLICT (\(ident: "key")) DO NOTHING").run()
        let rows = try await sql.raw("UPDATE \(ident: Counter.schema) SET \(ident: "value") = \(ident: "value") + 1 WHERE \(ident: "key") = \(bind: key) RETURNING \(ident: "value")").all()
        guard let row = rows.first else { throw StoreError.notFound }
        return try row.decode(column: "value", as: Int.self)
    }
}
