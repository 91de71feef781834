import FluentKit
import Foundation
import GovCore

/// Writes to accounts and roles; each write records itself in the audit log in the same transaction.
public enum AccountStore {
    /// Creates an account from an already validated application. A user name or identifier in use is reported
    /// against its field. The password is hashed first, whether or not the account can be made, so that the time taken
    /// does not tell a registrant that an identifier is taken.
    public static func create(
        _ application: ValidAccountApplication, unitID: UUID?, hasher: any PasswordHasher, by actor: AuditActor,
        now: Date, on database: any Database
    ) async throws -> Account {
        let passwordHash = try hasher.hash(application.password)
        var errors = FieldErrors()
        if try await Account.query(on: database).filter(\.$username == application.username).first() != nil {
            errors.add("username", FieldProblem.alreadyTaken)
        }
        if let id = application.residentID?.value,
           try await Account.query(on: database).filter(\.$residentID == id).first() != nil {
            errors.add("residentID", FieldProblem.alreadyTaken)
        }
        if let code = application.creditCode?.value,
           try await Account.query(on: database).filter(\.$creditCode == code).first() != nil {
            errors.add("creditCode", FieldProblem.alreadyTaken)
        }
        try errors.throwIfAny()

        let account = Account(
            kind: application.kind, username: application.username, displayName: application.displayName,
            passwordHash: passwordHash, residentID: application.residentID?.value,
            creditCode: application.creditCode?.value, phone: application.phone, unitID: unitID
        )
        account.passwordChangedAt = now
        try await account.create(on: database)
        let identifier = application.residentID?.masked ?? application.creditCode?.masked
        try await AuditLog.append(
            AuditEvent(
                action: "account.create", objectType: "account", objectID: try account.requireID().uuidString.lowercased(),
                summary: "created \(application.kind.rawValue) account \(application.username)" + (identifier.map { " (\($0))" } ?? "")
            ),
            by: actor, at: now, on: database
        )
        return account
    }

    /// Sets (or, with `nil`, removes) the address the e-mail notifier writes to.
    public static func setEmail(_ email: String?, of account: Account, by actor: AuditActor, now: Date, on database: any Database) async throws {
        if let email, !EmailAddress.isValid(email) { throw FieldErrors.single("email", FieldProblem.invalid) }
        account.email = email
        try await account.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "account.email", objectType: "account", objectID: try account.requireID().uuidString.lowercased(),
                       summary: email == nil ? "e-mail removed" : "e-mail set"),
            by: actor, at: now, on: database)
    }

    /// Accounts by user name with their grants, those whose name or display name contains `search` when it is given.
    public static func accounts(matching search: String, limit: Int, on database: any Database) async throws -> [Account] {
        let query = Account.query(on: database).with(\.$roles).sort(\.$username).limit(limit)
        if !search.isEmpty {
            query.group(.or) { $0.filter(\.$username ~~ search).filter(\.$displayName ~~ search) }
        }
        return try await query.all()
    }

    /// One account with its grants.
    public static func account(_ id: UUID, on database: any Database) async throws -> Account? {
        try await Account.query(on: database).filter(\.$id == id).with(\.$roles).first()
    }

    /// A citizen or enterprise registers: the account, and the applicant role over the whole installation.
    public static func register(
        _ valid: ValidAccountApplication, hasher: any PasswordHasher, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard let root = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).sort(\.$sortOrder).first() else {
            throw StoreError.notFound
        }
        let account = try await create(valid, unitID: nil, hasher: hasher, by: actor, now: now, on: database)
        try await grant(.applicant, to: account, on: root, includesSubtree: true, by: actor, now: now, on: database)
    }

    public static func grant(
        _ role: Role, to account: Account, on unit: OrganisationUnit, includesSubtree: Bool, by actor: AuditActor,
        now: Date, on database: any Database
    ) async throws {
        let accountID = try account.requireID()
        let unitID = try unit.requireID()
        // An administrator at the web giving a role that watches administrators asks a second one to approve it; the
        // operator at the command line and the seed (no account) hold the database itself and are not asked.
        let awaitingApproval = SeparationOfDuties.needsSecondApproval(role) && actor.accountID != nil
        let existing = try await RoleAssignment.query(on: database)
            .filter(\.$account.$id == accountID).filter(\.$role == role).filter(\.$unit.$id == unitID).first()
        let assignment: RoleAssignment
        if let existing {
            guard existing.includesSubtree != includesSubtree else { return }
            existing.includesSubtree = includesSubtree
            if awaitingApproval, !existing.awaitingApproval {
                existing.awaitingApproval = true
                existing.requestedBy = actor.accountID
            }
            try await existing.update(on: database)
            assignment = existing
        } else {
            assignment = RoleAssignment(
                accountID: accountID, role: role, unitID: unitID, includesSubtree: includesSubtree, awaitingApproval: awaitingApproval,
                requestedBy: awaitingApproval ? actor.accountID : nil)
            try await assignment.create(on: database)
        }
        try await AuditLog.append(
            AuditEvent(
                action: awaitingApproval ? "role.grant.requested" : "role.grant", objectType: "account", objectID: accountID.uuidString.lowercased(),
                summary: "\(awaitingApproval ? "asked to grant" : "granted") \(role.rawValue) on \(unit.nameZh)\(includesSubtree ? " and below" : "") to \(account.username)"
            ),
            by: actor, at: now, on: database
        )
        if awaitingApproval {
            try await OversightGrants.tellSupervisors(
                .requested, what: "\(role.title(in: .zhHans)) · \(unit.nameZh) → \(account.displayName)", requester: actor.name, approver: nil,
                subjectType: "role_assignment", subjectID: try assignment.requireID(), at: now, on: database)
        }
    }

    public static func revoke(_ assignment: RoleAssignment, by actor: AuditActor, now: Date, on database: any Database) async throws {
        let accountID = assignment.$account.id
        try await assignment.delete(on: database)
        try await AuditLog.append(
            AuditEvent(
                action: "role.revoke", objectType: "account", objectID: accountID.uuidString.lowercased(),
                summary: "revoked \(assignment.role.rawValue) on unit \(assignment.$unit.id.uuidString.lowercased())"
            ),
            by: actor, at: now, on: database
        )
    }

    /// Sets a new password; `expectedVersion` makes a concurrent change fail instead of silently winning.
    public static func changePassword(
        of account: Account, to newPassword: String, expectedVersion: Int? = nil, hasher: any PasswordHasher,
        by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        try await changePassword(
            of: try account.requireID(), to: newPassword, expectedVersion: expectedVersion ?? account.version, hasher: hasher, by: actor,
            now: now, on: database)
    }

    public static func changePassword(
        of accountID: UUID, to newPassword: String, expectedVersion version: Int, hasher: any PasswordHasher,
        by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        try await Account.query(on: database)
            .filter(\.$id == accountID).filter(\.$version == version)
            .set(\.$passwordHash, to: try hasher.hash(newPassword))
            .set(\.$passwordChangedAt, to: now)
            .set(\.$version, to: version + 1)
            .update()
        guard let reloaded = try await Account.find(accountID, on: database), reloaded.version == version + 1 else {
            throw StoreError.concurrentUpdate
        }
        try await AuditLog.append(
            AuditEvent(action: "account.password", objectType: "account", objectID: accountID.uuidString.lowercased(), summary: "password changed"),
            by: actor, at: now, on: database
        )
    }
}

public enum StoreError: Error, Equatable {
    /// Someone else changed the record since it was read.
    case concurrentUpdate
    case notFound
    /// The record is outside what the caller may manage.
    case forbidden
}
