import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Demo hotline")
struct DemoHotlineTests {
    @Test("the answer given on the call says what the guide says: its materials and limits, nothing it does not ask for")
    func answerFromTheGuide() async throws {
        try await withStoreTest { test in
            let ticket = try #require(try await TicketRecord.query(on: test.db).filter(\.$subject == "公共场所卫生许可要带什么材料").first())
            let answer = try #require(ticket.reply)
            let matter = try #require(try await MatterStore.list(MatterStore.Filter(text: "公共场所卫生许可"), on: test.db).first)
            let guide = try await MatterStore.current(of: matter, on: test.db).definition
            #expect(answer.contains("承诺 \(guide.promisedDays) 个工作日") && answer.contains("法定时限 \(guide.statutoryDays) 个工作日"))
            for material in guide.materials where material.required { #expect(answer.contains(material.nameZh), "\(material.nameZh)") }
            #expect(!answer.contains("营业执照"))
        }
    }
}
