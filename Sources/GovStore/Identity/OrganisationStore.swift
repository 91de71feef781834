import FluentKit
import Foundation
import GovCore

public enum OrganisationStore {
    /// The whole tree in display order (parents before children, siblings by sort order then name).
    public static func tree(on database: any Database) async throws -> [OrganisationUnit] {
        let all = try await OrganisationUnit.query(on: database).all()
        let byParent = Dictionary(grouping: all, by: { $0.$parent.id })
        var ordered: [OrganisationUnit] = []
        func visit(_ parent: UUID?) {
            let children = (byParent[parent] ?? []).sorted { ($0.sortOrder, $0.nameZh) < ($1.sortOrder, $1.nameZh) }
            for child in children {
                ordered.append(child)
                visit(child.id)
            }
        }
        visit(nil)
        return ordered
    }

    // MARK: Reading units

    /// Units of the given kinds (all when nil), by path: parents before their children.
    public static func units(kinds: Set<OrganisationKind>? = nil, on database: any Database) async throws -> [UnitSummary] {
        let query = OrganisationUnit.query(on: database).sort(\.$path)
        if let kinds { query.filter(\.$kind ~~ Array(kinds)) }
        return try await query.all().map(\.summary)
    }

    /// Units of the given kinds in the order the catalogue shows them (sort order, then name).
    public static func unitsInDisplayOrder(kinds: Set<OrganisationKind>? = nil, on database: any Database) async throws -> [UnitSummary] {
        let query = OrganisationUnit.query(on: database).sort(\.$sortOrder).sort(\.$nameZh)
        if let kinds { query.filter(\.$kind ~~ Array(kinds)) }
        return try await query.all().map(\.summary)
    }

    public static func unit(id: UUID, on database: any Database) async throws -> UnitSummary? {
        try await OrganisationUnit.find(id, on: database)?.summary
    }

    public static func units(ids: [UUID], on database: any Database) async throws -> [UnitSummary] {
        guard !ids.isEmpty else { return [] }
        return try await OrganisationUnit.query(on: database).filter(\.$id ~~ ids).all().map(\.summary)
    }

    public static func units(paths: [String], on database: any Database) async throws -> [UnitSummary] {
        guard !paths.isEmpty else { return [] }
        return try await OrganisationUnit.query(on: database).filter(\.$path ~~ paths).all().map(\.summary)
    }

    public static func unit(code: String, on database: any Database) async throws -> UnitSummary? {
        try await OrganisationUnit.query(on: database).filter(\.$code == code).first()?.summary
    }

    /// The top of the tree (the installation's own region).
    public static func root(on database: any Database) async throws -> UnitSummary? {
        try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).sort(\.$sortOrder).first()?.summary
    }

    /// Every unit's name in `language`, by id: what pages print beside a unit's records.
    public static func names(_ language: Language, on database: any Database) async throws -> [UUID: String] {
        Dictionary(
            try await OrganisationUnit.query(on: database).all().compactMap { unit in unit.id.map { ($0, unit.name(in: language)) } },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// The service centre that receives applications (one per installation in the demo; the first one found), or
    /// else the top of the tree.
    public static func intakeCentrePath(on database: any Database) async throws -> String {
        if let centre = try await OrganisationUnit.query(on: database).filter(\.$kind == .serviceCentre).sort(\.$sortOrder).first() {
            return centre.path
        }
        return try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).first()?.path ?? "/"
    }

    public static func count(on database: any Database) async throws -> Int {
        try await OrganisationUnit.query(on: database).count()
    }

    /// The 行政区划代码 of the installation's top region: the first six digits of every tracking number.
    public static func rootRegionCode(on database: any Database) async throws -> String {
        let root = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).filter(\.$kind == .region).first()
        return root.map { String($0.code.prefix(6)) } ?? "000000"
    }

    public struct NewUnit: Sendable {
        public var parentID: UUID?
        public var kind: OrganisationKind
        public var regionLevel: RegionLevel?
        public var code: String
        public var nameZh: String
        public var nameEn: String
        public var sortOrder: Int

        public init(parentID: UUID?, kind: OrganisationKind, regionLevel: RegionLevel?, code: String, nameZh: String, nameEn: String, sortOrder: Int = 0) {
            self.parentID = parentID
            self.kind = kind
            self.regionLevel = regionLevel
            self.code = code
            self.nameZh = nameZh
            self.nameEn = nameEn
            self.sortOrder = sortOrder
        }
    }

    public static func create(_ new: NewUnit, by actor: AuditActor, now: Date, on database: any Database) async throws -> OrganisationUnit {
        let parent: OrganisationUnit?
        if let parentID = new.parentID {
            guard let found = try await OrganisationUnit.find(parentID, on: database) else { throw StoreError.notFound }
            parent = found
        } else {
            parent = nil
        }
        try OrganisationRules.validatePlacement(
            kind: new.kind, level: new.regionLevel, parentKind: parent?.kind, parentLevel: parent?.regionLevel
        )
        let unit = OrganisationUnit(
            parentPath: parent?.path, parentID: parent?.id, kind: new.kind, regionLevel: new.regionLevel,
            code: new.code, nameZh: new.nameZh, nameEn: new.nameEn, sortOrder: new.sortOrder
        )
        try await unit.create(on: database)
        var unitActor = actor
        if unitActor.unitPath == nil { unitActor.unitPath = unit.path }
        try await AuditLog.append(
            AuditEvent(
                action: "organisation.create", objectType: "organisation_unit", objectID: unit.id!.uuidString.lowercased(),
                summary: "created \(new.kind.rawValue) \(new.nameZh) (\(new.code))" + (parent.map { " under \($0.nameZh)" } ?? "")
            ),
            by: unitActor, at: now, on: database
        )
        return unit
    }
}
