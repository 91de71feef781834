import FluentKit
import SQLKit

/// On PostgreSQL a GIN index queues new rows' entries in a pending list (`fastupdate`) and merges them later; every
/// search reads the whole queue, up to 4 MB, before the index itself, so a search's cost rose and fell by a millisecond
/// or more per window with the time since the last merge. The catalogue is written rarely and searched all the time:
/// each publication now writes its entries straight into the index. SQLite's index is unchanged.
struct DisclosureSearchWritesThrough: AsyncMigration {
    var name: String { "012_DisclosureSearchWritesThrough" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await DisclosureSearch.writeThrough(on: sql)
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("ALTER INDEX disclosure_search_tokens RESET (fastupdate)").run()
    }
}
