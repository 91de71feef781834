import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The applicant's own cases: status in plain words, notices, corrections, withdrawal, rating, certificates.
enum ApplicantCasesController {
    struct MyBody: Encodable, Sendable {
        var displayName: String
        var kind: String
        var identifierLabel: String?
        var identifier: String?
        var cases: [CaseRow]
        var certificates: [CertificateRow]
        var disclosureRequests: [DisclosureRequestController.RequestRow]
        var caseLinkPrefix = Paths.approvals.myCase.prefix
    }

    static func home(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let language = request.language
        let calendar = try await request.workCalendar()
        let cases = try await CaseStore.cases(ofApplicant: principal.accountID, on: request.db)
        let certificates = try await CertificateStore.held(by: principal.accountID, on: request.db)
        let identifier = IdentifierDisplay.of(account, viewer: principal, language: language, forceMask: true)
        let today = CivilDate.beijing(request.now)
        return try await request.renderPage(
            "approvals/my", titleKey: "title_applicant",
            body: MyBody(
                displayName: account.displayName, kind: Strings.text("kind_\(account.kind.rawValue)", language),
                identifierLabel: identifier?.label, identifier: identifier?.value,
                cases: try await CaseViews.rows(cases, viewer: principal, now: request.now, calendar: calendar, language: language, on: request.db),
                certificates: certificates.map { certificate in
                    CaseViews.certificateRow(
                        certificate, today: today, maskIdentifier: true, documentLink: certificate.id.map { Paths.approvals.myCertificate($0) },
                        language: language)
                },
                disclosureRequests: try await DisclosureRequestStore.own(accountID: principal.accountID, on: request.db).map { record in
                    DisclosureRequestController.row(record, href: Paths.disclosure.myRequest(try record.requireID()), units: [:], language: language)
                }),
            notice: request.notice(from: ["renewal": "notice_renewal_filed"]))
    }

    struct CaseBody: Encodable, Sendable {
        var caseView: CaseView
        var canCorrect: Bool
        var canWithdraw: Bool
        var canRate: Bool
        var correctionMaterials: [CatalogController.MaterialInput]
        var form: FormState
        var remedies: String?
        var noticePrefix: String
        var materialPrefix: String
    }

    static func show(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    /// The applicant's case page. `queryCode` is a code just issued (the case keeps only its hash); otherwise the code
    /// a filing's confirmation carries is shown, if it is still the case's.
    static func render(
        _ request: Request, form: FormState, status: HTTPResponseStatus, queryCode: String? = nil, notice: String? = nil
    ) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let record = try await CaseStore.record(id, for: principal, on: request.db),
              CaseAccess.actors(principal, on: record.row.scope).contains(.applicant)
        else { throw AppError.notFound }
        let language = request.language
        let allowed = Set(CaseRules.allowedActions(for: record.snapshot, by: .applicant, at: request.now, settings: record.definition.clockSettings))
        let view = CaseViews.view(
            record, now: request.now, calendar: try await request.workCalendar(), language: language, viewer: principal,
            queryCode: queryCode ?? request.givenQueryCode(for: record.row), maskIdentifier: false)
        let refused = record.snapshot.outcome == .refused
        return try await request.renderPage(
            "approvals/my-case", titleKey: "title_my_case",
            body: CaseBody(
                caseView: view, canCorrect: allowed.contains(CaseActionKind.submitCorrection.rawValue),
                canWithdraw: allowed.contains(CaseActionKind.withdraw.rawValue),
                canRate: record.row.rating == nil && record.row.caseState.isTerminal && record.row.caseState != .withdrawn,
                correctionMaterials: record.definition.materials.map {
                    CatalogController.MaterialInput(field: "material_\($0.key)", name: $0.name(in: language), required: false,
                                                    electronic: $0.electronicAccepted, error: form.errors["material_\($0.key)"])
                },
                form: form, remedies: refused ? CaseRules.refusalRemedies(in: language) : nil,
                noticePrefix: Paths.approvals.myCaseNotice.prefix(id), materialPrefix: Paths.approvals.myCaseMaterial.prefix(id)),
            notice: notice.map { Strings.text($0, language) } ?? request.notice(from: [
                "submitted": "notice_case_submitted", "corrected": "notice_case_corrected", "withdrawn": "notice_case_withdrawn",
                "rated": "notice_case_rated",
            ]),
            status: status)
    }

