import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// What an obligation belongs to: a case, a joint application, a supervision order (later areas add theirs).
public struct ObligationSubject: Sendable, Equatable {
    public var type: String
    public var id: UUID
    /// What people call it: a tracking number, an order number.
    public var label: String
    public var unitID: UUID
    public var unitPath: String
    /// Holders of the responsible role under this path are told too (see ``ObligationRecord/reachPath``).
    public var reachPath: String?
    public var matterID: UUID?
    /// Thresholds of the subject's own (a matter's), kept with its obligations so the sweep needs no lookup.
    public var escalation: EscalationSettings?

    public init(
        type: String, id: UUID, label: String, unitID: UUID, unitPath: String, reachPath: String? = nil, matterID: UUID? = nil,
        escalation: EscalationSettings? = nil
    ) {
        self.type = type
        self.id = id
        self.label = label
        self.unitID = unitID
        self.unitPath = unitPath
        self.reachPath = reachPath
        self.matterID = matterID
        self.escalation = escalation
    }
}

/// What an obligation store operation needs besides the database: the calendar, the escalation settings that apply,
/// and the instant.
public struct ObligationContext: Sendable {
    public var calendar: WorkCalendar
    public var escalation: EscalationSettings
    public var now: Date

    public init(calendar: WorkCalendar, escalation: EscalationSettings, now: Date) {
        self.calendar = calendar
        self.escalation = escalation
        self.now = now
    }
}

/// Opens, moves and finishes obligations, keeping their status, the open counts, the rollups and the inbox in step.
/// Every call belongs in the transaction of the write that caused it.
public enum ObligationStore {
    /// Opens an obligation; if it starts already escalated (a clock dated back, as deemed acceptance is), that is its
    /// first status change.
    @discardableResult
    public static func open(
        _ running: RunningObligation, for subject: ObligationSubject, context: ObligationContext, on database: any Database
    ) async throws -> ObligationRecord {
        let record = ObligationRecord()
        record.id = Effects.current.newID()
        record.kind = running.key.kind.rawValue
        record.subjectType = subject.type
        record.subjectID = subject.id
        record.subjectLabel = subject.label
        record.sequence = running.key.sequence
        record.label = running.label
        record.unitID = subject.unitID
        record.unitPath = subject.unitPath
        record.reachPath = subject.reachPath
        record.matterID = subject.matterID
        record.responsibleRole = running.responsibleRole.rawValue
        record.escalationJSON = try subject.escalation.map { try StoredJSON.text($0) }
        try record.setClock(running.clock)
        record.status = ObligationStatus.normal.rawValue
        record.statusVersion = 0
        record.updatedAt = context.now
        let evaluation = try ObligationRules.evaluate(running.clock, at: context.now, settings: context.escalation, calendar: context.calendar)
        record.nextChangeAt = evaluation.nextChangeAt
        try await record.create(on: database)
        try await Rollups.moveOpen(kind: running.key.kind, unitID: subject.unitID, unitPath: subject.unitPath, from: nil, to: .normal, on: database)
        try await changeStatus(of: record, to: evaluation.status, at: context.now, clock: running.clock, context: context, on: database)
        return record
    }

    /// The clock of an open obligation moved (a pause, a resumption, an extension): its status and next instant follow.
    public static func move(
        _ record: ObligationRecord, to clock: ObligationClock, context: ObligationContext, on database: any Database
    ) async throws {
        try record.setClock(clock)
        let evaluation = try ObligationRules.evaluate(clock, at: context.now, settings: context.escalation, calendar: context.calendar)
        record.nextChangeAt = evaluation.nextChangeAt
        record.updatedAt = context.now
        try await record.save(on: database)
        try await changeStatus(of: record, to: evaluation.status, at: context.now, clock: clock, context: context, on: database)
    }

