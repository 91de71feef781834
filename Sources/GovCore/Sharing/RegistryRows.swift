import Foundation

/// The three base registries (基础数据库) that departments load in bulk and then share.
public enum RegistryKind: String, CaseIterable, Codable, Sendable {
    /// 人口基础信息库: natural persons, keyed by 公民身份号码.
    case population
    /// 法人单位基础信息库: legal entities, keyed by 统一社会信用代码.
    case legalEntity = "legal_entity"
    /// 自然资源和空间地理基础信息库, here its administrative divisions and grids, keyed by code.
    case geospatial

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.population, .zhHans): "人口基础信息库"
        case (.population, .en): "Population registry"
        case (.legalEntity, .zhHans): "法人单位基础信息库"
        case (.legalEntity, .en): "Legal entity registry"
        case (.geospatial, .zhHans): "空间地理基础信息库（行政区划与网格）"
        case (.geospatial, .en): "Geospatial registry (divisions and grids)"
        }
    }

    /// The columns a file of this registry may have, in the order a template lists them.
    public var columns: [RegistryColumn] {
        switch self {
        case .legalEntity:
            [
                .init(.creditCode, required: true, names: ["统一社会信用代码", "社会信用代码", "信用代码", "unified social credit code", "credit code"]),
                .init(.name, required: true, names: ["名称", "企业名称", "单位名称", "机构名称", "主体名称"]),
                .init(.entityKind, required: false, names: ["主体类型", "机构类型", "单位类型", "entity kind", "type"]),
                .init(.legalRepresentative, required: true, names: ["法定代表人", "法定代表人(负责人)", "负责人", "representative"]),
                .init(.establishedOn, required: false, names: ["成立日期", "设立日期", "established", "establishment date"]),
                .init(.address, required: false, names: ["住所", "地址", "注册地址", "住所(经营场所)"]),
                .init(.status, required: false, names: ["登记状态", "经营状态"]),
                .init(.businessScope, required: false, names: ["经营范围", "业务范围", "scope"]),
                .init(.registeredCapital, required: false, names: ["注册资本", "注册资本(万元)", "capital"]),
            ]
        case .population:
            [
                .init(.idNumber, required: true, names: ["公民身份号码", "身份证号码", "身份证号", "resident id number"]),
                .init(.name, required: true, names: ["姓名"]),
                .init(.sex, required: false, names: ["性别", "gender"]),
                .init(.birthDate, required: false, names: ["出生日期", "date of birth"]),
                .init(.householdAddress, required: false, names: ["户籍地址", "户籍所在地", "户口所在地", "住址", "address"]),
                .init(.phone, required: false, names: ["联系电话", "电话", "手机号码", "mobile", "telephone"]),
            ]
        case .geospatial:
            [
                .init(.code, required: true, names: ["代码", "区划代码", "行政区划代码", "统计用区划代码", "网格代码", "网格编码"]),
                .init(.name, required: true, names: ["名称", "区划名称", "网格名称"]),
                .init(.parentCode, required: false, names: ["上级代码", "上级区划代码", "parent"]),
                .init(.level, required: false, names: ["层级", "级别"]),
                .init(.longitude, required: false, names: ["经度", "lng", "lon"]),
                .init(.latitude, required: false, names: ["纬度", "lat"]),
            ]
        }
    }
}

/// A column of a registry file. The raw value is its English header name.
public enum RegistryField: String, CaseIterable, Codable, Sendable {
    case creditCode = "uscc"
    case name
    case entityKind = "kind"
    case legalRepresentative = "legal_representative"
    case establishedOn = "established_on"
    case address
    case status
    case businessScope = "business_scope"
    case registeredCapital = "registered_capital"
    case idNumber = "id_number"
    case sex
    case birthDate = "birth_date"
    case householdAddress = "household_address"
    case phone
    case code
    case parentCode = "parent_code"
    case level
    case longitude
    case latitude
}

/// How a column may be headed in a file: its Chinese name first, then other names people use. The English
/// name (`field.rawValue`) is always accepted too. Matching ignores case, white space, `_` and `-`, and reads
/// full-width parentheses as ASCII ones, so `Legal Representative`, `legal_representative` and
/// `法定代表人（负责人）` all match.
public struct RegistryColumn: Sendable, Equatable {
    public let field: RegistryField
    /// A file without this column is refused before any row is read.
    public let isRequired: Bool
    /// Accepted header names; the first is the Chinese name shown in messages and templates.
    public let names: [String]

    init(_ field: RegistryField, required: Bool, names: [String]) {
        self.field = field
        self.isRequired = required
        self.names = names + [field.rawValue]
    }

    public var chineseName: String { names[0] }

