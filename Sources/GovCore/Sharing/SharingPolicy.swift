import Foundation

/// Where a sharing request sits: the unit that asked, the unit that provides the resource, the data management bureau
/// when a not-shared classification is challenged, and its state.
public struct SharingRequestScope: Sendable, Equatable {
    public var requesterUnitPath: String
    public var providerUnitPath: String
    public var bureauUnitPath: String?
    public var state: SharingRequestState

    public init(requesterUnitPath: String, providerUnitPath: String, bureauUnitPath: String? = nil, state: SharingRequestState) {
        self.requesterUnitPath = requesterUnitPath
        self.providerUnitPath = providerUnitPath
        self.bureauUnitPath = bureauUnitPath
        self.state = state
    }
}

/// What a steward does with a sharing request or the grant it led to.
public enum SharingRequestAction: String, CaseIterable, Sendable {
    /// The provider approves or refuses.
    case answer
    /// The bureau upholds the not-shared classification or reclassifies the resource.
    case decideChallenge
    /// The requester takes the request back while it is open.
    case withdraw
    /// The provider ends the grant before its expiry.
    case revoke
}

/// Who may see and do what in data sharing. Each unit's data steward (数据管理员) keeps its catalog entries, asks for
/// other units' data and answers for its own (《政务信息资源共享管理暂行办法》第十四条: the provider answers a request);
/// the data management bureau (数据管理机构) decides a challenge to a not-shared classification (第九条); supervisors
/// over either side read a request.
public enum SharingPolicy {
    /// The widest subtree a supervisor audits the exchange in (calls where either side is inside it); nil for anyone else.
    public static func exchangeAuditScope(_ principal: Principal?) -> String? {
        principal?.grants(for: .supervisor).min { $0.unitPath.count < $1.unitPath.count }?.unitPath
    }

    /// Whether `principal` is a data steward anywhere: the sharing workbench and API.
    public static func isSteward(_ principal: Principal?) -> Bool {
        principal?.has(.dataSteward) ?? false
    }

    /// Whether `principal` keeps the unit's sharing work: publishes and edits its resources, answers its requests.
    public static func keeps(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.dataSteward, over: unitPath) ?? false
    }

    /// The grant whose unit a steward acts for: their first data-steward grant.
    public static func stewardGrant(_ principal: Principal?) -> RoleGrant? {
        principal?.grants(for: .dataSteward).first
    }

    /// Whether `principal` keeps a base registry: a steward of a unit providing a resource it serves, or of the bureau.
    public static func keepsRegistry(providerUnitPaths: [String], bureauUnitPath: String?, _ principal: Principal?) -> Bool {
        (providerUnitPaths + [bureauUnitPath].compactMap { $0 }).contains { keeps(unitPath: $0, principal) }
    }

    /// Whether `principal` may read a request: stewards of its requester, provider or bureau, and supervisors over any.
    public static func canRead(_ principal: Principal?, _ request: SharingRequestScope) -> Bool {
        guard let principal else { return false }
        let paths = [request.providerUnitPath, request.requesterUnitPath] + [request.bureauUnitPath].compactMap { $0 }
        return paths.contains { principal.has(.dataSteward, over: $0) || principal.has(.supervisor, over: $0) }
    }

    /// What `principal` may do now with a request, `grantActive` saying whether the grant it led to is still running.
    public static func allowedActions(_ principal: Principal?, on request: SharingRequestScope, grantActive: Bool = false) -> Set<SharingRequestAction> {
        var actions: Set<SharingRequestAction> = []
        if request.state == .pending, keeps(unitPath: request.providerUnitPath, principal) { actions.insert(.answer) }
        if request.state == .challenged, let bureau = request.bureauUnitPath, keeps(unitPath: bureau, principal) { actions.insert(.decideChallenge) }
        if request.state.isOpen, keeps(unitPath: request.requesterUnitPath, principal) { actions.insert(.withdraw) }
        if grantActive, keeps(unitPath: request.providerUnitPath, principal) { actions.insert(.revoke) }
        return actions
    }
}
