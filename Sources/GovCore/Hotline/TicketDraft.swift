import Foundation

/// A ticket as a channel delivers it, before any check.
public struct TicketDraft: Sendable, Equatable {
    public var kind: String?
    public var urgency: String?
    public var category: String?
    public var regionCode: String?
    public var address: String?
    public var latitude: String?
    public var longitude: String?
    public var subject: String?
    public var description: String?
    public var callerName: String?
    public var callerPhone: String?
    public var callerEmail: String?
    public var publishConsent: Bool

    public init(
        kind: String? = nil, urgency: String? = nil, category: String? = nil, regionCode: String? = nil, address: String? = nil,
        latitude: String? = nil, longitude: String? = nil, subject: String? = nil, description: String? = nil, callerName: String? = nil,
        callerPhone: String? = nil, callerEmail: String? = nil, publishConsent: Bool = false
    ) {
        self.kind = kind
        self.urgency = urgency
        self.category = category
        self.regionCode = regionCode
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.subject = subject
        self.description = description
        self.callerName = callerName
        self.callerPhone = callerPhone
        self.callerEmail = callerEmail
        self.publishConsent = publishConsent
    }
}

/// A checked ticket, ready to be numbered and routed.
public struct ValidTicket: Sendable, Equatable {
    public var kind: TicketKind
    public var urgency: TicketUrgency
    public var category: String
    public var regionCode: String?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var subject: String
    public var description: String
    public var callerName: String?
    public var callerPhone: String?
    public var callerEmail: String?
    public var publishConsent: Bool
}

extension TicketDraft {
    /// The category and place codes as they will be checked, whose existence the caller looks up.
    public var categoryCode: String { (category ?? "").trimmingCharacters(in: .whitespaces) }
    public var placeCode: String { (regionCode ?? "").trimmingCharacters(in: .whitespaces) }

    /// Checks every field at once. `categories` are the codes of the configured tree (those of them the draft names
    /// suffice); `regions` the region codes a place may be in. A way to call the person back (a phone, or for machine
    /// channels an e-mail) is required unless `contactRequired` is false (a report may be anonymous).
    public func validated(categories: Set<String>, regions: Set<String>, contactRequired: Bool) throws(FieldErrors) -> ValidTicket {
        var errors = FieldErrors()
        let kind = errors.check("kind") { () throws(HotlineProblem) in
            guard let value = self.kind.flatMap(TicketKind.init(rawValue:)) else { throw .unknownKind }
            return value
        }
        let urgency = errors.check("urgency") { () throws(HotlineProblem) in
            guard let raw = self.urgency?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return TicketUrgency.ordinary }
            guard let value = TicketUrgency(rawValue: raw) else { throw .unknownUrgency }
            return value
        }
        let category = errors.check("category") { () throws(HotlineProblem) in
            let code = self.categoryCode
            guard categories.contains(code) else { throw .unknownCategory }
            return code
        }
        let region = errors.check("region") { () throws(HotlineProblem) -> String? in
            let code = self.placeCode
            guard !code.isEmpty else { return nil }
            guard regions.contains(code) else { throw .unknownRegion }
            return code
        }
        let address = errors.check("address") { try TextField.optional(self.address, max: 200) }
        let latitude = errors.check("lat") { () throws(HotlineProblem) in try Self.coordinate(self.latitude, limit: 90) }
        let longitude = errors.check("long") { () throws(HotlineProblem) in try Self.coordinate(self.longitude, limit: 180) }
        if (latitude ?? nil) == nil, (longitude ?? nil) != nil { errors.add("lat", HotlineProblem.coordinates) }
        if (latitude ?? nil) != nil, (longitude ?? nil) == nil { errors.add("long", HotlineProblem.coordinates) }
        let description = errors.check("description") { try TextField.required(self.description, max: 4000) }
        let subject = errors.check("subject") { () throws(FieldProblem) in
            try TextField.optional(self.subject, max: 100) ?? String((self.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(30))
        }
        let name = errors.check("caller_name") { try TextField.optional(self.callerName, max: 50) }
        let phone = errors.check("caller_phone") { () throws(HotlineProblem) in try Self.phone(self.callerPhone) }
        let email = errors.check("caller_email") { () throws(FieldProblem) -> String? in
            guard let text = try TextField.optional(self.callerEmail, max: 254) else { return nil }
            guard EmailAddress.isValid(text) else { throw .invalid }
            return text
        }
        if contactRequired, kind != TicketKind.report, (phone ?? nil) == nil, (email ?? nil) == nil {
            errors.add("caller_phone", HotlineProblem.contactRequired)
        }
        try errors.throwIfAny()
        return ValidTicket(
            kind: kind!, urgency: urgency!, category: category!, regionCode: region!, address: address!, latitude: latitude!, longitude: longitude!,
            subject: subject!, description: description!, callerName: name!, callerPhone: phone!, callerEmail: email!, publishConsent: publishConsent)
    }

