import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

@Suite("Certificate store")
struct CertificateStoreTests {
    /// Files, grants and serves a case of `matter` for `person`; returns the certificate.
    static func issued(_ matter: Matter, to person: Person, _ f: ApprovalFixtures, on day: String) async throws -> IssuedCertificate {
        let row = try await f.submit(matter, by: person, at: ApprovalFixtures.beijing("\(day) 09:00"))
        try await f.readyForDecision(row, from: ApprovalFixtures.beijing("\(day) 09:30"))
        try await f.act(.decide(outcome: .granted, reasons: "准予"), on: row, by: try await f.head, at: ApprovalFixtures.beijing("\(day) 15:00"))
        try await f.act(.serveCertificate, on: row, by: try await f.clerk, at: ApprovalFixtures.beijing("\(day) 16:00"))
        return try #require(try await IssuedCertificate.query(on: f.db).filter(\.$caseID == row.requireID()).first())
    }

    static func renew(_ certificate: IssuedCertificate, by person: Person, _ f: ApprovalFixtures, at now: Date) async throws -> ApprovalCase {
        let context = try await f.context(at: now)
        let details = try await f.applicant(person)
        let id = try certificate.requireID()
        return try await f.test.writeGate.transaction(on: f.db) { db in
            try await CertificateStore.applyForRenewal(
                of: id, form: ApprovalFixtures.form, files: [try ApprovalFixtures.pdf()], applicant: details,
                intakePath: try await f.centrePath(db), by: person.actor, context: context, on: db).row
        }
    }

    @Test("renewal is filed as a new case of the same matter, by the holder, at least 30 days before expiry (Art. 50)")
    func renewal() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let (citizen, enterprise) = (try await f.citizen, try await f.enterprise)
            let yearly = try await f.publish(try ApprovalFixtures.definition(of: market, mainItem: 99001, validityMonths: 12), of: market)
            let monthly = try await f.publish(try ApprovalFixtures.definition(of: market, mainItem: 99002, name: "临时许可", validityMonths: 1), of: market)