    /// "统一社会信用代码 (uscc)": both names, for messages about a missing column.
    public func title(in language: Language) -> String {
        switch language {
        case .zhHans: "\(chineseName)（\(field.rawValue)）"
        case .en: "\(field.rawValue) (\(chineseName))"
        }
    }

    /// The header name as compared.
    static func normalised(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.lowercased().unicodeScalars where !RegistryCSVReader.isWhitespace(scalar) && scalar != "_" && scalar != "-" {
            switch scalar {
            case "（": scalars.append("(")
            case "）": scalars.append(")")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

// MARK: - Values

/// 主体类型. When a file leaves it out, it follows from the credit code's 登记管理部门代码 (GB 32100-2015).
public enum LegalEntityKind: String, CaseIterable, Codable, Sendable {
    case enterprise, institution
    case socialOrganisation = "social_organisation"
    case other

    /// 9 工商 registers enterprises, 1 机构编制 institutions (and organs), 5 民政 social organisations.
    public init(registrationAuthority: Character) {
        switch registrationAuthority {
        case "9": self = .enterprise
        case "1": self = .institution
        case "5": self = .socialOrganisation
        default: self = .other
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.enterprise, .zhHans): "企业"
        case (.enterprise, .en): "enterprise"
        case (.institution, .zhHans): "事业单位"
        case (.institution, .en): "institution"
        case (.socialOrganisation, .zhHans): "社会组织"
        case (.socialOrganisation, .en): "social organisation"
        case (.other, .zhHans): "其他"
        case (.other, .en): "other"
        }
    }

    static let spellings = RegistryChoice.table([
        (LegalEntityKind.enterprise, ["企业", "公司"]),
        (.institution, ["事业单位"]),
        (.socialOrganisation, ["社会组织", "社会团体", "民办非企业单位", "基金会", "社会服务机构", "social organization"]),
        (.other, ["其他"]),
    ]) { $0.title(in: $1) }
}

/// 登记状态.
public enum LegalEntityStatus: String, CaseIterable, Codable, Sendable {
    /// 存续 (在营、开业、在册).
    case active
    /// 吊销: the licence revoked, the entity not yet deregistered.
    case revoked
    /// 注销.
    case cancelled
    /// 迁出: moved to another registration authority.
    case moved

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.active, .zhHans): "存续"
        case (.active, .en): "active"
        case (.revoked, .zhHans): "吊销"
        case (.revoked, .en): "revoked"
        case (.cancelled, .zhHans): "注销"
        case (.cancelled, .en): "cancelled"
        case (.moved, .zhHans): "迁出"
        case (.moved, .en): "moved"
        }
    }

    /// Includes the wording of the National Enterprise Credit Information Publicity System.
    static let spellings = RegistryChoice.table([
        (LegalEntityStatus.active, ["存续", "在业", "在营", "开业", "在册", "存续(在营、开业、在册)"]),
        (.revoked, ["吊销", "吊销，未注销", "吊销未注销"]),
        (.cancelled, ["注销", "canceled"]),
        (.moved, ["迁出", "moved out"]),
    ]) { $0.title(in: $1) }
}

/// 层级 of a division or grid, from the top.
public enum GeospatialLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case province, prefecture, county, township, village, grid

    public static func < (lhs: GeospatialLevel, rhs: GeospatialLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.province, .zhHans): "省级"
        case (.province, .en): "province"
        case (.prefecture, .zhHans): "地级"
        case (.prefecture, .en): "prefecture"
        case (.county, .zhHans): "县级"
        case (.county, .en): "county"
        case (.township, .zhHans): "乡级"
        case (.township, .en): "township"
        case (.village, .zhHans): "村级"
        case (.village, .en): "village"
        case (.grid, .zhHans): "网格"
        case (.grid, .en): "grid"
        }
    }

    static let spellings = RegistryChoice.table([
        (GeospatialLevel.province, ["省级", "省", "province"]),
        (.prefecture, ["地级", "市", "地市", "市级", "city"]),
        (.county, ["县级", "县", "区县", "district"]),
        (.township, ["乡级", "乡镇", "乡镇街道", "街道", "town", "subdistrict"]),
        (.village, ["村级", "村", "社区", "村(社区)", "村居", "community"]),
        (.grid, ["网格"]),
    ]) { $0.title(in: $1) }
}

/// Longitude and latitude in decimal degrees (WGS 84 or GCJ-02, as the source keeps them).
public struct GeoCoordinate: Hashable, Sendable, Codable {
    public let longitude: Double
    public let latitude: Double

    /// China's bounding box, with a little margin: 73°33′E–135°05′E, 3°51′N (曾母暗沙)–53°33′N.
    public static let longitudes: ClosedRange<Double> = 73...136
    public static let latitudes: ClosedRange<Double> = 3...54
}

