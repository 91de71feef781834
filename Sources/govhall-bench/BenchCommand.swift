import ArgumentParser
import Fluent
import Foundation
import GovCommandLine
import GovCore
import GovDemo
import GovStore
import GovWeb
import SQLKit
import Vapor

/// `govhall-bench …`: load measured over real HTTP against a fresh installation, each figure printed beside a
/// trivial route's measured in the same run, so the ratio holds on a shared, noisy machine. Its own executable, so
/// that `govhall`, what an installation runs, holds no benchmark code.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govhall-bench", abstract: "Measure GovHall's throughput and latency on a fresh installation.", subcommands: [Approvals.self, Supervision.self, Disclosure.self, Sharing.self, Hotline.self])

    struct Approvals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Online applications (each durable before it is acknowledged) and public tracking queries per second.",
            discussion: "Runs a fresh installation in a temporary directory: SQLite, or with DATABASE_URL a new schema in that PostgreSQL database, dropped afterwards.")

        @ArgumentParser.Option(help: "Seconds per phase.") var seconds: Double = 10
        @ArgumentParser.Option(help: "Requests in flight at once.") var concurrency: Int = 16

        func run() async throws {
            let (seconds, concurrency) = (self.seconds, self.concurrency)
            try await withBenchApplication { app, config, signIns in
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                guard let port = app.http.server.shared.localAddress?.port else { throw ValidationError("the server did not bind") }
                let base = "http://127.0.0.1:\(port)"
                let password = signIns.first { $0.username == "citizen" }?.password ?? ""
                let bench = HTTPBench(client: app.client, base: base, seconds: seconds, concurrency: concurrency)
                let report = try await bench.run(app: app, citizenPassword: password)
                print("GovHall bench approvals — \(config.database.isSQLite ? "SQLite" : "PostgreSQL"), \(concurrency) in flight, \(seconds) s per phase, debug build: \(isDebugBuild)")
                print(report)
                fflush(nil)
                await app.server.shutdown()
            }
        }

    }
}

