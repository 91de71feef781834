import Crypto
import FluentKit
import Foundation
import GovCore
import GovDemo
import GovStore
import Logging
import NIOCore
import NIOPosix

/// The stores on a fresh database, with no web server: what GovStore's tests run on. The database is a copy of a
/// template prepared once per process (``TestTemplates``): migrated, the calendar loaded, and unless `seedDemo` is
/// false the demo city seeded (its few hundred cases only with `demoCases`).
public final class StoreTest: Sendable {
    public let databases: Databases
    public let migrations: Migrations
    public let clock: TestClock
    public let hasher: any PasswordHasher
    public let keyring: CertificateKeyring
    public let queryCodeKey: QueryCodeKey
    public let writeGate: WriteGate
    public let isSQLite: Bool
    /// Demo sign-ins by user name (empty when the test did not seed).
    public let passwords: [String: String]
    let logger = Logger(label: "govhall.store-test")

    init(
        databases: Databases, migrations: Migrations, clock: TestClock, hasher: any PasswordHasher, keyring: CertificateKeyring,
        queryCodeKey: QueryCodeKey, isSQLite: Bool, passwords: [String: String]
    ) {
        self.databases = databases
        self.migrations = migrations
        self.clock = clock
        self.hasher = hasher
        self.keyring = keyring
        self.queryCodeKey = queryCodeKey
        self.writeGate = WriteGate(serialised: isSQLite)
        self.isSQLite = isSQLite
        self.passwords = passwords
    }

    /// The installation's database.
    public var db: any Database { db(.govhall) }

    /// Another database registered on ``databases`` (a peer's, in the synchronisation tests).
    public func db(_ id: DatabaseID) -> any Database {
        databases.database(id, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
    }

    public func workCalendar() async throws -> WorkCalendar { try await CalendarStore.load(on: db) }

    /// What every case operation needs, at the test clock's "now".
    public func caseContext() async throws -> CaseContext {
        CaseContext(
            calendar: try await workCalendar(), regionCode: try await OrganisationStore.rootRegionCode(on: db), keyring: keyring,
            queryCodeKey: queryCodeKey, now: clock.now)
    }

    /// Runs the migrations not yet run.
    public func migrate() async throws {
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
    }

    /// Reverts the last batch of migrations.
    public func revert() async throws {
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().flatMap { migrator.revertLastBatch() }.get()
    }

    /// Opens the installation whose data (keys, and the SQLite file) is in `directory`, on the database at `location`.
    static func open(
        directory: URL, location: DatabaseLocation, clock: TestClock, hasher: any PasswordHasher, passwords: [String: String]
    ) throws -> StoreTest {
        let keys = directory.path + "/keys"
        let keyring = try CertificateKeyring.loadOrCreate(directory: keys)
        let queryCodeKey = try QueryCodeKey.loadOrCreate(directory: keys)
        let auditKey = try AuditMACKey.loadOrCreate(directory: keys)
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(
            try location.configurationFactory(connectionsPerEventLoop: 2, connectionWait: .seconds(120)).sealingAudit(with: auditKey),
            as: .govhall, isDefault: true)
        let migrations = Migrations()
        migrations.add(GovMigrations.all(queryCodeKey: queryCodeKey), to: .govhall)
        return StoreTest(
            databases: databases, migrations: migrations, clock: clock, hasher: hasher, keyring: keyring, queryCodeKey: queryCodeKey,
            isSQLite: location.isSQLite, passwords: passwords)
    }

    /// Prepares the installation as a server would at its first start, seeding the demo city when asked.
    func prepare(seedDemo: Bool, demoCases: Bool) async throws -> [SeededSignIn] {
        try await Installation.prepare(
            databases: databases, migrations: migrations, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, isSQLite: isSQLite,
            calendarCSV: try String(contentsOfFile: packageRoot + "/Resources/Data/cn-workday-calendar.csv", encoding: .utf8),
            environment: SeedEnvironment(
                hasher: hasher, keyring: keyring, queryCodeKey: queryCodeKey, now: clock.now, resourcesDirectory: packageRoot,
                disclosureIndexPattern: .standard, logger: logger),
            gate: writeGate, seeder: seedDemo ? DemoCity.seeder(demoCases: demoCases) : nil)
    }
}

/// Runs `body` on the stores over a fresh database (a copy of a template prepared once per process), dropped afterwards,
/// with the test's effects (``TestEffects``) bound.
public func withStoreTest<T: Sendable>(
    seedDemo: Bool = true, demoCases: Bool = false, now: Date = defaultTestInstant, _ body: (StoreTest) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let hasher = TestPasswordHasher()
    let template = try await storeTemplate(seedDemo: seedDemo, demoCases: demoCases, now: now)
    let ownDatabase = try await TestTemplates.shared.instantiate(template, into: directory)
    let location = try ownDatabase.map { try DatabaseLocation.postgres(url: $0) } ?? DatabaseLocation.inDataDirectory(directory.path)
    let clock = TestClock(now)
    let store = try StoreTest.open(directory: directory, location: location, clock: clock, hasher: hasher, passwords: template.passwords)
    do {
        let effects = TestEffects.make(now: { clock.now }, namespace: TestEffects.nextNamespace())
        let result = try await Effects.$current.withValue(effects) { try await body(store) }
        await store.databases.shutdownAsync()
        if let ownDatabase { try await TestTemplates.shared.dropDatabase(ownDatabase) }
        return result
    } catch {
        await store.databases.shutdownAsync()
        if let ownDatabase { try? await TestTemplates.shared.dropDatabase(ownDatabase) }
        throw error
    }
}

/// The starting point of every test that asks for the same demo city at the same instant, prepared once per process
/// through the stores (``StoreTest/prepare(seedDemo:demoCases:)``) with the test password hasher; the web tests start
/// from a copy of it too, with the demo passwords hashed again by the application's hasher. Its identifiers, keys and
/// random numbers are drawn from the seeding namespace (``TestEffects``), so every run prepares the same bytes.
public func storeTemplate(seedDemo: Bool, demoCases: Bool, now: Date) async throws -> TestTemplates.Template {
    let key = TestTemplates.Key(flavour: "store", seedDemo: seedDemo, demoCases: demoCases, now: now)
    return try await TestTemplates.shared.template(key) { directory, location in
        try await Effects.$current.withValue(TestEffects.make(now: { now }, namespace: TestEffects.seedingNamespace)) {
            let store = try StoreTest.open(directory: directory, location: location, clock: TestClock(now), hasher: TestPasswordHasher(), passwords: [:])
            do {
                let signIns = try await store.prepare(seedDemo: seedDemo, demoCases: demoCases)
                await store.databases.shutdownAsync()
                return signIns
            } catch {
                await store.databases.shutdownAsync()
                throw error
            }
        }
    }
}

/// A password hasher for the store tests: salted SHA-256, fast, and never used outside tests (the server uses bcrypt).
public struct TestPasswordHasher: PasswordHasher {
    public init() {}

    public func hash(_ password: String) throws -> String {
        let salt = Secrets.token(length: 12)
        return "test$\(salt)$" + digest(salt, password)
    }

    public func verify(_ password: String, against hash: String) throws -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "test" else { return false }
        return digest(String(parts[1]), password) == parts[2]
    }

    private func digest(_ salt: String, _ password: String) -> String {
        SHA256.hash(data: Data((salt + password).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
