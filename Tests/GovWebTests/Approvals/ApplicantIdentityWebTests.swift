import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Issue 20, item 9: online, the applicant's own name and 居民身份证号 come from the account and cannot be changed.
@Suite("Approval hall: an online application is filed in the applicant's own name")
struct ApplicantIdentityWebTests {
    /// The demo city's unemployment registration (失业登记): its form asks for the applicant's name and ID number.
    static let unemployment = "11990100041000090A2001004001"

    @Test("the form shows the account's name and ID read-only; another person's are refused and nothing is filed")
    func ownNameOnly() async throws {
        try await withTestApp { test in
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let account = try #require(try await Account.query(on: test.app.db).filter(\.$username == "citizen").first())
            let ownID = try #require(account.residentID)

            let page = try await citizen.get("/services/\(Self.unemployment)/apply")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"name="name" value="\#(account.displayName)""#) && page.text.contains(#"name="id_number" value="\#(ownID)""#))
            #expect(page.text.contains("readonly") && page.text.contains("取自您的实名账户"))

            let casesBefore = try await ApprovalCase.query(on: test.app.db).count()
            let upload = TestBrowser.Upload(field: "material_id_card", fileName: "id.pdf", bytes: ApprovalFixtures.pdf)
            let common = [("residence", "示范省示范市江南区幸福路 8 号"), ("unemployed_since", "2026-10-01"), ("want_training", "no")]
            for (name, id) in [("王小明", "110101199003074578"), (account.displayName, "110101199003074578"), ("王小明", ownID)] {
                let refused = try await citizen.postMultipart(
                    "/services/\(Self.unemployment)/apply", form: [("name", name), ("id_number", id)] + common, files: [upload])
                #expect(refused.status == .badRequest, "\(name) \(id) → \(refused.status.code)")
                #expect(refused.text.contains("网上申请以您本人的名义办理"))
            }
            #expect(try await ApprovalCase.query(on: test.app.db).count() == casesBefore)

            // Left as shown (or blank), the account's own values are filed.
            let filed = try await citizen.postMultipart(
                "/services/\(Self.unemployment)/apply", form: [("name", ""), ("id_number", ownID.lowercased())] + common, files: [upload])
            #expect(filed.status == .seeOther, "\(filed.text.prefix(400))")
            let row = try #require(try await ApprovalCase.query(on: test.app.db).filter(\.$applicantAccountID == account.id).sort(\.$receivedAt, .descending).first())
            #expect(row.formData()["name"] == account.displayName && row.formData()["id_number"] == ownID)
        }
    }
}
