import ArgumentParser
import Fluent
import Foundation
import GovCommandLine
import GovCore
import GovStore
import GovWeb
import Vapor

extension BenchCommand {
    /// `govhall bench sharing`: a bulk import of legal entities (rows per second, and memory as the file is read), then
    /// exchange queries with the grant check and the access log, beside a bare registry lookup in the same run.
    struct Sharing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import N legal entities from CSV (rows/s, memory at each quarter of the file), then exchange query latency p50/p99.",
            discussion: "Runs a fresh installation in a temporary directory: SQLite, or with DATABASE_URL a new schema in that PostgreSQL database, dropped afterwards.")

        @ArgumentParser.Option(help: "Legal entities in the generated file.") var rows: Int = 1_000_000
        @ArgumentParser.Option(help: "Exchange queries to time.") var queries: Int = 5000

        func run() async throws {
            let (rows, queries) = (self.rows, self.queries)
            guard rows >= 1000, queries >= 100 else { throw ValidationError("--rows must be at least 1000 and --queries at least 100") }
            try await withBenchApplication { app, config, _ in
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-entities-\(UUID().uuidString).csv")
                defer { try? FileManager.default.removeItem(at: file) }
                let size = try Self.writeFile(rows: rows, to: file)
                print("GovHall bench sharing — \(config.database.isSQLite ? "SQLite" : "PostgreSQL"), debug build: \(isDebugBuild)")
                print(String(format: "file: %d legal entities, %.1f MB, UTF-8", rows, Double(size) / 1_048_576))
                fflush(nil)

                // Import, reading memory at each quarter of the file.
                let samples = MemorySamples(total: size)
                samples.take(0)
                guard let handle = FileHandle(forReadingAtPath: file.path) else { throw ValidationError("cannot read the generated file") }
                let started = Date()
                let record = try await RegistryImport.run(
                    .legalEntity, fileName: file.lastPathComponent, chunks: FileChunks(handle: handle), gate: app.govhall.writeGate,
                    by: .system("govhall bench sharing"), now: app.govhall.dependencies.now, on: app.db, progress: { samples.take($0.bytesRead) })
                let seconds = Date().timeIntervalSince(started)
                let summary = record.summary
                print(String(format: "import: %d rows in %.1f s = %.0f rows/s; accepted %d, inserted %d", summary.rowsRead, seconds,
                             Double(summary.rowsRead) / seconds, summary.accepted, record.inserted))
                print("  resident memory at 0/25/50/75/100% of the file: " + samples.report + String(format: "; peak %.0f MB", Memory.peakMegabytes))
                let rerunStarted = Date()
                guard let again = FileHandle(forReadingAtPath: file.path) else { throw ValidationError("cannot read the generated file") }
                let rerun = try await RegistryImport.run(
                    .legalEntity, fileName: file.lastPathComponent, chunks: FileChunks(handle: again), gate: app.govhall.writeGate,
                    by: .system("govhall bench sharing"), now: app.govhall.dependencies.now, on: app.db)
                let rerunSeconds = Date().timeIntervalSince(rerunStarted)
                print(String(format: "rerun of the same file: %.0f rows/s; inserted %d, updated %d, unchanged %d", Double(rerun.summary.rowsRead) / rerunSeconds,
                             rerun.inserted, rerun.updated, rerun.unchanged))
                fflush(nil)

                try await Self.queries(app, rows: rows, count: queries)
            }
        }

        /// The exchange on a conditional resource served from the registry: each call finds the grants, decides, reads the
        /// entry and appends to the hash-chained access log in its own transaction, as the API does.
        static func queries(_ app: Application, rows: Int, count: Int) async throws {
            let db = app.db
            let gate = app.govhall.writeGate
            let now = app.govhall.dependencies.now()
            let calendar = try await app.workCalendar()
            let units = try await OrganisationUnit.query(on: db).filter(\.$kind == .department).all()
            guard let market = units.first(where: { $0.nameZh == "示范市市场监督管理局" }), let civil = units.first(where: { $0.nameZh == "示范市民政局" }) else {
                throw ValidationError("the demo city lacks its departments")
            }
            let (marketSteward, civilSteward) = (steward(market), steward(civil))
            let definition = try ResourceDraft(
                code: "BENCH-SJ-0002", name: "法人详细信息", description: "bench", fieldList: "uscc, 统一社会信用代码, string\nname, 名称, string\nlegal_representative, 法定代表人, string\naddress, 住所, string",
                subjectField: "uscc", sharingClass: "conditional", legalBasis: "", frequency: "daily", provision: "exchange").validated()
            let resource = try await gate.transaction(on: db) { db in
                try await SharingStore.create(definition, scopeUnitIDs: [], source: .legalEntity, unit: market, principal: marketSteward, by: .system("bench"), now: now, on: db)
            }
            let application = SharingApplication(fields: ["name", "legal_representative"], purposeCode: "bench", purpose: "bench", legalBasis: "bench", days: 30)
            try await gate.transaction(on: db) { db in
                let request = try await SharingStore.file(application, for: resource, principal: civilSteward, by: .system("bench"), calendar: calendar, now: now, on: db)
                _ = try await SharingStore.decide(.approve(fields: ["name", "legal_representative"], days: "30", conditions: ""), on: try request.requireID(),
                                                  expectedVersion: nil, principal: marketSteward, by: .system("bench"), calendar: calendar, now: now, on: db)
            }
            let caller = ExchangeCaller(unitID: try civil.requireID(), unitPath: civil.path, clientName: "bench")
            var generator = SplitMix64(seed: 42)
            func subject() -> String { entityCode(Int(generator.next() % UInt64(rows))) }

            var bare: [Double] = []
            for _ in 0..<count {
                let key = subject()
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try await RegistryStore.entry(.legalEntity, key: key, on: db)
                bare.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            }
            var timed: [Double] = []
            var served = 0
            for index in 0..<count {
                let call = ExchangeCall(callerUnitPath: civil.path, purposeCode: "bench", issue: "B\(index)", endUser: "bench", fields: nil)
                let key = subject()
                let started = DispatchTime.now().uptimeNanoseconds
                let answer = try await gate.transaction(on: db) { db in
                    try await ExchangeStore.query(resourceCode: resource.code, subject: key, call: call, caller: caller, now: now, on: db)
                }
                timed.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
                if answer.records.count == 1 { served += 1 }
            }
            func percentile(_ values: [Double], _ p: Double) -> Double {
                let sorted = values.sorted()
                return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            }
            print(String(format: "exchange query (grant check + access log, one transaction each): %d calls, %d served; p50 %.2f ms  p99 %.2f ms", count, served,
                         percentile(timed, 0.5), percentile(timed, 0.99)))
            print(String(format: "bare registry lookup in the same run: p50 %.2f ms  p99 %.2f ms; exchange/bare at p50 %.1f×", percentile(bare, 0.5),
                         percentile(bare, 0.99), percentile(timed, 0.5) / max(0.001, percentile(bare, 0.5))))
            switch try await ExchangeStore.verify(on: db) {
            case let .intact(entries, _): print("access log chain intact: \(entries) entries")
            case let .broken(sequence, reason): print("access log chain BROKEN at #\(sequence): \(reason.message(in: .en))")
            }
            fflush(nil)
        }

        static func steward(_ unit: OrganisationUnit) -> Principal {
            Principal(accountID: UUID(), kind: .staff, displayName: "bench", grants: [RoleGrant(role: .dataSteward, unitID: unit.id, unitPath: unit.path, includesSubtree: false)])
        }

        /// The credit code of the n-th generated entity: 工商 9, 企业 1, region 330100, a decimal organisation code.
        static func entityCode(_ index: Int) -> String {
            let body = String(format: "%08d", index)
            let organisation = body + String(OrganizationCode.checkCharacter(for: body)!)
            let first17 = "91330100" + organisation
            return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
        }

        /// Writes the file a megabyte at a time; returns its size in bytes.
        static func writeFile(rows: Int, to url: URL) throws -> Int {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: url.path) else { throw ValidationError("cannot write \(url.path)") }
            defer { try? handle.close() }
            var buffer = "统一社会信用代码,名称,法定代表人,成立日期,住所,登记状态,注册资本\n"
            var size = 0
            let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
            for index in 0..<rows {
                let day = String(format: "%04d-%02d-%02d", 1995 + index % 30, 1 + index % 12, 1 + index % 28)
                buffer += "\(entityCode(index)),示范市第\(index)号商贸有限公司,\(surnames[index % surnames.count])\(index % 97),\(day),示范市江南区第\(index % 500)街\(index % 211)号,存续,\(100 + index % 900)\n"
                if buffer.utf8.count > 1_000_000 {
                    let data = Data(buffer.utf8)
                    size += data.count
                    handle.write(data)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            let data = Data(buffer.utf8)
            size += data.count
            handle.write(data)
            return size
        }
    }
}

/// Resident memory read from /proc at each quarter of the file.
final class MemorySamples: @unchecked Sendable {
    private let total: Int
    private let lock = NSLock()
    private var taken: [Double] = []

    init(total: Int) { self.total = total }

    func take(_ done: Int) {
        lock.lock()
        defer { lock.unlock() }
        let quarter = total > 0 ? done * 4 / total : 4
        while taken.count <= quarter, taken.count <= 4 { taken.append(Memory.residentMegabytes) }
    }

    var report: String { taken.map { String(format: "%.0f", $0) }.joined(separator: " / ") + " MB" }
}

enum Memory {
    /// VmRSS and VmHWM of /proc/self/status, in MB; 0 where /proc is missing.
    static func status(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    static var residentMegabytes: Double { status("VmRSS") }
    static var peakMegabytes: Double { status("VmHWM") }
}