// MARK: - Rows

/// A validated row of the legal entity registry.
public struct LegalEntityRow: Hashable, Sendable {
    public let creditCode: UnifiedSocialCreditCode
    public let name: String
    /// As the file gives it, else derived from the credit code.
    public let kind: LegalEntityKind
    public let legalRepresentative: String
    public let establishedOn: CivilDate?
    public let address: String?
    /// `.active` when the file leaves it blank.
    public let status: LegalEntityStatus
    public let businessScope: String?
    /// 注册资本 in 分 (0.01 yuan): exact, since the file gives it in 万元 with at most six decimals.
    public let registeredCapitalFen: Int?

    /// 注册资本 in 万元 (ten thousand yuan), as registered.
    public var registeredCapital: Decimal? {
        registeredCapitalFen.map { Decimal(sign: .plus, exponent: -6, significand: Decimal($0)) }
    }
}

/// A validated row of the population registry. Sex and birth date are those of the number, which a file's
/// 性别 and 出生日期 columns must agree with.
public struct PopulationRow: Hashable, Sendable {
    public let idNumber: ResidentIdentityNumber
    public let name: String
    public let householdAddress: String?
    public let phone: String?

    public var isMale: Bool { idNumber.isMale }
    public var birthDate: CivilDate { idNumber.birthDate }
}

/// A validated row of the geospatial registry.
public struct GeospatialRow: Hashable, Sendable {
    /// The code as written (see ``GeospatialCode``).
    public let code: String
    public let name: String
    public let parentCode: String?
    /// As the code says; the file's 层级 column, when given, must agree.
    public let level: GeospatialLevel
    public let coordinate: GeoCoordinate?
}

/// A validated row of any registry.
public enum RegistryRow: Hashable, Sendable {
    case legalEntity(LegalEntityRow)
    case population(PopulationRow)
    case geospatial(GeospatialRow)

    public var kind: RegistryKind {
        switch self {
        case .legalEntity: .legalEntity
        case .population: .population
        case .geospatial: .geospatial
        }
    }

    /// The identifier the registry is keyed by: the uppercase credit code, the ID number (with `X`), or the code.
    public var key: String {
        switch self {
        case let .legalEntity(row): row.creditCode.value
        case let .population(row): row.idNumber.value
        case let .geospatial(row): row.code
        }
    }

    /// A number that changes when any stored value of the row changes, so a store can skip a row that a rerun
    /// brings unchanged. It is FNV-1a (64-bit) over the row's values in a fixed, unambiguous layout, so it is the
    /// same on every machine and run (unlike `hashValue`) and the same for values written differently
    /// (`2020/1/5` and `20200105`, `100` and `100.00`). It is not a defence against crafted collisions, which no
    /// one able to write the file needs.
    public var fingerprint: Int64 {
        var hash = Fingerprint()
        hash.add(kind.rawValue)
        switch self {
        case let .legalEntity(row):
            hash.add(row.creditCode.value)
            hash.add(row.name)
            hash.add(row.kind.rawValue)
            hash.add(row.legalRepresentative)
            hash.add(row.establishedOn.map { $0.year * 10_000 + $0.month * 100 + $0.day })
            hash.add(row.address)
            hash.add(row.status.rawValue)
            hash.add(row.businessScope)
            hash.add(row.registeredCapitalFen)
        case let .population(row):
            hash.add(row.idNumber.value)
            hash.add(row.name)
            hash.add(row.householdAddress)
            hash.add(row.phone)
        case let .geospatial(row):
            hash.add(row.code)
            hash.add(row.name)
            hash.add(row.parentCode)
            hash.add(row.level.rawValue)
            hash.add(row.coordinate.map { Int(truncatingIfNeeded: $0.longitude.bitPattern) })
            hash.add(row.coordinate.map { Int(truncatingIfNeeded: $0.latitude.bitPattern) })
        }
        return Int64(bitPattern: hash.state)
    }
}

/// FNV-1a, 64-bit. Each value is a tag byte (0 absent, 1 present), then a text's UTF-8 bytes and U+001F (which
/// validated values never contain) or an integer's eight bytes, so no two rows share a byte stream.
private struct Fingerprint {
    private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ text: String?) {
        mix(text == nil ? 0 : 1)
        guard let text else { return }
        for byte in text.utf8 { mix(byte) }
        mix(0x1F)
    }

    mutating func add(_ number: Int?) {
        mix(number == nil ? 0 : 1)
        guard let number else { return }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: number >> shift)) }
    }

    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}

// MARK: - Problems

