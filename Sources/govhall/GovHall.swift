import ArgumentParser
import Foundation
import GovCommandLine
import GovCore
import GovDemo
import GovStore
import GovWeb
import Vapor

/// The `govhall` command: a thin entry point over GovWeb.
@main
struct GovHall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govhall",
        abstract: "GovHall, the one-stop government service platform.",
        discussion: "Settings come from the environment (or GOVHALL_CONFIG_FILE):\n"
            + AppConfig.variables.map { "  \($0.name): \($0.meaning)" }.joined(separator: "\n"),
        subcommands: [
            Serve.self, Migrate.self, Seed.self, UserCommand.self, TokenCommand.self, CalendarCommand.self, AuditCommand.self,
            SuperviseCommand.self, RegistryCommand.self, SyncCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )
}

/// Loads the configuration (stopping with the names of bad settings), boots the application without serving,
/// runs `body`, and shuts down.
func withApplication<T: Sendable>(
    overrides: [String: String] = [:], _ body: @Sendable (Application) async throws -> T
) async throws -> T {
    let config = try loadConfig(overrides: overrides)
    LogBootstrap.once(config)
    let app = try await Application.make(Environment(name: "production", arguments: ["govhall"]))
    do {
        try await configure(app, config)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// The configuration from the environment (with `overrides`), or the names of bad settings and exit status 78.
func loadConfig(overrides: [String: String] = [:]) throws -> AppConfig {
    var environment = ProcessInfo.processInfo.environment
    environment.merge(overrides) { _, new in new }
    do {
        return try AppConfig.load(environment: environment)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)
    }
}

func printSignIns(_ signIns: [SeededSignIn]) {
    guard !signIns.isEmpty else { return }
    print("""

    Demo city seeded. These sign-ins are shown once; only their hashes are stored.
    演示数据已生成。以下账号密码只显示这一次，数据库中只保存其哈希值。

    """)
    let width = signIns.map(\.username.count).max() ?? 8
    for signIn in signIns {
        print("  \(signIn.username.padding(toLength: width, withPad: " ", startingAt: 0))  \(signIn.password)  (\(signIn.role))")
    }
    print("")
    fflush(nil)  // stdout is block-buffered when redirected; show the sign-ins now
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate, seed the demo city on first start, and serve HTTP.")

    @ArgumentParser.Option(help: "Address to listen on (default GOVHALL_HOSTNAME or 127.0.0.1).") var hostname: String?
    @ArgumentParser.Option(help: "Port to listen on (default GOVHALL_PORT or 8080).") var port: Int?

    func run() async throws {
        var overrides: [String: String] = [:]
        if let hostname { overrides["GOVHALL_HOSTNAME"] = hostname }
        if let port { overrides["GOVHALL_PORT"] = String(port) }
        try await withApplication(overrides: overrides) { app in
            let config = app.govhall.config
            app.logger.notice("GovHall starting", metadata: ["database": .string(config.database.redactedDescription)])
            printSignIns(try await prepareDatabase(app, seeder: config.seedDemoOnFirstStart ? DemoCity.seeder() : nil))
            print("GovHall listening on http://\(config.hostname):\(config.port)  (\(config.database.redactedDescription))")
            fflush(nil)  // stdout is block-buffered when redirected; show the sign-ins now
            app.lifecycle.use(SupervisionJobs())
            app.environment.arguments = ["govhall", "serve", "--hostname", config.hostname, "--port", String(config.port)]
            try await app.execute()
            await GracefulStop.drain(app)
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date (or --revert the last batch).")

    @ArgumentParser.Flag(help: "Revert the last batch of migrations.") var revert = false

    func run() async throws {
        try await withApplication { app in
            if revert {
                try await app.autoRevert()
                print("Reverted.")
            } else {
                try await prepareDatabase(app)
                print("Database is up to date: \(app.govhall.config.database.redactedDescription)")
            }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load reference data; with --demo, the demo city (only into an empty installation); with --synthetic, volume.",
        discussion: "--synthetic --cases N adds N cases received over the last year to the demo city's departments and matters (seeding the city and its catalogue first if the installation is empty), in every state, with their obligations, violations and statistics.")

    @ArgumentParser.Flag(help: "Seed the demo city and print its sign-ins.") var demo = false
    @ArgumentParser.Flag(help: "Add synthetic cases for volume (see --cases).") var synthetic = false
    @ArgumentParser.Option(help: "How many synthetic cases.") var cases: Int = 100_000
    @ArgumentParser.Option(help: "Days of history the synthetic cases spread over.") var days: Int = 365
    @ArgumentParser.Option(help: "Seed of the synthetic cases' dice (the same seed gives the same cases on the same day).") var seed: UInt64 = 0x5359_4E54_4845_5449

    func validate() throws {
        if synthetic {
            guard (1...5_000_000).contains(cases) else { throw ValidationError("--cases must be from 1 to 5000000") }
            guard (1...1830).contains(days) else { throw ValidationError("--days must be from 1 to 1830") }
        }
    }

    func run() async throws {
        let (synthetic, cases, days, seed, demo) = (self.synthetic, self.cases, self.days, self.seed, self.demo)
        try await withApplication { app in
            try await prepareDatabase(app)
            let empty = try await !DemoCity.isSeeded(on: app.db)
            let signIns = try await prepareDatabase(app, seeder: demo || (synthetic && empty) ? DemoCity.seeder(demoCases: demo) : nil)
            if demo, signIns.isEmpty { print("The installation already has an organisation; nothing seeded.") }
            printSignIns(signIns)
            guard synthetic else { return }
            let bar = ProgressBar(label: "synthetic cases")
            let summary = try await SyntheticCases.seed(
                count: cases, days: days, seed: seed, context: try await app.caseContext(), hasher: app.govhall.hasher,
                gate: app.govhall.writeGate, on: app.db, progress: { bar.show($0, $1) })
            print("seeded \(summary.cases) synthetic cases: \(summary.events) events, \(summary.obligations) obligations (\(summary.openObligations) open), \(summary.violations) violations")
        }
    }
}
