import Foundation

/// Where a ticket sits, for deciding who may see and act on it: the department it is with, the unit that answered
/// it, the account that filed it, and its kind (a report's writer is protected).
public struct TicketScope: Sendable, Equatable {
    /// The department handling it; nil while the hotline has still to route it.
    public var unitPath: String?
    /// The unit that answered it (the hotline itself for an answer on the call), which keeps reading it.
    public var repliedUnitPath: String?
    /// The signed-in applicant who filed it, if one did.
    public var callerAccountID: UUID?
    public var kind: TicketKind

    public init(unitPath: String?, repliedUnitPath: String? = nil, callerAccountID: UUID? = nil, kind: TicketKind) {
        self.unitPath = unitPath
        self.repliedUnitPath = repliedUnitPath
        self.callerAccountID = callerAccountID
        self.kind = kind
    }
}

/// Who may see and do what with a ticket. ``TicketRules`` says what each part (the hotline, the department, the
/// caller) may do in each state; this says which parts a principal plays on a given ticket. The hotline centre's
/// operators (话务员) take every call and route it; the department it is sent to handles it (国办发〔2020〕53号,
/// 12345 热线 “接诉即办”); the caller follows their own ticket; supervisors watch.
public enum HotlinePolicy {
    /// The roles of a department that handle what the hotline sends it.
    public static let departmentRoles: Set<Role> = [.reviewer, .departmentHead]

    /// Whether `principal` works the hotline's own queues: recording calls, routing, extensions, call-backs, publishing.
    public static func isOperator(_ principal: Principal?) -> Bool {
        principal?.has(.hotlineOperator) ?? false
    }

    /// Whether `principal` may enter the hotline workbench: an operator, or department staff with tickets to handle.
    public static func worksTickets(_ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return isOperator(principal) || principal.holdsAny(of: departmentRoles)
    }

    /// Whether `principal` files tickets as their own and follows them in their space (/my): an applicant.
    public static func filesOwnTickets(_ principal: Principal?) -> Bool {
        principal?.has(.applicant) ?? false
    }

    /// The account a ticket filed by `principal` belongs to: theirs if they file as an applicant, else nobody's.
    public static func owningAccount(_ principal: Principal?) -> UUID? {
        filesOwnTickets(principal) ? principal?.accountID : nil
    }

    /// The parts `principal` plays on a ticket: the hotline's operator, staff of the department it is with, its caller.
    public static func actors(_ principal: Principal?, on scope: TicketScope) -> [TicketActor] {
        guard let principal else { return [] }
        var actors: [TicketActor] = []
        if isOperator(principal) { actors.append(.hotline) }
        if let path = scope.unitPath, covers(path, with: departmentRoles, principal) { actors.append(.department) }
        if let owner = scope.callerAccountID, owner == principal.accountID { actors.append(.caller) }
        return actors
    }

    /// Whether `principal` may read a ticket: its caller, the hotline, the department it is or was with, and supervisors
    /// over either.
    public static func canRead(_ principal: Principal?, _ scope: TicketScope) -> Bool {
        guard let principal else { return false }
        if !actors(principal, on: scope).isEmpty { return true }
        return [scope.unitPath, scope.repliedUnitPath].compactMap { $0 }.contains { path in
            covers(path, with: departmentRoles.union([.supervisor]), principal)
        }
    }

    /// Whether `principal` may open a ticket in their own space: an applicant who filed it.
    public static func canReadOwn(_ principal: Principal?, _ scope: TicketScope) -> Bool {
        filesOwnTickets(principal) && actors(principal, on: scope).contains(.caller)
    }

    /// What `principal` may do now with a ticket, in any of the `parts` they play on it (all by default; the staff
    /// page leaves out the caller's, which the caller takes in their own space).
    public static func allowedActions(
        _ principal: Principal?, on scope: TicketScope, facts: TicketFacts, as parts: Set<TicketActor> = [.hotline, .department, .caller]
    ) -> Set<TicketAction> {
        Set(actors(principal, on: scope).filter(parts.contains).flatMap { TicketRules.available(on: facts, to: $0) })
    }

    /// Whether the caller's name, number and e-mail are shown in full: to the hotline, and to the department handling
    /// it unless it is a report (a reporter, 举报人, is protected from the department reported on).
    public static func seesCallerInFull(_ principal: Principal?, on scope: TicketScope) -> Bool {
        let actors = actors(principal, on: scope)
        return actors.contains(.hotline) || (actors.contains(.department) && !scope.kind.isConfidential)
    }

    /// Whether `principal` may publish a ticket (with the writer's consent, after review): the hotline only.
    public static func canPublish(_ principal: Principal?) -> Bool { isOperator(principal) }

    /// The role an audit entry records for a staff member acting on a ticket: the hotline's if they hold it, else the
    /// department's.
    public static func actingRole(_ principal: Principal?) -> Role {
        if isOperator(principal) { return .hotlineOperator }
        return principal?.has(.reviewer) ?? false ? .reviewer : .departmentHead
    }

    /// The grants whose units' tickets fill `principal`'s department inbox.
    public static func inboxGrants(_ principal: Principal?) -> [RoleGrant] {
        principal?.grants.filter { departmentRoles.contains($0.role) } ?? []
    }

    private static func covers(_ unitPath: String, with roles: Set<Role>, _ principal: Principal) -> Bool {
        principal.grants.contains { roles.contains($0.role) && $0.covers(unitPath: unitPath) }
    }
}
