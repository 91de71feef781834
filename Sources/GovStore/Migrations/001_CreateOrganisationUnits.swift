import FluentKit

/// The organisation tree: regions, departments, service centres and windows.
struct CreateOrganisationUnits: AsyncMigration {
    var name: String { "001_CreateOrganisationUnits" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationUnit.schema)
            .id()
            .field("parent_id", .uuid, .references(OrganisationUnit.schema, .id, onDelete: .restrict))
            .field("kind", .string, .required)
            .field("region_level", .string)
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("path", .string, .required)
            .field("sort_order", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "path")
            .create()
        try await database.createIndex(on: OrganisationUnit.schema, named: "organisation_units_parent", columns: ["parent_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganisationUnit.schema).delete()
    }
}
