import Foundation
import GovStore

/// Side effects GovHall needs from the world, injected so tests control them (DESIGN.md: "tests set the time").
public struct AppDependencies: Sendable {
    public var now: @Sendable () -> Date
    /// Where supervision notices go besides the in-app inbox; `nil` lets the configuration choose (the log, or e-mail
    /// when `GOVHALL_SMTP_URL` is set).
    public var notifier: (any Notifier)?
    /// How passwords are hashed and checked; `nil` is bcrypt at `GOVHALL_BCRYPT_COST`. Tests wrap it to count checks.
    public var passwordHasher: (any PasswordHasher)?

    public init(now: @escaping @Sendable () -> Date, notifier: (any Notifier)? = nil, passwordHasher: (any PasswordHasher)? = nil) {
        self.now = now
        self.notifier = notifier
        self.passwordHasher = passwordHasher
    }

    public static let live = AppDependencies(now: { Date() })
}
