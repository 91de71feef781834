import FluentKit
import Foundation
import GovCore

/// One duty with a deadline under electronic supervision (时限义务). Its clock is kept as JSON; the columns hold what the
/// sweep, the lists and the counts read.
public final class ObligationRecord: Model, @unchecked Sendable {
    public static let schema = "obligations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    /// `case`, `bundle` or `supervision_order`; later areas add their own.
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    /// What people call the subject: a tracking number, an order number.
    @Field(key: "subject_label") public var subjectLabel: String
    /// Which one of its kind: the acceptance round, the step's index.
    @Field(key: "sequence") public var sequence: Int
    @OptionalField(key: "label") public var label: String?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @OptionalField(key: "matter_id") public var matterID: UUID?
    @Field(key: "responsible_role") public var responsibleRole: String
    /// Holders of the responsible role under this path are told too: a case's window clerks sit in the service centre
    /// that received it, not in its department.
    @OptionalField(key: "reach_path") public var reachPath: String?
    @OptionalField(key: "responsible_account_id") public var responsibleAccountID: UUID?
    @Field(key: "started_at") public var startedAt: Date
    @Field(key: "promised_due") public var promisedDue: Date
    @Field(key: "statutory_due") public var statutoryDue: Date
    @Field(key: "paused") public var paused: Bool
    @Field(key: "clock") public var clockJSON: String
    /// The subject's own escalation thresholds (a matter's), when they differ from the installation's.
    @OptionalField(key: "escalation") public var escalationJSON: String?
    @Field(key: "status") public var status: String
    /// Bumped on every change of status; an event is unique per (obligation, status version), so two sweeps that
    /// race on one obligation cannot both record its change.
    @Field(key: "status_version") public var statusVersion: Int
    /// When the sweep must look at it again; `nil` once finished, while paused, and once overdue.
    @OptionalField(key: "next_change_at") public var nextChangeAt: Date?
    @OptionalField(key: "completed_at") public var completedAt: Date?
    @OptionalField(key: "completion") public var completion: String?
    @OptionalField(key: "used") public var used: Int?
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $kind, $subjectType, $subjectID, $subjectLabel, $sequence, $label, $unitID, $unitPath, $matterID, $responsibleRole,
            $reachPath, $responsibleAccountID, $startedAt, $promisedDue, $statutoryDue, $paused, $clockJSON, $escalationJSON, $status,
            $statusVersion, $nextChangeAt, $completedAt, $completion, $used, $updatedAt,
        ]
    }
    public init() {}

    public var obligationKind: ObligationKind? { ObligationKind(rawValue: kind) }
    public var obligationStatus: ObligationStatus { ObligationStatus(rawValue: status) ?? .normal }
    public var key: ObligationKey? { obligationKind.map { ObligationKey($0, sequence) } }

    public func clock() throws -> ObligationClock {
        try ApprovalCase.decoder.decode(ObligationClock.self, from: Data(clockJSON.utf8))
    }

    public func escalation() -> EscalationSettings? {
        escalationJSON.flatMap { try? JSONDecoder().decode(EscalationSettings.self, from: Data($0.utf8)) }
    }

    func setClock(_ clock: ObligationClock) throws {
        clockJSON = String(decoding: try ApprovalCase.encoder.encode(clock), as: UTF8.self)
        startedAt = clock.startedAt
        promisedDue = clock.promisedDue
        statutoryDue = clock.statutoryDue
        paused = clock.isPaused
    }
}

/// A change of an obligation's status: what the in-app inbox and the notifier tell people.
public final class ObligationEvent: Model, @unchecked Sendable {
    public static let schema = "obligation_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "obligation_id") public var obligationID: UUID
    @Field(key: "status_version") public var statusVersion: Int
    @Field(key: "from_status") public var fromStatus: String
    @Field(key: "to_status") public var toStatus: String
    /// When the status changed: the threshold that was passed, not when a sweep noticed.
    @Field(key: "at") public var at: Date
    @Field(key: "recorded_at") public var recordedAt: Date
    public var properties: [any AnyProperty] { [$id, $obligationID, $statusVersion, $fromStatus, $toStatus, $at, $recordedAt] }
    public init() {}
}

/// A message in someone's in-app inbox, also handed to the notifier (log or e-mail) once.
public final class InboxMessage: Model, @unchecked Sendable {
    public static let schema = "notifications"
    @ID(key: .id) public var id: UUID?
    @Field(key: "recipient_account_id") public var recipientAccountID: UUID
    /// `obligation` or `supervision_order`.
    @Field(key: "topic") public var topic: String
    @Field(key: "title_zh") public var titleZh: String
    @Field(key: "title_en") public var titleEn: String
    @Field(key: "body_zh") public var bodyZh: String
    @Field(key: "body_en") public var bodyEn: String
    /// What it is about (`case`, `bundle`, `supervision_order`), for the link the inbox shows.
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @Field(key: "delivery_attempts") public var deliveryAttempts: Int
    @OptionalField(key: "last_error") public var lastError: String?
    public var properties: [any AnyProperty] {
        [
            $id, $recipientAccountID, $topic, $titleZh, $titleEn, $bodyZh, $bodyEn, $subjectType, $subjectID, $createdAt, $readAt,
            $deliveredAt, $deliveryAttempts, $lastError,
        ]
    }
    public init() {}

