import FluentKit
import Foundation
import GovCore
@testable import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

/// The search index itself, against an oracle: rows with known texts at rowids spread over hundreds of PostgreSQL's
/// 1,024-row blocks, so that a search walks many windows; every answer must be what reading every row would give.
@Suite("Disclosure search index")
struct DisclosureSearchIndexTests {
    struct Row {
        var rowid: Int64
        var text: String
        var meta: [String]
    }

    /// 3,000 rows over a million rowids, so that common words walk windows and rare ones read the whole index; an era
    /// (`e0` … `e3`) on each, in rowid order, as an old year is on a real catalogue: 常见 in nearly all, 少见 in one in fifty, 稀有 only in the three oldest, 食品经营 as a phrase in
    /// some and as scattered characters (食品 … 经营) in others; a year on each.
    static let rows: [Row] = (1...3000).map { index in
        var words = ["公告"]
        if index % 20 != 0 { words.append("常见") }
        if index % 50 == 7 { words.append("少见") }
        if index <= 3 { words.append("稀有") }
        if index % 9 == 0 { words.append("食品经营许可") }
        if index % 9 == 4 { words.append("食品安全和经营") }
        return Row(rowid: Int64(index) * 331 + Int64(index * index % 331), text: words.joined(separator: "，"), meta: ["all", "spublished", "y\(2020 + index % 5)", "e\(index / 1000)"])
    }

    static func expected(_ text: String, meta: [String]) -> [Int64] {
        let query = SearchText.Query(text)
        return rows.filter { row in SearchText.matches(row.text, query) && meta.allSatisfy(row.meta.contains) }.map(\.rowid).sorted(by: >)
    }

