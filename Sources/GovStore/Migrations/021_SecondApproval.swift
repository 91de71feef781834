import FluentKit
import FluentSQL

/// A role or token that reads supervision or the audit log waits for a second administrator (``SeparationOfDuties``):
/// both tables learn whether a row is still awaiting that approval, and a role grant who asked for it. Every existing
/// row was made before the rule and stays in effect.
struct SecondApproval: AsyncMigration {
    var name: String { "021_SecondApproval" }

    func prepare(on database: any Database) async throws {
        for table in [RoleAssignment.schema, APIToken.schema] {
            try await database.schema(table).field("awaiting_approval", .bool, .required, .sql(.default(false))).update()
        }
        try await database.schema(RoleAssignment.schema).field("requested_by", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleAssignment.schema).deleteField("requested_by").update()
        for table in [RoleAssignment.schema, APIToken.schema] {
            try await database.schema(table).deleteField("awaiting_approval").update()
        }
    }
}
