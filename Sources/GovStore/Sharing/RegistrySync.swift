import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Keeps a county node's base registries and the city's in step (`govhall sync pull|push`, run on the county node):
/// changes are read in change order from where the last run stopped, applied in batches, and the cursor moves with
/// each batch, so a run cut off anywhere resumes without loss, and a second run with nothing new changes nothing.
///
/// The node running the sync keeps, per entry, the fingerprint it last exchanged with the peer (the baseline). An
/// incoming change is applied where the receiving side still holds the baseline (or holds nothing, or already the same);
/// where both sides changed an entry since they last agreed, it is a conflict: recorded on this node for a person to
/// settle, and neither side is overwritten.
public enum RegistrySync {
    public enum Direction: String, Sendable {
        /// From the peer into this node.
        case pull
        /// From this node into the peer.
        case push
    }

    public struct Report: Sendable, Equatable {
        public var read = 0
        public var applied = 0
        public var unchanged = 0
        public var conflicts = 0
        public var batches = 0
        /// Whether the source had nothing more to give when the run ended.
        public var complete = false
    }

    public static let defaultBatchSize = 500

    /// Moves what changed since the last run: from `remote` into `local` (pull) or the other way (push). `peer` names the
    /// remote side; `maxBatches` ends the run early, as an interruption would.
    public static func transfer(
        local: any Database, remote: any Database, peer: String, direction: Direction, gate: WriteGate, batchSize: Int = defaultBatchSize,
        maxBatches: Int? = nil, now: Date
    ) async throws -> Report {
        let (source, target) = direction == .pull ? (remote, local) : (local, remote)
        guard let sourceSQL = source as? any SQLDatabase, let localSQL = local as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        var report = Report()
        while maxBatches.map({ report.batches < $0 }) ?? true {
            let cursor = try await Cursor.read(peer: peer, direction: direction, on: localSQL)
            let changes = try await changes(after: cursor, limit: batchSize, on: sourceSQL)
            guard let last = changes.last else {
                report.complete = true
                break
            }
            let next = Cursor(sequence: last.changeSequence, kind: last.kind.rawValue, key: last.key)
            let outcome: Outcome
            if direction == .pull {
                // Everything lands on this node: the entries, the baselines and the cursor commit together.
                outcome = try await gate.transaction(on: local) { db in
                    let plan = try await plan(changes, target: db, baselines: db, peer: peer)
                    try await write(plan, peer: peer, direction: direction, cursor: next, target: db, local: db, now: now)
                    return plan.outcome
                }
            } else {
                let plan = try await plan(changes, target: target, baselines: local, peer: peer)
                // The peer first: if this node stops before recording it, the next push finds the peer already equal.
                try await target.transactionKeepingEffects { db in try await put(plan.apply, on: db, now: now) }
                try await gate.transaction(on: local) { db in
                    try await write(plan, peer: peer, direction: direction, cursor: next, target: nil, local: db, now: now)
                }
                outcome = plan.outcome
            }
            report.read += changes.count
            report.applied += outcome.applied
            report.unchanged += outcome.unchanged
            report.conflicts += outcome.conflicts
            report.batches += 1
            if changes.count < batchSize {
                report.complete = true
                break
            }
        }
        return report
    }

    /// Open conflicts, newest first.
    public static func conflicts(on database: any Database) async throws -> [SyncConflict] {
        try await SyncConflict.query(on: database).filter(\.$resolvedAt == nil).sort(\.$detectedAt, .descending).limit(500).all()
    }

    // MARK: Internals

    /// Where a run stopped: the last change applied, ordered by change sequence, kind, key.
    struct Cursor: Sendable, Equatable {
        var sequence: Int64
        var kind: String
        var key: String

