import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import VaporTesting

@Suite("A certificate as a printable document with a scannable QR code (issue 28, item 10)")
struct CertificateDocumentTests {
    @Test("the holder's certificate names its authority, its scope in words, a seal area, and a QR code of the verification address")
    func holderCopy() async throws {
        try await withTestApp(demoCases: true) { test in
            let citizen = try #require(try await Account.query(on: test.app.db).filter(\.$username == "citizen").first())
            // One the demo market regulator issued, whose head ("head") works on its cases.
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let held = try await IssuedCertificate.query(on: test.app.db).filter(\.$holderAccountID == citizen.id).all()
            var ofMarket: [IssuedCertificate] = []
            for certificate in held where certificate.revokedAt == nil {
                if try await ApprovalCase.find(certificate.caseID, on: test.app.db)?.departmentID == market.id { ofMarket.append(certificate) }
            }
            let certificate = try #require(ofMarket.first)
            let id = try certificate.requireID()
            let browser = try await ApprovalFixtures.browser(test, as: "citizen")

            // The list of the holder's certificates links to the document.
            let my = try await browser.get("/my")
            #expect(my.text.contains("/my/certificates/\(id.uuidString.lowercased())"))

            let page = try await browser.get("/my/certificates/\(id.uuidString.lowercased())")
            #expect(page.status == .ok)
            let caseRow = try #require(try await ApprovalCase.find(certificate.caseID, on: test.app.db))
            let issuer = try #require(try await OrganisationUnit.find(caseRow.departmentID, on: test.app.db))
            #expect(page.text.contains(issuer.nameZh) && page.text.contains(certificate.title) && page.text.contains(certificate.number))
            #expect(page.text.contains("seal-area") && page.text.contains(Strings.text("certificate_seal", .zhHans)))
            // Dates as an official document writes them.
            let validFrom = try #require(CivilDate(certificate.validFrom))
            #expect(page.text.contains(validFrom.official))
            // The QR code on the page is exactly the code of the verification address by number and printed check code.
            let check = try #require(CertificateCheckCode.printed(certificate.checkCode))
            let address = test.app.govhall.config.publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                + "/verify?code=\(certificate.number)&check=\(check)"
            let qr = try QRCode(encoding: address)
            let label = Strings.format("certificate_qr_label", .zhHans, ["number": certificate.number])
            #expect(page.text.contains(qr.svg(label: label)))
            #expect(page.text.contains(address.replacingOccurrences(of: "&", with: "&amp;")))
            // The signed text is kept out of print, folded away for whoever verifies the signature offline.
            #expect(page.text.contains("<details class=\"no-print signed-data\">"))
            // The address the QR code encodes verifies the certificate.
            let verified = try await TestBrowser(test.app).get("/verify?code=\(certificate.number)&check=\(check)")
            #expect(verified.status == .ok && verified.text.contains("verdict-valid"))
            // It says what was checked: the record by number and check code, not a signature someone pasted.
            #expect(verified.text.contains(VerificationBasis.numberAndCheckCode.description(in: .zhHans)))
            let pasted = try await TestBrowser(test.app).get(
                "/verify?code=\(certificate.signedText.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            #expect(pasted.text.contains(VerificationBasis.signedText.description(in: .zhHans)))
            let api = try await TestBrowser(test.app).get("/api/v1/certificates/verify?code=\(certificate.number)&check=\(check)")
            #expect(api.text.contains("\"checked\":\"number_and_check_code\""))

            // Someone else's certificate is not found; staff on the case open the issuing side's copy.
            let other = try await ApprovalFixtures.browser(test, as: "enterprise")
            #expect(try await other.get("/my/certificates/\(id.uuidString.lowercased())").status == .notFound)
            let staffPath = "/workbench/cases/\(certificate.caseID.uuidString.lowercased())/certificates/\(id.uuidString.lowercased())"
            let head = try await ApprovalFixtures.browser(test, as: "head")
            let staffCopy = try await head.get(staffPath)
            #expect(staffCopy.status == .ok && staffCopy.text.contains(qr.svg(label: label)))
            #expect(try await other.get(staffPath).status != .ok)
        }
    }

    @Test("a choice is written in words on the certificate, not as its code")
    func scopeInWords() async throws {
        try await withTestApp(demoCases: true) { test in
            let certificates = try await IssuedCertificate.query(on: test.app.db).all()
            let codes = ["boiler", "pressure_vessel", "elevator", "crane", "vehicle"]
            for certificate in certificates {
                let text = certificate.scope?.text ?? ""
                #expect(!codes.contains { text.contains("：\($0)") }, "\(certificate.number): \(text)")
            }
        }
    }
}
