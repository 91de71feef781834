import Foundation

/// 网上信访 under the 《信访工作条例》(2022): a petition filed online is acknowledged, sent to the authority responsible
/// (by the hotline's routing rules), which decides within 15 days whether to accept it (第二十四条), and then handles it
/// within 60 days of acceptance (第三十二条), extendable once, with its head's approval, by up to 30 days. The law counts
/// these limits in days, not working days.
public enum PetitionRules {
    public static let acceptanceDays = 15
    public static let handlingDays = 60
    public static let maxExtensionDays = 30

    public static var acceptanceTerms: ObligationTerms { ObligationTerms(unit: .calendarDays, promised: acceptanceDays, statutory: acceptanceDays) }
    public static var handlingTerms: ObligationTerms { ObligationTerms(unit: .calendarDays, promised: handlingDays, statutory: handlingDays) }

    public static func check(_ action: PetitionAction, state: PetitionState, extended: Bool, by actor: PetitionActor) throws(ParticipationProblem) {
        switch action {
        case .route:
            guard actor == .office else { throw .notPermitted }
            guard state == .received else { throw .wrongState }
        case .accept, .decline:
            guard actor == .department || actor == .departmentHead else { throw .notPermitted }
            guard state == .routed else { throw .wrongState }
        case .extend:
            guard actor == .departmentHead else { throw .notPermitted }
            guard state == .accepted else { throw .wrongState }
            guard !extended else { throw .alreadyExtended }
        case .answer:
            guard actor == .department || actor == .departmentHead else { throw .notPermitted }
            guard state == .accepted else { throw .wrongState }
        }
    }

    public static func available(state: PetitionState, extended: Bool, to actors: [PetitionActor]) -> [PetitionAction] {
        PetitionAction.allCases.filter { action in actors.contains { (try? check(action, state: state, extended: extended, by: $0)) != nil } }
    }

    public static func extensionDays(_ raw: String?) throws(ParticipationProblem) -> Int {
        guard let days = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (1...maxExtensionDays).contains(days) else {
            throw .extensionDays(maximum: maxExtensionDays)
        }
        return days
    }
}

public enum PetitionState: String, CaseIterable, Codable, Sendable {
    /// Filed, waiting for the petition office to send it on (no rule matched).
    case received
    /// With the authority responsible, whose 15 days to decide are running.
    case routed
    case accepted
    /// 不予受理, with the reason told in writing.
    case declined
    /// 处理意见书 issued.
    case answered

    public var isOpen: Bool { self == .received || self == .routed || self == .accepted }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.received, .zhHans): "已登记"
        case (.received, .en): "Registered"
        case (.routed, .zhHans): "已转送，待决定是否受理"
        case (.routed, .en): "Sent on, acceptance pending"
        case (.accepted, .zhHans): "已受理，办理中"
        case (.accepted, .en): "Accepted, being handled"
        case (.declined, .zhHans): "不予受理"
        case (.declined, .en): "Not accepted"
        case (.answered, .zhHans): "已出具处理意见"
        case (.answered, .en): "Answered"
        }
    }
}

public enum PetitionAction: String, CaseIterable, Codable, Sendable {
    case route, accept, decline, extend, answer

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.route, .zhHans): "转送"
        case (.route, .en): "Send on"
        case (.accept, .zhHans): "受理"
        case (.accept, .en): "Accept"
        case (.decline, .zhHans): "不予受理"
        case (.decline, .en): "Decline"
        case (.extend, .zhHans): "延长办理期限"
        case (.extend, .en): "Extend"
        case (.answer, .zhHans): "出具处理意见"
        case (.answer, .en): "Answer"
        }
    }
}

public enum PetitionActor: Sendable, Equatable {
    /// The petition office (信访工作机构), here the hotline centre's operators.
    case office
    case department
    case departmentHead
}