    /// Finishes an open obligation now and judges it (提前 / 按时 / 超时), or cancels it.
    @discardableResult
    public static func complete(
        _ record: ObligationRecord, cancelled: Bool, context: ObligationContext, on database: any Database
    ) async throws -> Completion {
        let clock = try record.clock()
        let completion = cancelled ? Completion.cancelled
            : try ObligationRules.completion(of: clock, at: context.now, settings: context.escalation, calendar: context.calendar)
        record.completedAt = context.now
        record.completion = completion.rawValue
        record.used = try ObligationRules.used(clock, until: context.now, calendar: context.calendar)
        record.nextChangeAt = nil
        record.updatedAt = context.now
        try await record.save(on: database)
        guard let kind = record.obligationKind else { return completion }
        try await Rollups.moveOpen(kind: kind, unitID: record.unitID, unitPath: record.unitPath, from: record.obligationStatus, to: nil, on: database)
        let day = CivilDate.beijing(context.now)
        try await Rollups.addCompletion(completion, kind: kind, day: day, unitID: record.unitID, unitPath: record.unitPath, on: database)
        if kind == .decision, completion != .cancelled {
            var delta = ServiceCounts()
            switch completion {
            case .early: delta.early = 1
            case .onTime: delta.onTime = 1
            case .late: delta.late = 1
            case .cancelled: break
            }
            delta.daysUsed = record.used ?? 0
            delta.daysPromised = clock.terms.promised
            try await Rollups.add(delta, day: day, unitID: record.unitID, unitPath: record.unitPath, matterID: record.matterID, on: database)
        }
        return completion
    }

    /// Applies what a case's transition did to its obligations (``CaseObligations/change(from:to:settings:)``).
    public static func apply(
        _ change: CaseObligations.Change, for subject: ObligationSubject, context: ObligationContext, subjectIsNew: Bool = false,
        on database: any Database
    ) async throws {
        guard !change.ended.isEmpty || !change.started.isEmpty || !change.moved.isEmpty else { return }
        let existing = subjectIsNew ? [:] : try await running(of: subject.id, on: database)
        for key in change.ended {
            if let record = existing[key] { try await complete(record, cancelled: change.cancelled, context: context, on: database) }
        }
        for obligation in change.moved {
            if let record = existing[obligation.key] { try await move(record, to: obligation.clock, context: context, on: database) }
        }
        for obligation in change.started where existing[obligation.key] == nil {
            try await open(obligation, for: subject, context: context, on: database)
        }
    }

