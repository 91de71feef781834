import FluentKit
import Foundation
import GovCore

/// A draft policy out for comment (征求意见).
public final class ConsultationRecord: Model, @unchecked Sendable {
    public static let schema = "consultations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "text") public var text: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "unit_name") public var unitName: String
    @Field(key: "opens_on") public var opensOn: String
    @Field(key: "closes_on") public var closesOn: String
    @OptionalField(key: "shortened_reason") public var shortenedReason: String?
    @OptionalField(key: "summary") public var summary: String?
    @OptionalField(key: "summarised_at") public var summarisedAt: Date?
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $title, $text, $unitID, $unitPath, $unitName, $opensOn, $closesOn, $shortenedReason, $summary, $summarisedAt,
            $createdByName, $createdAt,
        ]
    }
    public init() {}

    public var opens: CivilDate { CivilDate(opensOn) ?? .latest }
    public var closes: CivilDate { CivilDate(closesOn) ?? .latest }
    public var paragraphs: [String] { ConsultationRules.paragraphs(text) }

    public func phase(now: Date) -> ConsultationRules.Phase {
        ConsultationRules.phase(opensOn: opens, closesOn: closes, summarised: summarisedAt != nil, now: now)
    }
}

/// A comment on a consultation, on the whole draft or on one paragraph; public only once approved.
public final class ConsultationCommentRecord: Model, @unchecked Sendable {
    public static let schema = "consultation_comments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "consultation_id") public var consultationID: UUID
    @OptionalField(key: "paragraph") public var paragraph: Int?
    @Field(key: "text") public var text: String
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "author_name") public var authorName: String
    @Field(key: "moderation") public var moderation: String
    @OptionalField(key: "moderated_by_name") public var moderatedByName: String?
    @OptionalField(key: "moderated_at") public var moderatedAt: Date?
    @OptionalField(key: "adoption") public var adoption: String?
    @Field(key: "created_at") public var createdAt: Date
    /// The writer agreed that the comment may be shown to the public; without it, it is read and answered, never shown.
    @Field(key: "publish_consent") public var publishConsent: Bool
    /// What the public reads, as the moderator reviewed it (``PublicationReview``).
    @OptionalField(key: "published_text") public var publishedText: String?
    public var properties: [any AnyProperty] {
        [
            $id, $consultationID, $paragraph, $text, $accountID, $authorName, $moderation, $moderatedByName, $moderatedAt, $adoption,
            $createdAt, $publishConsent, $publishedText,
        ]
    }
    public init() {}

    public var state: Moderation { Moderation(rawValue: moderation) ?? .pending }
    public var writer: PersonalData.Writer { PersonalData.Writer(name: authorName) }
}

/// An online survey (网上调查); its questions as JSON.
public final class SurveyRecord: Model, @unchecked Sendable {
    public static let schema = "surveys"
    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Field(key: "questions") public var questionsJSON: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "unit_name") public var unitName: String
    @Field(key: "opens_on") public var opensOn: String
    @Field(key: "closes_on") public var closesOn: String
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $title, $description, $questionsJSON, $unitID, $unitPath, $unitName, $opensOn, $closesOn, $createdAt,
        ]
    }
    public init() {}

    public var questions: [SurveyQuestion] { (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))) ?? [] }

    public func phase(now: Date) -> ConsultationRules.Phase {
        ConsultationRules.phase(opensOn: CivilDate(opensOn) ?? .latest, closesOn: CivilDate(closesOn) ?? .latest, summarised: false, now: now)
    }
}

/// One person's answers; the respondent key is unique per survey, which is what makes "one answer per person" hold
/// under concurrent submissions.
public final class SurveyResponseRecord: Model, @unchecked Sendable {
    public static let schema = "survey_responses"
    @ID(key: .id) public var id: UUID?
    @Field(key: "survey_id") public var surveyID: UUID
    @Field(key: "respondent_key") public var respondentKey: String
    @Field(key: "answers") public var answersJSON: String
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $surveyID, $respondentKey, $answersJSON, $createdAt] }
    public init() {}

    public var answers: [SurveyAnswer] { (try? JSONDecoder().decode([SurveyAnswer].self, from: Data(answersJSON.utf8))) ?? [] }
}

