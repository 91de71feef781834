import FluentKit
import Foundation
import GovCore
import Logging
import NIOCore
import SQLKit

/// Preparing an installation's database, the same whether a server, a command or a test of the stores opened it.
public enum Installation {
    public enum Problem: Error { case noDatabase }

    /// Turns on WAL for SQLite, migrates, loads the shipped calendar and the reference categories, and then runs `seeder`
    /// (the demo city, on an empty installation) in the same transaction: what it seeds is there whole or not at all.
    /// Returns the sign-ins the seeder made (to be printed once).
    public static func prepare(
        databases: Databases, migrations: Migrations, eventLoopGroup: any EventLoopGroup, isSQLite: Bool, calendarCSV: String,
        environment: SeedEnvironment, gate: WriteGate, seeder: Seeder?
    ) async throws -> [SeededSignIn] {
        let logger = environment.logger
        if isSQLite {
            // SQLite keeps one connection per event loop, and these settings are a connection's: each gets them.
            for eventLoop in eventLoopGroup.makeIterator() {
                guard let sql = databases.database(logger: logger, on: eventLoop) as? any SQLDatabase else { continue }
                // WAL lets readers and the writer proceed together and survives a killed process; FULL makes every commit
                // durable before it is acknowledged.
                try await sql.raw("PRAGMA journal_mode=WAL").run()
                try await sql.raw("PRAGMA synchronous=FULL").run()
                // 64 MiB of page cache (the default is 2 MiB): a city's year of cases keeps its indexes in memory.
                try await sql.raw("PRAGMA cache_size=-65536").run()
            }
        }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
        try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
        guard let database = databases.database(logger: logger, on: eventLoopGroup.any()) else { throw Problem.noDatabase }
        let now = environment.now
        return try await gate.transaction(on: database) { db in
            try await ReferenceData.loadCalendarIfEmpty(csv: calendarCSV, now: now, on: db)
            try await DisclosureStore.seedCategories(on: db)
            try await HotlineStore.seedCategories(on: db)
            return try await seeder?(environment, db) ?? []
        }
    }
}