/// What is wrong with one value of a row (or with the whole row, for `.unreadable`).
public enum RegistryProblem: LocalizedFailure, Equatable {
    case required
    case tooLong(max: Int)
    /// A line break, tab or other control character in a one-line value.
    case controlCharacter
    case identifier(IdentifierError)
    case invalidDate(String)
    case futureDate(today: CivilDate)
    /// Not one of the values the column allows.
    case notAChoice(String, RegistryField)
    case invalidAmount(String)
    case sexMismatch(numberSaysMale: Bool)
    case birthDateMismatch(number: CivilDate)
    case invalidPhone(String)
    case invalidGeospatialCode(String)
    case notAParent(code: String)
    case levelMismatch(codeSays: GeospatialLevel)
    case invalidCoordinate(String)
    case outsideChina(RegistryField)
    /// 经度 without 纬度 or the other way round.
    case coordinateWithoutPartner
    case duplicate(ofLine: Int)
    case unreadable(RegistryCSVProblem)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.required, .zhHans): "此项必填"
        case (.required, .en): "This value is required"
        case let (.tooLong(max), .zhHans): "不能超过 \(max) 个字符"
        case let (.tooLong(max), .en): "At most \(max) characters"
        case (.controlCharacter, .zhHans): "不能含换行符、制表符等控制字符"
        case (.controlCharacter, .en): "Must not contain line breaks, tabs or other control characters"
        case let (.identifier(error), _): error.message(in: language)
        case let (.invalidDate(text), .zhHans):
            "日期“\(text)”无效，应为真实日期，写作 2020-01-05、2020/1/5 或 20200105"
        case let (.invalidDate(text), .en):
            "“\(text)” is not a valid date; write a real date as 2020-01-05, 2020/1/5 or 20200105"
        case let (.futureDate(today), .zhHans): "不能晚于今天（\(today)）"
        case let (.futureDate(today), .en): "Must not be after today (\(today))"
        case let (.notAChoice(text, field), .zhHans):
            "“\(text)”不是可选值，应为\(Self.choices(of: field, in: language).joined(separator: "、"))之一"
        case let (.notAChoice(text, field), .en):
            "“\(text)” is not allowed; use one of: \(Self.choices(of: field, in: language).joined(separator: ", "))"
        case let (.invalidAmount(text), .zhHans):
            "“\(text)”不是有效金额，应为不小于 0 的数字（单位万元，最多 12 位整数、6 位小数），如 100 或 1,250.5"
        case let (.invalidAmount(text), .en):
            "“\(text)” is not a valid amount; write a number of 万元 (10,000 yuan), 0 or more, with at most 12 digits before the point and 6 after, e.g. 100 or 1,250.5"
        case let (.sexMismatch(male), .zhHans):
            "与公民身份号码不符：号码第 17 位为\(male ? "奇数，应为男" : "偶数，应为女")"
        case let (.sexMismatch(male), .en):
            "Does not match the ID number: its 17th digit is \(male ? "odd, so male" : "even, so female")"
        case let (.birthDateMismatch(date), .zhHans): "与公民身份号码中的出生日期 \(date) 不符"
        case let (.birthDateMismatch(date), .en): "Does not match the birth date \(date) in the ID number"
        case let (.invalidPhone(text), .zhHans):
            "“\(text)”不是有效电话号码，应为 11 位手机号（1 开头）或固定电话（如 0571-88886666）"
        case let (.invalidPhone(text), .en):
            "“\(text)” is not a valid phone number; give an 11-digit mobile number starting with 1, or a landline such as 0571-88886666"
        case let (.invalidGeospatialCode(text), .zhHans):
            "代码“\(text)”无效：应为 6 位行政区划代码、9 位乡级代码、12 位统计用区划代码，或在其后加 1–6 位的网格代码（总长不为 9、12 位）"
        case let (.invalidGeospatialCode(text), .en):
            "“\(text)” is not a valid code: use a 6-digit division code, a 9-digit township code, a 12-digit statistical code, or one of these followed by 1–6 digits for a grid (not 9 or 12 digits in all)"
        case let (.notAParent(code), .zhHans): "不是代码 \(code) 的上级"
        case let (.notAParent(code), .en): "Is not a parent of the code \(code)"
        case let (.levelMismatch(level), .zhHans): "与代码不符：代码表示\(level.title(in: language))"
        case let (.levelMismatch(level), .en): "Does not match the code, which is at \(level.title(in: language)) level"
        case let (.invalidCoordinate(text), .zhHans): "“\(text)”不是有效坐标，应为十进制度数，如 120.1551"
        case let (.invalidCoordinate(text), .en): "“\(text)” is not a valid coordinate; write decimal degrees, e.g. 120.1551"
        case let (.outsideChina(field), .zhHans):
            field == .longitude ? "经度应在东经 73°–136° 之间" : "纬度应在北纬 3°–54° 之间"
        case let (.outsideChina(field), .en):
            field == .longitude ? "The longitude must lie between 73° and 136° east" : "The latitude must lie between 3° and 54° north"
        case (.coordinateWithoutPartner, .zhHans): "经度和纬度须同时填写或同时留空"
        case (.coordinateWithoutPartner, .en): "Give both longitude and latitude, or neither"
        case let (.duplicate(line), .zhHans): "与第 \(line) 行重复"
        case let (.duplicate(line), .en): "Duplicates line \(line)"
        case let (.unreadable(problem), _): problem.message(in: language)
        }
    }

    private static func choices(of field: RegistryField, in language: Language) -> [String] {
        switch field {
        case .entityKind: LegalEntityKind.allCases.map { $0.title(in: language) }
        case .status: LegalEntityStatus.allCases.map { $0.title(in: language) }
        case .sex: language == .zhHans ? ["男", "女"] : ["male", "female"]
        case .level: GeospatialLevel.allCases.map { $0.title(in: language) }
        default: []
        }
    }
}

