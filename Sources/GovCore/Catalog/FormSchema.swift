import Foundation

/// The application form of one matter: a list of fields, stored as JSON with the matter and checked here.
///
/// The form asks only for what the matter's 申请材料 need (《行政许可法》 Art. 31: an applicant is not asked for
/// material unrelated to the matter applied for), so the schema is kept per matter and small. Every value comes in
/// as text, as from an HTML form; ``validate(_:today:)`` returns the normalised values or one problem per field,
/// all at once (Art. 32: corrections are told once, in full).
public struct FormSchema: Sendable, Codable, Hashable {
    public var fields: [FormField]

    public init(fields: [FormField]) {
        self.fields = fields
    }

    /// Checks a submitted form. Keys not in the schema are dropped; optional fields left blank are omitted from
    /// the result. Values are normalised: trimmed, numbers in plain decimal, dates as `yyyy-MM-dd`, addresses with
    /// their whitespace collapsed.
    public func validate(_ input: [String: String], today: CivilDate) -> Result<[String: String], FieldErrors> {
        var errors = FieldErrors()
        var output: [String: String] = [:]
        for field in fields {
            let trimmed = (input[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if field.required { errors.add(field.name, FormProblem.required) }
                continue
            }
            switch field.type.normalise(trimmed, today: today) {
            case let .success(value): output[field.name] = value
            case let .failure(problem): errors.add(field.name, problem)
            }
        }
        return errors.isEmpty ? .success(output) : .failure(errors)
    }

    /// Checks the schema itself, as an administrator saves it: field names are unique ASCII identifiers, labels
    /// are present, limits make sense and choices have unique options.
    public func validateDefinition() throws(FormDefinitionError) {
        var seen = Set<String>()
        for field in fields {
            guard FormField.isIdentifier(field.name) else { throw .badName(field.name) }
            guard seen.insert(field.name).inserted else { throw .duplicateName(field.name) }
            guard !field.labelZh.trimmingCharacters(in: .whitespaces).isEmpty,
                  !field.labelEn.trimmingCharacters(in: .whitespaces).isEmpty
            else { throw .missingLabel(field.name) }
            switch field.type {
            case let .text(maxLength):
                guard maxLength > 0 else { throw .badLimits(field.name) }
            case let .number(min, max, decimals):
                guard (0...6).contains(decimals) else { throw .badLimits(field.name) }
                if let min, let max, min > max { throw .badLimits(field.name) }
            case let .date(notBefore, notAfter):
                if case let .fixed(earliest)? = notBefore, case let .fixed(latest)? = notAfter, earliest > latest {
                    throw .badLimits(field.name)
                }
                if case let .daysFromToday(earliest)? = notBefore, case let .daysFromToday(latest)? = notAfter, earliest > latest {
                    throw .badLimits(field.name)
                }
            case let .choice(options):
                guard !options.isEmpty else { throw .emptyChoice(field.name) }
                var values = Set<String>()
                for option in options {
                    guard !option.value.isEmpty, values.insert(option.value).inserted else {
                        throw .duplicateOption(field: field.name, value: option.value)
                    }
                }
            case .address:
                break
            }
        }
    }
}

/// One field of a ``FormSchema``.
public struct FormField: Sendable, Codable, Hashable {
    /// An ASCII identifier (`[A-Za-z_][A-Za-z0-9_]{0,63}`): the key in the submitted form and the stored values.
    public var name: String
    public var labelZh: String
    public var labelEn: String
    public var type: FormFieldType
    public var required: Bool
    /// A hint shown under the field, in Chinese and English.
    public var helpZh: String?
    public var helpEn: String?
    /// The applicant's own name or identifier, when this field holds it: filled from the account of whoever applies
    /// online and not theirs to change; only a clerk taking an application at the window types it.
    public var applicantDatum: ApplicantDatum?

    public init(
        name: String, labelZh: String, labelEn: String, type: FormFieldType, required: Bool = true,
        helpZh: String? = nil, helpEn: String? = nil, applicantDatum: ApplicantDatum? = nil
    ) {
        self.name = name
        self.labelZh = labelZh
        self.labelEn = labelEn
        self.type = type
        self.required = required
        self.helpZh = helpZh
        self.helpEn = helpEn
        self.applicantDatum = applicantDatum
    }

    public func label(in language: Language) -> String { language == .zhHans ? labelZh : labelEn }

    public func help(in language: Language) -> String? { language == .zhHans ? helpZh : helpEn }

