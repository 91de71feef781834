import Foundation
import GovCore
import GovDemo
import GovStore
import GovWeb
import NIOConcurrencyHelpers
import SQLKit
import Vapor

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

public struct TestApp: Sendable {
    public let app: Application
    public let clock: TestClock
    /// Demo sign-ins by user name (empty when the test did not seed).
    public let passwords: [String: String]
}

/// 2026-11-20 10:00 Beijing time, a Friday and a working day.
public let defaultTestInstant = Date(timeIntervalSince1970: 1_795_140_000)

/// Boots the real application (the same `configure` as production) on a fresh database: a new SQLite file, or a new
/// PostgreSQL database, dropped afterwards. Migrated, calendar loaded, and unless `seedDemo` is false, the demo city
/// and its matters seeded; the few hundred demo cases only with `demoCases`, since they take seconds to seed. The
/// database starts as a copy of one prepared once per process (``TestTemplates``), unless the test brings a hasher.
public func withTestApp<T: Sendable>(
    seedDemo: Bool = true, demoCases: Bool = false, now: Date = defaultTestInstant, hasher: (any GovStore.PasswordHasher)? = nil,
    _ body: (TestApp) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    var config = try AppConfig.load(environment: testEnvironment(dataDirectory: directory))
    var passwords: [String: String]?
    var ownDatabase: String?
    if hasher == nil {
        let template = try await TestTemplates.shared.template(.init(seedDemo: seedDemo, demoCases: demoCases, now: now))
        ownDatabase = try await TestTemplates.shared.instantiate(template, into: directory)
        passwords = template.passwords
    } else if TestDatabase.postgresURL != nil {
        ownDatabase = try await TestTemplates.shared.emptyDatabase()
    }
    if let ownDatabase { config.database = .postgres(url: ownDatabase, searchPath: nil) }

    let clock = TestClock(now)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config, dependencies: AppDependencies(now: { clock.now }, passwordHasher: hasher))
        let signIns = try await prepareDatabase(app, seeder: seedDemo ? DemoCity.seeder(demoCases: demoCases) : nil)
        let result = try await body(TestApp(app: app, clock: clock,
                                            passwords: passwords ?? Dictionary(uniqueKeysWithValues: signIns.map { ($0.username, $0.password) })))
        try await app.asyncShutdown()
        try await dropDatabase(ownDatabase)
        return result
    } catch {
        try? await app.asyncShutdown()
        try? await dropDatabase(ownDatabase)
        throw error
    }
}

private func dropDatabase(_ url: String?) async throws {
    guard let url, url != TestDatabase.postgresURL else { return }
    try await TestTemplates.shared.dropDatabase(url)
}

/// The package root, found from this file, so tests find Resources/ wherever `swift test` runs.
public let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()
