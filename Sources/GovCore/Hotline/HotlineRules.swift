import Foundation

/// A handling limit in one unit: working days, or clock hours for urgent tickets.
public struct TicketLimit: Codable, Equatable, Sendable {
    public var amount: Int
    public var unit: LimitUnit

    public init(amount: Int, unit: LimitUnit) {
        self.amount = amount
        self.unit = unit
    }

    public static func workingDays(_ amount: Int) -> TicketLimit { TicketLimit(amount: amount, unit: .workingDays) }
    public static func hours(_ amount: Int) -> TicketLimit { TicketLimit(amount: amount, unit: .hours) }

    var allowedRange: ClosedRange<Int> { unit == .hours ? 1...240 : 1...60 }
}

/// The hotline's limits, by kind and urgency, and how long an extension may be. The defaults are those of the
/// 12345 hotlines (国办发〔2020〕53号 and the cities' rules): urgent within 2 hours, ordinary within 5 working days.
public struct HotlineSettings: Codable, Equatable, Sendable {
    /// Ordinary tickets, by ``TicketKind`` raw value; a kind not listed has ``defaultOrdinary``.
    public var ordinary: [String: TicketLimit]
    public var urgent: TicketLimit
    /// The longest extension a department may be given, in working days (or, for an urgent ticket, hours).
    public var maxExtensionWorkingDays: Int
    public var maxExtensionHours: Int

    public static let defaultOrdinary = TicketLimit.workingDays(5)

    public init(
        ordinary: [String: TicketLimit] = [:], urgent: TicketLimit = .hours(2), maxExtensionWorkingDays: Int = 10, maxExtensionHours: Int = 24
    ) {
        self.ordinary = ordinary
        self.urgent = urgent
        self.maxExtensionWorkingDays = maxExtensionWorkingDays
        self.maxExtensionHours = maxExtensionHours
    }

    public func limit(for kind: TicketKind, urgency: TicketUrgency) -> TicketLimit {
        urgency == .urgent ? urgent : ordinary[kind.rawValue] ?? Self.defaultOrdinary
    }

    public func maxExtension(in unit: LimitUnit) -> Int { unit == .hours ? maxExtensionHours : maxExtensionWorkingDays }

    public func terms(for kind: TicketKind, urgency: TicketUrgency) -> ObligationTerms {
        let limit = limit(for: kind, urgency: urgency)
        return ObligationTerms(unit: limit.unit, promised: limit.amount, statutory: limit.amount)
    }

    public func validate() throws(FieldErrors) {
        var errors = FieldErrors()
        for kind in TicketKind.allCases {
            let limit = limit(for: kind, urgency: .ordinary)
            if !limit.allowedRange.contains(limit.amount) { errors.add("ordinary_\(kind.rawValue)", HotlineProblem.limit(limit.allowedRange)) }
        }
        if !urgent.allowedRange.contains(urgent.amount) { errors.add("urgent", HotlineProblem.limit(urgent.allowedRange)) }
        if !(1...30).contains(maxExtensionWorkingDays) { errors.add("max_extension_days", HotlineProblem.limit(1...30)) }
        if !(1...72).contains(maxExtensionHours) { errors.add("max_extension_hours", HotlineProblem.limit(1...72)) }
        try errors.throwIfAny()
    }
}

/// A routing rule (派单规则): tickets whose category starts with `categoryPrefix` and whose place lies in `regionCode`
/// (any place when nil) go to `unitID`.
public struct RoutingRule: Codable, Equatable, Sendable {
    public var categoryPrefix: String
    public var regionCode: String?
    public var unitID: UUID

    public init(categoryPrefix: String, regionCode: String? = nil, unitID: UUID) {
        self.categoryPrefix = categoryPrefix
        self.regionCode = regionCode
        self.unitID = unitID
    }

    public func matches(category: String, regionCode place: String?) -> Bool {
        guard category.hasPrefix(categoryPrefix) else { return false }
        guard let regionCode else { return true }
        return place?.hasPrefix(regionCode) ?? false
    }
}

public enum HotlineRouting {
    /// The most specific matching rule: the longest category prefix first, then the narrowest region, a rule for a
    /// place before one for anywhere. Nil when none matches, and the hotline routes the ticket by hand.
    public static func route(category: String, regionCode: String?, rules: [RoutingRule]) -> RoutingRule? {
        rules.filter { $0.matches(category: category, regionCode: regionCode) }
            .max { lhs, rhs in
                (lhs.categoryPrefix.count, lhs.regionCode?.count ?? -1) < (rhs.categoryPrefix.count, rhs.regionCode?.count ?? -1)
            }
    }
}

/// Who acts on a ticket.
public enum TicketActor: Sendable, Equatable {
    /// The hotline's operator (话务员), for the hotline centre.
    case hotline
    /// Staff of the department the ticket is with.
    case department
    /// The person who filed it, in their own space.
    case caller
}