        static func read(peer: String, direction: Direction, on sql: any SQLDatabase) async throws -> Cursor {
            let row = try await sql.raw("""
                SELECT last_seq, last_kind, last_key FROM sync_cursors WHERE peer = \(bind: peer) AND direction = \(bind: direction.rawValue)
                """).first()
            guard let row else { return Cursor(sequence: 0, kind: "", key: "") }
            return Cursor(sequence: try row.decode(column: "last_seq", as: Int64.self), kind: try row.decode(column: "last_kind", as: String.self),
                          key: try row.decode(column: "last_key", as: String.self))
        }
    }

    static func changes(after cursor: Cursor, limit: Int, on sql: any SQLDatabase) async throws -> [RegistryEntry] {
        let rows = try await sql.raw("""
            SELECT kind, "key", name, values_json, fingerprint, change_seq, updated_at FROM \(ident: RegistryEntry.schema)
            WHERE change_seq > \(bind: cursor.sequence)
               OR (change_seq = \(bind: cursor.sequence) AND (kind > \(bind: cursor.kind) OR (kind = \(bind: cursor.kind) AND "key" > \(bind: cursor.key))))
            ORDER BY change_seq, kind, "key" LIMIT \(unsafeRaw: String(max(1, limit)))
            """).all()
        return try rows.compactMap { row in
            guard let kind = RegistryKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return RegistryEntry(
                kind: kind, key: try row.decode(column: "key", as: String.self), name: try row.decode(column: "name", as: String.self),
                values: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "values_json", as: String.self).utf8))) ?? [:],
                fingerprint: try row.decode(column: "fingerprint", as: Int64.self), changeSequence: try row.decode(column: "change_seq", as: Int64.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }

    struct Outcome: Sendable {
        var applied = 0
        var unchanged = 0
        var conflicts = 0
    }

    /// What a batch does: entries to write on the target, baselines to record, conflicts to report.
    struct Plan: Sendable {
        var apply: [RegistryEntry] = []
        var agreed: [RegistryEntry] = []
        var conflicts: [(incoming: RegistryEntry, held: RegistryEntry)] = []
        var outcome = Outcome()
    }

    static func plan(_ changes: [RegistryEntry], target: any Database, baselines: any Database, peer: String) async throws -> Plan {
        guard let sql = baselines as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        var plan = Plan()
        for change in changes {
            let held = try await RegistryStore.entry(change.kind, key: change.key, on: target)
            let baseline = try await sql.raw("""
                SELECT fingerprint FROM sync_baselines WHERE peer = \(bind: peer) AND kind = \(bind: change.kind.rawValue) AND "key" = \(bind: change.key)
                """).first().map { try $0.decode(column: "fingerprint", as: Int64.self) }
            if let held, held.fingerprint == change.fingerprint {
                plan.outcome.unchanged += 1
                plan.agreed.append(change)
            } else if held == nil || held?.fingerprint == baseline {
                plan.outcome.applied += 1
                plan.apply.append(change)
                plan.agreed.append(change)
            } else {
                plan.outcome.conflicts += 1
                plan.conflicts.append((change, held!))
            }
        }
        return plan
    }

    static func put(_ entries: [RegistryEntry], on database: any Database, now: Date) async throws {
        for kind in RegistryKind.allCases {
            let ofKind = entries.filter { $0.kind == kind }
            for start in stride(from: 0, to: ofKind.count, by: RegistryStore.batchSize) {
                try await RegistryStore.put(Array(ofKind[start..<min(ofKind.count, start + RegistryStore.batchSize)]), now: now, on: database)
            }
        }
    }

    /// Records a planned batch on this node (and, for a pull, writes its entries here too).
    static func write(_ plan: Plan, peer: String, direction: Direction, cursor: Cursor, target: (any Database)?, local: any Database, now: Date) async throws {
        guard let sql = local as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        if let target { try await put(plan.apply, on: target, now: now) }
        for entry in plan.agreed {
            try await sql.raw("""
                INSERT INTO sync_baselines (peer, kind, "key", fingerprint) VALUES (\(bind: peer), \(bind: entry.kind.rawValue), \(bind: entry.key), \(bind: entry.fingerprint))
                ON CONFLICT (peer, kind, "key") DO UPDATE SET fingerprint = excluded.fingerprint
                """).run()
        }
        for conflict in plan.conflicts {
            try await recordConflict(conflict.incoming, held: conflict.held, peer: peer, direction: direction, now: now, on: local)
        }
        try await sql.raw("""
            INSERT INTO sync_cursors (peer, direction, last_seq, last_kind, last_key, updated_at)
            VALUES (\(bind: peer), \(bind: direction.rawValue), \(bind: cursor.sequence), \(bind: cursor.kind), \(bind: cursor.key), \(bind: now))
            ON CONFLICT (peer, direction) DO UPDATE SET last_seq = excluded.last_seq, last_kind = excluded.last_kind, last_key = excluded.last_key,
              updated_at = excluded.updated_at
            """).run()
        let outcome = plan.outcome
        if outcome.applied > 0 || outcome.conflicts > 0 {
            try await AuditLog.append(
                AuditEvent(action: "registry.sync.\(direction.rawValue)", objectType: "registry", objectID: peer,
                           summary: "applied \(outcome.applied), unchanged \(outcome.unchanged), conflicts \(outcome.conflicts), up to change \(cursor.sequence)"),
                by: .system("govhall sync"), at: now, on: local)
        }
    }

    static func recordConflict(_ change: RegistryEntry, held: RegistryEntry, peer: String, direction: Direction, now: Date, on database: any Database) async throws {
        let open = try await SyncConflict.query(on: database).filter(\.$peer == peer).filter(\.$kind == change.kind.rawValue).filter(\.$key == change.key)
            .filter(\.$resolvedAt == nil).first()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let conflict = open ?? SyncConflict()
        if open == nil { conflict.id = Effects.current.newID() }
        conflict.peer = peer
        conflict.direction = direction.rawValue
        conflict.kind = change.kind.rawValue
        conflict.key = change.key
        conflict.heldJSON = String(decoding: try encoder.encode(held.values), as: UTF8.self)
        conflict.incomingJSON = String(decoding: try encoder.encode(change.values), as: UTF8.self)
        conflict.detectedAt = now
        try await conflict.save(on: database)
    }
}

