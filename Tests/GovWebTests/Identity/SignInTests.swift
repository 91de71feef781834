import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import VaporTesting

@Suite("Sign-in, sessions and CSRF")
struct SignInTests {
    @Test("a correct password starts a new session and lands in the role's area")
    func signIn() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            // A session id planted before sign-in (fixation) must not become the session.
            browser.setCookie("govhall_session", "planted-by-attacker")
            try await browser.get("/signin")
            let csrfBefore = try #require(browser.cookie("govhall_csrf"))

            let response = try await browser.signIn("supervisor", test.passwords["supervisor"]!)

            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/supervision")
            let session = try #require(browser.cookie("govhall_session"))
            #expect(session != "planted-by-attacker")
            #expect(browser.cookie("govhall_csrf") != csrfBefore)
            let setCookie = response.headers[.setCookie].first { $0.hasPrefix("govhall_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(try await browser.get("/supervision").status == .ok)
            let entries = try await AuditEntry.query(on: test.app.db).filter(\.$action == "session.signin").all()
            #expect(entries.count == 1)
            // The server stores bcrypt hashes only.
            let supervisor = try #require(try await Account.query(on: test.app.db).filter(\.$username == "supervisor").first())
            #expect(supervisor.passwordHash.hasPrefix("$2") && !supervisor.passwordHash.contains(test.passwords["supervisor"]!))
        }
    }

    @Test("citizens sign in with their ID number too")
    func signInWithIdentifier() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            let response = try await browser.signIn(DemoCity.demoResidentID, test.passwords["citizen"]!)
            #expect(response.headers.first(name: .location) == "/my")
            let page = try await browser.get("/my")
            #expect(page.status == .ok)
            // The applicant's own space shows the number masked.
            #expect(page.text.contains("110101********"))
            #expect(!page.text.contains(DemoCity.demoResidentID))
        }
    }

    @Test("a wrong password is refused with a clear message and no session")
    func wrongPassword() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            let response = try await browser.signIn("clerk", "not-the-password-1")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains(Strings.text("error_signin_failed", .zhHans)))
            #expect(browser.cookie("govhall_session") == nil)
        }
    }

    @Test("five failures lock the name: even the right password is refused until the lock ends")
    func throttling() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            for _ in 0..<5 { try await browser.signIn("head", "wrong-password-123") }
            let locked = try await browser.signIn("head", test.passwords["head"]!)
            #expect(locked.status == .tooManyRequests)
            #expect(browser.cookie("govhall_session") == nil)

            test.clock.advance(by: 16 * 60)
            let after = try await browser.signIn("head", test.passwords["head"]!)
            #expect(after.status == .seeOther)
            #expect(browser.cookie("govhall_session") != nil)
        }
    }

    @Test("a form posted without or with a wrong CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            let form = [("kind", "citizen"), ("username", "wangfang"), ("displayName", "王芳"), ("residentID", "11010519491231002X"),
                        ("password", "Secret-pass-2026"), ("passwordConfirmation", "Secret-pass-2026")]
            try await browser.get("/register")
            let missing = try await browser.post("/register", form: form, csrf: .none)
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post("/register", form: form, csrf: "A" + String(repeating: "b", count: 42))
            #expect(wrong.status == .forbidden)
            #expect(wrong.text.contains(Strings.text("error_csrf", .zhHans)))
            #expect(try await Account.query(on: test.app.db).filter(\.$username == "wangfang").count() == 0)

            // Signing in is a form too.
            let signIn = try await browser.post("/signin", form: [("username", "clerk"), ("password", test.passwords["clerk"]!)], csrf: .none)
            #expect(signIn.status == .forbidden)
            #expect(browser.cookie("govhall_session") == nil)
        }
    }

    @Test("signing out ends the session on the server")
    func signOut() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("admin", test.passwords["admin"]!)
            let secret = try #require(browser.cookie("govhall_session"))
            let response = try await browser.post("/signout", form: [])
            #expect(response.status == .seeOther)
            // Replaying the old cookie does not get back in.
            browser.setCookie("govhall_session", secret)
            #expect(try await browser.get("/admin").status == .seeOther)
        }
    }

    @Test("a password change needs the current password, follows the policy, and ends other sessions")
    func passwordChange() async throws {
        try await withTestApp { test in
            let phone = TestBrowser(test.app)
            try await phone.signIn("reviewer", test.passwords["reviewer"]!)
            let desk = TestBrowser(test.app)
            try await desk.signIn("reviewer", test.passwords["reviewer"]!)

            let weak = try await desk.post("/account/password", form: [("currentPassword", test.passwords["reviewer"]!), ("newPassword", "short1"), ("newPasswordConfirmation", "short1")])
            #expect(weak.status == .badRequest)
            #expect(weak.text.contains(PasswordError.tooShort(10).message(in: .zhHans)))
            let wrongCurrent = try await desk.post("/account/password", form: [("currentPassword", "nope-nope-123"), ("newPassword", "New-password-2026"), ("newPasswordConfirmation", "New-password-2026")])
            #expect(wrongCurrent.status == .badRequest)

            let ok = try await desk.post("/account/password", form: [("currentPassword", test.passwords["reviewer"]!), ("newPassword", "New-password-2026"), ("newPasswordConfirmation", "New-password-2026")])
            #expect(ok.status == .seeOther)
            #expect(try await desk.get("/workbench").status == .ok)
            #expect(try await phone.get("/workbench").status == .seeOther)
            let fresh = TestBrowser(test.app)
            #expect(try await fresh.signIn("reviewer", "New-password-2026").status == .seeOther)
        }
    }
}
