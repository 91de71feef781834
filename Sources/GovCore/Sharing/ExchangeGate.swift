import Foundation

/// What a calling system states with every exchange query, as X-Road's `userId` and `issue` headers do: the purpose
/// it serves, the case or file it is for, and the person at the keyboard.
public struct ExchangeCall: Sendable, Equatable {
    public var callerUnitPath: String
    public var purposeCode: String?
    /// 事由: the case, file or task number the query serves.
    public var issue: String?
    /// The end user on whose behalf the system asks (a clerk's account or staff number).
    public var endUser: String?
    /// The fields asked for; `nil` asks for every field the caller may read.
    public var fields: [String]?

    public init(callerUnitPath: String, purposeCode: String?, issue: String?, endUser: String?, fields: [String]?) {
        self.callerUnitPath = callerUnitPath
        self.purposeCode = purposeCode
        self.issue = issue
        self.endUser = endUser
        self.fields = fields
    }
}

/// The part of a resource the gate looks at.
public struct GateResource: Sendable, Equatable {
    public var sharingClass: SharingClass
    public var fieldNames: [String]
    /// 共享范围: units (by path) whose members may ask; empty means every government unit.
    public var scopePaths: [String]

    public init(sharingClass: SharingClass, fieldNames: [String], scopePaths: [String]) {
        self.sharingClass = sharingClass
        self.fieldNames = fieldNames
        self.scopePaths = scopePaths
    }
}

/// Why the gate refused a call. Every refusal is logged like a served call.
public enum ExchangeRefusal: String, CaseIterable, Codable, Sendable, LocalizedFailure {
    case missingPurpose = "missing_purpose"
    case missingIssue = "missing_issue"
    case missingEndUser = "missing_end_user"
    case notShared = "not_shared"
    case outOfScope = "out_of_scope"
    case noGrant = "no_grant"
    case grantExpired = "grant_expired"
    case grantRevoked = "grant_revoked"
    case purposeNotGranted = "purpose_not_granted"
    case fieldNotGranted = "field_not_granted"
    case unknownField = "unknown_field"
    /// Set by the exchange, not the gate: no resource has the code called.
    case unknownResource = "unknown_resource"
    /// Set by the exchange: a resource about people or entities is read one subject at a time.
    case missingSubject = "missing_subject"
    /// Set by the exchange: only a resource provided as a file is handed over whole.
    case notAFile = "not_a_file"

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.missingPurpose, .zhHans): "请在 X-GovHall-Purpose 中说明用途代码"
        case (.missingPurpose, .en): "State the purpose code in X-GovHall-Purpose"
        case (.missingIssue, .zhHans): "请在 X-GovHall-Issue 中说明所办事项（案卷号或事由）"
        case (.missingIssue, .en): "State the case or matter served in X-GovHall-Issue"
        case (.missingEndUser, .zhHans): "请在 X-GovHall-User 中说明最终使用人"
        case (.missingEndUser, .en): "State the end user in X-GovHall-User"
        case (.notShared, .zhHans): "该资源不予共享"
        case (.notShared, .en): "This resource is not shared"
        case (.outOfScope, .zhHans): "本单位不在该资源的共享范围内"
        case (.outOfScope, .en): "Your unit is outside this resource's sharing scope"
        case (.noGrant, .zhHans): "有条件共享资源须先申请并获同意"
        case (.noGrant, .en): "A conditional resource needs an approved request first"
        case (.grantExpired, .zhHans): "授权已过期"
        case (.grantExpired, .en): "The grant has expired"
        case (.grantRevoked, .zhHans): "授权已被撤销"
        case (.grantRevoked, .en): "The grant has been revoked"
        case (.purposeNotGranted, .zhHans): "所述用途与授权用途不符"
        case (.purposeNotGranted, .en): "The stated purpose is not the granted one"
        case (.fieldNotGranted, .zhHans): "请求了未获授权的信息项"
        case (.fieldNotGranted, .en): "A field asked for is not granted"
        case (.unknownField, .zhHans): "请求了资源中不存在的信息项"
        case (.unknownField, .en): "A field asked for is not in this resource"
        case (.unknownResource, .zhHans): "没有这个代码的共享资源"
        case (.unknownResource, .en): "No resource has this code"
        case (.missingSubject, .zhHans): "请用 subject 参数指明查询对象（身份证号或统一社会信用代码）"
        case (.missingSubject, .en): "Name the record's subject (ID number or credit code) in the subject parameter"
        case (.notAFile, .zhHans): "该资源通过接口逐条查询，不提供文件"
        case (.notAFile, .en): "This resource is queried record by record, not provided as a file"
        }
    }
}