    static func coordinate(_ raw: String?, limit: Double) throws(HotlineProblem) -> Double? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard text.count <= 20, let value = Double(text), value.isFinite, abs(value) <= limit else { throw .coordinates }
        return value
    }

    /// A telephone number as people write them: digits with an optional leading +, spaces and hyphens, 5–20 digits.
    static func phone(_ raw: String?) throws(HotlineProblem) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let digits = text.filter { $0.isASCII && $0.isNumber }
        let allowed = text.enumerated().allSatisfy { index, character in
            (character.isASCII && character.isNumber) || character == "-" || character == " " || (character == "+" && index == 0)
        }
        guard allowed, (5...20).contains(digits.count), text.count <= 30 else { throw .phoneFormat }
        return text
    }
}

/// How alike two tickets read: the overlap of their characters' pairs (the same tokens Chinese search uses), from 0 to 1.
public enum TicketSimilarity {
    public static func pairs(_ text: String) -> Set<String> { Set(SearchText.tokens(text).filter { $0.count == 2 }) }

    public static func score(_ lhs: Set<String>, _ rhs: Set<String>) -> Double {
        guard !lhs.isEmpty, !rhs.isEmpty else { return 0 }
        let shared = lhs.intersection(rhs).count
        return Double(shared) / Double(lhs.count + rhs.count - shared)
    }

    /// An open ticket is suggested as the same matter when its text is this alike, or it comes from the same number and
    /// is about the same category.
    public static let threshold = 0.3
}

