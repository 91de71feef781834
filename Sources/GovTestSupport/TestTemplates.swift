import Foundation
import GovDemo
import GovStore
import GovWeb
import SQLKit
import Vapor

/// Migrating and seeding the demo city costs a test a second or more of CPU; most tests then read a few rows of it. So
/// each test process prepares every kind of starting point once, as a template, and each test starts from a copy:
///
/// - on SQLite, the whole data directory (the database file with its keys, anchor and blobs), copied file by file;
/// - on PostgreSQL, a database made with `CREATE DATABASE … TEMPLATE`, with the data directory copied the same way.
///
/// The copy is the state `prepareDatabase` left, byte for byte: the keys that sealed the audit entries and hashed the
/// query codes travel with it. A test that brings its own password hasher is not templated: its passwords differ.
actor TestTemplates {
    static let shared = TestTemplates()

    struct Key: Hashable, Sendable {
        var seedDemo: Bool
        var demoCases: Bool
        var now: Date
    }

    struct Template: Sendable {
        var directory: URL
        /// The template database on PostgreSQL.
        var database: String?
        var passwords: [String: String]
    }

    private var templates: [Key: Task<Template, any Error>] = [:]
    private var admin: Task<Application, any Error>?

    func template(_ key: Key) async throws -> Template {
        if let made = templates[key] { return try await made.value }
        let making = Task { try await self.make(key) }
        templates[key] = making
        return try await making.value
    }

    private func make(_ key: Key) async throws -> Template {
        sweepLeftoverDirectories()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-template-" + TestTemplates.uniqueSuffix())
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = try AppConfig.load(environment: testEnvironment(dataDirectory: directory))
        var database: String?
        if let base = TestDatabase.postgresURL {
            let name = "govhall_tpl_" + TestTemplates.uniqueSuffix()
            try await createDatabase(name, template: nil)
            config.database = .postgres(url: try TestTemplates.url(base, database: name), searchPath: nil)
            database = name
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config, dependencies: AppDependencies(now: { key.now }))
            let signIns = try await prepareDatabase(app, seeder: key.seedDemo ? DemoCity.seeder(demoCases: key.demoCases) : nil)
            if config.database.isSQLite, let sql = app.db as? any SQLDatabase {
                // Everything into the main file, so that copying the directory copies the database whole.
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
            try await app.asyncShutdown()
            return Template(directory: directory, database: database,
                            passwords: Dictionary(uniqueKeysWithValues: signIns.map { ($0.username, $0.password) }))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// A copy of `template`'s data directory in `directory`, and on PostgreSQL a database of its own made from the
    /// template's, whose address is returned.
    func instantiate(_ template: Template, into directory: URL) async throws -> String? {
        let files = FileManager.default
        for name in try files.contentsOfDirectory(atPath: template.directory.path) {
            try files.copyItem(at: template.directory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        guard let source = template.database, let base = TestDatabase.postgresURL else { return nil }
        let name = "t_" + TestTemplates.uniqueSuffix()
        // PostgreSQL copies a template no session is connected to; the one that made it has shut down.
        try await createDatabase(name, template: source)
        return try TestTemplates.url(base, database: name)
    }

    /// A new, empty PostgreSQL database, for a test that seeds its own.
    func emptyDatabase() async throws -> String? {
        guard let base = TestDatabase.postgresURL else { return nil }
        let name = "t_" + TestTemplates.uniqueSuffix()
        try await createDatabase(name, template: nil)
        return try TestTemplates.url(base, database: name)
    }

    func dropDatabase(_ url: String) async throws {
        guard let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else { return }
        try await adminDatabase().raw("DROP DATABASE IF EXISTS \(ident: String(name))").run()
    }

    private func createDatabase(_ name: String, template: String?) async throws {
        let sql = try await adminDatabase()
        try await sweepLeftovers(on: sql)
        if let template {
            try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        } else {
            try await sql.raw("CREATE DATABASE \(ident: name)").run()
        }
    }

    /// A connection to the test database named by `GOVHALL_TEST_DATABASE_URL`, for creating and dropping the others.
    /// Made once (callers that arrive while it is being made wait for the same one) and kept for the life of the process.
    private func adminDatabase() async throws -> any SQLDatabase {
        guard let base = TestDatabase.postgresURL else { throw Abort(.internalServerError, reason: "no PostgreSQL test database") }
        let making = admin ?? Task {
            let made = try await Application.make(.testing)
            // Every test of the run asks for its database at the start: they queue here, minutes if need be.
            made.databases.use(try DatabaseLocation.postgres(url: base).configurationFactory(connectionsPerEventLoop: 2, connectionWait: .seconds(900)),
                               as: .govhall)
            return made
        }
        admin = making
        guard let sql = try await making.value.db(.govhall) as? any SQLDatabase else {
            throw Abort(.internalServerError, reason: "the PostgreSQL test database speaks no SQL")
        }
        return sql
    }

    /// The process id, then randomness: a later run can tell the databases of a run that died from those of one alive.
    static func uniqueSuffix() -> String {
        "\(getpid())_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))
    }

    private var sweptLeftovers = false
    private var sweptDirectories = false

    /// Removes the template directories a finished or killed test process left behind (its pid is gone), once per process.
    private func sweepLeftoverDirectories() {
        guard !sweptDirectories else { return }
        sweptDirectories = true
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("govhall-template-") {
            let parts = name.split(separator: "-").last?.split(separator: "_") ?? []
            guard parts.count == 2, let pid = Int32(parts[0]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    /// Drops the databases a killed test process left behind (its pid is gone), once per process.
    private func sweepLeftovers(on sql: any SQLDatabase) async throws {
        guard !sweptLeftovers else { return }
        sweptLeftovers = true
        let names = try await sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'govhall\\_tpl\\_%' OR datname LIKE 't\\_%'").all()
            .map { try $0.decode(column: "datname", as: String.self) }
        for name in names {
            let parts = name.split(separator: "_")
            guard let pid = parts.dropLast().last.flatMap({ Int32($0) }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? await sql.raw("DROP DATABASE IF EXISTS \(ident: name)").run()
        }
    }

    static func url(_ base: String, database: String) throws -> String {
        guard var components = URLComponents(string: base) else { throw Abort(.internalServerError, reason: "bad GOVHALL_TEST_DATABASE_URL") }
        components.path = "/" + database
        return components.string ?? base
    }
}

/// The environment every test application runs with, its data in `dataDirectory`.
func testEnvironment(dataDirectory: URL) -> [String: String] {
    // Two connections per thread: the suites run in parallel, each app with a pool of its own, on one PostgreSQL.
    // On a busy two-core runner a test that queues twenty writers may wait longer than production's 10 s for one.
    ["GOVHALL_DATA_DIR": dataDirectory.path, "GOVHALL_BCRYPT_COST": "4", "GOVHALL_LOG_LEVEL": "warning",
     "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_DB_POOL": "2", "GOVHALL_DB_WAIT": "120"]
}
