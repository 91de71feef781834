import Foundation

/// When an obligation escalates. The defaults are those of real e-supervision systems (DESIGN.md, "Supervision
/// escalation"); an installation sets its own, and a matter may carry its own.
public struct EscalationSettings: Codable, Equatable, Sendable {
    /// 提醒 once the last working day of the promise begins.
    public var remindOnLastPromisedDay: Bool
    /// 预警 once the promise has run out.
    public var warnPastPromise: Bool
    /// 预警 this many working days before the statutory limit ends (0: only on its last day), but never more than
    /// ``hourLimitWarningPercent`` of the limit.
    public var warningWorkingDays: Int
    /// The share of a limit its warnings may take. For limits in hours: 提醒 when this share of the promise is left, 预警
    /// when it is left of the statutory limit. For limits in days it caps ``warningWorkingDays``, so warnings stay in
    /// proportion: a review step of two working days is not 预警 from its first minute, a 20-day limit warns 2 days ahead.
    public var hourLimitWarningPercent: Int

    public init(remindOnLastPromisedDay: Bool = true, warnPastPromise: Bool = true, warningWorkingDays: Int = 2, hourLimitWarningPercent: Int = 25) {
        self.remindOnLastPromisedDay = remindOnLastPromisedDay
        self.warnPastPromise = warnPastPromise
        self.warningWorkingDays = warningWorkingDays
        self.hourLimitWarningPercent = hourLimitWarningPercent
    }

    public static let standard = EscalationSettings()

    /// Sensible bounds, so a typing error cannot switch warnings off by accident.
    public func validate() throws(SupervisionError) {
        guard (0...20).contains(warningWorkingDays) else { throw .invalidSetting(name: "warningWorkingDays", value: warningWorkingDays) }
        guard (1...90).contains(hourLimitWarningPercent) else {
            throw .invalidSetting(name: "hourLimitWarningPercent", value: hourLimitWarningPercent)
        }
    }
}

/// The instants at which a running obligation's status changes; each is the first instant of its status.
///
/// A limit's end instant still belongs to it (24:00 of the last day is on time, as ``CaseRules`` counts), so a
/// status that means "past the end" begins one second after it: instants are kept to the second.
public struct Thresholds: Equatable, Sendable {
    /// `nil` when reminders are off.
    public var reminderAt: Date?
    public var warningAt: Date
    public var overdueAt: Date

    /// The status at `instant`: the most serious threshold passed.
    public func status(at instant: Date) -> ObligationStatus {
        if instant >= overdueAt { return .overdue }
        if instant >= warningAt { return .warning }
        if let reminderAt, instant >= reminderAt { return .reminder }
        return .normal
    }

    /// The first threshold after `instant` that would change the status; `nil` once overdue.
    public func nextChange(after instant: Date) -> Date? {
        let current = status(at: instant)
        return [reminderAt, warningAt, overdueAt].compactMap { $0 }.filter { $0 > instant }.sorted()
            .first { status(at: $0) != current }
    }
}

/// What the supervision engine knows of an obligation at one instant.
public struct Evaluation: Equatable, Sendable {
    public var status: ObligationStatus
    /// When the sweep must look at it again; `nil` while paused and once overdue (nothing more can change by time).
    public var nextChangeAt: Date?
}

