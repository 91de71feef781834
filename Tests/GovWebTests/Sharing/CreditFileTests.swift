import Fluent
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// The public credit file against time and role: what the public, staff and the enterprise itself see.
@Suite("Credit file")
struct CreditFileTests {
    static let path = "/credit/\(DemoCity.demoEnterpriseCode)"

    @Test("the public sees a penalty during its publicity and not after; staff and the enterprise still see it, marked")
    func visibility() async throws {
        try await withTestApp { test in
            let search = try await TestBrowser(test.app).get("/credit?q=江南食品")
            #expect(search.status == .ok && search.text.contains(Self.path))
            let public1 = try await TestBrowser(test.app).get(Self.path)
            #expect(public1.status == .ok && public1.text.contains("未按规定公示食品经营许可证"))
            // The 2024 penalty's twelve months have passed: hidden from the public.
            #expect(!public1.text.contains("销售标签不符合规定的预包装食品"))
            #expect(public1.text.contains("未按期报送年度报告") && public1.text.contains("已移出"))
            #expect(public1.text.contains("食品安全示范店"))

            let enterprise = TestBrowser(test.app)
            _ = try await enterprise.signIn("enterprise", test.passwords["enterprise"]!)
            let own = try await enterprise.get(Self.path)
            #expect(own.text.contains("销售标签不符合规定的预包装食品") && own.text.contains("已停止公示"))
            let citizen = TestBrowser(test.app)
            _ = try await citizen.signIn("citizen", test.passwords["citizen"]!)
            #expect(!(try await citizen.get(Self.path)).text.contains("销售标签不符合规定的预包装食品"))
            let reviewer = TestBrowser(test.app)
            _ = try await reviewer.signIn("reviewer", test.passwords["reviewer"]!)
            #expect((try await reviewer.get(Self.path)).text.contains("销售标签不符合规定的预包装食品"))

            // A year and a day on, the recent penalty is no longer public either.
            test.clock.advance(by: 366 * 86_400)
            let later = try await TestBrowser(test.app).get(Self.path)
            #expect(!later.text.contains("未按规定公示食品经营许可证"))
            let api = try await TestBrowser(test.app).get("/api/v1/credit/\(DemoCity.demoEnterpriseCode)", headers: ["Accept": "application/json"])
            #expect(api.status == .ok && !api.text.contains("penalty"))
            #expect(try await TestBrowser(test.app).get("/credit/91990100MA5T0Q8K00").status == .notFound)
        }
    }

    @Test("a department head records a penalty for their department; others cannot; bad input changes nothing")
    func recording() async throws {
        try await withTestApp { test in
            let count = try await CreditRecordRow.query(on: test.app.db).count()
            let head = TestBrowser(test.app)
            _ = try await head.signIn("head", test.passwords["head"]!)
            let form: [(String, String)] = [
                ("kind", "penalty"), ("title", "超范围经营"), ("content", "罚款 2000 元"), ("legal_basis", "《食品安全法》第一百二十二条"),
                ("decided_on", CivilDate.beijing(test.clock.now).description), ("severity", "general"),
            ]
            let tooLong = try await head.post(Self.path + "/records", form: form + [("publicity_months", "13")])
            #expect(tooLong.status == .badRequest && tooLong.text.contains("公示期应为 3–12 个月"))
            let future = try await head.post(Self.path + "/records", form: form.filter { $0.0 != "decided_on" } + [("decided_on", "2999-01-01")])
            #expect(future.status == .badRequest)
            #expect(try await CreditRecordRow.query(on: test.app.db).count() == count)
            #expect(try await head.post(Self.path + "/records", form: form).status == .seeOther)
            #expect(try await CreditRecordRow.query(on: test.app.db).count() == count + 1)
            #expect((try await TestBrowser(test.app).get(Self.path)).text.contains("超范围经营"))

            let clerk = TestBrowser(test.app)
            _ = try await clerk.signIn("clerk", test.passwords["clerk"]!)
            #expect(try await clerk.post(Self.path + "/records", form: form).status == .forbidden)
            // Repair is refused before the shortest publicity period.
            let record = try #require(try await CreditRecordRow.query(on: test.app.db).filter(\.$title == "超范围经营").first())
            let early = try await head.post("/credit/records/\(record.id!.uuidString.lowercased())/end", form: [("reason", "已整改")])
            #expect(early.status == .badRequest && early.text.contains("最短公示期未满"))
        }
    }
}
