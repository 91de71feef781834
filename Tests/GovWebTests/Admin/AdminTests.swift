import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Administration")
struct AdminTests {
    static func admin(_ test: TestApp) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        try await browser.signIn("admin", test.passwords["admin"]!)
        return browser
    }

    @Test("a unit is created under a parent, audited; a bad nesting is refused and changes nothing")
    func units() async throws {
        try await withTestApp { test in
            let browser = try await Self.admin(test)
            let db = test.app.db
            let district = try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "江北区").first())
            let window = try #require(try await OrganisationUnit.query(on: db).filter(\.$kind == .window).first())
            let auditBefore = try await AuditEntry.query(on: db).count()

            let created = try await browser.post("/admin/organisations", form: [
                ("parentID", district.id!.uuidString), ("kind", "region"), ("regionLevel", "township"), ("code", "990103001"),
                ("nameZh", "江北街道"), ("nameEn", "Jiangbei Subdistrict"), ("sortOrder", "1"),
            ])
            #expect(created.status == .seeOther)
            let unit = try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "江北街道").first())
            #expect(unit.path.hasPrefix(district.path))
            #expect(try await AuditEntry.query(on: db).count() == auditBefore + 1)

            let refused = try await browser.post("/admin/organisations", form: [
                ("parentID", window.id!.uuidString), ("kind", "department"), ("regionLevel", ""), ("code", "X"), ("nameZh", "窗口下的部门"),
            ])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(OrganisationError.cannotNest(child: .department, parent: .window).message(in: .zhHans)))
            #expect(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "窗口下的部门").count() == 0)
            #expect(try await AuditEntry.query(on: db).count() == auditBefore + 1)
        }
    }

    @Test("staff accounts are created and given roles; the new person reaches exactly their area")
    func staffAndRoles() async throws {
        try await withTestApp { test in
            let browser = try await Self.admin(test)
            let db = test.app.db
            let bureau = try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "示范市生态环境局").first())
            let created = try await browser.post("/admin/users", form: [
                ("username", "huanbao01"), ("displayName", "环保审批员"), ("unitID", bureau.id!.uuidString), ("phone", ""),
                ("password", "Green-review-2026"), ("passwordConfirmation", "Green-review-2026"),
            ])
            #expect(created.status == .seeOther)
            let account = try #require(try await Account.query(on: db).filter(\.$username == "huanbao01").first())
            let newcomer = TestBrowser(test.app)
            try await newcomer.signIn("huanbao01", "Green-review-2026")
            #expect(try await newcomer.get("/workbench").status == .forbidden)

            let granted = try await browser.post("/admin/users/\(account.id!.uuidString)/roles", form: [
                ("role", "reviewer"), ("unitID", bureau.id!.uuidString),
            ])
            #expect(granted.status == .seeOther)
            #expect(try await newcomer.get("/workbench").status == .ok)
            #expect(try await newcomer.get("/admin").status == .forbidden)

            let grant = try #require(try await RoleAssignment.query(on: db).filter(\.$account.$id == account.id!).first())
            #expect(try await browser.post("/admin/users/\(account.id!.uuidString)/roles/\(grant.id!.uuidString)/revoke", form: []).status == .seeOther)
            #expect(try await newcomer.get("/workbench").status == .forbidden)
            let actions = try await AuditEntry.query(on: db).filter(\.$objectID == account.id!.uuidString.lowercased()).all().map(\.action)
            #expect(actions.contains("account.create") && actions.contains("role.grant") && actions.contains("role.revoke"))
        }
    }

    @Test("a district administrator cannot manage the city's units")
    func scopedAdministrator() async throws {
        try await withTestApp { test in
            let db = test.app.db
            let district = try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "江南区").first())
            let city = try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "示范市").first())
            let now = test.clock.now
            try await test.app.govhall.writeGate.transaction(on: db) { db in
                let account = try await AccountStore.create(
                    ValidAccountApplication(kind: .staff, username: "jnadmin", displayName: "区管理员", password: "District-admin-1", residentID: nil, creditCode: nil, phone: nil),
                    unitID: district.id, hasher: test.app.govhall.hasher, by: .system(), now: now, on: db
                )
                try await AccountStore.grant(.administrator, to: account, on: district, includesSubtree: true, by: .system(), now: now, on: db)
            }
            let browser = TestBrowser(test.app)
            try await browser.signIn("jnadmin", "District-admin-1")
            let page = try await browser.get("/admin/organisations").text
            #expect(page.contains("江南街道"))
            #expect(!page.contains("示范市公安局"))
            let refused = try await browser.post("/admin/organisations", form: [
                ("parentID", city.id!.uuidString), ("kind", "department"), ("code", "X1"), ("nameZh", "越权部门"),
            ])
            #expect(refused.status == .badRequest)
            #expect(try await OrganisationUnit.query(on: db).filter(\.$nameZh == "越权部门").count() == 0)
            let cityAdmin = try #require(try await Account.query(on: db).filter(\.$username == "admin").first())
            #expect(try await browser.get("/admin/users/\(cityAdmin.id!.uuidString)").status == .forbidden)
        }
    }

    @Test("calendar: importing a year and editing a day change due dates; a bad file imports nothing")
    func calendar() async throws {
        try await withTestApp { test in
            let browser = try await Self.admin(test)
            // November 2026 with no 2027 data: the admin area warns.
            #expect(try await browser.get("/admin").text.contains("2027"))

            let bad = try await browser.post("/admin/calendar/import", form: [("csv", "date,kind,holiday\n2027-01-01,off,元旦\n2027-13-01,off,坏\n")])
            #expect(bad.status == .badRequest)
            #expect(try await CalendarYear.find(2027, on: test.app.db) == nil)

            let good = try await browser.post("/admin/calendar/import", form: [("csv", "date,kind,holiday\n2027-01-01,off,元旦\n")])
            #expect(good.status == .seeOther)
            let due = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/due?from=2026-12-30&workingDays=2")
            #expect(due.text.contains("\"due\":\"2027-01-04\""))
            #expect(try await browser.get("/admin").text.contains("2027") == false)

            let day = try await browser.post("/admin/calendar/days", form: [("date", "2027-01-04"), ("kind", "off"), ("holiday", "临时调整")])
            #expect(day.status == .seeOther)
            let moved = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/due?from=2026-12-30&workingDays=2")
            #expect(moved.text.contains("\"due\":\"2027-01-05\""))
        }
    }
}