/// A problem and the column it is in, named as the file's header names it; nil when it concerns the whole row.
public struct RegistryFieldProblem: Sendable, Equatable {
    public let column: String?
    public let problem: RegistryProblem

    public init(column: String?, problem: RegistryProblem) {
        self.column = column
        self.problem = problem
    }
}

// MARK: - Validation

/// Lookup tables for the columns that take one of a few values, spelled in Chinese or English.
enum RegistryChoice {
    /// Every spelling, normalised like a header name, plus each value's titles and raw value.
    static func table<Value: RawRepresentable>(
        _ spellings: [(Value, [String])], title: (Value, Language) -> String
    ) -> [String: Value] where Value.RawValue == String {
        var table: [String: Value] = [:]
        for (value, names) in spellings {
            for name in names + [value.rawValue] + Language.allCases.map({ title(value, $0) }) {
                table[RegistryColumn.normalised(name)] = value
            }
        }
        return table
    }

    /// 男 or 女, in either language, or as GB/T 2261.1 codes them (1 男, 2 女): true for male.
    static func sex(_ text: String) -> Bool? {
        switch RegistryColumn.normalised(text) {
        case "男", "male", "m", "1": true
        case "女", "female", "f", "2": false
        default: nil
        }
    }
}

/// The values of one record, by field, and the problems found so far.
struct RegistryRowCheck {
    let fields: [String]
    let header: RegistryHeader
    /// Each problem with its column's index in the record, so they can be told left to right.
    private var found: [(index: Int, problem: RegistryFieldProblem)] = []
    /// The registry key, once its column has been read and found valid.
    var key: String?

    init(fields: [String], header: RegistryHeader) {
        self.fields = fields
        self.header = header
    }

    /// The trimmed value, or nil when the column is absent, blank, or beyond the end of a short record.
    func value(_ field: RegistryField) -> String? {
        guard let index = header.index(of: field), index < fields.count, !fields[index].isEmpty else { return nil }
        return fields[index]
    }

    mutating func fail(_ field: RegistryField, _ problem: RegistryProblem) {
        found.append((header.index(of: field) ?? .max, RegistryFieldProblem(column: header.name(of: field), problem: problem)))
    }

    /// In the order of the file's columns; two in one column in the order found.
    var problems: [RegistryFieldProblem] {
        found.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element.problem)
    }

    /// A text value that must be given: at most `max` characters, without control characters unless `multiline`
    /// (which allows line breaks and tabs).
    mutating func requiredText(_ field: RegistryField, max: Int, multiline: Bool = false) -> String? {
        guard value(field) != nil else {
            fail(field, .required)
            return nil
        }
        return optionalText(field, max: max, multiline: multiline)
    }

    mutating func optionalText(_ field: RegistryField, max: Int, multiline: Bool = false) -> String? {
        guard let text = value(field) else { return nil }
        // Every character has at least one byte, so a short enough text needs no counting.
        if text.utf8.count > max, text.count > max {
            fail(field, .tooLong(max: max))
            return nil
        }
        if RegistryValues.hasControlCharacter(text, allowingLineBreaks: multiline) {
            fail(field, .controlCharacter)
            return nil
        }
        return text
    }

    /// An optional value read by `parse`, which says what is wrong with a bad one.
    mutating func optional<T>(_ field: RegistryField, _ parse: (String) -> Result<T, RegistryProblem>) -> T? {
        guard let text = value(field) else { return nil }
        switch parse(text) {
        case let .success(value):
            return value
        case let .failure(problem):
            fail(field, problem)
            return nil
        }
    }

    /// A value that must be given, read by `parse`.
    mutating func required<T>(_ field: RegistryField, _ parse: (String) -> Result<T, RegistryProblem>) -> T? {
        guard value(field) != nil else {
            fail(field, .required)
            return nil
        }
        return optional(field, parse)
    }
}

