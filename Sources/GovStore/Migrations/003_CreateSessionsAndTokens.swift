import FluentKit

/// Browser sessions, machine-client tokens and the sign-in throttle.
struct CreateSessionsAndTokens: AsyncMigration {
    var name: String { "003_CreateSessionsAndTokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("client_address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(APIToken.schema)
            .id()
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("scopes", .string, .required)
            .field("unit_id", .uuid, .references(OrganisationUnit.schema, .id, onDelete: .restrict))
            .field("created_by", .uuid, .references(Account.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SignInThrottle.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInThrottle.schema).delete()
        try await database.schema(APIToken.schema).delete()
        try await database.schema(UserSession.schema).delete()
    }
}
