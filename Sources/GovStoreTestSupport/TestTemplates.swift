import FluentKit
import Foundation
import GovStore
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Migrating and seeding the demo city costs a test a second or more of CPU; most tests then read a few rows of it. So
/// each test process prepares every kind of starting point once, as a template, and each test starts from a copy:
///
/// - on SQLite, the whole data directory (the database file with its keys, anchor and blobs), copied file by file;
/// - on PostgreSQL, a database made with `CREATE DATABASE … TEMPLATE`, with the data directory copied the same way.
///
/// The copy is the state the installation's preparation left, byte for byte: the keys that sealed the audit entries and
/// hashed the query codes travel with it. A test that brings its own password hasher is not templated: its passwords
/// differ. The web tests and the store tests prepare their templates each their own way (`flavour`: the web tests through
/// the application's `configure`, the store tests without a web server) and share the copying.
public actor TestTemplates {
    public static let shared = TestTemplates()

    public struct Key: Hashable, Sendable {
        public var flavour: String
        public var seedDemo: Bool
        public var demoCases: Bool
        public var now: Date

        public init(flavour: String, seedDemo: Bool, demoCases: Bool, now: Date) {
            self.flavour = flavour
            self.seedDemo = seedDemo
            self.demoCases = demoCases
            self.now = now
        }
    }

    public struct Template: Sendable {
        public var directory: URL
        /// The template database on PostgreSQL.
        public var database: String?
        public var passwords: [String: String]
    }

    /// Prepares a template in the data directory given, on the database given (SQLite in that directory, or a new
    /// PostgreSQL database), and returns the sign-ins it seeded.
    public typealias Builder = @Sendable (URL, DatabaseLocation) async throws -> [SeededSignIn]

    public enum Problem: Error { case noPostgreSQL, badURL }

    private var templates: [Key: Task<Template, any Error>] = [:]
    private var admin: Task<Databases, any Error>?

    /// The template for `key`, made by `build` the first time it is asked for, starting from a copy of `base` if given
    /// (whose sign-ins it keeps when `build` returns none). Templates are made at high priority: many tests wait for each.
    public func template(_ key: Key, from base: Template? = nil, build: @escaping Builder) async throws -> Template {
        if let made = templates[key] { return try await made.value }
        let making = Task(priority: .high) { try await self.make(from: base, build) }
        templates[key] = making
        return try await making.value
    }

    private func make(from base: Template?, _ build: Builder) async throws -> Template {
        sweepLeftoverDirectories()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-template-" + TestTemplates.uniqueSuffix())
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var location = DatabaseLocation.inDataDirectory(directory.path)
        var database: String?
        if let url = TestDatabase.postgresURL {
            let name = "govhall_tpl_" + TestTemplates.uniqueSuffix()
            try await createDatabase(name, template: base?.database)
            location = .postgres(url: try TestTemplates.url(url, database: name), searchPath: nil)
            database = name
        }
        if let base { try copyFiles(of: base, into: directory) }
        let signIns = try await build(directory, location)
        let passwords = signIns.isEmpty ? base?.passwords ?? [:] : Dictionary(uniqueKeysWithValues: signIns.map { ($0.username, $0.password) })
        return Template(directory: directory, database: database, passwords: passwords)
    }

    /// A copy of `template`'s data directory in `directory`, and on PostgreSQL a database of its own made from the
    /// template's, whose address is returned.
    public func instantiate(_ template: Template, into directory: URL) async throws -> String? {
        try copyFiles(of: template, into: directory)
        guard let source = template.database, let base = TestDatabase.postgresURL else { return nil }
        let name = "t_" + TestTemplates.uniqueSuffix()
        // PostgreSQL copies a template no session is connected to; the one that made it has shut down.
        try await createDatabase(name, template: source)
        return try TestTemplates.url(base, database: name)
    }

    private func copyFiles(of template: Template, into directory: URL) throws {
        let files = FileManager.default
        // The builder has closed the template's database, which moved the SQLite log into the file; a log left behind
        // is copied too and replayed on opening, while its index (`-shm`) is only ever rebuilt from it.
        for name in try files.contentsOfDirectory(atPath: template.directory.path) where !name.hasSuffix("-shm") {
            try files.copyItem(at: template.directory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
    }

    /// A new, empty PostgreSQL database, for a test that seeds its own.
    public func emptyDatabase() async throws -> String? {
        guard let base = TestDatabase.postgresURL else { return nil }
        let name = "t_" + TestTemplates.uniqueSuffix()
        try await createDatabase(name, template: nil)
        return try TestTemplates.url(base, database: name)
    }

    public func dropDatabase(_ url: String) async throws {
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
        guard let base = TestDatabase.postgresURL else { throw Problem.noPostgreSQL }
        let making = admin ?? Task {
            let made = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
            // Every test of the run asks for its database at the start: they queue here, minutes if need be.
            made.use(try DatabaseLocation.postgres(url: base).configurationFactory(connectionsPerEventLoop: 2, connectionWait: .seconds(900)),
                     as: .govhall)
            return made
        }
        admin = making
        guard let sql = try await making.value.database(.govhall, logger: Logger(label: "govhall.test.admin"), on: MultiThreadedEventLoopGroup.singleton.any())
            as? any SQLDatabase
        else { throw Problem.noPostgreSQL }
        return sql
    }

    /// The process id, then randomness: a later run can tell the databases of a run that died from those of one alive.
    public static func uniqueSuffix() -> String {
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

    public static func url(_ base: String, database: String) throws -> String {
        guard var components = URLComponents(string: base) else { throw Problem.badURL }
        components.path = "/" + database
        return components.string ?? base
    }
}
