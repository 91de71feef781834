import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Tickets from every channel, routed by rule or by the operator, handled under a clock the supervision engine watches,
/// answered, called back and rated. Every write is audited and recorded in the ticket's own history.
public enum HotlineStore {
    static let settingsKey = "hotline"

    // MARK: Settings, categories, routing rules

    public static func settings(on database: any Database) async throws -> HotlineSettings {
        guard let row = try await SupervisionSetting.find(settingsKey, on: database) else { return HotlineSettings() }
        return (try? JSONDecoder().decode(HotlineSettings.self, from: Data(row.value.utf8))) ?? HotlineSettings()
    }

    public static func save(_ settings: HotlineSettings, by actor: AuditActor, now: Date, on database: any Database) async throws {
        try settings.validate()
        let value = try StoredJSON.text(settings)
        let row = try await SupervisionSetting.find(settingsKey, on: database) ?? {
            let row = SupervisionSetting()
            row.id = settingsKey
            return row
        }()
        row.value = value
        row.updatedAt = now
        row.updatedBy = actor.name
        try await row.save(on: database)
        try await AuditLog.append(AuditEvent(action: "hotline.settings", objectType: "settings", objectID: settingsKey, summary: value),
                                  by: actor, at: now, on: database)
    }

    /// The category with this code, if there is one.
    public static func category(code: String, on database: any Database) async throws -> HotlineCategory? {
        try await HotlineCategoryRecord.find(code, on: database)?.category
    }

    public static func categories(on database: any Database) async throws -> [HotlineCategory] {
        try await HotlineCategoryRecord.query(on: database).sort(\.$id).all().map(\.category)
    }

    public static func addCategory(_ category: HotlineCategory, by actor: AuditActor, now: Date, on database: any Database) async throws {
        let existing = Set(try await categories(on: database).map(\.code))
        do { try HotlineCategory.checkCode(category.code, existing: existing) } catch { throw FieldErrors.single("code", error) }
        var errors = FieldErrors()
        let nameZh = errors.check("name_zh") { try TextField.required(category.nameZh, max: 40) }
        let nameEn = errors.check("name_en") { try TextField.required(category.nameEn, max: 80) }
        try errors.throwIfAny()
        let record = HotlineCategoryRecord()
        record.id = category.code
        record.nameZh = nameZh!
        record.nameEn = nameEn!
        record.sortOrder = 0
        try await record.create(on: database)
        try await AuditLog.append(AuditEvent(action: "hotline.category.add", objectType: "hotline_category", objectID: category.code, summary: nameZh!),
                                  by: actor, at: now, on: database)
    }

    /// Loads the standard tree into an installation that has none.
    public static func seedCategories(on database: any Database) async throws {
        guard try await HotlineCategoryRecord.query(on: database).count() == 0 else { return }
        for (index, category) in HotlineCategory.standardTree.enumerated() {
            let record = HotlineCategoryRecord()
            record.id = category.code
            record.nameZh = category.nameZh
            record.nameEn = category.nameEn
            record.sortOrder = index
            try await record.create(on: database)
        }
    }

    public static func routingRules(on database: any Database) async throws -> [HotlineRoutingRecord] {
        try await HotlineRoutingRecord.query(on: database).sort(\.$categoryPrefix).sort(\.$regionCode).all()
    }

