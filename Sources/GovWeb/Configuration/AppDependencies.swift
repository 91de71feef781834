import Foundation
import GovCore
import GovStore

/// Side effects GovHall needs from the world, in one value injected into `configure`, so tests control them
/// (DESIGN.md: "tests set the time"). Files are not among them: uploads are kept in the database, addressed by their
/// SHA-256, in the transaction that records them, so they are already the same on every run.
public struct AppDependencies: Sendable {
    /// The time, new identifiers and random numbers, bound as ``Effects/current`` around every request, job and seeding.
    public var effects: Effects
    /// Where supervision notices go besides the in-app inbox; `nil` lets the configuration choose (the log, or e-mail
    /// when `GOVHALL_SMTP_URL` is set).
    public var notifier: (any Notifier)?
    /// How passwords are hashed and checked; `nil` is bcrypt at `GOVHALL_BCRYPT_COST`. Tests wrap it to count checks.
    public var passwordHasher: (any PasswordHasher)?

    public init(effects: Effects = .live, notifier: (any Notifier)? = nil, passwordHasher: (any PasswordHasher)? = nil) {
        self.effects = effects
        self.notifier = notifier
        self.passwordHasher = passwordHasher
    }

    public var now: @Sendable () -> Date { effects.now }

    public static let live = AppDependencies()
}
