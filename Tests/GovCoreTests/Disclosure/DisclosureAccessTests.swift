import Foundation
import Testing
@testable import GovCore

/// Issue 20, item 7: every workbench role of a unit read its requests with full personal data, and its drafts.
@Suite struct DisclosureAccessTests {
    static let city = "/city/"
    static let market = "/city/market/"
    static let other = "/city/transport/"

    static func person(_ role: Role, at unit: String, subtree: Bool = false) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    /// role → (reads the market's drafts, reads its requests, sees the requester's data in full)
    static let table: [(Role, Bool, Bool, Bool)] = [
        (.disclosureOfficer, true, true, true),
        (.secrecyReviewer, true, true, true),
        (.departmentHead, true, true, true),
        (.reviewer, true, false, false),       // department review of drafts is its work; requests are not
        (.windowClerk, false, false, false),
        (.dataSteward, false, false, false),
        (.hotlineOperator, false, false, false),
        (.administrator, false, false, false),
        (.applicant, false, false, false),
        (.supervisor, true, true, false),      // watches the work, with the requester masked
    ]

    @Test(arguments: table)
    func withinTheUnit(role: Role, drafts: Bool, requests: Bool, personalData: Bool) {
        let principal = Self.person(role, at: Self.market)
        #expect(DisclosureAccess.canReadItem(unitPath: Self.market, principal) == drafts)
        #expect(DisclosureAccess.canReadRequest(unitPath: Self.market, principal) == requests)
        #expect(DisclosureAccess.seesRequesterData(unitPath: Self.market, principal) == personalData)
        // Nothing of another department, whatever the role.
        #expect(!DisclosureAccess.canReadItem(unitPath: Self.other, principal))
        #expect(!DisclosureAccess.canReadRequest(unitPath: Self.other, principal))
        #expect(AccessPolicy.canEnter(.disclosureRequests, principal) == DisclosureAccess.requestRoles.contains(role))
        #expect(AccessPolicy.canEnter(.disclosureWork, principal) == DisclosureAccess.reviewRoles.contains(role))
    }

    @Test func aSubtreeGrantCoversTheUnitsBelow() {
        let secrecy = Self.person(.secrecyReviewer, at: Self.city, subtree: true)
        #expect(DisclosureAccess.seesRequesterData(unitPath: Self.market, secrecy) && DisclosureAccess.seesRequesterData(unitPath: Self.other, secrecy))
        #expect(!DisclosureAccess.seesRequesterData(unitPath: Self.market, Self.person(.secrecyReviewer, at: Self.city)))
        #expect(!DisclosureAccess.canReadRequest(unitPath: Self.market, nil))
    }
}