extension RegistryRow {
    /// Checks one record against its registry's rules. The row comes back only when there is no problem; the
    /// key whenever the key column is valid, so that a bad row can still be told it repeats an earlier one.
    static func validate(_ fields: [String], header: RegistryHeader, today: CivilDate)
        -> (row: RegistryRow?, key: String?, problems: [RegistryFieldProblem]) {
        var check = RegistryRowCheck(fields: fields, header: header)
        let row: RegistryRow?
        switch header.kind {
        case .legalEntity: row = LegalEntityRow.validate(&check, today: today).map(RegistryRow.legalEntity)
        case .population: row = PopulationRow.validate(&check, today: today).map(RegistryRow.population)
        case .geospatial: row = GeospatialRow.validate(&check).map(RegistryRow.geospatial)
        }
        let problems = check.problems
        return (problems.isEmpty ? row : nil, check.key, problems)
    }
}

extension LegalEntityRow {
    static func validate(_ check: inout RegistryRowCheck, today: CivilDate) -> LegalEntityRow? {
        let code = check.required(.creditCode) { text in
            Result { () throws(IdentifierError) in try UnifiedSocialCreditCode(text) }.mapError(RegistryProblem.identifier)
        }
        check.key = code?.value
        let name = check.requiredText(.name, max: 200)
        let kind = check.optional(.entityKind) { RegistryValues.choice($0, .entityKind, LegalEntityKind.spellings) }
        let representative = check.requiredText(.legalRepresentative, max: 50)
        let established = check.optional(.establishedOn) { RegistryValues.pastDate($0, today: today) }
        let address = check.optionalText(.address, max: 300)
        let status = check.optional(.status) { RegistryValues.choice($0, .status, LegalEntityStatus.spellings) }
        let scope = check.optionalText(.businessScope, max: 2000, multiline: true)
        let capital = check.optional(.registeredCapital, RegistryValues.fen)
        guard let code, let name, let representative else { return nil }
        return LegalEntityRow(
            creditCode: code, name: name, kind: kind ?? LegalEntityKind(registrationAuthority: code.registrationAuthority),
            legalRepresentative: representative, establishedOn: established, address: address, status: status ?? .active,
            businessScope: scope, registeredCapitalFen: capital)
    }
}

extension PopulationRow {
    static func validate(_ check: inout RegistryRowCheck, today: CivilDate) -> PopulationRow? {
        let number = check.required(.idNumber) { text in
            Result { () throws(IdentifierError) in try ResidentIdentityNumber(text, today: today) }.mapError(RegistryProblem.identifier)
        }
        check.key = number?.value
        let name = check.requiredText(.name, max: 50)
        let male = check.optional(.sex) { RegistryValues.given(RegistryChoice.sex($0), else: .notAChoice($0, .sex)) }
        let born = check.optional(.birthDate) { RegistryValues.given(RegistryValues.date($0), else: .invalidDate($0)) }
        let address = check.optionalText(.householdAddress, max: 300)
        let phone = check.optional(.phone) { RegistryValues.isPhone($0) ? .success($0) : .failure(.invalidPhone($0)) }
        guard let number else { return nil }
        if let male, male != number.isMale { check.fail(.sex, .sexMismatch(numberSaysMale: number.isMale)) }
        if let born, born != number.birthDate { check.fail(.birthDate, .birthDateMismatch(number: number.birthDate)) }
        guard let name else { return nil }
        return PopulationRow(idNumber: number, name: name, householdAddress: address, phone: phone)
    }
}

extension GeospatialRow {
    static func validate(_ check: inout RegistryRowCheck) -> GeospatialRow? {
        let code = check.required(.code) { RegistryValues.given(GeospatialCode($0), else: .invalidGeospatialCode($0)) }
        check.key = code?.digits
        let name = check.requiredText(.name, max: 100)
        let parent = check.optional(.parentCode) { RegistryValues.given(GeospatialCode($0), else: .invalidGeospatialCode($0)) }
        let level = check.optional(.level) { RegistryValues.choice($0, .level, GeospatialLevel.spellings) }
        let longitude = check.optional(.longitude) { RegistryValues.degrees($0, .longitude, within: GeoCoordinate.longitudes) }
        let latitude = check.optional(.latitude) { RegistryValues.degrees($0, .latitude, within: GeoCoordinate.latitudes) }
        // Presence pairs them: a bad value is reported above and still counts as given.
        switch (check.value(.longitude), check.value(.latitude)) {
        case (.some, nil): check.fail(.longitude, .coordinateWithoutPartner)
        case (nil, .some): check.fail(.latitude, .coordinateWithoutPartner)
        default: break
        }
        guard let code else { return nil }
        if let parent, !parent.isParent(of: code) { check.fail(.parentCode, .notAParent(code: code.digits)) }
        if let level, level != code.level { check.fail(.level, .levelMismatch(codeSays: code.level)) }
        guard let name else { return nil }
        return GeospatialRow(
            code: code.digits, name: name, parentCode: parent?.digits, level: code.level,
            coordinate: longitude.flatMap { longitude in latitude.map { GeoCoordinate(longitude: longitude, latitude: $0) } })
    }
}

