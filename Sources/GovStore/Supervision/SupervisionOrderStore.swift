import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Why the store refused a supervision order operation (the rules' own refusals come as ``SupervisionError``).
public enum SupervisionOrderStoreError: Error, Equatable {
    /// No such order or subject, or not one the caller may see.
    case notFound
    /// Seen, but the caller holds no role that may take this action.
    case forbidden
    /// Someone acted on the order after the caller read it.
    case changedSinceRead
}

/// What an order is about: a violation found in a case, or a case itself (a red light, say).
public enum SupervisionOrderSubject: Sendable, Equatable {
    case violation(UUID)
    case `case`(UUID)
}

/// Supervision orders (督办): issued by a supervisor to a unit with a reply date that is itself an obligation, replied by
/// the unit's head, sent back or closed with a correction (纠错) or accountability (问责). Every step is in the audit log.
public enum SupervisionOrderStore {
    /// Issues an order on `subject` to the unit responsible for it; `replyWorkingDays` sets the reply date.
    public static func issue(
        about subject: SupervisionOrderSubject, instruction: String, replyWorkingDays: Int, principal: Principal,
        by actor: AuditActor, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> SupervisionOrderRecord {
        let text = try SupervisionOrderRules.checkIssue(instruction: instruction, replyWorkingDays: replyWorkingDays)
        let order = SupervisionOrderRecord()
        order.id = Effects.current.newID()
        var violation: ViolationRecord?
        switch subject {
        case let .violation(id):
            guard let found = try await ViolationRecord.find(id, on: database) else { throw SupervisionOrderStoreError.notFound }
            violation = found
            order.subjectType = "violation"
            order.subjectID = id
            order.subjectLabel = found.subjectLabel
            order.caseID = found.subjectType == "case" ? found.subjectID : nil
            order.violationID = id
            order.unitID = found.unitID
            order.unitPath = found.unitPath
        case let .case(id):
            guard let row = try await ApprovalCase.find(id, on: database) else { throw SupervisionOrderStoreError.notFound }
            order.subjectType = "case"
            order.subjectID = id
            order.subjectLabel = row.trackingNumber
            order.caseID = id
            order.unitID = row.departmentID
            order.unitPath = row.departmentPath
        }
        guard SupervisionPolicy.canIssueOrder(to: order.unitPath, principal) else { throw SupervisionOrderStoreError.notFound }

        let clock = try ObligationClock.start(at: now, terms: .workingDays(promised: replyWorkingDays, statutory: replyWorkingDays), calendar: calendar)
        let city = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).first()
        let year = CivilDate.beijing(now).year
        order.number = SupervisionOrderRules.number(
            cityName: city?.nameZh ?? "", year: year, serial: try await Counters.next("supervision-order:\(year)", on: database))
        order.instruction = text
        order.replyWorkingDays = replyWorkingDays
        order.replyDue = clock.statutoryDue
        order.state = SupervisionOrderState.issued.rawValue
        order.issuedByAccountID = principal.accountID
        order.issuedByName = principal.displayName
        order.issuedAt = now
        order.version = 0
        try await order.create(on: database)
        if let violation {
            violation.status = "ordered"
            violation.orderID = order.id
            try await violation.save(on: database)
        }
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.supervisionReply), clock: clock, responsibleRole: .departmentHead, label: order.number),
            for: try obligationSubject(of: order), context: try await context(calendar, now, database), on: database)
        try await record(order, action: "issue", text: text, actor: actor, at: now, on: database)
        try await notify(order, action: "issue", recipients: try await heads(of: order, on: database), at: now, on: database)
        return order
    }

    /// Replies, sends back or closes an order, as the person's role over the unit allows.
    @discardableResult
    public static func act(
        _ action: SupervisionOrderAction, on orderID: UUID, principal: Principal, expectedVersion: Int?, by actor: AuditActor,
        calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> SupervisionOrderRecord {
        guard let order = try await SupervisionOrderRecord.find(orderID, on: database), canView(order, principal) else {
            throw SupervisionOrderStoreError.notFound
        }
        let wanted = SupervisionOrderRules.permittedActor(for: action)
        guard SupervisionPolicy.holds(wanted, unitPath: order.unitPath, principal) else { throw SupervisionOrderStoreError.forbidden }
        if let expectedVersion, expectedVersion != order.version { throw SupervisionOrderStoreError.changedSinceRead }
        let next = try SupervisionOrderRules.apply(action, to: order.orderState, by: wanted)
        let obligationContext = try await context(calendar, now, database)
        let running = try await ObligationStore.running(of: try order.requireID(), on: database)
        var text: String?
        var recipients: [UUID] = []
        switch action {
        case let .reply(reply):
            text = SupervisionOrderRules.cleaned(reply)
            order.reply = text
            order.repliedAt = now
            order.repliedByName = principal.displayName
            if let obligation = running.values.first { try await ObligationStore.complete(obligation, cancelled: false, context: obligationContext, on: database) }
            recipients = [order.issuedByAccountID]
        case let .sendBack(reason):
            text = SupervisionOrderRules.cleaned(reason)
            // The unit replies again, under the date first set.
            let rounds = try await ObligationRecord.query(on: database).filter(\.$subjectID == order.requireID()).count()
            let clock = try ObligationClock.start(
                at: order.issuedAt, terms: .workingDays(promised: order.replyWorkingDays, statutory: order.replyWorkingDays), calendar: calendar)
            try await ObligationStore.open(
                RunningObligation(key: ObligationKey(.supervisionReply, rounds), clock: clock, responsibleRole: .departmentHead, label: order.number),
                for: try obligationSubject(of: order), context: obligationContext, on: database)
            recipients = try await heads(of: order, on: database)
        case let .close(outcome, outcomeText, person, measure):
            text = SupervisionOrderRules.cleaned(outcomeText)
            order.outcome = outcome.rawValue
            order.outcomeText = text
            order.accountablePerson = outcome == .accountability ? SupervisionOrderRules.cleaned(person) : nil
            order.measure = outcome == .accountability ? measure?.rawValue : nil
            order.closedAt = now
            order.closedByName = principal.displayName
            if let violationID = order.violationID, let violation = try await ViolationRecord.find(violationID, on: database) {
                violation.status = "closed"
                try await violation.save(on: database)
            }
            recipients = try await heads(of: order, on: database)
        }
        let readVersion = order.version
        order.state = next.rawValue
        order.version = readVersion + 1
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let updated = try await sql.update(SupervisionOrderRecord.schema).set("version", to: order.version)
            .where("id", .equal, order.requireID()).where("version", .equal, readVersion).returning("id").all()
        guard !updated.isEmpty else { throw SupervisionOrderStoreError.changedSinceRead }
        try await order.save(on: database)
        try await record(order, action: action.name, text: text, actor: actor, at: now, on: database)
        try await notify(order, action: action.name, recipients: recipients, at: now, on: database)
        return order
    }

    /// Supervisors over the unit, and the unit's own staff, see its orders.
    public static func canView(_ order: SupervisionOrderRecord, _ principal: Principal?) -> Bool {
        SupervisionPolicy.canViewOrder(unitPath: order.unitPath, principal)
    }

    public static func order(id: UUID, for principal: Principal?, on database: any Database) async throws -> SupervisionOrderRecord? {
        guard let order = try await SupervisionOrderRecord.find(id, on: database), canView(order, principal) else { return nil }
        return order
    }

    public static func events(of orderID: UUID, on database: any Database) async throws -> [SupervisionOrderEvent] {
        try await SupervisionOrderEvent.query(on: database).filter(\.$orderID == orderID).sort(\.$sequence).all()
    }

    /// The orders a person may see, newest first: a supervisor's within their scope, a unit's own.
    public static func list(for principal: Principal, state: SupervisionOrderState? = nil, limit: Int = 200, on database: any Database) async throws -> [SupervisionOrderRecord] {
        let prefixes = principal.grants.filter { $0.role == .supervisor || Role.workbenchRoles.contains($0.role) }.map(\.unitPath)
        guard !prefixes.isEmpty else { return [] }
        let query = SupervisionOrderRecord.query(on: database)
        query.group(.or) { group in
            for prefix in Set(prefixes) { group.filter(\.$unitPath, .custom("LIKE"), "\(prefix)%") }
        }
        if let state { query.filter(\.$state == state.rawValue) }
        let rows = try await query.sort(\.$issuedAt, .descending).limit(limit * 2).all()
        return Array(rows.filter { canView($0, principal) }.prefix(limit))
    }

    // MARK: Internals

    static func obligationSubject(of order: SupervisionOrderRecord) throws -> ObligationSubject {
        ObligationSubject(type: "supervision_order", id: try order.requireID(), label: order.number, unitID: order.unitID, unitPath: order.unitPath)
    }

    static func context(_ calendar: WorkCalendar, _ now: Date, _ database: any Database) async throws -> ObligationContext {
        ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
    }

    static func heads(of order: SupervisionOrderRecord, on database: any Database) async throws -> [UUID] {
        try await NotificationStore.recipients(roles: [.departmentHead], unitPath: order.unitPath, reachPath: nil, also: nil, on: database)
    }

    static func record(_ order: SupervisionOrderRecord, action: String, text: String?, actor: AuditActor, at now: Date, on database: any Database) async throws {
        let orderID = try order.requireID()
        let last = try await SupervisionOrderEvent.query(on: database).filter(\.$orderID == orderID).sort(\.$sequence, .descending).first()
        let event = SupervisionOrderEvent()
        event.id = Effects.current.newID()
        event.orderID = orderID
        event.sequence = (last?.sequence ?? 0) + 1
        event.action = action
        event.actorName = actor.name
        event.actorAccountID = actor.accountID
        event.at = now
        event.text = text
        try await event.create(on: database)
        var summary = "\(order.subjectLabel): \(action)"
        if action == "close" { summary += " \(order.outcome ?? "")" + (order.measure.map { " \($0)" } ?? "") }
        try await AuditLog.append(
            AuditEvent(action: "supervision.order.\(action)", objectType: "supervision_order", objectID: order.number, summary: summary),
            by: actor.within(order.unitPath), at: now, on: database)
    }

    static func notify(_ order: SupervisionOrderRecord, action: String, recipients: [UUID], at now: Date, on database: any Database) async throws {
        let zh = SupervisionNotice.order(action, number: order.number, subject: order.subjectLabel, replyDue: order.replyDue, in: .zhHans)
        let en = SupervisionNotice.order(action, number: order.number, subject: order.subjectLabel, replyDue: order.replyDue, in: .en)
        try await NotificationStore.send(
            to: recipients, topic: "supervision_order", zh: zh, en: en, subjectType: "supervision_order", subjectID: try order.requireID(),
            at: now, on: database)
    }
}
