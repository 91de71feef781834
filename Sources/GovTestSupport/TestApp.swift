import FluentKit
import Foundation
@_exported import GovStoreTestSupport
import GovCore
import GovDemo
import GovStore
import GovWeb
import SQLKit
import Vapor

public struct TestApp: Sendable {
    public let app: Application
    public let clock: TestClock
    /// Demo sign-ins by user name (empty when the test did not seed).
    public let passwords: [String: String]
}

/// Boots the real application (the same `configure` as production) on a fresh database: a new SQLite file, or a new
/// PostgreSQL database, dropped afterwards. Migrated, calendar loaded, and unless `seedDemo` is false, the demo city
/// and its matters seeded; the few hundred demo cases only with `demoCases`, since they take seconds to seed. The
/// database starts as a copy of one prepared once per process (``TestTemplates``), unless the test brings a hasher.
/// The application's effects are the test's (``TestEffects``): its clock, and identifiers in `idNamespace`, a new one
/// unless the test names it (to show identifiers in a snapshot).
public func withTestApp<T: Sendable>(
    seedDemo: Bool = true, demoCases: Bool = false, now: Date = defaultTestInstant, hasher: (any GovStore.PasswordHasher)? = nil,
    idNamespace: UInt32? = nil, _ body: (TestApp) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    var config = try AppConfig.load(environment: testEnvironment(dataDirectory: directory))
    var passwords: [String: String]?
    var ownDatabase: String?
    if hasher == nil {
        let key = TestTemplates.Key(flavour: "web", seedDemo: seedDemo, demoCases: demoCases, now: now)
        let base = try await storeTemplate(seedDemo: seedDemo, demoCases: demoCases, now: now)
        let template = try await TestTemplates.shared.template(key, from: base, build: webTemplate(key, passwords: base.passwords))
        ownDatabase = try await TestTemplates.shared.instantiate(template, into: directory)
        passwords = template.passwords
    } else if TestDatabase.postgresURL != nil {
        ownDatabase = try await TestTemplates.shared.emptyDatabase()
    }
    if let ownDatabase { config.database = .postgres(url: ownDatabase, searchPath: nil) }

    let clock = TestClock(now)
    let app = try await Application.make(.testing)
    do {
        let effects = TestEffects.make(now: { clock.now }, namespace: idNamespace ?? TestEffects.nextNamespace())
        try await configure(app, config, dependencies: AppDependencies(effects: effects, passwordHasher: hasher))
        let signIns = try await prepareDatabase(app, seeder: seedDemo ? DemoCity.seeder(demoCases: demoCases) : nil)
        let test = TestApp(app: app, clock: clock, passwords: passwords ?? Dictionary(uniqueKeysWithValues: signIns.map { ($0.username, $0.password) }))
        let result = try await app.withEffects { try await body(test) }
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

/// The environment every test application runs with, its data in `dataDirectory`.
func testEnvironment(dataDirectory: URL) -> [String: String] {
    // Two connections per thread: the suites run in parallel, each app with a pool of its own, on one PostgreSQL.
    // On a busy two-core runner a test that queues twenty writers may wait longer than production's 10 s for one.
    ["GOVHALL_DATA_DIR": dataDirectory.path, "GOVHALL_BCRYPT_COST": "4", "GOVHALL_LOG_LEVEL": "warning",
     "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_DB_POOL": "2", "GOVHALL_DB_WAIT": "120"]
}

/// Prepares a template for the web tests from the stores' one for the same city (``storeTemplate(seedDemo:demoCases:now:)``,
/// which it starts as a copy of): opened by the application's `configure` and prepared as a server prepares its
/// database at start (migrations already there, the city already seeded), with the demo passwords hashed again by the
/// application's own hasher so that the demo sign-ins work on the pages. Seeding the city once serves both kinds of
/// test: with the few hundred demo cases that is most of a minute of a two-core machine.
private func webTemplate(_ key: TestTemplates.Key, passwords: [String: String]) -> TestTemplates.Builder {
    { directory, location in
        var config = try AppConfig.load(environment: testEnvironment(dataDirectory: directory))
        config.database = location
        let app = try await Application.make(.testing)
        do {
            let effects = TestEffects.make(now: { key.now }, namespace: TestEffects.seedingNamespace)
            try await configure(app, config, dependencies: AppDependencies(effects: effects))
            try await prepareDatabase(app, seeder: key.seedDemo ? DemoCity.seeder(demoCases: key.demoCases) : nil)
            for (username, password) in passwords {
                try await Account.query(on: app.db).filter(\.$username == username)
                    .set(\.$passwordHash, to: try app.govhall.hasher.hash(password)).update()
            }
            try await app.asyncShutdown()
            return []
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
