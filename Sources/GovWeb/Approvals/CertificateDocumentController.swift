import Foundation
import GovCore
import GovStore
import Vapor

/// A certificate as the document its holder prints (电子证照的打印件): A4, the issuing authority, the scope in words,
/// the seal area, and a QR code a phone scans to reach the verification page.
enum CertificateDocumentController {
    struct DocumentBody: Encodable, Sendable {
        var issuer: String
        var title: String
        var number: String
        var holder: String
        var holderIdentifier: String
        var scope: [LabelledValue]
        var validFrom: String
        var validUntil: String?
        var issuedOn: String
        /// 已撤销 or 已注销 with its ground, once it ended.
        var endingStatus: String?
        var revocationReason: String?
        var checkCode: String
        var verifyAddress: String
        var qrCode: String
        /// The signed text (`GHC1.…`) for verification without this platform's records: not printed.
        var signedText: String
        var backLink: String
    }

    /// The holder's own certificate.
    static func holderCopy(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("certificateID", of: request)
        guard let document = try await CertificateStore.document(id, heldBy: principal.accountID, on: request.db) else {
            throw AppError.notFound
        }
        return try await render(request, document, backLink: Paths.portal.my())
    }

    /// A certificate of a case the member of staff may read.
    static func staffCopy(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let caseID = try UUID.parameter("caseID", of: request)
        let id = try UUID.parameter("certificateID", of: request)
        guard try await CaseStore.record(caseID, for: principal, on: request.db) != nil,
              let document = try await CertificateStore.document(id, ofCase: caseID, on: request.db)
        else { throw AppError.notFound }
        return try await render(request, document, backLink: Paths.approvals.workCase(caseID))
    }

    static func render(_ request: Request, _ document: CertificateStore.Document, backLink: String) async throws -> Response {
        let certificate = document.certificate
        let language = request.language
        let printedCheckCode = CertificateCheckCode.printed(certificate.checkCode) ?? certificate.checkCode
        let verifyAddress = verificationAddress(request, number: certificate.number, checkCode: printedCheckCode)
        let qrCode = try QRCode(encoding: verifyAddress, correction: .medium)
            .svg(label: Strings.format("certificate_qr_label", language, ["number": certificate.number]))
        let scope = certificate.scope?.text ?? certificate.publicScope
        func date(_ text: String?) -> String? { text.map { CivilDate($0)?.written(in: language) ?? $0 } }
        let body = DocumentBody(
            issuer: document.issuer.name(in: language), title: certificate.title, number: certificate.number,
            holder: certificate.holderName, holderIdentifier: certificate.holderIdentifier,
            scope: scopeLines(scope), validFrom: date(certificate.validFrom) ?? certificate.validFrom,
            validUntil: date(certificate.validUntil), issuedOn: CivilDate.beijing(certificate.issuedAt).written(in: language),
            endingStatus: certificate.revokedAt == nil ? nil
                : certificate.ending.map { "\($0.status(in: language))（\($0.groundTitle(in: language))）" } ?? Strings.text("certificate_ended", language),
            revocationReason: certificate.revocationReason,
            checkCode: printedCheckCode, verifyAddress: verifyAddress, qrCode: qrCode, signedText: certificate.signedText,
            backLink: backLink)
        return try await request.renderPage("approvals/certificate", titleKey: "title_certificate", body: body)
    }

    /// The scope as the authority wrote it, `label：value；label：value`, one line per field.
    static func scopeLines(_ text: String) -> [LabelledValue] {
        text.components(separatedBy: CertificateScope.fieldSeparator).map { part in
            let pieces = part.components(separatedBy: CertificateScope.labelSeparator)
            guard pieces.count >= 2 else { return LabelledValue(label: "", value: part) }
            return LabelledValue(label: pieces[0], value: pieces.dropFirst().joined(separator: CertificateScope.labelSeparator))
        }
    }

    /// The public verification page for this certificate, by number and the 核验码 printed beside it.
    static func verificationAddress(_ request: Request, number: String, checkCode: String) -> String {
        let base = request.govhall.config.publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return base + Paths.approvals.verify(query: ["code": number, "check": checkCode])
    }
}
