import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Accounts and role grants, within the administrator's units.
enum AdminUsersController {
    static func list(_ request: Request) async throws -> Response {
        try await renderList(request, form: FormState(), status: .ok)
    }

    static func renderList(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let principal = request.principal
        let units = try await AdminController.manageableUnits(request)
        let unitsByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let search = String((request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        // Staff are listed within the administrator's units; citizens and enterprises to administrators of a top-level unit.
        let canSeePublic = AccessPolicy.canAdministerApplicantAccounts(principal)
        let accounts = try await AccountStore.accounts(matching: search, limit: 200, on: request.db).filter { account in
            if let unitID = account.$unit.id { return unitsByID[unitID] != nil }
            return canSeePublic && account.kind != .staff
        }
        let rows = accounts.map { userRow($0, unitNames: unitsByID.mapValues { $0.name(in: language) }, viewer: principal, language: language) }
        let body = UsersBody(users: rows, query: search, units: AdminController.unitOptions(units, selected: form.values["unitID"], language: language), form: form)
        return try await request.renderPage(
            "admin/users", titleKey: "title_users", body: body, notice: request.notice(from: ["user": "notice_user_created"]), status: status
        )
    }

    static func userRow(_ account: Account, unitNames: [UUID: String], viewer: Principal?, language: Language) -> UserRow {
        UserRow(
            id: account.id!.uuidString.lowercased(), username: account.username, displayName: account.displayName,
            kind: Strings.text("kind_\(account.kind.rawValue)", language),
            identifier: IdentifierDisplay.of(account.profile, viewer: viewer, language: language)?.value ?? "",
            unit: account.$unit.id.flatMap { unitNames[$0] } ?? "",
            roles: account.$roles.value?.map { $0.role.title(in: language) }.sorted().joined(separator: "、") ?? "",
            active: account.isActive
        )
    }

    struct StaffForm: Content {
        var username: String?
        var displayName: String?
        var unitID: String?
        var phone: String?
        var password: String?
        var passwordConfirmation: String?
    }

    static func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(StaffForm.self)
        let units = try await AdminController.manageableUnits(request)
        let unit = form.unitID.flatMap(UUID.init(uuidString:)).flatMap { id in units.first { $0.id == id } }
        let values = ["username": form.username ?? "", "displayName": form.displayName ?? "", "unitID": form.unitID ?? "", "phone": form.phone ?? ""]
        let hasher = request.govhall.hasher
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            var errors = FieldErrors()
            var valid: ValidAccountApplication?
            do throws(FieldErrors) {
                valid = try AccountRules.validate(
                    AccountApplication(kind: .staff, username: form.username, displayName: form.displayName, password: form.password,
                                       passwordConfirmation: form.passwordConfirmation, phone: form.phone),
                    today: CivilDate.beijing(now)
                )
            } catch {
                errors = error
            }
            if unit == nil { errors.add("unitID", MessageKey("error_unit_forbidden")) }
            try errors.throwIfAny()
            guard let valid, let unit else { throw AppError.notFound }
            let actor = request.auditActor(role: .administrator, unitPath: unit.path)
            _ = try await request.write { db in
                try await AccountStore.create(valid, unitID: unit.id, hasher: hasher, by: actor, now: now, on: db)
            }
            return request.redirect(to: Paths.admin.users(query: ["done": "user"]))
        } otherwise: { state in
            try await renderList(request, form: state, status: .badRequest)
        }
    }

    /// The account, if this administrator may manage it.
    static func manageableAccount(_ request: Request) async throws -> (Account, [OrganisationUnit]) {
        guard let id = request.parameters.get("accountID").flatMap(UUID.init(uuidString:)),
              let account = try await AccountStore.account(id, on: request.db)
        else { throw AppError.notFound }
        let units = try await AdminController.manageableUnits(request)
        let principal = request.principal
        let allowed: Bool
        if let unitID = account.$unit.id {
            allowed = units.contains { $0.id == unitID }
        } else {
            allowed = AccessPolicy.canAdministerApplicantAccounts(principal)
        }
        guard allowed else { throw AppError.forbidden }
        return (account, units)
    }

    static func show(_ request: Request) async throws -> Response {
        try await renderUser(request, form: FormState(), status: .ok)
    }

    static func renderUser(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let (account, units) = try await manageableAccount(request)
        let language = request.language
        let unitNames = try await OrganisationStore.names(language, on: request.db)
        let roles = account.kind == .staff ? Role.allCases.filter(\.isStaffRole) : [Role.applicant]
        let body = UserBody(
            user: userRow(account, unitNames: unitNames, viewer: request.principal, language: language),
            grants: (account.$roles.value ?? []).map {
                GrantRow(id: $0.id!.uuidString.lowercased(), role: $0.role.title(in: language),
                         unit: unitNames[$0.$unit.id] ?? "", subtree: $0.includesSubtree, awaitingApproval: $0.awaitingApproval)
            },
            roles: roles.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["role"] == $0.rawValue) },
            units: AdminController.unitOptions(units, selected: form.values["unitID"], language: language),
            form: form
        )
        return try await request.renderPage(
            "admin/user", titleKey: "title_user", body: body,
            notice: request.notice(from: ["granted": "notice_role_granted", "requested": "notice_role_requested", "revoked": "notice_role_revoked"]),
            status: status
        )
    }

    struct GrantForm: Content {
        var role: String?
        var unitID: String?
        var includesSubtree: String?
    }

    static func grant(_ request: Request) async throws -> Response {
        let (account, units) = try await manageableAccount(request)
        let form = try request.content.decode(GrantForm.self)
        var errors = FieldErrors()
        let role = Role(rawValue: form.role ?? "")
        let allowedRoles = account.kind == .staff ? Set(Role.allCases.filter(\.isStaffRole)) : [.applicant]
        if role == nil || !allowedRoles.contains(role!) { errors.add("role", MessageKey("error_unknown_role")) }
        let unit = form.unitID.flatMap(UUID.init(uuidString:)).flatMap { id in units.first { $0.id == id } }
        if unit == nil { errors.add("unitID", MessageKey("error_unit_forbidden")) }
        guard errors.isEmpty, let role, let unit else {
            return try await renderUser(
                request, form: FormState(refused: errors, values: ["role": form.role ?? "", "unitID": form.unitID ?? ""], in: request.language, withSummary: false),
                status: .badRequest
            )
        }
        let actor = request.auditActor(role: .administrator, unitPath: unit.path)
        let now = request.now
        let subtree = form.includesSubtree == "true" || form.includesSubtree == "on"
        try await request.write { db in
            try await AccountStore.grant(role, to: account, on: unit, includesSubtree: subtree, by: actor, now: now, on: db)
        }
        let done = SeparationOfDuties.needsSecondApproval(role) ? "requested" : "granted"
        return request.redirect(to: Paths.admin.user(account.id!, query: ["done": done]))
    }

    static func revoke(_ request: Request) async throws -> Response {
        let (account, units) = try await manageableAccount(request)
        guard let grantID = request.parameters.get("grantID").flatMap(UUID.init(uuidString:)),
              let assignment = account.$roles.value?.first(where: { $0.id == grantID })
        else { throw AppError.notFound }
        guard let unit = units.first(where: { $0.id == assignment.$unit.id }) else { throw AppError.forbidden }
        let actor = request.auditActor(role: .administrator, unitPath: unit.path)
        let now = request.now
        try await request.write { db in try await AccountStore.revoke(assignment, by: actor, now: now, on: db) }
        return request.redirect(to: Paths.admin.user(account.id!, query: ["done": "revoked"]))
    }
}