/// Turns an obligation's clock into a status, a next instant for the sweep, and a verdict when it is finished.
public enum ObligationRules {
    public static func thresholds(
        of clock: ObligationClock, settings: EscalationSettings = .standard, calendar: WorkCalendar
    ) throws(CalendarError) -> Thresholds {
        let calendar = clock.provisional ? calendar.provisional : calendar
        switch clock.terms.unit {
        case .workingDays:
            // The promise's last day begins at 00:00 Beijing time of the day it ends in.
            let lastPromisedDay = CivilDate.beijingEnding(at: clock.promisedDue)
            let reminderAt = settings.remindOnLastPromisedDay ? max(clock.startedAt, lastPromisedDay.startInBeijing) : nil
            let nearStatutory = try warningStart(
                lastDay: CivilDate.beijingEnding(at: clock.statutoryDue), workingDays: warningWindow(clock, settings),
                notBefore: clock.startedAt, calendar: calendar)
            let warningAt = settings.warnPastPromise ? min(past(clock.promisedDue), nearStatutory) : nearStatutory
            return Thresholds(reminderAt: reminderAt, warningAt: warningAt, overdueAt: past(clock.statutoryDue))
        case .hours:
            let share = Double(settings.hourLimitWarningPercent) / 100
            let reminderAt = settings.remindOnLastPromisedDay
                ? clock.promisedDue.addingTimeInterval(-Double(clock.terms.promised) * 3600 * share) : nil
            let statutoryHours = Double(clock.terms.statutory + clock.terms.extensionGranted)
            let nearStatutory = clock.statutoryDue.addingTimeInterval(-statutoryHours * 3600 * share)
            let warningAt = settings.warnPastPromise ? min(past(clock.promisedDue), nearStatutory) : nearStatutory
            return Thresholds(reminderAt: reminderAt.map { max(clock.startedAt, $0) }, warningAt: warningAt, overdueAt: past(clock.statutoryDue))
        case .calendarDays:
            let lastPromisedDay = CivilDate.beijingEnding(at: clock.promisedDue)
            let reminderAt = settings.remindOnLastPromisedDay ? max(clock.startedAt, lastPromisedDay.startInBeijing) : nil
            let lastDay = CivilDate.beijingEnding(at: clock.statutoryDue)
            let nearStatutory = max(clock.startedAt, lastDay.adding(days: -warningWindow(clock, settings)).startInBeijing)
            let warningAt = settings.warnPastPromise ? min(past(clock.promisedDue), nearStatutory) : nearStatutory
            return Thresholds(reminderAt: reminderAt, warningAt: warningAt, overdueAt: past(clock.statutoryDue))
        }
    }

    /// How many days before a limit in days ends its 预警 begins: the setting, but at most the settings' share of the limit.
    static func warningWindow(_ clock: ObligationClock, _ settings: EscalationSettings) -> Int {
        let limit = clock.terms.statutory + clock.terms.extensionGranted
        return min(settings.warningWorkingDays, limit * settings.hourLimitWarningPercent / 100)
    }

    /// The first instant past an end (see ``Thresholds``).
    static func past(_ end: Date) -> Date { end.addingTimeInterval(1) }

    /// 00:00 of the first day from which `workingDays` or fewer working days are left up to `lastDay`: walking back
    /// from the last day, every working day stepped over leaves one more.
    static func warningStart(lastDay: CivilDate, workingDays: Int, notBefore start: Date, calendar: WorkCalendar) throws(CalendarError) -> Date {
        let first = CivilDate.beijing(start)
        var day = lastDay
        var left = 0
        while day > first {
            if try calendar.isWorkingDay(day) {
                if left == workingDays { break }
                left += 1
            }
            day = day.adding(days: -1)
        }
        return max(start, day.startInBeijing)
    }

    /// The status of a running obligation at `instant`. A paused one keeps the status it had when it paused and
    /// needs no sweep until it resumes (Art. 45: the excluded time does not count).
    public static func evaluate(
        _ clock: ObligationClock, at instant: Date, settings: EscalationSettings = .standard, calendar: WorkCalendar
    ) throws(CalendarError) -> Evaluation {
        let thresholds = try thresholds(of: clock, settings: settings, calendar: calendar)
        if let since = clock.pausedSince {
            return Evaluation(status: thresholds.status(at: min(since, instant)), nextChangeAt: nil)
        }
        return Evaluation(status: thresholds.status(at: instant), nextChangeAt: thresholds.nextChange(after: instant))
    }

    /// 提前 / 按时 / 超时 for an obligation finished at `instant`.
    public static func completion(
        of clock: ObligationClock, at instant: Date, settings: EscalationSettings = .standard, calendar: WorkCalendar
    ) throws(CalendarError) -> Completion {
        if instant > clock.statutoryDue { return .late }
        let earlyBefore: Date
        switch clock.terms.unit {
        case .workingDays, .calendarDays:
            earlyBefore = CivilDate.beijingEnding(at: clock.promisedDue).startInBeijing
        case .hours:
            earlyBefore = clock.promisedDue.addingTimeInterval(-Double(clock.terms.promised) * 3600 * Double(settings.hourLimitWarningPercent) / 100)
        }
        return instant < earlyBefore ? .early : .onTime
    }

