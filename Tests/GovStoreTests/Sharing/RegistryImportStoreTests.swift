import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

/// Bulk imports into the base registries on a real database: row-by-row reports, good rows loaded once, reruns that
/// change nothing, and incremental updates.
@Suite("Registry imports")
struct RegistryImportStoreTests {
    /// GB 18030 (a superset of GBK) as Foundation names it on every platform.
    static let gbk = String.Encoding(rawValue: 0x8000_0632)

    static func code(_ body: String) -> String { DemoCity.creditCode(authority: "91", body: body) }

    /// Hands the importer a file in small, odd-sized pieces, as a slow upload would.
    struct Pieces: AsyncSequence, Sendable {
        typealias Element = [UInt8]
        let bytes: [UInt8]

        struct AsyncIterator: AsyncIteratorProtocol {
            let bytes: [UInt8]
            var offset = 0

            mutating func next() async -> [UInt8]? {
                guard offset < bytes.count else { return nil }
                let end = Swift.min(bytes.count, offset + 7)
                defer { offset = end }
                return Array(bytes[offset..<end])
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
    }

    static func run(_ test: StoreTest, _ bytes: [UInt8], name: String = "entities.csv") async throws -> RegistryImportRecord {
        try await RegistryImport.run(.legalEntity, fileName: name, chunks: Pieces(bytes: bytes), gate: test.writeGate, by: .system("test"),
                                     now: { test.clock.now }, on: test.db)
    }

    @Test("bad identifiers, duplicates, GBK and UTF-8, blank lines: reported row by row, good rows loaded once, a rerun changes nothing")
    func reportAndRerun() async throws {
        try await withStoreTest { test in
            let before = try await RegistryStore.count(.legalEntity, on: test.db)
            let good1 = Self.code("MA2C0001"), good2 = Self.code("MA2C0002"), good3 = Self.code("MA2C0003")
            let badCheck = String(good1.dropLast()) + (good1.last == "A" ? "B" : "A")
            let utf8 = """
                统一社会信用代码,名称,法定代表人,成立日期
                \(good1),示范市第一食品有限公司,王一,2020-01-05

                \(badCheck),校验码错误公司,王二,2020-01-05
                \(good2),"示范市第二贸易有限公司,分公司",王三,2020/02/06
                \(good1),重复的第一公司,王四,2020-01-05
                91990100TEST,位数不对公司,王五,
                \(good3),,王六,2031-01-01
                """
            var first = Array("\u{FEFF}".utf8) + Array(utf8.utf8)
            first.append(contentsOf: Array("\r\n".utf8))
            let record = try await Self.run(test, first)
            let summary = record.summary
            #expect(record.status == "finished" && record.encoding == RegistryTextEncoding.utf8.rawValue)
            #expect(summary.rowsRead == 6 && summary.accepted == 2 && summary.rejected == 4 && summary.duplicates == 1 && summary.blankLines == 1)
            #expect(record.inserted == 2 && record.updated == 0 && record.unchanged == 0)
            #expect(record.errors.map(\.line) == [4, 6, 7, 8])
            #expect(record.errors[0].zh.contains("第 4 行") && record.errors[0].zh.contains("校验"))
            #expect(record.errors[1].zh.contains("第 2 行"), "a duplicate names the line it repeats")
            #expect(record.errors[3].zh.contains("名称") && record.errors[3].zh.contains("成立日期"), "every problem of a row is reported")
            #expect(try await RegistryStore.count(.legalEntity, on: test.db) == before + 2)
            let second = try #require(try await RegistryStore.entry(.legalEntity, key: good2, on: test.db))
            #expect(second.values["name"] == "示范市第二贸易有限公司,分公司" && second.values["established_on"] == "2020-02-06")

            let again = try await Self.run(test, first)
            #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 2)
            let unchanged = try #require(try await RegistryStore.entry(.legalEntity, key: good2, on: test.db))
            #expect(unchanged.changeSequence == second.changeSequence && unchanged.updatedAt == second.updatedAt)

            // The same registry from Excel on a Chinese Windows: GBK, one row changed, one new, and a line no encoding reads.
            var gbk = try #require("统一社会信用代码,名称,法定代表人,成立日期\r\n\(good1),示范市第一食品有限公司,王一,2020-01-05\r\n\(good2),示范市第二贸易有限公司,赵新,2020-02-06\r\n".data(using: Self.gbk))
            gbk.append(contentsOf: Array("\(Self.code("MA2C0004")),".utf8) + [0xFF, 0xFF] + Array(",x,\r\n".utf8))
            gbk.append(try #require("\(Self.code("MA2C0005")),示范市第五科技有限公司,钱五,\r\n".data(using: Self.gbk)))
            let incremental = try await Self.run(test, [UInt8](gbk), name: "entities-gbk.csv")
            #expect(incremental.encoding == RegistryTextEncoding.gb18030.rawValue)
            #expect(incremental.inserted == 1 && incremental.updated == 1 && incremental.unchanged == 1 && incremental.errors.map(\.line) == [4])
            #expect(try await RegistryStore.entry(.legalEntity, key: good2, on: test.db)?.values["legal_representative"] == "赵新")
            #expect(try await RegistryStore.entry(.legalEntity, key: Self.code("MA2C0005"), on: test.db)?.name == "示范市第五科技有限公司")
        }
    }

    @Test("a file without a required column stops before any row and says which")
    func missingColumn() async throws {
        try await withStoreTest { test in
            let before = try await RegistryStore.count(.legalEntity, on: test.db)
            let record = try await Self.run(test, Array("名称,法定代表人\n示范市某公司,王一\n".utf8))
            #expect(record.status == "failed" && record.failure?.contains("统一社会信用代码") == true)
            #expect(try await RegistryStore.count(.legalEntity, on: test.db) == before)
        }
    }
}
