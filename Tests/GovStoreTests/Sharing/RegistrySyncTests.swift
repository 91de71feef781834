import FluentKit
import FluentSQLiteDriver
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

/// A county node (the test's database) and the city (a second database, SQLite) kept in step.
@Suite("Registry sync")
struct RegistrySyncTests {
    static func code(_ serial: Int) -> String { DemoCity.creditCode(authority: "91", body: String(format: "MA3D%04d", serial)) }

    static func rows(_ changes: [(Int, String, String)], today: CivilDate) throws -> [RegistryRow] {
        let csv = "uscc,name,legal_representative\n" + changes.map { "\(code($0.0)),\($0.1),\($0.2)" }.joined(separator: "\n")
        var importer = RegistryImporter(kind: .legalEntity, today: today)
        return try (importer.feed(Array(csv.utf8)) + importer.finish()).map { outcome in
            guard case let .accepted(row, _) = outcome else { throw SharingProblem.notPermitted }
            return row
        }
    }

    @Test("pulled in batches, interrupted and resumed, run twice; conflicting edits are reported and overwrite nothing; pushed back up")
    func pullAndPush() async throws {
        try await withStoreTest { test in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-city-\(UUID().uuidString).sqlite")
            defer { try? FileManager.default.removeItem(at: file) }
            let cityID = DatabaseID(string: "city-\(UUID().uuidString.prefix(8))")
            test.databases.use(.sqlite(.file(file.path)), as: cityID)
            let city = test.db(cityID)
            for migration in GovMigrations.all { try await migration.prepare(on: city).get() }
            let county = test.db
            let gate = test.writeGate
            let now = test.clock.now
            let today = CivilDate.beijing(now)
            func write(_ database: any Database, _ changes: [(Int, String, String)]) async throws {
                let rows = try Self.rows(changes, today: today)
                _ = try await database.transaction { db in try await RegistryStore.write(rows, now: now, on: db) }
            }
            func name(_ database: any Database, _ serial: Int) async throws -> String? {
                try await RegistryStore.entry(.legalEntity, key: Self.code(serial), on: database)?.name
            }
            func pull(maxBatches: Int? = nil) async throws -> RegistrySync.Report {
                try await RegistrySync.transfer(local: county, remote: city, peer: "city", direction: .pull, gate: gate, batchSize: 2, maxBatches: maxBatches, now: now)
            }

            try await write(city, (1...5).map { ($0, "市级企业\($0)", "法人\($0)") })
            let before = try await RegistryStore.count(.legalEntity, on: county)
            let interrupted = try await pull(maxBatches: 1)
            #expect(interrupted.read == 2 && interrupted.applied == 2 && !interrupted.complete)
            #expect(try await RegistryStore.count(.legalEntity, on: county) == before + 2)
            let resumed = try await pull()
            #expect(resumed.read == 3 && resumed.applied == 3 && resumed.complete)
            #expect(try await name(county, 5) == "市级企业5")
            let again = try await pull()
            #expect(again == RegistrySync.Report(complete: true))
            #expect(try await RegistryStore.count(.legalEntity, on: county) == before + 5)

            // Both sides edit entity 1; only the city edits entity 2.
            try await write(city, [(1, "市级改名1", "法人1"), (2, "市级改名2", "法人2")])
            try await write(county, [(1, "县级改名1", "法人1")])
            let conflicted = try await pull()
            #expect(conflicted.applied == 1 && conflicted.conflicts == 1)
            #expect(try await name(county, 1) == "县级改名1")
            #expect(try await name(county, 2) == "市级改名2")
            let conflicts = try await RegistrySync.conflicts(on: county)
            #expect(conflicts.count == 1 && conflicts[0].key == Self.code(1) && conflicts[0].incomingJSON.contains("市级改名1") && conflicts[0].heldJSON.contains("县级改名1"))
            #expect(try await pull() == RegistrySync.Report(complete: true))

            // The county's own edit of entity 3 goes up; the city's conflicting entity 1 is reported, not overwritten.
            try await write(county, [(3, "县级改名3", "法人3")])
            let pushed = try await RegistrySync.transfer(local: county, remote: city, peer: "city", direction: .push, gate: gate, now: now)
            #expect(pushed.complete && pushed.conflicts == 1)
            #expect(try await name(city, 3) == "县级改名3")
            #expect(try await name(city, 1) == "市级改名1")
            let pushedAgain = try await RegistrySync.transfer(local: county, remote: city, peer: "city", direction: .push, gate: gate, now: now)
            #expect(pushedAgain.applied == 0 && pushedAgain.read == 0)
            // What the city received does not come back as a change to the county.
            let back = try await pull()
            #expect(back.applied == 0 && back.conflicts == 0)
            #expect(try await name(county, 3) == "县级改名3")
            try await test.databases.reinitialize(cityID)
        }
    }
}
