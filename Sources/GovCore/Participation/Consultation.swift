import Foundation

/// 征求意见: a draft policy put out for comment for a period, then answered with a summary of what was adopted.
/// 《重大行政决策程序暂行条例》第十五条: the period is as a rule no shorter than 30 days; a shorter one must say why.
public enum ConsultationRules {
    public static let usualMinimumDays = 30
    /// Even a shortened period leaves people a week.
    public static let shortestDays = 7
    public static let longestDays = 180

    public enum Phase: String, Sendable, Equatable {
        case scheduled, open, closed, summarised

        public func title(in language: Language) -> String {
            switch (self, language) {
            case (.scheduled, .zhHans): "即将开始"
            case (.scheduled, .en): "Not yet open"
            case (.open, .zhHans): "征求意见中"
            case (.open, .en): "Open for comment"
            case (.closed, .zhHans): "已截止"
            case (.closed, .en): "Closed"
            case (.summarised, .zhHans): "已公布采纳情况"
            case (.summarised, .en): "Adoption published"
            }
        }
    }

    /// Open from the first day's 00:00 through the last day's 24:00, Beijing time.
    public static func phase(opensOn: CivilDate, closesOn: CivilDate, summarised: Bool, now: Date) -> Phase {
        if summarised { return .summarised }
        let today = CivilDate.beijing(now)
        if today < opensOn { return .scheduled }
        return today <= closesOn ? .open : .closed
    }

    /// The draft's text as paragraphs, which comments may point at: split on blank lines, each trimmed.
    public static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}

/// A draft for comment as a department enters it.
public struct ConsultationDraft: Sendable, Equatable {
    public var title: String?
    public var text: String?
    public var opensOn: String?
    public var closesOn: String?
    public var shortenedReason: String?

    public init(title: String? = nil, text: String? = nil, opensOn: String? = nil, closesOn: String? = nil, shortenedReason: String? = nil) {
        self.title = title
        self.text = text
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.shortenedReason = shortenedReason
    }

    public struct Valid: Sendable, Equatable {
        public var title: String
        public var text: String
        public var opensOn: CivilDate
        public var closesOn: CivilDate
        public var shortenedReason: String?
    }

    /// `today` is the earliest day it may open.
    public func validated(today: CivilDate) throws(FieldErrors) -> Valid {
        var errors = FieldErrors()
        let title = errors.check("title") { try TextField.required(self.title, max: 200) }
        let text = errors.check("text") { try TextField.required(self.text, max: 100_000) }
        let opens = errors.check("opens_on") { () throws(ParticipationProblem) in
            guard let day = CivilDate((self.opensOn ?? "").trimmingCharacters(in: .whitespaces)), day >= today, day.year <= 9999 else { throw .date }
            return day
        }
        let closes = errors.check("closes_on") { () throws(ParticipationProblem) in
            guard let day = CivilDate((self.closesOn ?? "").trimmingCharacters(in: .whitespaces)) else { throw .date }
            return day
        }
        let reason = errors.check("shortened_reason") { try TextField.optional(self.shortenedReason, max: 500) }
        if let opens = opens ?? nil, let closes = closes ?? nil {
            // Both ends count: 2026-12-01 to 2026-12-30 is 30 days.
            let days = opens.days(until: closes) + 1
            let minimum = (reason ?? nil) == nil ? ConsultationRules.usualMinimumDays : ConsultationRules.shortestDays
            if days < minimum || days > ConsultationRules.longestDays {
                errors.add("closes_on", ParticipationProblem.period(minimum: minimum, maximum: ConsultationRules.longestDays))
            }
        }
        try errors.throwIfAny()
        return Valid(title: title!, text: text!, opensOn: opens!, closesOn: closes!, shortenedReason: reason!)
    }
}

/// Comments are moderated before anyone else sees them (先审后发).
public enum Moderation: String, CaseIterable, Codable, Sendable {
    case pending, approved, rejected

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.pending, .zhHans): "待审核"
        case (.pending, .en): "Awaiting moderation"
        case (.approved, .zhHans): "已发布"
        case (.approved, .en): "Published"
        case (.rejected, .zhHans): "未通过审核"
        case (.rejected, .en): "Not published"
        }
    }
}

/// What became of a comment (采纳情况).
public enum Adoption: String, CaseIterable, Codable, Sendable {
    case adopted, partly, notAdopted = "not_adopted"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.adopted, .zhHans): "采纳"
        case (.adopted, .en): "Adopted"
        case (.partly, .zhHans): "部分采纳"
        case (.partly, .en): "Partly adopted"
        case (.notAdopted, .zhHans): "未采纳"
        case (.notAdopted, .en): "Not adopted"
        }
    }
}

