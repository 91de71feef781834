import Foundation
import Testing
@testable import GovCore

/// Who may have a case's query code renewed: its own applicant, no one else (issue 20, item 8).
@Suite struct CaseAccessTests {
    static let department = "/city/market/"
    static let centre = "/city/centre/"

    static func person(_ role: Role, over unit: String = "/", id: UUID = UUID()) -> Principal {
        Principal(accountID: id, kind: role == .applicant ? .citizen : .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: true)])
    }

    @Test func onlyTheApplicantRenewsTheQueryCode() {
        let owner = UUID()
        let scope = CaseScope(departmentPath: Self.department, intakePath: Self.centre, applicantAccountID: owner)
        #expect(CaseAccess.canRenewQueryCode(Self.person(.applicant, id: owner), scope))
        // Another applicant; staff who may see or act on the case; a supervisor over it; no one.
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.applicant), scope))
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.windowClerk, over: Self.centre), scope))
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.reviewer, over: Self.department), scope))
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.departmentHead, over: Self.department), scope))
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.supervisor, over: "/city/"), scope))
        #expect(!CaseAccess.canRenewQueryCode(nil, scope))
        // The owner's account, if it had lost its applicant role, no longer may.
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.reviewer, over: Self.department, id: owner), scope))
        // A window application with no account: nobody may.
        let window = CaseScope(departmentPath: Self.department, intakePath: Self.centre, applicantAccountID: nil)
        #expect(!CaseAccess.canRenewQueryCode(Self.person(.applicant, id: owner), window))
        #expect(CaseAccess.canView(Self.person(.windowClerk, over: Self.centre), window))
    }
}
