import FluentKit
import FluentSQL
import Foundation
import GovCore

/// A named counter (tracking-number and document-number serials), advanced with `UPDATE … RETURNING`.
final class Counter: Model, @unchecked Sendable {
    static let schema = "counters"
    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: Int
    var properties: [any AnyProperty] { [$id, $value] }
    init() {}
}

/// File content, stored once per SHA-256 however many cases refer to it.
public final class Blob: Model, @unchecked Sendable {
    public static let schema = "blobs"
    @ID(custom: "sha256", generatedBy: .user) public var id: String?
    @Field(key: "size") public var size: Int
    @Field(key: "media_type") public var mediaType: String
    @Field(key: "bytes") public var bytes: Data
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $size, $mediaType, $bytes, $createdAt] }
    public init() {}

    /// Stores the bytes, unless a blob with their SHA-256 is already there, and returns that hash.
    static func put(_ bytes: [UInt8], mediaType: String, at now: Date, on database: any Database) async throws -> String {
        try await put([(bytes, mediaType)], at: now, on: database)[0]
    }

    /// Stores each file's bytes unless a blob with their SHA-256 is already there, in one statement (never reading a
    /// stored file back to find out), and returns the hashes in order.
    static func put(_ files: [(bytes: [UInt8], mediaType: String)], at now: Date, on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let digests = files.map { Digest.sha256Hex($0.bytes) }
        var insert = sql.insert(into: schema).columns("sha256", "size", "media_type", "bytes", "created_at")
        var written = Set<String>()
        for (digest, file) in zip(digests, files) where written.insert(digest).inserted {
            insert = insert.values(SQLBind(digest), SQLBind(file.bytes.count), SQLBind(file.mediaType), SQLBind(Data(file.bytes)), SQLBind(now))
        }
        if !written.isEmpty { try await insert.ignoringConflicts(with: "sha256").run() }
        return digests
    }
}

/// A 政务服务事项; its content lives in versions, the row holds what lists and search need.
public final class Matter: Model, @unchecked Sendable {
    public static let schema = "matters"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "department_id") public var department: OrganisationUnit
    @Field(key: "department_path") public var departmentPath: String
    @Field(key: "current_version") public var currentVersion: Int
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "kind") public var kind: String
    @Field(key: "online_depth") public var onlineDepth: String
    /// `,birth,marriage,`: a `LIKE '%,x,%'` finds one event.
    @Field(key: "life_events") public var lifeEvents: String
    @Field(key: "audiences") public var audiences: String
    /// Lower-cased names, code, legal basis and conditions for full-text search.
    @Field(key: "search_text") public var searchText: String
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $code, $department, $departmentPath, $currentVersion, $nameZh, $nameEn, $kind, $onlineDepth, $lifeEvents, $audiences,
            $searchText, $updatedAt,
        ]
    }
    public init() {}

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
}

/// One published version of a matter; a case keeps the version it was filed under.
public final class MatterVersion: Model, @unchecked Sendable {
    public static let schema = "matter_versions"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "matter_id") public var matter: Matter
    @Field(key: "version") public var version: Int
    @Field(key: "definition") public var definitionJSON: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $matter, $version, $definitionJSON, $createdBy, $createdAt] }
    public init() {}

    /// The decoded definition. A published version never changes, so decodings are kept per version id.
    public func definition() throws -> MatterDefinition {
        if let id, let cached = DefinitionCache.shared.get(id) { return cached }
        let definition = try JSONDecoder().decode(MatterDefinition.self, from: Data(definitionJSON.utf8))
        if let id { DefinitionCache.shared.put(id, definition) }
        return definition
    }
}

/// Decoded matter versions by id, and by matter and version number; safe to share because versions are immutable
/// once published.
final class DefinitionCache: @unchecked Sendable {
    static let shared = DefinitionCache()
    private let lock = NSLock()
    private var definitions: [UUID: MatterDefinition] = [:]
    private var published: [PublishedVersion.Key: PublishedVersion] = [:]

    func get(_ id: UUID) -> MatterDefinition? { lock.withLock { definitions[id] } }

    func put(_ id: UUID, _ definition: MatterDefinition) {
        lock.withLock {
            if definitions.count > 10_000 { definitions.removeAll() }
            definitions[id] = definition
        }
    }

    func get(_ key: PublishedVersion.Key) -> PublishedVersion? { lock.withLock { published[key] } }

    func put(_ version: PublishedVersion) {
        lock.withLock {
            if published.count > 10_000 { published.removeAll() }
            published[version.key] = version
        }
    }
}

/// A published version of a matter, decoded.
public struct PublishedVersion: Sendable {
    struct Key: Hashable {
        var matterID: UUID
        var number: Int
    }

    public var id: UUID
    public var matterID: UUID
    public var number: Int
    public var definition: MatterDefinition

