import Foundation
import GovCore
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

/// Boots the real application (the same `configure` as production) on a fresh database: a new SQLite file, or
/// a new schema on the PostgreSQL test database, dropped afterwards. Migrated, calendar loaded, and unless
/// `seedDemo` is false, the demo city and its matters seeded; the few hundred demo cases only with `demoCases`,
/// since they take seconds to seed.
public func withTestApp<T: Sendable>(
    seedDemo: Bool = true, demoCases: Bool = false, now: Date = defaultTestInstant, hasher: (any GovStore.PasswordHasher)? = nil,
    _ body: (TestApp) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    // Two connections per thread: the suites run in parallel, each app with a pool of its own, on one PostgreSQL.
    // On a busy two-core runner a test that queues twenty writers may wait longer than production's 10 s for one.
    var environment = ["GOVHALL_DATA_DIR": directory.path, "GOVHALL_BCRYPT_COST": "4", "GOVHALL_LOG_LEVEL": "warning",
                       "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_DB_POOL": "2", "GOVHALL_DB_WAIT": "120"]
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    if let url = TestDatabase.postgresURL { environment["DATABASE_URL"] = url }
    var config = try AppConfig.load(environment: environment)
    if case let .postgres(url, _) = config.database { config.database = .postgres(url: url, searchPath: String(schema)) }

    let clock = TestClock(now)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config, dependencies: AppDependencies(now: { clock.now }, passwordHasher: hasher))
        if !config.database.isSQLite, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: String(schema))").run()
        }
        let signIns = try await prepareDatabase(app, seedDemo: seedDemo, demoCases: demoCases)
        let result = try await body(TestApp(app: app, clock: clock, passwords: Dictionary(uniqueKeysWithValues: signIns.map { ($0.username, $0.password) })))
        try await dropSchemaIfPostgres(app, config: config, schema: String(schema))
        try await app.asyncShutdown()
        return result
    } catch {
        try? await dropSchemaIfPostgres(app, config: config, schema: String(schema))
        try? await app.asyncShutdown()
        throw error
    }
}

private func dropSchemaIfPostgres(_ app: Application, config: AppConfig, schema: String) async throws {
    guard !config.database.isSQLite, let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

/// The package root, found from this file, so tests find Resources/ wherever `swift test` runs.
public let packageRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()
