import Foundation

/// A date without a time, as printed on a Chinese calendar page.
///
/// Deadlines in Chinese administrative law are counted in whole days of Beijing time (UTC+8; China has kept
/// no daylight saving time since 1991), so a day is a plain (year, month, day) and instants are mapped onto
/// it with a fixed +8 hours. Arithmetic goes through a day number (days since 1970-01-01) computed with
/// Howard Hinnant's `days_from_civil` algorithm: exact, branch-light and far faster than `Calendar`.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The earliest and latest dates this type represents (years 1...9999, the four-digit ISO range).
    static let earliest = CivilDate(uncheckedYear: 1, month: 1, day: 1)
    public static let latest = CivilDate(uncheckedYear: 9999, month: 12, day: 31)
    static let dayNumbers = earliest.dayNumber...latest.dayNumber

    /// Seconds Beijing time is ahead of UTC.
    static let beijingOffset = 8 * 3600
    private static let secondsPerDay = 86_400

    /// `nil` unless the date exists in the proleptic Gregorian calendar and the year is 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// Parses exactly `yyyy-MM-dd` (4-2-2 ASCII digits). Anything else, including padding, a missing zero or
    /// an impossible day such as `2026-02-30`, is `nil`: dates come from forms and files, and a lenient parse
    /// would turn a typo into a wrong deadline.
    public init?(_ iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date as an official document writes it, `2026年12月7日`: Arabic numerals, no leading zeros
    /// (GB/T 9704-2012 §7.3.5.3, 成文日期).
    public var official: String { "\(year)年\(month)月\(day)日" }

    /// The date on a document in `language`: the official form in Chinese, ISO 8601 in English.
    public func written(in language: Language) -> String { language == .zhHans ? official : description }

    /// `yyyy-MM-dd`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Day numbers

    /// Days since 1970-01-01 (which is day 0).
    var dayNumber: Int { CivilDate.daysFromCivil(year: year, month: month, day: day) }

    /// The date of a day number. The day must lie within years 1...9999.
    init(dayNumber: Int) {
        precondition(CivilDate.dayNumbers.contains(dayNumber), "CivilDate out of range (years 1...9999): day \(dayNumber)")
        let (year, month, day) = CivilDate.civilFromDays(dayNumber)
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let fromMonday = (dayNumber + 3) % 7
        return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1
    }

    /// Saturday or Sunday: the ordinary days off, before holidays and makeup workdays (调休) are applied.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` later (earlier when negative). The result must stay within years 1...9999.
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// The date `days` later, or nil where that leaves years 1...9999 (a period counted back from a date a caller typed).
    public func adding(daysIfInRange days: Int) -> CivilDate? {
        CivilDate.dayNumbers.contains(dayNumber + days) ? CivilDate(dayNumber: dayNumber + days) : nil
    }

    /// The same day `months` later; a day the target month lacks becomes its last day (01-31 + 1 month → 02-28).
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let targetYear = index / 12
        let targetMonth = index % 12 + 1
        return CivilDate(uncheckedYear: targetYear, month: targetMonth, day: min(day, CivilDate.daysIn(month: targetMonth, year: targetYear)))
    }

    /// `other - self` in days: positive when `other` is later.
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    // MARK: Beijing time

    /// The date the instant falls on in Beijing (UTC+8).
    public static func beijing(_ instant: Date) -> CivilDate {
        let seconds = (instant.timeIntervalSince1970 + Double(beijingOffset)) / Double(secondsPerDay)
        return CivilDate(dayNumber: Int(seconds.rounded(.down)))
    }

    /// The date an instant used as the *end* of a span belongs to: like ``beijing(_:)``, except that 00:00
    /// exactly belongs to the day before, because it is that day's exclusive end (``endInBeijing``).
    public static func beijingEnding(at instant: Date) -> CivilDate {
        let date = beijing(instant)
        return instant == date.startInBeijing ? date.adding(days: -1) : date
    }

    /// 00:00 Beijing time at the start of this date.
    public var startInBeijing: Date {
        Date(timeIntervalSince1970: Double(dayNumber * CivilDate.secondsPerDay - CivilDate.beijingOffset))
    }

    /// 00:00 Beijing time of the next date: the exclusive end of this date.
    public var endInBeijing: Date {
        Date(timeIntervalSince1970: Double((dayNumber + 1) * CivilDate.secondsPerDay - CivilDate.beijingOffset))
    }

    // MARK: Codable, as the single string "yyyy-MM-dd"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a date written yyyy-MM-dd, found \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Hinnant's algorithms (https://howardhinnant.github.io/date_algorithms.html)

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400                                   // [0, 399]
        let shiftedMonth = month > 2 ? month - 3 : month + 9            // March = 0
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1          // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
