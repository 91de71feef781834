import Foundation
@testable import GovCore
import Testing

/// Who may answer, challenge, withdraw and revoke in data sharing (issue 21, item 1): role × state × action, with a
/// unit outside the grant's reach.
@Suite("Sharing policy")
struct SharingPolicyTests {
    static let city = "/city/"
    static let market = "/city/market/"       // provides the resource
    static let transport = "/city/transport/" // asks for it
    static let bureau = "/city/data/"         // decides challenges
    static let housing = "/city/housing/"     // neither side

    static func person(_ role: Role, at unit: String, subtree: Bool = false) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    static func request(_ state: SharingRequestState) -> SharingRequestScope {
        SharingRequestScope(requesterUnitPath: transport, providerUnitPath: market, bureauUnitPath: state == .challenged ? bureau : nil, state: state)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var role: Role
        var unit: String
        var subtree = false
        var state: SharingRequestState
        var grantActive = false
        var action: SharingRequestAction
        var allowed: Bool
        var reads: Bool
        var testDescription: String { "\(role) at \(unit) · \(state) · \(action) → \(allowed ? "allowed" : "refused")" }
    }

    static let table: [Row] = [
        // The provider answers a pending request, not one already answered or under challenge.
        Row(role: .dataSteward, unit: market, state: .pending, action: .answer, allowed: true, reads: true),
        Row(role: .dataSteward, unit: market, state: .approved, action: .answer, allowed: false, reads: true),
        Row(role: .dataSteward, unit: market, state: .challenged, action: .answer, allowed: false, reads: true),
        Row(role: .dataSteward, unit: transport, state: .pending, action: .answer, allowed: false, reads: true),
        Row(role: .dataSteward, unit: housing, state: .pending, action: .answer, allowed: false, reads: false),
        Row(role: .dataSteward, unit: city, subtree: true, state: .pending, action: .answer, allowed: true, reads: true),
        Row(role: .dataSteward, unit: city, state: .pending, action: .answer, allowed: false, reads: false),
        // The bureau decides a challenge; the provider does not.
        Row(role: .dataSteward, unit: bureau, state: .challenged, action: .decideChallenge, allowed: true, reads: true),
        Row(role: .dataSteward, unit: bureau, state: .pending, action: .decideChallenge, allowed: false, reads: false),
        Row(role: .dataSteward, unit: market, state: .challenged, action: .decideChallenge, allowed: false, reads: true),
        // The requester withdraws while it is open.
        Row(role: .dataSteward, unit: transport, state: .pending, action: .withdraw, allowed: true, reads: true),
        Row(role: .dataSteward, unit: transport, state: .challenged, action: .withdraw, allowed: true, reads: true),
        Row(role: .dataSteward, unit: transport, state: .refused, action: .withdraw, allowed: false, reads: true),
        Row(role: .dataSteward, unit: market, state: .pending, action: .withdraw, allowed: false, reads: true),
        // The provider revokes a running grant.
        Row(role: .dataSteward, unit: market, state: .approved, grantActive: true, action: .revoke, allowed: true, reads: true),
        Row(role: .dataSteward, unit: market, state: .approved, grantActive: false, action: .revoke, allowed: false, reads: true),
        Row(role: .dataSteward, unit: transport, state: .approved, grantActive: true, action: .revoke, allowed: false, reads: true),
        // Supervisors read; other roles neither read nor act.
        Row(role: .supervisor, unit: market, state: .pending, action: .answer, allowed: false, reads: true),
        Row(role: .supervisor, unit: housing, state: .pending, action: .answer, allowed: false, reads: false),
        Row(role: .departmentHead, unit: market, state: .pending, action: .answer, allowed: false, reads: false),
        Row(role: .administrator, unit: city, subtree: true, state: .pending, action: .answer, allowed: false, reads: false),
    ]

    @Test(arguments: table)
    func request(row: Row) {
        let principal = Self.person(row.role, at: row.unit, subtree: row.subtree)
        let scope = Self.request(row.state)
        #expect(SharingPolicy.allowedActions(principal, on: scope, grantActive: row.grantActive).contains(row.action) == row.allowed)
        #expect(SharingPolicy.canRead(principal, scope) == row.reads)
    }

    @Test("stewards keep their own unit's resources and the registries they provide or the bureau keeps")
    func keeping() {
        let market = Self.person(.dataSteward, at: Self.market)
        #expect(SharingPolicy.isSteward(market) && !SharingPolicy.isSteward(Self.person(.reviewer, at: Self.market)) && !SharingPolicy.isSteward(nil))
        #expect(SharingPolicy.keeps(unitPath: Self.market, market))
        #expect(!SharingPolicy.keeps(unitPath: Self.transport, market))
        #expect(SharingPolicy.keepsRegistry(providerUnitPaths: [Self.market], bureauUnitPath: nil, market))
        #expect(!SharingPolicy.keepsRegistry(providerUnitPaths: [Self.transport], bureauUnitPath: Self.bureau, market))
        #expect(SharingPolicy.keepsRegistry(providerUnitPaths: [], bureauUnitPath: Self.bureau, Self.person(.dataSteward, at: Self.bureau)))
        #expect(SharingPolicy.allowedActions(nil, on: Self.request(.pending)).isEmpty)
    }

    @Test("a supervisor audits the exchange in their widest subtree; nobody else audits it")
    func exchangeAuditScope() {
        let two = Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [
            RoleGrant(role: .supervisor, unitID: nil, unitPath: "/city/market/", includesSubtree: true),
            RoleGrant(role: .supervisor, unitID: nil, unitPath: "/city/", includesSubtree: true),
        ])
        #expect(SharingPolicy.exchangeAuditScope(two) == "/city/")
        for role in Role.allCases where role != .supervisor {
            #expect(SharingPolicy.exchangeAuditScope(Self.person(role, at: "/city/", subtree: true)) == nil)
        }
        #expect(SharingPolicy.exchangeAuditScope(nil) == nil)
    }
}
