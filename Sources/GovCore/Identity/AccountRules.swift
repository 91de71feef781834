import Foundation

/// A request to open an account, as a person typed it.
public struct AccountApplication: Sendable {
    public var kind: AccountKind
    public var username: String?
    public var displayName: String?
    public var password: String?
    public var passwordConfirmation: String?
    public var residentID: String?
    public var creditCode: String?
    public var phone: String?

    public init(
        kind: AccountKind, username: String?, displayName: String?, password: String?, passwordConfirmation: String?,
        residentID: String? = nil, creditCode: String? = nil, phone: String? = nil
    ) {
        self.kind = kind
        self.username = username
        self.displayName = displayName
        self.password = password
        self.passwordConfirmation = passwordConfirmation
        self.residentID = residentID
        self.creditCode = creditCode
        self.phone = phone
    }
}

/// The same request, checked: identifiers validated per GB 11643 / GB 32100, password per policy.
public struct ValidAccountApplication: Sendable, Equatable {
    public var kind: AccountKind
    public var username: String
    public var displayName: String
    public var password: String
    public var residentID: ResidentIdentityNumber?
    public var creditCode: UnifiedSocialCreditCode?
    public var phone: String?

    public init(
        kind: AccountKind, username: String, displayName: String, password: String,
        residentID: ResidentIdentityNumber?, creditCode: UnifiedSocialCreditCode?, phone: String?
    ) {
        self.kind = kind
        self.username = username
        self.displayName = displayName
        self.password = password
        self.residentID = residentID
        self.creditCode = creditCode
        self.phone = phone
    }
}

public enum AccountRules {
    public static func validate(_ application: AccountApplication, today: CivilDate) throws(FieldErrors) -> ValidAccountApplication {
        var errors = FieldErrors()
        let username = errors.check("username") { () throws(FieldProblem) -> String in
            let name = try TextField.required(application.username, max: 32)
            guard name.count >= 3, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw .usernameFormat
            }
            return name
        }
        let displayName = errors.check("displayName") { () throws(FieldProblem) -> String in
            try TextField.required(application.displayName, max: 100)
        }
        let password = errors.check("password") { () throws -> String in
            let password = application.password ?? ""
            try PasswordPolicy.validate(password, username: username ?? "")
            return password
        }
        if let password, password != (application.passwordConfirmation ?? "") {
            errors.add("passwordConfirmation", FieldProblem.mismatch)
        }
        var residentID: ResidentIdentityNumber?
        var creditCode: UnifiedSocialCreditCode?
        switch application.kind {
        case .citizen:
            residentID = errors.check("residentID") { () throws(IdentifierError) -> ResidentIdentityNumber in
                try ResidentIdentityNumber(application.residentID ?? "", today: today)
            }
        case .enterprise:
            creditCode = errors.check("creditCode") { () throws(IdentifierError) -> UnifiedSocialCreditCode in
                try UnifiedSocialCreditCode(application.creditCode ?? "")
            }
        case .staff:
            break
        }
        let phone = errors.check("phone") { () throws(FieldProblem) -> String? in
            guard let phone = try TextField.optional(application.phone, max: 20) else { return nil }
            guard phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ".contains($0)) }) else { throw .invalid }
            return phone
        }
        try errors.throwIfAny()
        return ValidAccountApplication(
            kind: application.kind, username: username!, displayName: displayName!, password: password!,
            residentID: residentID, creditCode: creditCode, phone: phone ?? nil
        )
    }
}
