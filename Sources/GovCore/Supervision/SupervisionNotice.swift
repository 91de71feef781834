import Foundation

/// The words of an inbox message or e-mail about an obligation that escalated, in either language.
public enum SupervisionNotice {
    public static func escalation(
        kind: ObligationKind, label: String?, subject: String, to status: ObligationStatus, statutoryDue: Date, in language: Language
    ) -> (title: String, body: String) {
        let duty = [kind.title(in: language), label].compactMap { $0 }.joined(separator: language == .zhHans ? "·" : " · ")
        let due = BeijingClock.deadline(statutoryDue)
        switch language {
        case .zhHans:
            let title = "【\(status.title(in: .zhHans))】\(subject) \(duty)"
            let body: String = switch status {
            case .reminder: "今天是承诺时限的最后一个工作日，请抓紧办理。法定期限至 \(due)。"
            case .warning: "已超过承诺时限或临近法定期限（\(due)），请立即办理。"
            case .overdue: "已超过法定期限（\(due)），已纳入电子监察超期统计。"
            case .normal: "期限已调整，当前状态正常。法定期限至 \(due)。"
            }
            return (title, body)
        case .en:
            let title = "[\(status.title(in: .en))] \(subject) \(duty)"
            let body: String = switch status {
            case .reminder: "Today is the last working day of the promised limit. The statutory limit ends \(due)."
            case .warning: "The promised limit has passed or the statutory limit (\(due)) is near; act now."
            case .overdue: "The statutory limit (\(due)) has passed; this is counted as overdue by electronic supervision."
            case .normal: "The limit has changed and the status is normal again. The statutory limit ends \(due)."
            }
            return (title, body)
        }
    }

    /// A limit counted again after the working-day calendar changed (a year's holiday arrangement imported).
    public static func recounted(
        kind: ObligationKind, label: String?, subject: String, from oldDue: Date, to newDue: Date, years: [Int], in language: Language
    ) -> (title: String, body: String) {
        let duty = [kind.title(in: language), label].compactMap { $0 }.joined(separator: language == .zhHans ? "·" : " · ")
        let (before, after) = (BeijingClock.deadline(oldDue), BeijingClock.deadline(newDue))
        let yearList = years.map(String.init).joined(separator: language == .zhHans ? "、" : ", ")
        switch language {
        case .zhHans:
            return ("【期限调整】\(subject) \(duty)",
                    "已导入 \(yearList) 年节假日安排，法定期限由 \(before) 重新计算为 \(after)。")
        case .en:
            return ("[Limit recounted] \(subject) \(duty)",
                    "The holiday arrangement for \(yearList) was imported; the statutory limit moved from \(before) to \(after).")
        }
    }

    /// A supervision order issued to, replied by, sent back to or closed for a unit.
    public static func order(
        _ action: String, number: String, subject: String, replyDue: Date, in language: Language
    ) -> (title: String, body: String) {
        let due = BeijingClock.deadline(replyDue)
        switch (action, language) {
        case ("issue", .zhHans): return ("【督办】\(number) \(subject)", "监察机构就 \(subject) 发出督办，请于 \(due) 前回复。")
        case ("issue", .en): return ("[Supervision order] \(number) \(subject)", "Supervision has issued an order about \(subject); reply by \(due).")
        case ("reply", .zhHans): return ("【督办回复】\(number) \(subject)", "承办单位已回复督办，请审核并办结。")
        case ("reply", .en): return ("[Order replied] \(number) \(subject)", "The unit has replied; review the reply and close the order.")
        case ("send_back", .zhHans): return ("【督办退回】\(number) \(subject)", "督办回复被退回，请于 \(due) 前重新回复。")
        case ("send_back", .en): return ("[Order sent back] \(number) \(subject)", "The reply was sent back; reply again by \(due).")
        case (_, .zhHans): return ("【督办办结】\(number) \(subject)", "督办已办结。")
        case (_, .en): return ("[Order closed] \(number) \(subject)", "The supervision order is closed.")
        }
    }
}
