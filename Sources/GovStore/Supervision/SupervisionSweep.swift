import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// The one timer of electronic supervision: moves the status of every obligation whose next threshold has passed.
///
/// It reads only those (an index on `next_change_at`), so a pass costs O(changes), not O(open obligations) (DESIGN.md).
/// On PostgreSQL the rows are taken `FOR UPDATE SKIP LOCKED`, and a status change is recorded only against the status
/// version it read, so sweeps on several nodes, or a node and `govhall supervise sweep`, never record a change twice.
/// An acceptance obligation that runs out is the law's deemed acceptance (《行政许可法》第三十二条): the sweep applies it.
public enum SupervisionSweep {
    public struct Report: Sendable, Equatable {
        public var examined = 0
        public var changed = 0
        public var deemedAccepted = 0
        public var failed = 0

        public init() {}

        static func + (lhs: Report, rhs: Report) -> Report {
            var sum = lhs
            sum.examined += rhs.examined
            sum.changed += rhs.changed
            sum.deemedAccepted += rhs.deemedAccepted
            sum.failed += rhs.failed
            return sum
        }
    }

    /// Sweeps everything due at `context.now`, one transaction per batch of `batchSize`.
    public static func run(context: CaseContext, batchSize: Int = 500, gate: WriteGate, on database: any Database) async throws -> Report {
        try await repeatBatches(batchSize) { try await gate.transaction(on: database) { db in try await batch(limit: batchSize, context: context, on: db) } }
    }

    /// The same within the caller's transaction (the demo seed, which is one transaction).
    public static func drain(context: CaseContext, batchSize: Int = 500, on database: any Database) async throws -> Report {
        try await repeatBatches(batchSize) { try await batch(limit: batchSize, context: context, on: database) }
    }

    private static func repeatBatches(_ batchSize: Int, _ body: () async throws -> Report) async throws -> Report {
        var total = Report()
        // Every row a batch examines leaves it with a later instant or none, so batches run out; the bound is a safety net.
        for _ in 0..<10_000 {
            let report = try await body()
            total = total + report
            if report.examined < batchSize { break }
        }
        return total
    }

    /// One batch of at most `limit` due obligations, in the caller's transaction. Call again while it examines `limit`.
    public static func batch(limit: Int, context: CaseContext, on database: any Database) async throws -> Report {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        struct Row: Decodable { var id: UUID }
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await sql.raw("""
            SELECT id FROM obligations WHERE next_change_at IS NOT NULL AND next_change_at <= \(bind: context.now)
            ORDER BY next_change_at LIMIT \(bind: limit)\(unsafeRaw: lock)
            """).all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return Report() }
        let settings = try await SupervisionSettingsStore.load(on: database)
        let records = try await ObligationRecord.query(on: database).filter(\.$id ~~ ids).all()
        var report = Report()
        var writes = StatusChangeWrites()
        for record in records {
            report.examined += 1
            do {
                report = report + (try await sweep(record, settings: settings, context: context, into: &writes, on: database))
            } catch is any LocalizedFailure {
                // A rule refused (a calendar year missing, say): look again in an hour rather than block the sweep.
                report.failed += 1
                record.nextChangeAt = context.now.addingTimeInterval(3600)
                try await record.save(on: database)
            }
        }
        try await writes.flush(on: database)
        return report
    }

    static func sweep(
        _ record: ObligationRecord, settings: SupervisionSettings, context: CaseContext, into writes: inout StatusChangeWrites,
        on database: any Database
    ) async throws -> Report {
        var report = Report()
        guard record.completedAt == nil, let kind = record.obligationKind else {
            record.nextChangeAt = nil
            try await record.save(on: database)
            return report
        }
        let clock = try record.clock()
        let escalation = record.escalation() ?? settings.escalation
        let thresholds = try ObligationRules.thresholds(of: clock, settings: escalation, calendar: context.calendar)
        let status = thresholds.status(at: context.now)
        if kind == .acceptance, status == .overdue, record.subjectType == "case" {
            if try await CaseStore.deemAccepted(record.subjectID, context: context, on: database) {
                report.deemedAccepted += 1
                report.changed += 1
                return report
            }
        }
        let evaluation = try ObligationRules.evaluate(clock, at: context.now, settings: escalation, calendar: context.calendar)
        record.nextChangeAt = evaluation.nextChangeAt
        record.updatedAt = context.now
        guard evaluation.status != record.obligationStatus else {
            try await record.save(on: database)
            return report
        }
        // The change writes the row's next instant with its status; if another sweep changed it first, that one did.
        let changedAt = [thresholds.overdueAt, thresholds.warningAt, thresholds.reminderAt].compactMap { $0 }
            .filter { $0 <= context.now && thresholds.status(at: $0) == status }.min() ?? context.now
        let obligationContext = ObligationContext(calendar: context.calendar, escalation: escalation, now: context.now)
        if try await ObligationStore.changeStatus(
            of: record, to: evaluation.status, at: changedAt, clock: clock, context: obligationContext, into: &writes, on: database) {
            report.changed += 1
        }
        return report
    }
}

/// Leases on background jobs: of several app nodes sharing one database, only the holder of a job's lease runs it.
public enum JobLeases {
    /// Takes or renews the lease on `name` for `holder` until `now + seconds`; false if another holder has it.
    public static func claim(_ name: String, holder: String, for seconds: TimeInterval, now: Date, on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return true }
        struct Row: Decodable { var holder: String }
        let rows = try await sql.raw("""
            INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: now.addingTimeInterval(seconds)))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.expires_at < \(bind: now) OR job_leases.holder = excluded.holder
            RETURNING holder
            """).all(decoding: Row.self)
        return rows.first?.holder == holder
    }

    /// Gives the lease up, so another node may take it at once.
    public static func release(_ name: String, holder: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: JobLease.schema).where("name", .equal, name).where("holder", .equal, holder).run()
    }
}
