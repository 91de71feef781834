import FluentKit
import Foundation
import GovCore

/// Online petitions (网上信访) with their statutory clocks as obligations: 15 days to decide on acceptance, 60 days to
/// handle, one extension of up to 30 days (《信访工作条例》第二十四条、第三十二条).
public enum PetitionStore {
    public struct Filing: Sendable {
        public var category: String
        public var regionCode: String?
        public var subject: String
        public var text: String

        public init(category: String, regionCode: String?, subject: String, text: String) {
            self.category = category
            self.regionCode = regionCode
            self.subject = subject
            self.text = text
        }
    }

    /// Checks a petition as filed: a category of the hotline's tree, a place the city has, a subject and the facts.
    public static func check(category: String?, region: String?, subject: String?, text: String?, on database: any Database) async throws -> Filing {
        let code = (category ?? "").trimmingCharacters(in: .whitespaces)
        let place = (region ?? "").trimmingCharacters(in: .whitespaces)
        let (categories, regions) = try await HotlineStore.knownCodes(category: code, region: place, on: database)
        var errors = FieldErrors()
        if !categories.contains(code) { errors.add("category", HotlineProblem.unknownCategory) }
        if !place.isEmpty, !regions.contains(place) { errors.add("region", HotlineProblem.unknownRegion) }
        let subject = errors.check("subject") { try TextField.required(subject, max: 100) }
        let text = errors.check("text") { try TextField.required(text, max: 10_000) }
        try errors.throwIfAny()
        return Filing(category: code, regionCode: place.isEmpty ? nil : place, subject: subject!, text: text!)
    }

