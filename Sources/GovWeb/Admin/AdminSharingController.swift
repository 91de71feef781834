import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The sharing settings an installation's administrator keeps: the providers' reply limit and the data management bureau.
enum AdminSharingController {
    struct Body: Encodable, Sendable {
        var replyDays: String
        var units: [Option]
        var form: FormState
    }

    static func page(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        let settings = try await SharingStore.settings(on: request.db)
        return try await render(request, replyDays: String(settings.replyWorkingDays), bureau: settings.bureauUnitID?.uuidString.lowercased(),
                                form: FormState(), status: .ok)
    }

    static func render(_ request: Request, replyDays: String, bureau: String?, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let units = try await OrganisationStore.units(kinds: [.department, .region], on: request.db)
        let body = Body(
            replyDays: replyDays,
            units: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: request.language), selected: $0.id.uuidString.lowercased() == bureau) },
            form: form)
        return try await request.renderPage("admin/sharing", titleKey: "title_admin_sharing", body: body,
                                            notice: request.notice(from: ["saved": "sharing_notice_settings"]), status: status)
    }

    static func save(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let daysText = String((fields["reply_days"] ?? "").prefix(5))
        let bureauText = fields["bureau"] ?? ""
        let bureau = UUID(uuidString: bureauText)
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        return try await request.submitting([:], withSummary: false) {
            guard let days = Int(daysText.trimmingCharacters(in: .whitespaces)) else { throw FieldErrors.single("reply_days", FieldProblem.invalid) }
            guard bureauText.isEmpty || bureau != nil else { throw FieldErrors.single("bureau", FieldProblem.invalid) }
            try await request.write { db in
                try await SharingStore.save(SharingSettings(replyWorkingDays: days, bureauUnitID: bureau), by: actor, now: now, on: db)
            }
            return request.redirect(to: Paths.admin.sharing(query: ["done": "saved"]))
        } otherwise: { form in
            try await render(request, replyDays: daysText, bureau: bureauText, form: form, status: .badRequest)
        }
    }
}
