import Foundation
@testable import GovCore
import Testing

/// Who reads and answers the follow-ups of bad ratings (issue 21, item 1): role × state × action.
@Suite("Evaluation policy")
struct EvaluationPolicyTests {
    static let market = "/city/market/"
    static let transport = "/city/transport/"

    static func person(_ role: Role, at unit: String, subtree: Bool = false) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    /// (role, grant, subtree, already followed up, may follow up the market's rating, opens the page)
    static let table: [(Role, String, Bool, Bool, Bool, Bool)] = [
        (.departmentHead, market, false, false, true, true),
        (.departmentHead, market, false, true, false, true),      // once only
        (.departmentHead, transport, false, false, false, true),  // another department's rating
        (.departmentHead, "/city/", true, false, true, true),
        (.departmentHead, "/city/", false, false, false, true),
        (.supervisor, market, false, false, false, true),         // watches, does not answer
        (.reviewer, market, false, false, false, false),
        (.hotlineOperator, market, false, false, false, false),
        (.applicant, market, false, false, false, false),
    ]

    @Test(arguments: table)
    func followUp(role: Role, unit: String, subtree: Bool, followedUp: Bool, may: Bool, reads: Bool) {
        let principal = Self.person(role, at: unit, subtree: subtree)
        #expect(EvaluationPolicy.canFollowUp(unitPath: Self.market, followedUp: followedUp, principal) == may)
        #expect(EvaluationPolicy.readsFollowUps(principal) == reads)
        #expect(!EvaluationPolicy.readsFollowUps(nil))
    }
}
