import Foundation

/// Who sees and answers the follow-ups of bad ratings (差评整改). The department's head answers for the department
/// (国办发〔2019〕51号, 第三条第（三）项 “差评整改反馈”); supervisors over it watch the answers.
public enum EvaluationPolicy {
    /// The roles whose units' follow-ups a principal lists.
    public static let readingRoles: Set<Role> = [.departmentHead, .supervisor]

    /// Whether `principal` may open the follow-up page: a department head or a supervisor somewhere.
    public static func readsFollowUps(_ principal: Principal?) -> Bool {
        principal?.holdsAny(of: readingRoles) ?? false
    }

    /// The grants whose units' follow-ups `principal` lists.
    public static func listedGrants(_ principal: Principal?) -> [RoleGrant] {
        principal?.grants.filter { readingRoles.contains($0.role) } ?? []
    }

    /// Whether `principal` answers for the unit's bad ratings: its department head.
    public static func answersFor(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.departmentHead, over: unitPath) ?? false
    }

    /// Whether `principal` may record the follow-up now: the unit's head, once.
    public static func canFollowUp(unitPath: String, followedUp: Bool, _ principal: Principal?) -> Bool {
        !followedUp && answersFor(unitPath: unitPath, principal)
    }
}
