import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// A multipart form with fields named at run time (a matter's form fields and `material_<key>` files).
struct MultipartFields: Decodable {
    var texts: [String: String] = [:]
    var files: [String: File] = [:]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if let file = try? container.decode(File.self, forKey: key) {
                // A file input left empty arrives as a part with an empty file name.
                if !(file.filename.isEmpty && file.data.readableBytes == 0) { files[key.stringValue] = file }
            } else if let text = try? container.decode(String.self, forKey: key) {
                texts[key.stringValue] = text
            }
        }
    }

    init(texts: [String: String], files: [String: File]) {
        self.texts = texts
        self.files = files
    }
}

extension Request {
    /// Where a paged list of cases starts: `after` as a link's `rel="next"` gave it (`nil`: the first page), and at
    /// most `limit` cases (1 to 200). A cursor GovHall did not write is refused, naming `after`.
    func casePage(defaultLimit: Int) throws -> (limit: Int, after: CaseCursor?) {
        let limit = min(max(query[Int.self, at: "limit"] ?? defaultLimit, 1), 200)
        let after = try query[String.self, at: "after"].map { text in
            guard let cursor = CaseCursor(text: text) else { throw FieldErrors.single("after", FieldProblem.invalid) }
            return cursor
        }
        return (limit, after)
    }

    /// The submitted form, urlencoded or multipart, as text fields and files.
    func multipartFields() throws -> MultipartFields {
        if headers.contentType?.type == "multipart" { return try content.decode(MultipartFields.self) }
        return MultipartFields(texts: (try? content.decode([String: String].self)) ?? [:], files: [:])
    }
}

enum UploadChecking {
    /// Checks every `material_<key>` file by its bytes; all refusals at once, keyed by field. Nothing is stored
    /// unless every file passes.
    static func check(_ files: [String: File]) throws -> [CheckedFile] {
        var errors = FieldErrors()
        var checked: [CheckedFile] = []
        for (field, file) in files.sorted(by: { $0.key < $1.key }) where field.hasPrefix("material_") {
            let key = String(field.dropFirst("material_".count))
            let bytes = Array(file.data.readableBytesView)
            do {
                let upload = try UploadPolicy.check(bytes: bytes, declaredName: file.filename)
                checked.append(CheckedFile(materialKey: key, upload: upload, bytes: bytes))
            } catch {
                errors.add(field, error)
            }
        }
        try errors.throwIfAny()
        return checked
    }
}

/// What a list shows about one case.
struct CaseRow: Encodable, Sendable {
    var id: String
    var trackingNumber: String
    var matter: String
    var applicant: String
    var state: String
    var stateCode: String
    var light: String
    var lightLabel: String
    var daysLeft: String
    var received: String
    var flags: Int
}

/// One line of a case's history.
struct TimelineRow: Encodable, Sendable {
    var id: String
    var at: String
    var action: String
    var actor: String
    var state: String
    var notice: String?
    var documentNumber: String?
    var detail: String?
}

struct MaterialRow: Encodable, Sendable {
    var id: String
    var name: String
    var fileName: String
    var size: String
    var uploadedAt: String
    var superseded: Bool
    var sha256: String
}

struct CertificateRow: Encodable, Sendable {
    var id: String
    var number: String
    var title: String
    var holder: String
    var validFrom: String
    var validUntil: String
    var revoked: Bool
    var revocationReason: String?
    /// 已撤销 or 已注销 once it ended.
    var endingStatus: String?
    /// The printable document, for its holder and for staff on the case; nil on public pages.
    var documentLink: String?
    /// The 核验码 as printed (ABCD-EFGH), for those who hold or issue the certificate; nil on public pages.
    var checkCode: String?
    var renewable: Bool
}

struct FeeRow: Encodable, Sendable {
    var item: String
    var standard: String
    var charged: String
    var flagged: Bool
    var reason: String?
    var at: String
}

