import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

@Suite("Audit log")
struct AuditLogTests {
    static func appendThree(_ test: StoreTest) async throws {
        let gate = WriteGate(serialised: true)
        for index in 1...3 {
            _ = try await gate.transaction(on: test.db) { db in
                try await AuditLog.append(
                    AuditEvent(action: "test.step", objectType: "thing", objectID: "T\(index)", summary: "step \(index) 中文"),
                    by: .system("tester"), at: test.clock.now, on: db
                )
            }
        }
    }

    @Test("appended entries chain and verify")
    func appendAndVerify() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let before = try await AuditLog.verify(on: test.db)
            guard case let .intact(startCount, _) = before else { Issue.record("fresh chain broken: \(before)"); return }

            try await Self.appendThree(test)

            let outcome = try await AuditLog.verify(on: test.db)
            guard case let .intact(count, lastHash) = outcome else { Issue.record("chain broken: \(outcome)"); return }
            #expect(count == startCount + 3)
            let last = try await AuditEntry.query(on: test.db).sort(\.$id, .descending).first()
            #expect(last?.hash == lastHash)
            #expect(last?.previousHash != AuditChain.genesisHash)
            #expect(last?.summary == "step 3 中文")
        }
    }

    @Test("an entry altered by hand is named")
    func tamperedContent() async throws {
        try await withStoreTest(seedDemo: false) { test in
            try await Self.appendThree(test)
            let sql = try #require(test.db as? any SQLDatabase)
            let target = try await AuditEntry.query(on: test.db).sort(\.$id, .descending).offset(1).first()!.id!

            try await sql.raw("UPDATE audit_entries SET summary = 'nothing happened' WHERE sequence = \(bind: target)").run()

            #expect(try await AuditLog.verify(on: test.db) == .broken(sequence: target, reason: .contentHashMismatch))
        }
    }

    @Test("a deleted entry in the middle shows as a gap; a cut tail shows against the head")
    func deletions() async throws {
        try await withStoreTest(seedDemo: false) { test in
            try await Self.appendThree(test)
            let sql = try #require(test.db as? any SQLDatabase)
            let last = try await AuditEntry.query(on: test.db).sort(\.$id, .descending).first()!.id!

            try await sql.raw("DELETE FROM audit_entries WHERE sequence = \(bind: last)").run()
            #expect(try await AuditLog.verify(on: test.db) == .broken(sequence: last, reason: .headMismatch))

            try await sql.raw("DELETE FROM audit_entries WHERE sequence = \(bind: last - 2)").run()
            #expect(try await AuditLog.verify(on: test.db) == .broken(sequence: last - 1, reason: .sequenceGap(expected: last - 2)))
        }
    }

    @Test("a rolled-back change leaves no audit entry")
    func rollback() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let before = try await AuditEntry.query(on: test.db).count()
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await WriteGate(serialised: true).transaction(on: test.db) { db in
                    try await AuditLog.append(AuditEvent(action: "x", objectType: "x", objectID: "x", summary: "x"), by: .system(), at: test.clock.now, on: db)
                    throw Boom()
                }
            }
            #expect(try await AuditEntry.query(on: test.db).count() == before)
            guard case .intact = try await AuditLog.verify(on: test.db) else { Issue.record("chain broken after rollback"); return }
        }
    }

    @Test("concurrent appenders never fork the chain")
    func concurrentAppends() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let gate = WriteGate(serialised: test.isSQLite)
            let db = test.db
            let now = test.clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        _ = try await gate.transaction(on: db) { tx in
                            try await AuditLog.append(AuditEvent(action: "race", objectType: "x", objectID: "\(index)", summary: "r\(index)"), by: .system(), at: now, on: tx)
                        }
                    }
                }
                try await group.waitForAll()
            }
            guard case let .intact(count, _) = try await AuditLog.verify(on: db) else { Issue.record("forked"); return }
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "race").count() == 20)
            #expect(count == (try await AuditEntry.query(on: db).count()))
        }
    }
}
