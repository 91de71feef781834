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
    let queryCodeKey = try QueryCodeKey.loadOrCreate(directory: config.dataDirectory + "/keys")
    // Beside the signing keys, never in the database: it seals every audit entry (issue 20, item 5).
    let auditKey = try AuditMACKey.loadOrCreate(directory: config.dataDirectory + "/keys")
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
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.http.server.configuration.shutdownTimeout = .nanoseconds(app.govhall.shutdownGrace.nanoseconds)
    app.routes.defaultMaxBodySize = ByteCount(value: RequestLimits.formBytes)

    app.middleware = Middlewares()
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

/// Prepares the database: migrates, turns on WAL for SQLite, loads the shipped calendar, and on an empty
/// installation seeds the demo city with its service catalogue and, unless `demoCases` is false, a few hundred
/// cases of the last two months. All of the demo is seeded in one transaction: it is there whole or not at all.
/// Returns the demo sign-ins if it seeded (to be printed once).
public func prepareDatabase(_ app: Application, seedDemo: Bool, demoCases: Bool = true) async throws -> [DemoCity.SignIn] {
    if app.govhall.config.database.isSQLite {
        // SQLite keeps one connection per event loop, and these settings are a connection's: each gets them.
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
            // WAL lets readers and the writer proceed together and survives a killed process; FULL makes every commit
            // durable before it is acknowledged.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=FULL").run()
            // 64 MiB of page cache (the default is 2 MiB): a city's year of cases keeps its indexes in memory.
            try await sql.raw("PRAGMA cache_size=-65536").run()
        }
    }
    try await app.autoMigrate()
    let now = app.govhall.dependencies.now()
    let resources = app.govhall.config.resourcesDirectory
    let csv = try String(contentsOfFile: resources + "/Resources/Data/cn-workday-calendar.csv", encoding: .utf8)
    let hasher = app.govhall.hasher
    let keyring = app.govhall.keyring
    let queryCodeKey = app.govhall.queryCodeKey
    let logger = app.logger
    let indexPattern = app.govhall.config.disclosureIndexPattern
    return try await app.govhall.writeGate.transaction(on: app.db) { db in
        try await ReferenceData.loadCalendarIfEmpty(csv: csv, now: now, on: db)
        try await DisclosureStore.seedCategories(on: db)
        try await HotlineStore.seedCategories(on: db)
        guard seedDemo, try await !DemoCity.isSeeded(on: db) else { return [] }
        let signIns = try await DemoCity.seed(hasher: hasher, now: now, on: db)
        let matters = try Data(contentsOf: URL(fileURLWithPath: resources + "/" + DemoMatters.resourcePath))
        try await DemoMatters.seed(json: matters, by: .system("seed"), now: DemoApprovals.catalogueInstant(before: now), on: db)
        if demoCases {
            let calendar = try await CalendarStore.load(on: db)
            let context = CaseContext(calendar: calendar, regionCode: DemoCity.cityCode, keyring: keyring, queryCodeKey: queryCodeKey, now: now)
            let summary = try await DemoApprovals.seed(context: context, hasher: hasher, on: db)
            logger.info("Seeded \(summary.cases) demo cases, \(summary.bundles) joint applications, \(summary.certificates) certificates")
            let disclosure = try await DemoDisclosure.seed(indexPattern: indexPattern, calendar: calendar, now: now, queryCodeKey: queryCodeKey, on: db)
            logger.info("Seeded \(disclosure.items) disclosure catalogue items, \(disclosure.published) of them published, and \(disclosure.requests) requests")
        }
        let sharing = try await DemoSharing.seed(calendar: try await CalendarStore.load(on: db), now: now, on: db)
        logger.info("Seeded \(sharing.resources) shared resources, \(sharing.requests) sharing requests and \(sharing.calls) exchange calls")
        _ = try await DemoCredit.seed(now: now, on: db)
        let hotline = try await DemoHotline.seed(calendar: try await CalendarStore.load(on: db), now: now, queryCodeKey: queryCodeKey, on: db)
        logger.info("Seeded \(hotline.rules) hotline routing rules, \(hotline.tickets) tickets and \(hotline.knowledge) knowledge entries")
        let participation = try await DemoParticipation.seed(calendar: try await CalendarStore.load(on: db), now: now, on: db)
        logger.info("Seeded \(participation.consultations) consultations, \(participation.surveys) surveys, \(participation.hearings) hearing and \(participation.petitions) petition")
        return signIns
    }
}
