import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A password hasher that counts what it is asked to do, around the real one.
final class CountingHasher: GovStore.PasswordHasher, Sendable {
    private let counts = NIOLockedValueBox((hashes: 0, verifications: 0))
    private let inner = BcryptHasher(cost: 4)

    var hashes: Int { counts.withLockedValue { $0.hashes } }
    var verifications: Int { counts.withLockedValue { $0.verifications } }

    func hash(_ password: String) throws -> String {
        counts.withLockedValue { $0.hashes += 1 }
        return try inner.hash(password)
    }

    func verify(_ password: String, against hash: String) throws -> Bool {
        counts.withLockedValue { $0.verifications += 1 }
        return try inner.verify(password, against: hash)
    }
}

/// Issue 20, item 8 (an outside review, OWASP ASVS level 2): guessing query codes and passwords, telling which
/// accounts exist, and credentials that outlive what should end them.
@Suite("Security: guessing is throttled and accounts are not told apart")
struct SecurityThrottleTests {
    static let wrongCode = "ZZZZZZ"

    @Test("five wrong query codes for a number, or thirty from an address, answer 429 with Retry-After (page and API), the same for a number that does not exist; right codes are never counted")
    func queryCodeThrottle() async throws {
        try await withTestApp(demoCases: true) { test in
            let victim = try await Victim.load(on: test.app.db, key: test.app.govhall.queryCodeKey)
            let anyone = TestBrowser(test.app)
            let kinds: [(page: String, api: (String, String) -> String, number: String, code: String)] = [
                ("/track", { "/api/v1/track?number=\($0)&code=\($1)" }, victim.caseTrackingNumber, victim.caseQueryCode),
                ("/hotline/track", { "/api/v1/hotline/tickets/\($0)?code=\($1)" }, victim.ticketNumber, victim.ticketQueryCode),
                ("/disclosure/track", { "/api/v1/disclosure/requests/\($0)?code=\($1)" }, victim.disclosureNumber, victim.disclosureQueryCode),
            ]
            for kind in kinds {
                test.clock.advance(by: SignInThrottleRule.perAddressLookups.window + 1)
                // The right code, far more often than any limit: a busy hour's tracking is never throttled.
                for _ in 0..<40 {
                    #expect(try await anyone.get(kind.api(kind.number, kind.code)).status == .ok)
                }
                let unknown = SecurityGuessingTests.adjacent(kind.number, by: 9_000)
                for attempt in 1...5 {
                    let page = try await anyone.get("\(kind.page)?number=\(kind.number)&code=\(Self.wrongCode)")
                    #expect(page.status == .notFound, "wrong code \(attempt) on \(kind.page) → \(page.status.code)")
                    #expect(try await anyone.get(kind.api(unknown, Self.wrongCode)).status == .notFound)
                    test.clock.advance(by: 1)
                }
                // Locked now, for the real number even with its right code, and alike for the unknown one.
                for (number, code) in [(kind.number, kind.code), (kind.number, Self.wrongCode), (unknown, Self.wrongCode)] {
                    let api = try await anyone.get(kind.api(number, code))
                    #expect(api.status == .tooManyRequests, "\(kind.api(number, code)) → \(api.status.code)")
                    let wait = try #require(api.headers.first(name: .retryAfter).flatMap(Int.init), "Retry-After on \(kind.api(number, code))")
                    #expect(wait > 0 && wait <= Int(SignInThrottleRule.perTrackingNumber.lockout))
                    let body = try JSONDecoder().decode([String: [String: String]].self, from: Data(api.text.utf8))
                    #expect(body["error"]?["code"] == "throttled")
                    #expect(victim.leaks(in: api.text).isEmpty)
                    let page = try await anyone.get("\(kind.page)?number=\(number)&code=\(code)")
                    #expect(page.status == .tooManyRequests && page.headers.first(name: .retryAfter) != nil, "\(kind.page) \(number) → \(page.status.code)")
                    #expect(page.text.contains(Strings.text("error_429_heading", .zhHans)))
                }
                // The real and the unknown number's refusals read alike, so the lock does not tell which exists.
                let real = try await anyone.get(kind.api(kind.number, Self.wrongCode))
                let none = try await anyone.get(kind.api(unknown, Self.wrongCode))
                let realBody = try JSONDecoder().decode([String: [String: String]].self, from: Data(real.text.utf8))
                let noneBody = try JSONDecoder().decode([String: [String: String]].self, from: Data(none.text.utf8))
                #expect(real.status == none.status && realBody == noneBody && real.headers.first(name: .retryAfter) == none.headers.first(name: .retryAfter))
                // English too.
                let english = try await anyone.get(kind.api(kind.number, kind.code), headers: ["Accept-Language": "en"])
                #expect(english.status == .tooManyRequests && english.text.contains("Too many wrong query codes"))

                test.clock.advance(by: SignInThrottleRule.perTrackingNumber.lockout + 1)
                #expect(try await anyone.get(kind.api(kind.number, kind.code)).status == .ok, "\(kind.page) opens again after the lock")
            }

            // Thirty wrong codes from one address, each for another number, lock that address out of every kind.
            test.clock.advance(by: SignInThrottleRule.perAddressLookups.window + 1)
            for index in 1...SignInThrottleRule.perAddressLookups.maxFailures {
                let number = victim.caseTrackingNumber.dropLast(4) + String(5000 + index)
                #expect(try await anyone.get("/api/v1/track?number=\(number)&code=\(Self.wrongCode)").status == .notFound)
            }
            let locked = try await anyone.get("/api/v1/hotline/tickets/\(victim.ticketNumber)?code=\(victim.ticketQueryCode)")
            #expect(locked.status == .tooManyRequests && locked.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("signing in as nobody runs a bcrypt check as long as a real one; a disabled account's too")
    func unknownAccountCostsTheSame() async throws {
        let hasher = CountingHasher()
        try await withTestApp(hasher: hasher) { test in
            let browser = TestBrowser(test.app)
            try await browser.get("/signin")
            let before = hasher.verifications
            let unknown = try await browser.post("/signin", form: [("username", "no-such-person"), ("password", "Whatever-2026")])
            #expect(unknown.status == .unauthorized)
            #expect(hasher.verifications == before + 1, "no bcrypt check for an unknown name: its answer comes faster")
            let wrong = try await browser.post("/signin", form: [("username", "clerk"), ("password", "Whatever-2026")])
            #expect(wrong.status == .unauthorized && wrong.text == unknown.text.replacingOccurrences(of: "no-such-person", with: "clerk"))
            #expect(hasher.verifications == before + 2)
        }
    }

    @Test("five failures through the ID number lock the account under its user name too; a password change is throttled alike")
    func lockOutWhicheverIdentifier() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.get("/signin")
            for attempt in 1...SignInThrottleRule.perAccount.maxFailures {
                let typed = attempt.isMultiple(of: 2) ? DemoCity.demoResidentID.lowercased() : DemoCity.demoResidentID
                #expect(try await browser.post("/signin", form: [("username", typed), ("password", "Wrong-pass-\(attempt)")]).status == .unauthorized)
            }
            // Another browser (another cookie jar), the user name and the right password: still locked.
            let other = TestBrowser(test.app)
            let byName = try await other.signIn("citizen", test.passwords["citizen"]!)
            #expect(byName.status == .tooManyRequests && byName.headers.first(name: .retryAfter) != nil)
            test.clock.advance(by: SignInThrottleRule.perAccount.lockout + 1)
            #expect(try await other.signIn("citizen", test.passwords["citizen"]!).status == .seeOther)

            // Wrong current passwords on the account page count against the same lock.
            let new = "Changed-pass-2026"
            for _ in 1...SignInThrottleRule.perAccount.maxFailures {
                let wrong = try await other.post("/account/password", form: [("currentPassword", "Not-it-2026"), ("newPassword", new), ("newPasswordConfirmation", new)])
                #expect(wrong.status == .badRequest)
            }
            let right = try await other.post("/account/password", form: [("currentPassword", test.passwords["citizen"]!), ("newPassword", new), ("newPasswordConfirmation", new)])
            #expect(right.status == .tooManyRequests && right.headers.first(name: .retryAfter) != nil)
            #expect(try await TestBrowser(test.app).signIn("citizen", test.passwords["citizen"]!).status == .tooManyRequests)
            test.clock.advance(by: SignInThrottleRule.perAccount.lockout + 1)
            let later = try await other.post("/account/password", form: [("currentPassword", test.passwords["citizen"]!), ("newPassword", new), ("newPasswordConfirmation", new)])
            #expect(later.status == .seeOther)
        }
    }

