import Foundation

/// What may be done with a 督办单 (supervision order), by kind: the payloads of ``SupervisionOrderAction`` aside.
public enum SupervisionOrderActionKind: String, CaseIterable, Sendable {
    case reply
    case sendBack = "send_back"
    case close

    public init(_ action: SupervisionOrderAction) {
        switch action {
        case .reply: self = .reply
        case .sendBack: self = .sendBack
        case .close: self = .close
        }
    }

    public var actor: SupervisionOrderActor { self == .reply ? .unitHead : .supervisor }

    public var startStates: Set<SupervisionOrderState> { self == .reply ? [.issued] : [.replied] }
}

/// Who watches whom in electronic supervision, and who acts on a 督办单. Supervisors (监察) watch the units within their
/// grants and issue orders to them; the head of the unit an order was issued to replies for it, and the supervisor
/// sends the reply back or closes the order (``SupervisionOrderRules``); the unit's own staff read their orders.
public enum SupervisionPolicy {
    /// Whether `principal` supervises anywhere.
    public static func isSupervisor(_ principal: Principal?) -> Bool {
        principal?.has(.supervisor) ?? false
    }

    /// The unit paths `principal` watches: their supervisor grants (the whole installation for the city's supervisors).
    public static func watchedPaths(_ principal: Principal?) -> [String] {
        principal?.grants(for: .supervisor).map(\.unitPath) ?? []
    }

    /// Whether `principal` supervises the unit at `unitPath`: may issue it an order, send back or close one.
    public static func supervises(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.supervisor, over: unitPath) ?? false
    }

    /// Whether `principal` may issue an order to the unit at `unitPath`.
    public static func canIssueOrder(to unitPath: String, _ principal: Principal?) -> Bool {
        supervises(unitPath: unitPath, principal)
    }

    /// Whether `principal` may read an order to the unit at `unitPath`: supervisors over it, and the unit's own staff.
    public static func canViewOrder(unitPath: String, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return supervises(unitPath: unitPath, principal)
            || principal.grants.contains { Role.workbenchRoles.contains($0.role) && $0.covers(unitPath: unitPath) }
    }

    /// Whether `principal` holds the part `actor` on an order to the unit at `unitPath`.
    public static func holds(_ actor: SupervisionOrderActor, unitPath: String, _ principal: Principal?) -> Bool {
        switch actor {
        case .supervisor: supervises(unitPath: unitPath, principal)
        case .unitHead: principal?.has(.departmentHead, over: unitPath) ?? false
        }
    }

    /// What `principal` may do now with an order to the unit at `unitPath` in `state`.
    public static func allowedOrderActions(
        _ principal: Principal?, unitPath: String, state: SupervisionOrderState
    ) -> Set<SupervisionOrderActionKind> {
        Set(SupervisionOrderActionKind.allCases.filter { $0.startStates.contains(state) && holds($0.actor, unitPath: unitPath, principal) })
    }
}
