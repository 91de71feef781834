import Foundation
import GovCore
import Testing

@Suite("Beijing clock text")
struct BeijingClockTests {
    /// What a formatter at a fixed UTC+8 prints, which the arithmetic must match.
    static func formatted(_ instant: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = format
        return formatter.string(from: instant)
    }

    @Test("matches a fixed-offset formatter across days, midnights, leap days and fractions of a second")
    func matchesFormatter() {
        var generator = SystemRandomNumberGenerator()
        let midnight = Date(timeIntervalSince1970: 1_709_136_000)  // 2024-02-29 00:00 Beijing
        var instants = [midnight, midnight.addingTimeInterval(-0.25), midnight.addingTimeInterval(86_399.999), Date(timeIntervalSince1970: 0)]
        // Whole milliseconds: within half a millisecond of the next second the formatter rounds up (it counts in whole
        // milliseconds), where the clock rightly still shows the second the instant is in.
        for _ in 0..<500 { instants.append(Date(timeIntervalSince1970: Double(Int.random(in: 0...4_102_444_800_000, using: &generator)) / 1000)) }
        for instant in instants {
            #expect(BeijingClock.iso8601(instant) == Self.formatted(instant, "yyyy-MM-dd'T'HH:mm:ssXXXXX"))
            #expect(BeijingClock.second(instant) == Self.formatted(instant, "yyyy-MM-dd HH:mm:ss"))
            #expect(BeijingClock.minute(instant) == Self.formatted(instant, "yyyy-MM-dd HH:mm"))
            #expect(BeijingClock.timeOfDay(instant) == Self.formatted(instant, "HH:mm"))
        }
    }

    @Test("known instants")
    func knownInstants() {
        let instant = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01 00:00 UTC
        #expect(BeijingClock.iso8601(instant) == "2025-12-01T08:00:00+08:00")
        #expect(BeijingClock.second(instant.addingTimeInterval(-28_800.5)) == "2025-11-30 23:59:59")
        #expect(BeijingClock.deadline(instant.addingTimeInterval(-28_800)) == "2025-11-30 24:00")
    }
}
