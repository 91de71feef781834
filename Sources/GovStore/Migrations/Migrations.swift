import FluentKit
import SQLKit

/// Every migration, in order. Append only: a shipped migration is never edited.
public enum GovMigrations {
    public static let all: [any Migration] = [
        CreateOrganisationUnits(),
        CreateAccounts(),
        CreateSessionsAndTokens(),
        CreateAuditLog(),
        CreateCalendar(),
        CreateApprovals(),
        CreateSupervision(),
        CreateAuditCheckpoint(),
        CreateDisclosure(),
        CreateDisclosureRequests(),
        RebuildDisclosureSearch(),
        DisclosureSearchWritesThrough(),
        DisclosureSearchExtents(),
        CreateSharing(),
        CreateRegistries(),
        CreateCredit(),
        CreateSync(),
        CreateHotline(),
        CreateParticipation(),
        CertificateScopeAndCheckCode(),
        SecondApproval(),
        AuditEntriesKeyed(),
    ]

    /// Every migration, in order, with those that need the query code key (kept outside the database). Later
    /// migrations go at the end of this list, after 023.
    public static func all(queryCodeKey: QueryCodeKey) -> [any Migration] {
        all + [HashQueryCodes(key: queryCodeKey), HashCaseQueryCodes(key: queryCodeKey), PublishedText(), CreateIdempotencyKeys(), CertificateEndings()]
    }
}

extension Database {
    /// Fluent's schema builder has no portable index creation; both SQLite and PostgreSQL accept this form.
    func createIndex(on table: String, named name: String, columns: [String]) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }

    /// An index over the rows `predicate` selects only; SQLite and PostgreSQL both have partial indexes. The names and
    /// the predicate are the migration's own text, never input.
    func createPartialIndex(on table: String, named name: String, columns: [String], where predicate: String) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw("CREATE INDEX \(unsafeRaw: "\"\(name)\"") ON \(unsafeRaw: "\"\(table)\"") (\(unsafeRaw: list)) WHERE \(unsafeRaw: predicate)").run()
    }
}
