import Foundation

/// What someone does to a case. See ``CaseRules/apply(_:to:by:at:settings:calendar:)`` for who may do it when.
public enum CaseAction: Sendable, Equatable {
    /// 受理 (Art. 32 (5)) — window clerk.
    case accept
    /// 不予受理 (Art. 32 (1)(2)) — window clerk; the reason is required.
    case refuseToAccept(reason: String)
    /// 一次性告知补正 (Art. 32 (4)) — window clerk; every item at once. A second or later notice needs
    /// `reasonForRepeat` and is flagged ``CaseFlag/repeatedCorrectionNotice``.
    case requestCorrection(items: [String], reasonForRepeat: String?)
    /// The applicant hands in the corrections (online, or on paper to a window clerk who records them); the
    /// 5-working-day acceptance period restarts.
    case submitCorrection
    /// System only: 5 working days passed without a decision, so the application is accepted by law (Art. 32 (4)).
    case deemAccepted
    /// The role assigned to the current review step (or a department head) finishes it.
    case completeStep(note: String?)
    /// An excluded procedure starts; the applicant is told in writing (Art. 45) — reviewer or department head.
    case suspend(procedure: ExcludedProcedure, expectedEnd: CivilDate, notice: String)
    /// The excluded procedure is over; the clock runs again — reviewer or department head.
    case resume
    /// Extension of the decision limit, once, with a reason, by the head of the authority (Art. 42).
    case extend(workingDays: Int, reason: String)
    /// The decision (Art. 37, 38) — department head; refusals need reasons.
    case decide(outcome: CaseOutcome, reasons: String)
    /// The certificate is served (Art. 44) — window clerk, reviewer or department head.
    case serveCertificate
    /// The applicant withdraws before a decision.
    case withdraw(reason: String?)
    /// 即办件: accepted and granted in one visit — window clerk, on-the-spot matters only.
    case decideOnTheSpot

    public var kind: CaseActionKind {
        switch self {
        case .accept: .accept
        case .refuseToAccept: .refuseToAccept
        case .requestCorrection: .requestCorrection
        case .submitCorrection: .submitCorrection
        case .deemAccepted: .deemAccepted
        case .completeStep: .completeStep
        case .suspend: .suspend
        case .resume: .resume
        case .extend: .extend
        case .decide: .decide
        case .serveCertificate: .serveCertificate
        case .withdraw: .withdraw
        case .decideOnTheSpot: .decideOnTheSpot
        }
    }

    /// The stable name used in transition records, audit entries and ``CaseRules/allowedActions(for:by:at:settings:)``.
    public var name: String { kind.rawValue }
}

/// An action without its parameters; the raw value is the stable name.
public enum CaseActionKind: String, CaseIterable, Codable, Sendable {
    case accept
    case refuseToAccept = "refuse_to_accept"
    case requestCorrection = "request_correction"
    case submitCorrection = "submit_correction"
    case deemAccepted = "deem_accepted"
    case completeStep = "complete_step"
    case suspend
    case resume
    case extend
    case decide
    case serveCertificate = "serve_certificate"
    case withdraw
    case decideOnTheSpot = "decide_on_the_spot"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.accept, .zhHans): "受理"
        case (.accept, .en): "accept the application"
        case (.refuseToAccept, .zhHans): "不予受理"
        case (.refuseToAccept, .en): "refuse to accept the application"
        case (.requestCorrection, .zhHans): "告知补正"
        case (.requestCorrection, .en): "request corrections"
        case (.submitCorrection, .zhHans): "提交补正材料"
        case (.submitCorrection, .en): "submit corrections"
        case (.deemAccepted, .zhHans): "依法视为受理"
        case (.deemAccepted, .en): "deem the application accepted"
        case (.completeStep, .zhHans): "完成审查环节"
        case (.completeStep, .en): "complete the review step"
        case (.suspend, .zhHans): "启动特别程序"
        case (.suspend, .en): "start a special procedure"
        case (.resume, .zhHans): "结束特别程序"
        case (.resume, .en): "end the special procedure"
        case (.extend, .zhHans): "批准延期"
        case (.extend, .en): "approve an extension"
        case (.decide, .zhHans): "作出许可决定"
        case (.decide, .en): "decide on the application"
        case (.serveCertificate, .zhHans): "送达证件"
        case (.serveCertificate, .en): "serve the certificate"
        case (.withdraw, .zhHans): "撤回申请"
        case (.withdraw, .en): "withdraw the application"
        case (.decideOnTheSpot, .zhHans): "当场办结"
        case (.decideOnTheSpot, .en): "decide on the spot"
        }
    }
}

/// Who acts on a case: the applicant, a member of staff in one role, or the system's own timers.
public enum CaseActor: Sendable, Equatable, Hashable {
    case applicant
    case staff(Role)
    case system

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.applicant, _): Role.applicant.title(in: language)
        case let (.staff(role), _): role.title(in: language)
        case (.system, .zhHans): "系统"
        case (.system, .en): "The system"
        }
    }
}