public enum TicketAction: String, CaseIterable, Codable, Sendable {
    /// The operator answers a question on the call, from the knowledge base.
    case answer
    /// The operator sends the ticket to a department.
    case dispatch
    /// The department sends back a ticket that is not theirs, once, with a reason.
    case `return`
    /// The department asks for more time, with a reason.
    case requestExtension = "request_extension"
    case approveExtension = "approve_extension"
    case refuseExtension = "refuse_extension"
    /// The department answers.
    case reply
    /// The caller is called back (or rates it themselves) and their satisfaction is recorded.
    case callBack = "callback"
    /// An unsatisfied caller has the ticket handled again, once.
    case reopen

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.answer, .zhHans): "当场解答"
        case (.answer, .en): "Answer on the call"
        case (.dispatch, .zhHans): "派单"
        case (.dispatch, .en): "Send to a department"
        case (.return, .zhHans): "退单"
        case (.return, .en): "Return as not ours"
        case (.requestExtension, .zhHans): "申请延期"
        case (.requestExtension, .en): "Ask for an extension"
        case (.approveExtension, .zhHans): "同意延期"
        case (.approveExtension, .en): "Approve the extension"
        case (.refuseExtension, .zhHans): "不同意延期"
        case (.refuseExtension, .en): "Refuse the extension"
        case (.reply, .zhHans): "答复"
        case (.reply, .en): "Reply"
        case (.callBack, .zhHans): "回访"
        case (.callBack, .en): "Call back"
        case (.reopen, .zhHans): "重新办理"
        case (.reopen, .en): "Reopen"
        }
    }
}

/// What the rules look at on a ticket.
public struct TicketFacts: Sendable, Equatable {
    public var state: TicketState
    public var returnCount: Int
    public var reopenCount: Int
    public var extensionRequested: Bool
    public var extensionCount: Int
    public var satisfaction: Satisfaction?

    public init(state: TicketState, returnCount: Int = 0, reopenCount: Int = 0, extensionRequested: Bool = false, extensionCount: Int = 0,
                satisfaction: Satisfaction? = nil) {
        self.state = state
        self.returnCount = returnCount
        self.reopenCount = reopenCount
        self.extensionRequested = extensionRequested
        self.extensionCount = extensionCount
        self.satisfaction = satisfaction
    }
}

/// The ticket's state machine: who may do what, when, and what it leads to.
public enum TicketRules {
    /// A department may send a ticket back once; after that the hotline's routing stands (the 12345 rule against
    /// tickets bounced between departments, 推诿).
    public static let maxReturns = 1
    /// An unsatisfied caller may have a ticket handled once more.
    public static let maxReopens = 1
    public static let maxExtensions = 1

    public static func check(_ action: TicketAction, on facts: TicketFacts, by actor: TicketActor) throws(HotlineProblem) {
        func require(_ who: TicketActor...) throws(HotlineProblem) {
            guard who.contains(actor) else { throw .notPermitted }
        }
        func state(_ allowed: TicketState...) throws(HotlineProblem) {
            guard allowed.contains(facts.state) else { throw .wrongState(facts.state) }
        }
        switch action {
        case .answer:
            try require(.hotline)
            try state(.received, .returned)
        case .dispatch:
            try require(.hotline)
            try state(.received, .returned)
        case .return:
            try require(.department)
            try state(.assigned)
            guard facts.returnCount < maxReturns else { throw .alreadyReturned }
        case .requestExtension:
            try require(.department)
            try state(.assigned)
            guard !facts.extensionRequested else { throw .extensionPending }
            guard facts.extensionCount < maxExtensions else { throw .alreadyExtended }
        case .approveExtension, .refuseExtension:
            try require(.hotline)
            try state(.assigned)
            guard facts.extensionRequested else { throw .noExtensionRequested }
        case .reply:
            try require(.department)
            try state(.assigned)
        case .callBack:
            try require(.hotline, .caller)
            try state(.replied)
        case .reopen:
            try require(.hotline, .caller)
            try state(.closed)
            guard facts.satisfaction?.isBad ?? false else { throw .notDissatisfied }
            guard facts.reopenCount < maxReopens else { throw .alreadyReopened }
        }
    }

    /// The actions `actor` may take now, in the order a page offers them.
    public static func available(on facts: TicketFacts, to actor: TicketActor) -> [TicketAction] {
        TicketAction.allCases.filter { action in (try? check(action, on: facts, by: actor)) != nil }
    }

    /// A reason for returning, reopening or an extension: required, at most 1,000 characters.
    public static func reason(_ text: String?) throws(HotlineProblem) -> String {
        do { return try TextField.required(text, max: 1000) } catch { throw .reasonRequired }
    }

    public static func reply(_ text: String?) throws(FieldErrors) -> String {
        do { return try TextField.required(text, max: 4000) } catch { throw .single("reply", error) }
    }

    /// An extension's length in the ticket's own unit, within the installation's maximum.
    public static func extensionAmount(_ raw: String?, unit: LimitUnit, settings: HotlineSettings) throws(HotlineProblem) -> Int {
        let maximum = settings.maxExtension(in: unit)
        guard let amount = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (1...maximum).contains(amount) else {
            throw .extensionAmount(maximum: maximum, unit: unit)
        }
        return amount
    }
}
