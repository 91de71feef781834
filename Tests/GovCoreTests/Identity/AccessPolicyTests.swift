import Foundation
import GovCore
import Testing

@Suite("Access policy and identity rules")
struct AccessPolicyTests {
    static let city = "/c/"
    static let district = "/c/d/"

    static func person(_ grants: [RoleGrant], id: UUID = UUID()) -> Principal {
        Principal(accountID: id, kind: .staff, displayName: "x", grants: grants)
    }

    @Test("each area admits exactly its roles", arguments: Role.allCases)
    func areas(role: Role) {
        let principal = Self.person([RoleGrant(role: role, unitID: nil, unitPath: Self.city, includesSubtree: true)])
        #expect(AccessPolicy.canEnter(.portal, principal))
        #expect(AccessPolicy.canEnter(.applicantSpace, principal) == (role == .applicant))
        #expect(AccessPolicy.canEnter(.workbench, principal) == Role.workbenchRoles.contains(role))
        #expect(AccessPolicy.canEnter(.supervision, principal) == (role == .supervisor))
        #expect(AccessPolicy.canEnter(.audit, principal) == (role == .supervisor))
        #expect(AccessPolicy.canEnter(.admin, principal) == (role == .administrator))
    }

    @Test("strangers enter only the portal")
    func strangers() {
        for area in Area.allCases { #expect(AccessPolicy.canEnter(area, nil) == (area == .portal)) }
    }

    @Test("grants reach their unit, and their subtree only when they say so")
    func scopes() {
        let subtree = Self.person([RoleGrant(role: .administrator, unitID: nil, unitPath: Self.city, includesSubtree: true)])
        let unitOnly = Self.person([RoleGrant(role: .administrator, unitID: nil, unitPath: Self.city, includesSubtree: false)])
        #expect(AccessPolicy.canAdminister(unitPath: Self.district, subtree))
        #expect(!AccessPolicy.canAdminister(unitPath: Self.district, unitOnly))
        #expect(AccessPolicy.canAdminister(unitPath: Self.city, unitOnly))
        #expect(!AccessPolicy.canAdminister(unitPath: "/other/", subtree))
        // A path that merely starts with the same letters is not inside.
        let narrow = Self.person([RoleGrant(role: .administrator, unitID: nil, unitPath: "/c/d/", includesSubtree: true)])
        #expect(!AccessPolicy.canAdminister(unitPath: "/c/dx/", narrow))
    }

    @Test("unitless audit entries only for supervisors of a top-level unit")
    func audit() {
        let top = Self.person([RoleGrant(role: .supervisor, unitID: nil, unitPath: Self.city, includesSubtree: true)])
        let districtOnly = Self.person([RoleGrant(role: .supervisor, unitID: nil, unitPath: Self.district, includesSubtree: true)])
        #expect(AccessPolicy.canReadAudit(unitPath: nil, top))
        #expect(!AccessPolicy.canReadAudit(unitPath: nil, districtOnly))
        #expect(AccessPolicy.canReadAudit(unitPath: "/c/d/e/", districtOnly))
        #expect(!AccessPolicy.canReadAudit(unitPath: "/c/x/", districtOnly))
    }

    @Test("full identifiers: the person and entitled staff only")
    func identifiers() {
        let id = UUID()
        #expect(AccessPolicy.canSeeFullIdentifiers(of: id, viewer: Self.person([], id: id)))
        #expect(AccessPolicy.canSeeFullIdentifiers(of: id, viewer: Self.person([RoleGrant(role: .windowClerk, unitID: nil, unitPath: "/c/", includesSubtree: false)])))
        #expect(!AccessPolicy.canSeeFullIdentifiers(of: id, viewer: Self.person([RoleGrant(role: .supervisor, unitID: nil, unitPath: "/c/", includesSubtree: true)])))
        #expect(!AccessPolicy.canSeeFullIdentifiers(of: id, viewer: nil))
    }

    @Test("organisation units nest as regions, departments, centres and windows do")
    func nesting() throws {
        try OrganisationRules.validatePlacement(kind: .region, level: .city, parentKind: nil, parentLevel: nil)
        try OrganisationRules.validatePlacement(kind: .region, level: .county, parentKind: .region, parentLevel: .city)
        try OrganisationRules.validatePlacement(kind: .window, level: nil, parentKind: .serviceCentre, parentLevel: nil)
        #expect(throws: OrganisationError.levelNotBelowParent) { try OrganisationRules.validatePlacement(kind: .region, level: .city, parentKind: .region, parentLevel: .county) }
        #expect(throws: OrganisationError.cannotNest(child: .department, parent: .window)) { try OrganisationRules.validatePlacement(kind: .department, level: nil, parentKind: .window, parentLevel: nil) }
        #expect(throws: OrganisationError.needsParent) { try OrganisationRules.validatePlacement(kind: .department, level: nil, parentKind: nil, parentLevel: nil) }
        #expect(throws: OrganisationError.regionNeedsLevel) { try OrganisationRules.validatePlacement(kind: .region, level: nil, parentKind: nil, parentLevel: nil) }
    }

    @Test("passwords: length, letters and digits, not the user name")
    func passwords() throws {
        try PasswordPolicy.validate("Harbour-2026-lights", username: "clerk")
        #expect(throws: PasswordError.tooShort(10)) { try PasswordPolicy.validate("abc123", username: "x") }
        #expect(throws: PasswordError.needsLettersAndDigits) { try PasswordPolicy.validate("onlylettersherе", username: "x") }
        #expect(throws: PasswordError.containsUsername) { try PasswordPolicy.validate("clerk-2026-pass", username: "Clerk") }
    }

    @Test("account applications: every field problem is reported together")
    func applications() throws {
        let today = CivilDate("2026-11-20")!
        do {
            _ = try AccountRules.validate(AccountApplication(kind: .citizen, username: "a b", displayName: " ", password: "short", passwordConfirmation: "other", residentID: "110105194912310021"), today: today)
            Issue.record("expected field errors")
        } catch {
            #expect(Set(error.messages(in: .zhHans).keys) == ["username", "displayName", "password", "residentID"])
        }
        let valid = try AccountRules.validate(AccountApplication(kind: .enterprise, username: "acme", displayName: "某某公司", password: "Factory-2026-ok", passwordConfirmation: "Factory-2026-ok", creditCode: "91350100m000100y43"), today: today)
        #expect(valid.creditCode?.value == "91350100M000100Y43")
    }

    @Test("sign-in throttling locks after the limit and forgets after the window")
    func throttle() {
        let rule = SignInThrottleRule(maxFailures: 3, window: 60, lockout: 300)
        let t0 = Date(timeIntervalSince1970: 0)
        var state = rule.recordingFailure(nil, now: t0)
        state = rule.recordingFailure(state, now: t0.addingTimeInterval(10))
        #expect(rule.lockedUntil(state, now: t0.addingTimeInterval(10)) == nil)
        state = rule.recordingFailure(state, now: t0.addingTimeInterval(20))
        #expect(rule.lockedUntil(state, now: t0.addingTimeInterval(20)) == t0.addingTimeInterval(320))
        #expect(rule.lockedUntil(state, now: t0.addingTimeInterval(321)) == nil)
        // Failures spread wider than the window never lock.
        var slow: SignInThrottleRule.State?
        for minute in 0..<10 { slow = rule.recordingFailure(slow, now: t0.addingTimeInterval(Double(minute) * 61)) }
        #expect(rule.lockedUntil(slow, now: t0.addingTimeInterval(600)) == nil)
    }

    @Test("the audit log is read in the supervisor's grants' subtrees only")
    func auditScopePaths() {
        let supervisor = Self.person([
            RoleGrant(role: .supervisor, unitID: nil, unitPath: "/city/market/", includesSubtree: true),
            RoleGrant(role: .administrator, unitID: nil, unitPath: "/city/", includesSubtree: true),
        ])
        #expect(AccessPolicy.auditScopePaths(supervisor) == ["/city/market/"])
        #expect(AccessPolicy.auditScopePaths(Self.person([RoleGrant(role: .administrator, unitID: nil, unitPath: "/city/", includesSubtree: true)])).isEmpty)
        #expect(AccessPolicy.auditScopePaths(nil).isEmpty)
    }
}
