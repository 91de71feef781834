import FluentKit
import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("every migration reverts cleanly and applies again")
    func upDownUp() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let db = test.db
            // setup: migrated and calendar loaded by withStoreTest
            #expect(try await CalendarYear.query(on: db).count() == 23)

            // MUT
            try await test.revert()

            // validate: the tables are gone
            await #expect(throws: (any Error).self) { _ = try await Account.query(on: db).count() }
            await #expect(throws: (any Error).self) { _ = try await AuditEntry.query(on: db).count() }

            try await test.migrate()
            #expect(try await Account.query(on: db).count() == 0)
            #expect(try await AuditChainHead.find(1, on: db)?.lastSequence == 0)
        }
    }
}
