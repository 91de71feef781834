import Foundation

/// How serious a rule violation (异常) is.
public enum Severity: String, CaseIterable, Codable, Sendable, Comparable {
    case low, medium, high

    private var rank: Int { self == .low ? 0 : self == .medium ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.low, .zhHans): "一般"
        case (.low, .en): "Low"
        case (.medium, .zhHans): "较重"
        case (.medium, .en): "Medium"
        case (.high, .zhHans): "严重"
        case (.high, .en): "High"
        }
    }
}

/// The rules electronic supervision checks every case against (DESIGN.md, "Supervision escalation"). Each is code
/// here; which are on, and how serious each is, an installation decides (``ViolationRuleSettings``).
public enum ViolationRule: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// 受理超时: accepted, refused or sent back for corrections after the 5 working days, or accepted by law because
    /// nobody answered (《行政许可法》第三十二条).
    case acceptanceLate = "acceptance_late"
    /// 超时办结: decided after the statutory limit, extension and excluded procedures included (第四十二条、第四十五条).
    case completedPastStatutoryLimit = "completed_past_statutory_limit"
    /// 送达超时: the certificate served more than 10 working days after the grant (第四十四条).
    case certificateLate = "certificate_late"
    /// 多次补正: corrections must be told once and in full (第三十二条第一款第四项).
    case repeatedCorrectionNotice = "repeated_correction_notice"
    /// 受理后要求补正: once accepted, the materials were complete by law; no later correction notice.
    case correctionAfterAcceptance = "correction_after_acceptance"
    /// 环节时间早于登记: a step of the case is dated before the application was registered.
    case stepBeforeRegistration = "step_before_registration"
    /// 越权决定: the decision was taken by someone who does not hold the deciding role (第三十八条: the authority decides).
    case decisionWithoutRole = "decision_without_role"
    /// 跳过必经环节: decided before every review step of the matter was completed.
    case mandatoryStepSkipped = "mandatory_step_skipped"
    /// 违规收费: a fee other than the published standard, or for a free matter (第五十八条、第五十九条).
    case feeDiffers = "fee_differs"
    /// 即办件未即办: a matter to be decided on the spot was not.
    case onTheSpotNotOnTheSpot = "on_the_spot_not_on_the_spot"

    public var defaultSeverity: Severity {
        switch self {
        case .repeatedCorrectionNotice, .onTheSpotNotOnTheSpot, .certificateLate: .low
        case .acceptanceLate, .correctionAfterAcceptance, .completedPastStatutoryLimit: .medium
        case .stepBeforeRegistration, .decisionWithoutRole, .mandatoryStepSkipped, .feeDiffers: .high
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.acceptanceLate, .zhHans): "受理超过 5 个工作日"
        case (.acceptanceLate, .en): "Acceptance decided after 5 working days"
        case (.completedPastStatutoryLimit, .zhHans): "超过法定时限办结"
        case (.completedPastStatutoryLimit, .en): "Completed after the statutory limit"
        case (.certificateLate, .zhHans): "超过 10 个工作日送达证件"
        case (.certificateLate, .en): "Certificate served after 10 working days"
        case (.repeatedCorrectionNotice, .zhHans): "多次告知补正"
        case (.repeatedCorrectionNotice, .en): "More than one correction notice"
        case (.correctionAfterAcceptance, .zhHans): "受理后要求补正材料"
        case (.correctionAfterAcceptance, .en): "Corrections requested after acceptance"
        case (.stepBeforeRegistration, .zhHans): "办理环节时间早于登记时间"
        case (.stepBeforeRegistration, .en): "A step dated before registration"
        case (.decisionWithoutRole, .zhHans): "无决定权限人员作出决定"
        case (.decisionWithoutRole, .en): "Decision by someone without the role"
        case (.mandatoryStepSkipped, .zhHans): "跳过必经审查环节"
        case (.mandatoryStepSkipped, .en): "A mandatory step skipped"
        case (.feeDiffers, .zhHans): "收费与公布标准不符"
        case (.feeDiffers, .en): "Fee differs from the published standard"
        case (.onTheSpotNotOnTheSpot, .zhHans): "即办件未当场办结"
        case (.onTheSpotNotOnTheSpot, .en): "On-the-spot matter not done on the spot"
        }
    }
}

