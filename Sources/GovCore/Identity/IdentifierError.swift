import Foundation

/// Why a typed identifier (身份证号, 统一社会信用代码) was refused. Positions are 1-based, as a clerk counts them.
///
/// Cases shared by both identifiers (length, characters, check character) do not say which identifier it
/// was; the form shows the message beside its field.
public enum IdentifierError: LocalizedFailure, Equatable {
    case empty
    case wrongLength(expected: Int, actual: Int)
    case invalidCharacter(position: Int, character: Character)
    case unknownRegion(String)
    case invalidBirthDate(String)
    case checkCharacterMismatch(expected: Character, actual: Character)
    case organizationCodeCheckMismatch(expected: Character, actual: Character)
    case unknownRegistrationAuthority(Character)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans):
            "请填写号码"
        case (.empty, .en):
            "Please enter the number"
        case let (.wrongLength(expected, actual), .zhHans):
            "号码应为 \(expected) 位，实际 \(actual) 位"
        case let (.wrongLength(expected, actual), .en):
            "The number must have \(expected) characters; it has \(actual)"
        case let (.invalidCharacter(position, character), .zhHans):
            "第 \(position) 位\(Self.shown(character, .zhHans))不是允许的字符"
        case let (.invalidCharacter(position, character), .en):
            "Character \(position) (\(Self.shown(character, .en))) is not allowed there"
        case let (.unknownRegion(code), .zhHans):
            "前 6 位地区代码“\(code)”不存在，请核对省份代码（前两位）"
        case let (.unknownRegion(code), .en):
            "The region code “\(code)” (first 6 digits) does not exist; check the province code (first 2 digits)"
        case let (.invalidBirthDate(text), .zhHans):
            "第 7–14 位出生日期“\(text)”无效：应为 1900 年以后、不晚于今天的真实日期"
        case let (.invalidBirthDate(text), .en):
            "The birth date “\(text)” (digits 7–14) is not valid: it must be a real date from 1900 on and not in the future"
        case let (.checkCharacterMismatch(expected, actual), .zhHans):
            "第 18 位校验码应为 \(expected)，实际为 \(actual)，请核对号码是否有误"
        case let (.checkCharacterMismatch(expected, actual), .en):
            "The check character (position 18) should be \(expected), not \(actual); please check the number for typos"
        case let (.organizationCodeCheckMismatch(expected, actual), .zhHans):
            "统一社会信用代码中的组织机构代码（第 9–17 位）校验位应为 \(expected)，实际为 \(actual)"
        case let (.organizationCodeCheckMismatch(expected, actual), .en):
            "The organization code inside the credit code (positions 9–17) should end in \(expected), not \(actual)"
        case let (.unknownRegistrationAuthority(character), .zhHans):
            "第 1 位登记管理部门代码“\(character)”无效，应为 1–9、A、N 或 Y"
        case let (.unknownRegistrationAuthority(character), .en):
            "The registration authority code “\(character)” (position 1) is not valid; it must be 1–9, A, N or Y"
        }
    }

    /// A character as a reader can see it: a space would otherwise show as nothing.
    private static func shown(_ character: Character, _ language: Language) -> String {
        switch (character.isWhitespace, language) {
        case (true, .zhHans): "的空白字符"
        case (true, .en): "a space"
        case (false, .zhHans): "的“\(character)”"
        case (false, .en): "“\(character)”"
        }
    }
}

/// Character handling shared by the identifier types. Only ASCII counts: a full-width "１" is not a digit here.
enum IdentifierText {
    /// The input trimmed of surrounding whitespace, as characters; throws `.empty` if nothing is left.
    static func characters(of raw: String) throws(IdentifierError) -> [Character] {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        return Array(trimmed)
    }

    static func digit(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue, (48...57).contains(ascii) else { return nil }
        return Int(ascii - 48)
    }

    /// `a`–`z` to `A`–`Z`; every other character unchanged.
    static func uppercased(_ character: Character) -> Character {
        guard let ascii = character.asciiValue, (97...122).contains(ascii) else { return character }
        return Character(Unicode.Scalar(ascii - 32))
    }
}
