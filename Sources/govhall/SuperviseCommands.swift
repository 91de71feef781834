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
                _ = try await prepareDatabase(app, seedDemo: false)
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

/// A one-line progress bar on a terminal, a line per tenth elsewhere.
struct ProgressBar: Sendable {
    let label: String
    let started = Date()
    let isTerminal = isatty(STDOUT_FILENO) != 0

    func show(_ done: Int, _ total: Int) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(started)
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            print(String(format: "\r%@ %@ %3.0f%% %d/%d  %.0f s", label, bar, fraction * 100, done, total, elapsed), terminator: done == total ? "\n" : "")
        } else if done == total || done % max(1, total / 10) == 0 {
            print(String(format: "%@ %d/%d (%.0f%%) %.0f s", label, done, total, fraction * 100, elapsed))
        }
        fflush(nil)
    }
}