    /// Hands in the corrections: the files, then the case goes back for acceptance (Art. 32 (4)).
    static func correct(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let submitted = try request.multipartFields()
        return try await request.submitting([:]) {
            let files = try UploadChecking.check(submitted.files)
            let context = try await request.application.caseContext()
            let actor = request.auditActor(role: .applicant)
            try await request.write { db in
                if !files.isEmpty {
                    try await CaseStore.addMaterials(files, to: id, principal: principal, by: actor, now: context.now, on: db)
                }
                try await CaseStore.act(.submitCorrection, on: id, principal: principal, by: actor, context: context, on: db)
            }
            return request.redirect(to: Paths.approvals.myCase(id, query: ["done": "corrected"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }

    static func withdraw(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let reason = try? request.content.get(String.self, at: "reason")
        let context = try await request.application.caseContext()
        let actor = request.auditActor(role: .applicant)
        try await request.write { db in
            try await CaseStore.act(.withdraw(reason: reason.map { String($0.prefix(500)) }), on: id, principal: principal, by: actor, context: context, on: db)
        }
        return request.redirect(to: Paths.approvals.myCase(id, query: ["done": "withdrawn"]))
    }

    static func rate(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let stars = (try? request.content.get(String.self, at: "stars")).flatMap { Int($0) } ?? 0
        let comment = try? request.content.get(String.self, at: "comment")
        let actor = request.auditActor(role: .applicant)
        let now = request.now
        do {
            try await request.write { db in
                try await CaseStore.rate(id, stars: stars, comment: comment, principal: principal, by: actor, now: now, on: db)
            }
        } catch let problem as ApplicationProblem {
            return try await render(request, form: FormState(values: ["comment": comment ?? ""], errors: ["stars": problem.message(in: request.language)], error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.approvals.myCase(id, query: ["done": "rated"]))
    }

    /// Issues a new query code for the applicant's own case (重新生成查询码) and shows it, once, in this answer: only
    /// its hash is kept, so a lost code cannot be shown again. The old code stops working. Anyone but the case's
    /// applicant is told the case does not exist (``CaseAccess/canRenewQueryCode(_:_:)``, in the store).
    static func renewQueryCode(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let actor = request.auditActor(role: .applicant)
        let key = request.govhall.queryCodeKey
        let now = request.now
        let renewed = try await request.write { db in
            try await CaseStore.renewQueryCode(of: id, principal: principal, by: actor, key: key, now: now, on: db)
        }
        return try await render(request, form: FormState(), status: .ok, queryCode: renewed.queryCode, notice: "notice_query_code_renewed")
    }

    /// Renewal (延续, Art. 50): checks the certificate may still be renewed, then opens the matter's form,
    /// filled from the original application, to be completed and filed as a renewal.
    static func renew(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("certificateID", of: request)
        guard let certificate = try await CertificateStore.certificate(id, heldBy: principal.accountID, on: request.db),
              let matter = try await MatterStore.matter(certificate.matterID, on: request.db)
        else { throw AppError.notFound }
        try RenewalRules.check(
            validUntil: certificate.validUntilDate, revoked: certificate.revokedAt != nil, today: CivilDate.beijing(request.now))
        return request.redirect(to: Paths.approvals.apply(matter.code, query: ["renews": id.uuidString.lowercased()]))
    }

    /// A material file of the applicant's own case, shown inline (PDF and images open in the browser).
    static func material(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard try await CaseStore.ownRow(id, of: principal, on: request.db) != nil else { throw AppError.notFound }
        return try await MaterialFiles.serve(request, caseID: id)
    }
}

enum MaterialFiles {
    /// Sends a case's material file with the type sniffed from its bytes at upload: PDF and images open in the browser, OFD (which
    /// browsers cannot show) downloads. The site-wide CSP and `nosniff` apply.
    static func serve(_ request: Request, caseID: UUID) async throws -> Response {
        let materialID = try UUID.parameter("materialID", of: request)
        guard let file = try await CaseStore.materialFile(materialID, ofCase: caseID, on: request.db) else { throw AppError.notFound }
        return send(file.blob, named: file.fileName)
    }

    static func send(_ blob: Blob, named fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: blob.bytes))
        response.headers.replaceOrAdd(name: .contentType, value: blob.mediaType)
        let encodedName = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        let disposition = blob.mediaType == FileKind.ofd.mediaType ? "attachment" : "inline"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(disposition); filename*=UTF-8''\(encodedName)")
        return response
    }
}
