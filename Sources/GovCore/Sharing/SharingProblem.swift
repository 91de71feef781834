/// Why a catalog entry, a request or an answer was refused.
public enum SharingProblem: LocalizedFailure, Equatable {
    public enum LineProblem: Sendable, Equatable {
        case invalid, fieldName, fieldType
    }

    case resourceCode
    case codeTaken
    case fieldLine(Int, LineProblem)
    case duplicateField(String)
    case noFields
    case tooManyFields(Int)
    case unknownField(String)
    case legalBasisRequired
    case needsNoRequest
    case noFieldsChosen
    case purposeCode
    case days(Int)
    case grantBeyondRequest
    case outOfScope
    case ownResource
    case reasonRequired
    case notPermitted
    case notOpen
    case changedSinceRead

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.resourceCode, .zhHans): "资源代码为 3–40 位大写字母、数字、“-”或“/”"
        case (.resourceCode, .en): "A resource code has 3–40 capital letters, digits, “-” or “/”"
        case (.codeTaken, .zhHans): "该资源代码已被使用"
        case (.codeTaken, .en): "This resource code is already used"
        case let (.fieldLine(line, problem), .zhHans):
            switch problem {
            case .invalid: "第 \(line) 行格式应为：字段名, 中文名, 类型, 长度, 含义, 是否个人信息, 是否敏感"
            case .fieldName: "第 \(line) 行字段名须以小写字母开头，只含小写字母、数字和下划线"
            case .fieldType: "第 \(line) 行类型应为 string、integer、decimal、date 或 boolean"
            }
        case let (.fieldLine(line, problem), .en):
            switch problem {
            case .invalid: "Line \(line) must read: name, title, type, length, meaning, personal, sensitive"
            case .fieldName: "On line \(line) the name must start with a lowercase letter and hold only lowercase letters, digits and underscores"
            case .fieldType: "On line \(line) the type must be string, integer, decimal, date or boolean"
            }
        case let (.duplicateField(name), .zhHans): "信息项“\(name)”重复"
        case let (.duplicateField(name), .en): "The field “\(name)” appears twice"
        case (.noFields, .zhHans): "请至少列出一个信息项"
        case (.noFields, .en): "List at least one field"
        case let (.tooManyFields(limit), .zhHans): "信息项不能超过 \(limit) 个"
        case let (.tooManyFields(limit), .en): "At most \(limit) fields"
        case let (.unknownField(name), .zhHans): "资源中没有信息项“\(name)”"
        case let (.unknownField(name), .en): "The resource has no field “\(name)”"
        case (.legalBasisRequired, .zhHans): "不予共享的资源须注明法律、行政法规或政策依据"
        case (.legalBasisRequired, .en): "A resource that is not shared must cite the law or policy that says so"
        case (.needsNoRequest, .zhHans): "无条件共享资源无需申请，可直接通过交换接口查询"
        case (.needsNoRequest, .en): "An unconditional resource needs no request: query it through the exchange"
        case (.noFieldsChosen, .zhHans): "请至少选择一个信息项"
        case (.noFieldsChosen, .en): "Choose at least one field"
        case (.purposeCode, .zhHans): "用途代码为 2–40 位小写字母、数字或连字符，以字母开头，如 subsidy-review"
        case (.purposeCode, .en): "A purpose code has 2–40 lowercase letters, digits or hyphens and starts with a letter, e.g. subsidy-review"
        case let (.days(maximum), .zhHans): "使用期限应为 1–\(maximum) 天"
        case let (.days(maximum), .en): "The period of use must be 1 to \(maximum) days"
        case (.grantBeyondRequest, .zhHans): "只能同意申请中列出的信息项"
        case (.grantBeyondRequest, .en): "Only fields asked for can be granted"
        case (.outOfScope, .zhHans): "本单位不在该资源的共享范围内"
        case (.outOfScope, .en): "Your unit is outside this resource's sharing scope"
        case (.ownResource, .zhHans): "本单位的资源无需申请"
        case (.ownResource, .en): "Your own unit's resource needs no request"
        case (.reasonRequired, .zhHans): "请说明理由"
        case (.reasonRequired, .en): "Please give the reasons"
        case (.notPermitted, .zhHans): "您无权进行此操作"
        case (.notPermitted, .en): "You may not do this"
        case (.notOpen, .zhHans): "该申请已办结，不能再操作"
        case (.notOpen, .en): "This request is closed"
        case (.changedSinceRead, .zhHans): "该记录已被他人修改，请刷新后重试"
        case (.changedSinceRead, .en): "Someone else changed this record; reload and try again"
        }
    }
}
