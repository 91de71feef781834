import ArgumentParser
import Foundation
import GovStore
import GovWeb
import Vapor

/// `govhall backup` and `govhall restore`: the database (SQLite's online copy, or pg_dump's custom format) and the
/// certificate signing keys, with a manifest that a restore checks its result against.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database and the signing keys into a new folder while GovHall runs.",
        discussion: """
            SQLite: a consistent online copy (VACUUM INTO), safe while the server serves. PostgreSQL: pg_dump in its custom \
            format (pg_dump must be on PATH, of the server's major version or newer). Either way the folder gets keys/ \
            (the certificate signing keys and the audit MAC key: without them neither certificates issued so far nor the \
            audit chain can be verified; keep the backup as secret as the data directory), the audit anchor file, and \
            manifest.json with the audit chain's length and head, which `govhall restore` checks.
            """
    )

    @ArgumentParser.Option(help: "The folder to create (it must not exist).") var output: String

    func run() async throws {
        let output = URL(fileURLWithPath: self.output).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: output) else { throw CommandFailure("\(output) already exists; a backup never overwrites.") }
        let manifest = try await withApplication { app in
            let config = app.govhall.config
            let state = try await Backup.state(on: app.db)
            // The folder holds personal data and the signing keys: for its owner only.
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The audit anchor before the database: every checkpoint copied was written before the copy of the chain
            // begins, so the restored chain holds all of them (one copied after could sign a head the copy lacks).
            let anchor = AuditAnchorFile(dataDirectory: config.dataDirectory)
            if FileManager.default.fileExists(atPath: anchor.path) {
                try FileManager.default.copyItem(atPath: anchor.path, toPath: output + "/" + AuditAnchorFile.defaultName)
            }
            let manifest: Backup.Manifest
            switch config.database {
            case .sqliteFile:
                manifest = Backup.Manifest(createdAt: Date(), database: "sqlite", file: "govhall.sqlite", migrations: state.migrations,
                                           auditEntries: state.auditEntries, auditHead: state.auditHead)
                try await Backup.snapshotSQLite(into: output + "/" + manifest.file, on: app.db)
            case let .postgres(url, _):
                manifest = Backup.Manifest(createdAt: Date(), database: "postgresql", file: "govhall.pgdump", migrations: state.migrations,
                                           auditEntries: state.auditEntries, auditHead: state.auditHead)
                try PostgresTool(url: url).run("pg_dump", ["--format=custom", "--no-owner", "--file", output + "/" + manifest.file])
            case .sqliteMemory:
                throw CommandFailure("An in-memory database has nothing to back up.")
            }
            try FileManager.default.copyItem(atPath: config.dataDirectory + "/keys", toPath: output + "/keys")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: output + "/" + Backup.Manifest.fileName))
            return manifest
        }
        // The copy was taken after the chain was read, so it holds at least these entries (writes may have gone on).
        print("Backed up to \(output): \(manifest.database), \(manifest.migrations) migrations, audit chain of \(manifest.auditEntries) entries (head \(manifest.auditHead.prefix(16))…)")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup back into an empty installation (GovHall stopped), then verify it.",
        discussion: """
            SQLite: the data directory must hold no database yet (move the old one aside first; restore never overwrites). \
            PostgreSQL: DATABASE_URL must name an empty database (createdb it); pg_restore must be on PATH. The keys go \
            into the data directory, and the audit anchor file too if the data directory has none. Afterwards the audit \
            chain is walked end to end: it must be intact, at least as long as the manifest says, with the manifest's \
            head entry in it, and contain every checkpoint of the anchor.
            """
    )

    @ArgumentParser.Option(help: "The backup folder `govhall backup` wrote.") var input: String

    func run() async throws {
        let input = URL(fileURLWithPath: self.input).standardizedFileURL.path
        let manifest: Backup.Manifest
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            manifest = try decoder.decode(Backup.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: input + "/" + Backup.Manifest.fileName)))
        } catch {
            throw CommandFailure("\(input) holds no readable \(Backup.Manifest.fileName): is it a folder `govhall backup` wrote?")
        }
        let config = try loadConfig()
        let files = FileManager.default
        let keys = config.dataDirectory + "/keys"
        // The keys go in before the application starts: starting it would otherwise make new ones.
        if files.fileExists(atPath: keys) {
            guard try sameFiles(keys, input + "/keys") else {
                throw CommandFailure("\(keys) holds other signing keys; restore into an empty data directory.")
            }
        }
        switch (config.database, manifest.database) {
        case let (.sqliteFile(path), "sqlite"):
            guard !files.fileExists(atPath: path) else {
                throw CommandFailure("\(path) exists; stop GovHall and move it (and its -wal and -shm files) aside first: restore never overwrites.")
            }
            try files.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
            if !files.fileExists(atPath: keys) { try files.copyItem(atPath: input + "/keys", toPath: keys) }
            // Copied under another name and renamed, so an interrupted restore leaves no database that looks whole.
            try files.copyItem(atPath: input + "/" + manifest.file, toPath: path + ".restoring")
            try files.moveItem(atPath: path + ".restoring", toPath: path)
        case let (.postgres(url, _), "postgresql"):
            // Started with a scratch data directory: starting it on the real one would make signing keys there.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-restore-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try await withApplication(overrides: ["GOVHALL_DATA_DIR": scratch]) { app in
                guard try await Backup.isEmpty(app.db) else {
                    throw CommandFailure("The database already holds a GovHall schema; restore only into an empty database.")
                }
            }
            if !files.fileExists(atPath: keys) {
                try files.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
                try files.copyItem(atPath: input + "/keys", toPath: keys)
            }
            try PostgresTool(url: url).run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", input + "/" + manifest.file])
        default:
            throw CommandFailure("This is a \(manifest.database) backup, and the installation is configured for \(config.database.redactedDescription).")
        }
        // The anchor, like the keys, only into a data directory that has none: an anchor already there is this node's
        // record and is never overwritten; a restore that lost entries it signed is then reported below.
        let anchor = AuditAnchorFile(dataDirectory: config.dataDirectory)
        if files.fileExists(atPath: input + "/" + AuditAnchorFile.defaultName), !files.fileExists(atPath: anchor.path) {
            try files.copyItem(atPath: input + "/" + AuditAnchorFile.defaultName, toPath: anchor.path)
        }
        let (state, inspected) = try await withApplication { app in
            (try await Backup.state(on: app.db), try await AuditCommand.inspect(app, anchors: [anchor]))
        }
        if let finding = inspected.report.findings.first ?? inspected.damage.first?.finding {
            throw CommandFailure("The restored audit chain does not match the anchor \(anchor.path): \(finding.message). Run `govhall audit verify`.")
        }
        guard state.auditEntries >= manifest.auditEntries, state.migrations >= manifest.migrations else {
            throw CommandFailure("The restored audit chain has \(state.auditEntries) entries, the backup recorded \(manifest.auditEntries).")
        }
        let head: String? = manifest.auditEntries == 0 ? manifest.auditHead
            : try await withApplication { app in try await Backup.auditHash(atSequence: manifest.auditEntries, on: app.db) }
        guard head == manifest.auditHead else {
            throw CommandFailure("Entry #\(manifest.auditEntries) of the restored audit chain is not the one the backup recorded.")
        }
        print("Restored \(input): audit chain intact, \(state.auditEntries) entries, including the backup's head \(manifest.auditHead.prefix(16))…")
    }

    private func sameFiles(_ a: String, _ b: String) throws -> Bool {
        let files = FileManager.default
        let names = try files.contentsOfDirectory(atPath: a).sorted()
        guard names == (try files.contentsOfDirectory(atPath: b).sorted()) else { return false }
        return names.allSatisfy { files.contentsEqual(atPath: a + "/" + $0, andPath: b + "/" + $0) }
    }
}

/// Runs PostgreSQL's client tools against the configured database. The password goes in PGPASSWORD, never on the
/// command line, where any user of the machine could read it.
struct PostgresTool {
    let url: String

    func run(_ tool: String, _ arguments: [String]) throws {
        guard let components = URLComponents(string: url), let host = components.host, let database = components.path.split(separator: "/").first
        else { throw CommandFailure("DATABASE_URL is not a postgres:// URL with a database.") }
        var environment = ProcessInfo.processInfo.environment
        if let password = components.password { environment["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        let connection = ["--host", host, "--port", String(components.port ?? 5432), "--username", components.user ?? "postgres",
                          "--dbname", String(database)]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + connection + arguments
        process.environment = environment
        do { try process.run() } catch { throw CommandFailure("Could not start \(tool): \(error). Install PostgreSQL's client tools.") }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure("\(tool) failed (exit \(process.terminationStatus)); see its message above.") }
    }
}

/// A command that cannot do what was asked: the message, and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