/// A code of the geospatial registry. Its length says what it is:
///
/// - 6 digits, GB/T 2260: `SS0000` a province, `SSPP00` a prefecture, `SSPPCC` a county;
/// - 9 digits: a township (乡级), a prefecture or county code and 3 more, not `000` (a prefecture for the towns of
///   cities without counties, such as 东莞 441900);
/// - 12 digits, 统计用区划代码: a village (村级), a township code and 3 more; or, padded with zeros as the
///   statistical codes of higher levels are, a township (`…000`) or a 6-digit division (`…000000`);
/// - any other length from 7 to 18: a grid (网格), numbered under the longest 6-, 9- or 12-digit division code it
///   begins with (1–2 more digits after 6 or 9, 1–6 after 12).
///
/// So a grid numbered with exactly three digits under a township reads as a village; such grids must be
/// numbered with one, two, or four or more digits.
struct GeospatialCode {
    let digits: String
    let level: GeospatialLevel
    /// How many leading digits identify it; the rest are zero padding. A code descends from it when it starts
    /// with these.
    let significantLength: Int

    /// Province-level codes of GB/T 2260, as in ``ResidentIdentityNumber``.
    private static let provinceCodes: Set<Int> = Set(
        [11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71...71, 81...82].joined())

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (6...18).contains(bytes.count), bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              case let (level, significant)? = Self.classify(bytes[...])
        else { return nil }
        digits = text
        self.level = level
        significantLength = significant
    }

    func isParent(of code: GeospatialCode) -> Bool {
        level != .grid && level < code.level && code.digits.utf8.starts(with: digits.utf8.prefix(significantLength))
    }

    private static func classify(_ digits: ArraySlice<UInt8>) -> (GeospatialLevel, Int)? {
        let start = digits.startIndex
        func allZero(_ range: Range<Int>) -> Bool { digits[(start + range.lowerBound)..<(start + range.upperBound)].allSatisfy { $0 == 48 } }
        switch digits.count {
        case 6:
            let province = Int(digits[start] - 48) * 10 + Int(digits[start + 1] - 48)
            guard provinceCodes.contains(province) else { return nil }
            switch (allZero(2..<4), allZero(4..<6)) {
            case (true, true): return (.province, 2)
            case (true, false): return nil
            case (false, true): return (.prefecture, 4)
            case (false, false): return (.county, 6)
            }
        case 9:
            guard !allZero(6..<9), case let (above, _)? = classify(digits.prefix(6)), above != .province else { return nil }
            return (.township, 9)
        case 12:
            if allZero(6..<12) { return classify(digits.prefix(6)) }
            if allZero(9..<12) { return classify(digits.prefix(9)) }
            guard case let (above, _)? = classify(digits.prefix(9)), above == .township else { return nil }
            return (.village, 12)
        default:
            let parentLength = digits.count < 9 ? 6 : digits.count < 12 ? 9 : 12
            guard classify(digits.prefix(parentLength)) != nil else { return nil }
            return (.grid, digits.count)
        }
    }
}

/// Readers for the values of registry files, which come from spreadsheets as often as from systems.
enum RegistryValues {
    static func given<T>(_ value: T?, else problem: RegistryProblem) -> Result<T, RegistryProblem> {
        value.map { .success($0) } ?? .failure(problem)
    }

    /// C0 and C1 control characters and DEL, found on the UTF-8 bytes (C1 is `C2 80`–`C2 9F`); line breaks and
    /// tabs are let through when `allowingLineBreaks`.
    static func hasControlCharacter(_ text: String, allowingLineBreaks: Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { hasControlCharacter($0, allowingLineBreaks: allowingLineBreaks) }
            ?? hasControlCharacter(Array(text.utf8), allowingLineBreaks: allowingLineBreaks)
    }

