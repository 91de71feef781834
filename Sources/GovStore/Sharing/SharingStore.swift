import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// The installation's sharing settings: the provider's reply limit, and which unit is the data management bureau
/// (数据管理机构) that decides challenges to a not-shared classification.
public struct SharingSettings: Codable, Equatable, Sendable {
    public var replyWorkingDays: Int
    public var bureauUnitID: UUID?

    public init(replyWorkingDays: Int = SharingRules.defaultReplyWorkingDays, bureauUnitID: UUID? = nil) {
        self.replyWorkingDays = replyWorkingDays
        self.bureauUnitID = bureauUnitID
    }
}

/// The resource catalog, requests to use its resources, and the grants that answer them. Each write is audited, and each
/// request's reply runs as an obligation under supervision (DESIGN.md: "every duty has a clock").
public enum SharingStore {
    static let settingsKey = "sharing"

    // MARK: Settings

    public static func settings(on database: any Database) async throws -> SharingSettings {
        guard let row = try await SupervisionSetting.find(settingsKey, on: database) else { return SharingSettings() }
        return (try? JSONDecoder().decode(SharingSettings.self, from: Data(row.value.utf8))) ?? SharingSettings()
    }

    public static func save(_ settings: SharingSettings, by actor: AuditActor, now: Date, on database: any Database) async throws {
        guard (1...60).contains(settings.replyWorkingDays) else { throw FieldErrors.single("reply_days", FieldProblem.invalid) }
        if let bureau = settings.bureauUnitID, try await OrganisationUnit.find(bureau, on: database) == nil {
            throw FieldErrors.single("bureau", FieldProblem.invalid)
        }
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
        try await AuditLog.append(AuditEvent(action: "sharing.settings", objectType: "settings", objectID: settingsKey, summary: value),
                                  by: actor, at: now, on: database)
    }

    // MARK: The catalog

    /// The unit a data steward acts for: the unit of their first data-steward grant.
    public static func stewardUnit(of principal: Principal, on database: any Database) async throws -> OrganisationUnit? {
        guard let unitID = SharingPolicy.stewardGrant(principal)?.unitID else { return nil }
        return try await OrganisationUnit.find(unitID, on: database)
    }

    /// Who keeps a base registry: the stewards of a unit that provides a resource it serves, and the data management bureau's.
    public static func mayKeep(_ kind: RegistryKind, principal: Principal, on database: any Database) async throws -> Bool {
        let providers = try await SharingResourceRecord.query(on: database).filter(\.$source == kind.sourceName).all().map(\.unitPath)
        if SharingPolicy.keepsRegistry(providerUnitPaths: providers, bureauUnitPath: nil, principal) { return true }
        let settings = try await settings(on: database)
        guard let bureauID = settings.bureauUnitID, let bureau = try await OrganisationUnit.find(bureauID, on: database) else { return false }
        return SharingPolicy.keepsRegistry(providerUnitPaths: providers, bureauUnitPath: bureau.path, principal)
    }

