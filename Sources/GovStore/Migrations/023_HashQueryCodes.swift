import FluentKit
import Foundation
import GovCore
import SQLKit

/// Query codes are stored as HMAC-SHA256 under the key in `<data dir>/keys/query-codes.hmac`, not as typed, so a
/// copy of the database does not open every filing's progress page (issue 20, item 8). Rows filed before are
/// hashed here; only values still shaped like a plain code are touched, so running it again changes nothing.
/// Not revertible: the plain codes are gone, and reverting leaves the hashes (which the code still compares).
struct HashQueryCodes: AsyncMigration {
    let key: QueryCodeKey
    var name: String { "023_HashQueryCodes" }

    /// The tables whose stores wrote hashes when this shipped. Cases and bundles followed in
    /// ``HashCaseQueryCodes`` (024): a migration is not edited once shipped.
    static let tables = ["hotline_tickets", "disclosure_requests"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in Self.tables { try await Self.hashPlainCodes(in: table, key: key, on: sql) }
    }

    func revert(on database: any Database) async throws {}

    /// Replaces every plain code in `table` by its hash, 500 rows at a time.
    static func hashPlainCodes(in table: String, key: QueryCodeKey, on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            var query = sql.select().columns("id", "query_code").from(table).orderBy("id").limit(500)
            if let after { query = query.where("id", .greaterThan, after) }
            let rows = try await query.all()
            guard let last = rows.last else { break }
            for row in rows {
                let code = try row.decode(column: "query_code", as: String.self)
                guard !QueryCodeKey.isHashed(code) else { continue }
                let id = try row.decode(column: "id", as: UUID.self)
                try await sql.update(table).set("query_code", to: key.hash(code)).where("id", .equal, id).run()
            }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }
}
