import Foundation

/// Where an approval case (办件) stands in the life 《中华人民共和国行政许可法》 gives it.
///
/// Receipt and acceptance: Art. 32; decision limits: Art. 42; refusals with reasons and remedies: Art. 38;
/// certificate within 10 working days of a grant: Art. 44; procedures excluded from the limit: Art. 45.
public enum CaseState: String, CaseIterable, Codable, Sendable {
    /// 待受理: materials received; accept, refuse or ask for corrections within 5 working days (Art. 32).
    case submitted
    /// 待补正: a one-time, complete correction notice is out; the applicant's turn (Art. 32 (4)).
    case awaitingCorrection = "awaiting_correction"
    /// 审查中: accepted, clocks running, a review step is current (Art. 34, 42).
    case inReview = "in_review"
    /// 特别程序: a hearing, inspection, expert review… pauses the clock (Art. 45).
    case suspended
    /// 准予许可: the certificate is to be made and served within 10 working days (Art. 44).
    case granted
    /// 办结 (terminal): certificate served, or a refusal decision served (Art. 38).
    case closed
    /// 不予受理 (terminal, Art. 32 (1)(2)).
    case notAccepted = "not_accepted"
    /// 撤回 (terminal): the applicant withdrew before a decision.
    case withdrawn

    public var isTerminal: Bool {
        switch self {
        case .closed, .notAccepted, .withdrawn: true
        case .submitted, .awaitingCorrection, .inReview, .suspended, .granted: false
        }
    }

    /// Plain words for applicants.
    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.submitted, .zhHans): "等待受理"
        case (.submitted, .en): "Awaiting acceptance"
        case (.awaitingCorrection, .zhHans): "需要补正材料"
        case (.awaitingCorrection, .en): "Corrections needed"
        case (.inReview, .zhHans): "审查中"
        case (.inReview, .en): "Under review"
        case (.suspended, .zhHans): "特别程序中（暂停计时）"
        case (.suspended, .en): "Special procedure (clock paused)"
        case (.granted, .zhHans): "已准予许可，正在制证"
        case (.granted, .en): "Granted; certificate being prepared"
        case (.closed, .zhHans): "已办结"
        case (.closed, .en): "Completed"
        case (.notAccepted, .zhHans): "不予受理"
        case (.notAccepted, .en): "Not accepted"
        case (.withdrawn, .zhHans): "已撤回"
        case (.withdrawn, .en): "Withdrawn"
        }
    }
}

/// Procedures whose time is not counted in the decision limit; the applicant must be told in writing (Art. 45).
public enum ExcludedProcedure: String, CaseIterable, Codable, Sendable {
    case hearing, tendering, auction, inspection, testing, quarantine, appraisal
    case expertReview = "expert_review"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.hearing, .zhHans): "听证"
        case (.hearing, .en): "Hearing"
        case (.tendering, .zhHans): "招标"
        case (.tendering, .en): "Tendering"
        case (.auction, .zhHans): "拍卖"
        case (.auction, .en): "Auction"
        case (.inspection, .zhHans): "检验"
        case (.inspection, .en): "Inspection"
        case (.testing, .zhHans): "检测"
        case (.testing, .en): "Testing"
        case (.quarantine, .zhHans): "检疫"
        case (.quarantine, .en): "Quarantine"
        case (.appraisal, .zhHans): "鉴定"
        case (.appraisal, .en): "Appraisal"
        case (.expertReview, .zhHans): "专家评审"
        case (.expertReview, .en): "Expert review"
        }
    }
}

/// The decision on an accepted application (Art. 37, 38).
public enum CaseOutcome: String, Codable, Sendable, CaseIterable {
    case granted, refused
}