/// An entry both sides changed since they last agreed: `heldJSON` is what the receiving side holds, `incomingJSON` what
/// was sent; both are kept as they are until a person settles it.
public final class SyncConflict: Model, @unchecked Sendable {
    public static let schema = "sync_conflicts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "peer") public var peer: String
    @Field(key: "direction") public var direction: String
    @Field(key: "kind") public var kind: String
    @Field(key: "key") public var key: String
    @Field(key: "held_json") public var heldJSON: String
    @Field(key: "incoming_json") public var incomingJSON: String
    @Field(key: "detected_at") public var detectedAt: Date
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?
    public var properties: [any AnyProperty] { [$id, $peer, $direction, $kind, $key, $heldJSON, $incomingJSON, $detectedAt, $resolvedAt] }
    public init() {}
}

extension RegistryStore {
    /// Writes entries as another node holds them (values and fingerprint unchanged), raising this node's change sequence.
    static func put(_ entries: [RegistryEntry], now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        guard !entries.isEmpty else { return }
        let sequence = Int64(try await Counters.next("registry-change", on: database))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var values: [SQLQueryString] = []
        for entry in entries {
            let json = String(decoding: try encoder.encode(entry.values), as: UTF8.self)
            values.append("(\(bind: entry.kind.rawValue), \(bind: entry.key), \(bind: entry.name), \(bind: json), \(bind: entry.fingerprint), \(bind: sequence), \(bind: now))")
        }
        try await sql.raw("""
            INSERT INTO \(ident: RegistryEntry.schema) (kind, "key", name, values_json, fingerprint, change_seq, updated_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (kind, "key") DO UPDATE SET name = excluded.name, values_json = excluded.values_json, fingerprint = excluded.fingerprint,
              change_seq = excluded.change_seq, updated_at = excluded.updated_at
            """).run()
    }
}
