import FluentKit
import Foundation
import GovCore
import SQLKit

/// Certificates keep their scope as structured fields with a masked public rendering, and a 核验码 that verification
/// by number needs (issue 20: the public check printed the raw scope, with spouses' 居民身份证号, and numbers run in
/// sequence). Rows issued before get both: the scope read back from their signed text with its personal data found
/// by label and shape, and a fresh check code (shown to the holder on their certificate page).
struct CertificateScopeAndCheckCode: AsyncMigration {
    var name: String { "020_CertificateScopeAndCheckCode" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time. Nullable, as rows exist; every row is
        // filled below and every new one on insert.
        for column in ["scope_fields", "public_scope", "check_code"] {
            try await database.schema(IssuedCertificate.schema).field(FieldKey(stringLiteral: column), .string).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.backfill(on: sql)
    }

    /// Gives every row without a check code its structured scope, public scope and code, 500 rows at a time.
    static func backfill(on sql: any SQLDatabase) async throws {
        var generator = EffectsRandom()
        while true {
            let rows = try await sql.select()
                .columns("number", "signed_text", "holder_name", "holder_identifier")
                .from(IssuedCertificate.schema)
                .where("check_code", .is, SQLLiteral.null)
                .orderBy("number")
                .limit(500)
                .all()
            if rows.isEmpty { break }
            for row in rows {
                let number = try row.decode(column: "number", as: String.self)
                let signedText = try row.decode(column: "signed_text", as: String.self)
                let holderName = try row.decode(column: "holder_name", as: String.self)
                let holderIdentifier = try row.decode(column: "holder_identifier", as: String.self)
                let isPerson = CertificateScope.holderIsPerson(identifier: holderIdentifier)
                // The signature is not checked here: this is our own record, read for its wording.
                let text = (try? CertificateCodec.decode(signedText))?.payload.scope ?? ""
                let scope = CertificateScope.derived(fromText: text, holderName: holderName, holderIsPerson: isPerson)
                try await sql.update(IssuedCertificate.schema)
                    .set("scope_fields", to: try CertificateStore.encode(scope))
                    .set("public_scope", to: scope.publicText)
                    .set("check_code", to: CertificateCheckCode.generate(using: &generator))
                    .where("number", .equal, number)
                    .run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["scope_fields", "public_scope", "check_code"] {
            try await database.schema(IssuedCertificate.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