/// What the case page shows, for applicants, staff and the public tracking page alike.
struct CaseView: Encodable, Sendable {
    var id: String
    var trackingNumber: String
    /// A query code just given (at filing, or renewed by the applicant): cases keep only its hash, so a page shows it
    /// only in the answer that gave it.
    var queryCode: String?
    var version: Int
    var matterName: String
    var matterCode: String
    var matterVersion: Int
    var department: String
    var applicant: String
    var applicantIdentifier: String
    var channel: String
    var state: String
    var stateCode: String
    var light: String
    var lightLabel: String
    var daysLeft: String
    var received: String
    var acceptanceDue: String
    var promisedDue: String?
    var statutoryDue: String?
    var certificateDue: String?
    var currentStep: String?
    var suspension: String?
    var suspensionExpectedEnd: String?
    var extensionDays: Int
    var flags: [String]
    var form: [LabelledValue]
    var timeline: [TimelineRow]
    var materials: [MaterialRow]
    var fees: [FeeRow]
    var certificates: [CertificateRow]
    var rating: Int?
    var ratingComment: String?
    var bundleTrackingNumber: String?
    var bundleID: String?
    var bundleDue: String?
    var bundleExtended: Bool
}

struct LabelledValue: Encodable, Sendable {
    var label: String
    var value: String
}

enum CaseViews {
    static func light(_ snapshot: CaseSnapshot, now: Date, calendar: WorkCalendar, language: Language) -> (String, String, String) {
        guard let (light, left) = try? CaseRules.light(for: snapshot, at: now, calendar: calendar) else { return ("none", "", "") }
        let label = Strings.text("light_\(light.rawValue)", language)
        let days: String
        if let left {
            days = left >= 0 ? Strings.format("days_left", language, ["n": "\(left)"]) : Strings.format("days_late", language, ["n": "\(-left)"])
        } else {
            days = ""
        }
        return (light.rawValue, label, days)
    }

    static func row(_ row: ApprovalCase, matterName: String, viewer: Principal?, now: Date, calendar: WorkCalendar, language: Language) -> CaseRow {
        let snapshot = try? row.snapshot()
        let (light, label, days) = snapshot.map { self.light($0, now: now, calendar: calendar, language: language) } ?? ("none", "", "")
        return CaseRow(
            id: row.id?.uuidString.lowercased() ?? "", trackingNumber: row.trackingNumber, matter: matterName,
            applicant: row.applicantName, state: row.caseState.title(in: language), stateCode: row.state, light: light,
            lightLabel: label, daysLeft: days, received: BeijingTime.minute(row.receivedAt),
            flags: CaseAccess.seesSupervisionFlags(viewer, row.scope) ? row.flagCount : 0)
    }

    static func rows(
        _ cases: [ApprovalCase], viewer: Principal?, now: Date, calendar: WorkCalendar, language: Language, on db: any Database
    ) async throws -> [CaseRow] {
        let names = try await MatterStore.names(ids: Array(Set(cases.map { $0.$matter.id })), language, on: db)
        return cases.map { row($0, matterName: names[$0.$matter.id] ?? "", viewer: viewer, now: now, calendar: calendar, language: language) }
    }

    static func actorTitle(_ raw: String, language: Language) -> String {
        switch raw {
        case "applicant": Role.applicant.title(in: language)
        case "system": CaseActor.system.title(in: language)
        default: Role(rawValue: raw)?.title(in: language) ?? raw
        }
    }

    static func actionTitle(_ raw: String, language: Language) -> String {
        if raw == "submit" { return Strings.text("action_submit", language) }
        if ["revocation_certificate", "cancellation_certificate", "recount"].contains(raw) { return Strings.text("action_\(raw)", language) }
        return CaseActionKind(rawValue: raw)?.title(in: language) ?? raw
    }

