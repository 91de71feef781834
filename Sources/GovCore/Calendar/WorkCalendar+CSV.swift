import Foundation

extension WorkCalendar {
    /// Parses the calendar file an administrator imports (and the one shipped in `Resources/Data`):
    ///
    ///     date,kind,holiday
    ///     2026-10-01,off,National Day
    ///     2026-10-10,work,National Day
    ///
    /// Blank lines are ignored; CRLF line ends, a UTF-8 byte-order mark, spaces around fields and
    /// double-quoted fields (as spreadsheets write them) are accepted, so a file saved from Excel imports as
    /// is. The first problem found is reported with its line number, and nothing is imported.
    public static func parseCSV(_ text: String) throws(CalendarImportError) -> [CalendarOverride] {
        // `Character.isNewline` treats "\r\n" as one line end.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var overrides: [CalendarOverride] = []
        var seen: Set<CivilDate> = []
        var headerLine: Int?
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = rawLine
            if index == 0, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = csvFields(line)
            guard headerLine != nil else {
                guard fields.map({ $0.lowercased() }) == ["date", "kind", "holiday"] else {
                    throw CalendarImportError(line: number, reason: .missingHeader)
                }
                headerLine = number
                continue
            }
            guard fields.count == 3 else { throw CalendarImportError(line: number, reason: .wrongColumnCount(fields.count)) }
            guard let date = CivilDate(fields[0]) else { throw CalendarImportError(line: number, reason: .invalidDate(fields[0])) }
            guard let kind = CalendarDayKind(rawValue: fields[1].lowercased()) else {
                throw CalendarImportError(line: number, reason: .invalidKind(fields[1]))
            }
            guard seen.insert(date).inserted else { throw CalendarImportError(line: number, reason: .duplicateDate(fields[0])) }
            guard !fields[2].isEmpty, fields[2].count <= 50, !fields[2].contains(where: { $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
                throw CalendarImportError(line: number, reason: .invalidHolidayName)
            }
            overrides.append(CalendarOverride(date: date, kind: kind, holiday: fields[2]))
        }
        guard !overrides.isEmpty else {
            // Point at where the data should have started.
            throw CalendarImportError(line: (headerLine ?? 0) + 1, reason: .empty)
        }
        return overrides
    }

    /// Splits one line on commas. A field in double quotes may contain commas, `""` inside it is a quote, and
    /// text after its closing quote is ignored; other fields are trimmed of surrounding whitespace.
    private static func csvFields(_ line: Substring) -> [String] {
        let characters = Array(line)
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var wasQuoted = false
        var index = 0
        func endField() {
            fields.append(wasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
            field = ""
            wasQuoted = false
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            if inQuotes {
                if character != "\"" {
                    field.append(character)
                } else if index < characters.count, characters[index] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    inQuotes = false
                }
            } else if character == "," {
                endField()
            } else if wasQuoted {
                continue
            } else if character == "\"", field.allSatisfy(\.isWhitespace) {
                field = ""
                inQuotes = true
                wasQuoted = true
            } else {
                field.append(character)
            }
        }
        endField()
        return fields
    }
}

/// A calendar file that cannot be imported, with the line to look at.
public struct CalendarImportError: LocalizedFailure, Equatable {
    /// 1-based line number in the file.
    public var line: Int
    public var reason: Reason

    public enum Reason: Equatable, Sendable {
        case missingHeader
        case wrongColumnCount(Int)
        case invalidDate(String)
        case invalidKind(String)
        case duplicateDate(String)
        case invalidHolidayName
        case empty
    }

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public func message(in language: Language) -> String {
        switch language {
        case .zhHans: "日历文件第 \(line) 行：\(problem(in: language))"
        case .en: "Calendar file, line \(line): \(problem(in: language))"
        }
    }

    private func problem(in language: Language) -> String {
        switch (reason, language) {
        case (.missingHeader, .zhHans):
            "第一行应为表头 date,kind,holiday"
        case (.missingHeader, .en):
            "the first line must be the header date,kind,holiday"
        case let (.wrongColumnCount(count), .zhHans):
            "应有 3 列（日期、类型、节日名称），实际 \(count) 列"
        case let (.wrongColumnCount(count), .en):
            "expected 3 columns (date, kind, holiday), found \(count)"
        case let (.invalidDate(text), .zhHans):
            "日期“\(text)”无效，应为 yyyy-MM-dd 格式的真实日期，如 2026-10-01"
        case let (.invalidDate(text), .en):
            "“\(text)” is not a valid date; write a real date as yyyy-MM-dd, e.g. 2026-10-01"
        case let (.invalidKind(text), .zhHans):
            "类型“\(text)”无效，应为 off（放假）或 work（调休上班）"
        case let (.invalidKind(text), .en):
            "“\(text)” is not a valid kind; use off (holiday) or work (makeup workday)"
        case let (.duplicateDate(text), .zhHans):
            "日期 \(text) 在前面已出现过，每个日期只能出现一次"
        case let (.duplicateDate(text), .en):
            "the date \(text) already appears on an earlier line; each date may appear only once"
        case (.invalidHolidayName, .zhHans):
            "节日名称不能为空、不能超过 50 个字符，也不能含控制字符"
        case (.invalidHolidayName, .en):
            "the holiday name must be 1–50 characters without control characters"
        case (.empty, .zhHans):
            "文件中没有任何日期数据"
        case (.empty, .en):
            "the file contains no dates"
        }
    }
}