    var key: Key { Key(matterID: matterID, number: number) }

    init(_ row: MatterVersion) throws {
        id = try row.requireID()
        matterID = row.$matter.id
        number = row.version
        definition = try row.definition()
    }
}

/// 并联审批: one application for several departments' matters, with its own 45-working-day limit.
public final class CaseBundle: Model, @unchecked Sendable {
    public static let schema = "case_bundles"
    @ID(key: .id) public var id: UUID?
    @Field(key: "tracking_number") public var trackingNumber: String
    @Field(key: "query_code") public var queryCode: String
    @Field(key: "title") public var title: String
    @Field(key: "lead_department_id") public var leadDepartmentID: UUID
    @Field(key: "lead_department_path") public var leadDepartmentPath: String
    @OptionalField(key: "applicant_account_id") public var applicantAccountID: UUID?
    @Field(key: "applicant_name") public var applicantName: String
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "statutory_due") public var statutoryDue: Date
    /// The due date runs into a year without calendar data and was counted with estimated holidays.
    @Field(key: "due_is_provisional") public var dueIsProvisional: Bool
    @Field(key: "extension_days") public var extensionDays: Int
    @OptionalField(key: "extension_reason") public var extensionReason: String?
    @OptionalField(key: "completed_at") public var completedAt: Date?

    public var scope: BundleScope {
        BundleScope(leadDepartmentPath: leadDepartmentPath, extensionDays: extensionDays, isCompleted: completedAt != nil)
    }
    public var properties: [any AnyProperty] {
        [
            $id, $trackingNumber, $queryCode, $title, $leadDepartmentID, $leadDepartmentPath, $applicantAccountID, $applicantName,
            $receivedAt, $statutoryDue, $dueIsProvisional, $extensionDays, $extensionReason, $completedAt,
        ]
    }
    public init() {}
}

/// 办件: one application for one matter.
public final class ApprovalCase: Model, @unchecked Sendable {
    public static let schema = "cases"
    @ID(key: .id) public var id: UUID?
    @Field(key: "tracking_number") public var trackingNumber: String
    @Field(key: "query_code") public var queryCode: String
    @Parent(key: "matter_id") public var matter: Matter
    @Parent(key: "matter_version_id") public var matterVersion: MatterVersion
    @Field(key: "department_id") public var departmentID: UUID
    @Field(key: "department_path") public var departmentPath: String
    /// The service centre that receives the case (its windows' clerks may act on it).
    @Field(key: "intake_path") public var intakePath: String
    @OptionalField(key: "bundle_id") public var bundleID: UUID?
    @OptionalField(key: "renews_certificate_id") public var renewsCertificateID: UUID?
    @OptionalField(key: "applicant_account_id") public var applicantAccountID: UUID?
    @Field(key: "applicant_kind") public var applicantKind: String
    @Field(key: "applicant_name") public var applicantName: String
    @Field(key: "applicant_identifier") public var applicantIdentifier: String
    @OptionalField(key: "applicant_phone") public var applicantPhone: String?
    /// `online` or `window`.
    @Field(key: "channel") public var channel: String
    @Field(key: "form_data") public var formDataJSON: String
    @Field(key: "state") public var state: String
    @Field(key: "snapshot") public var snapshotJSON: String
    /// The deadline of the clock running now (acceptance, decision or certificate), for ordering inboxes.
    @OptionalField(key: "running_due") public var runningDue: Date?
    @Field(key: "flag_count") public var flagCount: Int
    /// Optimistic concurrency: an update names the version it read.
    @Field(key: "version") public var version: Int
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "rating") public var rating: Int?
    @OptionalField(key: "rating_comment") public var ratingComment: String?
    @OptionalField(key: "rated_at") public var ratedAt: Date?
    public var properties: [any AnyProperty] {
        [
            $id, $trackingNumber, $queryCode, $matter, $matterVersion, $departmentID, $departmentPath, $intakePath, $bundleID,
            $renewsCertificateID, $applicantAccountID, $applicantKind, $applicantName, $applicantIdentifier, $applicantPhone, $channel,
            $formDataJSON, $state, $snapshotJSON, $runningDue, $flagCount, $version, $receivedAt, $updatedAt, $closedAt, $rating,
            $ratingComment, $ratedAt,
        ]
    }
    public init() {}

    public func snapshot() throws -> CaseSnapshot {
        try Self.decoder.decode(CaseSnapshot.self, from: Data(snapshotJSON.utf8))
    }

    public func formData() -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(formDataJSON.utf8))) ?? [:]
    }

    public var caseState: CaseState { CaseState(rawValue: state) ?? .submitted }

    public var scope: CaseScope {
        CaseScope(departmentPath: departmentPath, intakePath: intakePath, applicantAccountID: applicantAccountID)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

/// One move in a case's history, with the notice it produced.
public final class CaseEvent: Model, @unchecked Sendable {
    public static let schema = "case_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "action") public var action: String
    @OptionalField(key: "from_state") public var fromState: String?
    @Field(key: "to_state") public var toState: String
    @OptionalField(key: "actor_account_id") public var actorAccountID: UUID?
    @Field(key: "actor_name") public var actorName: String
    /// A ``CaseActor``: a role's raw value, `applicant` or `system`.
    @Field(key: "actor_role") public var actorRole: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "notice") public var notice: String?
    @OptionalField(key: "document_number") public var documentNumber: String?
    @OptionalField(key: "detail") public var detail: String?
    public var properties: [any AnyProperty] {
        [
            $id, $caseID, $sequence, $action, $fromState, $toState, $actorAccountID, $actorName, $actorRole, $at, $notice, $documentNumber,
            $detail,
        ]
    }
    public init() {}

    public var noticeKind: NoticeKind? { notice.flatMap(NoticeKind.init(rawValue:)) }
}

