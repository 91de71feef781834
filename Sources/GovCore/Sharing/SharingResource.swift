import Foundation

/// 共享类型 (《政务信息资源共享管理暂行办法》第九条): who may use a resource, and on what terms.
public enum SharingClass: String, CaseIterable, Codable, Sendable {
    /// 无条件共享: any government unit in scope may query it.
    case unconditional
    /// 有条件共享: only under an approved request, for its purpose, until its expiry, limited to the granted fields.
    case conditional
    /// 不予共享: must cite the law or policy that forbids sharing it (第九条第三款); reachable only by a successful
    /// challenge to its classification.
    case notShared = "not_shared"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.unconditional, .zhHans): "无条件共享"
        case (.unconditional, .en): "Unconditional"
        case (.conditional, .zhHans): "有条件共享"
        case (.conditional, .en): "Conditional"
        case (.notShared, .zhHans): "不予共享"
        case (.notShared, .en): "Not shared"
        }
    }
}

/// 提供方式: queried record by record through the exchange, or handed over as a file.
public enum ProvisionMethod: String, CaseIterable, Codable, Sendable {
    case exchange
    case file

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.exchange, .zhHans): "接口查询"
        case (.exchange, .en): "Queried through the exchange"
        case (.file, .zhHans): "文件下载"
        case (.file, .en): "File"
        }
    }
}

/// 更新周期.
public enum UpdateFrequency: String, CaseIterable, Codable, Sendable {
    case realTime = "real_time", daily, weekly, monthly, quarterly, yearly, irregular

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.realTime, .zhHans): "实时"
        case (.realTime, .en): "Real time"
        case (.daily, .zhHans): "每日"
        case (.daily, .en): "Daily"
        case (.weekly, .zhHans): "每周"
        case (.weekly, .en): "Weekly"
        case (.monthly, .zhHans): "每月"
        case (.monthly, .en): "Monthly"
        case (.quarterly, .zhHans): "每季度"
        case (.quarterly, .en): "Quarterly"
        case (.yearly, .zhHans): "每年"
        case (.yearly, .en): "Yearly"
        case (.irregular, .zhHans): "不定期"
        case (.irregular, .en): "Irregular"
        }
    }

    /// The Dublin Core frequency vocabulary DCAT-AP uses for `dct:accrualPeriodicity`.
    public var dublinCoreFrequency: String {
        let base = "http://publications.europa.eu/resource/authority/frequency/"
        switch self {
        case .realTime: return base + "UPDATE_CONT"
        case .daily: return base + "DAILY"
        case .weekly: return base + "WEEKLY"
        case .monthly: return base + "MONTHLY"
        case .quarterly: return base + "QUARTERLY"
        case .yearly: return base + "ANNUAL"
        case .irregular: return base + "IRREG"
        }
    }
}

/// The type of one field (信息项的数据类型).
public enum FieldType: String, CaseIterable, Codable, Sendable {
    case string, integer, decimal, date, boolean
}

/// One field (信息项) of a resource: what it holds, and whether it is about a person or sensitive.
public struct ResourceField: Codable, Equatable, Sendable {
    /// A machine name, as queries and grants name it: lowercase letters, digits and underscores.
    public var name: String
    public var title: String
    public var type: FieldType
    public var length: Int?
    public var meaning: String
    public var personal: Bool
    public var sensitive: Bool

    public init(name: String, title: String, type: FieldType, length: Int? = nil, meaning: String = "", personal: Bool = false, sensitive: Bool = false) {
        self.name = name
        self.title = title
        self.type = type
        self.length = length
        self.meaning = meaning
        self.personal = personal
        self.sensitive = sensitive
    }

    static func isMachineName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 40 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Reads the field list as staff type it: one field per line,
    /// `name, title, type, length, meaning, personal, sensitive` — the last four optional; `personal`/`sensitive` are
    /// 是/否, yes/no, y/n, 1/0 or true/false.
    public static func parseList(_ text: String) throws(SharingProblem) -> [ResourceField] {
        var fields: [ResourceField] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let lineNumber = index + 1
            guard parts.count >= 3, parts.count <= 7 else { throw .fieldLine(lineNumber, .invalid) }
            let name = parts[0].lowercased()
            guard isMachineName(name) else { throw .fieldLine(lineNumber, .fieldName) }
            guard !parts[1].isEmpty, parts[1].count <= 60 else { throw .fieldLine(lineNumber, .invalid) }
            guard let type = FieldType(rawValue: parts[2].lowercased()) else { throw .fieldLine(lineNumber, .fieldType) }
            var length: Int?
            if parts.count > 3, !parts[3].isEmpty {
                guard let value = Int(parts[3]), value > 0, value <= 100_000 else { throw .fieldLine(lineNumber, .invalid) }
                length = value
            }
            let meaning = parts.count > 4 ? String(parts[4].prefix(200)) : ""
            func flag(_ at: Int) throws(SharingProblem) -> Bool {
                guard parts.count > at, !parts[at].isEmpty else { return false }
                switch parts[at].lowercased() {
                case "是", "yes", "y", "1", "true": return true
                case "否", "no", "n", "0", "false": return false
                default: throw .fieldLine(lineNumber, .invalid)
                }
            }
            let field = ResourceField(name: name, title: parts[1], type: type, length: length, meaning: meaning, personal: try flag(5), sensitive: try flag(6))
            guard !fields.contains(where: { $0.name == name }) else { throw .duplicateField(name) }
            fields.append(field)
        }
        guard !fields.isEmpty else { throw .noFields }
        guard fields.count <= 200 else { throw .tooManyFields(200) }
        return fields
    }

    /// The inverse of ``parseList(_:)``, to show a resource's fields in its edit form.
    public static func listText(_ fields: [ResourceField]) -> String {
        fields.map { field in
            [field.name, field.title, field.type.rawValue, field.length.map(String.init) ?? "", field.meaning,
             field.personal ? "是" : "否", field.sensitive ? "是" : "否"].joined(separator: ", ")
        }.joined(separator: "\n")
    }
}

