import Foundation
import Testing
@testable import GovCore

/// Randomised checks with a fixed seed, so a failure repeats. Each compares the fast day-number arithmetic
/// against its own invariants or against a slow, obvious reference built on Foundation's `Calendar`.
@Suite struct CalendarPropertyTests {
    static let firstStart = CivilDate(year: 2004, month: 1, day: 1)!
    static let lastStart = CivilDate(year: 2026, month: 6, day: 30)!

    @Test func dueDatesAgreeWithTheirOwnCountAndWithAReference() throws {
        let calendar = try #require(ShippedCalendar.calendar)
        let reference = try #require(ReferenceCalendar(csv: ShippedCalendar.text))
        var random = SplitMix64(seed: 20_260_928)
        let span = Self.firstStart.days(until: Self.lastStart)
        for _ in 0..<2000 {
            let start = Self.firstStart.adding(days: Int.random(in: 0...span, using: &random))
            let n = Int.random(in: 0...60, using: &random)
            let due = try calendar.dueDate(from: start, workingDays: n)
            let context = Comment(rawValue: "start \(start), \(n) working days")

            #expect(due == reference.dueDate(from: start, workingDays: n), context)
            if n > 0 {
                #expect(try calendar.isWorkingDay(due), context)
            } else {
                #expect(due == start, context)
            }
            #expect(try calendar.workingDays(after: start, through: due) == n, context)
            #expect(try calendar.dueDate(from: start, workingDays: n + 1) > due, context)

            // A pause somewhere around the span: its working days are given back, never taken.
            let pauseStart = start.adding(days: Int.random(in: -5...40, using: &random))
            let pause = pauseStart...pauseStart.adding(days: Int.random(in: 0...20, using: &random))
            let paused = try calendar.dueDate(from: start, workingDays: n, pauses: [pause])
            let pausedContext = Comment(rawValue: "\(context.rawValue), pause \(pause)")
            #expect(try calendar.workingDays(after: start, through: paused, pauses: [pause]) == n, pausedContext)
            #expect(paused >= due, pausedContext)
            #expect(paused == reference.dueDate(from: start, workingDays: n, pause: pause), pausedContext)

            // The instant form: any time of the start day gives the end of the same due date, and a duty
            // finished at that instant has used exactly its limit.
            let startInstant = start.startInBeijing.addingTimeInterval(Double(Int.random(in: 0..<86_400, using: &random)))
            let dueInstant = try calendar.due(from: startInstant, workingDays: n)
            #expect(dueInstant == due.endInBeijing, context)
            #expect(try calendar.elapsedWorkingDays(from: startInstant, to: dueInstant) == n, context)
        }
    }

    @Test func dayNumbersRoundTripOverTheWholeRange() {
        var random = SplitMix64(seed: 7)
        let range = CivilDate.dayNumbers
        for _ in 0..<5000 {
            let number = Int.random(in: range, using: &random)
            let date = CivilDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(CivilDate(date.description) == date)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
            let step = Int.random(in: -1000...1000, using: &random)
            if range.contains(number + step) {
                let other = date.adding(days: step)
                #expect(date.days(until: other) == step)
                #expect((other > date) == (step > 0))
                #expect((other.weekday - date.weekday - step) % 7 == 0)
            }
        }
        #expect(CivilDate(dayNumber: range.lowerBound).description == "0001-01-01")
        #expect(CivilDate(dayNumber: range.upperBound).description == "9999-12-31")
    }

    @Test func datesAndWeekdaysAgreeWithFoundation() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        var random = SplitMix64(seed: 42)
        // Foundation switches to the Julian calendar before 1582, so compare within modern dates only.
        let first = CivilDate(year: 1900, month: 1, day: 1)!.dayNumber
        let last = CivilDate(year: 2100, month: 12, day: 31)!.dayNumber
        for _ in 0..<3000 {
            let number = Int.random(in: first...last, using: &random)
            let date = CivilDate(dayNumber: number)
            let midnightUTC = Date(timeIntervalSince1970: Double(number) * 86_400)
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: midnightUTC)
            #expect([parts.year, parts.month, parts.day] == [date.year, date.month, date.day])
            // Foundation: 1 = Sunday … 7 = Saturday; ISO: 1 = Monday … 7 = Sunday.
            #expect(parts.weekday.map { ($0 + 5) % 7 + 1 } == date.weekday)
        }
    }

    @Test func beijingDatesAgreeWithFoundation() throws {
        var fixed = Calendar(identifier: .gregorian)
        fixed.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        var shanghai = Calendar(identifier: .gregorian)
        shanghai.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var random = SplitMix64(seed: 8)
        for _ in 0..<3000 {
            // 1900...2100, including instants before 1970.
            let instant = Date(timeIntervalSince1970: Double(Int.random(in: -2_208_988_800...4_133_980_799, using: &random)))
            let date = CivilDate.beijing(instant)
            let parts = fixed.dateComponents([.year, .month, .day], from: instant)
            #expect([parts.year, parts.month, parts.day] == [date.year, date.month, date.day], "\(instant)")
            #expect(date.startInBeijing <= instant && instant < date.endInBeijing)
            // The tz database's Asia/Shanghai kept summer time in 1986–1991 and a local mean time before
            // 1901; since 1992 it is plain UTC+8, the same as ours.
            if date.year >= 1992 {
                let local = shanghai.dateComponents([.year, .month, .day], from: instant)
                #expect([local.year, local.month, local.day] == [date.year, date.month, date.day], "\(instant)")
            }
        }
    }
}

/// The obvious way: walk day by day with Foundation's calendar in Asia/Shanghai, looking each date up by its text
/// in sets read straight from the CSV. Slow, and independent of `CivilDate` arithmetic and the parser.
private struct ReferenceCalendar {
    let calendar: Calendar
    let off: Set<String>
    let work: Set<String>
    let years: Set<Int>

    init?(csv: String?) {
        guard let csv, let zone = TimeZone(identifier: "Asia/Shanghai") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
        var off: Set<String> = []
        var work: Set<String> = []
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            if fields[1] == "off" { off.insert(String(fields[0])) } else { work.insert(String(fields[0])) }
        }
        self.off = off
        self.work = work
        years = Set(off.union(work).compactMap { Int($0.prefix(4)) })
    }

    /// `nil` where a year has no data.
    func dueDate(from start: CivilDate, workingDays: Int, pause: ClosedRange<CivilDate>? = nil) -> CivilDate? {
        let noon = DateComponents(year: start.year, month: start.month, day: start.day, hour: 12)
        guard var day = calendar.date(from: noon) else { return nil }
        var text = start.description
        var counted = 0
        while counted < workingDays {
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = next
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday else {
                return nil
            }
            text = String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
            if let pause, pause.lowerBound.description <= text, text <= pause.upperBound.description { continue }
            guard years.contains(year) else { return nil }
            let weekend = weekday == 1 || weekday == 7
            if work.contains(text) || (!weekend && !off.contains(text)) { counted += 1 }
        }
        return CivilDate(text)
    }
}
