import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// API tokens for other agencies' systems: issued to a unit with scopes, shown once, revocable.
enum AdminTokensController {
    static func page(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), newSecret: nil, status: .ok)
    }

    static func render(
        _ request: Request, form: FormState, newSecret: String?, awaitingApproval: Bool = false, status: HTTPResponseStatus
    ) async throws -> Response {
        let language = request.language
        let units = try await AdminController.manageableUnits(request)
        let unitsByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let tokens = try await IdentityStore.tokens(ofUnits: Set(unitsByID.keys), on: request.db)
        let chosen = Set((form.values["scopes"] ?? "").split(separator: " ").map(String.init))
        let body = TokensBody(
            tokens: tokens.map {
                TokenRow(
                    id: $0.id!.uuidString.lowercased(), name: $0.name, prefix: $0.prefix, scopes: $0.scopes,
                    unit: $0.$unit.id.flatMap { unitsByID[$0]?.name(in: language) } ?? "",
                    createdAt: BeijingTime.minute($0.createdAt), expiresAt: $0.expiresAt.map(BeijingTime.minute) ?? "—",
                    lastUsedAt: $0.lastUsedAt.map(BeijingTime.minute) ?? "—", revoked: $0.revokedAt != nil,
                    awaitingApproval: $0.awaitingApproval
                )
            },
            scopes: APIScope.allCases.map {
                Option(value: $0.rawValue, label: Strings.text("scope_" + $0.rawValue.replacingOccurrences(of: ":", with: "_"), language), selected: chosen.contains($0.rawValue))
            },
            units: AdminController.unitOptions(units, selected: form.values["unitID"], language: language),
            newSecret: newSecret,
            form: form
        )
        let notice = newSecret != nil
            ? Strings.text(awaitingApproval ? "notice_token_awaiting_approval" : "notice_token_created", language)
            : request.notice(from: ["revoked": "notice_token_revoked"])
        return try await request.renderPage("admin/tokens", titleKey: "title_tokens", body: body, notice: notice, status: status)
    }

    struct TokenForm: Content {
        var name: String?
        var scopes: [String]?
        var unitID: String?
        var expiresInDays: String?
    }

    static func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TokenForm.self)
        let language = request.language
        var errors = FieldErrors()
        let name = errors.check("name") { () throws(FieldProblem) in try TextField.required(form.name, max: 100) }
        let scopes = (form.scopes ?? []).compactMap(APIScope.init(rawValue:))
        if scopes.isEmpty || scopes.count != (form.scopes ?? []).count { errors.add("scopes", MessageKey("error_scope_required")) }
        let units = try await AdminController.manageableUnits(request)
        let unit = form.unitID.flatMap(UUID.init(uuidString:)).flatMap { id in units.first { $0.id == id } }
        if unit == nil { errors.add("unitID", MessageKey("error_unit_forbidden")) }
        let days = errors.check("expiresInDays") { () throws(FieldProblem) -> Int? in
            guard let text = form.expiresInDays?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let number = Int(text), (1...3650).contains(number) else { throw .invalid }
            return number
        }
        let values = ["name": form.name ?? "", "unitID": form.unitID ?? "", "expiresInDays": form.expiresInDays ?? "",
                      "scopes": (form.scopes ?? []).joined(separator: " ")]
        guard errors.isEmpty, let name, let unit else {
            return try await render(request, form: FormState(refused: errors, values: values, in: language, withSummary: false), newSecret: nil, status: .badRequest)
        }
        let now = request.now
        let expiresAt = (days ?? nil).map { now.addingTimeInterval(TimeInterval($0) * 86_400) }
        let actor = request.auditActor(role: .administrator, unitPath: unit.path)
        let creator = request.principal?.accountID
        let creatorName = request.principal?.displayName ?? ""
        let issued = try await request.write { db in
            let issued = try await IdentityStore.issueToken(
                name: name, scopes: scopes.map(\.rawValue), unitID: unit.id, createdBy: creator, now: now, expiresAt: expiresAt,
                requestedByAdministrator: creatorName, on: db
            )
            try await AuditLog.append(
                AuditEvent(action: "token.create", objectType: "api_token", objectID: issued.record.id!.uuidString.lowercased(),
                           summary: "issued token \(name) (\(issued.record.prefix)…) with \(issued.record.scopes)"),
                by: actor, at: now, on: db
            )
            return issued
        }
        return try await render(request, form: FormState(), newSecret: issued.secret, awaitingApproval: issued.record.awaitingApproval, status: .created)
    }

    static func revoke(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("tokenID").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let units = Dictionary(uniqueKeysWithValues: try await AdminController.manageableUnits(request).map { ($0.id!, $0.path) })
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        try await request.write { db in try await IdentityStore.revokeToken(id, ofUnits: units, by: actor, now: now, on: db) }
        return request.redirect(to: Paths.admin.tokens(query: ["done": "revoked"]))
    }
}
