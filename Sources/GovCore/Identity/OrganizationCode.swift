/// 组织机构代码 (GB 11714-1997): eight body characters and a check character, also embedded as
/// positions 9–17 of every 统一社会信用代码.
public enum OrganizationCode {
    private static let weights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// The check character for an 8-character body of `0`–`9`/`A`–`Z` (A = 10 … Z = 35):
    /// C = 11 − (Σ value × weight) mod 11, written `X` for 10 and `0` for 11. `nil` for any other body.
    public static func checkCharacter(for body: String) -> Character? {
        let characters = Array(body)
        guard characters.count == weights.count else { return nil }
        var sum = 0
        for (character, weight) in zip(characters, weights) {
            guard let value = value(of: character) else { return nil }
            sum += value * weight
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let check: return Character(String(check))
        }
    }

    /// Whether `code` is a body and its matching check character, written `XXXXXXXX-X` or without the hyphen.
    /// Lowercase letters are read as uppercase.
    public static func isValid(_ code: String) -> Bool {
        var characters = Array(code).map(IdentifierText.uppercased)
        if characters.count == 10, characters[8] == "-" { characters.remove(at: 8) }
        guard characters.count == 9, let check = checkCharacter(for: String(characters.prefix(8))) else { return false }
        return characters[8] == check
    }

    private static func value(of character: Character) -> Int? {
        if let digit = IdentifierText.digit(character) { return digit }
        guard let ascii = character.asciiValue, (65...90).contains(ascii) else { return nil }
        return Int(ascii) - 55
    }
}
