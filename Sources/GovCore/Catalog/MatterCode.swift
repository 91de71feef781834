import Foundation

/// 事项实施编码: the code of one department's implementation of a catalogue matter, after GB/T 39554.1-2020
/// 《全国一体化政务服务平台 政务服务事项基本目录及实施清单 第1部分：编码要求》.
///
/// Layout accepted here (28 or 31 characters, no separators):
///
/// | positions | part | content |
/// | --- | --- | --- |
/// | 1–18 | ``departmentCode`` | the implementing department's 统一社会信用代码 (GB 32100), both check characters verified |
/// | 19–20 | ``kindCode`` | 事项类型代码 (see ``MatterKind/typeCode``) |
/// | 21–25 | ``mainItemCode`` | 主项代码, 00001–99999 |
/// | 26–28 | ``subItemCode`` | 子项代码, 000 when the matter has no sub-items |
/// | 29–31 | ``businessItemCode`` | optional 业务办理项代码, 001–999 |
///
/// What is verified and what is assumed (the standard's text was not available to check against):
/// - Verified from public sources: the implementation code starts with the implementing body's 18-character
///   统一社会信用代码; implementation codes in live use are 31 characters (for example one published by a
///   Guangdong utility: its credit code followed by 13 digits); 基本编码 columns are at most 12 characters; the
///   事项类型 dictionary 01 行政许可, 02 行政处罚, 03 行政强制, 04 行政征收, 05 行政给付, 06 行政检查, 07 行政确认,
///   08 行政奖励, 09 行政裁决, 10 其他行政权力, 20 公共服务 is the one platforms exchange.
/// - Assumed: the catalogue part is 2-digit type + 5-digit main item + 3-digit sub-item (the 2+5+3 scheme of
///   provincial standards such as DB52/T 1264-2018, with the letter type codes replaced by the national two-digit
///   ones), optionally followed by a 3-digit business item, all digits. Live 31-character codes whose type digits
///   are not in the dictionary are refused, so a deployment importing real catalogue data should check a sample
///   first.
public struct MatterCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The whole code, credit code uppercased.
    public let value: String

    public static let lengthWithoutBusinessItem = 28
    public static let lengthWithBusinessItem = 31

    public init(_ raw: String) throws(MatterCodeError) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        let characters = Array(trimmed)
        guard characters.count == Self.lengthWithoutBusinessItem || characters.count == Self.lengthWithBusinessItem else {
            throw .wrongLength(actual: characters.count)
        }
        let department: UnifiedSocialCreditCode
        do {
            department = try UnifiedSocialCreditCode(String(characters[0..<18]))
        } catch {
            throw .invalidDepartment(error)
        }
        for offset in 18..<characters.count where !Self.isASCIIDigit(characters[offset]) {
            throw .nonDigit(position: offset + 1, character: characters[offset])
        }
        let catalog = String(characters[18...])
        let kindCode = String(catalog.prefix(2))
        if MatterKind(typeCode: kindCode) == nil {
            if let power = Self.nonServicePowers[kindCode] { throw .notAServiceMatter(kindCode: kindCode, nameZh: power.zh, nameEn: power.en) }
            throw .unknownKind(kindCode)
        }
        guard catalog.dropFirst(2).prefix(5) != "00000" else { throw .zeroMainItem }
        if catalog.count == 13, catalog.suffix(3) == "000" { throw .zeroBusinessItem }
        value = department.value + catalog
    }

    /// Builds a code from its parts; the parts are checked as ``init(_:)`` checks them (a sub-item over 999
    /// makes the code too long).
    public init(
        department: UnifiedSocialCreditCode, kind: MatterKind, mainItem: Int, subItem: Int = 0, businessItem: Int? = nil
    ) throws(MatterCodeError) {
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        guard (1...99_999).contains(mainItem) else { throw .zeroMainItem }
        var raw = department.value + kind.typeCode + digits(mainItem, 5) + digits(subItem, 3)
        if let businessItem {
            guard (1...999).contains(businessItem) else { throw .zeroBusinessItem }
            raw += digits(businessItem, 3)
        }
        try self.init(raw)
    }

    /// Positions 1–18: the implementing department's 统一社会信用代码.
    public var departmentCode: String { String(value.prefix(18)) }

    /// Positions 19 to the end: the catalogue part (type, main item, sub-item, optional business item).
    public var catalogCode: String { String(value.dropFirst(18)) }

    /// The 基本编码 shared by every department implementing the same matter: type + main item + sub-item.
    public var basicCode: String { String(catalogCode.prefix(10)) }

    /// Positions 19–20: 事项类型代码.
    public var kindCode: String { String(catalogCode.prefix(2)) }

    public var kind: MatterKind { MatterKind(typeCode: kindCode)! }

    /// Positions 21–25: 主项代码.
    public var mainItemCode: String { String(catalogCode.dropFirst(2).prefix(5)) }

    /// Positions 26–28: 子项代码; `000` when there are no sub-items.
    public var subItemCode: String { String(catalogCode.dropFirst(7).prefix(3)) }

    /// Positions 29–31: 业务办理项代码, when present.
    public var businessItemCode: String? { catalogCode.count == 13 ? String(catalogCode.suffix(3)) : nil }

    public var description: String { value }

    private static func isASCIIDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= UInt8(ascii: "0") && ascii <= UInt8(ascii: "9")
    }

    /// Type codes of administrative powers that are exercised on people rather than applied for.
    static let nonServicePowers: [String: (zh: String, en: String)] = [
        "02": ("行政处罚", "administrative penalty"),
        "03": ("行政强制", "administrative coercion"),
        "04": ("行政征收", "administrative levy"),
        "06": ("行政检查", "administrative inspection"),
    ]

    // Codable as the bare string, validated on the way in.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a 事项实施编码 was refused. Positions are 1-based.