    /// Publishes a resource of `unit` in the catalog. A base registry as its source must hold every field it lists.
    public static func create(
        _ definition: SharingResourceDefinition, scopeUnitIDs: [UUID], source registry: RegistryKind? = nil, unit: OrganisationUnit, principal: Principal,
        by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> SharingResourceRecord {
        if let registry, let missing = definition.fieldNames.first(where: { !registry.fieldNames.contains($0) }) {
            throw FieldErrors.single("fields", SharingProblem.unknownField(missing))
        }
        guard SharingPolicy.keeps(unitPath: unit.path, principal) else { throw SharingProblem.notPermitted }
        guard try await SharingResourceRecord.query(on: database).filter(\.$code == definition.code).count() == 0 else {
            throw FieldErrors.single("code", SharingProblem.codeTaken)
        }
        let record = SharingResourceRecord()
        record.id = Effects.current.newID()
        record.unitID = try unit.requireID()
        record.unitPath = unit.path
        record.source = registry?.sourceName ?? "records"
        try apply(definition, scopePaths: try await scopePaths(scopeUnitIDs, on: database), to: record)
        record.version = 1
        record.createdAt = now
        record.updatedAt = now
        try await record.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "sharing.resource.create", objectType: "sharing_resource", objectID: definition.code,
                       summary: "\(definition.name) · \(definition.sharingClass.rawValue) · \(definition.fieldNames.joined(separator: ","))"),
            by: actor.within(unit.path), at: now, on: database)
        return record
    }

    /// Changes a resource; a request or grant already made keeps the fields it named.
    public static func update(
        _ id: UUID, to definition: SharingResourceDefinition, scopeUnitIDs: [UUID], expectedVersion: Int?, principal: Principal, by actor: AuditActor,
        now: Date, on database: any Database
    ) async throws -> SharingResourceRecord {
        guard let record = try await SharingResourceRecord.find(id, on: database) else { throw SharingProblem.notPermitted }
        guard SharingPolicy.keeps(unitPath: record.unitPath, principal) else { throw SharingProblem.notPermitted }
        guard expectedVersion == nil || expectedVersion == record.version else { throw SharingProblem.changedSinceRead }
        if definition.code != record.code, try await SharingResourceRecord.query(on: database).filter(\.$code == definition.code).count() > 0 {
            throw FieldErrors.single("code", SharingProblem.codeTaken)
        }
        if let registry = record.registry, let missing = definition.fieldNames.first(where: { !registry.fieldNames.contains($0) }) {
            throw FieldErrors.single("fields", SharingProblem.unknownField(missing))
        }
        let before = record.sharingClass
        try apply(definition, scopePaths: try await scopePaths(scopeUnitIDs, on: database), to: record)
        record.version += 1
        record.updatedAt = now
        try await record.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "sharing.resource.update", objectType: "sharing_resource", objectID: definition.code,
                       summary: "\(before) → \(definition.sharingClass.rawValue) · \(definition.fieldNames.joined(separator: ","))"),
            by: actor.within(record.unitPath), at: now, on: database)
        return record
    }

    static func apply(_ definition: SharingResourceDefinition, scopePaths: [String], to record: SharingResourceRecord) throws {
        record.code = definition.code
        record.name = definition.name
        record.description = definition.description
        record.sharingClass = definition.sharingClass.rawValue
        record.legalBasis = definition.legalBasis
        record.frequency = definition.frequency.rawValue
        record.provision = definition.provision.rawValue
        record.subjectField = definition.subjectField
        record.fieldsJSON = try StoredJSON.text(definition.fields)
        record.scopeJSON = try StoredJSON.text(scopePaths)
    }

    static func scopePaths(_ unitIDs: [UUID], on database: any Database) async throws -> [String] {
        guard !unitIDs.isEmpty else { return [] }
        let units = try await OrganisationUnit.query(on: database).filter(\.$id ~~ unitIDs).all()
        guard units.count == Set(unitIDs).count else { throw FieldErrors.single("scope", FieldProblem.invalid) }
        return units.map(\.path).sorted()
    }

    /// The whole catalog, providers' order then code.
    public static func catalog(on database: any Database) async throws -> [SharingResourceRecord] {
        try await SharingResourceRecord.query(on: database).sort(\.$unitPath).sort(\.$code).limit(5000).all()
    }

    /// The resource a base registry is shared as, unconditional ones first.
    public static func registryResource(_ kind: RegistryKind, on database: any Database) async throws -> SharingResourceRecord? {
        let resources = try await SharingResourceRecord.query(on: database).filter(\.$source == kind.sourceName).sort(\.$code).all()
        return resources.first { $0.sharingClass == SharingClass.unconditional.rawValue } ?? resources.first
    }

    public static func resource(code: String, on database: any Database) async throws -> SharingResourceRecord? {
        try await SharingResourceRecord.query(on: database).filter(\.$code == code.uppercased()).first()
    }

    /// Loads or replaces records a resource serves, keyed by their subject field (or by `id` when it has none); a
    /// record whose values did not change is left alone, so loading the same data twice changes nothing.
    @discardableResult
    public static func put(_ rows: [[String: String]], into resource: SharingResourceRecord, now: Date, on database: any Database) async throws -> Int {
        let keyField = resource.subjectField ?? "id"
        let resourceID = try resource.requireID()
        let allowed = Set(resource.fields.map(\.name))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var changed = 0
        for row in rows {
            guard let key = row[keyField], !key.isEmpty else { throw FieldErrors.single(keyField, FieldProblem.required) }
            let values = String(decoding: try encoder.encode(row.filter { allowed.contains($0.key) }), as: UTF8.self)
            let existing = try await SharingDataRecord.query(on: database).filter(\.$resourceID == resourceID).filter(\.$subjectKey == key).first()
            guard existing?.valuesJSON != values else { continue }
            let record = existing ?? SharingDataRecord()
            if existing == nil {
                record.id = Effects.current.newID()
                record.resourceID = resourceID
                record.subjectKey = key
            }
            record.valuesJSON = values
            record.updatedAt = now
            try await record.save(on: database)
            changed += 1
        }
        return changed
    }

    // MARK: Requests

    /// Files a request from the steward's unit. A not-shared resource's request is a challenge to its classification and
    /// goes to the data management bureau; a conditional one to its provider. Either way the answer is due within the
    /// configured working days.
    public static func file(
        _ application: SharingApplication, for resource: SharingResourceRecord, principal: Principal, by actor: AuditActor,
        calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> SharingRequestRecord {
        guard let unit = try await stewardUnit(of: principal, on: database) else { throw SharingProblem.notPermitted }
        guard unit.path != resource.unitPath else { throw SharingProblem.ownResource }
        let scope = resource.scopePaths
        guard scope.isEmpty || scope.contains(where: unit.path.hasPrefix) else { throw SharingProblem.outOfScope }
        let settings = try await settings(on: database)
        let state = SharingRules.initialState(for: resource.definition.sharingClass)
        let record = SharingRequestRecord()
        record.id = Effects.current.newID()
        let day = CivilDate.beijing(now)
        let serial = try await Counters.next("sharing-request:\(day)", on: database)
        record.number = "GX" + day.description.replacingOccurrences(of: "-", with: "") + String(format: "%04d", serial)
        record.resourceID = try resource.requireID()
        record.providerUnitID = resource.unitID
        record.providerUnitPath = resource.unitPath
        record.requesterUnitID = try unit.requireID()
        record.requesterUnitPath = unit.path
        record.applicationJSON = try StoredJSON.text(application)
        record.state = state.rawValue
        record.requestedByName = actor.name
        record.receivedAt = now
        record.version = 1
        record.updatedAt = now
        if state == .challenged {
            let bureau = try await bureauUnit(settings, on: database)
            record.bureauUnitID = try bureau.requireID()
            record.bureauUnitPath = bureau.path
        }
        try await record.create(on: database)
        let clock = try await openReply(for: record, settings: settings, calendar: calendar, now: now, on: database)
        record.replyDue = clock.statutoryDue
        try await record.save(on: database)
        try await log(record, action: state == .challenged ? "challenge" : "file",
                      summary: "\(resource.code) · \(application.fields.joined(separator: ",")) · \(application.purposeCode)", actor: actor,
                      unitPath: unit.path, now: now, on: database)
        return record
    }

    /// What a steward can do with a request.
    public enum Decision: Sendable {
        /// The provider approves some of the fields asked for, for some of the days asked, with conditions.
        case approve(fields: [String], days: String, conditions: String)
        case refuse(reason: String)
        case withdraw
        /// The bureau keeps the not-shared classification.
        case upholdClassification(reason: String)
        /// The bureau finds the resource should be shared on conditions: the request goes on to the provider.
        case reclassify(reason: String)
    }

    public static func decide(
        _ decision: Decision, on id: UUID, expectedVersion: Int?, principal: Principal, by actor: AuditActor, calendar: WorkCalendar,
        now: Date, on database: any Database
    ) async throws -> SharingRequestRecord {
        guard let record = try await SharingRequestRecord.find(id, on: database),
              let resource = try await SharingResourceRecord.find(record.resourceID, on: database),
              let application = record.application
        else { throw SharingProblem.notPermitted }
        guard record.requestState.isOpen else { throw SharingProblem.notOpen }
        guard expectedVersion == nil || expectedVersion == record.version else { throw SharingProblem.changedSinceRead }
        let settings = try await settings(on: database)
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        let running = try await ObligationStore.running(of: id, on: database).values.first
        func finishReply() async throws {
            if let running { try await ObligationStore.complete(running, cancelled: false, context: context, on: database) }
        }
        // What the request page offers is what is allowed here: one function decides both.
        let allowed = SharingPolicy.allowedActions(principal, on: record.scope)
        let action: String
        var summary: String
        switch decision {
        case let .approve(fields, days, conditions):
            guard allowed.contains(.answer) else { throw SharingProblem.notPermitted }
            let terms = try SharingRules.grantTerms(asked: application, fields: fields, days: days)
            let grant = SharingGrantRecord()
            grant.id = Effects.current.newID()
            grant.requestID = id
            grant.resourceID = record.resourceID
            grant.unitID = record.requesterUnitID
            grant.unitPath = record.requesterUnitPath
            grant.fieldList = terms.fields.joined(separator: ",")
            grant.purposeCode = application.purposeCode
            grant.validFrom = now
            grant.validUntil = SharingRules.grantEnd(from: now, days: terms.days)
            try await grant.create(on: database)
            record.grantID = grant.id
            record.conditions = try TextField.optional(conditions, max: 2000)
            record.state = SharingRequestState.approved.rawValue
            try await finishReply()
            action = "approve"
            summary = "\(terms.fields.joined(separator: ",")) · \(terms.days) days"
        case let .refuse(text):
            guard allowed.contains(.answer) else { throw SharingProblem.notPermitted }
            record.reason = try SharingRules.reasons(text)
            record.state = SharingRequestState.refused.rawValue
            try await finishReply()
            action = "refuse"
            summary = String(record.reason!.prefix(120))
        case .withdraw:
            guard allowed.contains(.withdraw) else { throw SharingProblem.notPermitted }
            record.state = SharingRequestState.withdrawn.rawValue
            if let running { try await ObligationStore.complete(running, cancelled: true, context: context, on: database) }
            action = "withdraw"
            summary = record.number
        case let .upholdClassification(text):
            guard allowed.contains(.decideChallenge), record.bureauUnitPath != nil else { throw SharingProblem.notPermitted }
            record.challengeReason = try SharingRules.reasons(text)
            record.challengeOutcome = "upheld"
            record.reason = record.challengeReason
            record.state = SharingRequestState.refused.rawValue
            try await finishReply()
            action = "uphold"
            summary = String(record.challengeReason!.prefix(120))
        case let .reclassify(text):
            guard allowed.contains(.decideChallenge), let bureau = record.bureauUnitPath else { throw SharingProblem.notPermitted }
            record.challengeReason = try SharingRules.reasons(text)
            record.challengeOutcome = "reclassified"
            record.state = SharingRequestState.pending.rawValue
            try await finishReply()
            resource.sharingClass = SharingClass.conditional.rawValue
            resource.version += 1
            resource.updatedAt = now
            try await resource.save(on: database)
            try await AuditLog.append(
                AuditEvent(action: "sharing.resource.reclassify", objectType: "sharing_resource", objectID: resource.code,
                           summary: "not_shared → conditional · \(record.number)"),
                by: actor.within(bureau), at: now, on: database)
            // The provider now owes its own answer, on a new clock.
            record.replyDue = try await openReply(for: record, settings: settings, calendar: calendar, now: now, on: database).statutoryDue
            action = "reclassify"
            summary = String(record.challengeReason!.prefix(120))
        }
        if action != "reclassify", action != "withdraw" {
            record.decidedAt = now
            record.decidedByName = actor.name
        }
        record.version += 1
        record.updatedAt = now
        try await record.save(on: database)
        try await log(record, action: action, summary: summary, actor: actor, unitPath: record.providerUnitPath, now: now, on: database)
        return record
    }

    /// The provider ends a grant before its expiry.
    public static func revoke(
        grant id: UUID, reason text: String, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> SharingGrantRecord {
        guard let grant = try await SharingGrantRecord.find(id, on: database),
              let resource = try await SharingResourceRecord.find(grant.resourceID, on: database),
              SharingPolicy.keeps(unitPath: resource.unitPath, principal)
        else { throw SharingProblem.notPermitted }
        guard grant.revokedAt == nil else { throw SharingProblem.notOpen }
        let reason = try SharingRules.reasons(text)
        grant.revokedAt = now
        grant.revokedReason = reason
        try await grant.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "sharing.grant.revoke", objectType: "sharing_grant", objectID: id.uuidString.lowercased(),
                       summary: "\(resource.code) · \(reason.prefix(120))"),
            by: actor.within(resource.unitPath), at: now, on: database)
        return grant
    }

    /// Requests a steward's unit made or must answer (as provider or as the bureau), newest first.
    public static func requests(for unitPath: String, on database: any Database) async throws -> [SharingRequestRecord] {
        try await SharingRequestRecord.query(on: database)
            .group(.or) { group in
                group.filter(\.$providerUnitPath == unitPath).filter(\.$requesterUnitPath == unitPath).filter(\.$bureauUnitPath == unitPath)
            }
            .sort(\.$receivedAt, .descending).limit(500).all()
    }

    public static func grant(of record: SharingRequestRecord, on database: any Database) async throws -> SharingGrantRecord? {
        guard let id = record.grantID else { return nil }
        return try await SharingGrantRecord.find(id, on: database)
    }

    public static func grants(of resourceID: UUID, on database: any Database) async throws -> [SharingGrantRecord] {
        try await SharingGrantRecord.query(on: database).filter(\.$resourceID == resourceID).sort(\.$validFrom, .descending).limit(500).all()
    }

    public static func resource(id: UUID, on database: any Database) async throws -> SharingResourceRecord? {
        try await SharingResourceRecord.find(id, on: database)
    }

    public static func request(id: UUID, on database: any Database) async throws -> SharingRequestRecord? {
        try await SharingRequestRecord.find(id, on: database)
    }

    public static func request(number: String, on database: any Database) async throws -> SharingRequestRecord? {
        try await SharingRequestRecord.query(on: database).filter(\.$number == number).first()
    }

    /// The code of every unit, by id: how the catalog names its publishers to other systems.
    public static func unitCodes(on database: any Database) async throws -> [UUID: String] {
        Dictionary(try await OrganisationStore.units(on: database).map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Internals

    static func bureauUnit(_ settings: SharingSettings, on database: any Database) async throws -> OrganisationUnit {
        if let id = settings.bureauUnitID, let unit = try await OrganisationUnit.find(id, on: database) { return unit }
        // Without a configured bureau, the installation's top unit decides.
        guard let root = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).sort(\.$path).first() else {
            throw SharingProblem.notPermitted
        }
        return root
    }

    static func openReply(
        for record: SharingRequestRecord, settings: SharingSettings, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> ObligationClock {
        let answering = record.requestState == .challenged
        let unitID = answering ? record.bureauUnitID! : record.providerUnitID
        let unitPath = answering ? record.bureauUnitPath! : record.providerUnitPath
        let terms = ObligationTerms.workingDays(promised: settings.replyWorkingDays, statutory: settings.replyWorkingDays)
        let clock = try ObligationClock.start(at: now, terms: terms, calendar: calendar)
        let existing = try await ObligationRecord.query(on: database).filter(\.$subjectID == (try record.requireID())).count()
        let context = ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.sharingReply, existing), clock: clock, responsibleRole: .dataSteward, label: record.number),
            for: ObligationSubject(type: "sharing_request", id: try record.requireID(), label: record.number, unitID: unitID, unitPath: unitPath),
            context: context, on: database)
        return clock
    }

    static func log(
        _ record: SharingRequestRecord, action: String, summary: String, actor: AuditActor, unitPath: String, now: Date, on database: any Database
    ) async throws {
        try await AuditLog.append(
            AuditEvent(action: "sharing.request.\(action)", objectType: "sharing_request", objectID: record.number, summary: summary),
            by: actor.within(unitPath), at: now, on: database)
    }
}
