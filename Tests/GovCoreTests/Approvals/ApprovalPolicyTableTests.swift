import Foundation
import Testing
@testable import GovCore

/// Issue 21, item 1: the approval hall's policy beyond the state machine (which ``CaseRulesTableTests`` covers):
/// intake, filing, matters, fees and a joint application's extension, by role × state, in the unit and outside it.
@Suite struct ApprovalPolicyTableTests {
    static let department = "/city/market/"
    static let other = "/city/transport/"
    static let centre = "/city/centre/"

    static func person(_ role: Role, over unit: String, id: UUID = UUID()) -> Principal {
        Principal(accountID: id, kind: role == .applicant ? .citizen : .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: true)])
    }

    /// role (granted over the department) → (takes intake, files online, edits matters, lists only own cases, records fees on an
    /// open case, heads the bundle)
    static let table: [(Role, Bool, Bool, Bool, Bool, Bool, Bool)] = [
        (.windowClerk, true, false, false, false, true, false),
        (.reviewer, false, false, false, false, true, false),
        (.departmentHead, false, false, true, false, true, true),
        (.administrator, false, false, true, false, false, false),
        (.supervisor, false, false, false, false, false, false),
        (.disclosureOfficer, false, false, false, false, false, false),
        (.dataSteward, false, false, false, false, false, false),
        (.applicant, false, true, false, true, false, false),
    ]

    @Test(arguments: table)
    func overTheDepartment(role: Role, intake: Bool, online: Bool, matters: Bool, ownCases: Bool, fees: Bool, bundle: Bool) {
        let principal = Self.person(role, over: Self.department)
        let scope = CaseScope(departmentPath: Self.department, intakePath: Self.centre, applicantAccountID: nil)
        #expect(CaseAccess.takesIntake(principal) == intake)
        #expect(CaseAccess.filesOnline(principal) == online)
        #expect(CaseAccess.editsAnyMatters(principal) == matters)
        #expect(CaseAccess.canEditMatters(of: Self.department, principal) == matters)
        #expect(CaseAccess.listsOwnCases(principal) == ownCases)
        #expect(CaseAccess.canRecordFee(principal, on: scope, state: .inReview) == fees)
        let open = BundleScope(leadDepartmentPath: Self.department, extensionDays: 0, isCompleted: false)
        #expect(CaseAccess.canExtendBundle(principal, open) == bundle)
        // Another department's matters, fees and joint applications stay out of reach.
        let elsewhere = CaseScope(departmentPath: Self.other, intakePath: "/city/other-centre/", applicantAccountID: nil)
        #expect(!CaseAccess.canEditMatters(of: Self.other, principal))
        #expect(!CaseAccess.canRecordFee(principal, on: elsewhere, state: .inReview))
        #expect(!CaseAccess.canExtendBundle(principal, BundleScope(leadDepartmentPath: Self.other, extensionDays: 0, isCompleted: false)))
    }

    @Test(arguments: CaseState.allCases)
    func feesUntilTheCaseIsClosed(state: CaseState) {
        let scope = CaseScope(departmentPath: Self.department, intakePath: Self.centre, applicantAccountID: nil)
        #expect(CaseAccess.canRecordFee(Self.person(.reviewer, over: Self.department), on: scope, state: state) == !state.isTerminal)
    }

    @Test func aBundleIsExtendedOnceBeforeItIsComplete() {
        let head = Self.person(.departmentHead, over: Self.department)
        #expect(!CaseAccess.canExtendBundle(head, BundleScope(leadDepartmentPath: Self.department, extensionDays: 15, isCompleted: false)))
        #expect(!CaseAccess.canExtendBundle(head, BundleScope(leadDepartmentPath: Self.department, extensionDays: 0, isCompleted: true)))
        // The store still recognises the head, so a second extension is refused with its reason, not as forbidden.
        #expect(CaseAccess.headsBundle(head, BundleScope(leadDepartmentPath: Self.department, extensionDays: 15, isCompleted: false)))
    }

    @Test func theRoleAnEntryIsRecordedUnder() {
        let headAndAdmin = Principal(accountID: UUID(), kind: .staff, displayName: "x", grants: [
            RoleGrant(role: .departmentHead, unitID: nil, unitPath: Self.department, includesSubtree: false),
            RoleGrant(role: .administrator, unitID: nil, unitPath: "/city/", includesSubtree: true),
        ])
        #expect(CaseAccess.matterEditorRole(of: Self.department, headAndAdmin) == .departmentHead)
        #expect(CaseAccess.matterEditorRole(of: Self.other, headAndAdmin) == .administrator)
        #expect(CaseAccess.materialRole(Self.person(.applicant, over: "/city/")) == .applicant)
        #expect(CaseAccess.materialRole(Self.person(.windowClerk, over: Self.centre)) == .windowClerk)
        #expect(CaseAccess.recordedRole(for: .accept, Self.person(.windowClerk, over: Self.centre)) == .windowClerk)
        #expect(CaseAccess.recordedRole(for: .withdraw, Self.person(.applicant, over: "/city/")) == .applicant)
        #expect(CaseAccess.recordedRole(for: .accept, nil) == nil)
    }

    /// role → the states its inbox lists
    static let inboxes: [(Role, Set<CaseState>)] = [
        (.windowClerk, [.submitted]),
        (.reviewer, [.inReview]),
        (.applicant, []),
        (.supervisor, []),
    ]

    @Test(arguments: inboxes)
    func inboxesListWhereTheRoleActs(role: Role, states: Set<CaseState>) {
        let principal = Self.person(role, over: Self.department)
        #expect(CaseAccess.inboxStates(principal).isSuperset(of: states))
        #expect(CaseAccess.inboxStates(principal).isEmpty == states.isEmpty)
        #expect(CaseAccess.inboxUnitPaths(principal) == (Role.workbenchRoles.contains(role) ? [Self.department] : []))
        // No terminal state is ever an inbox's.
        #expect(CaseAccess.inboxStates(principal).allSatisfy { !$0.isTerminal })
    }
}
