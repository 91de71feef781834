import ArgumentParser
import Foundation
import GovCore
import GovStore
import GovWeb
import Vapor

/// `govhall supervise …`: electronic supervision's jobs, by hand.
struct SuperviseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise", abstract: "Electronic supervision.", subcommands: [Sweep.self])

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move every obligation whose threshold has passed (and accept by law what nobody answered), then deliver notices.",
            discussion: "Safe beside running servers: the sweep takes each row once (FOR UPDATE SKIP LOCKED on PostgreSQL) and records a change only against the status it read.")

        func run() async throws {
            try await withApplication { app in
                try await prepareDatabase(app)
                let started = Date()
                let context = try await app.caseContext()
                let report = try await SupervisionSweep.run(context: context, gate: app.govhall.writeGate, on: app.db)
                let delivered = await SupervisionJobs.deliver(app, limit: 10_000)
                print(String(
                    format: "swept in %.3f s: %d examined, %d changed status, %d accepted by law, %d failed; %d notices delivered",
                    Date().timeIntervalSince(started), report.examined, report.changed, report.deemedAccepted, report.failed, delivered))
            }
        }
    }
}
