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
                _ = try await prepareDatabase(app, seedDemo: false)
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
                _ = try await prepareDatabase(app, seedDemo: false)
                let now = app.govhall.dependencies.now()
                let years = try await app.govhall.writeGate.transaction(on: app.db) { db in
                    try await CalendarStore.importYears(overrides, source: URL(fileURLWithPath: file).lastPathComponent, by: .system("govhall calendar import"), now: now, on: db)
                }
                print("Imported \(overrides.count) days for \(years.map(String.init).joined(separator: ", ")).")
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit log's and the exchange access log's hash chains end to end; name the first entry that does not fit (exit 1)."
        )

        func run() async throws {
            let (audit, access) = try await withApplication { app in
                try await app.autoMigrate()
                return (try await AuditLog.verify(on: app.db), try await ExchangeStore.verify(on: app.db))
            }
            var broken = false
            for (name, outcome) in [("Audit chain", audit), ("Exchange access log", access)] {
                switch outcome {
                case let .intact(count, lastHash):
                    print("\(name) intact: \(count) entries, head \(lastHash.prefix(16))…")
                case let .broken(sequence, reason):
                    print("\(name) BROKEN at entry #\(sequence): \(reason.message(in: .en))")
                    broken = true
                }
            }
            if broken { throw ExitCode(1) }
        }
    }
}
