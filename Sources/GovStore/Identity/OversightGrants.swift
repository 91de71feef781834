import FluentKit
import Foundation
import GovCore

/// Role grants and tokens that watch the administrators (``SeparationOfDuties``): asked for by one administrator
/// through the web, in effect only once a second one approves, and every supervisor is told at each step.
public enum OversightGrants {
    public enum Kind: String, Sendable { case role, token }

    /// A grant awaiting its second approval, as an administrator's page lists it.
    public struct Pending: Sendable, Equatable {
        public var kind: Kind
        public var id: UUID
        /// The role and unit, or the token's name and scopes.
        public var what: String
        public var unitPath: String
        public var requestedBy: UUID?
        public var requesterName: String
        /// Who would hold the role (nil for a token).
        public var grantee: UUID?
        public var requestedAt: Date?
    }

    public enum Problem: Error, Equatable { case notFound, notPermitted }

    /// Every grant awaiting approval that `principal` may decide, oldest first.
    public static func pending(decidableBy principal: Principal, on database: any Database) async throws -> [Pending] {
        var result: [Pending] = []
        for assignment in try await RoleAssignment.query(on: database).filter(\.$awaitingApproval == true).with(\.$unit).with(\.$account).all() {
            result.append(try await pending(assignment, on: database))
        }
        for token in try await APIToken.query(on: database).filter(\.$awaitingApproval == true).filter(\.$revokedAt == nil).with(\.$unit).all() {
            result.append(try await pending(token, on: database))
        }
        return result
            .filter { SeparationOfDuties.mayApprove(requestedBy: $0.requestedBy, grantee: $0.grantee, unitPath: $0.unitPath, approver: principal) }
            .sorted { ($0.requestedAt ?? .distantPast) < ($1.requestedAt ?? .distantPast) }
    }

    /// Puts a waiting grant into effect, or withdraws it, by `approver`, who must not be the one who asked for it.
    public static func decide(
        _ kind: Kind, _ id: UUID, approve: Bool, by approver: Principal, actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        let item: Pending
        switch kind {
        case .role:
            guard let assignment = try await RoleAssignment.query(on: database).filter(\.$id == id).filter(\.$awaitingApproval == true)
                .with(\.$unit).with(\.$account).first()
            else { throw Problem.notFound }
            item = try await pending(assignment, on: database)
            guard SeparationOfDuties.mayApprove(requestedBy: item.requestedBy, grantee: item.grantee, unitPath: item.unitPath, approver: approver)
            else { throw Problem.notPermitted }
            if approve {
                assignment.awaitingApproval = false
                try await assignment.update(on: database)
            } else {
                try await assignment.delete(on: database)
            }
        case .token:
            guard let token = try await APIToken.query(on: database).filter(\.$id == id).filter(\.$awaitingApproval == true)
                .filter(\.$revokedAt == nil).with(\.$unit).first()
            else { throw Problem.notFound }
            item = try await pending(token, on: database)
            guard SeparationOfDuties.mayApprove(requestedBy: item.requestedBy, grantee: nil, unitPath: item.unitPath, approver: approver)
            else { throw Problem.notPermitted }
            if approve { token.awaitingApproval = false } else { token.revokedAt = now }
            try await token.update(on: database)
        }
        let event: SeparationOfDuties.Event = approve ? .approved : .declined
        try await AuditLog.append(
            AuditEvent(action: "\(kind.rawValue).grant.\(event.rawValue)", objectType: kind == .role ? "role_assignment" : "api_token",
                       objectID: id.uuidString.lowercased(), summary: "\(event.rawValue) \(item.what), asked for by \(item.requesterName)"),
            by: actor.within(item.unitPath), at: now, on: database)
        try await tellSupervisors(event, what: item.what, requester: item.requesterName, approver: approver.displayName,
                                  subjectType: kind == .role ? "role_assignment" : "api_token", subjectID: id, at: now, on: database)
    }

    /// Every active supervisor (whose own grant is in effect) is told.
    static func tellSupervisors(
        _ event: SeparationOfDuties.Event, what: String, requester: String, approver: String?, subjectType: String, subjectID: UUID,
        at now: Date, on database: any Database
    ) async throws {
        let supervisors = try await RoleAssignment.query(on: database)
            .filter(\.$role == .supervisor).filter(\.$awaitingApproval == false)
            .join(Account.self, on: \RoleAssignment.$account.$id == \Account.$id).filter(Account.self, \.$isActive == true)
            .all().map { $0.$account.id }
        let recipients = Array(Set(supervisors)).sorted { $0.uuidString < $1.uuidString }
        guard !recipients.isEmpty else { return }
        try await NotificationStore.send(
            to: recipients, topic: "oversight_grant",
            zh: SeparationOfDuties.notice(event, what: what, by: requester, approver: approver, in: .zhHans),
            en: SeparationOfDuties.notice(event, what: what, by: requester, approver: approver, in: .en),
            subjectType: subjectType, subjectID: subjectID, at: now, on: database)
    }

    private static func name(of accountID: UUID?, on database: any Database) async throws -> String {
        guard let accountID else { return "" }
        return try await Account.find(accountID, on: database)?.displayName ?? ""
    }

    private static func pending(_ assignment: RoleAssignment, on database: any Database) async throws -> Pending {
        let requester = try await name(of: assignment.requestedBy, on: database)
        return Pending(
            kind: .role, id: try assignment.requireID(),
            what: "\(assignment.role.title(in: .zhHans)) · \(assignment.unit.nameZh) → \(assignment.account.displayName)",
            unitPath: assignment.unit.path, requestedBy: assignment.requestedBy, requesterName: requester,
            grantee: assignment.$account.id, requestedAt: assignment.createdAt)
    }

    private static func pending(_ token: APIToken, on database: any Database) async throws -> Pending {
        let requester = try await name(of: token.$createdBy.id, on: database)
        return Pending(
            kind: .token, id: try token.requireID(), what: "\(token.name) (\(token.scopes))", unitPath: token.unit?.path ?? "/",
            requestedBy: token.$createdBy.id, requesterName: requester, grantee: nil, requestedAt: token.createdAt)
    }
}
