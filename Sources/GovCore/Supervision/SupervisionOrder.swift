import Foundation

/// Where a supervision order (督办单) stands.
public enum SupervisionOrderState: String, CaseIterable, Codable, Sendable {
    /// 已督办: issued to a unit, its reply due by a date (an obligation of kind ``ObligationKind/supervisionReply``).
    case issued
    /// 已回复: the unit said what it did; the supervisor's turn.
    case replied
    /// 已办结: the supervisor recorded the correction (纠错) or the accountability (问责) and closed it.
    case closed

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.issued, .zhHans): "待回复"
        case (.issued, .en): "Awaiting reply"
        case (.replied, .zhHans): "已回复，待处理"
        case (.replied, .en): "Replied; awaiting the supervisor"
        case (.closed, .zhHans): "已办结"
        case (.closed, .en): "Closed"
        }
    }
}

/// How a supervisor closes an order.
public enum SupervisionOutcome: String, CaseIterable, Codable, Sendable {
    /// 纠错: the unit corrected what was wrong.
    case correction
    /// 问责: someone is held to account, with a measure.
    case accountability

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.correction, .zhHans): "纠错"
        case (.correction, .en): "Correction"
        case (.accountability, .zhHans): "问责"
        case (.accountability, .en): "Accountability"
        }
    }
}

/// The measures of accountability, from the mildest: organisational handling (《中国共产党问责条例》, 《公职人员政务处分法》
/// 第七条 for the sanctions from 警告 on).
public enum AccountabilityMeasure: String, CaseIterable, Codable, Sendable {
    case criticism, selfExamination = "self_examination", circulatedCriticism = "circulated_criticism", admonition
    case warning, demerit, majorDemerit = "major_demerit", demotion, dismissalFromPost = "dismissal_from_post", expulsion

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.criticism, .zhHans): "批评教育"
        case (.criticism, .en): "Criticism"
        case (.selfExamination, .zhHans): "责令检查"
        case (.selfExamination, .en): "Ordered self-examination"
        case (.circulatedCriticism, .zhHans): "通报批评"
        case (.circulatedCriticism, .en): "Circulated criticism"
        case (.admonition, .zhHans): "诫勉"
        case (.admonition, .en): "Admonition"
        case (.warning, .zhHans): "警告"
        case (.warning, .en): "Warning"
        case (.demerit, .zhHans): "记过"
        case (.demerit, .en): "Demerit"
        case (.majorDemerit, .zhHans): "记大过"
        case (.majorDemerit, .en): "Major demerit"
        case (.demotion, .zhHans): "降级"
        case (.demotion, .en): "Demotion"
        case (.dismissalFromPost, .zhHans): "撤职"
        case (.dismissalFromPost, .en): "Dismissal from post"
        case (.expulsion, .zhHans): "开除"
        case (.expulsion, .en): "Expulsion"
        }
    }
}

/// What someone does to a supervision order.
public enum SupervisionOrderAction: Sendable, Equatable {
    /// The unit's head says what was done; before or after the reply date (a late reply is late, not refused).
    case reply(text: String)
    /// The supervisor sends an unsatisfactory reply back; the unit replies again, under the same date.
    case sendBack(reason: String)
    /// The supervisor records 纠错 or 问责 and closes the order.
    case close(outcome: SupervisionOutcome, text: String, accountablePerson: String?, measure: AccountabilityMeasure?)

    public var name: String {
        switch self {
        case .reply: "reply"
        case .sendBack: "send_back"
        case .close: "close"
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.reply, .zhHans): "回复督办"
        case (.reply, .en): "reply"
        case (.sendBack, .zhHans): "退回重办"
        case (.sendBack, .en): "send back"
        case (.close, .zhHans): "办结督办"
        case (.close, .en): "close"
        }
    }
}

/// Who acts on an order: the supervisor who watches the unit, or the head of the unit it was issued to.
public enum SupervisionOrderActor: Sendable, Equatable {
    case supervisor
    case unitHead
}

/// The life of a 督办单. Issuing is checked by ``SupervisionOrderRules/checkIssue(instruction:replyWorkingDays:)``.
public enum SupervisionOrderRules {
    /// The longest reply period a supervisor may set.
    public static let maximumReplyWorkingDays = 30
    public static let maximumTextLength = 2000

    /// A new order needs an instruction and a reply period of 1…30 working days.
    public static func checkIssue(instruction: String, replyWorkingDays: Int) throws(SupervisionError) -> String {
        guard let text = cleaned(instruction) else { throw .textRequired(.instruction) }
        guard replyWorkingDays >= 1 else { throw .replyDueInPast }
        guard replyWorkingDays <= maximumReplyWorkingDays else { throw .replyDueTooFar(maxWorkingDays: maximumReplyWorkingDays) }
        return text
    }

    public static func startStates(for action: SupervisionOrderAction) -> Set<SupervisionOrderState> {
        switch action {
        case .reply: [.issued]
        case .sendBack, .close: [.replied]
        }
    }

    public static func permittedActor(for action: SupervisionOrderAction) -> SupervisionOrderActor {
        switch action {
        case .reply: .unitHead
        case .sendBack, .close: .supervisor
        }
    }

    /// The state after `action`, or why not. Text is trimmed; 问责 needs the person and the measure.
    public static func apply(
        _ action: SupervisionOrderAction, to state: SupervisionOrderState, by actor: SupervisionOrderActor
    ) throws(SupervisionError) -> SupervisionOrderState {
        guard permittedActor(for: action) == actor else { throw .orderNotPermitted(action: action.name) }
        guard startStates(for: action).contains(state) else { throw .orderInvalidState(action: action.name) }
        switch action {
        case let .reply(text):
            guard cleaned(text) != nil else { throw .textRequired(.reply) }
            return .replied
        case let .sendBack(reason):
            guard cleaned(reason) != nil else { throw .textRequired(.reason) }
            return .issued
        case let .close(outcome, text, person, measure):
            guard cleaned(text) != nil else { throw .textRequired(.outcome) }
            if outcome == .accountability {
                guard cleaned(person) != nil else { throw .textRequired(.accountablePerson) }
                guard measure != nil else { throw .textRequired(.measure) }
            }
            return .closed
        }
    }

    /// Trimmed, non-empty and at most ``maximumTextLength`` characters, else `nil`.
    public static func cleaned(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty,
              trimmed.count <= maximumTextLength else { return nil }
        return trimmed
    }
}

extension SupervisionOrderRules {
    /// 督办文号: the city's first character, 监督, the year and a serial, as the notices of the approval hall are numbered
    /// (``DocumentNumber``): 示监督字〔2026〕第000012号.
    public static func number(cityName: String, year: Int, serial: Int) -> String {
        "\(cityName.prefix(1))监督字〔\(year)〕第\(String(format: "%06d", serial))号"
    }
}
