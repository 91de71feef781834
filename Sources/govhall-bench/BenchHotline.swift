import ArgumentParser
import Fluent
import Foundation
import GovCore
import GovStore
import GovWeb
import Vapor

extension BenchCommand {
    /// `govhall bench hotline`: tickets filed through the web API (`POST /api/v1/hotline/tickets`) as a partner channel
    /// sends them, each numbered, routed by rule and given its clock in one durable transaction before it is answered.
    struct Hotline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tickets filed through the API per second, with routing and clock creation, p50/p99, against a large city's peak.",
            discussion: "Runs a fresh installation in a temporary directory: SQLite, or with DATABASE_URL a new schema in that PostgreSQL database, dropped afterwards.")

        @ArgumentParser.Option(help: "Seconds per phase.") var seconds: Double = 10
        @ArgumentParser.Option(help: "Requests in flight at once.") var concurrency: Int = 16

        /// A 10-million-person city's 12345 line takes about 30,000 calls a day; its busiest hour carries about a tenth
        /// of them.
        static let callsPerDay = 30_000.0
        static let busiestHourShare = 0.10

        func run() async throws {
            let (seconds, concurrency) = (self.seconds, self.concurrency)
            guard seconds > 0, (1...256).contains(concurrency) else { throw ValidationError("--seconds must be positive and --concurrency 1…256") }
            try await withBenchApplication { app, config, _ in
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                guard let port = app.http.server.shared.localAddress?.port else { throw ValidationError("the server did not bind") }
                let base = "http://127.0.0.1:\(port)"
                let bench = HTTPBench(client: app.client, base: base, seconds: seconds, concurrency: concurrency)
                let channel = try await OrganisationUnit.query(on: app.db).filter(\.$kind == .department).first()
                let token = try await IdentityStore.issueToken(name: "bench hotline", scopes: ["hotline:file"], unitID: channel?.id, createdBy: nil,
                                                               now: app.govhall.dependencies.now(), expiresAt: nil, on: app.db).secret
                let bodies = try await Self.tickets(on: app.db)
                let before = try await TicketRecord.query(on: app.db).count()
                let clocksBefore = try await ObligationRecord.query(on: app.db).filter(\.$kind == ObligationKind.ticketHandling.rawValue).count()

                let trivial = try await bench.phase("trivial route  GET /openapi.json") { _ in
                    ClientRequest(method: .GET, url: URI(string: base + "/openapi.json"))
                } accept: { $0.status == .ok }
                let filing = try await bench.phase("file ticket    POST /api/v1/hotline/tickets") { index in
                    var request = ClientRequest(method: .POST, url: URI(string: base + "/api/v1/hotline/tickets"), body: bodies[index % bodies.count])
                    request.headers.bearerAuthorization = BearerAuthorization(token: token)
                    request.headers.contentType = .json
                    return request
                } accept: { $0.status == .created }
                let trivialAgain = try await bench.phase("trivial route  GET /openapi.json (again)") { _ in
                    ClientRequest(method: .GET, url: URI(string: base + "/openapi.json"))
                } accept: { $0.status == .ok }
                await app.server.shutdown()

                let reference = (trivial.rate + trivialAgain.rate) / 2
                func line(_ phase: HTTPBench.Phase) -> String {
                    "\(phase.name.padding(toLength: 46, withPad: " ", startingAt: 0))"
                        + String(format: "%9.1f req/s  p50 %7.2f ms  p99 %8.2f ms  ratio to trivial %.3f", phase.rate, phase.percentile(0.5),
                                 phase.percentile(0.99), phase.rate / reference)
                        + (phase.failures.isEmpty ? "" : "  (refused: " + phase.failures.sorted { $0.key < $1.key }.map { "\($0.value)× HTTP \($0.key)" }.joined(separator: ", ") + ")")
                }
                let stored = try await TicketRecord.query(on: app.db).count() - before
                let clocks = try await ObligationRecord.query(on: app.db).filter(\.$kind == ObligationKind.ticketHandling.rawValue).count() - clocksBefore
                let averageRate = Self.callsPerDay / 86_400
                let peakRate = Self.callsPerDay * Self.busiestHourShare / 3600
                print("GovHall bench hotline — \(config.database.isSQLite ? "SQLite" : "PostgreSQL"), \(concurrency) in flight, \(seconds) s per phase, debug build: \(isDebugBuild)")
                print([trivial, filing, trivialAgain].map(line).joined(separator: "\n"))
                print("tickets stored: \(stored) (acknowledged: \(filing.count)); handling clocks opened: \(clocks)")
                print(String(format: "a 10-million city: %.0f calls/day = %.2f/s on average, %.2f/s in its busiest hour (%.0f%% of the day)", Self.callsPerDay,
                             averageRate, peakRate, Self.busiestHourShare * 100))
                print(String(format: "filing rate / busiest-hour rate = %.0f× (aim ≥ 100×); / average rate = %.0f×", filing.rate / peakRate, filing.rate / averageRate))
                fflush(nil)
            }
        }

        /// Tickets across the routing rules' branches, places and urgencies, as JSON bodies.
        static func tickets(on database: any Database) async throws -> [ByteBuffer] {
            let categories = try await HotlineStore.categories(on: database).filter { $0.depth == 2 }.map(\.code)
            let regions = Array(try await HotlineStore.regionCodes(on: database)).sorted()
            guard !categories.isEmpty else { throw ValidationError("the installation has no hotline categories") }
            let kinds = ["complaint", "help", "suggestion", "criticism", "question"]
            let encoder = JSONEncoder()
            return try (0..<500).map { index in
                var body = [
                    "kind": kinds[index % kinds.count], "category": categories[index % categories.count],
                    "urgency": index % 20 == 0 ? "urgent" : "ordinary",
                    "subject": "第 \(index) 号诉求", "description": "示范市第 \(index % 97) 街道居民反映的第 \(index) 个问题，请尽快处理。",
                    "callerName": "市民\(index)", "callerPhone": String(format: "139%08d", index),
                ]
                if !regions.isEmpty { body["region"] = regions[index % regions.count] }
                return ByteBuffer(data: try encoder.encode(body))
            }
        }
    }
}
