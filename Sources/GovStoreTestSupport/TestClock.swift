import Foundation
import NIOConcurrencyHelpers

/// A clock tests move by hand.
public final class TestClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date) { current = NIOLockedValueBox(start) }

    public var now: Date { current.withLockedValue { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }

    public func set(_ date: Date) { current.withLockedValue { $0 = date } }
}

/// The database tests run on: SQLite unless `GOVHALL_TEST_DATABASE_URL` names a PostgreSQL database.
public enum TestDatabase {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["GOVHALL_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var name: String { postgresURL == nil ? "sqlite" : "postgresql" }
}

/// 2026-11-20 10:00 Beijing time, a Friday and a working day.
public let defaultTestInstant = Date(timeIntervalSince1970: 1_795_140_000)

/// The package root, found from this file, so tests find Resources/ wherever `swift test` runs.
public let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()
