import Foundation

/// Beijing wall-clock text at the fixed UTC+8 the calendar counts in, worked out by arithmetic: this is printed on
/// every page and in every API answer, and a formatter per call costs more than the rest of a small request.
public enum BeijingClock {
    /// `yyyy-MM-dd HH:mm`.
    public static func minute(_ instant: Date) -> String {
        let (date, seconds) = split(instant)
        return "\(date) \(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60))"
    }

    /// `yyyy-MM-dd HH:mm:ss`.
    public static func second(_ instant: Date) -> String {
        let seconds = split(instant).seconds
        return minute(instant) + ":" + twoDigits(seconds % 60)
    }

    /// `HH:mm`.
    public static func timeOfDay(_ instant: Date) -> String {
        let seconds = split(instant).seconds
        return "\(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60))"
    }

    /// ISO 8601 with the offset, `yyyy-MM-ddTHH:mm:ss+08:00`, whole seconds (a fraction is dropped, as a formatter does).
    public static func iso8601(_ instant: Date) -> String {
        let (date, seconds) = split(instant)
        return "\(date)T\(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60)):\(twoDigits(seconds % 60))+08:00"
    }

    /// A limit's end as people write it: 24:00 of its last day rather than 00:00 of the next.
    public static func deadline(_ instant: Date) -> String {
        let day = CivilDate.beijingEnding(at: instant)
        return instant == day.endInBeijing ? "\(day) 24:00" : minute(instant)
    }

    /// The Beijing date of an instant and the whole seconds since its midnight.
    private static func split(_ instant: Date) -> (date: CivilDate, seconds: Int) {
        let date = CivilDate.beijing(instant)
        return (date, Int(instant.timeIntervalSince(date.startInBeijing).rounded(.down)))
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
