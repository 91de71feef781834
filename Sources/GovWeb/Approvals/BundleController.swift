import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// 并联审批 / 一件事一次办: several departments' matters applied for once.
enum BundleController {
    struct ApplyBody: Encodable, Sendable {
        var codes: [String]
        var names: [String]
        var fields: [CatalogController.FieldInput]
        var materials: [CatalogController.MaterialInput]
        var form: FormState
        var applicantName: String
        var applicantIdentifier: String
    }

    static func matters(_ codes: [String], on db: any Database) async throws -> [(Matter, MatterDefinition)] {
        var result: [(Matter, MatterDefinition)] = []
        for code in codes.prefix(10) {
            guard let matter = try await MatterStore.matter(code: String(code.prefix(40)), on: db) else { throw AppError.notFound }
            result.append((matter, try await MatterStore.current(of: matter, on: db).definition))
        }
        return result
    }

    /// The form of every chosen matter merged: a field or material several matters ask for is asked once.
    static func body(_ chosen: [(Matter, MatterDefinition)], form: FormState, account: AccountProfile?, language: Language) -> ApplyBody {
        var fields: [CatalogController.FieldInput] = []
        var materials: [CatalogController.MaterialInput] = []
        for (matter, definition) in chosen {
            let single = CatalogController.applyBody(matter, definition, form: form, account: account, atWindow: false, language: language)
            for field in single.fields where !fields.contains(where: { $0.name == field.name }) { fields.append(field) }
            for material in single.materials {
                if let index = materials.firstIndex(where: { $0.field == material.field }) {
                    materials[index].required = materials[index].required || material.required
                } else {
                    materials.append(material)
                }
            }
        }
        return ApplyBody(
            codes: chosen.map(\.0.code), names: chosen.map { $0.1.name(in: language) }, fields: fields, materials: materials, form: form,
            applicantName: account?.displayName ?? "",
            applicantIdentifier: (account?.residentID ?? account?.creditCode).map(Mask.identifier) ?? "")
    }

    struct ReceiptPart: Encodable, Sendable {
        var matterName: String
        var trackingNumber: String
        var queryCode: String
        var href: String
    }

    struct ReceiptBody: Encodable, Sendable {
        var bundleTrackingNumber: String
        var parts: [ReceiptPart]
    }

    /// The receipt of a joint application: every part's tracking number and query code, for its applicant.
    static func receipt(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("bundleID", of: request)
        let codes = (request.query[String.self, at: "codes"] ?? "").split(separator: ",").prefix(10).map { String($0.prefix(12)) }
        guard let (bundle, parts) = try await BundleStore.receipt(
            id, of: principal.accountID, codes: codes, key: request.govhall.queryCodeKey, on: request.db)
        else { throw AppError.notFound }
        let language = request.language
        let names = try await MatterStore.names(ids: parts.map { $0.$matter.id }, language, on: request.db)
        let rows = zip(parts, codes).map { part, code in
            ReceiptPart(matterName: names[part.$matter.id] ?? "", trackingNumber: part.trackingNumber, queryCode: code,
                        href: part.id.map { Paths.approvals.myCase($0) } ?? Paths.portal.my())
        }
        return try await request.renderPage(
            "approvals/bundle-receipt", titleKey: "title_bundle_receipt",
            body: ReceiptBody(bundleTrackingNumber: bundle.trackingNumber, parts: rows), notice: Strings.text("notice_bundle_filed", language))
    }

    static func applyPage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let codes = (try? request.query.get([String].self, at: "matters")) ?? []
        guard codes.count <= 10 else { throw AppError.rejected(FieldProblem.invalid) }
        do {
            try BundleRules.check(matterCount: codes.count, distinctMatters: Set(codes).count)
        } catch {
            throw AppError.rejected(error)
        }
        let chosen = try await matters(codes, on: request.db)
        let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db)
        return try await request.renderPage("approvals/bundle", titleKey: "title_bundle", body: body(chosen, form: FormState(), account: account, language: request.language))
    }

    static func apply(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let submitted = try request.multipartFields()
        let codes = (submitted.texts["matters"] ?? "").split(separator: ",").map(String.init)
        let chosen = try await matters(codes, on: request.db)
        let language = request.language
        do {
            let files = try UploadChecking.check(submitted.files)
            let applicant = ApplicantDetails(account: account)
            let context = try await request.application.caseContext()
            let actor = request.auditActor(role: .applicant)
            let form = submitted.texts.filter { $0.key != "_csrf" && $0.key != "matters" }
            let matters = chosen.map(\.0)
            let title = chosen.map { $0.1.nameZh }.joined(separator: "、")
            let filed = try await request.write { db in
                let intake = try await OrganisationStore.intakeCentrePath(on: db)
                return try await BundleStore.submit(
                    title: title, matters: matters, form: form, files: files, applicant: applicant, channel: .online,
                    intakePath: intake, by: actor, context: context, on: db)
            }
            // Post/Redirect/Get: the parts keep only their codes' hashes, so the receipt's address carries the codes, in
            // the parts' tracking order; a reload shows the receipt again and files nothing.
            let codes = filed.parts.sorted { $0.row.trackingNumber < $1.row.trackingNumber }.map(\.queryCode)
            return request.redirect(to: Paths.approvals.myBundle(try filed.bundle.requireID(), query: ["codes": codes.joined(separator: ",")]))
        } catch let errors as FieldErrors {
            let form = FormState(refused: errors, values: submitted.texts, in: language)
            return try await request.renderPage(
                "approvals/bundle", titleKey: "title_bundle", body: body(chosen, form: form, account: account, language: language), status: .badRequest)
        } catch let error as BundleError {
            throw AppError.rejected(error)
        }
    }

    /// The lead department's head extends the bundle's 45 working days by up to 15, once (Art. 42 ¶2).
    static func extend(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let bundleID = try UUID.parameter("bundleID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let context = try await request.application.caseContext()
        let actor = request.auditActor(role: .departmentHead)
        _ = try await request.write { db in
            try await BundleStore.extend(
                bundleID, days: Int(fields["days"] ?? "") ?? 0, reason: fields["reason"] ?? "", principal: principal, by: actor, context: context, on: db)
        }
        let back = LocalPath.sanitise(fields["return"])
        return request.redirect(to: back == Paths.portal.home() ? Paths.approvals.inbox() : back)
    }
}
