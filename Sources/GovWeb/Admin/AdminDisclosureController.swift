import Foundation
import GovCore
import GovStore
import Vapor

/// The disclosure catalogue's category tree, which the installation's administrator keeps.
enum AdminDisclosureController {
    struct Body: Encodable, Sendable {
        var categories: [Row]
        var parents: [Option]
        var form: FormState
        var indexPattern: String
    }

    struct Row: Encodable, Sendable {
        var code: String
        var nameZh: String
        var nameEn: String
        var parent: String
    }

    static func page(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        return try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let categories = try await DisclosureStore.categories(on: request.db)
        let names = Dictionary(categories.map { ($0.code, $0.nameZh) }, uniquingKeysWith: { first, _ in first })
        let body = Body(
            categories: categories.map { Row(code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn, parent: $0.parentCode.flatMap { names[$0] } ?? "") },
            parents: categories.filter { $0.parentCode == nil }.map { Option(value: $0.code, label: $0.name(in: request.language), selected: $0.code == form.values["parent_code"]) },
            form: form, indexPattern: request.application.govhall.config.disclosureIndexPattern.text)
        return try await request.renderPage(
            "admin/disclosure", titleKey: "title_admin_disclosure", body: body, notice: request.notice(from: ["saved": "notice_category_saved"]), status: status)
    }

    static func saveCategory(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let parent = (fields["parent_code"] ?? "").trimmingCharacters(in: .whitespaces)
        let category = DisclosureCategory(
            code: (fields["code"] ?? "").trimmingCharacters(in: .whitespaces), parentCode: parent.isEmpty ? nil : parent,
            nameZh: fields["name_zh"] ?? "", nameEn: fields["name_en"] ?? "")
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        return try await request.submitting(fields) {
            try await request.write { db in try await DisclosureStore.saveCategory(category, by: actor, at: now, on: db) }
            return request.redirect(to: Paths.admin.disclosure(query: ["done": "saved"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }
}
