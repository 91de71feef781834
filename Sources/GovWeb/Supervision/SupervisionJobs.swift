import Foundation
import GovCore
import GovStore
import NIOConcurrencyHelpers
import Vapor

/// The background work of electronic supervision while the server runs: once a minute, the sweep that moves every
/// obligation whose threshold has passed (and applies deemed acceptance, 《行政许可法》第三十二条), delivery of the
/// inbox's messages through the notifier, and verification of the audit entries appended since the last pass (the whole
/// chain at start and once a day). Each is claimed with a lease in the database, so of several nodes only one runs it
/// at a time; the sweep's rows are also locked one by one (``SupervisionSweep``).
public final class SupervisionJobs: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let interval: Duration

    public init(interval: Duration = .seconds(60)) { self.interval = interval }

    public func didBootAsync(_ application: Application) async throws {
        let interval = self.interval
        task.withLockedValue { running in
            running = Task {
                var pass = 0
                while !Task.isCancelled {
                    await Self.runOnce(application)
                    await Self.verifyAudit(application, full: pass % 1440 == 0)
                    pass += 1
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops the loop and waits for a pass under way to end, so that no job touches the database after it is closed.
    public func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { running in
            defer { running = nil }
            running?.cancel()
            return running
        }
        await running?.value
        // A last checkpoint of the head, so that entries written since the last pass are anchored too (issue 20, item 5).
        await Self.verifyAudit(application, full: false)
    }

    /// One pass of both jobs; failures are logged and retried on the next pass.
    public static func runOnce(_ application: Application) async {
        _ = await sweep(application)
        _ = await deliver(application)
    }

    /// Verifies the audit chain's new entries (or all of them), if this node holds the lease; the centre shows the result.
    @discardableResult
    public static func verifyAudit(_ application: Application, full: Bool) async -> AuditChain.Outcome? {
        await application.withEffects { await verifyAuditNow(application, full: full) }
    }

    private static func verifyAuditNow(_ application: Application, full: Bool) async -> AuditChain.Outcome? {
        let gate = application.govhall.writeGate
        let node = application.govhall.nodeID
        do {
            let now = application.govhall.dependencies.now()
            let claimed = try await gate.transaction(on: application.db) { db in
                try await JobLeases.claim("audit-verify", holder: node, for: 300, now: now, on: db)
            }
            guard claimed else { return nil }
            // Reading the chain holds no write lock; only keeping the result does.
            let started = ContinuousClock.now
            let outcome = try await AuditCheckpoints.verify(full: full, on: application.db)
            recordDuration(of: "audit-verify", since: started, in: application)
            try await gate.transaction(on: application.db) { db in try await AuditCheckpoints.record(outcome, now: now, on: db) }
            switch outcome {
            case let .broken(sequence, reason):
                application.logger.critical("audit chain broken", metadata: ["entry": "\(sequence)", "reason": "\(reason.code)"])
            case let .intact(count, lastHash):
                anchor(count: count, lastHash: lastHash, now: now, in: application)
            }
            return outcome
        } catch {
            application.logger.error("audit verification failed: \(String(reflecting: error))")
            return nil
        }
    }

    /// Appends a signed checkpoint of a verified head to the anchor file and the log (issue 20, item 5), unless this
    /// process anchored that very head already. Only a head the walk has just found intact is signed: a checkpoint
    /// vouches for the chain up to it. A failure to write is logged as critical, and the next pass tries again.
    static func anchor(count: Int, lastHash: String, now: Date, in application: Application) {
        let context = application.govhall
        guard count > 0 else { return }
        let last = context.lastAnchored.withLockedValue { last in
            if last == nil, let previous = context.auditAnchor.last() { last = (previous.sequence, previous.hash) }
            return last
        }
        guard last.map({ $0.sequence != count || $0.hash != lastHash }) ?? true else { return }
        do {
            let checkpoint = try context.auditAnchor.append(sequence: count, hash: lastHash, at: now, node: context.nodeID, keyring: context.keyring)
            context.lastAnchored.withLockedValue { $0 = (count, lastHash) }
            // The same line in the log: a log collector keeps a second copy, off this machine.
            application.logger.notice("audit checkpoint", metadata: [
                "sequence": "\(checkpoint.sequence)", "hash": "\(checkpoint.hash)", "at": "\(checkpoint.at.formatted(.iso8601))",
                "key": "\(checkpoint.keyID)", "signature": "\(checkpoint.signature)", "line": "\(checkpoint.line)",
            ])
        } catch {
            application.logger.critical("audit checkpoint not written", metadata: ["file": "\(context.auditAnchor.path)", "error": "\(error)"])
        }
    }

    /// The sweep, if this node holds (or takes) its lease.
    @discardableResult
    public static func sweep(_ application: Application) async -> SupervisionSweep.Report? {
        await application.withEffects { await sweepNow(application) }
    }

    private static func sweepNow(_ application: Application) async -> SupervisionSweep.Report? {
        let gate = application.govhall.writeGate
        let node = application.govhall.nodeID
        do {
            let now = application.govhall.dependencies.now()
            let claimed = try await gate.transaction(on: application.db) { db in
                try await JobLeases.claim("supervision-sweep", holder: node, for: 300, now: now, on: db)
            }
            guard claimed else { return nil }
            let started = ContinuousClock.now
            let context = try await application.caseContext()
            let report = try await SupervisionSweep.run(context: context, gate: gate, on: application.db)
            recordDuration(of: "supervision-sweep", since: started, in: application)
            Metrics.sweepChanges(application.govhall.metrics).increment(by: Int64(report.changed))
            if report.changed > 0 || report.failed > 0 {
                application.logger.notice("supervision sweep", metadata: [
                    "examined": "\(report.examined)", "changed": "\(report.changed)", "deemed-accepted": "\(report.deemedAccepted)",
                    "failed": "\(report.failed)",
                ])
            }
            return report
        } catch {
            application.logger.error("supervision sweep failed: \(String(reflecting: error))")
            return nil
        }
    }

    /// Hands undelivered messages to the notifier, if this node holds the delivery lease. The lease makes this node the
    /// only sender, so messages are read outside a transaction and the notifier's network time holds no database lock.
    @discardableResult
    public static func deliver(_ application: Application, limit: Int = 100) async -> Int {
        await application.withEffects { await deliverNow(application, limit: limit) }
    }

    private static func deliverNow(_ application: Application, limit: Int) async -> Int {
        let gate = application.govhall.writeGate
        let node = application.govhall.nodeID
        let notifier = application.govhall.notifier
        do {
            let now = application.govhall.dependencies.now()
            let claimed = try await gate.transaction(on: application.db) { db in
                try await JobLeases.claim("notification-delivery", holder: node, for: 300, now: now, on: db)
            }
            guard claimed else { return 0 }
            let started = ContinuousClock.now
            defer { recordDuration(of: "notification-delivery", since: started, in: application) }
            let pending = try await NotificationStore.undelivered(limit: limit, on: application.db)
            var delivered = 0
            for message in pending {
                var failure: String?
                do {
                    try await notifier.deliver(message)
                    delivered += 1
                } catch {
                    failure = String(describing: error)
                    application.logger.warning("notification not delivered", metadata: ["notification": "\(message.id)", "error": "\(failure ?? "")"])
                }
                let outcome = failure
                try await gate.transaction(on: application.db) { db in
                    try await NotificationStore.markDelivery(message.id, error: outcome, at: application.govhall.dependencies.now(), on: db)
                }
            }
            return delivered
        } catch {
            application.logger.error("notification delivery failed: \(String(reflecting: error))")
            return 0
        }
    }
}

extension SupervisionJobs {
    /// How long a pass of a background job took on the node that ran it, for `/metrics`.
    static func recordDuration(of job: String, since started: ContinuousClock.Instant, in application: Application) {
        Metrics.jobDuration(application.govhall.metrics, job: job).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
    }
}