extension BenchCommand {
    /// `govhall bench supervision`: the sweep against growing numbers of open obligations, then the supervision
    /// centre and the department metrics on a year of synthetic cases.
    struct Supervision: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sweep time for 1,000 changes among 10k, 100k and 1M open obligations; centre page and metrics on N cases.",
            discussion: "Runs a fresh installation in a temporary directory: SQLite, or with DATABASE_URL a new schema in that PostgreSQL database, dropped afterwards.")

        @ArgumentParser.Option(help: "Open obligations at each sweep, comma-separated.") var open: String = "10000,100000,1000000"
        @ArgumentParser.Option(help: "Obligations that change status at each sweep.") var changes: Int = 1000
        @ArgumentParser.Option(help: "Synthetic cases for the page and metrics phase (0 skips it).") var cases: Int = 1_000_000
        @ArgumentParser.Option(help: "Seconds per HTTP phase.") var seconds: Double = 10

        func run() async throws {
            let (changes, cases, seconds) = (self.changes, self.cases, self.seconds)
            let sizes = open.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.sorted()
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= changes }) else { throw ValidationError("--open must list sizes of at least --changes") }
            try await withBenchApplication { app, config, signIns in
                let db = app.db
                let gate = app.govhall.writeGate
                let calendar = try await app.workCalendar()
                let now = app.govhall.dependencies.now()
                guard let unit = try await OrganisationUnit.query(on: db).filter(\.$nameZh == "示范市市场监督管理局").first() else {
                    throw ValidationError("the demo city has no market regulator")
                }
                print("GovHall bench supervision — \(config.database.isSQLite ? "SQLite" : "PostgreSQL"), debug build: \(isDebugBuild)")
                var lines: [String] = []
                var total = 0
                for size in sizes {
                    let quiet = size - total - changes
                    if quiet > 0 {
                        var left = quiet
                        while left > 0 {
                            let part = min(left, 50_000)
                            try await gate.transaction(on: db) { db in try await SupervisionLoad.addQuiet(part, unit: unit, now: now, calendar: calendar, on: db) }
                            left -= part
                        }
                    }
                    let due = try await gate.transaction(on: db) { db in try await SupervisionLoad.addDue(changes, unit: unit, now: now, calendar: calendar, on: db) }
                    total = size
                    let open = try await SupervisionLoad.openCount(on: db)
                    let context = try await app.caseContext()
                    // Three sweeps of the same changes (made due again between them): the median stands against a noisy machine.
                    var times: [Double] = []
                    var changed = 0
                    for round in 0..<3 {
                        if round > 0 { try await gate.transaction(on: db) { db in try await SupervisionLoad.makeDueAgain(due, unit: unit, now: now, on: db) } }
                        let started = Date()
                        let report = try await SupervisionSweep.run(context: context, gate: gate, on: db)
                        times.append(Date().timeIntervalSince(started))
                        changed = report.changed
                    }
                    let median = times.sorted()[1]
                    lines.append(String(
                        format: "sweep: %8d open obligations, %d changed status: median %7.1f ms of 3 (%.0f µs per change; runs ",
                        open, changed, median * 1000, median * 1_000_000 / Double(max(changed, 1)))
                        + times.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ") + " ms)")
                    print(lines.last!)
                    fflush(nil)
                }
                guard cases > 0 else { return }
                let bar = ProgressBar(label: "synthetic cases")
                let summary = try await SyntheticCases.seed(
                    count: cases, context: try await app.caseContext(), hasher: app.govhall.hasher, gate: gate, on: db, progress: { bar.show($0, $1) })
                print("seeded \(summary.cases) synthetic cases (\(summary.obligations) obligations, \(summary.violations) violations)")
                // The metrics query itself, without HTTP: a year of every department's figures, scored and ranked.
                let settings = try await SupervisionSettingsStore.load(on: db)
                let departments = try await OrganisationUnit.query(on: db).filter(\.$kind == .department).all()
                let year = ReportingPeriod.days(365, endingOn: CivilDate.beijing(now))
                var timings: [Double] = []
                for _ in 0..<30 {
                    let started = Date()
                    let counts = try await Rollups.countsByUnit(year, Rollups.Filter(), on: db)
                    let obligations = try await Rollups.obligationCounts(year, Rollups.Filter(), on: db)
                    _ = PerformanceRules.ranking(departments.compactMap { unit in
                        unit.id.map { PerformanceInput(unitID: $0, unitName: unit.nameZh, counts: counts[$0] ?? ServiceCounts(), obligations: obligations[$0] ?? [:]) }
                    }, model: settings.scoring)
                    timings.append(Date().timeIntervalSince(started))
                }
                let sorted = timings.sorted()
                print(String(format: "department metrics and scores for a year: p50 %.1f ms, p95 %.1f ms (30 runs)",
                             sorted[sorted.count / 2] * 1000, sorted[Int(Double(sorted.count) * 0.95) - 1] * 1000))
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                guard let port = app.http.server.shared.localAddress?.port else { throw ValidationError("the server did not bind") }
                let base = "http://127.0.0.1:\(port)"
                let bench = HTTPBench(client: app.client, base: base, seconds: seconds, concurrency: 1)
                let supervisor = try await bench.signIn(username: "supervisor", password: signIns.first { $0.username == "supervisor" }?.password ?? "")
                func page(_ name: String, _ path: String) async throws -> HTTPBench.Phase {
                    try await bench.phase(name) { _ in
                        var request = ClientRequest(method: .GET, url: URI(string: base + path))
                        request.headers.add(name: "Cookie", value: supervisor.header)
                        return request
                    } accept: { $0.status == .ok }
                }
                let trivial = try await bench.phase("trivial route   GET /openapi.json") { _ in ClientRequest(method: .GET, url: URI(string: base + "/openapi.json")) } accept: { $0.status == .ok }
                for phase in [
                    trivial,
                    try await page("centre          GET /supervision", "/supervision"),
                    try await page("live figures    GET /supervision/live", "/supervision/live"),
                    try await page("performance     GET /supervision/performance (a year)", "/supervision/performance?from=\(CivilDate.beijing(now).adding(days: -364))"),
                ] {
                    print("\(phase.name.padding(toLength: 56, withPad: " ", startingAt: 0))"
                        + String(format: "%7.1f req/s  p50 %7.2f ms  p95 %7.2f ms  ratio to trivial %.3f", phase.rate, phase.percentile(0.5), phase.percentile(0.95), phase.rate / trivial.rate))
                }
                await app.server.shutdown()
            }
        }

    }
}