    @Test("registering with a 身份证号 or user name already in use answers as a new registration does, after the same bcrypt work")
    func registrationDoesNotTell() async throws {
        let hasher = CountingHasher()
        try await withTestApp(hasher: hasher) { test in
            func register(_ username: String, _ residentID: String) async throws -> (BrowserResponse, BrowserResponse, Int) {
                let browser = TestBrowser(test.app)
                try await browser.get("/register")
                let before = hasher.hashes
                let posted = try await browser.post("/register", form: [
                    ("kind", "citizen"), ("username", username), ("displayName", "王芳"), ("residentID", residentID),
                    ("password", "Secret-pass-2026"), ("passwordConfirmation", "Secret-pass-2026"),
                ])
                let location = try #require(posted.headers.first(name: .location))
                var next = try await browser.get(location)
                // Each browser has its own CSRF token in the page's forms; nothing else may differ.
                next.body = ByteBuffer(string: next.text.replacingOccurrences(of: browser.cookie("govhall_csrf") ?? "-", with: "…"))
                return (posted, next, hasher.hashes - before)
            }
            let fresh = try await register("wangfang", "11010519491231002X")
            let takenID = try await register("wangfang2", DemoCity.demoResidentID)
            let takenName = try await register("citizen", "110105198001010016")
            for (label, taken) in [("ID number", takenID), ("user name", takenName)] {
                #expect(taken.0.status == fresh.0.status, "a taken \(label) answers \(taken.0.status.code), a new one \(fresh.0.status.code)")
                #expect(taken.0.headers.first(name: .location) == fresh.0.headers.first(name: .location))
                #expect(taken.0.body.readableBytes == fresh.0.body.readableBytes)
                #expect(taken.1.status == fresh.1.status && taken.1.text == fresh.1.text, "the page after registering differs for a taken \(label)")
                #expect(taken.2 == fresh.2 && fresh.2 >= 1, "bcrypt runs \(taken.2)× for a taken \(label), \(fresh.2)× for a new one")
            }
            #expect(try await Account.query(on: test.app.db).filter(\.$username == "wangfang2").count() == 0)
        }
    }

