import FluentKit

/// The base registries (基础数据库: population, legal entities, the geospatial base) in one table keyed by kind and
/// identifier, and the record of each bulk import.
struct CreateRegistries: AsyncMigration {
    var name: String { "015_CreateRegistries" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RegistryEntry.schema)
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("values_json", .string, .required)
            .field("fingerprint", .int64, .required)
            .field("change_seq", .int64, .required)
            .field("updated_at", .datetime, .required)
            .compositeIdentifier(over: "kind", "key")
            .create()
        try await database.createIndex(on: RegistryEntry.schema, named: "registry_entries_name", columns: ["kind", "name"])
        try await database.createIndex(on: RegistryEntry.schema, named: "registry_entries_changes", columns: ["change_seq"])

        try await database.schema(RegistryImportRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("encoding", .string)
            .field("status", .string, .required)
            .field("failure", .string)
            .field("summary_json", .string, .required)
            .field("inserted", .int, .required)
            .field("updated", .int, .required)
            .field("unchanged", .int, .required)
            .field("errors_json", .string, .required)
            .field("started_by", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegistryImportRecord.schema).delete()
        try await database.schema(RegistryEntry.schema).delete()
    }
}
