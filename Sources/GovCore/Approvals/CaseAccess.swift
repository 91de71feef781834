import Foundation

/// Where a case sits in the organisation: the department that decides it and the service centre that
/// receives it, by materialised path, and the applicant's account if they applied online or have one.
public struct CaseScope: Sendable, Equatable {
    public var departmentPath: String
    public var intakePath: String
    public var applicantAccountID: UUID?

    public init(departmentPath: String, intakePath: String, applicantAccountID: UUID?) {
        self.departmentPath = departmentPath
        self.intakePath = intakePath
        self.applicantAccountID = applicantAccountID
    }
}

/// Where a joint application (并联审批) sits and how far it has gone: what its extension depends on.
public struct BundleScope: Sendable, Equatable {
    public var leadDepartmentPath: String
    public var extensionDays: Int
    public var isCompleted: Bool

    public init(leadDepartmentPath: String, extensionDays: Int, isCompleted: Bool) {
        self.leadDepartmentPath = leadDepartmentPath
        self.extensionDays = extensionDays
        self.isCompleted = isCompleted
    }
}

/// The approval hall's policy: who may see and act on a case, file, take applications at a window, edit matters
/// and extend a joint application. The state machine (``CaseRules``) says what a role may do; this says which
/// roles a person holds *for this case*: a department's staff for its own cases only, window clerks for the
/// cases their service centre receives (综合窗口, 一窗受理) or their own department's, applicants for their own.
/// Stores enforce these answers and pages show their buttons from them.
public enum CaseAccess {
    /// The actors `principal` may act as on a case in `scope`, most specific first.
    public static func actors(_ principal: Principal?, on scope: CaseScope) -> [CaseActor] {
        guard let principal else { return [] }
        var actors: [CaseActor] = []
        if principal.has(.departmentHead, over: scope.departmentPath) { actors.append(.staff(.departmentHead)) }
        if principal.has(.reviewer, over: scope.departmentPath) { actors.append(.staff(.reviewer)) }
        if isClerk(principal, for: scope) { actors.append(.staff(.windowClerk)) }
        if principal.has(.applicant), principal.accountID == scope.applicantAccountID { actors.append(.applicant) }
        return actors
    }

    /// A window clerk works at a window inside the receiving centre, or holds the role over the department.
    static func isClerk(_ principal: Principal, for scope: CaseScope) -> Bool {
        principal.grants(for: .windowClerk).contains {
            $0.unitPath.hasPrefix(scope.intakePath) || $0.covers(unitPath: scope.departmentPath)
        }
    }

    /// Whether `principal` may read the case: whoever may act on it, and supervisors over its department.
    public static func canView(_ principal: Principal?, _ scope: CaseScope) -> Bool {
        guard let principal else { return false }
        return !actors(principal, on: scope).isEmpty || principal.has(.supervisor, over: scope.departmentPath)
    }

    /// Whether `principal` sees the case's supervision flags (a late acceptance, a provisional limit…): staff who act
    /// on it and supervisors. They are the authority's own control, not an answer to the applicant.
    public static func seesSupervisionFlags(_ principal: Principal?, _ scope: CaseScope) -> Bool {
        guard let principal else { return false }
        return actors(principal, on: scope).contains { $0 != .applicant } || principal.has(.supervisor, over: scope.departmentPath)
    }

    /// Which printable copy of a case's certificate `principal` may open: the holder their own, staff who act on the
    /// case the workbench's; the public neither (they verify it by number and check code).
    public static func certificateCopy(_ principal: Principal?, _ scope: CaseScope, holderAccountID: UUID?) -> CertificateCopy? {
        guard let principal else { return nil }
        let held = actors(principal, on: scope)
        if held.contains(.applicant), holderAccountID == principal.accountID { return .holder }
        if held.contains(where: { $0 != .applicant }) { return .staff }
        return nil
    }

    /// Whether `principal` may have a new query code issued for the case: its own applicant only. Staff never hand
    /// out a code after filing (only its hash is stored); an applicant who lost it gets a new one on their case page.
    public static func canRenewQueryCode(_ principal: Principal?, _ scope: CaseScope) -> Bool {
        actors(principal, on: scope).contains(.applicant)
    }

