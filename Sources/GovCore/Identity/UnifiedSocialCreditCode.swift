/// 统一社会信用代码 (GB 32100-2015): registration authority (1), institution type (1), region (6), the
/// GB 11714 organization code with its own check character (9), and a MOD 31 check character (1).
///
/// `description` is the masked form, like ``ResidentIdentityNumber``.
public struct UnifiedSocialCreditCode: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, uppercased.
    public let value: String

    /// The 31 characters the code uses: digits and capitals without I, O, Z, S and V, which read like 1, 0, 2,
    /// 5 and U.
    private static let charset = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let charsetValues = Dictionary(uniqueKeysWithValues: charset.enumerated().map { ($1, $0) })
    /// 3^i mod 31.
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// 1–9 registries such as 1 机构编制, 5 民政, 9 工商; A 中央军委改革和编制办公室; N 农业; Y 其他.
    private static let registrationAuthorities: Set<Character> = Set("123456789ANY")

    /// Accepts the code trimmed and uppercased. Both check characters must hold: the code's own MOD 31 one,
    /// and the GB 11714 one of the organization code inside it.
    public init(_ raw: String) throws(IdentifierError) {
        let typed = try IdentifierText.characters(of: raw)
        guard typed.count == 18 else { throw .wrongLength(expected: 18, actual: typed.count) }
        let characters = typed.map(IdentifierText.uppercased)
        for (offset, character) in characters.enumerated() where Self.charsetValues[character] == nil {
            throw .invalidCharacter(position: offset + 1, character: typed[offset])
        }
        guard Self.registrationAuthorities.contains(characters[0]) else {
            throw .unknownRegistrationAuthority(characters[0])
        }
        guard characters[1] != "0" else { throw .invalidCharacter(position: 2, character: typed[1]) }
        for offset in 2..<8 where IdentifierText.digit(characters[offset]) == nil {
            throw .invalidCharacter(position: offset + 1, character: typed[offset])
        }
        // Every character is in the charset by now, so both check characters exist.
        if let expected = Self.checkCharacter(for: String(characters[0..<17])), expected != characters[17] {
            throw .checkCharacterMismatch(expected: expected, actual: characters[17])
        }
        if let expected = OrganizationCode.checkCharacter(for: String(characters[8..<16])), expected != characters[16] {
            throw .organizationCodeCheckMismatch(expected: expected, actual: characters[16])
        }
        value = String(characters)
    }

    /// Position 1: 登记管理部门代码.
    public var registrationAuthority: Character { value.first! }

    /// Position 2: 机构类别代码, whose meaning depends on the authority.
    public var institutionType: Character { Array(value)[1] }

    /// Positions 3–8: 登记管理机关行政区划码.
    public var regionCode: String { String(value.dropFirst(2).prefix(6)) }

    /// Positions 9–17: the GB 11714 organization code, check character included.
    public var organizationCode: String { String(value.dropFirst(8).prefix(9)) }

    public var masked: String { Mask.identifier(value) }

    public var description: String { masked }

    /// The MOD 31 check character for the first 17 characters: (31 − Σ value × 3^i mod 31) mod 31, written in
    /// the code's charset. `nil` unless the input is 17 characters of that charset (uppercase).
    public static func checkCharacter(for first17: String) -> Character? {
        let characters = Array(first17)
        guard characters.count == weights.count else { return nil }
        var sum = 0
        for (character, weight) in zip(characters, weights) {
            guard let value = charsetValues[character] else { return nil }
            sum += value * weight
        }
        return charset[(31 - sum % 31) % 31]
    }
}
