import Fluent
import Foundation
import GovCore
import GovStore
import Leaf
import SQLKit
import Vapor

/// Configures a GovHall application: database, migrations, views, middleware and routes. The same function
/// serves production, the command-line tools and the tests, so the tests exercise what runs.
public func configure(_ app: Application, _ config: AppConfig, dependencies: AppDependencies = .live) async throws {
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    let keyring = try CertificateKeyring.loadOrCreate(directory: config.dataDirectory + "/keys")
    app.govhall = GovHallContext(
        config: config, dependencies: dependencies, hasher: BcryptHasher(cost: config.bcryptCost), keyring: keyring)
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info

    app.databases.use(try config.database.configurationFactory(), as: .govhall, isDefault: true)
    app.migrations.add(GovMigrations.all, to: .govhall)

    app.directory = DirectoryConfiguration(workingDirectory: config.resourcesDirectory + "/")
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = config.resourcesDirectory + "/Resources/Views/"
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "2mb"

    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: config.resourcesDirectory + "/Public/"))
    app.middleware.use(InputSanityMiddleware())
    app.middleware.use(CallerMiddleware())
    app.middleware.use(CSRFMiddleware())

    try routes(app)
}

/// Prepares the database: migrates, turns on WAL for SQLite, loads the shipped calendar, and on an empty
/// installation seeds the demo city. Returns the demo sign-ins if it seeded (to be printed once).
public func prepareDatabase(_ app: Application, seedDemo: Bool) async throws -> [DemoCity.SignIn] {
    if app.govhall.config.database.isSQLite, let sql = app.db as? any SQLDatabase {
        // WAL lets readers and the writer proceed together and survives a killed process.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=FULL").run()
    }
    try await app.autoMigrate()
    let now = app.govhall.dependencies.now()
    let csv = try String(contentsOfFile: app.govhall.config.resourcesDirectory + "/Resources/Data/cn-workday-calendar.csv", encoding: .utf8)
    let hasher = app.govhall.hasher
    return try await app.govhall.writeGate.transaction(on: app.db) { db in
        try await ReferenceData.loadCalendarIfEmpty(csv: csv, now: now, on: db)
        guard seedDemo, try await !DemoCity.isSeeded(on: db) else { return [] }
        return try await DemoCity.seed(hasher: hasher, now: now, on: db)
    }
}
