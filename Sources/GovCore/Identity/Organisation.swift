import Foundation

/// What an organisation unit is: a region of the administrative hierarchy, a department under a region,
/// a service centre (政务服务中心) or one of its windows (窗口).
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case region, department
    case serviceCentre = "service_centre"
    case window

    /// Which kinds may sit directly under a unit of this kind.
    public var allowedChildren: Set<OrganisationKind> {
        switch self {
        case .region: [.region, .department, .serviceCentre]
        case .department: [.department, .serviceCentre]
        case .serviceCentre: [.window]
        case .window: []
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.region, .zhHans): "行政区划"
        case (.region, .en): "Region"
        case (.department, .zhHans): "部门"
        case (.department, .en): "Department"
        case (.serviceCentre, .zhHans): "政务服务中心"
        case (.serviceCentre, .en): "Service centre"
        case (.window, .zhHans): "窗口"
        case (.window, .en): "Window"
        }
    }
}

/// 省 / 市 / 区县 / 乡镇街道: the four levels a region can have.
public enum RegionLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case province, city, county, township

    private var depth: Int {
        switch self {
        case .province: 0
        case .city: 1
        case .county: 2
        case .township: 3
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.province, .zhHans): "省"
        case (.province, .en): "Province"
        case (.city, .zhHans): "市"
        case (.city, .en): "City"
        case (.county, .zhHans): "区县"
        case (.county, .en): "District / county"
        case (.township, .zhHans): "乡镇街道"
        case (.township, .en): "Township / subdistrict"
        }
    }
}

/// Checks that a unit may be placed under a parent: the kinds must nest, and a region must sit one level
/// below its parent region.
public enum OrganisationRules {
    public static func validatePlacement(
        kind: OrganisationKind, level: RegionLevel?, parentKind: OrganisationKind?, parentLevel: RegionLevel?
    ) throws(OrganisationError) {
        if kind == .region, level == nil { throw .regionNeedsLevel }
        if kind != .region, level != nil { throw .levelOnlyForRegions }
        guard let parentKind else {
            if kind == .region { return }
            throw .needsParent
        }
        guard parentKind.allowedChildren.contains(kind) else { throw .cannotNest(child: kind, parent: parentKind) }
        if kind == .region, let level, let parentLevel, level <= parentLevel {
            throw .levelNotBelowParent
        }
    }
}

public enum OrganisationError: LocalizedFailure, Equatable {
    case regionNeedsLevel, levelOnlyForRegions, needsParent, levelNotBelowParent
    case cannotNest(child: OrganisationKind, parent: OrganisationKind)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.regionNeedsLevel, .zhHans): "行政区划必须选择层级（省、市、区县或乡镇街道）"
        case (.regionNeedsLevel, .en): "A region needs a level (province, city, district or township)"
        case (.levelOnlyForRegions, .zhHans): "只有行政区划才有层级"
        case (.levelOnlyForRegions, .en): "Only regions have a level"
        case (.needsParent, .zhHans): "部门、服务中心和窗口必须有上级单位"
        case (.needsParent, .en): "Departments, service centres and windows need a parent unit"
        case (.levelNotBelowParent, .zhHans): "下级行政区划的层级必须低于上级"
        case (.levelNotBelowParent, .en): "A region must be at a lower level than its parent"
        case let (.cannotNest(child, parent), .zhHans): "\(parent.title(in: .zhHans))下不能设立\(child.title(in: .zhHans))"
        case let (.cannotNest(child, parent), .en): "A \(child.title(in: .en).lowercased()) cannot be placed under a \(parent.title(in: .en).lowercased())"
        }
    }
}

/// A unit of the organisation tree as pages and rules see it: who it is and where it sits.
public struct UnitSummary: Sendable, Hashable {
    public var id: UUID
    public var parentID: UUID?
    public var kind: OrganisationKind
    public var regionLevel: RegionLevel?
    /// 行政区划代码 for regions, 统一社会信用代码 for departments, a local code for centres and windows.
    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// `/<root id>/…/<own id>/`: subtree membership is a prefix test.
    public var path: String
    public var sortOrder: Int

    public init(
        id: UUID, parentID: UUID?, kind: OrganisationKind, regionLevel: RegionLevel?, code: String, nameZh: String,
        nameEn: String, path: String, sortOrder: Int
    ) {
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.regionLevel = regionLevel
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.path = path
        self.sortOrder = sortOrder
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
    public var depth: Int { path.split(separator: "/").count - 1 }
}

/// An account as pages see it: who signed in and how to reach them, never the password hash.
public struct AccountProfile: Sendable, Hashable {
    public var id: UUID
    public var kind: AccountKind
    public var username: String
    public var displayName: String
    /// 居民身份证号 (citizens).
    public var residentID: String?
    /// 统一社会信用代码 (enterprises).
    public var creditCode: String?
    public var phone: String?
    public var email: String?
    public var unitID: UUID?
    public var isActive: Bool

    public init(
        id: UUID, kind: AccountKind, username: String, displayName: String, residentID: String?, creditCode: String?,
        phone: String?, email: String?, unitID: UUID?, isActive: Bool
    ) {
        self.id = id
        self.kind = kind
        self.username = username
        self.displayName = displayName
        self.residentID = residentID
        self.creditCode = creditCode
        self.phone = phone
        self.email = email
        self.unitID = unitID
        self.isActive = isActive
    }

    /// The applicant's own identifier: 居民身份证号 for a citizen, 统一社会信用代码 for an enterprise.
    public var identifier: String? { kind == .enterprise ? creditCode : residentID }
}
