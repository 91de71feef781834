import ArgumentParser
import Foundation
import GovCommandLine
import GovCore
import GovStore
import GovWeb
import NIOConcurrencyHelpers
import Vapor

/// `govhall registry import`: bulk loads of the base registries from CSV, with a progress bar and a row-by-row report.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "registry", abstract: "The base registries (基础数据库).", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a CSV file (UTF-8 or GBK) into a registry; rows already there unchanged are skipped, so rerunning a file changes nothing."
        )

        @ArgumentParser.Option(help: "population, legal_entity or geospatial.") var kind: String
        @ArgumentParser.Argument(help: "The CSV file.") var file: String

        func run() async throws {
            guard let kind = RegistryKind(rawValue: kind) else { throw ValidationError("unknown kind \(kind); known: population, legal_entity, geospatial") }
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot open \(file)") }
            let total = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let fileName = URL(fileURLWithPath: file).lastPathComponent
            let record = try await withApplication { app in
                try await prepareDatabase(app)
                let bar = ProgressBar(label: "\(kind.rawValue) \(fileName)")
                let shown = NIOLockedValueBox(-1)
                let record = try await RegistryImport.run(
                    kind, fileName: fileName, chunks: FileChunks(handle: handle), gate: app.govhall.writeGate, by: .system("govhall registry import"),
                    now: app.govhall.dependencies.now, on: app.db, progress: { progress in
                        let done = min(progress.bytesRead, total)
                        // The importer reports once more after the last chunk; the bar draws each position once.
                        guard shown.withLockedValue({ last in defer { last = done }; return last != done }) else { return }
                        bar.show(done, total)
                    })
                return record
            }
            let summary = record.summary
            if let failure = record.failure {
                print("Import failed: \(failure)")
                throw ExitCode(1)
            }
            print("Read \(summary.rowsRead) rows (\(summary.blankLines) blank lines skipped, \(record.encoding ?? "ascii")): accepted \(summary.accepted), "
                  + "rejected \(summary.rejected) (\(summary.duplicates) duplicates); inserted \(record.inserted), updated \(record.updated), unchanged \(record.unchanged).")
            for error in record.errors.prefix(50) { print(error.en) }
            if record.errors.count > 50 { print("… and \(summary.rejected - 50) more rows refused; the whole report is on the registry import page.") }
        }
    }
}