/// Figures from a debug build are not the product's; each report says which it was.
var isDebugBuild: Bool {
    #if DEBUG
    true
    #else
    false
    #endif
}

/// A fresh installation for a benchmark: a temporary data directory, and with DATABASE_URL a schema of its own,
/// dropped afterwards; migrated and seeded with the demo city (no demo cases).
func withBenchApplication(_ body: @Sendable (Application, AppConfig, [SeededSignIn]) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["GOVHALL_DATA_DIR"] = directory.path
    environment["GOVHALL_PORT"] = "8080"   // not used: the server binds a free port
    environment["GOVHALL_HOSTNAME"] = "127.0.0.1"
    environment["GOVHALL_LOG_LEVEL"] = "error"
    var config = try AppConfig.load(environment: environment)
    let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
    if case let .postgres(url, _) = config.database { config.database = .postgres(url: url, searchPath: String(schema)) }
    let app = try await Application.make(Environment(name: "production", arguments: ["govhall"]))
    app.http.client.configuration.redirectConfiguration = .disallow
    do {
        try await configure(app, config)
        if !config.database.isSQLite, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: String(schema))").run()
        }
        let signIns = try await prepareDatabase(app, seeder: DemoCity.seeder(demoCases: false))
        try await body(app, config, signIns)
        if !config.database.isSQLite, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run()
        }
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// Drives the server with `concurrency` workers per phase and keeps every latency.
struct HTTPBench: Sendable {
    let client: any Client
    let base: String
    let seconds: Double
    let concurrency: Int

    struct Phase: Sendable {
        var name: String
        var count: Int
        var failures: [UInt: Int]
        var elapsed: Double
        var latencies: [Double]

