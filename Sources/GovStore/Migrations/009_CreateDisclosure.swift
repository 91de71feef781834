import FluentKit
import SQLKit

/// The disclosure catalogue (政府信息公开目录): categories, items with their versions, review history and attachments,
/// and the search index, which is an FTS5 table on SQLite and a GIN-indexed `tsvector` on PostgreSQL (see
/// ``DisclosureSearch``).
struct CreateDisclosure: AsyncMigration {
    var name: String { "009_CreateDisclosure" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DisclosureCategoryRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("parent_code", .string)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("sort_order", .int, .required)
            .create()

        try await database.schema(DisclosureItem.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrganisationUnit.schema, "id"))
            .field("unit_path", .string, .required)
            .field("index_number", .string)
            .field("category_code", .string, .required)
            .field("title", .string, .required)
            .field("document_number", .string, .required)
            .field("issuer", .string, .required)
            .field("written_on", .string, .required)
            .field("form", .string, .required)
            .field("validity", .string, .required)
            .field("publication", .string, .required)
            .field("working_step", .string)
            .field("working_version", .int)
            .field("published_version", .int)
            .field("first_published_at", .datetime)
            .field("published_at", .datetime)
            .field("withdrawn_reason", .string)
            .field("withdrawn_at", .datetime)
            .field("search_id", .int64)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "index_number")
            .unique(on: "search_id")
            .create()
        try await database.createIndex(on: DisclosureItem.schema, named: "disclosure_items_unit_path", columns: ["unit_path", "publication"])
        try await database.createIndex(on: DisclosureItem.schema, named: "disclosure_items_public", columns: ["publication", "form", "search_id"])

        try await database.schema(DisclosureVersion.schema)
            .id()
            .field("item_id", .uuid, .required, .references(DisclosureItem.schema, "id"))
            .field("number", .int, .required)
            .field("draft", .string, .required)
            .field("drafted_by_account_id", .uuid)
            .field("drafted_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "item_id", "number")
            .create()

        try await database.schema(DisclosureReviewEvent.schema)
            .id()
            .field("item_id", .uuid, .required, .references(DisclosureItem.schema, "id"))
            .field("version_number", .int, .required)
            .field("sequence", .int, .required)
            .field("action", .string, .required)
            .field("step", .string)
            .field("text", .string)
            .field("actor_account_id", .uuid)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "item_id", "sequence")
            .create()

        try await database.schema(DisclosureAttachment.schema)
            .id()
            .field("item_id", .uuid, .required, .references(DisclosureItem.schema, "id"))
            .field("version_number", .int, .required)
            .field("file_name", .string, .required)
            .field("blob_sha256", .string, .required)
            .field("size", .int, .required)
            .field("media_type", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: DisclosureAttachment.schema, named: "disclosure_attachments_item", columns: ["item_id", "version_number"])

        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            // Contentless: the text lives in the versions; the index keeps only tokens. `ascii` splits on ASCII
            // punctuation and spaces only, so the pairs of Chinese characters SearchText makes stay whole.
            try await sql.raw("""
                CREATE VIRTUAL TABLE disclosure_search USING fts5(body, meta, content='', contentless_delete=1, tokenize='ascii', detail=full)
                """).run()
        } else {
            try await sql.raw("CREATE TABLE disclosure_search (rowid BIGINT PRIMARY KEY, tokens TSVECTOR NOT NULL)").run()
            try await sql.raw("CREATE INDEX disclosure_search_tokens ON disclosure_search USING GIN (tokens)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP TABLE IF EXISTS disclosure_search").run() }
        try await database.schema(DisclosureAttachment.schema).delete()
        try await database.schema(DisclosureReviewEvent.schema).delete()
        try await database.schema(DisclosureVersion.schema).delete()
        try await database.schema(DisclosureItem.schema).delete()
        try await database.schema(DisclosureCategoryRecord.schema).delete()
    }
}
