import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// How a request reached the authority.
public enum RequestChannel: Sendable, Equatable {
    /// Filed online by a signed-in citizen or enterprise: received the moment it is filed.
    case online(accountID: UUID)
    /// 书面申请 recorded by staff from paper; received on the day the authority signed for it (第三十一条).
    case paper(receivedOn: CivilDate)
}

/// Requests for disclosure (依申请公开): filing, clarification, third-party consultation, extension and the answer, each in
/// the request's history and the audit log, with the reply clock kept as an obligation under supervision.
public enum DisclosureRequestStore {
    public enum Failure: Error, Equatable {
        case notFound
        case changedSinceRead
    }

    /// Files a request with `unitID`; `regionCode` numbers it. The query code is stored only as its hash under
    /// `queryCodeKey`: the one returned here is the only time it is seen, to be shown on the filing's receipt.
    public static func file(
        _ application: DisclosureApplication, to unitID: UUID, channel: RequestChannel, principal: Principal?, by actor: AuditActor,
        regulations: DisclosureRegulations, regionCode: String, calendar: WorkCalendar, now: Date, queryCodeKey: QueryCodeKey,
        on database: any Database
    ) async throws -> (request: DisclosureRequestRecord, queryCode: String) {
        guard let unit = try await OrganisationUnit.find(unitID, on: database), unit.kind == .department || unit.kind == .region else {
            throw FieldErrors.single("unit", FieldProblem.invalid)
        }
        let clean = try application.validated()
        let receivedAt: Date
        let record = DisclosureRequestRecord()
        switch channel {
        case let .online(accountID):
            guard principal?.accountID == accountID, DisclosureAccess.requestsOnline(principal) else { throw DisclosureProblem.notPermitted }
            receivedAt = now
            record.accountID = accountID
            record.channel = "online"
        case let .paper(receivedOn):
            guard DisclosureAccess.draftsFor(unitPath: unit.path, principal) else { throw DisclosureProblem.notPermitted }
            guard receivedOn <= CivilDate.beijing(now), receivedOn >= CivilDate.beijing(now).adding(days: -60) else {
                throw FieldErrors.single("received_on", RequestProblem.receivedOutOfRange(days: 60))
            }
            // A paper application signed for today counts from now; one signed for earlier from that morning.
            receivedAt = receivedOn == CivilDate.beijing(now) ? now : receivedOn.startInBeijing.addingTimeInterval(9 * 3600)
            record.channel = "paper"
        }
        var generator = EffectsRandom()
        let queryCode = QueryCode.generate(using: &generator)
        let day = CivilDate.beijing(receivedAt)
        record.id = Effects.current.newID()
        record.number = DisclosureRequestRules.number(
            regionCode: regionCode, receivedOn: day, serial: try await Counters.next("disclosure-request:\(day)", on: database))
        record.queryCode = queryCodeKey.hash(queryCode)
        record.unitID = unitID
        record.unitPath = unit.path
        record.applicationJSON = try StoredJSON.text(clean)
        record.requesterKind = clean.kind.rawValue
        record.requesterName = clean.name
        record.summary = String(clean.description.prefix(80))
        record.regulations = regulations.rawValue
        record.state = RequestState.received.rawValue
        record.receivedAt = receivedAt
        record.clockStartedAt = receivedAt
        record.clarificationsRequested = 0
        record.extended = false
        record.version = 0
        record.createdAt = now
        record.updatedAt = now
        let clock = try ObligationClock.start(at: receivedAt, terms: terms(regulations), calendar: calendar)
        record.replyDue = clock.statutoryDue
        try await record.create(on: database)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.disclosureReply), clock: clock, responsibleRole: .disclosureOfficer, label: record.summary),
            for: subject(of: record), context: try await context(calendar, now, database), on: database)
        try await log(record, action: "file", text: record.channel, actor: actor, at: now, on: database)
        return (record, queryCode)
    }

    /// Takes a step of the request's handling (``DisclosureRequestRules``). `clarificationWorkingDays` is the period
    /// the requester is given to clarify.
    @discardableResult
    public static func act(
        _ action: RequestAction, on requestID: UUID, expectedVersion: Int?, principal: Principal, by actor: AuditActor,
        clarificationWorkingDays: Int = 15, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> DisclosureRequestRecord {
        guard let record = try await DisclosureRequestRecord.find(requestID, on: database), canSeeAsStaff(record, principal) else { throw Failure.notFound }
        if let expectedVersion, expectedVersion != record.version { throw Failure.changedSinceRead }
        let roles = DisclosureAccess.roles(over: record.unitPath, principal)
        let next = try DisclosureRequestRules.apply(
            action, to: record.facts, roles: roles, regulations: record.edition, calendar: calendar, now: now, clarificationDue: record.clarificationDue)
        let obligationContext = try await context(calendar, now, database)
        let running = try await ObligationStore.running(of: requestID, on: database).values.first
        switch action {
        case .requestClarification:
            // The clock stops for good; the clarification starts a new one (第三十三条第一款).
            if let running { try await ObligationStore.complete(running, cancelled: true, context: obligationContext, on: database) }
            record.clarificationsRequested += 1
            record.clarificationDue = try calendar.due(from: now, workingDays: min(max(clarificationWorkingDays, 1), 30))
            record.replyDue = nil
        case .receiveClarification:
            record.clockStartedAt = now
            record.clarificationDue = nil
            let clock = try ObligationClock.start(at: now, terms: terms(record.edition), calendar: calendar)
            record.replyDue = clock.statutoryDue
            try await ObligationStore.open(
                RunningObligation(key: ObligationKey(.disclosureReply, record.clarificationsRequested), clock: clock, responsibleRole: .disclosureOfficer,
                                  label: record.summary),
                for: subject(of: record), context: obligationContext, on: database)
        case .startConsultation, .endConsultation, .extend:
            guard let running else { break }
            var clock = try running.clock()
            switch action {
            case .startConsultation: clock.pause(at: now)
            case .endConsultation: try clock.resume(at: now, calendar: calendar)
            default:
                try clock.extend(by: record.edition.extensionWorkingDays, at: now, calendar: calendar)
                record.extended = true
            }
            record.replyDue = clock.isPaused ? nil : clock.statutoryDue
            try await ObligationStore.move(running, to: clock, context: obligationContext, on: database)
        case let .answer(outcome, explanation):
            if let running { try await ObligationStore.complete(running, cancelled: false, context: obligationContext, on: database) }
            record.outcome = outcome.rawValue
            record.outcomeGroup = outcome.group.rawValue
            let trimmed = explanation.trimmingCharacters(in: .whitespacesAndNewlines)
            record.explanation = trimmed.isEmpty ? nil : String(trimmed.prefix(4000))
            record.answeredAt = now
            record.answeredByName = principal.displayName
            record.clarificationDue = nil
        }
        record.state = next.rawValue
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let read = record.version
        let updated = try await sql.update(DisclosureRequestRecord.schema).set("version", to: read + 1)
            .where("id", .equal, requestID).where("version", .equal, read).returning("id").all()
        guard !updated.isEmpty else { throw Failure.changedSinceRead }
        record.version = read + 1
        record.updatedAt = now
        try await record.save(on: database)
        var text = String(action.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        if case let .answer(outcome, _) = action { text = outcome.title(in: .zhHans) + (text.isEmpty ? "" : "：" + text) }
        try await log(record, action: action.name, text: text.isEmpty ? nil : text, actor: actor, at: now, on: database)
        return record
    }

    // MARK: Reading

    /// Those who answer the unit's requests and supervisors over it see a request (``DisclosureAccess``).
    public static func canSeeAsStaff(_ record: DisclosureRequestRecord, _ principal: Principal?) -> Bool {
        DisclosureAccess.canReadRequest(unitPath: record.unitPath, principal)
    }

    public static func findForStaff(_ id: UUID, principal: Principal?, on database: any Database) async throws -> DisclosureRequestRecord {
        guard let record = try await DisclosureRequestRecord.find(id, on: database), canSeeAsStaff(record, principal) else { throw Failure.notFound }
        return record
    }

    /// A request filed online by this account, or nil.
    public static func findOwn(_ id: UUID, accountID: UUID, on database: any Database) async throws -> DisclosureRequestRecord? {
        guard let record = try await DisclosureRequestRecord.find(id, on: database), record.accountID == accountID else { return nil }
        return record
    }

    /// A request by its number and query code; the answer for a wrong code and an unknown number is the same nil.
    public static func track(number: String, queryCode: String, key: QueryCodeKey, on database: any Database) async throws -> DisclosureRequestRecord? {
        let compact = String(number.uppercased().filter { !$0.isWhitespace }.prefix(40))
        let record = try await DisclosureRequestRecord.query(on: database).filter(\.$number == compact).first()
        guard let record, key.matches(queryCode, stored: record.queryCode) else { return nil }
        return record
    }

    public static func events(of requestID: UUID, on database: any Database) async throws -> [DisclosureRequestEvent] {
        try await DisclosureRequestEvent.query(on: database).filter(\.$requestID == requestID).sort(\.$sequence).all()
    }

    public static func list(for principal: Principal, open: Bool? = nil, limit: Int = 200, on database: any Database) async throws -> [DisclosureRequestRecord] {
        let prefixes = DisclosureAccess.listedUnitPaths(principal, requests: true)
        guard !prefixes.isEmpty else { return [] }
        let query = DisclosureRequestRecord.query(on: database)
        query.group(.or) { group in
            for prefix in prefixes { group.filter(\.$unitPath, .custom("LIKE"), "\(prefix)%") }
        }
        if let open { query.filter(\.$state, open ? .notEqual : .equal, RequestState.answered.rawValue) }
        let rows = try await query.sort(\.$receivedAt, .descending).limit(limit * 2).all()
        return Array(rows.filter { canSeeAsStaff($0, principal) }.prefix(limit))
    }

    public static func own(accountID: UUID, on database: any Database) async throws -> [DisclosureRequestRecord] {
        try await DisclosureRequestRecord.query(on: database).filter(\.$accountID == accountID).sort(\.$receivedAt, .descending).limit(200).all()
    }

    // MARK: Internals

    static func terms(_ regulations: DisclosureRegulations) -> ObligationTerms {
        .workingDays(promised: regulations.replyWorkingDays, statutory: regulations.replyWorkingDays)
    }

    static func subject(of record: DisclosureRequestRecord) throws -> ObligationSubject {
        ObligationSubject(type: "disclosure_request", id: try record.requireID(), label: record.number, unitID: record.unitID, unitPath: record.unitPath)
    }

    static func context(_ calendar: WorkCalendar, _ now: Date, _ database: any Database) async throws -> ObligationContext {
        ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
    }

    static func log(_ record: DisclosureRequestRecord, action: String, text: String?, actor: AuditActor, at now: Date, on database: any Database) async throws {
        let id = try record.requireID()
        let last = try await DisclosureRequestEvent.query(on: database).filter(\.$requestID == id).sort(\.$sequence, .descending).first()
        let event = DisclosureRequestEvent()
        event.id = Effects.current.newID()
        event.requestID = id
        event.sequence = (last?.sequence ?? 0) + 1
        event.action = action
        event.text = text
        event.actorAccountID = actor.accountID
        event.actorName = actor.name
        event.at = now
        try await event.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "disclosure.request.\(action)", objectType: "disclosure_request", objectID: record.number,
                       summary: text.map { String($0.prefix(120)) } ?? record.number),
            by: actor.within(record.unitPath), at: now, on: database)
    }
}