    @Test("every query, filter and page gives what reading every row gives, newest first, the count capped at countLimit")
    func againstOracle() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let sql = try #require(test.db as? any SQLDatabase)
            try await DisclosureSearch.bulkIndex(Self.rows.map { ($0.rowid, SearchText.tokens($0.text), $0.meta) }, on: sql)
            let cases: [(String, [String])] = [
                ("", []), ("常见", []), ("少见", []), ("稀有", []), ("食品经营", []), ("食品 经营", []), ("品经", []), ("稀", []), ("营", []),
                ("少见", ["y2022"]), ("", ["y2023"]), ("稀有", ["y2021"]), ("不存在", []), ("常见 少见", []),
                ("", ["e0"]), ("常见", ["e1"]), ("少见", ["e0", "y2022"]), ("稀有", ["e0"]), ("常见", ["e2", "y2024"]), ("", ["e9"]),
            ]
            for (text, meta) in cases {
                let expected = Self.expected(text, meta: meta)
                for offset in [0, 20, expected.count - 5] where offset >= 0 {
                    let (page, counted) = try await DisclosureSearch.rows(SearchText.Query(text), meta: meta, offset: offset, limit: 20, on: sql)
                    #expect(page == Array(expected.dropFirst(offset).prefix(20)), "\(text) \(meta) from \(offset)")
                    #expect(min(counted, DisclosureSearch.countLimit + 1) == min(expected.count, DisclosureSearch.countLimit + 1), "\(text) \(meta)")
                }
            }
        }
    }

    @Test("PostgreSQL: the index writes each row straight through, nothing queued, also after a bulk load", .enabled(if: TestDatabase.postgresURL != nil))
    func writesThrough() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let sql = try #require(test.db as? any SQLDatabase)
            struct Options: Decodable { var reloptions: [String]? }
            func options() async throws -> [String] {
                try await sql.raw("SELECT reloptions FROM pg_class WHERE oid = 'disclosure_search_tokens'::regclass").first(decoding: Options.self)?.reloptions ?? []
            }
            #expect(try await options().contains("fastupdate=off"))
            try await DisclosureLoad.beginBulkIndexing(on: test.db)
            #expect(try await options().contains("fastupdate=on"))
            try await DisclosureSearch.bulkIndex(Self.rows.prefix(50).map { ($0.rowid, SearchText.tokens($0.text), $0.meta) }, on: sql)
            try await DisclosureLoad.endBulkIndexing(on: test.db)
            #expect(try await options().contains("fastupdate=off"))
            let (page, counted) = try await DisclosureSearch.rows(SearchText.Query("少见"), meta: [], offset: 0, limit: 20, on: sql)
            #expect(page == Array(Self.rows.prefix(50).filter { $0.text.contains("少见") }.map(\.rowid).sorted(by: >)))
            #expect(counted == 1)
        }
    }

    @Test("PostgreSQL: each meta token's extent is the highest rowid holding it, kept as rows are written and filled from them alike", .enabled(if: TestDatabase.postgresURL != nil))
    func extents() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let sql = try #require(test.db as? any SQLDatabase)
            for part in stride(from: 0, to: Self.rows.count, by: 700) {
                let rows = Self.rows[part..<min(part + 700, Self.rows.count)]
                try await DisclosureSearch.bulkIndex(rows.map { ($0.rowid, SearchText.tokens($0.text), $0.meta) }, on: sql)
            }
            struct Extent: Decodable, Equatable { var token: String; var top_rowid: Int64 }
            func extents() async throws -> [Extent] {
                try await sql.raw("SELECT token, top_rowid FROM disclosure_search_extent ORDER BY token").all(decoding: Extent.self)
            }
            var expected: [String: Int64] = [:]
            for row in Self.rows { for token in row.meta { expected["~" + token] = max(expected["~" + token] ?? 0, row.rowid) } }
            let kept = try await extents()
            #expect(kept == expected.sorted { $0.key < $1.key }.map { Extent(token: $0.key, top_rowid: $0.value) })
            try await PostgresSearch.fillExtents(on: sql)
            #expect(try await extents() == kept)
        }
    }

    @Test("a window of blocks is covered by the fewest block lexemes, each block once")
    func cover() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let low = Int64(generator.next() % 3000)
            let high = low + Int64(generator.next() % 2000)
            var blocks: [Int64] = []
            for lexeme in PostgresSearch.cover(low...high) {
                let parts = lexeme.dropFirst(2).split(separator: ".")
                let (level, number) = (Int64(parts[0])!, Int64(parts[1])!)
                let width = Int64(1) << (level - 10)
                blocks += Array((number * width)..<((number + 1) * width))
            }
            #expect(blocks == Array(low...high))
            #expect(PostgresSearch.cover(low...high).count <= 4 * 15 + Int(high - low) / 256 + 1)
        }
        #expect(PostgresSearch.cover(256...511) == ["~r18.1"])
        #expect(PostgresSearch.cover(15...32) == ["~r10.15", "~r14.1", "~r10.32"])
    }

    @Test("the next window: a few times wider after nothing, sized by the density seen, never more than seven times as wide")
    func nextSpan() {
        #expect(PostgresSearch.nextSpan(found: 0, wanted: 1001, searchedRows: 1024, searchedBlocks: 1) == 3)
        #expect(PostgresSearch.nextSpan(found: 500, wanted: 1001, searchedRows: 1024, searchedBlocks: 1) == 2)
        #expect(PostgresSearch.nextSpan(found: 1, wanted: 1001, searchedRows: 1024, searchedBlocks: 1) == 7)
        #expect(PostgresSearch.nextSpan(found: 100, wanted: 1001, searchedRows: 102_400, searchedBlocks: 100) == 700)
    }

    @Test("PostgreSQL lexemes: pairs with positions, each character alone, meta and blocks behind a ~; no weights")
    func lexemes() {
        let vector = PostgresSearch.tsvector(body: SearchText.tokens("社保卡，社保"), meta: ["y2026", "all"], rowid: 5000)
        #expect(vector == "'社保':1,4 '保卡':2 '社' '保' '卡' '~all' '~y2026' '~r10.4' '~r14.0' '~r18.0'")
        #expect(PostgresSearch.tsquery(SearchText.Query("食品经营 社保 税"), meta: ["y2026"]) == "('食品' <-> '品经' <-> '经营') & '社保' & '税' & '~y2026'")
        #expect(PostgresSearch.tsquery(SearchText.Query(""), meta: []) == nil)
    }
}