    public static func addRule(_ rule: RoutingRule, by actor: AuditActor, now: Date, on database: any Database) async throws {
        guard try await HotlineCategoryRecord.find(rule.categoryPrefix, on: database) != nil else {
            throw FieldErrors.single("category", HotlineProblem.unknownCategory)
        }
        if let region = rule.regionCode, try await OrganisationUnit.query(on: database).filter(\.$code == region).filter(\.$kind == .region).count() == 0 {
            throw FieldErrors.single("region", HotlineProblem.unknownRegion)
        }
        guard try await OrganisationUnit.find(rule.unitID, on: database) != nil else { throw FieldErrors.single("unit", HotlineProblem.unknownUnit) }
        let record = HotlineRoutingRecord()
        record.id = Effects.current.newID()
        record.categoryPrefix = rule.categoryPrefix
        record.regionCode = rule.regionCode
        record.unitID = rule.unitID
        record.createdAt = now
        try await record.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "hotline.rule.add", objectType: "hotline_rule", objectID: try record.requireID().uuidString.lowercased(),
                       summary: "\(rule.categoryPrefix) · \(rule.regionCode ?? "*") → \(rule.unitID.uuidString.lowercased())"),
            by: actor, at: now, on: database)
    }

    public static func deleteRule(_ id: UUID, by actor: AuditActor, now: Date, on database: any Database) async throws {
        guard let record = try await HotlineRoutingRecord.find(id, on: database) else { throw StoreError.notFound }
        try await record.delete(on: database)
        try await AuditLog.append(
            AuditEvent(action: "hotline.rule.delete", objectType: "hotline_rule", objectID: id.uuidString.lowercased(),
                       summary: "\(record.categoryPrefix) · \(record.regionCode ?? "*")"),
            by: actor, at: now, on: database)
    }

    /// Which of the given category and region codes exist, looking up those rows only: filing checks them on every
    /// ticket, and reading the whole tree and the city's places for that was most of a filing's work.
    public static func knownCodes(category: String, region: String?, on database: any Database) async throws -> (categories: Set<String>, regions: Set<String>) {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let categories = try await sql.select().column("code").from(HotlineCategoryRecord.schema).where("code", .equal, category).all()
            .map { try $0.decode(column: "code", as: String.self) }
        guard let region, !region.isEmpty else { return (Set(categories), []) }
        let regions = try await sql.select().column("code").from(OrganisationUnit.schema)
            .where("kind", .equal, OrganisationKind.region.rawValue).where("code", .equal, region).all()
            .map { try $0.decode(column: "code", as: String.self) }
        return (Set(categories), Set(regions))
    }

    /// The region codes a ticket's place may name: the city's districts and subdistricts.
    public static func regionCodes(on database: any Database) async throws -> Set<String> {
        Set(try await OrganisationUnit.query(on: database).filter(\.$kind == .region).all().map(\.code))
    }

    // MARK: Filing

    /// How a ticket arrived and who recorded it.
    public struct Intake: Sendable {
        public var channel: TicketChannel
        /// The signed-in person filing for themselves, if any.
        public var accountID: UUID?
        /// A leader-mailbox letter's addressee: a department goes straight to it, the mayor (the city) is routed by rule.
        public var addressee: OrganisationUnit?
        /// An operator's answer on the call, with the caller's satisfaction when they gave it there and then.
        public var answeredOnCall: (text: String, satisfaction: Satisfaction?)?

        public init(channel: TicketChannel, accountID: UUID? = nil, addressee: OrganisationUnit? = nil,
                    answeredOnCall: (text: String, satisfaction: Satisfaction?)? = nil) {
            self.channel = channel
            self.accountID = accountID
            self.addressee = addressee
            self.answeredOnCall = answeredOnCall
        }
    }

    /// The unit a leader-mailbox letter may be addressed to: a department, or the top of the tree (the mayor).
    public static func mailboxAddressee(id: UUID, on database: any Database) async throws -> OrganisationUnit? {
        guard let unit = try await OrganisationUnit.find(id, on: database), unit.kind == .department || unit.$parent.id == nil else { return nil }
        return unit
    }

    /// Numbers and records a ticket, then sends it on: a letter to a department to that department, anything else by
    /// the routing rules; with a department its handling clock starts. Without a matching rule it waits for the operator.
    /// The query code is stored only as its hash under `queryCodeKey`: the one returned is the only time it is seen, for
    /// the receipt.
    @discardableResult
    public static func file(
        _ ticket: ValidTicket, intake: Intake, number: String? = nil, by actor: AuditActor, calendar: WorkCalendar, now: Date,
        queryCodeKey: QueryCodeKey, on database: any Database
    ) async throws -> (record: TicketRecord, queryCode: String) {
        let record = TicketRecord()
        record.id = Effects.current.newID()
        if let number { record.number = number } else { record.number = try await nextNumber(now: now, on: database) }
        var generator = EffectsRandom()
        let queryCode = QueryCode.generate(using: &generator)
        record.queryCode = queryCodeKey.hash(queryCode)
        record.kind = ticket.kind.rawValue
        record.channel = intake.channel.rawValue
        record.urgency = ticket.urgency.rawValue
        record.categoryCode = ticket.category
        record.regionCode = ticket.regionCode
        record.address = ticket.address
        record.latitude = ticket.latitude
        record.longitude = ticket.longitude
        record.subject = ticket.subject
        record.description = ticket.description
        record.callerName = ticket.callerName
        record.callerPhone = ticket.callerPhone
        record.callerEmail = ticket.callerEmail
        record.accountID = intake.accountID
        record.addresseeUnitID = intake.addressee?.id
        record.state = TicketState.received.rawValue
        record.returnCount = 0
        record.reopenCount = 0
        record.extensionCount = 0
        record.publishConsent = ticket.publishConsent
        record.receivedAt = now
        record.recordedByName = actor.name
        record.version = 1
        record.updatedAt = now

        if let answer = intake.answeredOnCall {
            try await record.create(on: database)
            var history = History(record)
            try await history.add("file", at: now, actor: actor.name, note: intake.channel.rawValue, on: database)
            // A question settled on the call: the hotline itself answered, and its own unit is rated.
            let hotline = try await hotlineUnit(of: actor, on: database)
            record.reply = try TicketRules.reply(answer.text)
            record.repliedAt = now
            record.repliedByName = actor.name
            record.repliedUnitID = hotline?.id
            record.repliedUnitPath = hotline?.path
            record.repliedOnTime = true
            record.state = TicketState.replied.rawValue
            try await history.add("answer", at: now, actor: actor.name, note: nil, on: database)
            if let satisfaction = answer.satisfaction {
                try await close(record, satisfaction: satisfaction, note: nil, history: &history, actor: actor, calendar: calendar, now: now, on: database)
            }
            try await record.save(on: database)
        } else {
            // Where it goes is settled before the row is written, so that a routed ticket is written once.
            let destination = try await destination(of: ticket, addressee: intake.addressee, on: database)
            var clock: ObligationClock?
            if let destination { clock = try await route(record, to: destination.unit, routedBy: destination.routedBy, calendar: calendar, now: now, on: database) }
            try await record.create(on: database)
            var history = History(record)
            try await history.add("file", at: now, actor: actor.name, note: intake.channel.rawValue, on: database)
            if let destination, let clock {
                try await startHandling(record, clock: clock, sequence: 0, routedBy: destination.routedBy, history: &history, actor: actor, calendar: calendar, now: now, on: database)
            }
        }
        try await AuditLog.append(
            AuditEvent(action: "hotline.ticket.file", objectType: "ticket", objectID: record.number,
                       summary: "\(ticket.kind.rawValue) · \(intake.channel.rawValue) · \(ticket.category) · \(record.state)"),
            by: actor.within(record.unitPath ?? actor.unitPath ?? ""), at: now, on: database)
        return (record, queryCode)
    }

    /// The next ticket number of the day. Taking it updates the day's counter row, whose lock lasts until the
    /// transaction ends: a caller on PostgreSQL takes it in a transaction of its own (a number lost to a failed filing
    /// leaves a gap, which a ticket number may), so that concurrent filings do not queue behind it.
    public static func nextNumber(now: Date, on database: any Database) async throws -> String {
        let day = CivilDate.beijing(now)
        return TicketNumber.make(date: day, sequence: try await Counters.next("ticket:\(day)", on: database))
    }

    // MARK: Handling

    /// What is done to a ticket, with what the action needs.
    public enum Step: Sendable {
        case answer(text: String?, satisfaction: Satisfaction?)
        case dispatch(unitID: UUID)
        case returnTicket(reason: String?)
        case requestExtension(amount: String?, reason: String?)
        case approveExtension
        case refuseExtension(reason: String?)
        case reply(text: String?)
        case callBack(satisfaction: Satisfaction?, note: String?)
        case reopen(reason: String?)

        public var action: TicketAction {
            switch self {
            case .answer: .answer
            case .dispatch: .dispatch
            case .returnTicket: .return
            case .requestExtension: .requestExtension
            case .approveExtension: .approveExtension
            case .refuseExtension: .refuseExtension
            case .reply: .reply
            case .callBack: .callBack
            case .reopen: .reopen
            }
        }
    }

    public static func act(
        _ step: Step, on id: UUID, expectedVersion: Int?, principal: Principal, by actor: AuditActor, calendar: WorkCalendar, now: Date,
        on database: any Database
    ) async throws -> TicketRecord {
        guard let record = try await TicketRecord.find(id, on: database), HotlinePolicy.canRead(principal, record.scope) else { throw HotlineProblem.notFound }
        let roles = HotlinePolicy.actors(principal, on: record.scope)
        // Someone with several parts (an operator who also filed it) may act in any of them; the refusal told is the
        // most telling one.
        var refusal = HotlineProblem.notPermitted
        var allowed = false
        for role in roles {
            do throws(HotlineProblem) {
                try TicketRules.check(step.action, on: record.facts, by: role)
                allowed = true
                break
            } catch {
                if refusal == .notPermitted { refusal = error }
            }
        }
        guard allowed else { throw refusal }
        guard expectedVersion == nil || expectedVersion == record.version else { throw HotlineProblem.changedSinceRead }
        var history = History(record)
        try await history.load(on: database)
        let settings = try await settings(on: database)
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        var summary = ""
        switch step {
        case let .answer(text, satisfaction):
            let hotline = try await hotlineUnit(of: actor, on: database)
            record.reply = try TicketRules.reply(text)
            record.repliedAt = now
            record.repliedByName = actor.name
            record.repliedUnitID = hotline?.id
            record.repliedUnitPath = hotline?.path
            record.repliedOnTime = true
            record.state = TicketState.replied.rawValue
            try await history.add("answer", at: now, actor: actor.name, note: nil, on: database)
            if let satisfaction {
                try await close(record, satisfaction: satisfaction, note: nil, history: &history, actor: actor, calendar: calendar, now: now, on: database)
            }
        case let .dispatch(unitID):
            guard let unit = try await OrganisationUnit.find(unitID, on: database), unit.kind != .region else {
                throw FieldErrors.single("unit", HotlineProblem.unknownUnit)
            }
            try await assign(record, to: unit, routedBy: "operator", history: &history, actor: actor, calendar: calendar, now: now, on: database)
            summary = unit.nameZh
        case let .returnTicket(text):
            let reason = try TicketRules.reason(text)
            try await finishHandling(record, cancelled: true, context: context, on: database)
            record.returnCount += 1
            record.extensionRequested = nil
            record.state = TicketState.returned.rawValue
            try await history.add("return", at: now, actor: actor.name, note: reason, on: database)
            summary = String(reason.prefix(120))
        case let .requestExtension(amountText, text):
            let reason = try TicketRules.reason(text)
            let clock = try await running(record, on: database).map { try $0.clock() }
            try clock?.checkExtendable(at: now)
            let amount = try TicketRules.extensionAmount(amountText, unit: clock?.terms.unit ?? .workingDays, settings: settings)
            record.extensionRequested = amount
            record.extensionReason = reason
            try await history.add("request_extension", at: now, actor: actor.name, note: "\(amount) · \(reason)", on: database)
            summary = "\(amount) · \(reason.prefix(100))"
        case .approveExtension:
            let amount = record.extensionRequested ?? 0
            if let obligation = try await running(record, on: database) {
                var clock = try obligation.clock()
                try clock.extend(by: amount, at: now, calendar: calendar)
                try await ObligationStore.move(obligation, to: clock, context: context, on: database)
                record.dueAt = clock.statutoryDue
            }
            record.extensionRequested = nil
            record.extensionCount += 1
            try await history.add("approve_extension", at: now, actor: actor.name, note: "\(amount)", on: database)
            summary = "\(amount)"
        case let .refuseExtension(text):
            let reason = try TicketRules.reason(text)
            record.extensionRequested = nil
            record.extensionReason = nil
            try await history.add("refuse_extension", at: now, actor: actor.name, note: reason, on: database)
            summary = String(reason.prefix(120))
        case let .reply(text):
            record.reply = try TicketRules.reply(text)
            record.repliedAt = now
            record.repliedByName = actor.name
            record.repliedUnitID = record.unitID
            record.repliedUnitPath = record.unitPath
            record.extensionRequested = nil
            let completion = try await finishHandling(record, cancelled: false, context: context, on: database)
            record.repliedOnTime = completion.map { $0 != .late } ?? true
            record.state = TicketState.replied.rawValue
            try await history.add("reply", at: now, actor: actor.name, note: nil, on: database)
            summary = completion?.rawValue ?? ""
        case let .callBack(satisfaction, note):
            guard let satisfaction else { throw FieldErrors.single("satisfaction", HotlineProblem.satisfactionRequired) }
            let text = try TextField.optional(note, max: 1000)
            try await close(record, satisfaction: satisfaction, note: text, history: &history, actor: actor, calendar: calendar, now: now, on: database)
            summary = "\(satisfaction.stars)"
        case let .reopen(text):
            let reason = try TicketRules.reason(text)
            record.reopenCount += 1
            record.closedAt = nil
            guard let unitID = record.repliedUnitID ?? record.unitID, let unit = try await OrganisationUnit.find(unitID, on: database),
                  unit.path != (try await hotlineUnit(of: actor, on: database))?.path
            else {
                // Answered on the call by the hotline itself: it goes back to the operator to be routed.
                record.state = TicketState.received.rawValue
                try await history.add("reopen", at: now, actor: actor.name, note: reason, on: database)
                summary = String(reason.prefix(120))
                break
            }
            try await history.add("reopen", at: now, actor: actor.name, note: reason, on: database)
            try await assign(record, to: unit, routedBy: "reopen", history: &history, actor: actor, calendar: calendar, now: now, on: database)
            summary = String(reason.prefix(120))
        }
        record.version += 1
        record.updatedAt = now
        try await record.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "hotline.ticket.\(step.action.rawValue)", objectType: "ticket", objectID: record.number, summary: summary),
            by: actor.within(record.unitPath ?? actor.unitPath ?? ""), at: now, on: database)
        return record
    }

    // MARK: Reading

    public static func ticket(id: UUID, on database: any Database) async throws -> TicketRecord? {
        try await TicketRecord.find(id, on: database)
    }

    public static func ticket(number: String, on database: any Database) async throws -> TicketRecord? {
        guard let number = TicketNumber.parse(number) else { return nil }
        return try await TicketRecord.query(on: database).filter(\.$number == number).first()
    }

    /// A ticket for someone holding its number and query code.
    public static func track(number: String, code: String, key: QueryCodeKey, on database: any Database) async throws -> TicketRecord? {
        guard QueryCode.isWellFormed(code), let record = try await ticket(number: number, on: database),
              key.matches(code, stored: record.queryCode) else { return nil }
        return record
    }

    public static func events(of record: TicketRecord, on database: any Database) async throws -> [TicketEventRecord] {
        try await TicketEventRecord.query(on: database).filter(\.$ticketID == (try record.requireID())).sort(\.$sequence).all()
    }

    /// The operator's queues: waiting to be routed (received or returned), answered and waiting for a call-back, and
    /// extensions asked for.
    public static func operatorQueue(on database: any Database) async throws -> (toRoute: [TicketRecord], toCallBack: [TicketRecord], extensions: [TicketRecord]) {
        let toRoute = try await TicketRecord.query(on: database).filter(\.$state ~~ [TicketState.received.rawValue, TicketState.returned.rawValue])
            .sort(\.$receivedAt).limit(200).all()
        let toCallBack = try await TicketRecord.query(on: database).filter(\.$state == TicketState.replied.rawValue).sort(\.$repliedAt).limit(200).all()
        let extensions = try await TicketRecord.query(on: database).filter(\.$state == TicketState.assigned.rawValue)
            .filter(\.$extensionRequested != nil).sort(\.$receivedAt).limit(200).all()
        return (toRoute, toCallBack, extensions)
    }

    /// Tickets with the departments a principal works for (as reviewer or head), open ones first by due time.
    public static func departmentInbox(of principal: Principal, on database: any Database) async throws -> [TicketRecord] {
        let grants = HotlinePolicy.inboxGrants(principal)
        guard !grants.isEmpty else { return [] }
        let query = TicketRecord.query(on: database).filter(\.$state == TicketState.assigned.rawValue)
        query.group(.or) { group in
            for grant in grants {
                if grant.includesSubtree { group.filter(\.$unitPath, .custom("LIKE"), grant.unitPath + "%") } else { group.filter(\.$unitPath == grant.unitPath) }
            }
        }
        return try await query.sort(\.$dueAt).limit(300).all()
    }

    /// Recent tickets, newest first, optionally of one state: the hotline's and the supervisors' overview.
    public static func recent(state: TicketState? = nil, channel: TicketChannel? = nil, limit: Int = 200, on database: any Database) async throws -> [TicketRecord] {
        let query = TicketRecord.query(on: database)
        if let state { query.filter(\.$state == state.rawValue) }
        if let channel { query.filter(\.$channel == channel.rawValue) }
        return try await query.sort(\.$receivedAt, .descending).limit(limit).all()
    }

    public static func own(accountID: UUID, on database: any Database) async throws -> [TicketRecord] {
        try await TicketRecord.query(on: database).filter(\.$accountID == accountID).sort(\.$receivedAt, .descending).limit(200).all()
    }

    /// Open tickets that may be the same matter as a new one: alike in text, or from the same number about the same
    /// category, most alike first.
    public static func similarOpen(
        to text: String, category: String?, phone: String?, excluding id: UUID? = nil, on database: any Database
    ) async throws -> [(record: TicketRecord, score: Double)] {
        let pairs = TicketSimilarity.pairs(text)
        let query = TicketRecord.query(on: database).filter(\.$state != TicketState.closed.rawValue)
        query.group(.or) { group in
            if let category, !category.isEmpty { group.filter(\.$categoryCode == category) }
            if let phone, !phone.isEmpty { group.filter(\.$callerPhone == phone) }
        }
        if category?.isEmpty ?? true, phone?.isEmpty ?? true { return [] }
        let candidates = try await query.sort(\.$receivedAt, .descending).limit(500).all()
        return candidates.compactMap { candidate -> (TicketRecord, Double)? in
            guard candidate.id != id else { return nil }
            var score = TicketSimilarity.score(pairs, TicketSimilarity.pairs(candidate.subject + " " + candidate.description))
            if let phone, !phone.isEmpty, candidate.callerPhone == phone, candidate.categoryCode == category { score = max(score, TicketSimilarity.threshold) }
            return score >= TicketSimilarity.threshold ? (candidate, score) : nil
        }
        .sorted { $0.1 > $1.1 }
        .prefix(5)
        .map { (record: $0.0, score: $0.1) }
    }

    // MARK: The leader mailbox (领导信箱)

    /// What staff publish of a ticket, after the redaction step (``PublicationReview``).
    public struct PublishedTexts: Sendable, Equatable {
        public var subject: String
        public var description: String
        public var address: String?
        public var reply: String?

        public init(subject: String, description: String, address: String?, reply: String?) {
            self.subject = subject
            self.description = description
            self.address = address
            self.reply = reply
        }

        /// The ticket's own texts with every personal datum the detector finds masked: what the reviewer starts from.
        public static func proposed(for record: TicketRecord) -> PublishedTexts {
            let writer = record.writer
            return PublishedTexts(
                subject: record.publishedSubject ?? PersonalData.redact(record.subject, writer: writer),
                description: record.publishedDescription ?? PersonalData.redact(record.description, writer: writer),
                address: record.publishedAddress ?? record.address.map { PersonalData.redact($0, writer: writer) },
                reply: (record.publishedReply ?? record.reply).map { PersonalData.redact($0, writer: writer) })
        }

        var all: [String] { [subject, description, address ?? "", reply ?? ""] }

        func trimmed() -> PublishedTexts {
            func clean(_ text: String?) -> String? {
                text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            return PublishedTexts(subject: clean(subject) ?? "", description: clean(description) ?? "", address: clean(address), reply: clean(reply))
        }
    }

    /// The hotline publishes a ticket whose writer allowed it, in the words staff reviewed: a letter to the leader
    /// mailbox once answered (领导信箱选登), any other request at any time (then Open311 lists it). Publishing again
    /// replaces the texts, to add the reply or correct the redaction.
    public static func publish(
        _ id: UUID, texts: PublishedTexts, confirmed: Bool, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard HotlinePolicy.canPublish(principal), let record = try await TicketRecord.find(id, on: database) else { throw HotlineProblem.notFound }
        try TicketPublication.check(kind: record.ticketKind, channel: record.ticketChannel, consent: record.publishConsent, replied: record.reply != nil,
                                    state: record.ticketState)
        let texts = texts.trimmed()
        guard !texts.subject.isEmpty, !texts.description.isEmpty else { throw PublicationProblem.empty }
        try PublicationReview.check(texts.all, writer: record.writer, confirmed: confirmed)
        let first = record.publishedAt == nil
        record.publishedAt = record.publishedAt ?? now
        record.publishedSubject = texts.subject
        record.publishedDescription = texts.description
        record.publishedAddress = texts.address
        record.publishedReply = record.reply == nil ? nil : texts.reply
        record.publishedByName = actor.name
        record.version += 1
        record.updatedAt = now
        try await record.save(on: database)
        var history = History(record)
        try await history.load(on: database)
        try await history.add(first ? "publish" : "republish", at: now, actor: actor.name, note: nil, on: database)
        try await AuditLog.append(AuditEvent(action: "hotline.ticket.publish", objectType: "ticket", objectID: record.number,
                                             summary: texts.subject + (confirmed ? " · marked passages confirmed not personal" : "")),
                                  by: actor, at: now, on: database)
    }

    /// The tickets anyone may see (``Open311/isListed(kind:published:)``): published by staff with the writer's consent,
    /// never a report. The query is the caller's to narrow further.
    public static func listed(on database: any Database) -> QueryBuilder<TicketRecord> {
        TicketRecord.query(on: database).filter(\.$publishedAt != nil).filter(\.$kind !~ TicketKind.allCases.filter(\.isConfidential).map(\.rawValue))
    }

    /// Published letters, newest first.
    public static func publishedLetters(limit: Int = 50, offset: Int = 0, on database: any Database) async throws -> [TicketRecord] {
        try await TicketRecord.query(on: database).filter(\.$channel == TicketChannel.mailbox.rawValue).filter(\.$publishedAt != nil)
            .sort(\.$publishedAt, .descending).range(offset..<(offset + limit)).all()
    }

    public static func publishedLetter(_ id: UUID, on database: any Database) async throws -> TicketRecord? {
        guard let record = try await TicketRecord.find(id, on: database), record.ticketChannel == .mailbox, record.publishedAt != nil else { return nil }
        return record
    }

    /// One month of the mailbox: letters received, those answered, and those answered within their limit.
    public struct MonthFigures: Sendable, Equatable {
        public var month: String
        public var received: Int
        public var replied: Int
        public var onTime: Int
    }

    /// The mailbox's figures for the last `months` Beijing months, newest first, counted from every letter.
    public static func mailboxFigures(months: Int = 12, now: Date, on database: any Database) async throws -> [MonthFigures] {
        let today = CivilDate.beijing(now)
        var first = CivilDate(year: today.year, month: today.month, day: 1)!
        for _ in 1..<max(1, months) { first = first.month == 1 ? CivilDate(year: first.year - 1, month: 12, day: 1)! : CivilDate(year: first.year, month: first.month - 1, day: 1)! }
        let letters = try await TicketRecord.query(on: database).filter(\.$channel == TicketChannel.mailbox.rawValue)
            .filter(\.$receivedAt >= first.startInBeijing).field(\.$receivedAt).field(\.$repliedAt).field(\.$repliedOnTime).all()
        var byMonth: [String: MonthFigures] = [:]
        for letter in letters {
            let day = CivilDate.beijing(letter.receivedAt)
            let month = String(format: "%04d-%02d", day.year, day.month)
            var figures = byMonth[month] ?? MonthFigures(month: month, received: 0, replied: 0, onTime: 0)
            figures.received += 1
            if letter.repliedAt != nil { figures.replied += 1 }
            if letter.repliedOnTime == true { figures.onTime += 1 }
            byMonth[month] = figures
        }
        var result: [MonthFigures] = []
        var month = first
        while month <= today {
            let key = String(format: "%04d-%02d", month.year, month.month)
            result.append(byMonth[key] ?? MonthFigures(month: key, received: 0, replied: 0, onTime: 0))
            month = month.month == 12 ? CivilDate(year: month.year + 1, month: 1, day: 1)! : CivilDate(year: month.year, month: month.month + 1, day: 1)!
        }
        return result.reversed()
    }

    // MARK: Internals

    /// The hotline centre's unit: where the acting operator works.
    static func hotlineUnit(of actor: AuditActor, on database: any Database) async throws -> OrganisationUnit? {
        guard let unitID = actor.unitID else { return nil }
        return try await OrganisationUnit.find(unitID, on: database)
    }

    static func running(_ record: TicketRecord, on database: any Database) async throws -> ObligationRecord? {
        try await ObligationStore.running(of: try record.requireID(), on: database).values.first { $0.kind == ObligationKind.ticketHandling.rawValue }
    }

    /// Where a new ticket goes: a letter to a department to that department, anything else (the mayor's letters too)
    /// by the routing rules; nil when no rule matches, and the operator dispatches it.
    static func destination(of ticket: ValidTicket, addressee: OrganisationUnit?, on database: any Database) async throws -> (unit: OrganisationUnit, routedBy: String)? {
        if let addressee, addressee.kind != .region { return (addressee, "addressee") }
        let rules = try await HotlineRoutingRecord.query(on: database).all().map(\.rule)
        guard let rule = HotlineRouting.route(category: ticket.category, regionCode: ticket.regionCode, rules: rules),
              let unit = try await OrganisationUnit.find(rule.unitID, on: database)
        else { return nil }
        return (unit, "rule")
    }

    /// Sends a ticket to a department and starts its handling clock for the ticket's kind and urgency.
    static func assign(
        _ record: TicketRecord, to unit: OrganisationUnit, routedBy: String, history: inout History, actor: AuditActor, calendar: WorkCalendar,
        now: Date, on database: any Database
    ) async throws {
        let clock = try await route(record, to: unit, routedBy: routedBy, calendar: calendar, now: now, on: database)
        let sequence = try await ObligationRecord.query(on: database).filter(\.$subjectID == (try record.requireID())).count()
        try await startHandling(record, clock: clock, sequence: sequence, routedBy: routedBy, history: &history, actor: actor, calendar: calendar, now: now, on: database)
    }

    /// The ticket's side of an assignment: the department it is with, and the clock its handling runs on from now.
    private static func route(
        _ record: TicketRecord, to unit: OrganisationUnit, routedBy: String, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> ObligationClock {
        let settings = try await settings(on: database)
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.unitName = unit.nameZh
        record.routedBy = routedBy
        record.state = TicketState.assigned.rawValue
        let clock = try ObligationClock.start(at: now, terms: settings.terms(for: record.ticketKind, urgency: record.ticketUrgency), calendar: calendar)
        record.dueAt = clock.statutoryDue
        return clock
    }

    /// Opens the handling obligation of a routed ticket, the `sequence`-th of its handlings, and records the dispatch.
    private static func startHandling(
        _ record: TicketRecord, clock: ObligationClock, sequence: Int, routedBy: String, history: inout History, actor: AuditActor,
        calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws {
        guard let unitID = record.unitID, let unitPath = record.unitPath else { throw HotlineProblem.notFound }
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.ticketHandling, sequence), clock: clock, responsibleRole: .reviewer, label: record.number),
            for: ObligationSubject(type: "ticket", id: try record.requireID(), label: record.number, unitID: unitID, unitPath: unitPath),
            context: context, on: database)
        try await history.add("dispatch", at: now, actor: routedBy == "rule" ? "routing" : actor.name, unit: record.unitName, note: routedBy, on: database)
    }

    @discardableResult
    static func finishHandling(_ record: TicketRecord, cancelled: Bool, context: ObligationContext, on database: any Database) async throws -> Completion? {
        guard let obligation = try await running(record, on: database) else { return nil }
        return try await ObligationStore.complete(obligation, cancelled: cancelled, context: context, on: database)
    }

    /// The caller's satisfaction is recorded: the ticket closes, the rating counts for the department that answered,
    /// and a bad one must be followed up (差评整改).
    static func close(
        _ record: TicketRecord, satisfaction: Satisfaction, note: String?, history: inout History, actor: AuditActor, calendar: WorkCalendar,
        now: Date, on database: any Database
    ) async throws {
        record.satisfaction = satisfaction.stars
        record.callbackNote = note
        record.closedAt = now
        record.state = TicketState.closed.rawValue
        try await history.add("callback", at: now, actor: actor.name, note: String(satisfaction.rawValue), on: database)
        guard let unitID = record.repliedUnitID, let unitPath = record.repliedUnitPath else { return }
        try await EvaluationStore.rate(
            subjectType: "ticket", subjectID: try record.requireID(), label: record.number, unitID: unitID, unitPath: unitPath, matterID: nil,
            stars: satisfaction.stars, comment: note, calendar: calendar, now: now, on: database)
        if !satisfaction.isBad, record.ticketKind == .question || record.ticketKind == .help, let reply = record.reply {
            try await KnowledgeStore.learn(from: record, reply: reply, now: now, on: database)
        }
    }

    /// A ticket's history, numbered in order.
    struct History {
        let ticket: TicketRecord
        var next = 1

        init(_ ticket: TicketRecord) { self.ticket = ticket }

        mutating func load(on database: any Database) async throws {
            let last = try await TicketEventRecord.query(on: database).filter(\.$ticketID == (try ticket.requireID())).max(\.$sequence) ?? 0
            next = last + 1
        }

        mutating func add(_ action: String, at: Date, actor: String, unit: String? = nil, note: String?, on database: any Database) async throws {
            let event = TicketEventRecord()
            event.id = Effects.current.newID()
            event.ticketID = try ticket.requireID()
            event.sequence = next
            event.action = action
            event.at = at
            event.actorName = actor
            event.unitName = unit ?? ticket.unitName
            event.note = note
            try await event.create(on: database)
            next += 1
        }
    }
}