    /// The working days (or hours) an obligation used from its start to `instant`, excluded periods not counted.
    public static func used(_ clock: ObligationClock, until instant: Date, calendar: WorkCalendar) throws(CalendarError) -> Int {
        switch clock.terms.unit {
        case .workingDays:
            let calendar = clock.provisional ? calendar.provisional : calendar
            var pauses = clock.pauses
            if let since = clock.pausedSince, instant > since { pauses.append(DateInterval(start: since, end: instant)) }
            return try calendar.elapsedWorkingDays(from: clock.startedAt, to: instant, pauses: pauses)
        case .hours:
            let paused = clock.pauses.reduce(0) { $0 + $1.duration } + (clock.pausedSince.map { max(0, instant.timeIntervalSince($0)) } ?? 0)
            return Int((max(0, instant.timeIntervalSince(clock.startedAt) - paused) / 3600).rounded(.up))
        case .calendarDays:
            return max(0, CivilDate.beijing(clock.startedAt).days(until: CivilDate.beijing(instant)))
        }
    }

    /// Working days left after today up to the statutory end (0 on its last day); when late, minus the working days
    /// since it ended, today included. A paused clock is read at the moment it paused. `nil` for limits in hours.
    public static func workingDaysLeft(_ clock: ObligationClock, at instant: Date, calendar: WorkCalendar) throws(CalendarError) -> Int? {
        guard clock.terms.unit == .workingDays else { return nil }
        let calendar = clock.provisional ? calendar.provisional : calendar
        let instant = min(instant, clock.pausedSince ?? instant)
        let today = CivilDate.beijing(instant)
        let lastDay = CivilDate.beijingEnding(at: clock.statutoryDue)
        if instant > clock.statutoryDue {
            return -(try calendar.workingDays(after: lastDay, through: today))
        }
        return try calendar.workingDays(after: today, through: lastDay)
    }
}

/// Why a supervision rule or setting refused something.
public enum SupervisionError: LocalizedFailure, Equatable {
    case invalidSetting(name: String, value: Int)
    case invalidWeight(name: String)
    case orderNotPermitted(action: String)
    case orderInvalidState(action: String)
    case textRequired(SupervisionTextField)
    case replyDueInPast
    case replyDueTooFar(maxWorkingDays: Int)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.invalidSetting(name, value), .zhHans): "设置 \(name) 的值 \(value) 超出允许范围"
        case let (.invalidSetting(name, value), .en): "The value \(value) of \(name) is out of range"
        case let (.invalidWeight(name), .zhHans): "权重“\(name)”须为 0 至 100 的整数，且各项权重之和大于 0"
        case let (.invalidWeight(name), .en): "The weight “\(name)” must be a whole number from 0 to 100, and the weights must not all be 0"
        case let (.orderNotPermitted(action), .zhHans): "您无权对此督办单执行“\(action)”"
        case let (.orderNotPermitted(action), .en): "You may not “\(action)” on this supervision order"
        case let (.orderInvalidState(action), .zhHans): "督办单当前状态下不能“\(action)”"
        case let (.orderInvalidState(action), .en): "The supervision order cannot “\(action)” in its current state"
        case let (.textRequired(field), .zhHans): "请填写\(field.title(in: .zhHans))"
        case let (.textRequired(field), .en): "Please give the \(field.title(in: .en))"
        case (.replyDueInPast, .zhHans): "回复期限不能早于今天"
        case (.replyDueInPast, .en): "The reply date cannot be before today"
        case let (.replyDueTooFar(max), .zhHans): "回复期限最长为 \(max) 个工作日"
        case let (.replyDueTooFar(max), .en): "The reply is due within at most \(max) working days"
        }
    }
}

/// The texts a supervision order needs, named for messages.
public enum SupervisionTextField: String, Sendable, Equatable {
    case instruction, reply, reason, outcome, accountablePerson = "accountable_person", measure

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.instruction, .zhHans): "督办事项"
        case (.instruction, .en): "instruction"
        case (.reply, .zhHans): "回复内容"
        case (.reply, .en): "reply"
        case (.reason, .zhHans): "退回理由"
        case (.reason, .en): "reason"
        case (.outcome, .zhHans): "处理结果"
        case (.outcome, .en): "outcome"
        case (.accountablePerson, .zhHans): "被问责人"
        case (.accountablePerson, .en): "person held to account"
        case (.measure, .zhHans): "问责方式"
        case (.measure, .en): "measure"
        }
    }
}
