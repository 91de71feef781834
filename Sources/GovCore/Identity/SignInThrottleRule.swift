import Foundation

/// How failed sign-ins slow an attacker down: after `maxFailures` failures for one key within `window`, that
/// key is locked for `lockout`. Keys are a user name and a client address, counted apart, so guessing one
/// account's password and spraying many accounts from one address are both stopped.
public struct SignInThrottleRule: Sendable, Equatable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(maxFailures: Int, window: TimeInterval, lockout: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockout = lockout
    }

    public static let perAccount = SignInThrottleRule(maxFailures: 5, window: 15 * 60, lockout: 15 * 60)
    public static let perAddress = SignInThrottleRule(maxFailures: 30, window: 15 * 60, lockout: 15 * 60)

    // The same counting stops guessing of query codes (OWASP ASVS 4.0.3 V2.2.1 and V11.1.4: anti-automation against
    // brute force). A six-character code has 31⁶ values: five wrong codes per tracking number and thirty per address in
    // a quarter of an hour leave a guesser nothing, and a person who mistypes their receipt a few times is not stopped.
    // Only wrong codes count, so the right code asked again and again (a busy hour's tracking) is never throttled.
    public static let perTrackingNumber = SignInThrottleRule(maxFailures: 5, window: 15 * 60, lockout: 15 * 60)
    public static let perAddressLookups = SignInThrottleRule(maxFailures: 30, window: 15 * 60, lockout: 15 * 60)

    public struct State: Sendable, Equatable {
        public var failures: Int
        public var windowStartedAt: Date
        public var lockedUntil: Date?

        public init(failures: Int, windowStartedAt: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStartedAt = windowStartedAt
            self.lockedUntil = lockedUntil
        }
    }

    /// When a locked key may try again, or nil if it may try now.
    public func lockedUntil(_ state: State?, now: Date) -> Date? {
        guard let until = state?.lockedUntil, until > now else { return nil }
        return until
    }

    /// The state after one more failure at `now`.
    public func recordingFailure(_ state: State?, now: Date) -> State {
        var next = state ?? State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        if now.timeIntervalSince(next.windowStartedAt) > window || (next.lockedUntil.map { $0 <= now } ?? false) {
            next = State(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        if next.failures >= maxFailures { next.lockedUntil = now.addingTimeInterval(lockout) }
        return next
    }
}
