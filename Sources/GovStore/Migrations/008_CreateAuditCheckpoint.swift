import FluentKit

/// The last verification of the audit chain, so pages show it without walking the whole log.
struct CreateAuditCheckpoint: AsyncMigration {
    var name: String { "008_CreateAuditCheckpoint" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditCheckpoint.schema)
            .field("id", .int, .identifier(auto: false))
            .field("verified_sequence", .int64, .required)
            .field("verified_hash", .string, .required)
            .field("checked_at", .datetime, .required)
            .field("broken_sequence", .int64)
            .field("broken_reason", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditCheckpoint.schema).delete()
    }
}
