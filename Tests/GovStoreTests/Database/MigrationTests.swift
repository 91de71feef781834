import FluentKit
import GovStore
import GovTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("every migration reverts cleanly and applies again")
    func upDownUp() async throws {
        try await withTestApp(seedDemo: false) { test in
            let db = test.app.db
            // setup: migrated and calendar loaded by withTestApp
            #expect(try await CalendarYear.query(on: db).count() == 23)

            // MUT
            try await test.app.autoRevert()

            // validate: the tables are gone
            await #expect(throws: (any Error).self) { _ = try await Account.query(on: db).count() }
            await #expect(throws: (any Error).self) { _ = try await AuditEntry.query(on: db).count() }

            try await test.app.autoMigrate()
            #expect(try await Account.query(on: db).count() == 0)
            #expect(try await AuditChainHead.find(1, on: db)?.lastSequence == 0)
        }
    }
}