/// Which rules are on and how serious each one is; rules not listed use their defaults and are on.
public struct ViolationRuleSettings: Codable, Equatable, Sendable {
    public var disabled: Set<ViolationRule>
    public var severities: [ViolationRule: Severity]

    public init(disabled: Set<ViolationRule> = [], severities: [ViolationRule: Severity] = [:]) {
        self.disabled = disabled
        self.severities = severities
    }

    public static let standard = ViolationRuleSettings()

    public func isOn(_ rule: ViolationRule) -> Bool { !disabled.contains(rule) }
    public func severity(of rule: ViolationRule) -> Severity { severities[rule] ?? rule.defaultSeverity }
}

/// One recorded step of a case, as supervision reads it.
public struct TimelineEvent: Equatable, Sendable {
    public var sequence: Int
    /// `submit`, or a ``CaseActionKind`` raw value.
    public var action: String
    public var at: Date
    /// The role the person acted in, as recorded (`applicant`, `system`, or a ``Role`` raw value).
    public var actorRole: String
    /// Whether, when acting, the person held that role for this case (the store records who may act; a report from
    /// another system may say otherwise).
    public var actorHeldRole: Bool
    public var actorAccountID: UUID?
    public var actorName: String

    public init(sequence: Int, action: String, at: Date, actorRole: String, actorHeldRole: Bool = true, actorAccountID: UUID? = nil, actorName: String = "") {
        self.sequence = sequence
        self.action = action
        self.at = at
        self.actorRole = actorRole
        self.actorHeldRole = actorHeldRole
        self.actorAccountID = actorAccountID
        self.actorName = actorName
    }

    var kind: CaseActionKind? { CaseActionKind(rawValue: action) }
}

/// A fee charged on a case against its standard (`nil` standard: the matter or item is free).
public struct FeeFact: Equatable, Sendable {
    /// The fee record's id, so its finding is recorded once.
    public var reference: String
    public var item: String
    public var standardFen: Int?
    public var chargedFen: Int
    public var at: Date
    public var recordedBy: String

    public init(reference: String, item: String, standardFen: Int?, chargedFen: Int, at: Date, recordedBy: String) {
        self.reference = reference
        self.item = item
        self.standardFen = standardFen
        self.chargedFen = chargedFen
        self.at = at
        self.recordedBy = recordedBy
    }
}

/// Everything about one case that the rules read.
public struct CaseTimeline: Equatable, Sendable {
    /// 登记: when the application was received and registered.
    public var receivedAt: Date
    public var isOnTheSpotMatter: Bool
    /// How many review steps the matter requires before a decision.
    public var requiredSteps: Int
    /// The working days to decide on acceptance (Art. 32: 5).
    public var acceptanceDays: Int
    /// The case's current snapshot: its statutory and certificate due instants.
    public var snapshot: CaseSnapshot
    /// In recorded order.
    public var events: [TimelineEvent]
    public var fees: [FeeFact]

    public init(
        receivedAt: Date, isOnTheSpotMatter: Bool, requiredSteps: Int, acceptanceDays: Int = 5, snapshot: CaseSnapshot,
        events: [TimelineEvent], fees: [FeeFact] = []
    ) {
        self.receivedAt = receivedAt
        self.isOnTheSpotMatter = isOnTheSpotMatter
        self.requiredSteps = requiredSteps
        self.acceptanceDays = acceptanceDays
        self.snapshot = snapshot
        self.events = events
        self.fees = fees
    }
}

/// What a finding shows as its evidence; each rule fills what it needs, rendered in either language.
public struct ViolationEvidence: Codable, Equatable, Sendable {
    public var at: Date?
    public var due: Date?
    public var reference: Date?
    public var count: Int?
    public var item: String?
    public var standardFen: Int?
    public var chargedFen: Int?
    public var role: String?

    public init(at: Date? = nil, due: Date? = nil, reference: Date? = nil, count: Int? = nil, item: String? = nil,
                standardFen: Int? = nil, chargedFen: Int? = nil, role: String? = nil) {
        self.at = at
        self.due = due
        self.reference = reference
        self.count = count
        self.item = item
        self.standardFen = standardFen
        self.chargedFen = chargedFen
        self.role = role
    }
}

