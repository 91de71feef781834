import FluentKit

/// Audit entries name the MAC key that seals them (issue 20, item 5). Entries written before keep `NULL` and their plain
/// SHA-256 links, so a chain that verified yesterday verifies today; entries from now on are sealed with HMAC-SHA256 under
/// the key in `keys/`, and once a keyed entry is in the chain an unkeyed one after it counts as tampering.
///
/// Re-sealing the old entries here was the alternative. It was not taken: it would rewrite history the very change is
/// meant to protect, and every head already recorded outside the database (backup manifests, a restore's check) would
/// stop matching.
struct AuditEntriesKeyed: AsyncMigration {
    var name: String { "022_AuditEntriesKeyed" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).field("mac_key_id", .string).update()
    }

    /// Keyed entries written since cannot be verified without their key id: revert only to restore an older backup.
    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).deleteField("mac_key_id").update()
    }
}