    /// A stored value as people read it: a choice's label rather than its code (`elevator` → 电梯), anything else as
    /// entered.
    public func displayValue(_ value: String, in language: Language) -> String {
        guard case let .choice(options) = type, let option = options.first(where: { $0.value == value }) else { return value }
        return language == .zhHans ? option.labelZh : option.labelEn
    }

    /// A value that passes this field's checks: for the filled sample (示例样表) of a guide and for load tests.
    public func sampleValue(today: CivilDate) -> String {
        switch type {
        case let .text(maxLength): return String("示例内容".prefix(maxLength))
        case let .number(min, max, _):
            if let min { return "\(min)" }
            if let max, max < 1 { return "\(max)" }
            return "1"
        case let .date(notBefore, notAfter):
            let earliest = notBefore?.resolve(today: today)
            let latest = notAfter?.resolve(today: today)
            if let earliest { return (latest.map { min(earliest.adding(days: 1), $0) } ?? earliest.adding(days: 1)).description }
            if let latest { return min(latest, today).description }
            return today.description
        case let .choice(options): return options.first?.value ?? ""
        case .address: return "广东省广州市天河区体育西路 1 号"
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func letter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        guard letter(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }
}

/// One option of a choice field: the stored value and its labels.
public struct ChoiceOption: Sendable, Codable, Hashable {
    public var value: String
    public var labelZh: String
    public var labelEn: String

    public init(value: String, labelZh: String, labelEn: String) {
        self.value = value
        self.labelZh = labelZh
        self.labelEn = labelEn
    }
}

/// What a field holds.
public enum FormFieldType: Sendable, Codable, Hashable {
    /// Free text of at most `maxLength` characters.
    case text(maxLength: Int)
    /// A decimal number with at most `decimals` digits after the point, within `min...max` when given.
    case number(min: Decimal?, max: Decimal?, decimals: Int)
    /// A `yyyy-MM-dd` date within the bounds when given.
    case date(notBefore: DateBound?, notAfter: DateBound?)
    /// One of the options, by value.
    case choice(options: [ChoiceOption])
    /// A postal address in mainland China: province, city and district, then the street address.
    case address

    /// The longest address accepted.
    public static let addressMaxLength = 200

    func normalise(_ text: String, today: CivilDate) -> Result<String, FormProblem> {
        switch self {
        case let .text(maxLength):
            return text.count <= maxLength ? .success(text) : .failure(.tooLong(max: maxLength))
        case let .number(min, max, decimals):
            return Self.number(text, min: min, max: max, decimals: decimals)
        case let .date(notBefore, notAfter):
            guard let date = CivilDate(text) else { return .failure(.invalidDate) }
            let earliest = notBefore?.resolve(today: today)
            let latest = notAfter?.resolve(today: today)
            if let earliest, date < earliest { return .failure(.dateTooEarly(earliest)) }
            if let latest, date > latest { return .failure(.dateTooLate(latest)) }
            return .success(date.description)
        case let .choice(options):
            return options.contains { $0.value == text } ? .success(text) : .failure(.notAnOption)
        case .address:
            let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard collapsed.count <= Self.addressMaxLength else { return .failure(.tooLong(max: Self.addressMaxLength)) }
            return AddressShape.isComplete(collapsed) ? .success(collapsed) : .failure(.incompleteAddress)
        }
    }

    /// Plain decimal only: optional minus sign, digits, optional point and digits. No exponent, no grouping, no
    /// plus sign, no full-width digits: what is stored is what the clerk sees.
    private static func number(_ text: String, min: Decimal?, max: Decimal?, decimals: Int) -> Result<String, FormProblem> {
        var bytes = Array(text.utf8)
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes.removeFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return .failure(.notANumber) }
        var fraction: ArraySlice<UInt8> = []
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return .failure(.notANumber) }
        }
        guard fraction.count <= decimals else { return .failure(.tooManyDecimals(decimals)) }
        var wholeDigits = whole.drop { $0 == 48 }
        if wholeDigits.isEmpty { wholeDigits = [48] }
        while fraction.last == 48 { fraction.removeLast() }
        var canonical = String(decoding: wholeDigits, as: UTF8.self)
        if !fraction.isEmpty { canonical += "." + String(decoding: fraction, as: UTF8.self) }
        let isZero = canonical == "0"
        if negative && !isZero { canonical = "-" + canonical }
        guard let value = Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX")) else {
            return .failure(.notANumber)
        }
        if let min, value < min { return .failure(.outOfRange(min: min, max: max)) }
        if let max, value > max { return .failure(.outOfRange(min: min, max: max)) }
        return .success(canonical)
    }
}

