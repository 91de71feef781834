import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// What `SignInTests` does not already prove about sessions: a signed-in session is replaced, not reused, when
/// someone else signs in on the same browser; cookies are Secure behind https; only a hash of the session secret is
/// stored; sessions end when idle; the throttle holds across browsers and does not tell names apart; and the
/// sign-in page does not redirect to other sites.
@Suite("Security: sessions and sign-in")
struct SecuritySessionTests {
    static func setCookie(_ response: BrowserResponse, _ name: String) -> String? {
        response.headers[.setCookie].first { $0.hasPrefix(name + "=") }
    }

    @Test("signing in over an existing session starts a new one, and the old secret no longer works")
    func newSessionOnEverySignIn() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("clerk", test.passwords["clerk"]!)
            let first = try #require(browser.cookie("govhall_session"))
            let csrfFirst = try #require(browser.cookie("govhall_csrf"))
            try await browser.signIn("reviewer", test.passwords["reviewer"]!)
            let second = try #require(browser.cookie("govhall_session"))
            #expect(second != first)
            #expect(browser.cookie("govhall_csrf") != csrfFirst)
            // The secret is long and random; the database holds only its hash.
            #expect(second.count >= 32)
            let stored = try await UserSession.query(on: test.app.db).all()
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { $0.tokenHash != second && $0.tokenHash != first })
            #expect(stored.contains { $0.tokenHash == IdentityStore.sha256Hex(second) })
        }
    }

    @Test("cookies are HttpOnly always, SameSite Lax (session) and Strict (CSRF), and Secure when served over https")
    func cookieFlags() async throws {
        try await withTestApp { test in
            let plain = TestBrowser(test.app)
            try await plain.get("/signin")
            let signIn = try await plain.signIn("citizen", test.passwords["citizen"]!)
            let session = try #require(Self.setCookie(signIn, "govhall_session"))
            let csrf = try #require(Self.setCookie(signIn, "govhall_csrf"))
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"))
            #expect(csrf.contains("HttpOnly") && csrf.contains("SameSite=Strict"))
            #expect(!session.contains("Secure"), "over plain http a Secure cookie would never come back")

            // The same application behind https (GOVHALL_PUBLIC_URL=https://…).
            let old = test.app.govhall
            var config = old.config
            config.publicURL = "https://zwfw.example.gov.cn"
            test.app.govhall = try GovHallContext(config: config, dependencies: old.dependencies, hasher: old.hasher, keyring: old.keyring, queryCodeKey: old.queryCodeKey, notifier: old.notifier)
            let secure = TestBrowser(test.app)
            let first = try await secure.get("/signin")
            #expect(Self.setCookie(first, "govhall_csrf")?.contains("Secure") == true)
            #expect(first.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            let secureSignIn = try await secure.signIn("citizen", test.passwords["citizen"]!)
            let secureSession = try #require(Self.setCookie(secureSignIn, "govhall_session"))
            #expect(secureSession.contains("Secure") && secureSession.contains("HttpOnly"))
        }
    }

    @Test("a session idle longer than its lifetime ends; signing out ends it for the API too")
    func sessionLifetime() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("citizen", test.passwords["citizen"]!)
            #expect(try await browser.get("/my").status == .ok)
            test.clock.advance(by: test.app.govhall.config.sessionLifetime + 60)
            #expect(try await browser.get("/my").status == .seeOther)
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)

            let other = TestBrowser(test.app)
            try await other.signIn("citizen", test.passwords["citizen"]!)
            let secret = try #require(other.cookie("govhall_session"))
            try await other.post("/signout", form: [])
            other.setCookie("govhall_session", secret)
            #expect(try await other.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("the throttle counts failures for a name from any browser, and an unknown name is refused exactly like a wrong password")
    func throttleAcrossBrowsers() async throws {
        try await withTestApp { test in
            // Each failure from a fresh browser (a new cookie jar), as a script would.
            for _ in 0..<5 { try await TestBrowser(test.app).signIn("reviewer", "wrong-password-123") }
            let locked = try await TestBrowser(test.app).signIn("reviewer", test.passwords["reviewer"]!)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.setCookie].allSatisfy { !$0.hasPrefix("govhall_session=") })

            let unknown = try await TestBrowser(test.app).signIn("nobody-here", "wrong-password-123")
            let wrong = try await TestBrowser(test.app).signIn("clerk", "wrong-password-123")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            let message = Strings.text("error_signin_failed", .zhHans)
            #expect(unknown.text.contains(message) && wrong.text.contains(message))
        }
    }

    @Test("after sign-in the browser goes only to a page of this site, whatever `next` says")
    func noOpenRedirect() async throws {
        try await withTestApp { test in
            for next in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:/evil.example",
                         "/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\u{3000}/evil.example"] {
                let browser = TestBrowser(test.app)
                try await browser.get("/signin")
                let response = try await browser.post("/signin", form: [("username", "citizen"), ("password", test.passwords["citizen"]!), ("next", next)])
                let location = try #require(response.headers.first(name: .location))
                #expect(location.hasPrefix("/") && !location.contains("evil.example"), "next=\(next) → \(location)")
            }
            // The language switch's `return` (issue 20, item 3): browsers delete the tab and follow `//evil.example`.
            for encoded in ["/%09/evil.example", "/%0A/evil.example", "%09//evil.example", "/%E3%80%80/evil.example", "/%2509/evil.example"] {
                let browser = TestBrowser(test.app)
                let response = try await browser.get("/language/en?return=" + encoded)
                #expect(response.headers.first(name: .location) == "/", "return=\(encoded)")
            }
        }
    }
}