/// A resource of the catalog (政务信息资源目录) as a provider describes it, before it is checked.
public struct ResourceDraft: Sendable {
    public var code: String
    public var name: String
    public var description: String
    public var fieldList: String
    public var subjectField: String
    public var sharingClass: String
    public var legalBasis: String
    public var frequency: String
    public var provision: String

    public init(
        code: String, name: String, description: String, fieldList: String, subjectField: String, sharingClass: String, legalBasis: String,
        frequency: String, provision: String
    ) {
        self.code = code
        self.name = name
        self.description = description
        self.fieldList = fieldList
        self.subjectField = subjectField
        self.sharingClass = sharingClass
        self.legalBasis = legalBasis
        self.frequency = frequency
        self.provision = provision
    }

    /// Every problem, each under its field's name; a not-shared resource without its legal basis is refused
    /// (《政务信息资源共享管理暂行办法》第九条: 不予共享 must have a law, regulation or national policy behind it).
    public func validated() throws(FieldErrors) -> SharingResourceDefinition {
        var errors = FieldErrors()
        let code = errors.check("code") { () throws(SharingProblem) -> String in try Self.resourceCode(self.code) }
        let name = errors.check("name") { () throws(FieldProblem) -> String in try TextField.required(self.name, max: 100) }
        let description = errors.check("description") { () throws(FieldProblem) -> String in try TextField.required(self.description, max: 2000) }
        let fields = errors.check("fields") { () throws(SharingProblem) -> [ResourceField] in try ResourceField.parseList(fieldList) }
        let sharingClass = SharingClass(rawValue: self.sharingClass)
        if sharingClass == nil { errors.add("sharing_class", FieldProblem.required) }
        let legalBasis = errors.check("legal_basis") { () throws(FieldProblem) -> String? in try TextField.optional(self.legalBasis, max: 500) } ?? nil
        if sharingClass == .notShared, legalBasis == nil { errors.add("legal_basis", SharingProblem.legalBasisRequired) }
        let frequency = UpdateFrequency(rawValue: self.frequency)
        if frequency == nil { errors.add("frequency", FieldProblem.required) }
        let provision = ProvisionMethod(rawValue: self.provision)
        if provision == nil { errors.add("provision", FieldProblem.required) }
        let subject = subjectField.trimmingCharacters(in: .whitespaces).lowercased()
        if let fields, !subject.isEmpty, !fields.contains(where: { $0.name == subject }) {
            errors.add("subject_field", SharingProblem.unknownField(subject))
        }
        try errors.throwIfAny()
        return SharingResourceDefinition(
            code: code!, name: name!, description: description!, fields: fields!, subjectField: subject.isEmpty ? nil : subject,
            sharingClass: sharingClass!, legalBasis: legalBasis, frequency: frequency!, provision: provision!)
    }

    /// 资源代码: the provider's prefix and a sequence, letters, digits, `-` and `/`, 3 to 40 characters, kept uppercase.
    static func resourceCode(_ raw: String) throws(SharingProblem) -> String {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count >= 3, code.count <= 40,
              code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "/" })
        else { throw .resourceCode }
        return code
    }
}

/// A checked resource definition.
public struct SharingResourceDefinition: Codable, Equatable, Sendable {
    public var code: String
    public var name: String
    public var description: String
    public var fields: [ResourceField]
    /// The field naming whom a record is about (身份证号, 统一社会信用代码): exchange queries select by it, and the person it
    /// names sees who queried their records.
    public var subjectField: String?
    public var sharingClass: SharingClass
    public var legalBasis: String?
    public var frequency: UpdateFrequency
    public var provision: ProvisionMethod

    public init(
        code: String, name: String, description: String, fields: [ResourceField], subjectField: String?, sharingClass: SharingClass,
        legalBasis: String?, frequency: UpdateFrequency, provision: ProvisionMethod
    ) {
        self.code = code
        self.name = name
        self.description = description
        self.fields = fields
        self.subjectField = subjectField
        self.sharingClass = sharingClass
        self.legalBasis = legalBasis
        self.frequency = frequency
        self.provision = provision
    }

    public var fieldNames: [String] { fields.map(\.name) }
}