    private static func hasControlCharacter(_ bytes: some Sequence<UInt8>, allowingLineBreaks: Bool) -> Bool {
        var afterC2 = false
        for byte in bytes {
            if byte < 0x20 {
                guard allowingLineBreaks, byte == 0x0A || byte == 0x0D || byte == 0x09 else { return true }
            } else if byte == 0x7F || (afterC2 && byte <= 0x9F) {
                return true
            }
            afterC2 = byte == 0xC2
        }
        return false
    }

    /// The text looked up as it is first, as most files write one of the spellings exactly.
    static func choice<Value>(_ text: String, _ field: RegistryField, _ table: [String: Value]) -> Result<Value, RegistryProblem> {
        given(table[text] ?? table[RegistryColumn.normalised(text)], else: .notAChoice(text, field))
    }

    /// `yyyy-MM-dd`, `yyyy/MM/dd` (month and day with or without a leading zero, as Excel writes dates on
    /// Chinese Windows) or `yyyyMMdd`.
    static func date(_ text: String) -> CivilDate? {
        let bytes = Array(text.utf8)
        func number(_ part: ArraySlice<UInt8>, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(part.count), part.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return part.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let separator = bytes.first { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
        guard let separator else {
            guard bytes.count == 8, let year = number(bytes[0..<4], digits: 4...4), let month = number(bytes[4..<6], digits: 2...2),
                  let day = number(bytes[6..<8], digits: 2...2)
            else { return nil }
            return CivilDate(year: year, month: month, day: day)
        }
        let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, let year = number(parts[0], digits: 4...4), let month = number(parts[1], digits: 1...2),
              let day = number(parts[2], digits: 1...2)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    static func pastDate(_ text: String, today: CivilDate) -> Result<CivilDate, RegistryProblem> {
        guard let date = date(text) else { return .failure(.invalidDate(text)) }
        return date <= today ? .success(date) : .failure(.futureDate(today: today))
    }

    /// An amount of 万元 as 分: at most 12 whole digits and 6 decimals, with optional thousands separators as
    /// Excel writes them (`1,250.5`; groups of three); never negative.
    static func fen(_ text: String) -> Result<Int, RegistryProblem> {
        var whole = 0, wholeDigits = 0, fraction = 0, fractionDigits = 0
        var inFraction = false, grouped = false
        // Digits since the last separator, to check the groups.
        var group = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9") where inFraction:
                guard fractionDigits < 6 else { return .failure(.invalidAmount(text)) }
                fraction = fraction * 10 + Int(byte - UInt8(ascii: "0"))
                fractionDigits += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard wholeDigits < 12 else { return .failure(.invalidAmount(text)) }
                whole = whole * 10 + Int(byte - UInt8(ascii: "0"))
                wholeDigits += 1
                group += 1
            case UInt8(ascii: ",") where !inFraction && (grouped ? group == 3 : (1...3).contains(group)):
                grouped = true
                group = 0
            case UInt8(ascii: ".") where !inFraction && wholeDigits > 0 && (!grouped || group == 3):
                inFraction = true
            default:
                return .failure(.invalidAmount(text))
            }
        }
        guard wholeDigits > 0, inFraction ? fractionDigits > 0 : (!grouped || group == 3) else { return .failure(.invalidAmount(text)) }
        for _ in fractionDigits..<6 { fraction *= 10 }
        return .success(whole * 1_000_000 + fraction)
    }

    /// An 11-digit mobile number starting with 1, or a landline: a 7–8 digit number, optionally after a 3–4 digit
    /// area code starting with 0 and an optional hyphen.
    static func isPhone(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        let parts = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else { return false }
        let isAreaCode: (ArraySlice<UInt8>) -> Bool = { $0.first == UInt8(ascii: "0") && (3...4).contains($0.count) }
        switch parts.count {
        case 1:
            let digits = parts[0]
            if digits.first == UInt8(ascii: "1") { return digits.count == 11 }
            if digits.first == UInt8(ascii: "0") { return (10...12).contains(digits.count) }
            return (7...8).contains(digits.count)
        case 2:
            return isAreaCode(parts[0]) && (7...8).contains(parts[1].count) && parts[1].first != UInt8(ascii: "0")
        default:
            return false
        }
    }

    /// Decimal degrees: digits with an optional fraction, no sign or exponent (China is east and north).
    static func degrees(_ text: String, _ field: RegistryField, within range: ClosedRange<Double>) -> Result<Double, RegistryProblem> {
        let bytes = Array(text.utf8)
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...3).contains(parts[0].count), parts.count == 1 || (1...12).contains(parts[1].count),
              bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }), let value = Double(text)
        else { return .failure(.invalidCoordinate(text)) }
        return range.contains(value) ? .success(value) : .failure(.outsideChina(field))
    }
}
