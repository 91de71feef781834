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
            if let record = try await request.lookUpByQueryCode(.approvalCase, number: number, { try await CaseStore.track(trackingNumber: number, queryCode: code, key: request.govhall.queryCodeKey, on: $0) }) {
                var shown = CaseViews.view(
                    record, now: request.now, calendar: try await request.workCalendar(), language: request.language, viewer: nil,
                    queryCode: nil, maskIdentifier: true)
                // The public sees progress only: no form contents, files, fees or reasons.
                shown.form = []
                shown.materials = []
                shown.fees = []
                shown.timeline = shown.timeline.map { row in var row = row; row.detail = nil; return row }
                // The check code stays on the holder's own pages: the signed QR text verifies without it.
                shown.certificates = shown.certificates.map { row in var row = row; row.checkCode = nil; return row }
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
        var check: String
        var checked: Bool
        var verdict: String?
        var verdictCode: String?
        var basis: String?
        var certificate: [LabelledValue]
    }

    /// 证照核验: a number with its 核验码, or the QR text. The signature is checked before anything is shown, and what is
    /// shown is the public view only: the holder and every personal datum in the scope masked.
    static func verify(_ request: Request) async throws -> Response {
        let input = (request.query[String.self, at: "code"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let check = (request.query[String.self, at: "check"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else {
            return try await request.renderPage(
                "approvals/verify", titleKey: "title_verify", body: VerifyBody(input: "", check: "", checked: false, certificate: []))
        }
        let language = request.language
        let result = try await CertificateStore.verify(
            String(input.prefix(CertificateCodec.maximumTextLength)), checkCode: String(check.prefix(64)),
            keyring: request.govhall.keyring, today: CivilDate.beijing(request.now), on: request.db)
        let body = VerifyBody(
            input: String(input.prefix(400)), check: String(check.prefix(16)), checked: true, verdict: result.verdict.title(in: language),
            verdictCode: verdictCode(result.verdict), basis: result.basis?.description(in: language), certificate: result.certificate.map { details($0, language: language) } ?? [])
        return try await request.renderPage("approvals/verify", titleKey: "title_verify", body: body)
    }

    static func details(_ certificate: PublicCertificate, language: Language) -> [LabelledValue] {
        [
            LabelledValue(label: Strings.text("certificate_number", language), value: certificate.number),
            LabelledValue(label: Strings.text("certificate_title", language), value: certificate.title),
            LabelledValue(label: Strings.text("certificate_holder", language), value: certificate.holderName + " " + certificate.holderIdentifier),
            LabelledValue(label: Strings.text("certificate_scope", language), value: certificate.scope),
            LabelledValue(
                label: Strings.text("certificate_valid", language),
                value: "\(certificate.validFrom) — \(certificate.validUntil?.description ?? Strings.text("certificate_no_expiry", language))"),
            LabelledValue(label: Strings.text("certificate_issuer", language), value: certificate.issuer),
            LabelledValue(label: Strings.text("certificate_issued_on", language), value: certificate.issuedOn.description),
        ]
    }

    static func verdictCode(_ verdict: CertificateVerdict) -> String {
        switch verdict {
        case .valid: "valid"
        case .notYetValid: "not_yet_valid"
        case .expired: "expired"
        case .ended(.revocation, _): "revoked"
        case .ended(.cancellation, _): "cancelled"
        case .notGenuine: "not_genuine"
        case .unknown: "unknown"
        case .notFound: "not_found"
        }
    }
}
