import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Identity store")
struct IdentityStoreTests {
    @Test("sessions are stored hashed, slide, and expire")
    func sessions() async throws {
        try await withStoreTest { test in
            let db = test.db
            let account = try #require(try await Account.query(on: db).filter(\.$username == "clerk").first())
            let secret = try await IdentityStore.startSession(
                accountID: account.id!, now: test.clock.now, lifetime: 3600, clientAddress: "127.0.0.1", userAgent: "t", on: db
            )
            // The secret itself is not stored.
            #expect(try await UserSession.query(on: db).filter(\.$tokenHash == secret).count() == 0)
            #expect(try await IdentityStore.session(token: secret, now: test.clock.now, lifetime: 3600, on: db) != nil)
            #expect(try await IdentityStore.session(token: secret + "x", now: test.clock.now, lifetime: 3600, on: db) == nil)

            // Used after 50 minutes, it slides; unused for over an hour after that, it expires.
            let later = test.clock.now.addingTimeInterval(50 * 60)
            #expect(try await IdentityStore.session(token: secret, now: later, lifetime: 3600, on: db) != nil)
            #expect(try await IdentityStore.session(token: secret, now: later.addingTimeInterval(3599), lifetime: 3600, on: db) != nil)
            #expect(try await IdentityStore.session(token: secret, now: later.addingTimeInterval(3599 + 3601), lifetime: 3600, on: db) == nil)
        }
    }

    @Test("tokens: hashed, revocable, expiring")
    func tokens() async throws {
        try await withStoreTest { test in
            let db = test.db
            let now = test.clock.now
            let issued = try await IdentityStore.issueToken(name: "t", scopes: ["org:read"], unitID: nil, createdBy: nil, now: now, expiresAt: now.addingTimeInterval(60), on: db)
            #expect(issued.secret.hasPrefix("ght_"))
            #expect(issued.record.tokenHash != issued.secret)
            #expect(try await IdentityStore.activeToken(secret: issued.secret, now: now, on: db)?.scopeList == ["org:read"])
            #expect(try await IdentityStore.activeToken(secret: issued.secret, now: now.addingTimeInterval(61), on: db) == nil)
            issued.record.revokedAt = now
            try await issued.record.update(on: db)
            #expect(try await IdentityStore.activeToken(secret: issued.secret, now: now, on: db) == nil)
        }
    }

    @Test("five failures lock a name for fifteen minutes")
    func throttle() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let db = test.db
            let now = test.clock.now
            for _ in 0..<4 { try await IdentityStore.recordFailedSignIn(key: "name:x", rule: .perAccount, now: now, on: db) }
            #expect(try await IdentityStore.lockedUntil(key: "name:x", rule: .perAccount, now: now, on: db) == nil)
            try await IdentityStore.recordFailedSignIn(key: "name:x", rule: .perAccount, now: now, on: db)
            #expect(try await IdentityStore.lockedUntil(key: "name:x", rule: .perAccount, now: now, on: db) == now.addingTimeInterval(900))
            #expect(try await IdentityStore.lockedUntil(key: "name:x", rule: .perAccount, now: now.addingTimeInterval(901), on: db) == nil)
            #expect(try await IdentityStore.lockedUntil(key: "name:y", rule: .perAccount, now: now, on: db) == nil)
        }
    }

    @Test("the demo city has the organisation and one account per role, each with a valid identifier where it has one")
    func demoCity() async throws {
        try await withStoreTest { test in
            let db = test.db
            let units = try await OrganisationStore.tree(on: db)
            #expect(units.filter { $0.kind == .department }.count >= 8)
            #expect(units.filter { $0.regionLevel == .county }.count >= 3)
            #expect(units.contains { $0.kind == .serviceCentre })
            #expect(units.filter { $0.kind == .window }.count >= 4)
            #expect(units.contains { $0.nameZh == "示范市市场监督管理局" })
            for department in units where department.kind == .department && department.code.count == 18 {
                #expect(throws: Never.self) { try UnifiedSocialCreditCode(department.code) }
            }
            let roles = Set(try await RoleAssignment.query(on: db).all().map(\.role))
            #expect(roles == Set(Role.allCases))
            #expect(test.passwords.count == 13)
            #expect(Set(test.passwords.values).count == 13)
            let citizen = try #require(try await Account.query(on: db).filter(\.$username == "citizen").first())
            #expect(throws: Never.self) { try ResidentIdentityNumber(citizen.residentID ?? "") }
            // Passwords are stored only as hashes, made by the installation's hasher (bcrypt on a server: SignInTests).
            let password = try #require(test.passwords["citizen"])
            #expect(citizen.passwordHash != password && !citizen.passwordHash.contains(password))
            #expect(try test.hasher.verify(password, against: citizen.passwordHash))
            #expect(try !test.hasher.verify(password + "x", against: citizen.passwordHash))
        }
    }
}
