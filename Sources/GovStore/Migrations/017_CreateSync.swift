import FluentKit

/// Synchronisation between a county node and the city: where each run stopped, the fingerprints last exchanged with
/// each peer, and the conflicts left for a person.
struct CreateSync: AsyncMigration {
    var name: String { "017_CreateSync" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sync_cursors")
            .field("peer", .string, .required)
            .field("direction", .string, .required)
            .field("last_seq", .int64, .required)
            .field("last_kind", .string, .required)
            .field("last_key", .string, .required)
            .field("updated_at", .datetime, .required)
            .compositeIdentifier(over: "peer", "direction")
            .create()
        try await database.schema("sync_baselines")
            .field("peer", .string, .required)
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("fingerprint", .int64, .required)
            .compositeIdentifier(over: "peer", "kind", "key")
            .create()
        try await database.schema(SyncConflict.schema)
            .id()
            .field("peer", .string, .required)
            .field("direction", .string, .required)
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("held_json", .string, .required)
            .field("incoming_json", .string, .required)
            .field("detected_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SyncConflict.schema).delete()
        try await database.schema("sync_baselines").delete()
        try await database.schema("sync_cursors").delete()
    }
}
