import Foundation
import GovStore

/// Side effects GovHall needs from the world, injected so tests control them (DESIGN.md: "tests set the time").
public struct AppDependencies: Sendable {
    public var now: @Sendable () -> Date
    /// Where supervision notices go besides the in-app inbox; `nil` lets the configuration choose (the log, or e-mail
    /// when `GOVHALL_SMTP_URL` is set).
    public var notifier: (any Notifier)?

    public init(now: @escaping @Sendable () -> Date, notifier: (any Notifier)? = nil) {
        self.now = now
        self.notifier = notifier
    }

    public static let live = AppDependencies(now: { Date() })
}