/// Facts kept on a case for supervision (电子监察); most are rule violations DESIGN.md lists.
public enum CaseFlag: String, Codable, Sendable, CaseIterable {
    /// A second or later correction notice: corrections must be told once, in full (Art. 32 (4)).
    case repeatedCorrectionNotice = "repeated_correction_notice"
    /// Nobody decided on acceptance within 5 working days, so the law accepted it (Art. 32 (4)).
    case acceptedByLaw = "accepted_by_law"
    /// Accepted or refused by a clerk after the 5 working days of Art. 32 had run out.
    case acceptanceDecidedLate = "acceptance_decided_late"
    /// Decided after the statutory limit, extension and excluded procedures included (Art. 42, 45).
    case decidedAfterStatutoryLimit = "decided_after_statutory_limit"
    /// The certificate was served more than 10 working days after the grant (Art. 44).
    case certificateLate = "certificate_late"
    /// A deadline runs into a year whose holidays are not yet published; it was counted with the holidays the law
    /// fixes, without the yearly makeup days, and is recomputed once that year is imported (DESIGN.md: flagged, never silently guessed).
    case provisionalDeadline = "provisional_deadline"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.repeatedCorrectionNotice, .zhHans): "多次告知补正"
        case (.repeatedCorrectionNotice, .en): "Corrections requested more than once"
        case (.acceptedByLaw, .zhHans): "逾期未告知，依法视为受理"
        case (.acceptedByLaw, .en): "Accepted by law (no decision within 5 working days)"
        case (.acceptanceDecidedLate, .zhHans): "受理决定超过 5 个工作日"
        case (.acceptanceDecidedLate, .en): "Acceptance decided after 5 working days"
        case (.decidedAfterStatutoryLimit, .zhHans): "超过法定时限作出决定"
        case (.decidedAfterStatutoryLimit, .en): "Decided after the statutory limit"
        case (.certificateLate, .zhHans): "超过 10 个工作日送达证件"
        case (.certificateLate, .en): "Certificate served after 10 working days"
        case (.provisionalDeadline, .zhHans): "期限跨入尚未公布节假日安排的年份，暂按法定节假日推算（不含调休），待导入后重新计算"
        case (.provisionalDeadline, .en): "A deadline runs into a year whose holidays are not yet published; estimated from the statutory holidays (without makeup days) until the year is imported"
        }
    }
}

/// The written documents the law requires at each turn.
public enum NoticeKind: String, Sendable, Codable, CaseIterable {
    /// 受理通知书 (Art. 32 (5)).
    case acceptance
    /// 不予受理决定书 (Art. 32 (1), (5)).
    case nonAcceptance = "non_acceptance"
    /// 补正材料通知书, all items at once (Art. 32 (4)).
    case correction
    /// 特别程序告知书: the excluded procedure and its time, in writing (Art. 45).
    case specialProcedure = "special_procedure"
    /// 延期通知书 with the reason (Art. 42).
    case `extension`
    /// 准予行政许可决定书 (Art. 38, 39).
    case grant
    /// 不予行政许可决定书, with reasons and the right to reconsideration or litigation (Art. 38).
    case refusal
    /// 撤销行政许可决定书: a licence that should not have been granted is undone (Art. 69), with the right to
    /// reconsideration or litigation.
    case revocation
    /// 注销行政许可决定书: a licence that has ended is cleared (Art. 70).
    case cancellation

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.acceptance, .zhHans): "受理通知书"
        case (.acceptance, .en): "Notice of acceptance"
        case (.nonAcceptance, .zhHans): "不予受理决定书"
        case (.nonAcceptance, .en): "Decision not to accept"
        case (.correction, .zhHans): "补正材料通知书"
        case (.correction, .en): "Notice to correct materials"
        case (.specialProcedure, .zhHans): "特别程序告知书"
        case (.specialProcedure, .en): "Notice of special procedure"
        case (.extension, .zhHans): "延期通知书"
        case (.extension, .en): "Notice of extension"
        case (.grant, .zhHans): "准予行政许可决定书"
        case (.grant, .en): "Decision to grant the licence"
        case (.refusal, .zhHans): "不予行政许可决定书"
        case (.refusal, .en): "Decision to refuse the licence"
        case (.revocation, .zhHans): "撤销行政许可决定书"
        case (.revocation, .en): "Decision to revoke the licence"
        case (.cancellation, .zhHans): "注销行政许可决定书"
        case (.cancellation, .en): "Decision to cancel the licence"
        }
    }
}

/// Supervision colours (DESIGN.md, "Supervision escalation").
public enum TrafficLight: String, Sendable, Codable, CaseIterable {
    /// On time.
    case green
    /// 预警: past the promised limit, or within 2 working days of the statutory one.
    case yellow
    /// 超期: past the statutory limit.
    case red
    /// No clock runs (the applicant's turn, or the case is finished).
    case none
}
