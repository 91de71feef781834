import FluentKit
import Foundation
import GovCore

/// A node of the hotline's category tree (诉求分类), keyed by its code.
public final class HotlineCategoryRecord: Model, @unchecked Sendable {
    public static let schema = "hotline_categories"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "sort_order") public var sortOrder: Int
    public var properties: [any AnyProperty] { [$id, $nameZh, $nameEn, $sortOrder] }
    public init() {}

    public var category: HotlineCategory { HotlineCategory(code: id ?? "", nameZh: nameZh, nameEn: nameEn) }
}

/// A routing rule (派单规则): a category branch, optionally a region, and the department it goes to.
public final class HotlineRoutingRecord: Model, @unchecked Sendable {
    public static let schema = "hotline_routing_rules"
    @ID(key: .id) public var id: UUID?
    @Field(key: "category_prefix") public var categoryPrefix: String
    @OptionalField(key: "region_code") public var regionCode: String?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $categoryPrefix, $regionCode, $unitID, $createdAt] }
    public init() {}

    public var rule: RoutingRule { RoutingRule(categoryPrefix: categoryPrefix, regionCode: regionCode, unitID: unitID) }
}

/// A ticket (工单): a call, a web form, an API call, a letter to the leader mailbox or an Open311 request.
public final class TicketRecord: Model, @unchecked Sendable {
    public static let schema = "hotline_tickets"
    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "query_code") public var queryCode: String
    @Field(key: "kind") public var kind: String
    @Field(key: "channel") public var channel: String
    @Field(key: "urgency") public var urgency: String
    @Field(key: "category_code") public var categoryCode: String
    @OptionalField(key: "region_code") public var regionCode: String?
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "subject") public var subject: String
    @Field(key: "description") public var description: String
    @OptionalField(key: "caller_name") public var callerName: String?
    @OptionalField(key: "caller_phone") public var callerPhone: String?
    @OptionalField(key: "caller_email") public var callerEmail: String?
    /// The account that filed it, when it was filed signed in.
    @OptionalField(key: "account_id") public var accountID: UUID?
    @Field(key: "state") public var state: String
    /// The department it is with (or was last with).
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @OptionalField(key: "unit_path") public var unitPath: String?
    @OptionalField(key: "unit_name") public var unitName: String?
    /// `rule`, `operator` or `addressee` (a letter to a department head goes to that department).
    @OptionalField(key: "routed_by") public var routedBy: String?
    /// A leader-mailbox letter's addressee: the mayor (the city) or a department.
    @OptionalField(key: "addressee_unit_id") public var addresseeUnitID: UUID?
    @Field(key: "return_count") public var returnCount: Int
    @Field(key: "reopen_count") public var reopenCount: Int
    @Field(key: "extension_count") public var extensionCount: Int
    @OptionalField(key: "extension_requested") public var extensionRequested: Int?
    @OptionalField(key: "extension_reason") public var extensionReason: String?
    @OptionalField(key: "reply") public var reply: String?
    @OptionalField(key: "replied_at") public var repliedAt: Date?
    @OptionalField(key: "replied_by_name") public var repliedByName: String?
    /// The department that answered, kept for ratings after the ticket moves on.
    @OptionalField(key: "replied_unit_id") public var repliedUnitID: UUID?
    @OptionalField(key: "replied_unit_path") public var repliedUnitPath: String?
    @OptionalField(key: "due_at") public var dueAt: Date?
    /// The last reply came on time (within the limit, extension included).
    @OptionalField(key: "replied_on_time") public var repliedOnTime: Bool?
    @OptionalField(key: "satisfaction") public var satisfaction: Int?
    @OptionalField(key: "callback_note") public var callbackNote: String?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "publish_consent") public var publishConsent: Bool
    @OptionalField(key: "published_at") public var publishedAt: Date?
    /// What the public reads, as staff reviewed it (``PublicationReview``); nil until published.
    @OptionalField(key: "published_subject") public var publishedSubject: String?
    @OptionalField(key: "published_description") public var publishedDescription: String?
    @OptionalField(key: "published_address") public var publishedAddress: String?
    @OptionalField(key: "published_reply") public var publishedReply: String?
    @OptionalField(key: "published_by_name") public var publishedByName: String?
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "recorded_by_name") public var recordedByName: String
    @Field(key: "version") public var version: Int
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $number, $queryCode, $kind, $channel, $urgency, $categoryCode, $regionCode, $address, $latitude, $longitude, $subject,
            $description, $callerName, $callerPhone, $callerEmail, $accountID, $state, $unitID, $unitPath, $unitName, $routedBy,
            $addresseeUnitID, $returnCount, $reopenCount, $extensionCount, $extensionRequested, $extensionReason, $reply, $repliedAt,
            $repliedByName, $repliedUnitID, $repliedUnitPath, $dueAt, $repliedOnTime, $satisfaction, $callbackNote, $closedAt,
            $publishConsent, $publishedAt, $publishedSubject, $publishedDescription, $publishedAddress, $publishedReply, $publishedByName,
            $receivedAt, $recordedByName, $version, $updatedAt,
        ]
    }
    public init() {}

    public var ticketKind: TicketKind { TicketKind(rawValue: kind) ?? .question }
    public var ticketChannel: TicketChannel { TicketChannel(rawValue: channel) ?? .web }
    public var ticketUrgency: TicketUrgency { TicketUrgency(rawValue: urgency) ?? .ordinary }
    public var ticketState: TicketState { TicketState(rawValue: state) ?? .received }
    public var rating: Satisfaction? { satisfaction.flatMap(Satisfaction.init(rawValue:)) }
    /// The caller's own name and contacts: personal data wherever they turn up in the ticket's text.
    public var writer: PersonalData.Writer { PersonalData.Writer(name: callerName, identifiers: [callerPhone, callerEmail].compactMap { $0 }) }

    public var facts: TicketFacts {
        TicketFacts(state: ticketState, returnCount: returnCount, reopenCount: reopenCount, extensionRequested: extensionRequested != nil,
                    extensionCount: extensionCount, satisfaction: rating)
    }

    /// Where the ticket sits, for ``HotlinePolicy``.
    public var scope: TicketScope {
        TicketScope(unitPath: unitPath, repliedUnitPath: repliedUnitPath, callerAccountID: accountID, kind: ticketKind)
    }
}

