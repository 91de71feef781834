import FluentKit
import FluentSQL

/// 撤销 and 注销 are different acts (《行政许可法》第六十九条、第七十条; issue 28, item 2): a certificate that ended keeps
/// which act ended it and on what ground. Certificates ended before were all recorded as 注销, so they keep that act
/// with the catch-all ground of 第七十条第六项.
struct CertificateEndings: AsyncMigration {
    var name: String { "027_CertificateEndings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IssuedCertificate.schema).field("ending_act", .string).update()
        try await database.schema(IssuedCertificate.schema).field("ending_ground", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.update(IssuedCertificate.schema).set("ending_act", to: "cancellation").set("ending_ground", to: "other")
            .where("revoked_at", .isNot, SQLLiteral.null).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IssuedCertificate.schema).deleteField("ending_ground").update()
        try await database.schema(IssuedCertificate.schema).deleteField("ending_act").update()
    }
}
