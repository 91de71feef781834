import Foundation

/// Beijing wall-clock text, `yyyy-MM-dd HH:mm`, at the fixed UTC+8 the calendar counts in.
public enum BeijingClock {
    public static func minute(_ instant: Date) -> String {
        let date = CivilDate.beijing(instant)
        let seconds = Int(instant.timeIntervalSince(date.startInBeijing))
        return "\(date) " + String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)
    }

    /// A limit's end as people write it: 24:00 of its last day rather than 00:00 of the next.
    public static func deadline(_ instant: Date) -> String {
        let day = CivilDate.beijingEnding(at: instant)
        return instant == day.endInBeijing ? "\(day) 24:00" : minute(instant)
    }
}