    static func view(
        _ record: CaseRecord, now: Date, calendar: WorkCalendar, language: Language, viewer: Principal?, queryCode: String?,
        maskIdentifier: Bool
    ) -> CaseView {
        let row = record.row
        let snapshot = record.snapshot
        let (light, label, days) = self.light(snapshot, now: now, calendar: calendar, language: language)
        let form = record.row.formData()
        let fields = record.definition.form.fields.compactMap { field in
            form[field.name].map { LabelledValue(label: field.label(in: language), value: field.displayValue($0, in: language)) }
        }
        let today = CivilDate.beijing(now)
        func day(_ date: Date?) -> String? { date.map { CivilDate.beijingEnding(at: $0).description } }
        return CaseView(
            id: row.id?.uuidString.lowercased() ?? "", trackingNumber: row.trackingNumber,
            queryCode: queryCode, version: row.version,
            matterName: record.definition.name(in: language), matterCode: record.matter.code,
            matterVersion: record.matterVersion,
            department: record.department.name(in: language), applicant: row.applicantName,
            applicantIdentifier: maskIdentifier ? Mask.identifier(row.applicantIdentifier) : row.applicantIdentifier,
            channel: Strings.text("channel_\(row.channel)", language), state: row.caseState.title(in: language),
            stateCode: row.state, light: light, lightLabel: label, daysLeft: days,
            received: BeijingTime.minute(row.receivedAt), acceptanceDue: day(snapshot.acceptanceDue) ?? "",
            promisedDue: day(snapshot.promisedDue), statutoryDue: day(snapshot.statutoryDue), certificateDue: day(snapshot.certificateDue),
            currentStep: snapshot.state == .inReview ? snapshot.currentReviewStep.map { step in
                let own = record.definition.steps.first { $0.nameZh == step.name }
                return (own?.name(in: language) ?? step.name) + " · " + step.role.title(in: language)
            } : nil,
            suspension: snapshot.suspension?.title(in: language), suspensionExpectedEnd: snapshot.suspensionExpectedEnd?.description,
            extensionDays: snapshot.extensionDays,
            flags: CaseAccess.seesSupervisionFlags(viewer, row.scope) ? snapshot.flags.map { $0.title(in: language) } : [],
            form: fields,
            timeline: record.events.map { event in
                TimelineRow(
                    id: event.id?.uuidString.lowercased() ?? "", at: BeijingTime.minute(event.at),
                    action: actionTitle(event.action, language: language),
                    actor: actorTitle(event.actorRole, language: language) + (event.actorRole == "applicant" || event.actorRole == "system" ? "" : " · \(event.actorName)"),
                    state: CaseState(rawValue: event.toState)?.title(in: language) ?? event.toState,
                    notice: event.noticeKind?.title(in: language), documentNumber: event.documentNumber,
                    detail: event.action == "submit" ? event.detail.map { Strings.text("channel_\($0)", language) } : event.detail)
            },
            materials: record.materials.map { material in
                MaterialRow(
                    id: material.id?.uuidString.lowercased() ?? "",
                    name: record.definition.material(material.materialKey)?.name(in: language) ?? material.materialKey,
                    fileName: material.fileName, size: ByteSize.text(material.size), uploadedAt: BeijingTime.minute(material.uploadedAt),
                    superseded: material.supersededAt != nil, sha256: material.sha256)
            },
            fees: record.fees.map { fee in
                FeeRow(item: fee.itemName, standard: fee.standardFen.map { Yuan.format($0) } ?? "—", charged: Yuan.format(fee.chargedFen),
                       flagged: fee.flagged, reason: fee.reason, at: BeijingTime.minute(fee.recordedAt))
            },
            certificates: record.certificates.map { certificate in
                let link: String? = switch (CaseAccess.certificateCopy(viewer, row.scope, holderAccountID: certificate.holderAccountID), certificate.id, row.id) {
                case let (.holder, id?, _): Paths.approvals.myCertificate(id)
                case let (.staff, id?, caseID?): Paths.approvals.workCaseCertificate(caseID, id)
                default: nil
                }
                return certificateRow(certificate, today: today, maskIdentifier: maskIdentifier, documentLink: link, language: language)
            },
            rating: row.rating, ratingComment: row.ratingComment, bundleTrackingNumber: record.bundle?.trackingNumber,
            bundleID: record.bundle?.id?.uuidString.lowercased(), bundleDue: day(record.bundle?.statutoryDue),
            bundleExtended: (record.bundle?.extensionDays ?? 0) > 0)
    }

    static func certificateRow(
        _ certificate: IssuedCertificate, today: CivilDate, maskIdentifier: Bool, documentLink: String?, language: Language
    ) -> CertificateRow {
        CertificateRow(
            id: certificate.id?.uuidString.lowercased() ?? "", number: certificate.number, title: certificate.title,
            holder: certificate.holderName + " " + (maskIdentifier ? Mask.identifier(certificate.holderIdentifier) : certificate.holderIdentifier),
            validFrom: certificate.validFrom, validUntil: certificate.validUntil ?? "—", revoked: certificate.revokedAt != nil,
            revocationReason: certificate.revocationReason,
            endingStatus: certificate.revokedAt == nil ? nil : certificate.ending?.status(in: language) ?? Strings.text("certificate_ended", language),
            documentLink: documentLink,
            checkCode: CertificateCheckCode.printed(certificate.checkCode),
            renewable: certificate.revokedAt == nil && RenewalRules.isDueSoon(validUntil: certificate.validUntilDate, today: today))
    }
}

extension UUID {
    /// A route parameter as a UUID, or 404.
    static func parameter(_ name: String, of request: Request) throws -> UUID {
        guard let raw = request.parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
