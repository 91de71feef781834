import ArgumentParser
import Fluent
import Foundation
import GovCommandLine
import GovCore
import GovStore
import GovWeb
import SQLKit
import Vapor

extension BenchCommand {
    /// `govhall bench disclosure`: full-text search of the public catalogue among N generated items.
    struct Disclosure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Full-text search latency (p50/p95) of the disclosure catalogue among N generated items, and the search API over HTTP.",
            discussion: "Runs a fresh installation in a temporary directory: SQLite, or with DATABASE_URL a new schema in that PostgreSQL database, dropped afterwards.")

        @ArgumentParser.Option(help: "Generated catalogue items.") var items: Int = 1_000_000
        @ArgumentParser.Option(help: "Searches of each kind.") var queries: Int = 60
        @ArgumentParser.Option(help: "Seconds of the HTTP phase.") var seconds: Double = 10

        /// The kinds of search a portal sees, each with the words it tries in turn.
        static let kinds: [(name: String, texts: [String], filter: Bool)] = [
            ("two characters (社保, 户籍 …)", ["社保", "户籍", "医保", "税务", "预算", "登记", "招生", "消防"], false),
            ("four characters (食品经营 …)", ["食品经营", "营商环境", "城市更新", "垃圾分类", "安全生产", "乡村振兴"], false),
            ("two words", ["食品经营 许可证", "社保 就业创业", "户籍 登记", "预算 三公经费"], false),
            ("one character (税 …)", ["税", "粮", "桥"], false),
            ("word + organisation, category, year", ["通知", "许可证", "社保", "规划"], true),
            ("no match", ["量子纠缠", "火星基地"], false),
            ("browse, no words", [""], true),
        ]

        func run() async throws {
            let (itemCount, queries, seconds) = (items, self.queries, self.seconds)
            try await withBenchApplication { app, config, _ in
                let db = app.db
                let units = try await OrganisationUnit.query(on: db).filter(\.$kind ~~ [.region, .department]).all()
                let now = app.govhall.dependencies.now()
                print("GovHall bench disclosure — \(config.database.isSQLite ? "SQLite" : "PostgreSQL"), \(itemCount) items, debug build: \(isDebugBuild)")
                let bar = ProgressBar(label: "catalogue items")
                let started = Date()
                var next = 1
                try await DisclosureLoad.beginBulkIndexing(on: db)
                while next <= itemCount {
                    let part = min(10_000, itemCount - next + 1)
                    let from = next
                    next = try await app.govhall.writeGate.transaction(on: db) { db in
                        try await DisclosureLoad.add(part, startingAt: from, of: itemCount, units: units, now: now, on: db)
                    }
                    bar.show(next - 1, itemCount)
                }
                try await DisclosureLoad.endBulkIndexing(on: db)
                try await DisclosureLoad.advanceCounter(to: next, on: db)
                if let sql = db as? any SQLDatabase { try await sql.raw(config.database.isSQLite ? "ANALYZE" : "ANALYZE disclosure_search").run() }
                print(String(format: "loaded %d items in %.0f s", itemCount, Date().timeIntervalSince(started)))

                let cityAndDepartments = units.filter { $0.kind == .department }
                var all: [Double] = []
                let thisYear = CivilDate.beijing(now).year
                for kind in Self.kinds {
                    var timings: [Double] = []
                    var totals: [Int] = []
                    for round in 0..<queries {
                        let text = kind.texts[round % kind.texts.count]
                        var filter = DisclosureFilter()
                        if kind.filter {
                            filter.unitID = cityAndDepartments[round % max(cityAndDepartments.count, 1)].id
                            if round % 2 == 0 { filter.categoryCode = DisclosureCategory.defaults[round % DisclosureCategory.defaults.count].code }
                            if round % 3 == 0 { filter.year = thisYear - round % 5 }
                        }
                        let began = Date()
                        let results = try await DisclosureSearch.search(SearchText.Query(text), filter: filter, offset: (round % 3) * 20, limit: 20, on: db)
                        timings.append(Date().timeIntervalSince(began) * 1000)
                        totals.append(results.total)
                    }
                    all += timings
                    let sorted = timings.sorted()
                    print(String(format: "search %-38@ p50 %7.2f ms  p95 %7.2f ms  (matches: median %d%@)",
                                 kind.name.padding(toLength: 38, withPad: " ", startingAt: 0) as NSString, sorted[sorted.count / 2], sorted[Int(Double(sorted.count) * 0.95) - 1],
                                 totals.sorted()[totals.count / 2], totals.contains(DisclosureSearch.countLimit) ? ", counts capped at \(DisclosureSearch.countLimit)" : ""))
                    fflush(nil)
                }
                let sorted = all.sorted()
                print(String(format: "search, all %d queries: p50 %.2f ms, p95 %.2f ms, max %.2f ms", sorted.count, sorted[sorted.count / 2],
                             sorted[Int(Double(sorted.count) * 0.95) - 1], sorted.last ?? 0))

                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                guard let port = app.http.server.shared.localAddress?.port else { throw ValidationError("the server did not bind") }
                let base = "http://127.0.0.1:\(port)"
                let bench = HTTPBench(client: app.client, base: base, seconds: seconds, concurrency: 4)
                let words = Self.kinds.flatMap(\.texts).filter { !$0.isEmpty }
                let trivial = try await bench.phase("trivial route   GET /openapi.json") { _ in ClientRequest(method: .GET, url: URI(string: base + "/openapi.json")) } accept: { $0.status == .ok }
                let api = try await bench.phase("search API      GET /api/v1/disclosure/items?q=…") { index in
                    let word = words[index % words.count].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    return ClientRequest(method: .GET, url: URI(string: base + "/api/v1/disclosure/items?q=" + word))
                } accept: { $0.status == .ok }
                let portal = try await bench.phase("portal page     GET /disclosure?q=…") { index in
                    let word = words[index % words.count].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    return ClientRequest(method: .GET, url: URI(string: base + "/disclosure?q=" + word))
                } accept: { $0.status == .ok }
                for phase in [trivial, api, portal] {
                    print("\(phase.name.padding(toLength: 56, withPad: " ", startingAt: 0))"
                        + String(format: "%7.1f req/s  p50 %7.2f ms  p95 %7.2f ms  ratio to trivial %.3f", phase.rate, phase.percentile(0.5), phase.percentile(0.95), phase.rate / trivial.rate))
                }
                await app.server.shutdown()
            }
        }
    }
}
