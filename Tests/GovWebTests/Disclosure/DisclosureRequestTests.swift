import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// A request for disclosure over HTTP, from the citizen's form to the reply letter, and the annual report that counts it.
@Suite("Disclosure requests over HTTP")
struct DisclosureRequestTests {
    @Test("a citizen files a request, tracks it by number and code, the office answers, and the citizen reads the reply letter")
    func journey() async throws {
        try await withTestApp { test in
            let citizen = try await DisclosurePortalTests.browser(test, "citizen")
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let unit = try market.requireID().uuidString.lowercased()
            let form = try await citizen.get("/disclosure/requests/new?unit=\(unit)")
            #expect(form.status == .ok)
            #expect(form.text.contains("20 个工作日"))
            // Missing description and a foreign identity: the description is named; the identity is the account's anyway.
            let bad = try await citizen.post("/disclosure/requests", form: [
                ("unit", unit), ("kind", "natural_person"), ("name", "冒名"), ("identifier", "110101199003070011"), ("phone", "13800138000"),
                ("description", ""), ("form", "electronic"), ("delivery", "online"),
            ])
            #expect(bad.status == .badRequest)
            #expect(try await DisclosureRequestRecord.query(on: test.app.db).count() == 0)
            let filed = try await citizen.post("/disclosure/requests", form: [
                ("unit", unit), ("kind", "natural_person"), ("name", "冒名"), ("identifier", "110101199003070011"), ("phone", "13800138000"),
                ("description", "2025年食品经营许可证发放数量"), ("form", "electronic"), ("delivery", "online"),
            ])
            #expect(filed.status == .seeOther, "\(filed.status) \(filed.text.prefix(300))")
            let location = try #require(filed.headers.first(name: .location))
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
            let record = try #require(try await DisclosureRequestRecord.query(on: test.app.db).first())
            #expect(record.requesterName == "张伟", "an online request is in the account's own name")
            let page = try await citizen.get(location)
            #expect(page.status == .ok)
            #expect(page.text.contains(record.number))
            #expect(!page.text.contains(DemoCity.demoResidentID), "the identifier is masked on the requester's page too")

            let tracked = try await TestBrowser(test.app).get("/disclosure/track?number=\(record.number)&code=\(code)")
            #expect(tracked.text.contains(RequestState.received.title(in: .zhHans)))
            #expect(tracked.text.contains("张*"))
            let wrong = try await TestBrowser(test.app).get("/disclosure/track?number=\(record.number)&code=AAAAAA")
            #expect(wrong.status == .notFound)
            #expect(wrong.text.contains(Strings.text("request_track_not_found", .zhHans)))

            let id = try record.requireID().uuidString.lowercased()
            #expect(try await DisclosurePortalTests.browser(test, "enterprise").get("/my/disclosure/\(id)").status == .notFound)
            #expect(try await DisclosurePortalTests.browser(test, "clerk").get("/workbench/disclosure/requests/\(id)").status == .forbidden)
            #expect(try await citizen.get("/my/disclosure/\(id)/letter").status == .notFound, "no letter before the answer")

            let officer = try await DisclosurePortalTests.browser(test, "disclosure")
            let noOutcome = try await officer.post("/workbench/disclosure/requests/\(id)/actions/answer", form: [("text", "")])
            #expect(noOutcome.status == .badRequest)
            let answered = try await officer.post("/workbench/disclosure/requests/\(id)/actions/answer", form: [("outcome", "disclosed"), ("text", "")])
            #expect(answered.status == .seeOther)
            let letter = try await citizen.get("/my/disclosure/\(id)/letter")
            #expect(letter.status == .ok)
            #expect(letter.text.contains(Strings.text("request_letter_title", .zhHans)))
            #expect(letter.text.contains(ResponseOutcome.disclosed.letterText(in: .zhHans)))
            #expect(letter.text.contains("六十日内"))
            #expect(try await citizen.get("/my").text.contains(record.number))

            let report = try await officer.get("/workbench/disclosure/report?year=\(CivilDate.beijing(test.clock.now).year)&unit=\(unit)")
            #expect(report.status == .ok)
            let csv = try await officer.get("/workbench/disclosure/report.csv?unit=\(unit)")
            let received = try #require(csv.text.split(separator: "\r\n").first { $0.contains(Strings.text("report_received", .zhHans)) })
            #expect(received.hasSuffix(",1,0,0,0,0,0,1"), "\(received)")
            #expect(try await officer.get("/workbench/disclosure/report?year=1900").status == .badRequest)
        }
    }

