import Foundation
@testable import GovCore
import Testing

/// Who may see and do what with a ticket (issue 21, item 1): role × state × action, with a department outside the
/// grant's reach.
@Suite("Hotline policy")
struct HotlinePolicyTests {
    static let city = "/city/"
    static let market = "/city/market/"
    static let transport = "/city/transport/"
    static let caller = UUID()

    static func person(_ role: Role, at unit: String, subtree: Bool = false, account: UUID = UUID()) -> Principal {
        Principal(accountID: account, kind: role == .applicant ? .citizen : .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    /// A ticket with the market department (none while it waits to be routed), filed by `caller`.
    static func ticket(_ state: TicketState, kind: TicketKind = .complaint) -> TicketScope {
        TicketScope(unitPath: state == .received ? nil : market, repliedUnitPath: state == .replied || state == .closed ? market : nil,
                    callerAccountID: caller, kind: kind)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var role: Role
        var unit: String
        var subtree = false
        var state: TicketState
        var extensionRequested = false
        var action: TicketAction
        var allowed: Bool
        var reads: Bool
        var testDescription: String { "\(role) at \(unit)\(subtree ? "…" : "") · \(state) · \(action) → \(allowed ? "allowed" : "refused")" }
    }

    static let table: [Row] = [
        // The hotline routes and answers what has not gone to a department yet; department staff cannot.
        Row(role: .hotlineOperator, unit: city, state: .received, action: .dispatch, allowed: true, reads: true),
        Row(role: .hotlineOperator, unit: city, state: .received, action: .answer, allowed: true, reads: true),
        Row(role: .reviewer, unit: market, state: .received, action: .dispatch, allowed: false, reads: false),
        Row(role: .departmentHead, unit: market, state: .received, action: .answer, allowed: false, reads: false),
        // The department it was sent to handles it; another department neither sees nor handles it.
        Row(role: .reviewer, unit: market, state: .assigned, action: .reply, allowed: true, reads: true),
        Row(role: .departmentHead, unit: market, state: .assigned, action: .return, allowed: true, reads: true),
        Row(role: .reviewer, unit: market, state: .assigned, action: .requestExtension, allowed: true, reads: true),
        Row(role: .reviewer, unit: transport, state: .assigned, action: .reply, allowed: false, reads: false),
        Row(role: .departmentHead, unit: transport, state: .assigned, action: .return, allowed: false, reads: false),
        Row(role: .reviewer, unit: city, subtree: true, state: .assigned, action: .reply, allowed: true, reads: true),
        Row(role: .reviewer, unit: city, state: .assigned, action: .reply, allowed: false, reads: false),
        Row(role: .hotlineOperator, unit: city, state: .assigned, action: .reply, allowed: false, reads: true),
        // Extensions are the hotline's to grant.
        Row(role: .hotlineOperator, unit: city, state: .assigned, extensionRequested: true, action: .approveExtension, allowed: true, reads: true),
        Row(role: .hotlineOperator, unit: city, state: .assigned, action: .approveExtension, allowed: false, reads: true),
        Row(role: .departmentHead, unit: market, state: .assigned, extensionRequested: true, action: .approveExtension, allowed: false, reads: true),
        // The call-back is the hotline's (the caller's own is in their space).
        Row(role: .hotlineOperator, unit: city, state: .replied, action: .callBack, allowed: true, reads: true),
        Row(role: .reviewer, unit: market, state: .replied, action: .callBack, allowed: false, reads: true),
        Row(role: .reviewer, unit: market, state: .replied, action: .reply, allowed: false, reads: true),
        // Supervisors read, never act; other roles neither.
        Row(role: .supervisor, unit: market, state: .assigned, action: .reply, allowed: false, reads: true),
        Row(role: .supervisor, unit: transport, state: .assigned, action: .reply, allowed: false, reads: false),
        Row(role: .windowClerk, unit: market, state: .assigned, action: .reply, allowed: false, reads: false),
        Row(role: .administrator, unit: city, subtree: true, state: .assigned, action: .reply, allowed: false, reads: false),
        Row(role: .applicant, unit: city, state: .replied, action: .callBack, allowed: false, reads: false),
    ]

    @Test(arguments: table)
    func staff(row: Row) {
        let principal = Self.person(row.role, at: row.unit, subtree: row.subtree)
        let facts = TicketFacts(state: row.state, extensionRequested: row.extensionRequested)
        let allowed = HotlinePolicy.allowedActions(principal, on: Self.ticket(row.state), facts: facts, as: [.hotline, .department])
        #expect(allowed.contains(row.action) == row.allowed)
        #expect(HotlinePolicy.canRead(principal, Self.ticket(row.state)) == row.reads)
    }

    @Test("the caller rates and reopens their own ticket only, and reads no one else's")
    func caller() {
        let own = Self.person(.applicant, at: Self.city, account: Self.caller)
        let stranger = Self.person(.applicant, at: Self.city)
        let replied = TicketFacts(state: .replied)
        #expect(HotlinePolicy.allowedActions(own, on: Self.ticket(.replied), facts: replied, as: [.caller]) == [.callBack])
        #expect(HotlinePolicy.allowedActions(stranger, on: Self.ticket(.replied), facts: replied).isEmpty)
        #expect(HotlinePolicy.canReadOwn(own, Self.ticket(.replied)))
        #expect(!HotlinePolicy.canReadOwn(stranger, Self.ticket(.replied)))
        let bad = TicketFacts(state: .closed, satisfaction: .veryDissatisfied)
        #expect(HotlinePolicy.allowedActions(own, on: Self.ticket(.closed), facts: bad, as: [.caller]).contains(.reopen))
        #expect(!HotlinePolicy.canRead(nil, Self.ticket(.assigned)))
    }

    @Test("a reporter's details are hidden from the department, shown to the hotline")
    func callerDetails() {
        let reviewer = Self.person(.reviewer, at: Self.market)
        let operatorOfHotline = Self.person(.hotlineOperator, at: Self.city)
        #expect(HotlinePolicy.seesCallerInFull(reviewer, on: Self.ticket(.assigned)))
        #expect(!HotlinePolicy.seesCallerInFull(reviewer, on: Self.ticket(.assigned, kind: .report)))
        #expect(HotlinePolicy.seesCallerInFull(operatorOfHotline, on: Self.ticket(.assigned, kind: .report)))
        #expect(!HotlinePolicy.seesCallerInFull(Self.person(.supervisor, at: Self.market), on: Self.ticket(.assigned)))
    }

    @Test("who enters the workbench, and the role an audit entry records")
    func workbenchAndActingRole() {
        let roles: [(Role, Bool, Role)] = [
            (.hotlineOperator, true, .hotlineOperator), (.reviewer, true, .reviewer), (.departmentHead, true, .departmentHead),
            (.supervisor, false, .departmentHead), (.applicant, false, .departmentHead),
        ]
        for (role, enters, acting) in roles {
            let principal = Self.person(role, at: Self.market)
            #expect(HotlinePolicy.worksTickets(principal) == enters, "\(role)")
            #expect(HotlinePolicy.actingRole(principal) == acting, "\(role)")
            #expect(HotlinePolicy.canPublish(principal) == (role == .hotlineOperator))
            #expect(HotlinePolicy.owningAccount(principal) == (role == .applicant ? principal.accountID : nil))
        }
    }
}
