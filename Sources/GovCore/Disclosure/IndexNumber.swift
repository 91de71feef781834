import Foundation

/// 索引号 of a catalogue item, made from a pattern. The default, `{org}/{year}-{seq}`, is what the State Council's
/// catalogue uses: the organisation code, the year written, a five-digit serial (e.g. `00000001X/2026-00012`).
///
/// Placeholders: `{org}` the organisation code, `{year}` the year written, `{category}` the category code, and
/// `{seq}` (or `{seq:N}`, N digits from 1 to 9, default 5) the serial within the organisation and year.
public struct IndexNumberPattern: Equatable, Sendable, CustomStringConvertible {
    public static let standard = IndexNumberPattern(validated: "{org}/{year}-{seq}")

    public let text: String

    private init(validated text: String) { self.text = text }

    public init(_ text: String) throws(DisclosureProblem) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 100, trimmed.range(of: #"\{seq(:[1-9])?\}"#, options: .regularExpression) != nil else {
            throw .badIndexPattern
        }
        let unknown = trimmed.replacingOccurrences(of: #"\{(org|year|category|seq(:[1-9])?)\}"#, with: "", options: .regularExpression)
        guard !unknown.contains("{"), !unknown.contains("}") else { throw .badIndexPattern }
        self.text = trimmed
    }

    public var description: String { text }

    public func format(organisationCode: String, year: Int, categoryCode: String, serial: Int) -> String {
        var result = text
            .replacingOccurrences(of: "{org}", with: organisationCode)
            .replacingOccurrences(of: "{year}", with: String(year))
            .replacingOccurrences(of: "{category}", with: categoryCode)
        while let range = result.range(of: #"\{seq(:[1-9])?\}"#, options: .regularExpression) {
            let token = result[range]
            let digits = token.count > 5 ? Int(String(token.dropFirst(5).dropLast())) ?? 5 : 5
            let number = String(serial)
            result.replaceSubrange(range, with: String(repeating: "0", count: max(0, digits - number.count)) + number)
        }
        return result
    }

    /// The organisation code (组织机构代码) inside a unit's code: characters 9 to 17 of a 统一社会信用代码 (GB 32100),
    /// or the code itself for units that have none.
    public static func organisationCode(ofUnitCode code: String) -> String {
        guard code.count == 18, (try? UnifiedSocialCreditCode(code)) != nil else { return code }
        return String(code.dropFirst(8).prefix(9))
    }
}