        var rate: Double { Double(count) / elapsed }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] * 1000
        }
    }

    func run(app: Application, citizenPassword: String) async throws -> String {
        let cookies = try await signIn(username: "citizen", password: citizenPassword)
        let (code, form, files) = try await applicationFor(app: app)
        let boundary = "govhall-bench-boundary"
        var body = ByteBuffer()
        for (name, value) in [("_csrf", cookies.csrf)] + form {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (field, bytes) in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        let submissionBody = body

        let trivial = try await phase("trivial route  GET /openapi.json") { _ in
            ClientRequest(method: .GET, url: URI(string: base + "/openapi.json"))
        } accept: { $0.status == .ok }
        let submissions = try await phase("submissions    POST /services/{code}/apply") { _ in
            var request = ClientRequest(method: .POST, url: URI(string: base + "/services/\(code)/apply"), body: submissionBody)
            request.headers.add(name: "Cookie", value: cookies.header)
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
            return request
        } accept: { $0.status == .seeOther && ($0.headers.first(name: .location)?.hasPrefix("/my/cases/") ?? false) }

        let cases = try await knownCodes(app: app, limit: 5000)
        guard !cases.isEmpty else { throw ValidationError("no submission succeeded") }
        let tracking = try await phase("tracking       GET /api/v1/track") { index in
            let (number, queryCode) = cases[index % cases.count]
            return ClientRequest(method: .GET, url: URI(string: base + "/api/v1/track?number=\(number)&code=\(queryCode)"))
        } accept: { $0.status == .ok }
        let trivialAgain = try await phase("trivial route  GET /openapi.json (again)") { _ in
            ClientRequest(method: .GET, url: URI(string: base + "/openapi.json"))
        } accept: { $0.status == .ok }

        let reference = (trivial.rate + trivialAgain.rate) / 2
        func line(_ phase: Phase) -> String {
            let ratio = phase.rate / reference
            return "\(phase.name.padding(toLength: 44, withPad: " ", startingAt: 0))"
                + String(format: "%9.1f req/s  p50 %7.2f ms  p99 %8.2f ms  ratio to trivial %.3f", phase.rate, phase.percentile(0.5), phase.percentile(0.99), ratio)
                + (phase.failures.isEmpty ? "" : "  (refused: " + phase.failures.sorted { $0.key < $1.key }.map { "\($0.value)× HTTP \($0.key)" }.joined(separator: ", ") + ")")
        }
        let stored = try await ApprovalCase.query(on: app.db).count()
        return [trivial, submissions, tracking, trivialAgain].map(line).joined(separator: "\n")
            + "\ncases stored after the run: \(stored) (submissions acknowledged: \(submissions.count))"
    }

    /// Cases to track with codes the bench knows: a case keeps only its query code's hash (issue 20, item 8), so the
    /// cases filed in the submission phase are given fresh codes, stored through the installation's key as filing
    /// stores them.
    func knownCodes(app: Application, limit: Int) async throws -> [(String, String)] {
        let key = app.govhall.queryCodeKey
        return try await app.govhall.writeGate.transaction(on: app.db) { db in
            var generator = SystemRandomNumberGenerator()
            var known: [(String, String)] = []
            for row in try await ApprovalCase.query(on: db).limit(limit).all() {
                let code = QueryCode.generate(using: &generator)
                row.queryCode = key.hash(code)
                try await row.save(on: db)
                known.append((row.trackingNumber, code))
            }
            return known
        }
    }

    /// Runs `concurrency` workers for `seconds`; each sends requests made by `make` and checks the status.
    func phase(
        _ name: String, make: @escaping @Sendable (Int) -> ClientRequest, accept: @escaping @Sendable (ClientResponse) -> Bool
    ) async throws -> Phase {
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let results = try await withThrowingTaskGroup(of: ([Double], [UInt: Int]).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var failures: [UInt: Int] = [:]
                    var index = worker
                    while Date() < deadline {
                        let began = Date()
                        let response = try await client.send(make(index))
                        if accept(response) {
                            latencies.append(Date().timeIntervalSince(began))
                        } else {
                            failures[response.status.code, default: 0] += 1
                        }
                        index += concurrency
                    }
                    return (latencies, failures)
                }
            }
            var all: [([Double], [UInt: Int])] = []
            for try await result in group { all.append(result) }
            return all
        }
        let latencies = results.flatMap(\.0)
        return Phase(name: name, count: latencies.count, failures: results.map(\.1).reduce(into: [:]) { total, part in total.merge(part, uniquingKeysWith: +) }, elapsed: Date().timeIntervalSince(start), latencies: latencies)
    }

    struct Cookies: Sendable {
        var header: String
        var csrf: String
    }

    func signIn(username: String, password: String) async throws -> Cookies {
        var jar: [String: String] = [:]
        func remember(_ response: ClientResponse) {
            for header in response.headers[.setCookie] {
                let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { jar[pair[0]] = pair[1] }
            }
        }
        let page = try await client.send(ClientRequest(method: .GET, url: URI(string: base + "/signin")))
        remember(page)
        var request = ClientRequest(method: .POST, url: URI(string: base + "/signin"))
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let csrf = jar["govhall_csrf"] ?? ""
        let form = "username=\(username)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&_csrf=\(csrf)"
        request.body = ByteBuffer(string: form)
        let response = try await client.send(request)
        remember(response)
        guard jar["govhall_session"] != nil else { throw ValidationError("could not sign in as \(username)") }
        return Cookies(header: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), csrf: jar["govhall_csrf"] ?? csrf)
    }

    /// A fully online demo matter, with valid form values and a PDF for each required material.
    func applicationFor(app: Application) async throws -> (String, [(String, String)], [(String, [UInt8])]) {
        let today = CivilDate.beijing(app.govhall.dependencies.now())
        for matter in try await MatterStore.list(on: app.db) {
            let definition = try await MatterStore.current(of: matter, on: app.db).definition
            guard definition.onlineDepth == .fullyOnline else { continue }
            let form = definition.form.fields.map { ($0.name, $0.sampleValue(today: today)) }
            guard case .success = definition.form.validate(Dictionary(uniqueKeysWithValues: form), today: today) else { continue }
            let pdf = Array("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
            let files = definition.materials.filter { $0.required && $0.electronicAccepted }.map { ("material_\($0.key)", pdf) }
            return (matter.code, form, files)
        }
        throw ValidationError("the demo catalogue has no fully online matter")
    }
}
