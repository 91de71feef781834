import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
import SQLKit
@testable import GovWeb
import Testing

/// The audit chain anchored outside the database (issue 20, item 5), on the real database (SQLite, or PostgreSQL with
/// GOVHALL_TEST_DATABASE_URL): the background job writes signed checkpoints, and each of the six ways a database
/// writer can rewrite the log is detected and named. `.ci/audit-tamper.py` runs the same six on the CI's demo databases
/// through `govhall audit verify`.
@Suite("Audit anchor on the database")
struct AuditAnchorTamperTests {
    enum Scenario: String, CaseIterable, Sendable {
        case editOne, deleteTail, deleteTailMoveHead, rewriteAfter, truncate, reorder
    }

    /// 20 entries appended as the application appends them, a checkpoint written by the job, then 5 more.
    static func anchoredChain(_ test: TestApp) async throws -> (anchor: AuditAnchorFile, checkpointed: Int, last: Int) {
        for index in 1...20 {
            try await append(test, "before \(index)")
        }
        let outcome = await SupervisionJobs.verifyAudit(test.app, full: true)
        guard case let .intact(checkpointed, _) = outcome else { throw TestFailure("chain not intact: \(String(describing: outcome))") }
        for index in 1...5 {
            try await append(test, "after \(index)")
        }
        let last = try #require(try await AuditChainHead.find(1, on: test.app.db)).lastSequence
        return (test.app.govhall.auditAnchor, checkpointed, last)
    }

