import ArgumentParser
import Fluent
import Foundation
import GovCore
import GovStore
import GovWeb
import Vapor

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The working-day calendar.", subcommands: [Due.self, Import.self]
    )

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the due date N working days after a start date (the start day is not counted)."
        )

        @ArgumentParser.Option(help: "Start date, yyyy-MM-dd.") var from: String
        @ArgumentParser.Option(help: "Limit in working days.") var days: Int
        @ArgumentParser.Option(help: "An excluded period, yyyy-MM-dd..yyyy-MM-dd (repeatable).") var pause: [String] = []

        func run() async throws {
            guard let start = CivilDate(from) else { throw ValidationError("--from must be a date like 2026-09-28") }
            let pauses = try pause.map { text -> ClosedRange<CivilDate> in
                let parts = text.components(separatedBy: "..")
                guard parts.count == 2, let a = CivilDate(parts[0]), let b = CivilDate(parts[1]), a <= b else {
                    throw ValidationError("--pause must look like 2026-10-12..2026-10-14")
                }
                return a...b
            }
            let days = self.days
            try await withApplication { app in
                try await prepareDatabase(app)
                let calendar = try await CalendarStore.load(on: app.db)
                do {
                    let due = try calendar.dueDate(from: start, workingDays: days, pauses: pauses)
                    print("\(days) working days from \(start): due by the end of \(due) (Beijing time)")
                    print(due.description)
                } catch let error as CalendarError {
                    throw ValidationError(error.message(in: .en))
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import holiday arrangements from a CSV (date,kind,holiday); each year in the file replaces the stored one."
        )

        @ArgumentParser.Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file) as UTF-8 text")
            }
            let overrides: [CalendarOverride]
            do {
                overrides = try WorkCalendar.parseCSV(text)
            } catch {
                throw ValidationError(error.message(in: .en))
            }
            let file = self.file
            try await withApplication { app in
                try await prepareDatabase(app)
                let now = app.govhall.dependencies.now()
                let imported = try await app.govhall.writeGate.transaction(on: app.db) { db in
                    try await CalendarStore.importYears(overrides, source: URL(fileURLWithPath: file).lastPathComponent, by: .system("govhall calendar import"), now: now, on: db)
                }
                print("Imported \(overrides.count) days for \(imported.years.map(String.init).joined(separator: ", ")).")
                print("Counted again: \(imported.casesRecounted) open cases, \(imported.obligationsRecounted) open obligations (their holders were told).")
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [Verify.self, Anchor.self])

    /// The anchor files to check: the ones named, or the data directory's own.
    static func anchorFiles(_ named: [String], config: AppConfig) -> [AuditAnchorFile] {
        named.isEmpty ? [AuditAnchorFile(dataDirectory: config.dataDirectory)] : named.map { AuditAnchorFile(path: $0) }
    }

    /// Reads the anchors, then walks the chain against them: the anchors first, so no checkpoint is newer than the head
    /// the walk reads (a live server may go on appending both).
    static func inspect(_ app: Application, anchors: [AuditAnchorFile]) async throws
        -> (report: AuditAnchor.Report, damage: [(file: String, finding: AuditAnchor.Finding)], counts: [(file: String, count: Int, exists: Bool)]) {
        var checkpoints: [AuditAnchor.Checkpoint] = []
        var damage: [(String, AuditAnchor.Finding)] = []
        var counts: [(String, Int, Bool)] = []
        for anchor in anchors {
            let read = try anchor.read(keyring: app.govhall.keyring)
            checkpoints += read.checkpoints
            damage += read.damage.map { (anchor.path, $0) }
            counts.append((anchor.path, read.checkpoints.count, FileManager.default.fileExists(atPath: anchor.path)))
        }
        return (try await AuditLog.inspect(against: checkpoints, on: app.db), damage, counts)
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit log's and the exchange access log's hash chains end to end, against the audit key and the signed checkpoints; name what was tampered with (exit 1).",
            discussion: """
                Every audit entry must carry its MAC under the key in keys/, follow the one before, and the chain must \
                contain every checkpoint of the anchor file (<data dir>/audit-anchor.log, or each --anchor) unchanged and \
                reach at least the newest. Each kind of damage is named: an altered entry, a run rewritten without the key, \
                entries reordered or deleted, a cut tail, a truncated table, an edited anchor.
                """
        )

        @ArgumentParser.Option(name: .customLong("anchor"), help: "An anchor file to check against (repeatable; default: the data directory's audit-anchor.log).")
        var anchors: [String] = []

        func run() async throws {
            let named = self.anchors
            for path in named where !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("no anchor file at \(path)")
            }
            let (inspected, access) = try await withApplication { app in
                try await app.autoMigrate()
                let inspected = try await AuditCommand.inspect(app, anchors: AuditCommand.anchorFiles(named, config: app.govhall.config))
                return (inspected, try await ExchangeStore.verify(on: app.db))
            }
            let report = inspected.report
            var broken = false
            if let first = report.findings.first {
                print("Audit chain BROKEN at entry #\(first.sequence): \(first.message)")
                for finding in report.findings.dropFirst() { print("  also: \(finding.message)") }
                broken = true
            } else {
                print("Audit chain intact: \(report.entries) entries, head \(report.lastHash.prefix(16))…")
            }
            for (file, count, exists) in inspected.counts {
                if !exists {
                    print("Audit anchor: no checkpoints yet in \(file) (the server writes them; `govhall audit anchor` writes one now)")
                } else {
                    let newest = report.newestCheckpoint.map { ", newest \($0.label)" } ?? ""
                    print("Audit anchor: \(count) signed checkpoint\(count == 1 ? "" : "s") in \(file)\(newest)")
                }
            }
            for (file, finding) in inspected.damage {
                print("Audit anchor TAMPERED: \(file): \(finding.message)")
                broken = true
            }
            switch access {
            case let .intact(count, lastHash):
                print("Exchange access log intact: \(count) entries, head \(lastHash.prefix(16))…")
            case let .broken(sequence, reason):
                print("Exchange access log BROKEN at entry #\(sequence): \(reason.message(in: .en))")
                broken = true
            }
            if broken { throw ExitCode(1) }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the audit chain against its anchor and append a signed checkpoint of its head (the server does this every minute and when it stops).",
            discussion: "Run it after `seed`, an import or a restore, or from cron on a node that serves no requests. Nothing is written if the chain is not intact."
        )

        func run() async throws {
            let line: String? = try await withApplication { app in
                try await app.autoMigrate()
                let anchor = AuditAnchorFile(dataDirectory: app.govhall.config.dataDirectory)
                let inspected = try await AuditCommand.inspect(app, anchors: [anchor])
                guard inspected.report.isIntact, inspected.damage.isEmpty else { return nil }
                guard inspected.report.entries > 0 else { return "" }
                let checkpoint = try anchor.append(
                    sequence: inspected.report.lastSequence, hash: inspected.report.lastHash, at: app.govhall.dependencies.now(),
                    node: app.govhall.nodeID, keyring: app.govhall.keyring)
                return "Anchored \(checkpoint.label) (head \(checkpoint.hash.prefix(16))…) in \(anchor.path)"
            }
            guard let line else { throw CommandFailure("The audit chain or its anchor is not intact; nothing anchored. Run `govhall audit verify`.") }
            print(line.isEmpty ? "The audit chain is empty; nothing to anchor." : line)
        }
    }
}