    @Test("the office records a paper request; a clarification can be asked once; the head extends; bad steps explain themselves")
    func paperAndSteps() async throws {
        try await withTestApp { test in
            let officer = try await DisclosurePortalTests.browser(test, "disclosure")
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let recorded = try await officer.post("/workbench/disclosure/requests", form: [
                ("unit", try market.requireID().uuidString.lowercased()), ("received_on", CivilDate.beijing(test.clock.now).description),
                ("kind", "commercial_enterprise"), ("name", "示范市某律师事务所"), ("identifier", "91350100M000100Y43"), ("contact_person", "王律师"),
                ("phone", "0990-1234567"), ("address", "示范市人民路1号"), ("description", "某企业的行政处罚决定书"), ("form", "paper"), ("delivery", "post"),
            ])
            #expect(recorded.status == .seeOther, "\(recorded.status) \(recorded.text.prefix(300))")
            let record = try #require(try await DisclosureRequestRecord.query(on: test.app.db).first())
            #expect(record.channel == "paper")
            let id = try record.requireID().uuidString.lowercased()
            let path = "/workbench/disclosure/requests/\(id)/actions"
            #expect(try await officer.post("\(path)/request_clarification", form: [("text", ""), ("days", "10")]).status == .badRequest)
            #expect(try await officer.post("\(path)/request_clarification", form: [("text", "请提供决定书文号"), ("days", "10")]).status == .seeOther)
            #expect(try await officer.post("\(path)/receive_clarification", form: [("text", "示市监处罚〔2026〕101号")]).status == .seeOther)
            let again = try await officer.post("\(path)/request_clarification", form: [("text", "again")])
            #expect(again.status == .badRequest)
            #expect(again.text.contains(RequestProblem.clarificationOnlyOnce.message(in: .zhHans)))
            #expect(try await officer.post("\(path)/extend", form: [("text", "需要调档")]).status == .forbidden)
            let head = try await DisclosurePortalTests.browser(test, "head")
            #expect(try await head.post("\(path)/extend", form: [("text", "需要调档")]).status == .seeOther)
            #expect(try await officer.post("\(path)/unknown", form: []).status == .notFound)
            #expect(try await DisclosurePortalTests.browser(test, "supervisor").get("/supervision/disclosure/requests/\(id)").status == .ok)
        }
    }

    @Test("the API: search and read the catalogue, file a request with a session, track it by number and code")
    func api() async throws {
        try await withTestApp { test in
            let id = try await DisclosurePortalTests.publish(test, title: "关于食品经营许可证延续办理的公告")
            let search = try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/items?q=" + TestBrowser.encode("食品经营"))
            #expect(search.status == .ok)
            let page = try search.content.decode(DisclosureAPIController.ItemPage.self)
            #expect(page.total == 1)
            #expect(page.items.first?.id == id)
            let item = try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/items/\(id)")
            #expect(try item.content.decode(DisclosureAPIController.ItemDetail.self).body?.contains("食品经营许可") == true)
            #expect(try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/items?year=abc").status == .badRequest)
            #expect(try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/items/\(UUID())").status == .notFound)

            let citizen = try await DisclosurePortalTests.browser(test, "citizen")
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: try #require(citizen.cookie("govhall_csrf")))
            let json = #"{"unitID":"\#(try market.requireID().uuidString)","kind":"natural_person","phone":"13800138000","description":"2025年预算","form":"electronic","delivery":"online"}"#
            let filed = try await citizen.send(.POST, "/api/v1/disclosure/requests", headers: headers, body: ByteBuffer(string: json))
            #expect(filed.status == .created, "\(filed.status) \(filed.text.prefix(300))")
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let status = try decoder.decode(DisclosureAPIController.RequestStatus.self, from: Data(filed.text.utf8))
            let code = try #require(status.queryCode)
            let tracked = try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/requests/\(status.number)?code=\(code)")
            #expect(tracked.status == .ok)
            #expect(try await test.app.testing().sendRequest(.GET, "/api/v1/disclosure/requests/\(status.number)?code=AAAAAA").status == .notFound)
            let enterpriseKind = json.replacingOccurrences(of: "natural_person", with: "commercial_enterprise")
            let mismatch = try await citizen.send(.POST, "/api/v1/disclosure/requests", headers: headers, body: ByteBuffer(string: enterpriseKind))
            #expect(mismatch.status == .badRequest)
        }
    }
}
