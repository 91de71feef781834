import Foundation
import Testing
@testable import GovCore

/// Issue 21, item 1: who drafts, edits, records requests and annual reports, by role × state × action, in the unit and
/// outside it. The stores and the pages both ask these functions.
@Suite struct DisclosurePolicyTableTests {
    static let market = "/city/market/"
    static let other = "/city/transport/"

    static func person(_ role: Role, at unit: String = market) -> Principal {
        Principal(accountID: UUID(), kind: role == .applicant ? .citizen : .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: false)])
    }

    static let draft = DisclosureStatus(publication: .unpublished, working: .draft)
    static let inReview = DisclosureStatus(publication: .unpublished, working: .departmentReview)
    static let published = DisclosureStatus(publication: .published, working: nil)

    /// role → (drafts and records paper requests, edits a draft, edits one under review, records the annual report, reads it,
    /// requests online)
    static let table: [(Role, Bool, Bool, Bool, Bool, Bool, Bool)] = [
        (.disclosureOfficer, true, true, false, true, true, false),
        (.departmentHead, false, false, false, true, true, false),
        (.secrecyReviewer, false, false, false, false, false, false),
        (.reviewer, false, false, false, false, false, false),
        (.supervisor, false, false, false, false, true, false),
        (.windowClerk, false, false, false, false, false, false),
        (.administrator, false, false, false, false, false, false),
        (.applicant, false, false, false, false, false, true),
    ]

    @Test(arguments: table)
    func inTheUnit(role: Role, drafts: Bool, editsDraft: Bool, editsInReview: Bool, recordsReport: Bool, readsReport: Bool, online: Bool) {
        let principal = Self.person(role)
        #expect(DisclosureAccess.drafts(principal) == drafts)
        #expect(DisclosureAccess.draftsFor(unitPath: Self.market, principal) == drafts)
        #expect(DisclosureAccess.canEditDraft(Self.draft, unitPath: Self.market, principal) == editsDraft)
        #expect(DisclosureAccess.canEditDraft(Self.inReview, unitPath: Self.market, principal) == editsInReview)
        #expect(!DisclosureAccess.canEditDraft(Self.published, unitPath: Self.market, principal))
        #expect(DisclosureAccess.canRecordAnnualReport(unitPath: Self.market, principal) == recordsReport)
        #expect(DisclosureAccess.readsAnnualReport(unitPath: Self.market, principal) == readsReport)
        #expect(DisclosureAccess.requestsOnline(principal) == online)
    }

    @Test(arguments: table.map(\.0))
    func nothingInAnotherUnit(role: Role) {
        let principal = Self.person(role)
        #expect(!DisclosureAccess.draftsFor(unitPath: Self.other, principal))
        #expect(!DisclosureAccess.canEditDraft(Self.draft, unitPath: Self.other, principal))
        #expect(!DisclosureAccess.canRecordAnnualReport(unitPath: Self.other, principal))
        #expect(!DisclosureAccess.readsAnnualReport(unitPath: Self.other, principal))
    }

    @Test func theReportIsRecordedUnderTheOfficersRoleWhenTheyHoldIt() {
        #expect(DisclosureAccess.annualReportRole(unitPath: Self.market, Self.person(.disclosureOfficer)) == .disclosureOfficer)
        #expect(DisclosureAccess.annualReportRole(unitPath: Self.market, Self.person(.departmentHead)) == .departmentHead)
        #expect(DisclosureAccess.roles(over: Self.market, Self.person(.secrecyReviewer)) == [.secrecyReviewer])
        #expect(DisclosureAccess.roles(over: Self.other, Self.person(.secrecyReviewer)).isEmpty)
        #expect(!DisclosureAccess.drafts(nil) && !DisclosureAccess.requestsOnline(nil))
    }
}
