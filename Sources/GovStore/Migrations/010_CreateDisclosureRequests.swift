import FluentKit

/// Requests for disclosure (依申请公开), their history, and the figures of the annual report that staff record by hand.
struct CreateDisclosureRequests: AsyncMigration {
    var name: String { "010_CreateDisclosureRequests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DisclosureRequestRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("query_code", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrganisationUnit.schema, "id"))
            .field("unit_path", .string, .required)
            .field("channel", .string, .required)
            .field("account_id", .uuid)
            .field("application", .string, .required)
            .field("requester_kind", .string, .required)
            .field("requester_name", .string, .required)
            .field("summary", .string, .required)
            .field("regulations", .string, .required)
            .field("state", .string, .required)
            .field("received_at", .datetime, .required)
            .field("clock_started_at", .datetime, .required)
            .field("clarification_due", .datetime)
            .field("clarifications_requested", .int, .required)
            .field("extended", .bool, .required)
            .field("reply_due", .datetime)
            .field("outcome", .string)
            .field("outcome_group", .string)
            .field("explanation", .string)
            .field("answered_at", .datetime)
            .field("answered_by_name", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.createIndex(on: DisclosureRequestRecord.schema, named: "disclosure_requests_unit", columns: ["unit_path", "state"])
        try await database.createIndex(on: DisclosureRequestRecord.schema, named: "disclosure_requests_account", columns: ["account_id"])
        try await database.createIndex(on: DisclosureRequestRecord.schema, named: "disclosure_requests_received", columns: ["received_at"])

        try await database.schema(DisclosureRequestEvent.schema)
            .id()
            .field("request_id", .uuid, .required, .references(DisclosureRequestRecord.schema, "id"))
            .field("sequence", .int, .required)
            .field("action", .string, .required)
            .field("text", .string)
            .field("actor_account_id", .uuid)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "request_id", "sequence")
            .create()

        try await database.schema(DisclosureReportFigure.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(OrganisationUnit.schema, "id"))
            .field("year", .int, .required)
            .field("key", .string, .required)
            .field("number", .int)
            .field("text", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "year", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DisclosureReportFigure.schema).delete()
        try await database.schema(DisclosureRequestEvent.schema).delete()
        try await database.schema(DisclosureRequestRecord.schema).delete()
    }
}