    @Test("a session ends 12 hours after sign-in however busy it was")
    func absoluteSessionLifetime() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("citizen", test.passwords["citizen"]!)
            let limit = test.app.govhall.config.sessionAbsoluteLifetime
            #expect(limit == 12 * 3600)
            var used: TimeInterval = 0
            while used + 3600 < limit {
                test.clock.advance(by: 3600)
                used += 3600
                #expect(try await browser.get("/my").status == .ok, "busy after \(Int(used / 3600)) h")
            }
            test.clock.advance(by: limit - used + 1)
            #expect(try await browser.get("/my").status == .seeOther)
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("an account's API tokens stop working when its password changes or it is disabled")
    func tokensEndWithThePassword() async throws {
        try await withTestApp { test in
            func issue(for username: String) async throws -> HTTPHeaders {
                let account = try #require(try await Account.query(on: test.app.db).filter(\.$username == username).first())
                let now = test.clock.now
                let issued = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                    try await IdentityStore.issueToken(name: "bot", scopes: ["cases:act"], unitID: nil, createdBy: account.id, now: now, expiresAt: nil, on: db)
                }
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: issued.secret)
                return headers
            }
            let api = TestBrowser(test.app)
            let clerkToken = try await issue(for: "clerk")
            #expect(try await api.get("/api/v1/me", headers: clerkToken).status == .ok)
            test.clock.advance(by: 60)
            let clerk = TestBrowser(test.app)
            try await clerk.signIn("clerk", test.passwords["clerk"]!)
            let new = "Changed-pass-2026"
            let changed = try await clerk.post("/account/password", form: [("currentPassword", test.passwords["clerk"]!), ("newPassword", new), ("newPasswordConfirmation", new)])
            #expect(changed.status == .seeOther)
            #expect(try await api.get("/api/v1/me", headers: clerkToken).status == .unauthorized)
            test.clock.advance(by: 60)
            #expect(try await api.get("/api/v1/me", headers: try await issue(for: "clerk")).status == .ok, "a token made after the change works")

            let reviewerToken = try await issue(for: "reviewer")
            #expect(try await api.get("/api/v1/me", headers: reviewerToken).status == .ok)
            let reviewer = try #require(try await Account.query(on: test.app.db).filter(\.$username == "reviewer").first())
            reviewer.isActive = false
            try await reviewer.update(on: test.app.db)
            #expect(try await api.get("/api/v1/me", headers: reviewerToken).status == .unauthorized)
        }
    }
}
