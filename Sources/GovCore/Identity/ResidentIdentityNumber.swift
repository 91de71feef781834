/// 公民身份号码 on the 居民身份证 (GB 11643-1999): a 6-digit region code, an 8-digit birth date, a 3-digit
/// sequence whose last digit is odd for men, and a MOD 11-2 check character (ISO 7064).
///
/// `description` is the masked form, so a number interpolated into a log line or a page does not leak.
public struct ResidentIdentityNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, with a check character `x` stored as `X`.
    public let value: String

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")
    /// Province-level codes of GB/T 2260, incl. 71 Taiwan, 81 Hong Kong and 82 Macao.
    private static let provinceCodes: Set<Int> = Set(
        [11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71...71, 81...82].joined())

    /// Accepts the number with surrounding whitespace trimmed. Checked in the order a clerk would fix them:
    /// length, characters, region, birth date (a real date, from 1900, and not after `today` when given),
    /// then the check character.
    public init(_ raw: String, today: CivilDate? = nil) throws(IdentifierError) {
        let typed = try IdentifierText.characters(of: raw)
        guard typed.count == 18 else { throw .wrongLength(expected: 18, actual: typed.count) }
        for (offset, character) in typed.enumerated() {
            let allowed = IdentifierText.digit(character) != nil || (offset == 17 && (character == "X" || character == "x"))
            guard allowed else { throw .invalidCharacter(position: offset + 1, character: character) }
        }
        let region = String(typed[0..<6])
        guard let province = Int(region.prefix(2)), Self.provinceCodes.contains(province) else {
            throw .unknownRegion(region)
        }
        let birth = String(typed[6..<14])
        guard let born = Self.date(birth), born.year >= 1900, today.map({ born <= $0 }) ?? true else {
            throw .invalidBirthDate(birth)
        }
        let first17 = String(typed[0..<17])
        let actual = IdentifierText.uppercased(typed[17])
        // Every character is a digit by now, so a check character exists.
        if let expected = Self.checkCharacter(for: first17), expected != actual {
            throw .checkCharacterMismatch(expected: expected, actual: actual)
        }
        value = first17 + String(actual)
    }

    /// First 6 digits: the region (GB/T 2260) where the number was first issued.
    public var regionCode: String { String(value.prefix(6)) }

    /// Digits 7–14.
    public var birthDate: CivilDate {
        // Validated in `init`.
        Self.date(String(value.dropFirst(6).prefix(8)))!
    }

    /// The 17th digit (last of the sequence code) is odd for men and even for women.
    public var isMale: Bool {
        let digit = IdentifierText.digit(Array(value)[16]) ?? 0
        return digit % 2 == 1
    }

    /// "440305********123X": region kept, birth date and most of the sequence hidden.
    public var masked: String { Mask.identifier(value) }

    public var description: String { masked }

    /// A valid number of no real person, for printed samples (示例样表): Beijing Dongcheng, born 1990-03-07.
    public static var sample: String {
        let body = "11010119900307123"
        return body + String(checkCharacter(for: body)!)
    }

    /// The MOD 11-2 check character for 17 digits: Σ digit × weight, mod 11, mapped through "10X98765432".
    /// `nil` unless the input is exactly 17 ASCII digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.map(IdentifierText.digit)
        guard digits.count == weights.count else { return nil }
        var sum = 0
        for (digit, weight) in zip(digits, weights) {
            guard let digit else { return nil }
            sum += digit * weight
        }
        return checkCharacters[sum % 11]
    }

    /// `yyyyMMdd` as a date.
    private static func date(_ digits: String) -> CivilDate? {
        guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
              let day = Int(digits.suffix(2))
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
