import Foundation

/// Who an account is: staff of a unit, a natural person (自然人) or a legal person (法人).
public enum AccountKind: String, Sendable, CaseIterable, Codable {
    case staff, citizen, enterprise
}

/// A role held on a unit. `unitPath` is the unit's materialised path (`/root/…/unit/`), so "is this unit
/// inside my scope" is a prefix test and needs no database.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var role: Role
    public var unitID: UUID?
    public var unitPath: String
    public var includesSubtree: Bool

    public init(role: Role, unitID: UUID?, unitPath: String, includesSubtree: Bool) {
        self.role = role
        self.unitID = unitID
        self.unitPath = unitPath
        self.includesSubtree = includesSubtree
    }

    /// Whether this grant reaches a unit with the given path.
    public func covers(unitPath target: String) -> Bool {
        includesSubtree ? target.hasPrefix(unitPath) : target == unitPath
    }
}

/// The signed-in party a request acts for: an account with its grants, or a machine client's token.
public struct Principal: Sendable, Hashable {
    public var accountID: UUID
    public var kind: AccountKind
    public var displayName: String
    public var grants: [RoleGrant]

    public init(accountID: UUID, kind: AccountKind, displayName: String, grants: [RoleGrant]) {
        self.accountID = accountID
        self.kind = kind
        self.displayName = displayName
        self.grants = grants
    }

    public var roles: Set<Role> { Set(grants.map(\.role)) }

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    public func grants(for role: Role) -> [RoleGrant] { grants.filter { $0.role == role } }

    /// Whether the principal holds one of `roles` anywhere.
    public func holdsAny(of roles: Set<Role>) -> Bool { grants.contains { roles.contains($0.role) } }

    /// Whether the principal holds one of `roles` over the unit at `unitPath`.
    public func holdsAny(of roles: Set<Role>, over unitPath: String) -> Bool {
        grants.contains { roles.contains($0.role) && $0.covers(unitPath: unitPath) }
    }

    /// Whether one of the grants of `role` reaches the unit at `unitPath`.
    public func has(_ role: Role, over unitPath: String) -> Bool {
        grants.contains { $0.role == role && $0.covers(unitPath: unitPath) }
    }
}
