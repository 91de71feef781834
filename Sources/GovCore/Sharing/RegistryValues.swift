import Foundation

extension RegistryKind {
    /// The fields a registry serves through the exchange, in catalog order: the names resources and grants use.
    public var fieldNames: [String] {
        switch self {
        case .legalEntity:
            ["uscc", "name", "kind", "legal_representative", "established_on", "address", "status", "business_scope", "registered_capital"]
        case .population:
            ["id_number", "name", "sex", "birth_date", "household_address", "phone"]
        case .geospatial:
            ["code", "name", "parent_code", "level", "longitude", "latitude"]
        }
    }

    /// Where a resource's records come from when a base registry serves it (`registry:legal_entity`).
    public var sourceName: String { "registry:" + rawValue }

    public init?(sourceName: String) {
        guard sourceName.hasPrefix("registry:") else { return nil }
        self.init(rawValue: String(sourceName.dropFirst("registry:".count)))
    }
}

extension RegistryRow {
    /// What people call the entry: a name in every registry.
    public var name: String {
        switch self {
        case let .legalEntity(row): row.name
        case let .population(row): row.name
        case let .geospatial(row): row.name
        }
    }

    /// The row as the exchange serves it, keyed by ``RegistryKind/fieldNames``; absent values are left out.
    public var values: [String: String] {
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String?) { if let value, !value.isEmpty { values[name] = value } }
        switch self {
        case let .legalEntity(row):
            set("uscc", row.creditCode.value)
            set("name", row.name)
            set("kind", row.kind.title(in: .zhHans))
            set("legal_representative", row.legalRepresentative)
            set("established_on", row.establishedOn?.description)
            set("address", row.address)
            set("status", row.status.title(in: .zhHans))
            set("business_scope", row.businessScope)
            set("registered_capital", row.registeredCapital.map { "\($0)" })
        case let .population(row):
            set("id_number", row.idNumber.value)
            set("name", row.name)
            set("sex", row.isMale ? "男" : "女")
            set("birth_date", row.birthDate.description)
            set("household_address", row.householdAddress)
            set("phone", row.phone)
        case let .geospatial(row):
            set("code", row.code)
            set("name", row.name)
            set("parent_code", row.parentCode)
            set("level", row.level.rawValue)
            set("longitude", row.coordinate.map { String($0.longitude) })
            set("latitude", row.coordinate.map { String($0.latitude) })
        }
        return values
    }
}