/// One broken rule in one case.
public struct ViolationFinding: Equatable, Sendable {
    public var rule: ViolationRule
    public var severity: Severity
    /// When the offending act happened (or, for a missed limit, when the limit ran out).
    public var occurredAt: Date
    /// Which event or fee it concerns, so a finding is recorded once however often the case is re-checked.
    public var occurrence: String
    public var evidence: ViolationEvidence
    /// The person who did it, when a person did.
    public var actorAccountID: UUID?
    public var actorName: String?
}

/// Checks a case's timeline against the rules that are on.
public enum ViolationRules {
    public static func evaluate(
        _ timeline: CaseTimeline, settings: ViolationRuleSettings = .standard, calendar: WorkCalendar
    ) -> [ViolationFinding] {
        var findings: [ViolationFinding] = []
        func add(
            _ rule: ViolationRule, at: Date, occurrence: String, evidence: ViolationEvidence, by event: TimelineEvent? = nil,
            actorName: String? = nil
        ) {
            guard settings.isOn(rule) else { return }
            findings.append(ViolationFinding(
                rule: rule, severity: settings.severity(of: rule), occurredAt: at, occurrence: occurrence, evidence: evidence,
                actorAccountID: event?.actorAccountID, actorName: event.map(\.actorName) ?? actorName))
        }
        let events = timeline.events
        let answers: Set<CaseActionKind> = [.accept, .refuseToAccept, .requestCorrection, .deemAccepted, .decideOnTheSpot]

        // Acceptance periods start at registration and at each correction handed in; each is answered by the next
        // acceptance decision (Art. 32).
        var periodStart: Date? = timeline.receivedAt
        var corrections = 0
        var accepted: TimelineEvent?
        var stepsCompleted = 0
        for event in events {
            if event.action != "submit", event.at < timeline.receivedAt {
                add(.stepBeforeRegistration, at: event.at, occurrence: "event:\(event.sequence)",
                    evidence: ViolationEvidence(at: event.at, reference: timeline.receivedAt), by: event)
            }
            guard let kind = event.kind else { continue }
            if let start = periodStart, answers.contains(kind) {
                periodStart = nil
                let due = dueOrNil(calendar, from: start, workingDays: timeline.acceptanceDays)
                if kind == .deemAccepted {
                    add(.acceptanceLate, at: due ?? event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, due: due, reference: start))
                } else if let due, event.at > due {
                    add(.acceptanceLate, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, due: due, reference: start), by: event)
                }
            }
            switch kind {
            case .submitCorrection:
                periodStart = event.at
            case .requestCorrection:
                corrections += 1
                if corrections > 1 {
                    add(.repeatedCorrectionNotice, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, count: corrections), by: event)
                }
                if let accepted {
                    add(.correctionAfterAcceptance, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, reference: accepted.at), by: event)
                }
            case .accept, .deemAccepted:
                if accepted == nil { accepted = event }
                if timeline.isOnTheSpotMatter {
                    add(.onTheSpotNotOnTheSpot, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, reference: timeline.receivedAt), by: kind == .accept ? event : nil)
                }
            case .completeStep:
                stepsCompleted += 1
            case .decide:
                if event.actorRole != Role.departmentHead.rawValue || !event.actorHeldRole {
                    add(.decisionWithoutRole, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, role: event.actorRole), by: event)
                }
                if stepsCompleted < timeline.requiredSteps {
                    add(.mandatoryStepSkipped, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, count: timeline.requiredSteps - stepsCompleted), by: event)
                }
                if let due = timeline.snapshot.statutoryDue, event.at > due {
                    add(.completedPastStatutoryLimit, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, due: due), by: event)
                }
            case .decideOnTheSpot:
                if CivilDate.beijing(event.at) != CivilDate.beijing(timeline.receivedAt) {
                    add(.onTheSpotNotOnTheSpot, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, reference: timeline.receivedAt), by: event)
                }
            case .serveCertificate:
                if let due = timeline.snapshot.certificateDue, event.at > due {
                    add(.certificateLate, at: event.at, occurrence: "event:\(event.sequence)",
                        evidence: ViolationEvidence(at: event.at, due: due), by: event)
                }
            case .refuseToAccept, .suspend, .resume, .extend, .withdraw:
                break
            }
        }
        for fee in timeline.fees {
            let standard = fee.standardFen.map { FeeItem(nameZh: fee.item, nameEn: fee.item, amountFen: $0, legalBasis: "") }
            if FeeRules.check(charged: fee.chargedFen, item: standard).isViolation {
                add(.feeDiffers, at: fee.at, occurrence: "fee:\(fee.reference)",
                    evidence: ViolationEvidence(at: fee.at, item: fee.item, standardFen: fee.standardFen, chargedFen: fee.chargedFen),
                    actorName: fee.recordedBy)
            }
        }
        return findings
    }

    private static func dueOrNil(_ calendar: WorkCalendar, from start: Date, workingDays: Int) -> Date? {
        try? CaseRules.due(from: start, workingDays: workingDays, pauses: [], calendar: calendar).0
    }

    /// The finding's evidence in words.
    public static func describe(_ rule: ViolationRule, _ evidence: ViolationEvidence, in language: Language) -> String {
        func time(_ date: Date?) -> String { date.map(BeijingClock.minute) ?? "—" }
        func deadline(_ date: Date?) -> String { date.map(BeijingClock.deadline) ?? "—" }
        func yuan(_ fen: Int?) -> String { fen.map { Yuan.format($0) } ?? (language == .zhHans ? "免费" : "free") }
        let zh = language == .zhHans
        switch rule {
        case .acceptanceLate:
            return zh ? "收件 \(time(evidence.reference))，受理期限 \(deadline(evidence.due))，受理决定于 \(time(evidence.at))"
                : "Received \(time(evidence.reference)), acceptance due \(deadline(evidence.due)), decided \(time(evidence.at))"
        case .completedPastStatutoryLimit:
            return zh ? "法定期限 \(deadline(evidence.due))，决定于 \(time(evidence.at))" : "Statutory limit \(deadline(evidence.due)), decided \(time(evidence.at))"
        case .certificateLate:
            return zh ? "送达期限 \(deadline(evidence.due))，送达于 \(time(evidence.at))" : "Service due \(deadline(evidence.due)), served \(time(evidence.at))"
        case .repeatedCorrectionNotice:
            return zh ? "第 \(evidence.count ?? 0) 次补正告知，\(time(evidence.at))" : "Correction notice no. \(evidence.count ?? 0), \(time(evidence.at))"
        case .correctionAfterAcceptance:
            return zh ? "受理于 \(time(evidence.reference))，补正告知于 \(time(evidence.at))"
                : "Accepted \(time(evidence.reference)), corrections requested \(time(evidence.at))"
        case .stepBeforeRegistration:
            return zh ? "登记于 \(time(evidence.reference))，环节时间 \(time(evidence.at))"
                : "Registered \(time(evidence.reference)), step dated \(time(evidence.at))"
        case .decisionWithoutRole:
            let role = evidence.role.flatMap(Role.init(rawValue:))?.title(in: language) ?? evidence.role ?? "—"
            return zh ? "决定人身份：\(role)，\(time(evidence.at))" : "Decided as: \(role), \(time(evidence.at))"
        case .mandatoryStepSkipped:
            return zh ? "作出决定时尚有 \(evidence.count ?? 0) 个审查环节未完成" : "\(evidence.count ?? 0) review step(s) not completed at the decision"
        case .feeDiffers:
            return zh ? "\(evidence.item ?? "")：标准 \(yuan(evidence.standardFen))，实收 \(yuan(evidence.chargedFen))"
                : "\(evidence.item ?? ""): standard \(yuan(evidence.standardFen)), charged \(yuan(evidence.chargedFen))"
        case .onTheSpotNotOnTheSpot:
            return zh ? "收件 \(time(evidence.reference))，\(time(evidence.at)) 转入一般程序或次日后办结"
                : "Received \(time(evidence.reference)); at \(time(evidence.at)) taken the ordinary way or finished on a later day"
        }
    }
}
