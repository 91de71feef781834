import Foundation
import GovCore
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

/// The effects a test runs with (``Effects``): its clock, identifiers in a namespace of their own, and a fixed stream
/// of random numbers, so that the same test gives the same answers on every run.
public enum TestEffects {
    /// The namespace of the identifiers a template's seeding draws; tests' namespaces never meet it.
    public static let seedingNamespace: UInt32 = 0x5EED_0000

    /// Each test application or store test gets the next namespace: two of them on one database (a backup restored
    /// beside its original, a second node) never draw the same identifier. A test that shows identifiers (a snapshot)
    /// names its own.
    private static let namespaces = NIOLockedValueBox<UInt32>(0x7E57_0000)

    public static func nextNamespace() -> UInt32 {
        namespaces.withLockedValue { last in
            last += 1
            return last
        }
    }

    public static func make(now: @escaping @Sendable () -> Date, namespace: UInt32) -> Effects {
        Effects(now: now, newID: Effects.sequentialIDs(namespace: namespace), random: Effects.seededRandom(UInt64(namespace)))
    }
}
