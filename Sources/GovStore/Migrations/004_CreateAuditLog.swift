import FluentKit
import GovCore

/// The hash-chained audit log and its head row (sequence 0, genesis hash, before the first entry).
struct CreateAuditLog: AsyncMigration {
    var name: String { "004_CreateAuditLog" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .string)
            .field("actor_name", .string, .required)
            .field("role", .string)
            .field("unit_id", .string)
            .field("unit_path", .string)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .string, .required)
            .field("summary", .string, .required)
            .field("request_id", .string)
            .field("client_address", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.createIndex(on: AuditEntry.schema, named: "audit_entries_occurred_at", columns: ["occurred_at"])
        try await database.createIndex(on: AuditEntry.schema, named: "audit_entries_object", columns: ["object_type", "object_id"])
        try await database.schema(AuditChainHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        let head = AuditChainHead()
        head.id = 1
        head.lastSequence = 0
        head.lastHash = AuditChain.genesisHash
        try await head.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditChainHead.schema).delete()
        try await database.schema(AuditEntry.schema).delete()
    }
}
