/// Rules a new password must meet. Long enough to resist guessing, and not one of the identifiers a
/// colleague could know (GB/T 22239 level-3 systems ask for length and mixed character classes).
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    public static func validate(_ password: String, username: String) throws(PasswordError) {
        guard password.count >= minimumLength else { throw .tooShort(minimumLength) }
        guard password.count <= maximumLength else { throw .tooLong(maximumLength) }
        let hasLetter = password.contains { $0.isLetter }
        let hasDigit = password.contains { $0.isNumber }
        guard hasLetter, hasDigit else { throw .needsLettersAndDigits }
        if !username.isEmpty, password.lowercased().contains(username.lowercased()) { throw .containsUsername }
    }
}

public enum PasswordError: LocalizedFailure, Equatable {
    case tooShort(Int), tooLong(Int), needsLettersAndDigits, containsUsername

    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.tooShort(n), .zhHans): "密码至少需要 \(n) 个字符"
        case let (.tooShort(n), .en): "The password needs at least \(n) characters"
        case let (.tooLong(n), .zhHans): "密码不能超过 \(n) 个字符"
        case let (.tooLong(n), .en): "The password may have at most \(n) characters"
        case (.needsLettersAndDigits, .zhHans): "密码必须同时包含字母和数字"
        case (.needsLettersAndDigits, .en): "The password must contain both letters and digits"
        case (.containsUsername, .zhHans): "密码不能包含用户名"
        case (.containsUsername, .en): "The password must not contain the user name"
        }
    }
}
