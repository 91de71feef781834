import Foundation

/// The limits of one matter, in working days (《行政许可法》第八十二条: limits count working days).
public struct CaseClockSettings: Sendable, Equatable, Codable {
    /// Days to decide on acceptance or ask for corrections (Art. 32 (4)); otherwise accepted by law.
    public var acceptanceDays = 5
    /// 法定时限: 20 working days unless another law says otherwise (Art. 42).
    public var statutoryDays: Int
    /// 承诺时限: the authority's published, shorter promise.
    public var promisedDays: Int
    /// Days from a grant to serving the certificate (Art. 44).
    public var certificateDays = 10
    /// The longest extension the head of the authority may approve, once (Art. 42: 10 working days).
    public var maxExtensionDays = 10
    /// 即办件: may be accepted and decided on the spot.
    public var isOnTheSpot: Bool

    public init(
        statutoryDays: Int = 20, promisedDays: Int? = nil, isOnTheSpot: Bool = false,
        acceptanceDays: Int = 5, certificateDays: Int = 10, maxExtensionDays: Int = 10
    ) {
        self.statutoryDays = statutoryDays
        self.promisedDays = promisedDays ?? statutoryDays
        self.isOnTheSpot = isOnTheSpot
        self.acceptanceDays = acceptanceDays
        self.certificateDays = certificateDays
        self.maxExtensionDays = maxExtensionDays
    }

    /// Every limit is 0...``WorkCalendar/maximumWorkingDays`` and the promise is no longer than the law.
    public func validate() throws(CaseError) {
        let limits: [(String, Int)] = [
            ("acceptanceDays", acceptanceDays), ("statutoryDays", statutoryDays), ("promisedDays", promisedDays),
            ("certificateDays", certificateDays), ("maxExtensionDays", maxExtensionDays),
        ]
        for (name, value) in limits where !(0...WorkCalendar.maximumWorkingDays).contains(value) {
            throw .invalidLimit(name: name, value: value)
        }
        guard promisedDays <= statutoryDays else { throw .promiseLongerThanLaw(promised: promisedDays, statutory: statutoryDays) }
    }
}

/// One review step (审查环节) of a matter's workflow, done by one role within its own limit.
public struct ReviewStep: Sendable, Equatable, Codable {
    public var name: String
    /// Reviewer or department head; a department head may also complete a reviewer's step.
    public var role: Role
    public var limitDays: Int

    public init(name: String, role: Role, limitDays: Int) {
        self.name = name
        self.role = role
        self.limitDays = limitDays
    }

    /// Roles that may own a review step.
    public static let stepRoles: Set<Role> = [.reviewer, .departmentHead]

    /// A step has a name, a reviewer or department head, and a limit the calendar can count.
    public func validate() throws(CaseError) {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, Self.stepRoles.contains(role),
              (0...WorkCalendar.maximumWorkingDays).contains(limitDays)
        else { throw .invalidStep(name: name) }
    }
}

/// Everything the rules need to know about a case. GovStore persists it; ``CaseRules`` moves it on.
public struct CaseSnapshot: Sendable, Equatable, Codable {
    public var state: CaseState
    public var receivedAt: Date
    /// When the current acceptance period began: receipt, or the last correction handed in (Art. 32 (4)).
    public var acceptancePeriodStart: Date
    /// Acceptance, or the moment the law deems it (the start of the acceptance period, Art. 32 (4)).
    public var acceptedAt: Date?
    /// End of the 5th working day after ``acceptancePeriodStart`` (Art. 32 (4)).
    public var acceptanceDue: Date
    public var correctionNotices: Int
    public var steps: [ReviewStep]
    /// Index into ``steps``; `steps.count` means all review steps are done.
    public var currentStep: Int
    public var stepStartedAt: Date?
    public var stepDue: Date?
    /// Finished excluded procedures (Art. 45).
    public var pauses: [DateInterval]
    public var pausedSince: Date?
    public var suspension: ExcludedProcedure?
    public var suspensionExpectedEnd: CivilDate?
    /// 0 until extended (Art. 42).
    public var extensionDays: Int
    /// Set at acceptance; moved by pauses (Art. 45).
    public var promisedDue: Date?
    /// Set at acceptance; moved by pauses (Art. 45) and the extension (Art. 42).
    public var statutoryDue: Date?
    public var decidedAt: Date?
    public var outcome: CaseOutcome?
    /// 10 working days after a grant (Art. 44).
    public var certificateDue: Date?
    public var closedAt: Date?
    public var flags: [CaseFlag]
    /// The last time an action was applied; a later action may not be dated before it.
    public var lastActionAt: Date

    public var readyForDecision: Bool { currentStep >= steps.count }

    /// The current review step, if any remain.
    public var currentReviewStep: ReviewStep? {
        steps.indices.contains(currentStep) ? steps[currentStep] : nil
    }

    /// A case as the window receives it: the acceptance clock starts (Art. 32).
    public static func received(
        at receivedAt: Date, steps: [ReviewStep], settings: CaseClockSettings, calendar: WorkCalendar
    ) throws(CaseError) -> CaseSnapshot {
        try settings.validate()
        for step in steps { try step.validate() }
        let (acceptanceDue, provisional) = try CaseRules.due(
            from: receivedAt, workingDays: settings.acceptanceDays, pauses: [], calendar: calendar)
        return CaseSnapshot(
            state: .submitted, receivedAt: receivedAt, acceptancePeriodStart: receivedAt, acceptedAt: nil,
            acceptanceDue: acceptanceDue, correctionNotices: 0, steps: steps, currentStep: 0,
            stepStartedAt: nil, stepDue: nil, pauses: [], pausedSince: nil, suspension: nil,
            suspensionExpectedEnd: nil, extensionDays: 0, promisedDue: nil, statutoryDue: nil, decidedAt: nil,
            outcome: nil, certificateDue: nil, closedAt: nil, flags: provisional ? [.provisionalDeadline] : [], lastActionAt: receivedAt)
    }
}

/// One move of a case, for its history and the audit log.
public struct CaseTransition: Sendable, Equatable, Codable {
    public var from: CaseState
    public var to: CaseState
    /// The action's stable name, e.g. `accept` (``CaseActionKind``).
    public var action: String
    public var at: Date
    /// The written document this move requires, if any.
    public var notice: NoticeKind?
    /// What the document or record says: reasons, correction items, the procedure notice, the step note.
    public var detail: String?

    public init(from: CaseState, to: CaseState, action: String, at: Date, notice: NoticeKind?, detail: String? = nil) {
        self.from = from
        self.to = to
        self.action = action
        self.at = at
        self.notice = notice
        self.detail = detail
    }
}