    /// The actor to record for `kind`: the first the action permits that the person holds, preferring the
    /// current step's own role when completing a step.
    public static func actor(
        for kind: CaseActionKind, _ principal: Principal?, on scope: CaseScope, step: ReviewStep?
    ) -> CaseActor? {
        let held = actors(principal, on: scope)
        if kind == .completeStep, let step, held.contains(.staff(step.role)) { return .staff(step.role) }
        return CaseRules.permittedActors(for: kind).first { held.contains($0) }
    }

    /// Department staff (head or administrator over it) edit their own department's matters; administrators all
    /// within their scope.
    public static func canEditMatters(of departmentPath: String, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.has(.departmentHead, over: departmentPath) || principal.has(.administrator, over: departmentPath)
    }

    /// Whether `principal` edits some department's matters (the workbench's link to the matter editor).
    public static func editsAnyMatters(_ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.has(.departmentHead) || principal.has(.administrator)
    }

    /// The role an edit of a department's matters is recorded under: its head, or else the administrator over it.
    public static func matterEditorRole(of departmentPath: String, _ principal: Principal?) -> Role {
        principal?.has(.departmentHead, over: departmentPath) == true ? .departmentHead : .administrator
    }

    /// Window clerks receive applications on an applicant's behalf (窗口收件).
    public static func takesIntake(_ principal: Principal?) -> Bool { principal?.has(.windowClerk) ?? false }

    /// Only an applicant's own account files online, for itself.
    public static func filesOnline(_ principal: Principal?) -> Bool { principal?.has(.applicant) ?? false }

    /// Whether the case list is the applicant's own cases rather than a staff inbox: an applicant with no workbench role.
    public static func listsOwnCases(_ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.has(.applicant) && principal.roles.isDisjoint(with: Role.workbenchRoles)
    }

    /// The role a material added to a case is recorded under: the applicant's own, or the clerk's who received it.
    public static func materialRole(_ principal: Principal?) -> Role {
        principal?.has(.applicant) == true ? .applicant : .windowClerk
    }

    /// The role `kind` is recorded under: the first staff role the action permits that the person holds anywhere,
    /// or the applicant's own.
    public static func recordedRole(for kind: CaseActionKind, _ principal: Principal?) -> Role? {
        guard let principal else { return nil }
        return heldStaffRole(permittedFor: kind, principal) ?? (principal.has(.applicant) ? .applicant : nil)
    }

    /// Fees are recorded by staff who act on the case, until it is closed.
    public static func canRecordFee(_ principal: Principal?, on scope: CaseScope, state: CaseState) -> Bool {
        !state.isTerminal && actors(principal, on: scope).contains { $0 != .applicant }
    }

    /// The lead department's head answers for a joint application's extension (《行政许可法》第四十二条第二款).
    public static func headsBundle(_ principal: Principal?, _ bundle: BundleScope) -> Bool {
        principal?.has(.departmentHead, over: bundle.leadDepartmentPath) ?? false
    }

    /// The extension is offered once, before the joint application is complete; `BundleRules.checkExtension` says why
    /// a second one is refused.
    public static func canExtendBundle(_ principal: Principal?, _ bundle: BundleScope) -> Bool {
        bundle.extensionDays == 0 && !bundle.isCompleted && headsBundle(principal, bundle)
    }

    /// The states a staff inbox lists: those in which one of `principal`'s staff roles may act.
    public static func inboxStates(_ principal: Principal?) -> Set<CaseState> {
        guard let principal else { return [] }
        return CaseActionKind.allCases.filter { heldStaffRole(permittedFor: $0, principal) != nil }
            .reduce(into: []) { $0.formUnion(CaseRules.startStates(for: $1)) }
    }

    /// The units whose cases a staff inbox may list (each then checked with ``actors(_:on:)``).
    public static func inboxUnitPaths(_ principal: Principal?) -> [String] {
        principal?.grants.filter { Role.workbenchRoles.contains($0.role) }.map(\.unitPath) ?? []
    }

    /// The first staff role `kind` permits that `principal` holds anywhere.
    private static func heldStaffRole(permittedFor kind: CaseActionKind, _ principal: Principal) -> Role? {
        for case let .staff(role) in CaseRules.permittedActors(for: kind) where principal.has(role) { return role }
        return nil
    }
}

/// The two printable copies of a certificate: the holder's and the issuing side's.
public enum CertificateCopy: Sendable, Equatable {
    case holder, staff
}
