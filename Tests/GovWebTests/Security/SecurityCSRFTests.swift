import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Every state-changing route a browser session can reach (all of them but Open311, whose clients carry an
/// `api_key` and never a session) refuses a post without the session's CSRF token, with another session's token,
/// or with another session's token in the header scripts use: 403, and nothing written (the audit log, where every
/// change leaves an entry, does not grow).
@Suite("Security: CSRF on every form")
struct SecurityCSRFTests {
    @Test("every POST refuses a missing or foreign CSRF token and changes nothing")
    func everyForm() async throws {
        try await withTestApp { test in
            let demo = try await DemoRecords.load(on: test.app.db)
            let forms = test.app.routes.all.filter { $0.method != .GET && !SecurityMatrixTests.template($0).hasPrefix("/open311/") }
            #expect(forms.count > 70)
            let attacker = try await SecurityPeople.browser(test, as: "stranger-citizen")
            let foreignToken = try #require(attacker.cookie("govhall_csrf"))
            var browsers: [(String, TestBrowser)] = []
            for person in ["citizen", "admin", "supervisor", "clerk"] { browsers.append((person, try await SecurityPeople.browser(test, as: person))) }
            let auditBefore = try await AuditEntry.query(on: test.app.db).count()
            var checked = 0
            for (person, browser) in browsers {
                let ownToken = try #require(browser.cookie("govhall_csrf"))
                #expect(ownToken != foreignToken)
                for route in forms {
                    let path = SecurityMatrixTests.path(route, victim: nil, demo: demo)
                    var form = HTTPHeaders()
                    form.contentType = .urlEncodedForm
                    var header = form
                    header.replaceOrAdd(name: "X-CSRF-Token", value: foreignToken)
                    let attempts: [(String, HTTPHeaders, String)] = [
                        ("no token", form, "reason=x"), ("another session's token", form, "_csrf=\(foreignToken)&reason=x"),
                        ("another session's token in the header", header, "reason=x"), ("an empty token", form, "_csrf=&reason=x"),
                    ]
                    for (what, headers, body) in attempts {
                        let response = try await browser.send(route.method, path, headers: headers, body: ByteBuffer(string: body))
                        #expect(response.status == .forbidden, "\(person) \(route.method) \(path) with \(what) → \(response.status.code)")
                        checked += 1
                    }
                }
            }
            #expect(try await AuditEntry.query(on: test.app.db).count() == auditBefore, "a refused post wrote something")
            print("SECURITY-CSRF: \(forms.count) state-changing routes × 4 sessions × 4 forgeries = \(checked) posts refused")

            // A complete, valid password change without the token changes nothing: the old password still signs in.
            let citizen = try await SecurityPeople.browser(test, as: "citizen")
            let change = try await citizen.post("/account/password", form: [
                ("currentPassword", test.passwords["citizen"]!), ("newPassword", "Forged-change-2026"), ("newPasswordConfirmation", "Forged-change-2026"),
            ], csrf: .some(foreignToken))
            #expect(change.status == .forbidden)
            #expect(try await TestBrowser(test.app).signIn("citizen", test.passwords["citizen"]!).status == .seeOther)
        }
    }
}
