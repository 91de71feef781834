import FluentKit
import Foundation
import GovCore

/// Issued certificates: public verification, revocation, renewal.
public enum CertificateStore {
    public struct Verification: Sendable {
        public var verdict: CertificateVerdict
        /// What the public may read of the certificate, when its signature verifies: never the raw scope.
        public var certificate: PublicCertificate?
        /// What was checked; `nil` when nothing matched a number and check code (nothing could be checked).
        public var basis: VerificationBasis?
    }

    /// Verifies a QR payload (`GHC1.…`) on its own, or a certificate number with the 核验码 printed beside it. A payload
    /// is judged by its signature first, so a tampered one is "not genuine" whatever our records say. A number is
    /// looked up and its stored text checked only when the code matches: a wrong or missing code is answered exactly as
    /// an unknown number, so walking the sequential numbers learns nothing.
    public static func verify(
        _ input: String, checkCode: String?, keyring: CertificateKeyring, today: CivilDate, on database: any Database
    ) async throws -> Verification {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let signedText: String
        var stored: IssuedCertificate?
        let basis: VerificationBasis
        if text.hasPrefix(CertificateCodec.prefix + ".") {
            signedText = text
            basis = .signedText
        } else {
            basis = .numberAndCheckCode
            let found = !text.isEmpty && text.count <= 64
                ? try await IssuedCertificate.query(on: database).filter(\.$number == text).first() : nil
            // Compared even when nothing was found, against a value no code can equal, so both take the same time.
            let matches = CertificateCheckCode.matches(checkCode ?? "", found?.checkCode ?? "\u{0}")
            guard let found, matches else { return Verification(verdict: .notFound, certificate: nil, basis: nil) }
            signedText = found.signedText
            stored = found
        }
        let (payload, signatureValid) = keyring.check(signedText)
        guard let payload, signatureValid else { return Verification(verdict: .notGenuine, certificate: nil, basis: basis) }
        if stored == nil { stored = try await IssuedCertificate.query(on: database).filter(\.$number == payload.number).first() }
        let record = stored?.signedText == signedText ? stored : nil
        let verdict = CertificateVerdict.decide(
            signatureValid: true, payload: payload, known: record != nil,
            ending: record.flatMap { record in record.ending.map { ($0, reason: record.revocationReason ?? "") } }, today: today)
        return Verification(verdict: verdict, certificate: publicView(of: payload, record: record), basis: basis)
    }

    /// The public view: from our record's structured scope when we have it, else from the payload alone.
    static func publicView(of payload: CertificatePayload, record: IssuedCertificate?) -> PublicCertificate {
        guard let record, let scope = record.scope else { return PublicCertificate(payload: payload) }
        return PublicCertificate(payload: payload, holderIsPerson: record.holderIsPerson, scope: scope)
    }

    static func encode(_ scope: CertificateScope) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(scope), as: UTF8.self)
    }

    /// Ends a certificate before its time: 撤销 (Art. 69) or 注销 (Art. 70), on its ground, with the authority's words. The
    /// issuing department's head, or an administrator over it, decides; the decision is written into the case's history
    /// as a document with its 文号 (撤销行政许可决定书 / 注销行政许可决定书), and the public verification says which act.
    public static func end(
        number: String, as ending: CertificateEnding, reason: String, principal: Principal?, by actor: AuditActor, now: Date,
        on database: any Database
    ) async throws -> IssuedCertificate {
        guard let certificate = try await IssuedCertificate.query(on: database).filter(\.$number == number).first(),
              let row = try await ApprovalCase.find(certificate.caseID, on: database)
        else { throw CaseStoreError.notFound }
        guard CaseAccess.canEditMatters(of: row.departmentPath, principal) else { throw CaseStoreError.forbidden }
        guard certificate.revokedAt == nil else { throw CertificateStoreError.alreadyRevoked }
        guard let reason = reason.trimmedNonEmpty, reason.count <= 500 else { throw CertificateStoreError.reasonRequired }
        certificate.revokedAt = now
        certificate.revocationReason = reason
        certificate.endingAct = ending.act
        certificate.endingGround = ending.ground
        try await certificate.save(on: database)
        let state = row.caseState
        let role = principal?.grants.first { $0.covers(unitPath: row.departmentPath) }?.role ?? .departmentHead
        // A case's version counts its events: the decision is one more.
        row.version += 1
        row.updatedAt = now
        try await row.save(on: database)
        try await CaseStore.record(
            CaseTransition(
                from: state, to: state, action: "\(ending.act)_certificate", at: now, notice: ending.notice,
                detail: "\(certificate.title) \(number)\n\(ending.groundTitle(in: .zhHans))\n\(reason)"),
            on: row, actor: .staff(role), by: actor, isFirst: false, on: database)
        try await AuditLog.append(
            AuditEvent(action: "certificate.\(ending.act)", objectType: "certificate", objectID: number, summary: "\(ending.ground): \(reason)"),
            by: actor.within(row.departmentPath), at: now, on: database)
        return certificate
    }

    public static func certificates(ofCase caseID: UUID, on database: any Database) async throws -> [IssuedCertificate] {
        try await IssuedCertificate.query(on: database).filter(\.$caseID == caseID).all()
    }

    /// One of the holder's own certificates; `nil` for anyone else's.
    public static func certificate(_ id: UUID, heldBy accountID: UUID, on database: any Database) async throws -> IssuedCertificate? {
        guard let certificate = try await IssuedCertificate.find(id, on: database), certificate.holderAccountID == accountID else { return nil }
        return certificate
    }

    /// A certificate as a document: the record and the authority that issued it.
    public struct Document: Sendable {
        public var certificate: IssuedCertificate
        public var issuer: OrganisationUnit
    }

    /// One of the holder's own certificates as a document; `nil` for anyone else's.
    public static func document(_ id: UUID, heldBy accountID: UUID, on database: any Database) async throws -> Document? {
        guard let certificate = try await certificate(id, heldBy: accountID, on: database) else { return nil }
        return try await document(of: certificate, on: database)
    }

    /// A certificate of a case as a document, for staff who may read the case (the caller checks that).
    public static func document(_ id: UUID, ofCase caseID: UUID, on database: any Database) async throws -> Document? {
        guard let certificate = try await IssuedCertificate.find(id, on: database), certificate.caseID == caseID else { return nil }
        return try await document(of: certificate, on: database)
    }

    private static func document(of certificate: IssuedCertificate, on database: any Database) async throws -> Document? {
        guard let row = try await ApprovalCase.find(certificate.caseID, on: database),
              let issuer = try await OrganisationUnit.find(row.departmentID, on: database)
        else { return nil }
        return Document(certificate: certificate, issuer: issuer)
    }

    /// The certificates held by an account, newest first.
    public static func held(by accountID: UUID, on database: any Database) async throws -> [IssuedCertificate] {
        try await IssuedCertificate.query(on: database).filter(\.$holderAccountID == accountID).sort(\.$issuedAt, .descending).all()
    }

    /// Files a renewal (延续) of a certificate its holder owns, as a new case of the same matter (Art. 50), with its
    /// query code as given (``CaseStore/submit(matter:form:files:applicant:channel:intakePath:bundleID:renewsCertificateID:by:context:on:)``).
    public static func applyForRenewal(
        of certificateID: UUID, form: [String: String], files: [CheckedFile], applicant: ApplicantDetails,
        intakePath: String, by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> FiledCase {
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
