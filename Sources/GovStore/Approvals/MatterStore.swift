import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

public enum MatterStoreError: Error, Equatable {
    /// The implementation code does not start with the department's 统一社会信用代码 (GB/T 39554.1).
    case codeNotOfDepartment(code: String, department: String)
    /// The code already belongs to a matter of another department.
    case codeTaken
}

public enum MatterStore {
    public struct Filter: Sendable {
        public var departmentID: UUID?
        public var lifeEvent: LifeEvent?
        public var text: String?

        public init(departmentID: UUID? = nil, lifeEvent: LifeEvent? = nil, text: String? = nil) {
            self.departmentID = departmentID
            self.lifeEvent = lifeEvent
            self.text = text
        }
    }

    /// Publishes `definition` as the next version of its matter (or the first version of a new one).
    /// Earlier versions stay: every case keeps the version it was filed under.
    @discardableResult
    public static func publish(
        _ definition: MatterDefinition, department: OrganisationUnit, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> (Matter, MatterVersion) {
        try await publish(definition, department: department.summary, by: actor, now: now, on: database)
    }

    /// A member of staff publishes a version of their department's matter (``CaseAccess/canEditMatters(of:_:)``).
    @discardableResult
    public static func publish(
        _ definition: MatterDefinition, department: UnitSummary, editor principal: Principal?, isNew: Bool, by actor: AuditActor,
        now: Date, on database: any Database
    ) async throws -> (Matter, MatterVersion) {
        guard CaseAccess.canEditMatters(of: department.path, principal) else { throw CaseStoreError.forbidden }
        if isNew, try await matter(code: definition.code.value, on: database) != nil { throw MatterStoreError.codeTaken }
        return try await publish(definition, department: department, by: actor, now: now, on: database)
    }

    static func publish(
        _ definition: MatterDefinition, department: UnitSummary, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> (Matter, MatterVersion) {
        try definition.validate().throwIfAny()
        guard definition.code.departmentCode == department.code else {
            throw MatterStoreError.codeNotOfDepartment(code: definition.code.value, department: department.code)
        }
        let departmentID = department.id
        let matter: Matter
        if let existing = try await Matter.query(on: database).filter(\.$code == definition.code.value).first() {
            guard existing.$department.id == departmentID else { throw MatterStoreError.codeTaken }
            matter = existing
            matter.currentVersion += 1
        } else {
            matter = Matter()
            matter.id = Effects.current.newID()
            matter.code = definition.code.value
            matter.$department.id = departmentID
            matter.currentVersion = 1
        }
        matter.departmentPath = department.path
        matter.nameZh = definition.nameZh
        matter.nameEn = definition.nameEn
        matter.kind = definition.kind.rawValue
        matter.onlineDepth = definition.onlineDepth.rawValue
        matter.lifeEvents = "," + definition.lifeEvents.map(\.rawValue).joined(separator: ",") + ","
        matter.audiences = "," + definition.audiences.map(\.rawValue).joined(separator: ",") + ","
        matter.searchText = [
            definition.nameZh, definition.nameEn, definition.code.value, definition.legalBasisZh, definition.conditionsZh,
            department.nameZh, department.nameEn, definition.result?.certificateNameZh ?? "",
        ].joined(separator: " ").lowercased()
        matter.updatedAt = now
        try await matter.save(on: database)

        let version = MatterVersion()
        version.id = Effects.current.newID()
        version.$matter.id = try matter.requireID()
        version.version = matter.currentVersion
        version.definitionJSON = try StoredJSON.text(definition)
        version.createdBy = actor.name
        version.createdAt = now
        try await version.create(on: database)
        try await AuditLog.append(
            AuditEvent(
                action: matter.currentVersion == 1 ? "matter.create" : "matter.revise", objectType: "matter",
                objectID: matter.code, summary: "\(definition.nameZh) version \(matter.currentVersion)"
            ),
            by: actor, at: now, on: database
        )
        return (matter, version)
    }

    /// Matters in catalogue order (department, then name), filtered; text terms must all appear (Chinese or English),
    /// or the text names an everyday intent (开餐馆) whose matters' words appear (``CatalogIntents``).
    public static func list(_ filter: Filter = Filter(), on database: any Database) async throws -> [Matter] {
        let query = Matter.query(on: database)
        if let departmentID = filter.departmentID { query.filter(\.$department.$id == departmentID) }
        if let event = filter.lifeEvent { query.filter(\.$lifeEvents, .custom("LIKE"), "%,\(event.rawValue),%") }
        let text = filter.text ?? ""
        let terms = text.lowercased().split(whereSeparator: \.isWhitespace).prefix(5)
        func contains(_ term: some StringProtocol) -> DatabaseQuery.Filter {
            let escaped = term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            return .sql(embed: "search_text LIKE \(bind: "%\(escaped)%") ESCAPE '\\'")
        }
        if !terms.isEmpty {
            let meanings = CatalogIntents.meanings(of: text)
            query.group(.or) { either in
                either.group(.and) { every in
                    for term in terms { every.filter(contains(term)) }
                }
                for meaning in meanings { either.filter(contains(meaning)) }
            }
        }
        return try await query.sort(\.$departmentPath).sort(\.$code).all()
    }

    public static func matter(_ id: UUID, on database: any Database) async throws -> Matter? {
        try await Matter.find(id, on: database)
    }

    /// The names of the given matters in `language`, by id.
    public static func names(ids: [UUID], _ language: Language, on database: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let matters = try await Matter.query(on: database).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: matters.compactMap { matter in matter.id.map { ($0, matter.name(in: language)) } })
    }

    public static func matter(code: String, on database: any Database) async throws -> Matter? {
        try await Matter.query(on: database).filter(\.$code == code).first()
    }

    public static func version(_ number: Int, of matter: Matter, on database: any Database) async throws -> MatterVersion? {
        try await MatterVersion.query(on: database).filter(\.$matter.$id == matter.requireID()).filter(\.$version == number).first()
    }

    /// The version `matter` names as current, decoded; read from the database only the first time (a published
    /// version never changes, and the matter row the caller holds says which one is current).
    public static func current(of matter: Matter, on database: any Database) async throws -> PublishedVersion {
        guard let version = try await current(of: [matter], on: database)[try matter.requireID()] else { throw StoreError.notFound }
        return version
    }

    /// The current version of each of `matters`, by matter id, with those not yet in memory read in one query.
    public static func current(of matters: [Matter], on database: any Database) async throws -> [UUID: PublishedVersion] {
        var found: [UUID: PublishedVersion] = [:]
        var missing: [UUID: Int] = [:]
        for matter in matters {
            let id = try matter.requireID()
            if let cached = DefinitionCache.shared.get(PublishedVersion.Key(matterID: id, number: matter.currentVersion)) {
                found[id] = cached
            } else {
                missing[id] = matter.currentVersion
            }
        }
        guard !missing.isEmpty else { return found }
        let rows = try await MatterVersion.query(on: database).filter(\.$matter.$id ~~ Array(missing.keys)).all()
        for row in rows where missing[row.$matter.id] == row.version {
            let version = try PublishedVersion(row)
            DefinitionCache.shared.put(version)
            found[version.matterID] = version
        }
        return found
    }

    public static func versions(of matter: Matter, on database: any Database) async throws -> [MatterVersion] {
        try await MatterVersion.query(on: database).filter(\.$matter.$id == matter.requireID()).sort(\.$version, .descending).all()
    }
}