/// A file handed in for one material of a case; a correction supersedes the earlier file for the same key.
public final class CaseMaterial: Model, @unchecked Sendable {
    public static let schema = "case_materials"
    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "material_key") public var materialKey: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "media_type") public var mediaType: String
    @Field(key: "size") public var size: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "uploaded_by") public var uploadedBy: String
    @Field(key: "uploaded_at") public var uploadedAt: Date
    @OptionalField(key: "superseded_at") public var supersededAt: Date?
    public var properties: [any AnyProperty] {
        [
            $id, $caseID, $materialKey, $fileName, $mediaType, $size, $sha256, $uploadedBy, $uploadedAt, $supersededAt,
        ]
    }
    public init() {}
}

/// A fee charged on a case, compared with the matter's published standard (Art. 58, 59).
public final class FeeRecord: Model, @unchecked Sendable {
    public static let schema = "fee_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "item_name") public var itemName: String
    @OptionalField(key: "standard_fen") public var standardFen: Int?
    @Field(key: "charged_fen") public var chargedFen: Int
    @Field(key: "flagged") public var flagged: Bool
    @OptionalField(key: "reason") public var reason: String?
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $caseID, $itemName, $standardFen, $chargedFen, $flagged, $reason, $recordedBy, $recordedAt,
        ]
    }
    public init() {}
}

/// A certificate (证照) issued on a granted case, with the signed text its QR code carries.
public final class IssuedCertificate: Model, @unchecked Sendable {
    public static let schema = "certificates"
    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "matter_id") public var matterID: UUID
    @OptionalField(key: "holder_account_id") public var holderAccountID: UUID?
    @Field(key: "holder_name") public var holderName: String
    @Field(key: "holder_identifier") public var holderIdentifier: String
    @Field(key: "title") public var title: String
    @Field(key: "valid_from") public var validFrom: String
    @OptionalField(key: "valid_until") public var validUntil: String?
    @Field(key: "key_id") public var keyID: String
    @Field(key: "signed_text") public var signedText: String
    @Field(key: "issued_at") public var issuedAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "revocation_reason") public var revocationReason: String?
    /// 撤销 or 注销 (``CertificateEnding``), and its ground, when the certificate ended before its time.
    @OptionalField(key: "ending_act") public var endingAct: String?
    @OptionalField(key: "ending_ground") public var endingGround: String?
    /// The scope as structured fields (``CertificateScope`` as JSON): the text with personal data in full, for the
    /// issuing department only.
    @Field(key: "scope_fields") public var scopeFields: String
    /// The scope as the public may read it, every personal datum masked.
    @Field(key: "public_scope") public var publicScope: String
    /// 核验码 printed on the certificate: verification by number needs it (``CertificateCheckCode``).
    @Field(key: "check_code") public var checkCode: String
    public var properties: [any AnyProperty] {
        [
            $id, $number, $caseID, $matterID, $holderAccountID, $holderName, $holderIdentifier, $title, $validFrom, $validUntil, $keyID,
            $signedText, $issuedAt, $revokedAt, $revocationReason, $endingAct, $endingGround, $scopeFields, $publicScope, $checkCode,
        ]
    }
    public init() {}

    public var validUntilDate: CivilDate? { validUntil.flatMap(CivilDate.init) }

    /// How it ended, if it did: 撤销 or 注销 with its ground.
    public var ending: CertificateEnding? {
        guard revokedAt != nil, let act = endingAct, let ground = endingGround else { return nil }
        return CertificateEnding(act: act, ground: ground)
    }

    /// Whether the holder is a natural person, whose name and number the public sees masked.
    public var holderIsPerson: Bool { CertificateScope.holderIsPerson(identifier: holderIdentifier) }

    public var scope: CertificateScope? { try? JSONDecoder().decode(CertificateScope.self, from: Data(scopeFields.utf8)) }
}
