import ArgumentParser
import FluentKit
import Foundation
import GovCore
import GovStore
import GovWeb
import Vapor

/// `govhall sync pull|push`, run on a county node: its base registries and the city's, in step.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Exchange base registry changes with the city's installation (incremental, idempotent, resumable).",
        subcommands: [Pull.self, Push.self])

    struct Options: ParsableArguments {
        @ArgumentParser.Option(help: "The city's database: a postgres:// URL, or the path of its SQLite file.") var peerDatabase: String
        @ArgumentParser.Option(help: "The name this node knows the peer by (its cursor and baselines are kept under it).") var peer: String = "city"
        @ArgumentParser.Option(help: "Entries per batch.") var batchSize: Int = RegistrySync.defaultBatchSize
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring the city's changes here; conflicting local edits are reported, not overwritten.")
        @OptionGroup var options: Options
        func run() async throws { try await SyncCommand.run(.pull, options) }
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send this node's changes to the city; entries the city changed meanwhile are reported.")
        @OptionGroup var options: Options
        func run() async throws { try await SyncCommand.run(.push, options) }
    }

    static func run(_ direction: RegistrySync.Direction, _ options: Options) async throws {
        let location: DatabaseLocation
        if options.peerDatabase.hasPrefix("postgres") {
            location = try DatabaseLocation.postgres(url: options.peerDatabase)
        } else {
            guard FileManager.default.fileExists(atPath: options.peerDatabase) else { throw ValidationError("no SQLite file at \(options.peerDatabase)") }
            location = .sqliteFile(path: options.peerDatabase)
        }
        guard (1...5000).contains(options.batchSize) else { throw ValidationError("--batch-size must be 1–5000") }
        let (peer, batchSize) = (options.peer, options.batchSize)
        let (report, conflicts) = try await withApplication { app in
            try await prepareDatabase(app)
            let peerID = DatabaseID(string: "peer")
            app.databases.use(try location.configurationFactory(), as: peerID)
            let report = try await RegistrySync.transfer(
                local: app.db, remote: app.db(peerID), peer: peer, direction: direction, gate: app.govhall.writeGate, batchSize: batchSize,
                now: app.govhall.dependencies.now())
            return (report, try await RegistrySync.conflicts(on: app.db).filter { $0.peer == peer })
        }
        print("\(direction.rawValue) \(location.redactedDescription): read \(report.read) changes in \(report.batches) batches; applied \(report.applied), "
              + "unchanged \(report.unchanged), conflicts \(report.conflicts)\(report.complete ? "" : " (stopped early; run again to resume)").")
        for conflict in conflicts.prefix(50) {
            print("conflict \(conflict.kind) \(Mask.identifier(conflict.key)) (\(conflict.direction)): the receiving side holds \(conflict.heldJSON), the sender has \(conflict.incomingJSON)")
        }
    }
}