public enum CommentRules {
    /// A comment on the whole draft (`paragraph` empty) or on one of its paragraphs, numbered from 1.
    public static func check(text: String?, paragraph: String?, paragraphs: Int) throws(FieldErrors) -> (text: String, paragraph: Int?) {
        var errors = FieldErrors()
        let body = errors.check("text") { try TextField.required(text, max: 2000) }
        let index = errors.check("paragraph") { () throws(ParticipationProblem) -> Int? in
            let raw = (paragraph ?? "").trimmingCharacters(in: .whitespaces)
            guard !raw.isEmpty else { return nil }
            guard let number = Int(raw), (1...max(1, paragraphs)).contains(number), paragraphs > 0 else { throw .paragraph }
            return number
        }
        try errors.throwIfAny()
        return (body!, index!)
    }
}

/// Why a participation step was refused.
public enum ParticipationProblem: LocalizedFailure, Equatable {
    case date
    case period(minimum: Int, maximum: Int)
    case paragraph
    case notOpen
    case stillOpen
    case alreadySummarised
    case alreadyAnswered
    case notVerified
    case questions(line: Int)
    case answerRequired
    case answerInvalid
    case seats
    case registrationClosed
    case alreadyRegistered
    case tooManySelected(seats: Int)
    case notHeldYet
    case wrongState
    case notPermitted
    case extensionDays(maximum: Int)
    case alreadyExtended
    case notFound

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.date, .zhHans): "请填写有效日期（不早于今天）"
        case (.date, .en): "Enter a valid date, not before today"
        case let (.period(minimum, maximum), .zhHans): "征求意见期为 \(minimum) 至 \(maximum) 日；少于 30 日须说明理由"
        case let (.period(minimum, maximum), .en): "The period is \(minimum) to \(maximum) days; under 30 days needs a reason"
        case (.paragraph, .zhHans): "没有这一段"
        case (.paragraph, .en): "There is no such paragraph"
        case (.notOpen, .zhHans): "现在不在征集期内"
        case (.notOpen, .en): "It is not open now"
        case (.stillOpen, .zhHans): "征集期尚未结束"
        case (.stillOpen, .en): "It is still open"
        case (.alreadySummarised, .zhHans): "采纳情况已经公布"
        case (.alreadySummarised, .en): "The adoption summary is already published"
        case (.alreadyAnswered, .zhHans): "您已经参加过这次调查"
        case (.alreadyAnswered, .en): "You have already answered this survey"
        case (.notVerified, .zhHans): "需要实名认证的账号（公民身份号码或统一社会信用代码）"
        case (.notVerified, .en): "An account with a verified identity (ID number or credit code) is needed"
        case let (.questions(line), .zhHans): "第 \(line) 行格式不正确：类型|问题|选项…，类型为 single、multiple 或 text"
        case let (.questions(line), .en): "Line \(line) is not valid: kind|question|option…, kind single, multiple or text"
        case (.answerRequired, .zhHans): "请回答这个问题"
        case (.answerRequired, .en): "Please answer this question"
        case (.answerInvalid, .zhHans): "答案不在选项中"
        case (.answerInvalid, .en): "That answer is not one of the options"
        case (.seats, .zhHans): "名额为 1 至 500 人"
        case (.seats, .en): "Seats are 1 to 500"
        case (.registrationClosed, .zhHans): "报名已截止"
        case (.registrationClosed, .en): "Registration has closed"
        case (.alreadyRegistered, .zhHans): "您已经报名"
        case (.alreadyRegistered, .en): "You have already registered"
        case let (.tooManySelected(seats), .zhHans): "最多遴选 \(seats) 人"
        case let (.tooManySelected(seats), .en): "At most \(seats) may be selected"
        case (.notHeldYet, .zhHans): "听证会尚未举行"
        case (.notHeldYet, .en): "The hearing has not been held yet"
        case (.wrongState, .zhHans): "当前状态下不能这样办理"
        case (.wrongState, .en): "Not possible in its present state"
        case (.notPermitted, .zhHans): "您不能办理这一步"
        case (.notPermitted, .en): "You may not take this step"
        case let (.extensionDays(maximum), .zhHans): "延长期限为 1 至 \(maximum) 日"
        case let (.extensionDays(maximum), .en): "An extension is 1 to \(maximum) days"
        case (.alreadyExtended, .zhHans): "已经延长过一次"
        case (.alreadyExtended, .en): "Already extended once"
        case (.notFound, .zhHans): "没有找到"
        case (.notFound, .en): "Not found"
        }
    }
}