    /// Files and acknowledges a petition in the petitioner's own name, and sends it by the routing rules to the
    /// authority responsible, whose acceptance clock starts; with no rule it waits for the petition office.
    public static func file(
        _ filing: Filing, account: AccountProfile, by actor: AuditActor, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> PetitionRecord {
        let record = PetitionRecord()
        record.id = Effects.current.newID()
        let day = CivilDate.beijing(now)
        record.number = "XF" + day.description.replacingOccurrences(of: "-", with: "")
            + String(format: "%06d", try await Counters.next("petition:\(day)", on: database))
        record.categoryCode = filing.category
        record.regionCode = filing.regionCode
        record.subject = filing.subject
        record.text = filing.text
        record.accountID = account.id
        record.petitionerName = account.displayName
        record.petitionerPhone = account.phone
        record.state = PetitionState.received.rawValue
        record.extended = false
        record.receivedAt = now
        record.version = 1
        try await record.create(on: database)
        try await event(record, "file", actor: actor.name, note: nil, at: now, on: database)
        let rules = try await HotlineRoutingRecord.query(on: database).all().map(\.rule)
        if let rule = HotlineRouting.route(category: filing.category, regionCode: filing.regionCode, rules: rules),
           let unit = try await OrganisationUnit.find(rule.unitID, on: database) {
            try await route(record, to: unit, actor: actor, calendar: calendar, now: now, on: database)
        }
        try await record.save(on: database)
        try await AuditLog.append(AuditEvent(action: "petition.file", objectType: "petition", objectID: record.number, summary: "\(filing.category) · \(record.state)"),
                                  by: actor.within(record.unitPath ?? ""), at: now, on: database)
        return record
    }

    static func route(_ record: PetitionRecord, to unit: OrganisationUnit, actor: AuditActor, calendar: WorkCalendar, now: Date, on database: any Database) async throws {
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.unitName = unit.nameZh
        record.state = PetitionState.routed.rawValue
        let clock = try ObligationClock.start(at: now, terms: PetitionRules.acceptanceTerms, calendar: calendar)
        record.dueAt = clock.statutoryDue
        try await open(.petitionAcceptance, clock: clock, for: record, unit: unit, calendar: calendar, now: now, on: database)
        try await event(record, "route", actor: actor.name, note: nil, at: now, on: database)
    }

    static func open(_ kind: ObligationKind, clock: ObligationClock, for record: PetitionRecord, unit: OrganisationUnit, calendar: WorkCalendar, now: Date,
                     on database: any Database) async throws {
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(kind, 0), clock: clock, responsibleRole: .reviewer, label: record.number),
            for: ObligationSubject(type: "petition", id: try record.requireID(), label: record.number, unitID: try unit.requireID(), unitPath: unit.path),
            context: context, on: database)
    }

    static func event(_ record: PetitionRecord, _ action: String, actor: String, note: String?, at: Date, on database: any Database) async throws {
        let event = PetitionEventRecord()
        event.id = Effects.current.newID()
        event.petitionID = try record.requireID()
        event.action = action
        event.at = at
        event.actorName = actor
        event.unitName = record.unitName
        event.note = note
        try await event.create(on: database)
    }

    public static func petition(id: UUID, on database: any Database) async throws -> PetitionRecord? {
        try await PetitionRecord.find(id, on: database)
    }

    public enum Step: Sendable {
        case route(unitID: UUID)
        case accept
        case decline(reason: String?)
        case extend(days: String?, reason: String?)
        case answer(text: String?)

        var action: PetitionAction {
            switch self {
            case .route: .route
            case .accept: .accept
            case .decline: .decline
            case .extend: .extend
            case .answer: .answer
            }
        }
    }

    public static func act(
        _ step: Step, on id: UUID, expectedVersion: Int?, principal: Principal, by actor: AuditActor, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> PetitionRecord {
        guard let record = try await PetitionRecord.find(id, on: database),
              ParticipationPolicy.canReadPetition(principal, unitPath: record.unitPath, petitionerAccountID: record.accountID)
        else { throw ParticipationProblem.notFound }
        let actors = ParticipationPolicy.petitionActors(principal, unitPath: record.unitPath)
        guard actors.contains(where: { (try? PetitionRules.check(step.action, state: record.petitionState, extended: record.extended, by: $0)) != nil }) else {
            var refusal = ParticipationProblem.notPermitted
            for role in actors {
                do throws(ParticipationProblem) { try PetitionRules.check(step.action, state: record.petitionState, extended: record.extended, by: role) } catch {
                    refusal = error
                }
            }
            throw refusal
        }
        guard expectedVersion == nil || expectedVersion == record.version else { throw HotlineProblem.changedSinceRead }
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        let running = try await ObligationStore.running(of: id, on: database).values.first
        func reason(_ text: String?, field: String, max: Int) throws -> String {
            do { return try TextField.required(text, max: max) } catch { throw FieldErrors.single(field, error) }
        }
        var note: String?
        switch step {
        case let .route(unitID):
            guard let unit = try await OrganisationUnit.find(unitID, on: database), unit.kind == .department else {
                throw FieldErrors.single("unit", HotlineProblem.unknownUnit)
            }
            try await route(record, to: unit, actor: actor, calendar: calendar, now: now, on: database)
        case .accept:
            if let running { try await ObligationStore.complete(running, cancelled: false, context: context, on: database) }
            record.state = PetitionState.accepted.rawValue
            record.acceptedAt = now
            let clock = try ObligationClock.start(at: now, terms: PetitionRules.handlingTerms, calendar: calendar)
            record.dueAt = clock.statutoryDue
            guard let unitID = record.unitID, let unit = try await OrganisationUnit.find(unitID, on: database) else { throw ParticipationProblem.wrongState }
            try await open(.petitionHandling, clock: clock, for: record, unit: unit, calendar: calendar, now: now, on: database)
            try await event(record, "accept", actor: actor.name, note: nil, at: now, on: database)
        case let .decline(text):
            let why = try reason(text, field: "reason", max: 2000)
            if let running { try await ObligationStore.complete(running, cancelled: false, context: context, on: database) }
            record.state = PetitionState.declined.rawValue
            record.decision = why
            record.closedAt = now
            record.dueAt = nil
            note = why
            try await event(record, "decline", actor: actor.name, note: why, at: now, on: database)
        case let .extend(daysText, text):
            let days: Int
            do { days = try PetitionRules.extensionDays(daysText) } catch { throw FieldErrors.single("days", error) }
            let why = try reason(text, field: "reason", max: 1000)
            if let running {
                var clock = try running.clock()
                try clock.extend(by: days, at: now, calendar: calendar)
                try await ObligationStore.move(running, to: clock, context: context, on: database)
                record.dueAt = clock.statutoryDue
            }
            record.extended = true
            note = "\(days) · \(why)"
            try await event(record, "extend", actor: actor.name, note: note, at: now, on: database)
        case let .answer(text):
            let answer = try reason(text, field: "answer", max: 20_000)
            if let running { try await ObligationStore.complete(running, cancelled: false, context: context, on: database) }
            record.state = PetitionState.answered.rawValue
            record.answer = answer
            record.closedAt = now
            record.dueAt = nil
            try await event(record, "answer", actor: actor.name, note: nil, at: now, on: database)
        }
        record.version += 1
        try await record.save(on: database)
        try await AuditLog.append(AuditEvent(action: "petition.\(step.action.rawValue)", objectType: "petition", objectID: record.number,
                                             summary: String((note ?? record.state).prefix(120))), by: actor.within(record.unitPath ?? ""), at: now, on: database)
        return record
    }

    public static func events(of record: PetitionRecord, on database: any Database) async throws -> [PetitionEventRecord] {
        try await PetitionEventRecord.query(on: database).filter(\.$petitionID == (try record.requireID())).sort(\.$at).all()
    }

    public static func own(accountID: UUID, on database: any Database) async throws -> [PetitionRecord] {
        try await PetitionRecord.query(on: database).filter(\.$accountID == accountID).sort(\.$receivedAt, .descending).all()
    }

    /// What staff see: the office sees those waiting to be sent on; departments theirs.
    public static func inbox(of principal: Principal, on database: any Database) async throws -> [PetitionRecord] {
        var rows: [PetitionRecord] = []
        if ParticipationPolicy.isPetitionOffice(principal) {
            rows += try await PetitionRecord.query(on: database).filter(\.$state == PetitionState.received.rawValue).sort(\.$receivedAt).all()
        }
        for path in ParticipationPolicy.petitionInboxPaths(principal) {
            rows += try await PetitionRecord.query(on: database).filter(\.$unitPath == path)
                .filter(\.$state ~~ [PetitionState.routed.rawValue, PetitionState.accepted.rawValue]).sort(\.$dueAt).all()
        }
        return rows
    }
}
