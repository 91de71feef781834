import Fluent
import Foundation
import GovCore
import GovStore
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// What GovHall keeps on the `Application`: its configuration, injected dependencies, the write gate, the
/// cached calendar and the metrics registry.
public final class GovHallContext: Sendable {
    public let config: AppConfig
    public let dependencies: AppDependencies
    public let writeGate: WriteGate
    public let hasher: any GovStore.PasswordHasher
    /// A hash of a random password at the configured cost: an unknown account's sign-in is checked against it, so that
    /// it takes as long as a known one's.
    let dummyPasswordHash: String
    public let metrics: PrometheusCollectorRegistry
    /// The certificate signing keys, kept in `<data directory>/keys`, never in the database.
    public let keyring: CertificateKeyring
    /// The key query codes are stored under (`<data directory>/keys/query-codes.hmac`), never in the database.
    public let queryCodeKey: QueryCodeKey
    /// Where the signed checkpoints of the audit chain's head are appended, outside the database.
    public let auditAnchor: AuditAnchorFile
    /// The head this process anchored last, so an idle chain adds no line a minute.
    let lastAnchored = NIOLockedValueBox<(sequence: Int, hash: String)?>(nil)
    /// Where supervision notices are delivered beyond the inbox.
    public let notifier: any Notifier
    /// This process among the nodes sharing the database, for job leases.
    public let nodeID: String
    let calendarCache: CalendarCache
    /// How long one request's write transaction may take before the request is answered 503.
    let writeDeadline: Duration
    /// How long a stopping server waits for the requests in flight: longer than any of them may take.
    let shutdownGrace: Duration
    let requestsInFlight = RequestCounter()

    init(
        config: AppConfig, dependencies: AppDependencies, hasher: any GovStore.PasswordHasher, keyring: CertificateKeyring,
        queryCodeKey: QueryCodeKey, notifier: any Notifier
    ) throws {
        self.config = config
        self.keyring = keyring
        self.queryCodeKey = queryCodeKey
        self.auditAnchor = AuditAnchorFile(dataDirectory: config.dataDirectory)
        self.dependencies = dependencies
        self.writeGate = WriteGate(serialised: config.database.isSQLite)
        self.hasher = hasher
        self.dummyPasswordHash = try hasher.hash(Secrets.token(length: 24))
        self.metrics = PrometheusCollectorRegistry()
        self.calendarCache = CalendarCache()
        // The connection wait plus as long again for the work: far beyond any write a person makes.
        self.writeDeadline = .seconds(2 * config.databaseWaitSeconds)
        self.shutdownGrace = .seconds(2 * config.databaseWaitSeconds + 5)
        self.notifier = notifier
        self.nodeID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }
}

extension Application {
    private struct GovHallKey: StorageKey { typealias Value = GovHallContext }

    public var govhall: GovHallContext {
        get {
            guard let context = storage[GovHallKey.self] else { fatalError("configure(_:_:) has not run") }
            return context
        }
        set { storage[GovHallKey.self] = newValue }
    }
}

extension Request {
    var govhall: GovHallContext { application.govhall }

    /// Runs `body` in one transaction, through the write gate; audit entries written inside commit with it.
    /// A request's write that has not finished within the deadline is answered 503: a PostgreSQL connection lost in
    /// the middle of a transaction (the server restarted) has been seen to leave it waiting for ever.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let (gate, db) = (govhall.writeGate, self.db)
        return try await Deadline.run(within: govhall.writeDeadline) { try await gate.transaction(on: db, body) }
    }
}

/// The working-day calendar, loaded once and reloaded after an administrator changes it.
actor CalendarCache {
    private var calendar: WorkCalendar?

    func get(_ load: @Sendable () async throws -> WorkCalendar) async throws -> WorkCalendar {
        if let calendar { return calendar }
        let loaded = try await load()
        calendar = loaded
        return loaded
    }

    func invalidate() { calendar = nil }
}

extension Application {
    /// The working-day calendar, cached.
    public func workCalendar() async throws -> WorkCalendar {
        let db = self.db
        return try await govhall.calendarCache.get { try await CalendarStore.load(on: db) }
    }

    /// What every case operation needs, at the application's "now".
    public func caseContext() async throws -> CaseContext {
        let region = try await OrganisationStore.rootRegionCode(on: db)
        return CaseContext(
            calendar: try await workCalendar(), regionCode: region, keyring: govhall.keyring, queryCodeKey: govhall.queryCodeKey,
            now: govhall.dependencies.now())
    }
}

extension Request {
    func workCalendar() async throws -> WorkCalendar {
        let db = self.db
        return try await govhall.calendarCache.get { try await CalendarStore.load(on: db) }
    }
}

/// Bcrypt from Vapor, at the configured cost.
struct BcryptHasher: GovStore.PasswordHasher {
    var cost: Int
    func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }
    func verify(_ password: String, against hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}