/// A date limit: a fixed date, or a number of days from the day the form is checked (negative for the past).
public enum DateBound: Sendable, Codable, Hashable {
    case fixed(CivilDate)
    case daysFromToday(Int)

    public func resolve(today: CivilDate) -> CivilDate {
        switch self {
        case let .fixed(date): date
        case let .daysFromToday(days): today.adding(days: days)
        }
    }
}

/// A rough but useful test of a mainland address: a province-level unit (…省, …自治区, …特别行政区, or one of
/// the four municipalities), then a city-level unit (…市, …自治州, …州, …地区, …盟; skipped for a municipality),
/// then a county-level unit (…区, …县, …旗, or a county-level …市), then at least two more characters for the street
/// address. Each unit's name has at least one character before its suffix, and "…州市" is one unit (广州市).
enum AddressShape {
    static let municipalities = ["北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆"]

    static func isComplete(_ address: String) -> Bool {
        var rest = Substring(address.filter { !$0.isWhitespace })
        if let municipality = municipalities.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(municipality.count)
            if rest.hasPrefix("市辖区") { rest = rest.dropFirst(3) }
        } else {
            guard let afterProvince = drop(through: ["省", "自治区", "特别行政区"], in: rest, minimumName: 2) else { return false }
            guard var afterCity = drop(through: ["自治州", "地区", "市", "州", "盟"], in: afterProvince, minimumName: 1) else {
                return false
            }
            if afterCity.hasPrefix("市"), afterProvince[..<afterCity.startIndex].hasSuffix("州") { afterCity = afterCity.dropFirst() }
            rest = afterCity
        }
        guard let afterCounty = drop(through: ["区", "县", "旗", "市"], in: rest, minimumName: 1) else { return false }
        return afterCounty.count >= 2
    }

    /// What follows the earliest suffix that has at least `minimumName` characters before it; at equal starts,
    /// the longer suffix wins.
    private static func drop(through suffixes: [String], in text: Substring, minimumName: Int) -> Substring? {
        guard let searchStart = text.index(text.startIndex, offsetBy: minimumName, limitedBy: text.endIndex) else { return nil }
        var best: Range<Substring.Index>?
        for suffix in suffixes {
            guard let range = text.range(of: suffix, range: searchStart..<text.endIndex) else { continue }
            if let current = best {
                if range.lowerBound < current.lowerBound || (range.lowerBound == current.lowerBound && range.upperBound > current.upperBound) {
                    best = range
                }
            } else {
                best = range
            }
        }
        guard let best else { return nil }
        return text[best.upperBound...]
    }
}

/// A problem with one field's value.
public enum FormProblem: LocalizedFailure, Equatable {
    case required
    case tooLong(max: Int)
    case notANumber
    case tooManyDecimals(Int)
    case outOfRange(min: Decimal?, max: Decimal?)
    case invalidDate
    case dateTooEarly(CivilDate)
    case dateTooLate(CivilDate)
    case notAnOption
    case incompleteAddress

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.required, .zhHans): "此项必填"
        case (.required, .en): "This field is required"
        case let (.tooLong(max), .zhHans): "超过长度：不能超过 \(max) 个字符"
        case let (.tooLong(max), .en): "Too long: at most \(max) characters"
        case (.notANumber, .zhHans): "不是数字：请填写阿拉伯数字，如 12 或 3.5"
        case (.notANumber, .en): "Not a number: use digits, such as 12 or 3.5"
        case (.tooManyDecimals(0), .zhHans): "请填写整数"
        case (.tooManyDecimals(0), .en): "Please enter a whole number"
        case let (.tooManyDecimals(places), .zhHans): "最多保留 \(places) 位小数"
        case let (.tooManyDecimals(places), .en): "At most \(places) decimal places"
        case let (.outOfRange(min, max), .zhHans): "超出范围：" + Self.range(min, max, .zhHans)
        case let (.outOfRange(min, max), .en): "Out of range: " + Self.range(min, max, .en)
        case (.invalidDate, .zhHans): "日期无效：请按“年-月-日”填写真实日期，如 2026-03-07"
        case (.invalidDate, .en): "Not a valid date: use year-month-day, such as 2026-03-07"
        case let (.dateTooEarly(date), .zhHans): "日期不能早于 \(date)"
        case let (.dateTooEarly(date), .en): "The date cannot be before \(date)"
        case let (.dateTooLate(date), .zhHans): "日期不能晚于 \(date)"
        case let (.dateTooLate(date), .en): "The date cannot be after \(date)"
        case (.notAnOption, .zhHans): "不在选项中，请从列表中选择"
        case (.notAnOption, .en): "Not one of the options; please choose from the list"
        case (.incompleteAddress, .zhHans): "地址须包含省、市、区（县）及详细地址"
        case (.incompleteAddress, .en): "The address must give the province, city, district (county) and street address"
        }
    }

    private static func range(_ min: Decimal?, _ max: Decimal?, _ language: Language) -> String {
        switch (min, max, language) {
        case let (min?, max?, .zhHans): "应在 \(min) 至 \(max) 之间"
        case let (min?, max?, .en): "must be from \(min) to \(max)"
        case let (min?, nil, .zhHans): "不能小于 \(min)"
        case let (min?, nil, .en): "must be at least \(min)"
        case let (nil, max?, .zhHans): "不能大于 \(max)"
        case let (nil, max?, .en): "must be at most \(max)"
        case (nil, nil, .zhHans): "数值无效"
        case (nil, nil, .en): "not a valid value"
        }
    }
}

