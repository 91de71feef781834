import FluentKit
import Foundation
import GovCore

/// A category of the catalogue; the tree an administrator edits.
public final class DisclosureCategoryRecord: Model, @unchecked Sendable {
    public static let schema = "disclosure_categories"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @OptionalField(key: "parent_code") public var parentCode: String?
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "sort_order") public var sortOrder: Int
    public var properties: [any AnyProperty] { [$id, $parentCode, $nameZh, $nameEn, $sortOrder] }
    public init() {}

    public var category: DisclosureCategory {
        DisclosureCategory(code: id ?? "", parentCode: parentCode, nameZh: nameZh, nameEn: nameEn)
    }
}

/// An item of the disclosure catalogue. The row holds what the public sees (its last signed-off version) and where its
/// working copy stands; the content of each version lives in ``DisclosureVersion``.
public final class DisclosureItem: Model, @unchecked Sendable {
    public static let schema = "disclosure_items"
    @ID(key: .id) public var id: UUID?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    /// 索引号, given when it is first signed off.
    @OptionalField(key: "index_number") public var indexNumber: String?
    @Field(key: "category_code") public var categoryCode: String
    @Field(key: "title") public var title: String
    @Field(key: "document_number") public var documentNumber: String
    @Field(key: "issuer") public var issuer: String
    @Field(key: "written_on") public var writtenOnText: String
    @Field(key: "form") public var form: String
    @Field(key: "validity") public var validity: String
    @Field(key: "publication") public var publication: String
    @OptionalField(key: "working_step") public var workingStep: String?
    @OptionalField(key: "working_version") public var workingVersion: Int?
    @OptionalField(key: "published_version") public var publishedVersion: Int?
    @OptionalField(key: "first_published_at") public var firstPublishedAt: Date?
    /// When the version the public sees was signed off.
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @OptionalField(key: "withdrawn_reason") public var withdrawnReason: String?
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?
    /// Its row in the search index, newest highest; nil while it is not searchable.
    @OptionalField(key: "search_id") public var searchID: Int64?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $unitID, $unitPath, $indexNumber, $categoryCode, $title, $documentNumber, $issuer, $writtenOnText, $form, $validity,
            $publication, $workingStep, $workingVersion, $publishedVersion, $firstPublishedAt, $publishedAt, $withdrawnReason, $withdrawnAt,
            $searchID, $version, $createdAt, $updatedAt,
        ]
    }
    public init() {}

    public var status: DisclosureStatus {
        DisclosureStatus(publication: PublicationStatus(rawValue: publication) ?? .unpublished, working: workingStep.flatMap(DisclosureStep.init(rawValue:)))
    }

    public var disclosureForm: DisclosureForm { DisclosureForm(rawValue: form) ?? .onRequest }
    public var disclosureValidity: DisclosureValidity { DisclosureValidity(rawValue: validity) ?? .valid }
    public var writtenOn: CivilDate? { CivilDate(writtenOnText) }

    /// Whether anyone, signed in or not, may read it: proactive, and signed off at least once.
    public var isPublic: Bool { form == DisclosureForm.proactive.rawValue && publication != PublicationStatus.unpublished.rawValue }
}

/// One version of an item's content: the first draft, and each correction.
public final class DisclosureVersion: Model, @unchecked Sendable {
    public static let schema = "disclosure_versions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "draft") public var draftJSON: String
    @OptionalField(key: "drafted_by_account_id") public var draftedByAccountID: UUID?
    @Field(key: "drafted_by_name") public var draftedByName: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "published_at") public var publishedAt: Date?
    public var properties: [any AnyProperty] {
        [
            $id, $itemID, $number, $draftJSON, $draftedByAccountID, $draftedByName, $createdAt, $publishedAt,
        ]
    }
    public init() {}

    public func draft() throws -> DisclosureDraft {
        try JSONDecoder().decode(DisclosureDraft.self, from: Data(draftJSON.utf8))
    }

    func setDraft(_ draft: DisclosureDraft) throws {
        draftJSON = try StoredJSON.text(draft)
    }
}

/// A step of an item's review, as it happened.
public final class DisclosureReviewEvent: Model, @unchecked Sendable {
    public static let schema = "disclosure_reviews"
    @ID(key: .id) public var id: UUID?
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "version_number") public var versionNumber: Int
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "action") public var action: String
    /// The step it was taken at.
    @OptionalField(key: "step") public var step: String?
    @OptionalField(key: "text") public var text: String?
    @OptionalField(key: "actor_account_id") public var actorAccountID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at") public var at: Date
    public var properties: [any AnyProperty] {
        [
            $id, $itemID, $versionNumber, $sequence, $action, $step, $text, $actorAccountID, $actorName, $at,
        ]
    }
    public init() {}
}