/// One step in a ticket's history, as the caller and the staff see it.
public final class TicketEventRecord: Model, @unchecked Sendable {
    public static let schema = "hotline_ticket_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "ticket_id") public var ticketID: UUID
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "action") public var action: String
    @Field(key: "at") public var at: Date
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "unit_name") public var unitName: String?
    @OptionalField(key: "note") public var note: String?
    public var properties: [any AnyProperty] { [$id, $ticketID, $sequence, $action, $at, $actorName, $unitName, $note] }
    public init() {}
}

/// An entry of the hotline's knowledge base (知识库): a service guide, a past answer, or one an editor wrote.
public final class KnowledgeRecord: Model, @unchecked Sendable {
    public static let schema = "hotline_knowledge"
    @ID(key: .id) public var id: UUID?
    /// `guide` (from a matter's 办事指南), `answer` (a past ticket's reply) or `editor`.
    @Field(key: "source") public var source: String
    /// The matter code or the ticket number it came from.
    @Field(key: "reference") public var reference: String
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    /// Title and body folded for matching (see ``KnowledgeStore/folded(_:)``).
    @Field(key: "search_text") public var searchText: String
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] { [$id, $source, $reference, $title, $body, $searchText, $updatedAt] }
    public init() {}
}

/// A bad rating (差评) and what was done about it (整改), whatever was rated: a case or a ticket.
public final class RatingFollowUpRecord: Model, @unchecked Sendable {
    public static let schema = "rating_follow_ups"
    @ID(key: .id) public var id: UUID?
    /// `case` or `ticket`.
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "subject_label") public var subjectLabel: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "stars") public var stars: Int
    @OptionalField(key: "comment") public var comment: String?
    @Field(key: "rated_at") public var ratedAt: Date
    @OptionalField(key: "follow_up") public var followUp: String?
    @OptionalField(key: "followed_up_at") public var followedUpAt: Date?
    @OptionalField(key: "followed_up_by_name") public var followedUpByName: String?
    public var properties: [any AnyProperty] {
        [
            $id, $subjectType, $subjectID, $subjectLabel, $unitID, $unitPath, $stars, $comment, $ratedAt, $followUp, $followedUpAt,
            $followedUpByName,
        ]
    }
    public init() {}
}
