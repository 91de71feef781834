import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Issue 20, item 6: an administrator read the audit log by granting itself the supervisor role or issuing itself an
/// `audit:read` token. Either now waits for a second administrator, and every supervisor is told.
@Suite("Security: separation of duties")
struct SecurityDutiesTests {
    @Test("the supervisor role and oversight tokens take effect only when a second administrator approves; supervisors are told")
    func secondAdministrator() async throws {
        try await withTestApp { test in
            let db = test.app.db
            let city = try #require(try await OrganisationUnit.query(on: db).filter(\.$parent.$id == nil).first())
            let admin = try await ApprovalFixtures.browser(test, as: "admin")
            let adminID = try #require(try await Account.query(on: db).filter(\.$username == "admin").first()?.requireID())
            let supervisorID = try #require(try await Account.query(on: db).filter(\.$username == "supervisor").first()?.requireID())
            let secondPassword = "Second-admin-2026"
            try await test.app.govhall.writeGate.transaction(on: db) { db in
                let account = try await AccountStore.create(
                    ValidAccountApplication(kind: .staff, username: "admin2", displayName: "系统管理员乙", password: secondPassword,
                                            residentID: nil, creditCode: nil, phone: nil),
                    unitID: city.id, hasher: test.app.govhall.hasher, by: .system("test"), now: test.clock.now, on: db)
                try await AccountStore.grant(.administrator, to: account, on: city, includesSubtree: true, by: .system("test"), now: test.clock.now, on: db)
            }
            let second = TestBrowser(test.app)
            #expect(try await second.signIn("admin2", secondPassword).status == .seeOther)
            func told() async throws -> Int {
                try await InboxMessage.query(on: db).filter(\.$recipientAccountID == supervisorID).filter(\.$topic == "oversight_grant").count()
            }

            // The administrator grants itself the supervisor role: asked for, not in effect.
            let asked = try await admin.post("/admin/users/\(adminID.uuidString.lowercased())/roles", form: [
                ("role", "supervisor"), ("unitID", try city.requireID().uuidString.lowercased()), ("includesSubtree", "on")])
            #expect(asked.status == .seeOther && asked.headers.first(name: .location)?.hasSuffix("done=requested") == true)
            #expect(try await admin.get("/supervision/audit").status == .forbidden)
            #expect(try await told() == 1)
            let grant = try #require(try await RoleAssignment.query(on: db).filter(\.$role == .supervisor).filter(\.$awaitingApproval == true).first())
            let grantPath = "/admin/approvals/role/\(try grant.requireID().uuidString.lowercased())"
            // It cannot approve its own request, nor see it among those to decide.
            #expect(try await admin.post("\(grantPath)/approve", form: []).status == .forbidden)
            #expect(!(try await admin.get("/admin/approvals").text.contains(grantPath)))
            #expect(try await admin.get("/supervision/audit").status == .forbidden)
            // A second administrator approves it: now it is in effect, and the supervisors are told again.
            #expect(try await second.get("/admin/approvals").text.contains(grantPath))
            #expect(try await second.post("\(grantPath)/approve", form: []).status == .seeOther)
            #expect(try await admin.get("/supervision/audit").status == .ok)
            #expect(try await told() == 2)
            #expect(try await second.post("\(grantPath)/approve", form: []).status == .notFound, "decided once")

            // A token that reads the audit log: shown once, refused until a second administrator approves it.
            func issue(_ name: String) async throws -> String {
                let page = try await admin.post("/admin/tokens", form: [
                    ("name", name), ("scopes", "audit:read"), ("unitID", try city.requireID().uuidString.lowercased()), ("expiresInDays", "")])
                #expect(page.status == .created && page.text.contains(Strings.text("notice_token_awaiting_approval", .zhHans)))
                return try #require(page.text.firstMatch(of: /<code class="secret">([^<]+)<\/code>/).map { String($0.1) })
            }
            func audit(_ secret: String) async throws -> HTTPResponseStatus {
                try await TestBrowser(test.app).get("/api/v1/audit", headers: ["Authorization": "Bearer \(secret)"]).status
            }
            let secret = try await issue("审计导出")
            #expect(try await audit(secret) == .unauthorized)
            #expect(try await told() == 3)
            let token = try #require(try await APIToken.query(on: db).filter(\.$name == "审计导出").first())
            let tokenPath = "/admin/approvals/token/\(try token.requireID().uuidString.lowercased())"
            #expect(try await admin.post("\(tokenPath)/approve", form: []).status == .forbidden)
            #expect(try await audit(secret) == .unauthorized)
            #expect(try await second.post("\(tokenPath)/approve", form: []).status == .seeOther)
            #expect(try await audit(secret) == .ok)
            // A declined one never works.
            let declined = try await issue("审计导出二")
            let other = try #require(try await APIToken.query(on: db).filter(\.$name == "审计导出二").first())
            #expect(try await second.post("/admin/approvals/token/\(try other.requireID().uuidString.lowercased())/decline", form: []).status == .seeOther)
            #expect(try await audit(declined) == .unauthorized)
            #expect(try await told() == 6)
            // A token without such a scope needs nobody's approval.
            let plain = try await admin.post("/admin/tokens", form: [
                ("name", "组织机构"), ("scopes", "org:read"), ("unitID", try city.requireID().uuidString.lowercased()), ("expiresInDays", "")])
            #expect(plain.status == .created && !plain.text.contains(Strings.text("notice_token_awaiting_approval", .zhHans)))
        }
    }
}