    public func title(in language: Language) -> String { language == .zhHans ? titleZh : titleEn }
    public func body(in language: Language) -> String { language == .zhHans ? bodyZh : bodyEn }
}

/// A rule violation (异常) found in a case.
public final class ViolationRecord: Model, @unchecked Sendable {
    public static let schema = "violations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "rule") public var rule: String
    @Field(key: "severity") public var severity: String
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "subject_label") public var subjectLabel: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @OptionalField(key: "matter_id") public var matterID: UUID?
    /// Which event or fee it concerns; with the subject and rule it is unique.
    @Field(key: "occurrence") public var occurrence: String
    @Field(key: "occurred_at") public var occurredAt: Date
    @Field(key: "detected_at") public var detectedAt: Date
    @Field(key: "evidence") public var evidenceJSON: String
    @OptionalField(key: "actor_account_id") public var actorAccountID: UUID?
    @OptionalField(key: "actor_name") public var actorName: String?
    /// `open`, `ordered` (a 督办 is out) or `closed`.
    @Field(key: "status") public var status: String
    @OptionalField(key: "order_id") public var orderID: UUID?
    public var properties: [any AnyProperty] {
        [
            $id, $rule, $severity, $subjectType, $subjectID, $subjectLabel, $unitID, $unitPath, $matterID, $occurrence, $occurredAt,
            $detectedAt, $evidenceJSON, $actorAccountID, $actorName, $status, $orderID,
        ]
    }
    public init() {}

    public var violationRule: ViolationRule? { ViolationRule(rawValue: rule) }
    public var violationSeverity: Severity { Severity(rawValue: severity) ?? .medium }

    public func evidence() -> ViolationEvidence {
        (try? ApprovalCase.decoder.decode(ViolationEvidence.self, from: Data(evidenceJSON.utf8))) ?? ViolationEvidence()
    }
}

/// A supervision order (督办单) to a unit.
public final class SupervisionOrderRecord: Model, @unchecked Sendable {
    public static let schema = "supervision_orders"
    @ID(key: .id) public var id: UUID?
    /// 督办文号, e.g. 示范监督〔2026〕12号.
    @Field(key: "number") public var number: String
    /// What it is about: `case` or `violation`, and the thing's id and label.
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "subject_label") public var subjectLabel: String
    @OptionalField(key: "case_id") public var caseID: UUID?
    @OptionalField(key: "violation_id") public var violationID: UUID?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "instruction") public var instruction: String
    @Field(key: "reply_working_days") public var replyWorkingDays: Int
    @Field(key: "reply_due") public var replyDue: Date
    @Field(key: "state") public var state: String
    @Field(key: "issued_by_account_id") public var issuedByAccountID: UUID
    @Field(key: "issued_by_name") public var issuedByName: String
    @Field(key: "issued_at") public var issuedAt: Date
    @OptionalField(key: "reply") public var reply: String?
    @OptionalField(key: "replied_at") public var repliedAt: Date?
    @OptionalField(key: "replied_by_name") public var repliedByName: String?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "outcome_text") public var outcomeText: String?
    @OptionalField(key: "accountable_person") public var accountablePerson: String?
    @OptionalField(key: "measure") public var measure: String?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "closed_by_name") public var closedByName: String?
    @Field(key: "version") public var version: Int
    public var properties: [any AnyProperty] {
        [
            $id, $number, $subjectType, $subjectID, $subjectLabel, $caseID, $violationID, $unitID, $unitPath, $instruction,
            $replyWorkingDays, $replyDue, $state, $issuedByAccountID, $issuedByName, $issuedAt, $reply, $repliedAt, $repliedByName,
            $outcome, $outcomeText, $accountablePerson, $measure, $closedAt, $closedByName, $version,
        ]
    }
    public init() {}

    public var orderState: SupervisionOrderState { SupervisionOrderState(rawValue: state) ?? .issued }
}

/// One step in a supervision order's history.
public final class SupervisionOrderEvent: Model, @unchecked Sendable {
    public static let schema = "supervision_order_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "sequence") public var sequence: Int
    /// `issue`, `reply`, `send_back` or `close`.
    @Field(key: "action") public var action: String
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "actor_account_id") public var actorAccountID: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "text") public var text: String?
    public var properties: [any AnyProperty] { [$id, $orderID, $sequence, $action, $actorName, $actorAccountID, $at, $text] }
    public init() {}
}

/// A lease on a named background job, so that of several app nodes only one runs it at a time.
final class JobLease: Model, @unchecked Sendable {
    static let schema = "job_leases"
    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "holder") var holder: String
    @Field(key: "expires_at") var expiresAt: Date
    var properties: [any AnyProperty] { [$id, $holder, $expiresAt] }
    init() {}
}

/// An installation's supervision settings, one JSON document per key.
final class SupervisionSetting: Model, @unchecked Sendable {
    static let schema = "supervision_settings"
    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String
    var properties: [any AnyProperty] { [$id, $value, $updatedAt, $updatedBy] }
    init() {}
}