/// A file published with a version (附件).
public final class DisclosureAttachment: Model, @unchecked Sendable {
    public static let schema = "disclosure_attachments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "version_number") public var versionNumber: Int
    @Field(key: "file_name") public var fileName: String
    @Field(key: "blob_sha256") public var blobSHA256: String
    @Field(key: "size") public var size: Int
    @Field(key: "media_type") public var mediaType: String
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $itemID, $versionNumber, $fileName, $blobSHA256, $size, $mediaType, $createdAt] }
    public init() {}
}

/// A request for disclosure (政府信息公开申请).
public final class DisclosureRequestRecord: Model, @unchecked Sendable {
    public static let schema = "disclosure_requests"
    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "query_code") public var queryCode: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    /// `online`, or `paper` when staff recorded it.
    @Field(key: "channel") public var channel: String
    @OptionalField(key: "account_id") public var accountID: UUID?
    @Field(key: "application") public var applicationJSON: String
    @Field(key: "requester_kind") public var requesterKind: String
    @Field(key: "requester_name") public var requesterName: String
    /// The first words of the description, for lists.
    @Field(key: "summary") public var summary: String
    @Field(key: "regulations") public var regulations: String
    @Field(key: "state") public var state: String
    @Field(key: "received_at") public var receivedAt: Date
    /// Where the reply clock started: the receipt, or the clarification's arrival (第三十三条第一款).
    @Field(key: "clock_started_at") public var clockStartedAt: Date
    /// The requester's deadline for the clarification asked of them.
    @OptionalField(key: "clarification_due") public var clarificationDue: Date?
    @Field(key: "clarifications_requested") public var clarificationsRequested: Int
    @Field(key: "extended") public var extended: Bool
    @OptionalField(key: "reply_due") public var replyDue: Date?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "outcome_group") public var outcomeGroup: String?
    @OptionalField(key: "explanation") public var explanation: String?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "answered_by_name") public var answeredByName: String?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $number, $queryCode, $unitID, $unitPath, $channel, $accountID, $applicationJSON, $requesterKind, $requesterName, $summary,
            $regulations, $state, $receivedAt, $clockStartedAt, $clarificationDue, $clarificationsRequested, $extended, $replyDue, $outcome,
            $outcomeGroup, $explanation, $answeredAt, $answeredByName, $version, $createdAt, $updatedAt,
        ]
    }
    public init() {}

    public var requestState: RequestState { RequestState(rawValue: state) ?? .received }
    public var responseOutcome: ResponseOutcome? { outcome.flatMap(ResponseOutcome.init(rawValue:)) }
    public var edition: DisclosureRegulations { DisclosureRegulations(rawValue: regulations) ?? .edition2019 }

    public func application() throws -> DisclosureApplication {
        try JSONDecoder().decode(DisclosureApplication.self, from: Data(applicationJSON.utf8))
    }

    public var facts: RequestFacts {
        RequestFacts(state: requestState, receivedAt: clockStartedAt, clarificationsRequested: clarificationsRequested, extended: extended, outcome: responseOutcome)
    }
}

/// A step of a request's handling, as it happened.
public final class DisclosureRequestEvent: Model, @unchecked Sendable {
    public static let schema = "disclosure_request_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "action") public var action: String
    @OptionalField(key: "text") public var text: String?
    @OptionalField(key: "actor_account_id") public var actorAccountID: UUID?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at") public var at: Date
    public var properties: [any AnyProperty] { [$id, $requestID, $sequence, $action, $text, $actorAccountID, $actorName, $at] }
    public init() {}
}

/// A figure of the annual report that no data in GovHall holds (reconsideration and litigation outcomes, fees, the
/// report's own prose), recorded by the disclosure office.
public final class DisclosureReportFigure: Model, @unchecked Sendable {
    public static let schema = "disclosure_report_figures"
    @ID(key: .id) public var id: UUID?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "key") public var key: String
    @OptionalField(key: "number") public var number: Int?
    @OptionalField(key: "text") public var text: String?
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] { [$id, $unitID, $year, $key, $number, $text, $updatedAt] }
    public init() {}
}
