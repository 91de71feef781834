import Foundation

/// 办件编号: the number an application is known by, printed on the receipt (受理回执) and used with the
/// ``QueryCode`` to look up progress.
///
/// Twenty digits: the 6-digit administrative region code (GB/T 2260) of the hall, the Beijing date it was
/// registered as `yyyyMMdd`, and a 6-digit sequence within that region and day starting at 000001. Digits only, so
/// it can be read over the 12345 hotline and typed on a phone keypad.
public struct TrackingNumber: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let value: String

    public static let length = 20
    public static let maxSequence = 999_999

    public static func make(regionCode: String, date: CivilDate, sequence: Int) throws(TrackingNumberError) -> TrackingNumber {
        guard regionCode.utf8.count == 6, regionCode.utf8.allSatisfy(isDigit), !regionCode.hasPrefix("00") else {
            throw .invalidRegion(regionCode)
        }
        guard (1...maxSequence).contains(sequence) else { throw .sequenceOutOfRange(sequence) }
        guard (2000...9999).contains(date.year) else { throw .invalidDate(date.description) }
        let compactDate = date.description.replacingOccurrences(of: "-", with: "")
        let serial = String(sequence)
        return TrackingNumber(uncheckedValue: regionCode + compactDate + String(repeating: "0", count: 6 - serial.count) + serial)
    }

    /// The number for an instant: its date is the Beijing date (UTC+8), whatever the server's time zone.
    public static func make(regionCode: String, at instant: Date, sequence: Int) throws(TrackingNumberError) -> TrackingNumber {
        try make(regionCode: regionCode, date: CivilDate.beijing(instant), sequence: sequence)
    }

    /// Parses a number as typed: surrounding whitespace and inner spaces or hyphens (as printed in groups) are
    /// ignored.
    public static func parse(_ raw: String) throws(TrackingNumberError) -> TrackingNumber {
        let compact = raw.filter { !$0.isWhitespace && $0 != "-" }
        guard !compact.isEmpty else { throw .empty }
        guard compact.count == length else { throw .wrongLength(actual: compact.count) }
        for (offset, character) in compact.enumerated() where !(character.asciiValue.map(isDigit) ?? false) {
            throw .nonDigit(position: offset + 1)
        }
        let region = String(compact.prefix(6))
        let dateText = compact.dropFirst(6).prefix(8)
        guard let date = CivilDate("\(dateText.prefix(4))-\(dateText.dropFirst(4).prefix(2))-\(dateText.suffix(2))") else {
            throw .invalidDate(String(dateText))
        }
        return try make(regionCode: region, date: date, sequence: Int(compact.suffix(6))!)
    }

    private init(uncheckedValue: String) {
        value = uncheckedValue
    }

    public var regionCode: String { String(value.prefix(6)) }

    public var date: CivilDate {
        let text = value.dropFirst(6).prefix(8)
        return CivilDate("\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))")!
    }

    public var sequence: Int { Int(value.suffix(6))! }

    public var description: String { value }

    /// Grouped for printing and reading aloud: `110101-20261121-000123`.
    public var grouped: String { "\(regionCode)-\(value.dropFirst(6).prefix(8))-\(value.suffix(6))" }

    public static func < (lhs: TrackingNumber, rhs: TrackingNumber) -> Bool { lhs.value < rhs.value }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    public init(from decoder: any Decoder) throws {
        self = try Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a tracking number was refused.
public enum TrackingNumberError: LocalizedFailure, Equatable {
    case empty
    case wrongLength(actual: Int)
    case nonDigit(position: Int)
    case invalidRegion(String)
    case invalidDate(String)
    case sequenceOutOfRange(Int)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans): "请填写办件编号"
        case (.empty, .en): "Please enter the application number"
        case let (.wrongLength(actual), .zhHans): "办件编号应为 20 位数字，实际 \(actual) 位"
        case let (.wrongLength(actual), .en): "An application number has 20 digits; this one has \(actual)"
        case let (.nonDigit(position), .zhHans): "办件编号第 \(position) 位不是数字"
        case let (.nonDigit(position), .en): "Character \(position) of the application number is not a digit"
        case let (.invalidRegion(code), .zhHans): "办件编号前 6 位地区代码“\(code)”无效"
        case let (.invalidRegion(code), .en): "The region code “\(code)” (first 6 digits) is not valid"
        case let (.invalidDate(text), .zhHans): "办件编号第 7–14 位日期“\(text)”无效"
        case let (.invalidDate(text), .en): "The date “\(text)” (digits 7–14) is not valid"
        case let (.sequenceOutOfRange(sequence), .zhHans): "当日流水号 \(sequence) 超出范围（000001–999999）"
        case let (.sequenceOutOfRange(sequence), .en): "The daily sequence \(sequence) is out of range (000001–999999)"
        }
    }
}

/// 查询码: the short secret printed on the receipt beside the ``TrackingNumber``, so that a person can check
/// progress without signing in while a stranger who knows the number cannot.
///
/// Six characters from 31 that cannot be mistaken for one another when read aloud or handwritten (no 0/O, 1/I/L):
/// 31⁶ ≈ 887 million values. Comparison is case-insensitive and takes the same time whatever the input, and the
/// caller throttles attempts per tracking number.
public enum QueryCode {
    /// Digits 2–9 and capitals without I, L and O.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 6

    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Whether `entered` is `expected`, ignoring case and surrounding whitespace. Every byte of both is looked at
    /// whether or not an early one differs, so the time taken does not tell how much of a guess was right.
    public static func matches(_ entered: String, _ expected: String) -> Bool {
        func normalised(_ text: String) -> [UInt8] {
            Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8).map { byte in
                byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
            }
        }
        let lhs = normalised(entered)
        let rhs = normalised(expected)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        let count = max(lhs.count, rhs.count)
        for index in 0..<count {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0xFF
            difference |= a ^ b
        }
        return difference == 0 && !rhs.isEmpty
    }

    /// Whether a text has the shape of a query code (before comparing it), ignoring case.
    public static func isWellFormed(_ text: String) -> Bool {
        let upper = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return upper.count == length && upper.allSatisfy(alphabet.contains)
    }
}
