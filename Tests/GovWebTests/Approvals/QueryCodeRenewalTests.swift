import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// A case keeps only its query code's keyed hash (issue 20, item 8), so a lost code cannot be shown again: the
/// applicant has a new one issued on their own case page, shown once in the answer.
@Suite("Approval hall: the applicant renews a case's query code")
struct QueryCodeRenewalTests {
    static func stored(_ id: String, _ test: TestApp) async throws -> String {
        try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db)).queryCode
    }

    /// How a page shows a code it gives.
    static func shown(_ code: String) -> String { "<strong class=\"mono query-code\">\(code)</strong>" }

    static func renewals(_ test: TestApp) async throws -> Int {
        try await AuditEntry.query(on: test.app.db).filter(\.$action == "case.query_code").count()
    }

    @Test("the owner gets a new code once: it tracks and the old one stops; the page offers the form with its CSRF field")
    func ownerRenews() async throws {
        try await withTestApp { test in
            let matter = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let (id, oldCode, _) = try await ApprovalFixtures.file(citizen, code: matter)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let anyone = TestBrowser(test.app)
            #expect(try await anyone.get("/api/v1/track?number=\(row.trackingNumber)&code=\(oldCode)").status == .ok)

            // The case page, opened later, has no code to show, only the way to a new one.
            let page = try await citizen.get("/my/cases/\(id)")
            #expect(page.status == .ok && !page.text.contains(oldCode))
            #expect(page.text.contains("action=\"/my/cases/\(id)/query-code\"") && page.text.contains(Strings.text("my_query_code_renew", .zhHans)))
            let form = try #require(page.text.components(separatedBy: "action=\"/my/cases/\(id)/query-code\"").last)
            #expect(form.prefix(200).contains("name=\"_csrf\""), "the form carries the CSRF field")

            let before = try await Self.renewals(test)
            let answer = try await citizen.post("/my/cases/\(id)/query-code", form: [])
            #expect(answer.status == .ok, "\(answer.text.prefix(300))")
            #expect(answer.text.contains(Strings.text("notice_query_code_renewed", .zhHans)))
            let stored = try await Self.stored(id, test)
            #expect(QueryCodeKey.isHashed(stored) && stored != row.queryCode)
            // The answer shows the one code whose hash is now stored.
            let key = test.app.govhall.queryCodeKey
            let shown = try #require(answer.text.components(separatedBy: "<strong class=\"mono query-code\">").dropFirst().first?.prefix(6)).description
            #expect(QueryCode.isWellFormed(shown) && key.hash(shown) == stored && shown != oldCode)
            #expect(!answer.text.contains(stored))
            #expect(try await Self.renewals(test) == before + 1)

            // The new code tracks, page and API; the old one no longer does.
            #expect(try await anyone.get("/api/v1/track?number=\(row.trackingNumber)&code=\(shown)").status == .ok)
            #expect(try await anyone.get("/track?number=\(row.trackingNumber)&code=\(shown.lowercased())").status == .ok)
            #expect(try await anyone.get("/api/v1/track?number=\(row.trackingNumber)&code=\(oldCode)").status == .notFound)
            // The filing's confirmation address no longer shows the replaced code; the case page again shows none.
            // (The page's language switch repeats its own address, so the check is on the code's place, not the text.)
            let stale = try await citizen.get("/my/cases/\(id)?done=submitted&code=\(oldCode)")
            #expect(stale.status == .ok && !stale.text.contains(Self.shown(oldCode)) && !stale.text.contains("mono query-code"))
            #expect(!(try await citizen.get("/my/cases/\(id)").text.contains(shown)))

            // In English too.
            citizen.setCookie("govhall_lang", "en")
            let english = try await citizen.post("/my/cases/\(id)/query-code", form: [])
            #expect(english.status == .ok && english.text.contains(Strings.text("notice_query_code_renewed", .en)))
            #expect(english.text.contains(Strings.text("my_query_code_renew", .en)) && english.text.contains("Query code (shown only this once"))
            #expect(try await Self.renewals(test) == before + 2)
        }
    }

    @Test("another citizen, a stranger, a clerk and no one cannot renew; a bad CSRF token is refused; nothing changes")
    func othersCannot() async throws {
        try await withTestApp { test in
            let matter = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let (id, code, _) = try await ApprovalFixtures.file(citizen, code: matter)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let before = try await Self.renewals(test)

            for person in ["enterprise", "stranger-citizen", "clerk", "reviewer", "supervisor"] {
                let browser = try await SecurityPeople.browser(test, as: person)
                // As the rest of the applicant's space answers for someone else's case: not found, or no entry to the area.
                let page = try await browser.get("/my/cases/\(id)")
                let answer = try await browser.post("/my/cases/\(id)/query-code", form: [])
                #expect([403, 404].contains(answer.status.code), "\(person) → \(answer.status.code)")
                #expect(answer.status == page.status, "\(person): the renewal answers as the case page does")
                #expect(!answer.text.contains(code))
            }
            let anonymous = try await SecurityPeople.browser(test, as: "anonymous")
            let signIn = try await anonymous.post("/my/cases/\(id)/query-code", form: [])
            #expect(signIn.status == .seeOther && signIn.headers.first(name: .location)?.hasPrefix("/signin") == true)
            // A case that does not exist, for its would-be owner.
            #expect(try await citizen.post("/my/cases/\(UUID().uuidString.lowercased())/query-code", form: []).status == .notFound)

            // The owner without the session's CSRF token, or with another session's.
            let attacker = try await SecurityPeople.browser(test, as: "enterprise")
            let foreign = try #require(attacker.cookie("govhall_csrf"))
            #expect(try await citizen.post("/my/cases/\(id)/query-code", form: [], csrf: .none).status == .forbidden)
            #expect(try await citizen.post("/my/cases/\(id)/query-code", form: [], csrf: .some(.some(foreign))).status == .forbidden)
            #expect(try await citizen.post("/my/cases/\(id)/query-code", form: [], csrf: .some(.some(""))).status == .forbidden)

            #expect(try await Self.stored(id, test) == row.queryCode, "a refused renewal changed the stored code")
            #expect(try await Self.renewals(test) == before)
            #expect(try await TestBrowser(test.app).get("/api/v1/track?number=\(row.trackingNumber)&code=\(code)").status == .ok)
        }
    }
}
