/// Problems with the fields of one submitted form, each to be shown next to its field.
public struct FieldErrors: LocalizedFailure {
    public private(set) var entries: [(field: String, failure: any LocalizedFailure)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// One problem with one field.
    public static func single(_ field: String, _ failure: any LocalizedFailure) -> FieldErrors {
        var errors = FieldErrors()
        errors.add(field, failure)
        return errors
    }

    public mutating func add(_ field: String, _ failure: any LocalizedFailure) {
        entries.append((field, failure))
    }

    /// Runs a throwing check and files its failure under `field`.
    public mutating func check<T>(_ field: String, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let failure as any LocalizedFailure {
            add(field, failure)
            return nil
        } catch {
            add(field, FieldProblem.invalid)
            return nil
        }
    }

    public func throwIfAny() throws(FieldErrors) {
        if !isEmpty { throw self }
    }

    public func messages(in language: Language) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries where result[entry.field] == nil {
            result[entry.field] = entry.failure.message(in: language)
        }
        return result
    }

    public func message(in language: Language) -> String {
        entries.map { $0.failure.message(in: language) }.joined(separator: language == .zhHans ? "；" : "; ")
    }
}

/// The common, field-independent problems.
public enum FieldProblem: LocalizedFailure, Equatable {
    case required
    case tooLong(max: Int)
    case invalid
    case usernameFormat
    case alreadyTaken
    case mismatch

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.required, .zhHans): "此项必填"
        case (.required, .en): "This field is required"
        case let (.tooLong(max), .zhHans): "不能超过 \(max) 个字符"
        case let (.tooLong(max), .en): "At most \(max) characters"
        case (.invalid, .zhHans): "格式不正确"
        case (.invalid, .en): "This value is not valid"
        case (.usernameFormat, .zhHans): "用户名为 3–32 位字母、数字、点、下划线或连字符"
        case (.usernameFormat, .en): "A user name has 3–32 letters, digits, dots, underscores or hyphens"
        case (.alreadyTaken, .zhHans): "已被其他账号使用"
        case (.alreadyTaken, .en): "Already used by another account"
        case (.mismatch, .zhHans): "两次输入不一致"
        case (.mismatch, .en): "The two entries do not match"
        }
    }
}

/// Trimmed, required, bounded text: the shape of most free-text fields.
public enum TextField {
    public static func required(_ value: String?, max: Int) throws(FieldProblem) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .required }
        guard trimmed.count <= max else { throw .tooLong(max: max) }
        return trimmed
    }

    public static func optional(_ value: String?, max: Int) throws(FieldProblem) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else { throw .tooLong(max: max) }
        return trimmed
    }
}