public enum MatterCodeError: LocalizedFailure, Equatable {
    case empty
    case wrongLength(actual: Int)
    case invalidDepartment(IdentifierError)
    case nonDigit(position: Int, character: Character)
    case unknownKind(String)
    case notAServiceMatter(kindCode: String, nameZh: String, nameEn: String)
    case zeroMainItem
    case zeroBusinessItem

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans): "请填写事项实施编码"
        case (.empty, .en): "Please enter the matter code"
        case let (.wrongLength(actual), .zhHans): "事项实施编码应为 28 位或 31 位，实际 \(actual) 位"
        case let (.wrongLength(actual), .en): "A matter code has 28 or 31 characters; this one has \(actual)"
        case let (.invalidDepartment(error), .zhHans): "前 18 位实施机构统一社会信用代码有误：\(error.message(in: .zhHans))"
        case let (.invalidDepartment(error), .en):
            "The implementing department's credit code (first 18 characters) is wrong: \(error.message(in: .en))"
        case let (.nonDigit(position, character), .zhHans): "第 \(position) 位“\(character)”应为数字"
        case let (.nonDigit(position, character), .en): "Character \(position) (“\(character)”) must be a digit"
        case let (.unknownKind(code), .zhHans): "第 19–20 位事项类型代码“\(code)”不存在"
        case let (.unknownKind(code), .en): "The matter type code “\(code)” (characters 19–20) does not exist"
        case let (.notAServiceMatter(code, nameZh, _), .zhHans): "事项类型代码“\(code)”为\(nameZh)，不是依申请办理的政务服务事项"
        case let (.notAServiceMatter(code, _, nameEn), .en):
            "The matter type code “\(code)” is \(nameEn), which is not a service people apply for"
        case (.zeroMainItem, .zhHans): "第 21–25 位主项代码应为 00001–99999"
        case (.zeroMainItem, .en): "The main item code (characters 21–25) must be 00001–99999"
        case (.zeroBusinessItem, .zhHans): "第 29–31 位业务办理项代码应为 001–999；没有业务办理项时请使用 28 位编码"
        case (.zeroBusinessItem, .en):
            "The business item code (characters 29–31) must be 001–999; without one, use the 28-character code"
        }
    }
}
