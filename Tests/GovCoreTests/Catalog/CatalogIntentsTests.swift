import GovCore
import Testing

@Suite("Finding a service by what one wants to do")
struct CatalogIntentsTests {
    @Test("everyday phrases lead to the matters they mean; other words to nothing")
    func meanings() {
        #expect(CatalogIntents.meanings(of: "开餐馆") == ["食品经营许可"])
        #expect(CatalogIntents.meanings(of: "我想 开 餐馆") == ["食品经营许可"])
        #expect(CatalogIntents.meanings(of: "营业执照").contains("设立登记"))
        #expect(CatalogIntents.meanings(of: "我们要结婚了") == ["结婚登记"])
        #expect(CatalogIntents.meanings(of: "开KTV") == ["公共场所卫生许可"])
        #expect(CatalogIntents.meanings(of: "食品经营许可").isEmpty)
        #expect(CatalogIntents.meanings(of: "   ").isEmpty)
        // Two intents in one query bring both, each once.
        #expect(CatalogIntents.meanings(of: "开餐馆要办营业执照吗") == ["食品经营许可", "设立登记", "营业执照"])
    }
}
