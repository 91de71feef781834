import FluentKit

/// The enterprise credit file's records: penalties, commendations and list entries, with their publicity and end.
struct CreateCredit: AsyncMigration {
    var name: String { "016_CreateCredit" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CreditRecordRow.schema)
            .id()
            .field("uscc", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("legal_basis", .string, .required)
            .field("document_number", .string, .required)
            .field("decided_on", .string, .required)
            .field("severity", .string)
            .field("public_until", .string)
            .field("ended_on", .string)
            .field("end_reason", .string)
            .field("unit_id", .uuid, .required, .references(OrganisationUnit.schema, "id"))
            .field("unit_path", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.createIndex(on: CreditRecordRow.schema, named: "credit_records_uscc", columns: ["uscc", "decided_on"])
        // The credit file lists the licences an enterprise holds.
        try await database.createIndex(on: IssuedCertificate.schema, named: "certificates_holder_identifier", columns: ["holder_identifier"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CreditRecordRow.schema).delete()
    }
}