            // Valid a year: renewable now, by its holder only; the renewal's certificate follows on from the old one.
            let certificate = try await Self.issued(yearly, to: citizen, f, on: "2026-11-02")
            #expect(certificate.validUntil == "2027-11-01")
            await #expect(throws: CaseStoreError.notFound) {
                try await Self.renew(certificate, by: enterprise, f, at: ApprovalFixtures.beijing("2026-11-05 10:00"))
            }
            let renewal = try await Self.renew(certificate, by: citizen, f, at: ApprovalFixtures.beijing("2026-11-05 10:00"))
            #expect(renewal.renewsCertificateID == certificate.id && renewal.$matter.id == yearly.id)
            try await f.readyForDecision(renewal, from: ApprovalFixtures.beijing("2026-11-05 11:00"))
            try await f.act(.decide(outcome: .granted, reasons: "准予延续"), on: renewal, by: try await f.head, at: ApprovalFixtures.beijing("2026-11-06 10:00"))
            try await f.act(.serveCertificate, on: renewal, by: try await f.clerk, at: ApprovalFixtures.beijing("2026-11-06 11:00"))
            let renewed = try #require(try await IssuedCertificate.query(on: f.db).filter(\.$caseID == renewal.requireID()).first())
            #expect(renewed.validFrom == "2027-11-02" && renewed.validUntil == "2028-11-01")

            // Valid a month: by 30 days before expiry it is already too late.
            let short = try await Self.issued(monthly, to: citizen, f, on: "2026-11-09")
            #expect(short.validUntil == "2026-12-08")
            await #expect(throws: RenewalError.tooLate(lastDay: CivilDate("2026-11-08")!)) {
                try await Self.renew(short, by: citizen, f, at: ApprovalFixtures.beijing("2026-11-10 10:00"))
            }

            // A revoked certificate is not renewed.
            let head = try await f.head
            try await test.writeGate.transaction(on: f.db) { db in
                _ = try await CertificateStore.end(
                    number: certificate.number, as: .revocation(.ineligibleApplicant), reason: "不具备法定条件", principal: head.principal, by: head.actor,
                    now: ApprovalFixtures.beijing("2026-11-11 10:00"), on: db)
            }
            await #expect(throws: RenewalError.revoked) {
                try await Self.renew(certificate, by: citizen, f, at: ApprovalFixtures.beijing("2026-11-12 10:00"))
            }
            #expect(try await ApprovalCase.query(on: f.db).filter(\.$renewsCertificateID != nil).count() == 1)
        }
    }

    @Test("verification: by QR text alone, or by number with its check code; a wrong code reads as an unknown number")
    func verification() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let matter = try await f.publish(try ApprovalFixtures.definition(of: market, validityMonths: 12), of: market)
            let certificate = try await Self.issued(matter, to: try await f.enterprise, f, on: "2026-11-02")
            let keyring = test.keyring
            func verdict(_ input: String, check: String? = nil, on day: String = "2026-11-20") async throws -> CertificateVerdict {
                try await CertificateStore.verify(input, checkCode: check, keyring: keyring, today: CivilDate(day)!, on: f.db).verdict
            }
            #expect(certificate.checkCode.count == CertificateCheckCode.length)
            #expect(try await verdict(certificate.signedText) == .valid)
            #expect(try await verdict(" \(certificate.number) ", check: certificate.checkCode) == .valid)
            #expect(try await verdict(certificate.number, check: CertificateCheckCode.printed(certificate.checkCode).lowercased()) == .valid)
            // The code travels in the signed QR text too.
            #expect(try CertificateCodec.decode(certificate.signedText).payload.checkCode == certificate.checkCode)
            // An enterprise's 统一社会信用代码 is public and stays whole in the QR text; the public view masks it like every page.
            #expect(try CertificateCodec.decode(certificate.signedText).payload.holderIdentifier == DemoCity.demoEnterpriseCode)
            let shown = try await CertificateStore.verify(certificate.signedText, checkCode: nil, keyring: keyring, today: CivilDate("2026-11-20")!, on: f.db).certificate
            #expect(shown?.holderIdentifier == Mask.identifier(DemoCity.demoEnterpriseCode))
            #expect(try await verdict(certificate.signedText, on: "2027-11-02") == .expired(on: CivilDate("2027-11-01")!))
            // A number without its code, with a wrong one, or unknown: one answer.
            #expect(try await verdict(certificate.number) == .notFound)
            #expect(try await verdict(certificate.number, check: "") == .notFound)
            #expect(try await verdict(certificate.number, check: certificate.checkCode == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA") == .notFound)
            #expect(try await verdict("9901002026001999999", check: certificate.checkCode) == .notFound)
            #expect(try await verdict("") == .notFound)
            #expect(try await verdict("GHC1.bm90.c2ln") == .notGenuine)
            let forged = certificate.signedText.dropLast(2) + (certificate.signedText.hasSuffix("AA") ? "BB" : "AA")
            #expect(try await verdict(String(forged)) == .notGenuine)
        }
    }

    @Test("a certificate issued before structured scopes: migration 020 masks its raw scope and gives it a check code")
    func legacyRowsAreBackfilled() async throws {
        try await withStoreTest { test in
            // setup: a certificate whose signed text carries a raw marriage scope, as every certificate did before
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let matter = try await f.publish(try ApprovalFixtures.definition(of: market, validityMonths: 12), of: market)
            let certificate = try await Self.issued(matter, to: try await f.citizen, f, on: "2026-11-02")
            let keyring = test.keyring
            var payload = try CertificateCodec.decode(certificate.signedText).payload
            let spouse = "李四娘"
            let spouseID = "440305199001011234"
            payload.scope = "男方姓名：\(certificate.holderName)；男方公民身份号码：\(certificate.holderIdentifier)；女方姓名：\(spouse)；女方公民身份号码：\(spouseID)"
            payload.checkCode = nil
            let signed = try keyring.sign(payload)
            let sql = try #require(f.db as? any SQLDatabase)
            try await sql.update(IssuedCertificate.schema)
                .set("signed_text", to: signed.text)
                .set("scope_fields", to: SQLLiteral.null).set("public_scope", to: SQLLiteral.null).set("check_code", to: SQLLiteral.null)
                .where("number", .equal, certificate.number).run()

            // MUT
            try await CertificateScopeAndCheckCode.backfill(on: sql)

            // validate: the old QR text still verifies; the public view masks both spouses; the number needs the new code
            let row = try #require(try await IssuedCertificate.query(on: f.db).filter(\.$number == certificate.number).first())
            #expect(row.checkCode.count == CertificateCheckCode.length)
            let expected = "男方姓名：\(Mask.personName(certificate.holderName))；男方公民身份号码：\(Mask.identifier(certificate.holderIdentifier))；女方姓名：李**；女方公民身份号码：440305********1234"
            #expect(row.publicScope == expected)
            #expect(row.scope?.text == payload.scope)
            let today = CivilDate("2026-11-20")!
            let byQR = try await CertificateStore.verify(signed.text, checkCode: nil, keyring: keyring, today: today, on: f.db)
            #expect(byQR.verdict == .valid && byQR.certificate?.scope == expected)
            #expect(byQR.certificate?.holderName == Mask.personName(certificate.holderName))
            #expect(try await CertificateStore.verify(row.number, checkCode: row.checkCode, keyring: keyring, today: today, on: f.db).verdict == .valid)
            #expect(try await CertificateStore.verify(row.number, checkCode: nil, keyring: keyring, today: today, on: f.db).verdict == .notFound)
        }
    }
}
