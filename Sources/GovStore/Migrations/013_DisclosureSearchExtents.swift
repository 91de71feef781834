import FluentKit
import SQLKit

/// On PostgreSQL, the extent of each meta token (organisation, category, year, validity, publication): the highest
/// rowid holding it. Rowids follow publication, so an old year's items lie far below the newest; a search filtered to
/// that year used to find nothing in its first window and read the whole index, visiting every one of the year's rows
/// to sort them. It now starts its walk at the filter's extent (`PostgresSearch.newest`). A statement trigger raises
/// the extents as rows are written, in the same transaction, so no row ever lies above its tokens' extents; removing a
/// row leaves them as they are, which only starts a walk a little higher than it need. SQLite's index is unchanged.
struct DisclosureSearchExtents: AsyncMigration {
    var name: String { "013_DisclosureSearchExtents" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("CREATE TABLE disclosure_search_extent (token TEXT PRIMARY KEY, top_rowid BIGINT NOT NULL)").run()
        // The lexemes in one order, so two writers raising the same extents lock them the same way round.
        try await sql.raw("""
            CREATE FUNCTION disclosure_search_raise_extents() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO disclosure_search_extent (token, top_rowid)
                \(unsafeRaw: PostgresSearch.extents(of: "written")) ORDER BY lexeme
                ON CONFLICT (token) DO UPDATE SET top_rowid = GREATEST(disclosure_search_extent.top_rowid, EXCLUDED.top_rowid);
                RETURN NULL;
            END $$
            """).run()
        try await sql.raw("""
            CREATE TRIGGER disclosure_search_extents AFTER INSERT ON disclosure_search REFERENCING NEW TABLE AS written
            FOR EACH STATEMENT EXECUTE FUNCTION disclosure_search_raise_extents()
            """).run()
        try await PostgresSearch.fillExtents(on: sql)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP TRIGGER IF EXISTS disclosure_search_extents ON disclosure_search").run()
        try await sql.raw("DROP FUNCTION IF EXISTS disclosure_search_raise_extents()").run()
        try await sql.raw("DROP TABLE IF EXISTS disclosure_search_extent").run()
    }
}
