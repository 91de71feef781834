import FluentKit

/// Accounts (staff, citizens, enterprises) and the roles they hold on units.
struct CreateAccounts: AsyncMigration {
    var name: String { "002_CreateAccounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Account.schema)
            .id()
            .field("kind", .string, .required)
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("resident_id", .string)
            .field("credit_code", .string)
            .field("phone", .string)
            .field("unit_id", .uuid, .references(OrganisationUnit.schema, .id, onDelete: .restrict))
            .field("is_active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("password_changed_at", .datetime)
            .unique(on: "username")
            .unique(on: "resident_id")
            .unique(on: "credit_code")
            .create()
        try await database.schema(RoleAssignment.schema)
            .id()
            .field("account_id", .uuid, .required, .references(Account.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrganisationUnit.schema, .id, onDelete: .restrict))
            .field("includes_subtree", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "account_id", "role", "unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleAssignment.schema).delete()
        try await database.schema(Account.schema).delete()
    }
}
