import Foundation
@testable import GovCore
import Testing

/// Who reads and acts on a 督办单 (issue 21, item 1): role × state × action, with a unit outside the grant's reach.
@Suite("Supervision policy")
struct SupervisionPolicyTests {
    static let city = "/city/"
    static let market = "/city/market/"
    static let transport = "/city/transport/"

    static func person(_ role: Role, at unit: String, subtree: Bool = false) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var role: Role
        var unit: String
        var subtree = false
        var state: SupervisionOrderState
        var action: SupervisionOrderActionKind
        var allowed: Bool
        var reads: Bool
        var testDescription: String { "\(role) at \(unit)\(subtree ? "…" : "") · \(state) · \(action) → \(allowed ? "allowed" : "refused")" }
    }

    /// Every row is an order issued to the market department.
    static let table: [Row] = [
        // The unit's head replies to an issued order, and only then.
        Row(role: .departmentHead, unit: market, state: .issued, action: .reply, allowed: true, reads: true),
        Row(role: .departmentHead, unit: market, state: .replied, action: .reply, allowed: false, reads: true),
        Row(role: .departmentHead, unit: market, state: .replied, action: .close, allowed: false, reads: true),
        Row(role: .departmentHead, unit: transport, state: .issued, action: .reply, allowed: false, reads: false),
        Row(role: .departmentHead, unit: city, subtree: true, state: .issued, action: .reply, allowed: true, reads: true),
        // Other staff of the unit read it but do not reply.
        Row(role: .reviewer, unit: market, state: .issued, action: .reply, allowed: false, reads: true),
        Row(role: .windowClerk, unit: market, state: .issued, action: .reply, allowed: false, reads: true),
        // The supervisor over the unit sends a reply back or closes the order; not before the reply, not after closing.
        Row(role: .supervisor, unit: city, subtree: true, state: .replied, action: .sendBack, allowed: true, reads: true),
        Row(role: .supervisor, unit: city, subtree: true, state: .replied, action: .close, allowed: true, reads: true),
        Row(role: .supervisor, unit: city, subtree: true, state: .issued, action: .close, allowed: false, reads: true),
        Row(role: .supervisor, unit: city, subtree: true, state: .closed, action: .sendBack, allowed: false, reads: true),
        Row(role: .supervisor, unit: city, subtree: true, state: .issued, action: .reply, allowed: false, reads: true),
        Row(role: .supervisor, unit: transport, state: .replied, action: .close, allowed: false, reads: false),
        Row(role: .supervisor, unit: city, state: .replied, action: .close, allowed: false, reads: false),
        // Nobody else.
        Row(role: .applicant, unit: market, state: .issued, action: .reply, allowed: false, reads: false),
        Row(role: .administrator, unit: city, subtree: true, state: .replied, action: .close, allowed: false, reads: false),
    ]

    @Test(arguments: table)
    func order(row: Row) {
        let principal = Self.person(row.role, at: row.unit, subtree: row.subtree)
        #expect(SupervisionPolicy.allowedOrderActions(principal, unitPath: Self.market, state: row.state).contains(row.action) == row.allowed)
        #expect(SupervisionPolicy.canViewOrder(unitPath: Self.market, principal) == row.reads)
    }

    @Test("issuing is the supervisor's over the unit; the kinds match the rules' actors and states")
    func issuingAndKinds() {
        #expect(SupervisionPolicy.canIssueOrder(to: Self.market, Self.person(.supervisor, at: Self.city, subtree: true)))
        #expect(!SupervisionPolicy.canIssueOrder(to: Self.market, Self.person(.supervisor, at: Self.transport)))
        #expect(!SupervisionPolicy.canIssueOrder(to: Self.market, Self.person(.departmentHead, at: Self.market)))
        #expect(!SupervisionPolicy.canIssueOrder(to: Self.market, nil))
        #expect(SupervisionPolicy.watchedPaths(Self.person(.supervisor, at: Self.city)) == [Self.city])
        #expect(SupervisionPolicy.watchedPaths(Self.person(.reviewer, at: Self.city)).isEmpty)
        let actions: [SupervisionOrderAction] = [.reply(text: "x"), .sendBack(reason: "x"), .close(outcome: .correction, text: "x", accountablePerson: nil, measure: nil)]
        for action in actions {
            let kind = SupervisionOrderActionKind(action)
            #expect(kind.actor == SupervisionOrderRules.permittedActor(for: action))
            #expect(kind.startStates == SupervisionOrderRules.startStates(for: action))
            #expect(kind.rawValue == action.name)
        }
    }
}
