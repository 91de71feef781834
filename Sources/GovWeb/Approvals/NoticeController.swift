import Foundation
import GovCore
import GovStore
import Vapor

/// The formal documents a case produces (受理通知书, 补正材料通知书 …), printable, each with its 文号.
enum NoticeController {
    struct NoticeBody: Encodable, Sendable {
        var title: String
        var documentNumber: String
        var addressee: String
        var paragraphs: [String]
        var items: [String]
        var issuer: String
        var date: String
        var trackingNumber: String
        var backLink: String
    }

    static func applicantNotice(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let record = try await CaseStore.record(id, for: principal, on: request.db),
              CaseAccess.actors(principal, on: record.row.scope).contains(.applicant)
        else { throw AppError.notFound }
        return try await render(request, record, backLink: Paths.approvals.myCase(id))
    }

    static func staffNotice(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let record = try await CaseStore.record(id, for: principal, on: request.db) else { throw AppError.notFound }
        let supervising = request.url.path.hasPrefix(Paths.supervision.supervisedCase.prefix)
        return try await render(request, record, backLink: supervising ? Paths.supervision.supervisedCase(id) : Paths.approvals.workCase(id))
    }

    /// A notice as printed at any time after its event: the query code is not on it (the case keeps only the code's
    /// hash), only the words saying where it was given and how it is renewed.
    static func render(_ request: Request, _ record: CaseRecord, backLink: String) async throws -> Response {
        let eventID = try UUID.parameter("eventID", of: request)
        guard let event = record.events.first(where: { $0.id == eventID }), let kind = event.noticeKind,
              let number = event.documentNumber
        else { throw AppError.notFound }
        let language = request.language
        let body = NoticeBody(
            title: kind.title(in: language), documentNumber: number, addressee: record.row.applicantName,
            paragraphs: paragraphs(kind, record: record, event: event, language: language),
            items: kind == .correction ? (event.detail ?? "").split(separator: "\n").map(String.init) : [],
            issuer: record.department.name(in: language), date: CivilDate.beijing(event.at).written(in: language),
            trackingNumber: record.row.trackingNumber, backLink: backLink)
        return try await request.renderPage("approvals/notice", titleKey: "title_notice", body: body)
    }

    static func paragraphs(_ kind: NoticeKind, record: CaseRecord, event: CaseEvent, language: Language) -> [String] {
        let values = [
            "received": CivilDate.beijing(record.row.receivedAt).description,
            "matter": record.definition.name(in: language),
            "statutory": "\(record.definition.statutoryDays)",
            "promised": "\(record.definition.promisedDays)",
            "detail": event.detail ?? "",
            "procedure": record.snapshot.suspension?.title(in: language) ?? "",
            "days": "\(record.snapshot.extensionDays)",
            "due": record.snapshot.statutoryDue.map { CivilDate.beijingEnding(at: $0).description } ?? "",
            "certificate": record.definition.result?.certificateName(in: language) ?? record.definition.name(in: language),
        ]
        func text(_ key: String) -> String { Strings.format(key, language, values) }
        switch kind {
        case .acceptance:
            return [text("notice_acceptance_1"), text("notice_acceptance_2")]
        case .nonAcceptance:
            return [text("notice_non_acceptance_1"), event.detail ?? "", CaseRules.refusalRemedies(in: language)]
        case .correction:
            return [text("notice_correction_1"), text("notice_correction_2")]
        case .specialProcedure:
            return [text("notice_special_1"), event.detail ?? "", text("notice_special_2")]
        case .extension:
            return [text("notice_extension_1"), event.detail ?? ""]
        case .grant:
            return [text("notice_grant_1"), text("notice_grant_2")]
        case .refusal:
            return [text("notice_refusal_1"), event.detail ?? "", CaseRules.refusalRemedies(in: language)]
        case .revocation:
            // Art. 69: a decision against the holder, who may challenge it.
            return [text("notice_revocation_1"), event.detail ?? "", text("notice_revocation_2"), CaseRules.refusalRemedies(in: language)]
        case .cancellation:
            return [text("notice_cancellation_1"), event.detail ?? "", text("notice_cancellation_2")]
        }
    }
}