/// Why a form schema was refused when an administrator saved it.
public enum FormDefinitionError: LocalizedFailure, Equatable {
    case badName(String)
    case duplicateName(String)
    case missingLabel(String)
    case emptyChoice(String)
    case duplicateOption(field: String, value: String)
    case badLimits(String)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.badName(name), .zhHans): "字段名“\(name)”无效：须以英文字母或下划线开头，只含英文字母、数字、下划线，最长 64 位"
        case let (.badName(name), .en):
            "The field name “\(name)” is not valid: it must start with a letter or underscore and contain only ASCII letters, digits and underscores, up to 64"
        case let (.duplicateName(name), .zhHans): "字段名“\(name)”重复"
        case let (.duplicateName(name), .en): "The field name “\(name)” is used twice"
        case let (.missingLabel(name), .zhHans): "字段“\(name)”缺少中文或英文标题"
        case let (.missingLabel(name), .en): "The field “\(name)” needs both a Chinese and an English label"
        case let (.emptyChoice(name), .zhHans): "选择字段“\(name)”没有选项"
        case let (.emptyChoice(name), .en): "The choice field “\(name)” has no options"
        case let (.duplicateOption(field, value), .zhHans): "字段“\(field)”的选项值“\(value)”为空或重复"
        case let (.duplicateOption(field, value), .en): "The option value “\(value)” of the field “\(field)” is empty or used twice"
        case let (.badLimits(name), .zhHans): "字段“\(name)”的长度、范围或小数位设置无效"
        case let (.badLimits(name), .en): "The length, range or decimal places of the field “\(name)” are not valid"
        }
    }
}

/// A datum of the applicant's own that a form field may hold.
public enum ApplicantDatum: String, Sendable, Codable, Hashable, CaseIterable {
    /// A natural person's name, as on their 居民身份证.
    case personName = "person_name"
    /// A natural person's 居民身份证号.
    case residentID = "resident_id"
    /// An organisation's 统一社会信用代码.
    case creditCode = "credit_code"
}

/// Who applies online, as their verified account knows them: the only source of the form fields that hold the
/// applicant's own name and identifier, so nobody files in someone else's name by typing it.
public struct AccountIdentity: Sendable, Hashable {
    public var kind: AccountKind
    public var name: String
    public var identifier: String

    public init(kind: AccountKind, name: String, identifier: String) {
        self.kind = kind
        self.name = name
        self.identifier = identifier
    }

    /// The account's value for `datum`, or nil when the account is not of the kind that has it.
    public func value(of datum: ApplicantDatum) -> String? {
        switch (datum, kind) {
        case (.personName, .citizen): name
        case (.residentID, .citizen), (.creditCode, .enterprise): identifier
        default: nil
        }
    }

    /// Whether `typed` says the same as the account's value: identifiers compare without regard to case (the check
    /// character X of a 居民身份证号), names exactly.
    static func same(_ typed: String, _ own: String, as datum: ApplicantDatum) -> Bool {
        switch datum {
        case .residentID, .creditCode: typed.uppercased() == own.uppercased()
        case .personName: typed == own
        }
    }
}
