import Foundation

/// Why ``CaseRules`` refused an action, in words for the person who tried it.
public enum CaseError: LocalizedFailure, Equatable {
    /// The actor's role may not take this action at all.
    case notPermitted(action: CaseActionKind, actor: CaseActor)
    /// The action does not apply in the case's current state.
    case invalidState(state: CaseState, action: CaseActionKind)
    /// The action is dated before the last action on the case.
    case timeBeforeLastAction(action: CaseActionKind)
    /// Refusals, extensions and refusal decisions must give reasons (Art. 32, 38, 42).
    case reasonRequired(action: CaseActionKind)
    /// A correction notice lists every item needed (Art. 32 (4)).
    case correctionItemsRequired
    /// Corrections are told once; a further notice must say why (Art. 32 (4)).
    case repeatedCorrectionNeedsReason
    /// 5 working days have passed: the application is accepted by law and corrections can no longer be asked (Art. 32 (4)).
    case correctionNoticeTooLate(due: Date)
    /// The 5 working days of Art. 32 have not run out yet.
    case acceptancePeriodNotOver(due: Date)
    case notOnTheSpotMatter
    /// All review steps are done.
    case noCurrentStep
    /// The current step belongs to another role.
    case stepAssignedToOtherRole(step: String, role: Role)
    /// The applicant must be told in writing about an excluded procedure (Art. 45).
    case noticeRequired
    case expectedEndInPast(CivilDate)
    /// Art. 42: one extension only.
    case extensionAlreadyGranted(max: Int)
    /// Art. 42: 1...10 working days.
    case extensionOutOfRange(days: Int, max: Int)
    /// Art. 42: extended within the limit; once the statutory limit has passed, a late decision stays late.
    case extensionAfterStatutoryLimit(due: Date)
    case notReadyForDecision(remainingSteps: Int)
    case invalidLimit(name: String, value: Int)
    case promiseLongerThanLaw(promised: Int, statutory: Int)
    case invalidStep(name: String)
    case calendar(CalendarError)

    public func message(in language: Language) -> String {
        let zh = language == .zhHans
        switch self {
        case let .notPermitted(action, actor):
            let allowed = CaseRules.permittedActors(for: action).map { $0.title(in: language) }
            if zh {
                return "只有\(allowed.joined(separator: "或"))可以\(action.title(in: language))"
                    + "（当前身份：\(actor.title(in: language))）"
            }
            let who = allowed.count > 1
                ? allowed.dropLast().joined(separator: ", ") + " or " + (allowed.last ?? "") : (allowed.first ?? "")
            return "Only a \(who) may \(action.title(in: language)) (you are acting as: \(actor.title(in: language)))"
        case let .invalidState(state, action):
            return zh ? "当前状态（\(state.title(in: language))）不能执行“\(action.title(in: language))”"
                : "Cannot \(action.title(in: language)) while the case is in the state “\(state.title(in: language))”"
        case let .timeBeforeLastAction(action):
            return zh ? "“\(action.title(in: language))”的时间早于本件上一次办理时间"
                : "The time given to \(action.title(in: language)) is earlier than the case's last action"
        case let .reasonRequired(action):
            return zh ? "\(action.title(in: language))必须说明理由" : "A reason is required to \(action.title(in: language))"
        case .correctionItemsRequired:
            return zh ? "补正告知必须一次性列明全部需要补正的材料（《行政许可法》第三十二条）"
                : "A correction notice must list every item to correct, all at once (Administrative Licensing Law, Art. 32)"
        case .repeatedCorrectionNeedsReason:
            return zh ? "补正材料应当一次性告知；再次告知必须说明理由（《行政许可法》第三十二条）"
                : "Corrections must be requested once; a further request must give its reason (Administrative Licensing Law, Art. 32)"
        case let .correctionNoticeTooLate(due):
            let day = CivilDate.beijingEnding(at: due)
            return zh ? "已超过 5 个工作日（\(day)），依法视为受理，不能再告知补正（《行政许可法》第三十二条）"
                : "The 5 working days ended on \(day): the application is accepted by law and corrections can no longer be requested (Administrative Licensing Law, Art. 32)"
        case let .acceptancePeriodNotOver(due):
            let day = CivilDate.beijingEnding(at: due)
            return zh ? "受理期限（\(day) 24 时）尚未届满，不能视为受理"
                : "The acceptance period runs until the end of \(day); the application cannot be deemed accepted yet"
        case .notOnTheSpotMatter:
            return zh ? "该事项不是即办件，不能当场办结" : "This matter is not decided on the spot"
        case .noCurrentStep:
            return zh ? "审查环节已全部完成，请作出许可决定" : "All review steps are done; a decision is due"
        case let .stepAssignedToOtherRole(step, role):
            return zh ? "当前环节“\(step)”应由\(role.title(in: language))办理"
                : "The current step “\(step)” is for the \(role.title(in: language).lowercased())"
        case .noticeRequired:
            return zh ? "启动特别程序必须书面告知申请人所需时间（《行政许可法》第四十五条）"
                : "The applicant must be told in writing about the special procedure and its time (Administrative Licensing Law, Art. 45)"
        case let .expectedEndInPast(date):
            return zh ? "特别程序的预计结束日期（\(date)）早于今天" : "The expected end of the special procedure (\(date)) is in the past"
        case let .extensionAlreadyGranted(max):
            return zh ? "延期只能一次，且不超过 \(max) 个工作日（《行政许可法》第四十二条）；本件已经延期"
                : "An extension is allowed once, of at most \(max) working days (Administrative Licensing Law, Art. 42); this case was already extended"
        case let .extensionOutOfRange(days, max):
            return zh ? "延期只能一次，且不超过 \(max) 个工作日（《行政许可法》第四十二条）；申请延期 \(days) 个工作日"
                : "An extension is allowed once, of 1 to \(max) working days (Administrative Licensing Law, Art. 42); \(days) were asked"
        case let .extensionAfterStatutoryLimit(due):
            return zh ? ExtensionRefusal.limitPassed(due: due).message(in: .zhHans) : ExtensionRefusal.limitPassed(due: due).message(in: .en)
        case let .notReadyForDecision(remaining):
            return zh ? "还有 \(remaining) 个审查环节未完成，不能作出决定"
                : "\(remaining) review step(s) remain before a decision can be made"
        case let .invalidLimit(name, value):
            return zh ? "时限设置“\(name)”无效：\(value) 个工作日"
                : "The time-limit setting “\(name)” is invalid: \(value) working days"
        case let .promiseLongerThanLaw(promised, statutory):
            return zh ? "承诺时限（\(promised) 个工作日）不能长于法定时限（\(statutory) 个工作日）"
                : "The promised limit (\(promised) working days) cannot be longer than the statutory one (\(statutory))"
        case let .invalidStep(name):
            return zh ? "审查环节“\(name)”设置无效：须有名称、由承办人员或部门负责人办理、时限不为负"
                : "The review step “\(name)” is invalid: it needs a name, a reviewer or department head, and a non-negative limit"
        case let .calendar(error):
            return error.message(in: language)
        }
    }
}
