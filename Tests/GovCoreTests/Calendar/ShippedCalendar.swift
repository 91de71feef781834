import Foundation
import GovCore
import Testing

/// The calendar shipped in `Resources/Data/cn-workday-calendar.csv`, found by walking up from this file.
/// The walk is tried from the path as compiled and with symlinks resolved, so it works both from the
/// repository and from a package that links the test folder in.
enum ShippedCalendar {
    static let relativePath = "Resources/Data/cn-workday-calendar.csv"

    static let url: URL? = {
        let file = URL(fileURLWithPath: #filePath)
        for start in [file, file.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent(relativePath)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    static let text: String? = url.flatMap { try? String(contentsOf: $0, encoding: .utf8) }

    static let overrides: [CalendarOverride]? = text.flatMap { try? WorkCalendar.parseCSV($0) }

    static let calendar: WorkCalendar? = overrides.map { WorkCalendar(overrides: $0) }
}

/// `yyyy-MM-dd` as a date, for test tables; a typo in a literal fails the test that uses it.
func civil(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CivilDate {
    try #require(CivilDate(text), "not a date: \(text)", sourceLocation: sourceLocation)
}

/// An instant written in ISO 8601 with an offset, e.g. `2026-09-28T10:00:00+08:00`.
func isoInstant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
    let formatter = ISO8601DateFormatter()
    return try #require(formatter.date(from: text), "not an instant: \(text)", sourceLocation: sourceLocation)
}