    static func append(_ test: TestApp, _ summary: String) async throws {
        _ = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
            try await AuditLog.append(AuditEvent(action: "test.step", objectType: "thing", objectID: summary, summary: "\(summary) 中文"),
                                      by: .system("tester"), at: test.clock.now, on: db)
        }
    }

    static func inspect(_ test: TestApp, _ anchor: AuditAnchorFile) async throws -> AuditAnchor.Report {
        let read = try anchor.read(keyring: test.app.govhall.keyring)
        #expect(read.damage.isEmpty)
        return try await AuditLog.inspect(against: read.checkpoints, on: test.app.db)
    }

    @Test("the job anchors each new verified head once, signed, in the file and the log; an untouched chain verifies against it")
    func anchoring() async throws {
        try await withTestApp(seedDemo: false) { test in
            let (anchor, checkpointed, last) = try await Self.anchoredChain(test)
            var read = try anchor.read(keyring: test.app.govhall.keyring)
            #expect(read.checkpoints.map(\.sequence) == [checkpointed])
            #expect(try await Self.inspect(test, anchor).findings.isEmpty)
            // Nothing new: no second line for the same head.
            await SupervisionJobs.verifyAudit(test.app, full: false)
            await SupervisionJobs.verifyAudit(test.app, full: false)
            read = try anchor.read(keyring: test.app.govhall.keyring)
            #expect(read.checkpoints.map(\.sequence) == [checkpointed, last])
            let attributes = try FileManager.default.attributesOfItem(atPath: anchor.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let keyFile = test.app.govhall.config.dataDirectory + "/keys/" + AuditMACKey.fileName
            #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)
            // Every entry is keyed, and the key is nowhere in the database.
            let entries = try await AuditEntry.query(on: test.app.db).all()
            #expect(entries.allSatisfy { $0.macKeyID == test.app.db.auditKey?.id })
            let report = try await Self.inspect(test, anchor)
            #expect(report.isIntact && report.entries == last && report.checkpoints == 2)
        }
    }

    @Test("an edited anchor line is named, and a checkpoint signed by another installation does not count")
    func anchorDamage() async throws {
        try await withTestApp(seedDemo: false) { test in
            let (anchor, _, _) = try await Self.anchoredChain(test)
            var text = try String(contentsOfFile: anchor.path, encoding: .utf8)
            let first = try #require(AuditAnchor.Checkpoint(line: String(text.split(separator: "\n")[0])))
            var moved = first
            moved.sequence -= 3
            text += moved.line + "\n" + "garbage\n"
            try text.write(toFile: anchor.path, atomically: true, encoding: .utf8)
            let read = try anchor.read(keyring: test.app.govhall.keyring)
            #expect(read.checkpoints == [first])
            #expect(read.damage == [.badSignature(line: 2), .unreadableLine(line: 3)])
        }
    }

    @Test("each of the six tamperings is detected and named", arguments: Scenario.allCases)
    func tampering(_ scenario: Scenario) async throws {
        try await withTestApp(seedDemo: false) { test in
            let (anchor, checkpointed, last) = try await Self.anchoredChain(test)
            let sql = try #require(test.app.db as? any SQLDatabase)
            let target = checkpointed - 8
            switch scenario {
            case .editOne:
                try await sql.raw("UPDATE audit_entries SET summary = 'nothing happened' WHERE sequence = \(bind: target)").run()
            case .deleteTail:
                try await sql.raw("DELETE FROM audit_entries WHERE sequence > \(bind: target)").run()
            case .deleteTailMoveHead:
                try await sql.raw("DELETE FROM audit_entries WHERE sequence > \(bind: target)").run()
                let hash = try #require(try await AuditEntry.find(target, on: test.app.db)).hash
                try await sql.raw("UPDATE audit_chain_head SET last_sequence = \(bind: target), last_hash = \(bind: hash) WHERE id = 1").run()
            case .rewriteAfter:
                try await Self.rewrite(after: target, on: test.app.db)
            case .truncate:
                try await sql.raw("DELETE FROM audit_entries").run()
                try await sql.raw("UPDATE audit_chain_head SET last_sequence = 0, last_hash = \(bind: AuditChain.genesisHash) WHERE id = 1").run()
            case .reorder:
                try await sql.raw("UPDATE audit_entries SET sequence = -1 WHERE sequence = \(bind: target)").run()
                try await sql.raw("UPDATE audit_entries SET sequence = \(bind: target) WHERE sequence = \(bind: target + 1)").run()
                try await sql.raw("UPDATE audit_entries SET sequence = \(bind: target + 1) WHERE sequence = -1").run()
            }
            let report = try await Self.inspect(test, anchor)
            let messages = report.findings.map(\.message)
            let expected: String = switch scenario {
            case .editOne: "entry #\(target) altered"
            case .deleteTail, .deleteTailMoveHead: "tail deleted after #\(target) (checkpoint of #\(checkpointed)"
            case .rewriteAfter: "MAC mismatch from #\(target + 1) through #\(last)"
            case .truncate: "table truncated"
            case .reorder: "entries reordered at #\(target)"
            }
            #expect(messages.first?.hasPrefix(expected) == true, "\(scenario): \(messages)")
            // Where the head row was moved along, the chain alone looks whole: only the anchor tells.
            if scenario == .deleteTailMoveHead || scenario == .truncate {
                guard case .intact = try await AuditLog.verify(on: test.app.db) else { Issue.record("expected a consistent chain"); return }
            }
        }
    }

    /// What an intruder without the key can do: new content after `after`, each entry re-hashed with plain SHA-256 (the
    /// key id dropped), linked to the one before, and the head moved to the new last hash. A consistent chain.
    static func rewrite(after: Int, on db: any Database) async throws {
        let sql = try #require(db as? any SQLDatabase)
        var previous = try #require(try await AuditEntry.find(after, on: db)).hash
        for entry in try await AuditEntry.query(on: db).filter(\.$id > after).sort(\.$id).all() {
            var record = entry.record
            record.summary = "rewritten " + record.summary
            record.previousHash = previous
            record.macKeyID = nil
            let hash = Digest.sha256Hex(record.canonicalEncoding)
            try await sql.raw("""
                UPDATE audit_entries SET summary = \(bind: record.summary), previous_hash = \(bind: previous), hash = \(bind: hash), mac_key_id = NULL
                WHERE sequence = \(bind: record.sequence)
                """).run()
            previous = hash
        }
        try await sql.raw("UPDATE audit_chain_head SET last_hash = \(bind: previous) WHERE id = 1").run()
        // Plain hashes of the rewritten run verify as such: only the key (and the anchor) tell.
        #expect(try await AuditLog.verify(on: db) == .broken(sequence: after + 1, reason: .unkeyedAfterKeyed))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
