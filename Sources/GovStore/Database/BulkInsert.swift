import FluentKit
import Foundation
import SQLKit

/// Multi-row `INSERT`s, split to stay under the bound-parameter limits (SQLite 32766, PostgreSQL 65535).
public enum BulkInsert {
    public static func rows(into table: String, columns: [String], _ rows: [[any Encodable & Sendable]], on database: any Database) async throws {
        guard !rows.isEmpty, let sql = database as? any SQLDatabase else { return }
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
    }
}