    /// How many obligations are open in each status, every status present (for `/metrics`); the partial index on open
    /// obligations' status answers it without reading the rows.
    public static func openCountsByStatus(on database: any Database) async throws -> [ObligationStatus: Int] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT status, COUNT(*) AS n FROM \(ident: ObligationRecord.schema) WHERE completed_at IS NULL GROUP BY status
            """).all()
        var counts = Dictionary(uniqueKeysWithValues: ObligationStatus.allCases.map { ($0, 0) })
        for row in rows {
            if let status = ObligationStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// The open obligations of a subject, by key.
    public static func running(of subjectID: UUID, on database: any Database) async throws -> [ObligationKey: ObligationRecord] {
        let records = try await ObligationRecord.query(on: database).filter(\.$subjectID == subjectID).filter(\.$completedAt == nil).all()
        return Dictionary(records.compactMap { record in record.key.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Records a change of status: the status version moves on (only if nobody else moved it, so two sweeps cannot both
    /// record it), an event is written, the open counts move, and an escalation reaches the inbox of those responsible.
    /// Returns false when someone else changed it first.
    @discardableResult
    static func changeStatus(
        of record: ObligationRecord, to status: ObligationStatus, at changedAt: Date, clock: ObligationClock,
        context: ObligationContext, on database: any Database
    ) async throws -> Bool {
        var writes = StatusChangeWrites()
        let changed = try await changeStatus(of: record, to: status, at: changedAt, clock: clock, context: context, into: &writes, on: database)
        try await writes.flush(on: database)
        return changed
    }

    /// The same, with what follows from the change (the event, the counts, the inbox) gathered into `writes`, which the
    /// caller flushes in the same transaction. The obligation's row itself, with its `next_change_at`, is written here.
    static func changeStatus(
        of record: ObligationRecord, to status: ObligationStatus, at changedAt: Date, clock: ObligationClock,
        context: ObligationContext, into writes: inout StatusChangeWrites, on database: any Database
    ) async throws -> Bool {
        let old = record.obligationStatus
        guard status != old, let id = record.id, let kind = record.obligationKind else { return false }
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let readVersion = record.statusVersion
        let updated = try await sql.update(ObligationRecord.schema)
            .set("status", to: status.rawValue).set("status_version", to: readVersion + 1)
            .set("next_change_at", to: record.nextChangeAt).set("updated_at", to: record.updatedAt)
            .where("id", .equal, id).where("status_version", .equal, readVersion)
            .returning("id").all()
        guard !updated.isEmpty else { return false }
        record.status = status.rawValue
        record.statusVersion = readVersion + 1

        writes.events.append([Effects.current.newID(), id, record.statusVersion, old.rawValue, status.rawValue, changedAt, context.now])
        writes.moveOpen(kind: kind, unitID: record.unitID, unitPath: record.unitPath, from: old, to: status)
        if status == .overdue, kind != .reviewStep {
            writes.overdue[.init(day: CivilDate.beijing(changedAt), unitID: record.unitID, unitPath: record.unitPath, matterID: record.matterID), default: 0] += 1
        }
        if status > old {
            func text(_ language: Language) -> (title: String, body: String) {
                SupervisionNotice.escalation(
                    kind: kind, label: record.label, subject: record.subjectLabel, to: status, statutoryDue: clock.statutoryDue, in: language)
            }
            let audience = StatusChangeWrites.Audience(
                roles: [Role(rawValue: record.responsibleRole), .departmentHead].compactMap { $0 }, unitPath: record.unitPath,
                reachPath: record.reachPath, also: record.responsibleAccountID)
            let recipients: [UUID]
            if let known = writes.recipients[audience] {
                recipients = known
            } else {
                recipients = try await NotificationStore.recipients(
                    roles: audience.roles, unitPath: audience.unitPath, reachPath: audience.reachPath, also: audience.also, on: database)
                writes.recipients[audience] = recipients
            }
            let (zh, en) = (text(.zhHans), text(.en))
            writes.notifications += recipients.map {
                NotificationStore.message(to: $0, topic: "obligation", zh: zh, en: en, subjectType: record.subjectType, subjectID: record.subjectID, at: context.now)
            }
        }
        return true
    }
}

/// What changes of status write besides the obligations' own rows: events, open counts, overdue counts, inbox messages.
/// A case's transition writes its few at once; the sweep gathers a whole batch's and writes them together, so a thousand
/// changes cost a thousand row updates and a handful of statements more, not eight thousand.
struct StatusChangeWrites {
    struct OpenKey: Hashable, Comparable {
        var unitID: UUID
        var unitPath: String
        var kind: ObligationKind
        var status: ObligationStatus

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.unitID.uuidString, lhs.kind.rawValue, lhs.status.rawValue) < (rhs.unitID.uuidString, rhs.kind.rawValue, rhs.status.rawValue)
        }
    }

    struct DayKey: Hashable {
        var day: CivilDate
        var unitID: UUID
        var unitPath: String
        var matterID: UUID?
    }

    /// Who hears of an escalation: the same for every obligation of a unit and role, so asked once per batch.
    struct Audience: Hashable {
        var roles: [Role]
        var unitPath: String
        var reachPath: String?
        var also: UUID?
    }

    var events: [[any Encodable & Sendable]] = []
    var open: [OpenKey: Int] = [:]
    var overdue: [DayKey: Int] = [:]
    var notifications: [[any Encodable & Sendable]] = []
    var recipients: [Audience: [UUID]] = [:]

    mutating func moveOpen(kind: ObligationKind, unitID: UUID, unitPath: String, from old: ObligationStatus, to new: ObligationStatus) {
        open[OpenKey(unitID: unitID, unitPath: unitPath, kind: kind, status: old), default: 0] -= 1
        open[OpenKey(unitID: unitID, unitPath: unitPath, kind: kind, status: new), default: 0] += 1
    }

    /// Writes everything gathered, and forgets it. The open counts go in one fixed order, so two writers never lock
    /// those rows the other way round.
    mutating func flush(on database: any Database) async throws {
        try await BulkInsert.rows(
            into: ObligationEvent.schema,
            columns: ["id", "obligation_id", "status_version", "from_status", "to_status", "at", "recorded_at"], events, on: database)
        for (key, count) in open.sorted(by: { $0.key < $1.key }) where count != 0 {
            try await Rollups.addOpen(kind: key.kind, status: key.status, unitID: key.unitID, unitPath: key.unitPath, count: count, on: database)
        }
        for (key, count) in overdue {
            var delta = ServiceCounts()
            delta.overdue = count
            try await Rollups.add(delta, day: key.day, unitID: key.unitID, unitPath: key.unitPath, matterID: key.matterID, on: database)
        }
        try await BulkInsert.rows(into: InboxMessage.schema, columns: NotificationStore.messageColumns, notifications, on: database)
        events = []
        open = [:]
        overdue = [:]
        notifications = []
    }
}
