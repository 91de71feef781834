import FluentKit
import SQLKit

/// On PostgreSQL the search rows change shape (see `PostgresSearch`): no weights, each character a lexeme of its own,
/// and the blocks of rowids a search walks in; with them comes the function that reads one window of blocks. Each row
/// is written again from the version the public sees, under the rowid it had. SQLite's index is unchanged.
struct RebuildDisclosureSearch: AsyncMigration {
    var name: String { "011_RebuildDisclosureSearch" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        // A GIN index answers in no order, so PostgreSQL may prefer walking the primary key backwards and testing
        // every row, which is ruinous when matches are few. Inside this function it cannot: it reads the GIN index.
        try await sql.raw("""
            CREATE FUNCTION disclosure_search_window(query tsquery, wanted bigint) RETURNS SETOF bigint
            LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off
            AS $$ SELECT rowid FROM disclosure_search WHERE tokens @@ query ORDER BY rowid DESC LIMIT wanted $$
            """).run()
        try await DisclosureStore.rebuildSearchIndex(on: database)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP FUNCTION IF EXISTS disclosure_search_window(tsquery, bigint)").run()
    }
}
