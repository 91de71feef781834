import FluentKit
import SQLKit

/// The second part of 023 (issue 20, item 8): cases' and joint applications' query codes are stored as HMAC-SHA256
/// under the query code key too, now that ``CaseStore`` and ``BundleStore`` write hashes. Rows filed before are hashed
/// here by ``HashQueryCodes/hashPlainCodes(in:key:on:)``; only values still shaped like a plain code are touched, so
/// running it again changes nothing. Not revertible, for the same reason as 023: the plain codes are gone.
struct HashCaseQueryCodes: AsyncMigration {
    let key: QueryCodeKey
    var name: String { "024_HashCaseQueryCodes" }

    /// ``ApprovalCase`` and ``CaseBundle``.
    static let tables = ["cases", "case_bundles"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in Self.tables { try await HashQueryCodes.hashPlainCodes(in: table, key: key, on: sql) }
    }

    func revert(on database: any Database) async throws {}
}
