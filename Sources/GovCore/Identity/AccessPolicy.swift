import Foundation

/// The areas of the web shell. Which one a person may enter is decided here and only here.
public enum Area: String, Sendable, CaseIterable {
    case portal
    case applicantSpace = "applicant_space"
    case workbench
    /// The workbench's disclosure pages: drafts and their review (``DisclosureAccess``).
    case disclosureWork = "disclosure_work"
    /// The workbench's pages of requests for disclosure, which carry the requester's personal data (``DisclosureAccess``).
    case disclosureRequests = "disclosure_requests"
    case supervision
    case audit
    case admin
    /// The in-app inbox of supervision notices: every member of staff.
    case notifications
}

/// Authorisation for the foundation's areas: one policy, consulted by route guards and by navigation, so a
/// link is shown exactly when following it would be allowed.
public enum AccessPolicy {
    public static func canEnter(_ area: Area, _ principal: Principal?) -> Bool {
        switch area {
        case .portal:
            return true
        case .applicantSpace:
            return principal?.has(.applicant) ?? false
        case .workbench:
            return principal?.holdsAny(of: Role.workbenchRoles) ?? false
        case .disclosureWork:
            return DisclosureAccess.reviewsItems(principal)
        case .disclosureRequests:
            return DisclosureAccess.answersRequests(principal)
        case .supervision, .audit:
            // Supervision watches administrators too, so administrators do not read the audit log by right.
            return principal?.has(.supervisor) ?? false
        case .admin:
            return principal?.has(.administrator) ?? false
        case .notifications:
            return principal?.roles.contains { $0.isStaffRole } ?? false
        }
    }

    /// An administrator manages the units (and their accounts) inside the subtree of one of their grants.
    public static func canAdminister(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.administrator, over: unitPath) ?? false
    }

    /// Citizens and enterprises belong to no unit: only an administrator of a whole installation (a subtree
    /// grant on a top-level unit) manages their accounts.
    public static func canAdministerApplicantAccounts(_ principal: Principal?) -> Bool {
        principal?.grants(for: .administrator).contains { $0.includesSubtree && isTopLevel(unitPath: $0.unitPath) } ?? false
    }

    /// `/a/` is top level; `/a/b/` is not.
    public static func isTopLevel(unitPath: String) -> Bool { unitPath.split(separator: "/").count == 1 }

    /// A supervisor reads audit entries of units inside their scope; entries not tied to any unit (a citizen
    /// registering, the system seeding) only with a grant on a top-level unit.
    public static func canReadAudit(unitPath: String?, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        guard let unitPath else {
            return principal.grants(for: .supervisor).contains { $0.includesSubtree && isTopLevel(unitPath: $0.unitPath) }
        }
        return principal.has(.supervisor, over: unitPath)
    }

    /// The subtrees of the audit log a supervisor reads: their grants'.
    public static func auditScopePaths(_ principal: Principal?) -> [String] {
        principal?.grants(for: .supervisor).map(\.unitPath) ?? []
    }

    /// Full identity numbers are shown to the person themselves and to staff who handle their matters;
    /// everyone else sees them masked.
    public static func canSeeFullIdentifiers(of accountID: UUID, viewer: Principal?) -> Bool {
        guard let viewer else { return false }
        if viewer.accountID == accountID { return true }
        return viewer.has(.administrator) || viewer.has(.windowClerk)
    }
}
