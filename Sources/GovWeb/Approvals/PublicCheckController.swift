import Foundation
import GovCore
import GovStore
import Vapor

/// What anyone may check without signing in: a case's progress (tracking number + query code) and a certificate.
enum PublicCheckController {
    struct TrackBody: Encodable, Sendable {
        var form: FormState
        var caseView: CaseView?
        var noticePrefix: String?
        var materialPrefix: String?
    }

    /// 进度查询. A wrong query code and an unknown number get the same answer.
    static func track(_ request: Request) async throws -> Response {
        let number = (request.query[String.self, at: "number"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let code = (request.query[String.self, at: "code"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var form = FormState(values: ["number": String(number.prefix(40)), "code": String(code.prefix(12))])
        var view: CaseView?
        var status = HTTPResponseStatus.ok
        if !number.isEmpty || !code.isEmpty {
            if let record = try await request.lookUpByQueryCode(.approvalCase, number: number, { try await CaseStore.track(trackingNumber: number, queryCode: code, on: $0) }) {
                var shown = CaseViews.view(
                    record, now: request.now, calendar: try await request.workCalendar(), language: request.language, viewer: nil,
                    showQueryCode: false, maskIdentifier: true)
                // The public sees progress only: no form contents, files, fees or reasons.
                shown.form = []
                shown.materials = []
                shown.fees = []
                shown.timeline = shown.timeline.map { row in var row = row; row.detail = nil; return row }
                view = shown
            } else {
                form.error = Strings.text("track_not_found", request.language)
                status = .notFound
            }
        }
        return try await request.renderPage("approvals/track", titleKey: "title_track", body: TrackBody(form: form, caseView: view), status: status)
    }

    struct VerifyBody: Encodable, Sendable {
        var input: String
        var checked: Bool
        var verdict: String?
        var verdictCode: String?
        var certificate: [LabelledValue]
    }

    /// 证照核验: a number or the QR text. The signature is checked before anything the payload claims is shown.
    static func verify(_ request: Request) async throws -> Response {
        let input = (request.query[String.self, at: "code"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else {
            return try await request.renderPage("approvals/verify", titleKey: "title_verify", body: VerifyBody(input: "", checked: false, certificate: []))
        }
        let language = request.language
        let result = try await CertificateStore.verify(
            String(input.prefix(CertificateCodec.maximumTextLength)), keyring: request.govhall.keyring, today: CivilDate.beijing(request.now), on: request.db)
        var details: [LabelledValue] = []
        if let payload = result.payload, result.verdict != .notGenuine {
            details = [
                LabelledValue(label: Strings.text("certificate_number", language), value: payload.number),
                LabelledValue(label: Strings.text("certificate_title", language), value: payload.title),
                LabelledValue(label: Strings.text("certificate_holder", language), value: payload.holderName + " " + Mask.identifier(payload.holderIdentifier)),
                LabelledValue(label: Strings.text("certificate_scope", language), value: payload.scope),
                LabelledValue(label: Strings.text("certificate_valid", language), value: "\(payload.validFrom) — \(payload.validUntil?.description ?? Strings.text("certificate_no_expiry", language))"),
                LabelledValue(label: Strings.text("certificate_issuer", language), value: payload.issuer),
                LabelledValue(label: Strings.text("certificate_issued_on", language), value: payload.issuedOn.description),
            ]
        }
        let body = VerifyBody(
            input: String(input.prefix(400)), checked: true, verdict: result.verdict.title(in: language),
            verdictCode: verdictCode(result.verdict), certificate: details)
        return try await request.renderPage("approvals/verify", titleKey: "title_verify", body: body)
    }

    static func verdictCode(_ verdict: CertificateVerdict) -> String {
        switch verdict {
        case .valid: "valid"
        case .notYetValid: "not_yet_valid"
        case .expired: "expired"
        case .revoked: "revoked"
        case .notGenuine: "not_genuine"
        case .unknown: "unknown"
        }
    }
}
