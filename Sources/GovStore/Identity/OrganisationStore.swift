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
