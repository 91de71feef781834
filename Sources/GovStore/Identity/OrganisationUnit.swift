import FluentKit
import Foundation
import GovCore

/// A node of the organisation tree: a region, a department, a service centre or a window.
public final class OrganisationUnit: Model, @unchecked Sendable {
    public static let schema = "organisation_units"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "parent_id") public var parent: OrganisationUnit?
    @Enum(key: "kind") public var kind: OrganisationKind
    @OptionalEnum(key: "region_level") public var regionLevel: RegionLevel?
    /// 行政区划代码 for regions, 统一社会信用代码 for departments, a local code for centres and windows.
    @Field(key: "code") public var code: String
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    /// `/<root id>/…/<own id>/`: subtree membership is a prefix test, in SQL and in GovCore.
    @Field(key: "path") public var path: String
    @Field(key: "sort_order") public var sortOrder: Int
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public var properties: [any AnyProperty] {
        [
            $id, $parent, $kind, $regionLevel, $code, $nameZh, $nameEn, $path, $sortOrder, $version, $createdAt,
        ]
    }
    public init() {}

    public init(
        id: UUID = Effects.current.newID(), parentPath: String?, parentID: UUID?, kind: OrganisationKind, regionLevel: RegionLevel?,
        code: String, nameZh: String, nameEn: String, sortOrder: Int = 0
    ) {
        self.id = id
        self.$parent.id = parentID
        self.kind = kind
        self.regionLevel = regionLevel
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.path = (parentPath ?? "/") + id.uuidString.lowercased() + "/"
        self.sortOrder = sortOrder
        self.version = 1
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
    public var depth: Int { path.split(separator: "/").count - 1 }

    /// Only for a loaded unit (it has its id).
    public var summary: UnitSummary {
        UnitSummary(
            id: id!, parentID: $parent.id, kind: kind, regionLevel: regionLevel, code: code, nameZh: nameZh,
            nameEn: nameEn, path: path, sortOrder: sortOrder
        )
    }
}