/// A hearing (听证会).
public final class HearingRecord: Model, @unchecked Sendable {
    public static let schema = "hearings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "matter") public var matter: String
    @Field(key: "place") public var place: String
    @Field(key: "held_at") public var heldAt: Date
    @Field(key: "registration_closes_at") public var registrationClosesAt: Date
    @Field(key: "seats") public var seats: Int
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "unit_name") public var unitName: String
    @OptionalField(key: "selected_at") public var selectedAt: Date?
    @OptionalField(key: "record") public var record: String?
    @OptionalField(key: "recorded_at") public var recordedAt: Date?
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $title, $matter, $place, $heldAt, $registrationClosesAt, $seats, $unitID, $unitPath, $unitName, $selectedAt, $record,
            $recordedAt, $createdAt,
        ]
    }
    public init() {}

    public func phase(now: Date) -> HearingRules.Phase {
        HearingRules.phase(registrationClosesAt: registrationClosesAt, heldAt: heldAt, recorded: recordedAt != nil, now: now)
    }
}

/// A registration for a hearing, one per account.
public final class HearingRegistrationRecord: Model, @unchecked Sendable {
    public static let schema = "hearing_registrations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "hearing_id") public var hearingID: UUID
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "name") public var name: String
    @OptionalField(key: "phone") public var phone: String?
    @Field(key: "statement") public var statement: String
    @Field(key: "selected") public var selected: Bool
    @Field(key: "created_at") public var createdAt: Date
    public var properties: [any AnyProperty] { [$id, $hearingID, $accountID, $name, $phone, $statement, $selected, $createdAt] }
    public init() {}
}

/// A petition (信访事项) filed online.
public final class PetitionRecord: Model, @unchecked Sendable {
    public static let schema = "petitions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "category_code") public var categoryCode: String
    @OptionalField(key: "region_code") public var regionCode: String?
    @Field(key: "subject") public var subject: String
    @Field(key: "text") public var text: String
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "petitioner_name") public var petitionerName: String
    @OptionalField(key: "petitioner_phone") public var petitionerPhone: String?
    @Field(key: "state") public var state: String
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @OptionalField(key: "unit_path") public var unitPath: String?
    @OptionalField(key: "unit_name") public var unitName: String?
    @OptionalField(key: "due_at") public var dueAt: Date?
    @Field(key: "extended") public var extended: Bool
    @OptionalField(key: "decision") public var decision: String?
    @OptionalField(key: "answer") public var answer: String?
    @Field(key: "received_at") public var receivedAt: Date
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "version") public var version: Int
    public var properties: [any AnyProperty] {
        [
            $id, $number, $categoryCode, $regionCode, $subject, $text, $accountID, $petitionerName, $petitionerPhone, $state, $unitID,
            $unitPath, $unitName, $dueAt, $extended, $decision, $answer, $receivedAt, $acceptedAt, $closedAt, $version,
        ]
    }
    public init() {}

    public var petitionState: PetitionState { PetitionState(rawValue: state) ?? .received }
}

/// A step in a petition's handling, as the petitioner is told of it.
public final class PetitionEventRecord: Model, @unchecked Sendable {
    public static let schema = "petition_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "petition_id") public var petitionID: UUID
    @Field(key: "action") public var action: String
    @Field(key: "at") public var at: Date
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "unit_name") public var unitName: String?
    @OptionalField(key: "note") public var note: String?
    public var properties: [any AnyProperty] { [$id, $petitionID, $action, $at, $actorName, $unitName, $note] }
    public init() {}
}
