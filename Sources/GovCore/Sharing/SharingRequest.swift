import Foundation

/// Where a request to use a resource (共享申请) stands.
public enum SharingRequestState: String, CaseIterable, Codable, Sendable {
    /// With the provider, who must answer within the reply limit.
    case pending
    /// A challenge to a not-shared classification, with the data management bureau (数据管理机构).
    case challenged
    case approved
    case refused
    case withdrawn

    public var isOpen: Bool { self == .pending || self == .challenged }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.pending, .zhHans): "待提供方答复"
        case (.pending, .en): "With the provider"
        case (.challenged, .zhHans): "分类异议审核中"
        case (.challenged, .en): "Classification challenged"
        case (.approved, .zhHans): "已同意"
        case (.approved, .en): "Approved"
        case (.refused, .zhHans): "未同意"
        case (.refused, .en): "Refused"
        case (.withdrawn, .zhHans): "已撤回"
        case (.withdrawn, .en): "Withdrawn"
        }
    }
}

/// What a requesting unit asks for.
public struct SharingApplication: Codable, Equatable, Sendable {
    public var fields: [String]
    /// A short code the requester's system sends with every call (`X-GovHall-Purpose`), e.g. `subsidy-review`.
    public var purposeCode: String
    public var purpose: String
    public var legalBasis: String
    public var days: Int

    public init(fields: [String], purposeCode: String, purpose: String, legalBasis: String, days: Int) {
        self.fields = fields
        self.purposeCode = purposeCode
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.days = days
    }
}

/// The rules of requests and grants: what may be asked, who answers, what a grant allows.
public enum SharingRules {
    /// The longest use a grant may allow; a longer need is asked for again.
    public static let maximumDays = 366
    /// 《政务信息资源共享管理暂行办法》第十四条: the provider answers within 10 working days; configurable.
    public static let defaultReplyWorkingDays = 10

    /// Checks an application against the resource it is for. A not-shared resource can only be challenged; an
    /// unconditional one needs no request at all.
    public static func validate(
        fields rawFields: [String], purposeCode: String, purpose: String, legalBasis: String, days: String,
        for resource: SharingResourceDefinition
    ) throws(FieldErrors) -> SharingApplication {
        var errors = FieldErrors()
        if resource.sharingClass == .unconditional { errors.add("resource", SharingProblem.needsNoRequest) }
        let known = resource.fieldNames
        var fields: [String] = []
        for name in rawFields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty && !fields.contains(name) {
            if known.contains(name) { fields.append(name) } else { errors.add("fields", SharingProblem.unknownField(name)) }
        }
        if fields.isEmpty, errors.isEmpty { errors.add("fields", SharingProblem.noFieldsChosen) }
        let code = purposeCode.trimmingCharacters(in: .whitespaces).lowercased()
        if !isPurposeCode(code) { errors.add("purpose_code", SharingProblem.purposeCode) }
        let purpose = errors.check("purpose") { () throws(FieldProblem) -> String in try TextField.required(purpose, max: 500) }
        let basis = errors.check("legal_basis") { () throws(FieldProblem) -> String in try TextField.required(legalBasis, max: 500) }
        let days = Int(days.trimmingCharacters(in: .whitespaces))
        if days == nil || !(1...maximumDays).contains(days!) { errors.add("days", SharingProblem.days(maximumDays)) }
        try errors.throwIfAny()
        // In the resource's order, so a request reads like its catalog entry.
        return SharingApplication(fields: known.filter(fields.contains), purposeCode: code,
                                  purpose: purpose!, legalBasis: basis!, days: days!)
    }

    /// The state a new request starts in: a conditional resource goes to its provider, a not-shared one to the bureau
    /// as a challenge to its classification.
    public static func initialState(for sharingClass: SharingClass) -> SharingRequestState {
        sharingClass == .notShared ? .challenged : .pending
    }

    /// A purpose code: 2–40 lowercase letters, digits and hyphens, starting with a letter.
    public static func isPurposeCode(_ text: String) -> Bool {
        guard text.count >= 2, text.count <= 40, let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// What the provider grants: some or all of the fields asked for, for at most the days asked.
    public static func grantTerms(asked: SharingApplication, fields rawFields: [String], days rawDays: String) throws(FieldErrors) -> (fields: [String], days: Int) {
        var errors = FieldErrors()
        let fields = asked.fields.filter { rawFields.map { $0.lowercased() }.contains($0) }
        if rawFields.contains(where: { !asked.fields.contains($0.lowercased()) }) {
            errors.add("fields", SharingProblem.grantBeyondRequest)
        } else if fields.isEmpty {
            errors.add("fields", SharingProblem.noFieldsChosen)
        }
        let days = Int(rawDays.trimmingCharacters(in: .whitespaces))
        if days == nil || !(1...asked.days).contains(days!) { errors.add("days", SharingProblem.days(asked.days)) }
        try errors.throwIfAny()
        return (fields, days!)
    }

    /// The reasons a refusal, a classification decision or a revocation must give, trimmed and bounded.
    public static func reasons(_ text: String) throws(FieldErrors) -> String {
        do {
            return try TextField.required(text, max: 2000)
        } catch .required {
            throw FieldErrors.single("reason", SharingProblem.reasonRequired)
        } catch {
            throw FieldErrors.single("reason", error)
        }
    }

    /// A grant of `days` ends at the end of the last day, Beijing time: granted on 1 December for 90 days, it may be used
    /// through 28 February.
    public static func grantEnd(from instant: Date, days: Int) -> Date {
        CivilDate.beijing(instant).adding(days: days).startInBeijing
    }
}

/// A standing permission (授权) to query a resource's fields, for a purpose, until an instant.
public struct SharingGrantTerms: Codable, Equatable, Sendable {
    public var unitPath: String
    public var fields: [String]
    public var purposeCode: String
    public var validUntil: Date
    public var revokedAt: Date?

    public init(unitPath: String, fields: [String], purposeCode: String, validUntil: Date, revokedAt: Date? = nil) {
        self.unitPath = unitPath
        self.fields = fields
        self.purposeCode = purposeCode
        self.validUntil = validUntil
        self.revokedAt = revokedAt
    }

    public func isActive(at instant: Date) -> Bool { revokedAt == nil && instant < validUntil }
}
