import FluentKit
import Foundation
import GovCore

/// Issued certificates: public verification, revocation, renewal.
public enum CertificateStore {
    public struct Verification: Sendable {
        public var verdict: CertificateVerdict
        /// What the certificate says, when its signature verifies.
        public var payload: CertificatePayload?
    }

    /// Verifies a QR payload (`GHC1.…`) or a certificate number. A payload is judged by its signature first, so a
    /// tampered one is "not genuine" whatever our records say; a number is looked up and its stored text checked.
    public static func verify(_ input: String, keyring: CertificateKeyring, today: CivilDate, on database: any Database) async throws -> Verification {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let signedText: String
        if text.hasPrefix(CertificateCodec.prefix + ".") {
            signedText = text
        } else {
            guard !text.isEmpty, text.count <= 64,
                  let stored = try await IssuedCertificate.query(on: database).filter(\.$number == text).first()
            else { return Verification(verdict: .unknown, payload: nil) }
            signedText = stored.signedText
        }
        let (payload, signatureValid) = keyring.check(signedText)
        guard let payload, signatureValid else { return Verification(verdict: .notGenuine, payload: nil) }
        let stored = try await IssuedCertificate.query(on: database).filter(\.$number == payload.number).first()
        let known = stored?.signedText == signedText
        let verdict = CertificateVerdict.decide(
            signatureValid: true, payload: payload, known: known, revocationReason: known ? stored?.revocationReason : nil, today: today)
        return Verification(verdict: verdict, payload: payload)
    }

    /// Revokes (注销) a certificate with a reason: the issuing department's head, or an administrator over it.
    public static func revoke(
        number: String, reason: String, principal: Principal?, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> IssuedCertificate {
        guard let certificate = try await IssuedCertificate.query(on: database).filter(\.$number == number).first(),
              let row = try await ApprovalCase.find(certificate.caseID, on: database)
        else { throw CaseStoreError.notFound }
        guard CaseAccess.canEditMatters(of: row.departmentPath, principal) else { throw CaseStoreError.forbidden }
        guard certificate.revokedAt == nil else { throw CertificateStoreError.alreadyRevoked }
        guard let reason = reason.trimmedNonEmpty, reason.count <= 500 else { throw CertificateStoreError.reasonRequired }
        certificate.revokedAt = now
        certificate.revocationReason = reason
        try await certificate.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "certificate.revoke", objectType: "certificate", objectID: number, summary: reason),
            by: actor.within(row.departmentPath), at: now, on: database)
        return certificate
    }

    /// The certificates held by an account, newest first.
    public static func held(by accountID: UUID, on database: any Database) async throws -> [IssuedCertificate] {
        try await IssuedCertificate.query(on: database).filter(\.$holderAccountID == accountID).sort(\.$issuedAt, .descending).all()
    }

    /// Files a renewal (延续) of a certificate its holder owns, as a new case of the same matter (Art. 50).
    public static func applyForRenewal(
        of certificateID: UUID, form: [String: String], files: [CheckedFile], applicant: ApplicantDetails,
        intakePath: String, by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> ApprovalCase {
        guard let certificate = try await IssuedCertificate.find(certificateID, on: database),
              certificate.holderAccountID != nil, certificate.holderAccountID == applicant.accountID,
              let matter = try await Matter.find(certificate.matterID, on: database)
        else { throw CaseStoreError.notFound }
        try RenewalRules.check(
            validUntil: certificate.validUntilDate, revoked: certificate.revokedAt != nil, today: CivilDate.beijing(context.now))
        return try await CaseStore.submit(
            matter: matter, form: form, files: files, applicant: applicant, channel: .online, intakePath: intakePath,
            renewsCertificateID: certificateID, by: actor, context: context, on: database)
    }
}

public enum CertificateStoreError: Error, Equatable {
    case alreadyRevoked
    case reasonRequired
}