/// Why a ticket, a letter or an action on one was refused.
public enum HotlineProblem: LocalizedFailure, Equatable {
    case unknownKind
    case unknownUrgency
    case unknownCategory
    case unknownRegion
    case coordinates
    case phoneFormat
    case contactRequired
    case limit(ClosedRange<Int>)
    case notPermitted
    case wrongState(TicketState)
    case alreadyReturned
    case alreadyReopened
    case extensionPending
    case alreadyExtended
    case noExtensionRequested
    case extensionAmount(maximum: Int, unit: LimitUnit)
    case notDissatisfied
    case reasonRequired
    case satisfactionRequired
    case unknownUnit
    case changedSinceRead
    case noConsent
    case notFound
    case categoryCode
    case categoryTaken

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.unknownKind, .zhHans): "请选择诉求类型：咨询、投诉、批评、建议、求助或举报"
        case (.unknownKind, .en): "Choose what it is: a question, complaint, criticism, suggestion, request for help or report"
        case (.unknownUrgency, .zhHans): "紧急程度应为“一般”或“紧急”"
        case (.unknownUrgency, .en): "Urgency is ordinary or urgent"
        case (.unknownCategory, .zhHans): "请选择诉求分类"
        case (.unknownCategory, .en): "Choose a category"
        case (.unknownRegion, .zhHans): "请选择本市的区县或街道"
        case (.unknownRegion, .en): "Choose a district or subdistrict of the city"
        case (.coordinates, .zhHans): "经纬度应同时填写，纬度在 −90 至 90 之间，经度在 −180 至 180 之间"
        case (.coordinates, .en): "Give latitude and longitude together, latitude between −90 and 90, longitude between −180 and 180"
        case (.phoneFormat, .zhHans): "电话号码为 5–20 位数字，可含空格、连字符和开头的“+”"
        case (.phoneFormat, .en): "A telephone number has 5–20 digits, with spaces, hyphens or a leading “+”"
        case (.contactRequired, .zhHans): "请留下联系电话或电子邮箱，以便答复和回访"
        case (.contactRequired, .en): "Leave a telephone number or e-mail address so that we can answer and call you back"
        case let (.limit(range), .zhHans): "时限应在 \(range.lowerBound) 至 \(range.upperBound) 之间"
        case let (.limit(range), .en): "A limit is between \(range.lowerBound) and \(range.upperBound)"
        case (.notPermitted, .zhHans): "您无权办理此工单"
        case (.notPermitted, .en): "You may not act on this ticket"
        case let (.wrongState(state), .zhHans): "工单当前为“\(state.title(in: .zhHans))”，不能进行此操作"
        case let (.wrongState(state), .en): "The ticket is “\(state.title(in: .en))”, which does not allow this"
        case (.alreadyReturned, .zhHans): "工单只能退回一次，请按派单办理"
        case (.alreadyReturned, .en): "A ticket can be returned only once; please handle it"
        case (.alreadyReopened, .zhHans): "工单只能重新办理一次"
        case (.alreadyReopened, .en): "A ticket can be reopened only once"
        case (.extensionPending, .zhHans): "延期申请正在审核"
        case (.extensionPending, .en): "An extension request is already waiting"
        case (.alreadyExtended, .zhHans): "工单只能延期一次"
        case (.alreadyExtended, .en): "A ticket can be extended only once"
        case (.noExtensionRequested, .zhHans): "没有待审核的延期申请"
        case (.noExtensionRequested, .en): "No extension has been asked for"
        case let (.extensionAmount(maximum, unit), .zhHans): "延期为 1 至 \(maximum) 个\(unit == .hours ? "小时" : "工作日")"
        case let (.extensionAmount(maximum, unit), .en): "An extension is 1 to \(maximum) \(unit == .hours ? "hours" : "working days")"
        case (.notDissatisfied, .zhHans): "只有回访不满意的工单可以重新办理"
        case (.notDissatisfied, .en): "Only a ticket the caller was not satisfied with can be reopened"
        case (.reasonRequired, .zhHans): "请说明理由（不超过 1000 字）"
        case (.reasonRequired, .en): "Give a reason (at most 1,000 characters)"
        case (.satisfactionRequired, .zhHans): "请选择满意度"
        case (.satisfactionRequired, .en): "Choose how satisfied the caller is"
        case (.unknownUnit, .zhHans): "请选择承办单位"
        case (.unknownUnit, .en): "Choose the department"
        case (.changedSinceRead, .zhHans): "工单已被他人更新，请刷新后重试"
        case (.changedSinceRead, .en): "Someone changed the ticket meanwhile; reload and try again"
        case (.noConsent, .zhHans): "来信人未同意公开，不能公开"
        case (.noConsent, .en): "The writer did not agree to publication"
        case (.notFound, .zhHans): "未找到该工单，请核对编号和查询码"
        case (.notFound, .en): "No ticket has this number and query code"
        case (.categoryCode, .zhHans): "分类代码为 2–12 位数字，下级以上级代码开头"
        case (.categoryCode, .en): "A category code has 2–12 digits and starts with its parent's code"
        case (.categoryTaken, .zhHans): "该分类代码已存在"
        case (.categoryTaken, .en): "This category code exists already"
        }
    }
}
