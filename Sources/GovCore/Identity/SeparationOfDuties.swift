import Foundation

/// Supervision and the audit log watch the administrators, so an administrator must not hand them to itself. The
/// system administrator and the security auditor are separate duties (三权分立, GB/T 22239-2019 《网络安全等级保护基本
/// 要求》 8.1.4.2: 应对系统管理员、审计管理员和安全管理员进行身份鉴别 … 分离): granting a role or a token that reads supervision
/// or the audit log takes effect only when a second administrator approves it, and every supervisor is told.
public enum SeparationOfDuties {
    /// Roles that watch the administrators.
    public static let oversightRoles: Set<Role> = [.supervisor]
    /// Token scopes that read what the supervisors read.
    public static let oversightScopes: Set<APIScope> = [.auditRead, .supervisionRead]

    public static func needsSecondApproval(_ role: Role) -> Bool { oversightRoles.contains(role) }

    public static func needsSecondApproval(scopes: some Sequence<APIScope>) -> Bool {
        scopes.contains { oversightScopes.contains($0) }
    }

    /// Whether `approver` may approve what `requestedBy` asked for on `unitPath`: an administrator over that unit, and
    /// never the one who asked (nor, for a role, the one who would receive it).
    public static func mayApprove(requestedBy: UUID?, grantee: UUID?, unitPath: String, approver: Principal?) -> Bool {
        guard let approver, AccessPolicy.canAdminister(unitPath: unitPath, approver) else { return false }
        return approver.accountID != requestedBy && approver.accountID != grantee
    }

    /// What every supervisor is told when such a grant is asked for or takes effect.
    public static func notice(_ event: Event, what: String, by requester: String, approver: String?, in language: Language) -> (title: String, body: String) {
        switch (event, language) {
        case (.requested, .zhHans):
            ("监督权限待审批：\(what)", "管理员\(requester)申请授予“\(what)”。须经另一名管理员批准后生效。")
        case (.requested, .en):
            ("Oversight access awaiting approval: \(what)", "Administrator \(requester) asked to grant “\(what)”. It takes effect only when another administrator approves it.")
        case (.approved, .zhHans):
            ("监督权限已生效：\(what)", "管理员\(requester)申请的“\(what)”已由管理员\(approver ?? "")批准，现已生效。")
        case (.approved, .en):
            ("Oversight access granted: \(what)", "“\(what)”, asked for by administrator \(requester), was approved by administrator \(approver ?? "") and is now in effect.")
        case (.declined, .zhHans):
            ("监督权限申请未获批准：\(what)", "管理员\(requester)申请的“\(what)”未获管理员\(approver ?? "")批准，未生效。")
        case (.declined, .en):
            ("Oversight access declined: \(what)", "“\(what)”, asked for by administrator \(requester), was declined by administrator \(approver ?? "") and never took effect.")
        }
    }

    public enum Event: String, Sendable { case requested, approved, declined }
}
