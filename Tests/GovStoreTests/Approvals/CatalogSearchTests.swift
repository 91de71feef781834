import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Catalogue search on the demo catalogue")
struct CatalogSearchTests {
    @Test("开餐馆, 结婚, 开美容院 and 开诊所 find the matters people mean; words of a matter still find it; nonsense finds nothing")
    func byIntent() async throws {
        try await withStoreTest { test in
            func names(_ text: String) async throws -> [String] {
                try await MatterStore.list(MatterStore.Filter(text: text), on: test.db).map(\.nameZh)
            }
            #expect(try await names("开餐馆") == ["食品经营许可"])
            #expect(try await names("我想结婚") == ["结婚登记"])
            #expect(try await names("开美容院") == ["公共场所卫生许可"])
            #expect(try await names("开诊所") == ["医疗机构执业登记"])
            #expect(try await names("食品 许可") == ["食品经营许可"])
            #expect(try await names("food business") == ["食品经营许可"])
            #expect(try await names("宇宙飞船").isEmpty)
            // A filter by department still applies to what an intent finds.
            let market = try #require(try await OrganisationUnit.query(on: test.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let health = try #require(try await OrganisationUnit.query(on: test.db).filter(\.$nameZh == "示范市卫生健康委员会").first())
            #expect(try await MatterStore.list(MatterStore.Filter(departmentID: market.id, text: "开餐馆"), on: test.db).count == 1)
            #expect(try await MatterStore.list(MatterStore.Filter(departmentID: health.id, text: "开餐馆"), on: test.db).isEmpty)
        }
    }
}