/// The exchange's decision for one call: the fields it may read, and under which grant; or why not.
public enum ExchangeDecision: Sendable, Equatable {
    case served(fields: [String], grantIndex: Int?)
    case refused(ExchangeRefusal)

    /// What the access log records as the outcome.
    public static let servedCode = "served"

    public var outcomeCode: String {
        switch self {
        case .served: Self.servedCode
        case let .refused(reason): reason.rawValue
        }
    }
}

/// The exchange gateway's rule (《政务信息资源共享管理暂行办法》第十条、第十八条): the sharing class, the scope, and for a
/// conditional resource an active grant for the stated purpose that covers every field asked for.
public enum ExchangeGate {
    public static func decide(_ call: ExchangeCall, resource: GateResource, grants: [SharingGrantTerms], at now: Date) -> ExchangeDecision {
        guard !(call.purposeCode ?? "").isEmpty else { return .refused(.missingPurpose) }
        guard !(call.issue ?? "").isEmpty else { return .refused(.missingIssue) }
        guard !(call.endUser ?? "").isEmpty else { return .refused(.missingEndUser) }
        if let asked = call.fields, asked.contains(where: { !resource.fieldNames.contains($0) }) { return .refused(.unknownField) }
        switch resource.sharingClass {
        case .notShared:
            return .refused(.notShared)
        case .unconditional:
            guard resource.scopePaths.isEmpty || resource.scopePaths.contains(where: call.callerUnitPath.hasPrefix) else { return .refused(.outOfScope) }
            return .served(fields: call.fields ?? resource.fieldNames, grantIndex: nil)
        case .conditional:
            let own = grants.indices.filter { call.callerUnitPath.hasPrefix(grants[$0].unitPath) }
            guard !own.isEmpty else { return .refused(.noGrant) }
            let active = own.filter { grants[$0].isActive(at: now) }
            guard !active.isEmpty else {
                return .refused(own.contains { grants[$0].revokedAt == nil } ? .grantExpired : .grantRevoked)
            }
            let forPurpose = active.filter { grants[$0].purposeCode == call.purposeCode }
            guard !forPurpose.isEmpty else { return .refused(.purposeNotGranted) }
            if let asked = call.fields {
                guard let index = forPurpose.first(where: { Set(asked).isSubset(of: grants[$0].fields) }) else { return .refused(.fieldNotGranted) }
                return .served(fields: asked, grantIndex: index)
            }
            // Without a field list the caller reads what its widest grant for the purpose allows.
            let index = forPurpose.max { grants[$0].fields.count < grants[$1].fields.count }!
            return .served(fields: resource.fieldNames.filter(grants[index].fields.contains), grantIndex: index)
        }
    }
}

/// One line of the exchange's access log, as it is hashed: every call, served or refused.
public struct ExchangeAccessRecord: ChainLink, Equatable {
    public var sequence: Int
    public var occurredAt: Date
    public var callerUnitID: String
    public var clientName: String
    public var resourceCode: String
    public var fields: [String]
    public var purposeCode: String?
    public var issue: String?
    public var endUser: String?
    /// A SHA-256 of the subject's identifier, so the person it names can find the line without the log holding the number.
    public var subjectDigest: String?
    /// `served` or a refusal code.
    public var outcome: String
    public var resultCount: Int
    public var previousHash: String

    public init(
        sequence: Int, occurredAt: Date, callerUnitID: String, clientName: String, resourceCode: String, fields: [String], purposeCode: String?,
        issue: String?, endUser: String?, subjectDigest: String?, outcome: String, resultCount: Int, previousHash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.callerUnitID = callerUnitID
        self.clientName = clientName
        self.resourceCode = resourceCode
        self.fields = fields
        self.purposeCode = purposeCode
        self.issue = issue
        self.endUser = endUser
        self.subjectDigest = subjectDigest
        self.outcome = outcome
        self.resultCount = resultCount
        self.previousHash = previousHash
    }

    public var canonicalEncoding: [UInt8] {
        var out = CanonicalFields(tag: "govhall-exchange-v1")
        let milliseconds = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded())
        let values: [String?] = [
            String(sequence), String(milliseconds), callerUnitID, clientName, resourceCode, fields.joined(separator: ","), purposeCode, issue,
            endUser, subjectDigest, outcome, String(resultCount), previousHash,
        ]
        for value in values {
            out.add(value)
        }
        return out.bytes
    }
}
