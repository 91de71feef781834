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
    let keys = config.dataDirectory + "/keys"
    // A new installation's keys are drawn from the injected randomness, like everything else it makes.
    let (keyring, queryCodeKey, auditKey) = try Effects.$current.withValue(dependencies.effects) {
        // Beside the signing keys, never in the database: the audit key seals every audit entry (issue 20, item 5).
        (try CertificateKeyring.loadOrCreate(directory: keys), try QueryCodeKey.loadOrCreate(directory: keys), try AuditMACKey.loadOrCreate(directory: keys))
    }
    app.govhall = try GovHallContext(
        config: config, dependencies: dependencies, hasher: dependencies.passwordHasher ?? BcryptHasher(cost: config.bcryptCost), keyring: keyring,
        queryCodeKey: queryCodeKey, notifier: dependencies.notifier ?? config.smtp.map { SMTPNotifier(settings: $0) } ?? LogNotifier(logger: app.logger))
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info

    app.databases.use(try config.database.configurationFactory(
        connectionsPerEventLoop: config.databasePool, connectionWait: .seconds(Int64(config.databaseWaitSeconds))).sealingAudit(with: auditKey),
        as: .govhall, isDefault: true)
    app.migrations.add(GovMigrations.all(queryCodeKey: queryCodeKey), to: .govhall)

    app.directory = DirectoryConfiguration(workingDirectory: config.resourcesDirectory + "/")
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = config.resourcesDirectory + "/Resources/Views/"
    // Parsed templates are kept except in development, where a changed template shows on the next reload.
    app.leaf.cache.isEnabled = app.environment != .development
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.http.server.configuration.shutdownTimeout = .nanoseconds(app.govhall.shutdownGrace.nanoseconds)
    app.routes.defaultMaxBodySize = ByteCount(value: RequestLimits.formBytes)

    app.middleware = Middlewares()
    app.middleware.use(EffectsMiddleware())
    app.middleware.use(InFlightMiddleware())
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(PublicFilesMiddleware(publicDirectory: config.resourcesDirectory + "/Public/"))
    app.middleware.use(InputSanityMiddleware())
    app.middleware.use(CallerMiddleware())
    app.middleware.use(RequestBodyMiddleware())
    app.middleware.use(CSRFMiddleware())

    try routes(app)
    app.declaredMethods = DeclaredMethods(app.routes.all)
}

/// Prepares the application's database (``Installation/prepare(databases:migrations:eventLoopGroup:isSQLite:calendarCSV:environment:gate:seeder:)``):
/// migrated, the shipped calendar and reference categories loaded, then `seeder` (the demo city, on an empty
/// installation). Returns the sign-ins the seeder made (to be printed once).
@discardableResult
public func prepareDatabase(_ app: Application, seeder: Seeder? = nil) async throws -> [SeededSignIn] {
    let resources = app.govhall.config.resourcesDirectory
    let calendarCSV = try String(contentsOfFile: resources + "/Resources/Data/cn-workday-calendar.csv", encoding: .utf8)
    let environment = SeedEnvironment(
        hasher: app.govhall.hasher, keyring: app.govhall.keyring, queryCodeKey: app.govhall.queryCodeKey, now: app.govhall.dependencies.now(),
        resourcesDirectory: resources, disclosureIndexPattern: app.govhall.config.disclosureIndexPattern, logger: app.logger)
    return try await app.withEffects {
        try await Installation.prepare(
            databases: app.databases, migrations: app.migrations, eventLoopGroup: app.eventLoopGroup, isSQLite: app.govhall.config.database.isSQLite,
            calendarCSV: calendarCSV, environment: environment, gate: app.govhall.writeGate, seeder: seeder)
    }
}
