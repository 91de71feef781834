import FluentKit

/// The answers to API creations made with an `Idempotency-Key`, so a client that retries gets the first answer back
/// instead of a second case, ticket or request (issue 28, item 6).
struct CreateIdempotencyKeys: AsyncMigration {
    var name: String { "026_CreateIdempotencyKeys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyStore.table)
            .field("caller", .string, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int, .required)
            .field("content_type", .string)
            .field("location", .string)
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "caller", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyStore.table).delete()
    }
}
