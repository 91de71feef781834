import FluentKit
import FluentSQL

/// What the public reads of a ticket or a comment is what staff reviewed, not the writer's own text (issue 20, item 4):
/// tickets keep the published subject, description, address and reply; comments learn whether their writer agreed to
/// publication and keep the published text. Letters published before the review step existed go back to unpublished
/// until staff review them: their texts were only stripped of digit runs.
struct PublishedText: AsyncMigration {
    var name: String { "025_PublishedText" }

    static let ticketColumns = ["published_subject", "published_description", "published_address", "published_reply", "published_by_name"]

    /// One column per statement: SQLite adds a single column per ALTER TABLE.
    func prepare(on database: any Database) async throws {
        for column in Self.ticketColumns {
            try await database.schema(TicketRecord.schema).field(.string(column), .string).update()
        }
        try await database.schema(ConsultationCommentRecord.schema).field("publish_consent", .bool, .required, .sql(.default(false))).update()
        try await database.schema(ConsultationCommentRecord.schema).field("published_text", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.update(TicketRecord.schema).set("published_at", to: SQLLiteral.null).where("published_subject", .is, SQLLiteral.null).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConsultationCommentRecord.schema).deleteField("published_text").update()
        try await database.schema(ConsultationCommentRecord.schema).deleteField("publish_consent").update()
        for column in Self.ticketColumns.reversed() {
            try await database.schema(TicketRecord.schema).deleteField(.string(column)).update()
        }
    }
}
