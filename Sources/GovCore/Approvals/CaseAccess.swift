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

/// Who may see and act on a case. The state machine (``CaseRules``) says what a role may do; this says which
/// roles a person holds *for this case*: a department's staff for its own cases only, window clerks for the
/// cases their service centre receives (综合窗口, 一窗受理) or their own department's, applicants for their own.
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
}
