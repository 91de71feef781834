import Fluent
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// Issue 7's "done means", through the pages and the APIs: an operator records a complaint from a call, it reaches the
/// market regulator with a 5-working-day clock, the department replies, the caller is called back and rates it, the
/// department's public satisfaction moves, and the ticket is visible through Open311.
@Suite("Hotline through the web")
struct HotlineJourneyTests {
    static let market = "示范市市场监督管理局"

    static func ticket(_ test: TestApp, subject: String) async throws -> TicketRecord {
        try #require(try await TicketRecord.query(on: test.app.db).filter(\.$subject == subject).first())
    }

    static func satisfaction(of unit: String, _ browser: TestBrowser, on day: CivilDate) async throws -> Double? {
        let answer = try await browser.get("/api/v1/performance?from=\(day)&to=\(day)")
        #expect(answer.status == .ok)
        let body = try JSONDecoder().decode(PerformanceController.PerformanceDTO.self, from: Data(answer.text.utf8))
        return try #require(body.departments.first { $0.name == unit }).satisfaction
    }

    static func open311(_ browser: TestBrowser, _ path: String) async throws -> (HTTPResponseStatus, Any) {
        let response = try await browser.get("/open311/v2/" + path)
        #expect(response.headers.contentType?.subType == "json", "\(path) answered \(response.headers.contentType?.description ?? "nothing")")
        return (response.status, try JSONSerialization.jsonObject(with: Data(response.text.utf8)))
    }

    @Test("call → market regulator with 5 working days → reply → call-back rating → satisfaction moves → Open311 shows it")
    func doneMeans() async throws {
        try await withTestApp { test in
            let operatorDesk = TestBrowser(test.app)
            try await operatorDesk.signIn("operator", test.passwords["operator"]!)
            let callPage = try await operatorDesk.get("/workbench/hotline/new?q=营业执照")
            #expect(callPage.status == .ok && callPage.text.contains(Strings.text("hotline_record_call", .zhHans)))
            let subject = "幸福路超市出售过期牛奶"
            let call: [(String, String)] = [
                ("kind", "complaint"), ("urgency", "ordinary"), ("category", "0301"), ("region", "990102"), ("address", "江南区幸福路 18 号"),
                ("subject", subject), ("description", "在幸福路 18 号的超市买到过期三天的牛奶，要求查处。"),
                ("caller_name", "刘芳"), ("caller_phone", "13912345678"), ("publish_consent", "yes"),
            ]
            // A bad field is told and nothing is filed.
            let wrong = try await operatorDesk.post("/workbench/hotline/new", form: call.filter { $0.0 != "category" } + [("category", "7777")])
            #expect(wrong.status == .badRequest && wrong.text.contains("field-error"))
            #expect(try await TicketRecord.query(on: test.app.db).filter(\.$subject == subject).count() == 0)
            let filed = try await operatorDesk.post("/workbench/hotline/new", form: call)
            #expect(filed.status == .seeOther)
            var record = try await Self.ticket(test, subject: subject)
            let ticketPath = "/workbench/hotline/tickets/\(try record.requireID().uuidString.lowercased())"
            #expect(filed.headers.first(name: .location)?.hasPrefix(ticketPath) == true)
            #expect(record.unitName == Self.market && record.ticketState == .assigned && record.routedBy == "rule")
            let calendar = try await CalendarStore.load(on: test.app.db)
            #expect(record.dueAt == (try calendar.due(from: record.receivedAt, workingDays: 5)))
            let clock = try #require(try await ObligationStore.running(of: try record.requireID(), on: test.app.db).values.first)
            #expect(clock.kind == ObligationKind.ticketHandling.rawValue && clock.statutoryDue == record.dueAt && clock.unitPath == record.unitPath)
            // Calling again about the same matter is caught as a likely duplicate.
            let again = try await operatorDesk.post("/workbench/hotline/new", form: call)
            #expect(again.status == .ok && again.text.contains(Strings.text("hotline_similar_found", .zhHans)) && again.text.contains(record.number))

            let department = TestBrowser(test.app)
            try await department.signIn("reviewer", test.passwords["reviewer"]!)
            let inbox = try await department.get("/workbench/hotline")
            #expect(inbox.status == .ok && inbox.text.contains(record.number))
            let page = try await department.get(ticketPath)
            #expect(page.status == .ok && page.text.contains("13912345678") && page.text.contains("/actions/reply") && page.text.contains("/actions/return"))
            #expect(!page.text.contains("/actions/dispatch"))
            // The operator's own actions are not the department's.
            let notTheirs = try await department.post(ticketPath + "/actions/dispatch", form: [("unit", UUID().uuidString)])
            #expect(notTheirs.status == .forbidden)
            let emptyReply = try await department.post(ticketPath + "/actions/reply", form: [("reply", " "), ("version", String(record.version))])
            #expect(emptyReply.status == .badRequest)
            let stale = try await department.post(ticketPath + "/actions/reply", form: [("reply", "已查处"), ("version", String(record.version - 1))])
            #expect(stale.status == .conflict)
            let replied = try await department.post(ticketPath + "/actions/reply", form: [
                ("reply", "经现场检查，该超市确有销售过期牛奶行为，已立案查处并责令下架。"), ("version", String(record.version)),
            ])
            #expect(replied.status == .seeOther)
            record = try await Self.ticket(test, subject: subject)
            #expect(record.ticketState == .replied && record.repliedOnTime == true)
            #expect(try await ObligationStore.running(of: try record.requireID(), on: test.app.db).isEmpty)

            let today = CivilDate.beijing(test.clock.now)
            let before = try await Self.satisfaction(of: Self.market, TestBrowser(test.app), on: today)
            let backPage = try await operatorDesk.get(ticketPath)
            #expect(backPage.text.contains("/actions/callback"))
            let noRating = try await operatorDesk.post(ticketPath + "/actions/callback", form: [("version", String(record.version))])
            #expect(noRating.status == .badRequest)
            let rated = try await operatorDesk.post(ticketPath + "/actions/callback", form: [
                ("satisfaction", "5"), ("note", "已退款，满意"), ("version", String(record.version)),
            ])
            #expect(rated.status == .seeOther)
            record = try await Self.ticket(test, subject: subject)
            #expect(record.ticketState == .closed && record.satisfaction == 5)
            let after = try await Self.satisfaction(of: Self.market, TestBrowser(test.app), on: today)
            #expect(after != nil && after != before, "satisfaction \(String(describing: before)) → \(String(describing: after))")
            // A satisfied caller cannot have it reopened.
            #expect(try await operatorDesk.post(ticketPath + "/actions/reopen", form: [("reason", "再看看")]).status == .badRequest)

            // Until staff publish it, through the redaction step, no public list shows it, consent or not.
            #expect(try await Self.open311(TestBrowser(test.app), "requests/\(record.number).json").0 == .notFound)
            #expect(!(try await TestBrowser(test.app).get("/open311/v2/requests.json?service_code=0301&status=closed")).text.contains(record.number))
            let review = try await operatorDesk.get(ticketPath)
            #expect(review.text.contains("publication-review") && review.text.contains("personal-data"), "the review step marks the house number")
            let proposed = HotlineStore.PublishedTexts.proposed(for: record)
            #expect(!proposed.description.contains("18 号") && proposed.description.contains("幸福路"), "\(proposed.description)")
            // The reviewer puts the caller's phone back: refused, the passage shown, nothing published.
            let leaky = try await operatorDesk.post(ticketPath + "/publish", form: [
                ("published_subject", proposed.subject), ("published_description", proposed.description + " 联系 139 1234 5678"),
                ("published_address", proposed.address ?? ""), ("published_reply", proposed.reply ?? ""),
            ])
            #expect(leaky.status == .badRequest && leaky.text.contains(PublicationProblem.personalDataRemains(1).message(in: .zhHans)))
            #expect(try await Self.ticket(test, subject: subject).publishedAt == nil)
            let published = try await operatorDesk.post(ticketPath + "/publish", form: [
                ("published_subject", proposed.subject), ("published_description", proposed.description),
                ("published_address", proposed.address ?? ""), ("published_reply", proposed.reply ?? ""),
            ])
            #expect(published.status == .seeOther)

            let (status, json) = try await Self.open311(TestBrowser(test.app), "requests/\(record.number).json")
            #expect(status == .ok)
            let one = try #require((json as? [[String: Any]])?.first)
            #expect(one["service_request_id"] as? String == record.number && one["status"] as? String == "closed")
            #expect(one["service_code"] as? String == "0301" && one["agency_responsible"] as? String == Self.market)
            #expect((one["status_notes"] as? String)?.contains("立案查处") == true)
            let listed = try await TestBrowser(test.app).get("/open311/v2/requests.json?service_code=0301&status=closed")
            #expect(listed.status == .ok && listed.text.contains(record.number))
            #expect(!listed.text.contains("13912345678") && !listed.text.contains("刘芳") && !listed.text.contains("18 号"))
        }
    }

    @Test("Open311: service list and definition, POST with an api_key, GET by id and by filters, errors in the specification's shape")
    func open311() async throws {
        try await withTestApp { test in
            let client = TestBrowser(test.app)
            let (status, services) = try await Self.open311(client, "services.json")
            #expect(status == .ok)
            let list = try #require(services as? [[String: Any]])
            let food = try #require(list.first { $0["service_code"] as? String == "0301" })
            #expect(food["service_name"] as? String == "食品安全" && food["metadata"] as? Bool == true && food["type"] as? String == "realtime")
            #expect(food["group"] as? String == "市场监管")
            let (definitionStatus, definition) = try await Self.open311(client, "services/0301.json")
            #expect(definitionStatus == .ok)
            let attributes = try #require((definition as? [String: Any])?["attributes"] as? [[String: Any]])
            #expect(attributes.map { $0["code"] as? String } == ["kind", "urgency", "region", "publish"])
            for (path, code) in [("services/0301.xml", 400), ("services/9999.json", 404), ("services.json?jurisdiction_id=elsewhere", 404),
                                 ("requests.json?status=pending", 400), ("requests.json?start_date=0000-00-00", 400),
                                 ("requests.json?start_date=2026-12-01&end_date=2026-11-01", 400), ("requests/RX20260101000001.json", 404),
                                 ("requests/nothing.xml", 400), ("no/such/path", 404)] {
                let (failed, body) = try await Self.open311(client, path)
                #expect(Int(failed.code) == code, "\(path) → \(failed.code)")
                let errors = try #require(body as? [[String: Any]], "\(path) did not answer an error array")
                #expect(errors.first?["code"] as? Int == code && !((errors.first?["description"] as? String) ?? "").isEmpty)
            }

            func post(_ form: [(String, String)]) async throws -> (HTTPResponseStatus, Any) {
                let response = try await client.post("/open311/v2/requests.json", form: form, csrf: .none)
                return (response.status, try JSONSerialization.jsonObject(with: Data(response.text.utf8)))
            }
            let sample: [(String, String)] = [
                ("service_code", "0202"), ("lat", "37.76524078"), ("long", "-122.4212043"), ("address_string", "江北区幸福路与人民路路口"),
                ("email", "smith@example.com"), ("first_name", "john"), ("last_name", "smith"), ("phone", "111111111"),
                ("description", "路口有一个大坑，车辆通行危险"), ("attribute[kind]", "help"), ("attribute[publish]", "true"),
            ]
            let (noKey, noKeyBody) = try await post(sample)
            #expect(noKey == .forbidden && ((noKeyBody as? [[String: Any]])?.first?["code"] as? Int) == 403)
            #expect(try await post(sample + [("api_key", "ght_not-a-key")]).0 == .forbidden)
            let unit = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市交通运输局").first())
            let readOnly = try await IdentityStore.issueToken(name: "只读", scopes: ["org:read"], unitID: unit.id, createdBy: nil, now: test.clock.now,
                                                              expiresAt: nil, on: test.app.db).secret
            #expect(try await post(sample + [("api_key", readOnly)]).0 == .forbidden)
            let key = try await IdentityStore.issueToken(name: "随手拍 App", scopes: ["hotline:file"], unitID: unit.id, createdBy: nil,
                                                         now: test.clock.now, expiresAt: nil, on: test.app.db).secret
            let before = try await TicketRecord.query(on: test.app.db).count()
            let (missing, missingBody) = try await post([("api_key", key), ("service_code", "0202"), ("description", "坑")])
            #expect(missing == .badRequest && ((missingBody as? [[String: Any]])?.first?["description"] as? String)?.contains("address_string") == true)
            #expect(try await post([("api_key", key), ("service_code", "7777"), ("address_string", "x"), ("description", "坑")]).0 == .badRequest)
            #expect(try await TicketRecord.query(on: test.app.db).count() == before)

            let (created, createdBody) = try await post(sample + [("api_key", key)])
            #expect(created == .created)
            let receipt = try #require((createdBody as? [[String: Any]])?.first)
            let id = try #require(receipt["service_request_id"] as? String)
            #expect((receipt["service_notice"] as? String)?.contains("查询码") == true)
            let record = try #require(try await HotlineStore.ticket(number: id, on: test.app.db))
            #expect(record.ticketChannel == .open311 && record.unitName == "示范市交通运输局" && record.ticketState == .assigned)
            #expect(record.latitude == 37.76524078 && record.callerName == "smith john" && record.publishConsent)
            // Listed once the hotline has published it through the redaction step; its point only to about a hundred metres.
            #expect(try await Self.open311(client, "requests/\(id).json").0 == .notFound)
            let operatorDesk = TestBrowser(test.app)
            try await operatorDesk.signIn("operator", test.passwords["operator"]!)
            let proposed = HotlineStore.PublishedTexts.proposed(for: record)
            let published = try await operatorDesk.post("/workbench/hotline/tickets/\(try record.requireID().uuidString.lowercased())/publish", form: [
                ("published_subject", proposed.subject), ("published_description", proposed.description), ("published_address", proposed.address ?? ""),
            ])
            #expect(published.status == .seeOther)
            let (oneStatus, one) = try await Self.open311(client, "requests/\(id).json")
            #expect(oneStatus == .ok)
            let request = try #require((one as? [[String: Any]])?.first)
            #expect(request["status"] as? String == "open" && request["lat"] as? Double == 37.765 && request["expected_datetime"] is String)
            #expect(request["description"] as? String == "路口有一个大坑，车辆通行危险")
            #expect(request["requested_datetime"] as? String != nil && request["updated_datetime"] as? String != nil)
            let (_, byIDs) = try await Self.open311(client, "requests.json?service_request_id=\(id),RX20200101000001")
            #expect((byIDs as? [[String: Any]])?.map { $0["service_request_id"] as? String } == [id])
            let (_, open) = try await Self.open311(client, "requests.json?status=open&service_code=0202")
            #expect((open as? [[String: Any]])?.contains { $0["service_request_id"] as? String == id } == true)

            // A report protects the reporter: filed, but never listed.
            let (reported, reportBody) = try await post([("api_key", key), ("service_code", "0301"), ("address_string", "江南区某小作坊"),
                                                        ("description", "无证生产食品"), ("attribute[kind]", "report")])
            #expect(reported == .created)
            let reportID = try #require((reportBody as? [[String: Any]])?.first?["service_request_id"] as? String)
            #expect(try await Self.open311(client, "requests/\(reportID).json").0 == .notFound)
            #expect(!(try await client.get("/open311/v2/requests.json")).text.contains(reportID))
            // Without the writer's consent nothing can publish it, and no list shows it.
            let (private_, privateBody) = try await post(sample.filter { $0.0 != "attribute[publish]" } + [("api_key", key)])
            #expect(private_ == .created)
            let privateID = try #require((privateBody as? [[String: Any]])?.first?["service_request_id"] as? String)
            let privateRecord = try #require(try await HotlineStore.ticket(number: privateID, on: test.app.db))
            let refused = try await operatorDesk.post("/workbench/hotline/tickets/\(try privateRecord.requireID().uuidString.lowercased())/publish", form: [
                ("published_subject", "路口大坑"), ("published_description", "路口有一个大坑"),
            ])
            #expect(refused.status == .badRequest && refused.text.contains(HotlineProblem.noConsent.message(in: .zhHans)))
            #expect(try await HotlineStore.ticket(number: privateID, on: test.app.db)?.publishedAt == nil)
            #expect(try await Self.open311(client, "requests/\(privateID).json").0 == .notFound)
            #expect(!(try await client.get("/open311/v2/requests.json?status=open")).text.contains(privateID))
        }
    }

    @Test("tracking and the mailbox show no personal details; a letter is published only with its writer's consent")
    func privacyAndConsent() async throws {
        try await withTestApp { test in
            let visitor = TestBrowser(test.app)
            let form = try await visitor.get("/hotline")
            #expect(form.status == .ok)
            let filed = try await visitor.post("/hotline", form: [
                ("kind", "help"), ("category", "0103"), ("subject", "文化路路灯不亮"), ("description", "文化路 12 号门口的路灯坏了，请联系我 13800138000。"),
                ("caller_name", "张伟"), ("caller_phone", "13800138000"),
            ])
            // Post/Redirect/Get: the filing answers with the receipt's address; loading it (again and again) files nothing.
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers.first(name: .location))
            #expect(location.hasPrefix("/hotline/receipt?"))
            let receipt = try await visitor.get(location)
            #expect(receipt.status == .ok)
            #expect(try await visitor.get(location).status == .ok)
            let record = try await Self.ticket(test, subject: "文化路路灯不亮")
            #expect(try await TicketRecord.query(on: test.app.db).filter(\.$subject == "文化路路灯不亮").count() == 1)
            // The receipt is the only place the code is seen: the database keeps its keyed hash.
            let code = String(try #require(receipt.text.firstMatch(of: /code=([2-9A-Z]{6})/)?.1))
            #expect(receipt.text.contains(record.number) && receipt.text.contains(">\(code)<"))
            // A receipt address with a wrong code shows nothing.
            #expect(try await visitor.get("/hotline/receipt?number=\(record.number)&code=AAAAAA").status == .notFound)
            #expect(record.queryCode != code && record.queryCode == test.app.govhall.queryCodeKey.hash(code))
            #expect(!QueryCodeKey.ephemeral().matches(code, stored: record.queryCode), "without the key the stored value tells nothing")
            let tracked = try await visitor.get("/hotline/track?number=\(record.number)&code=\(code)")
            #expect(tracked.status == .ok && tracked.text.contains("文化路路灯不亮") && tracked.text.contains(Mask.personName("张伟")))
            #expect(!tracked.text.contains("13800138000") && !tracked.text.contains("张伟"))
            let wrongCode = try await visitor.get("/hotline/track?number=\(record.number)&code=AAAAAA")
            #expect(wrongCode.status == .notFound && !wrongCode.text.contains("文化路路灯不亮"))
            let api = try await visitor.get("/api/v1/hotline/tickets/\(record.number)?code=\(code.lowercased())")
            #expect(api.status == .ok && !api.text.contains("13800138000") && !api.text.contains("queryCode\":\""))
            #expect(try await visitor.get("/api/v1/hotline/tickets/\(record.number)?code=WRONG1").status == .notFound)

            // The published demo letter is public, without its writer; the unpublished one is not.
            let mailbox = try await visitor.get("/mailbox")
            #expect(mailbox.status == .ok && mailbox.text.contains("关于校园周边食品安全的建议") && !mailbox.text.contains("窗口人员态度问题"))
            #expect(!mailbox.text.contains("张伟") && !mailbox.text.contains("13800138000"))
            let mailboxAPI = try await visitor.get("/api/v1/mailbox")
            #expect(mailboxAPI.status == .ok && mailboxAPI.text.contains("关于校园周边食品安全的建议"))
            #expect(!mailboxAPI.text.contains("张伟") && !mailboxAPI.text.contains("13800138000") && !mailboxAPI.text.contains("窗口人员态度问题"))
            let open311 = try await visitor.get("/open311/v2/requests.json")
            #expect(!open311.text.contains("窗口人员态度问题") && !open311.text.contains("13800138000"))

            // The citizen writes without consent; once replied, the operator still may not publish it.
            let citizen = TestBrowser(test.app)
            try await citizen.signIn("citizen", test.passwords["citizen"]!)
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == Self.market).first())
            let written = try await citizen.post("/mailbox/write", form: [
                ("addressee", try market.requireID().uuidString.lowercased()), ("kind", "suggestion"), ("category", "0303"),
                ("subject", "建议登记窗口午间不休"), ("description", "建议中午 12 点到 1 点也安排人员值守。"), ("caller_phone", "13800138000"),
            ])
            #expect(written.status == .seeOther && written.headers.first(name: .location)?.hasPrefix("/hotline/receipt?") == true)
            let letter = try await Self.ticket(test, subject: "建议登记窗口午间不休")
            #expect(letter.ticketChannel == .mailbox && letter.unitID == market.id && !letter.publishConsent)
            let department = TestBrowser(test.app)
            try await department.signIn("reviewer", test.passwords["reviewer"]!)
            let letterPath = "/workbench/hotline/tickets/\(try letter.requireID().uuidString.lowercased())"
            #expect(try await department.post(letterPath + "/actions/reply", form: [("reply", "已安排午间值守。")]).status == .seeOther)
            let operatorDesk = TestBrowser(test.app)
            try await operatorDesk.signIn("operator", test.passwords["operator"]!)
            let refused = try await operatorDesk.post(letterPath + "/publish", form: [])
            #expect(refused.status == .badRequest && refused.text.contains(HotlineProblem.noConsent.message(in: .zhHans)))
            #expect(!(try await visitor.get("/mailbox")).text.contains("建议登记窗口午间不休"))

            // With consent, once replied, the operator sees what identifies her marked and publishes the masked text.
            let consented = try await citizen.post("/mailbox/write", form: [
                ("addressee", try market.requireID().uuidString.lowercased()), ("kind", "suggestion"), ("category", "0303"), ("publish_consent", "yes"),
                ("subject", "建议增设自助打印机"), ("description", "我叫王建国，住幸福小区5栋2单元301室，电话 138 0013 8000，邮箱 wjg(at)example.com，建议大厅增设自助打印机。"),
                ("caller_phone", "13800138000"),
            ])
            #expect(consented.status == .seeOther)
            let consentedLetter = try await Self.ticket(test, subject: "建议增设自助打印机")
            let consentedPath = "/workbench/hotline/tickets/\(try consentedLetter.requireID().uuidString.lowercased())"
            #expect(try await operatorDesk.post(consentedPath + "/publish", form: [("published_subject", "x"), ("published_description", "y")]).status == .badRequest,
                    "a letter is published only once answered")
            #expect(try await department.post(consentedPath + "/actions/reply", form: [("reply", "已在大厅增设两台自助打印机。")]).status == .seeOther)
            let reviewPage = try await operatorDesk.get(consentedPath)
            for marked in ["王建国", "5栋2单元301室", "138 0013 8000", "wjg(at)example.com"] {
                #expect(reviewPage.text.contains("data-kind=") && reviewPage.text.contains(marked), "\(marked) is shown to the reviewer")
            }
            let answered = try await Self.ticket(test, subject: "建议增设自助打印机")
            let proposed = HotlineStore.PublishedTexts.proposed(for: answered)
            #expect(try await operatorDesk.post(consentedPath + "/publish", form: [
                ("published_subject", proposed.subject), ("published_description", proposed.description), ("published_reply", proposed.reply ?? ""),
            ]).status == .seeOther)
            let publicLetters = try await visitor.get("/mailbox")
            #expect(publicLetters.text.contains("建议增设自助打印机"))
            let publicLetter = try await visitor.get("/mailbox/letters/\(try answered.requireID().uuidString.lowercased())")
            #expect(publicLetter.status == .ok && publicLetter.text.contains("自助打印机") && publicLetter.text.contains("已在大厅增设两台"))
            let publicAPI = try await visitor.get("/api/v1/mailbox").text
            for secret in ["建国", "301", "0013 8000", "wjg"] {
                #expect(!publicLetter.text.contains(secret) && !publicAPI.contains(secret), "\(secret) was published")
            }
            // Her own space shows it, and she may rate it herself.
            let own = try await citizen.get("/my/hotline")
            #expect(own.status == .ok && own.text.contains(letter.number))
            let ownPage = try await citizen.get("/my/hotline/\(try letter.requireID().uuidString.lowercased())")
            #expect(ownPage.status == .ok && ownPage.text.contains("/actions/callback"))
        }
    }

    @Test("no role reaches another's tickets: 403 or 404, never a 500, never the ticket")
    func access() async throws {
        try await withTestApp { test in
            let transport = try #require(try await TicketRecord.query(on: test.app.db).filter(\.$state == "received").first())
            let market = try #require(try await TicketRecord.query(on: test.app.db).filter(\.$unitName == Self.market).filter(\.$state == "assigned").first())
            let marketPath = "/workbench/hotline/tickets/\(try market.requireID().uuidString.lowercased())"
            let unrouted = "/workbench/hotline/tickets/\(try transport.requireID().uuidString.lowercased())"
            // The market regulator's staff see their own, not the hotline's unrouted queue.
            let reviewer = TestBrowser(test.app)
            try await reviewer.signIn("reviewer", test.passwords["reviewer"]!)
            #expect(try await reviewer.get(marketPath).status == .ok)
            let hidden = try await reviewer.get(unrouted)
            #expect(hidden.status == .notFound && !hidden.text.contains(transport.subject))
            #expect(try await reviewer.post(unrouted + "/actions/reply", form: [("reply", "x")]).status == .notFound)
            #expect(try await reviewer.get("/workbench/hotline/tickets/not-a-uuid").status == .notFound)
            #expect(try await reviewer.get(marketPath.replacingOccurrences(of: "-", with: "").prefix(40) + "").status == .notFound)
            // A clerk and a citizen are not hotline staff.
            for person in ["clerk", "citizen"] {
                let browser = TestBrowser(test.app)
                try await browser.signIn(person, test.passwords[person]!)
                #expect(try await browser.get(marketPath).status == .forbidden)
                #expect(try await browser.post(marketPath + "/actions/reply", form: [("reply", "x")]).status == .forbidden)
            }
            // The enterprise does not see the citizen's tickets.
            let citizenTicket = try #require(try await TicketRecord.query(on: test.app.db).filter(\.$accountID != nil).first())
            let enterprise = TestBrowser(test.app)
            try await enterprise.signIn("enterprise", test.passwords["enterprise"]!)
            let ownPath = "/my/hotline/\(try citizenTicket.requireID().uuidString.lowercased())"
            #expect(try await enterprise.get(ownPath).status == .notFound)
            #expect(try await enterprise.post(ownPath + "/actions/reopen", form: [("reason", "x")]).status == .notFound)
            // A caller may only rate or reopen, not reply.
            let citizen = TestBrowser(test.app)
            try await citizen.signIn("citizen", test.passwords["citizen"]!)
            #expect(try await citizen.post(ownPath + "/actions/reply", form: [("reply", "x")]).status == .notFound)
            // An API filing needs a token with the scope; a session is not a partner channel.
            let json = ["kind": "complaint", "category": "0301", "description": "x", "callerPhone": "13800138000"]
            var headers = HTTPHeaders()
            headers.contentType = .json
            let body = ByteBuffer(data: try JSONEncoder().encode(json))
            // Without a token or a session the write is refused before it is read (CSRF), and nothing is filed.
            let before = try await TicketRecord.query(on: test.app.db).count()
            #expect(try await TestBrowser(test.app).send(.POST, "/api/v1/hotline/tickets", headers: headers, body: body).status == .forbidden)
            #expect(try await citizen.send(.POST, "/api/v1/hotline/tickets", headers: headers, body: body).status == .forbidden)
            #expect(try await TicketRecord.query(on: test.app.db).count() == before)
        }
    }

    @Test("a partner channel files through the API with a hotline:file token: routed, clocked, answered with number and query code")
    func apiFiling() async throws {
        try await withTestApp { test in
            let unit = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市政务服务数据管理局").first())
            let token = try await IdentityStore.issueToken(name: "政务微信", scopes: ["hotline:file"], unitID: unit.id, createdBy: nil, now: test.clock.now,
                                                           expiresAt: nil, on: test.app.db).secret
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            headers.contentType = .json
            func file(_ json: [String: String]) async throws -> BrowserResponse {
                try await TestBrowser(test.app).send(.POST, "/api/v1/hotline/tickets", headers: headers, body: ByteBuffer(data: try JSONEncoder().encode(json)))
            }
            let readOnly = try await IdentityStore.issueToken(name: "只读", scopes: ["org:read"], unitID: unit.id, createdBy: nil, now: test.clock.now,
                                                              expiresAt: nil, on: test.app.db).secret
            var readOnlyHeaders = headers
            readOnlyHeaders.bearerAuthorization = BearerAuthorization(token: readOnly)
            let json = try JSONEncoder().encode(["kind": "complaint", "category": "0301", "description": "x", "callerPhone": "13900001111"])
            #expect(try await TestBrowser(test.app).send(.POST, "/api/v1/hotline/tickets", headers: readOnlyHeaders, body: ByteBuffer(data: json)).status == .forbidden)
            let bad = try await file(["kind": "rant", "category": "0301", "description": ""])
            #expect(bad.status == .badRequest && bad.text.contains("\"fields\""))
            let answer = try await file(["kind": "complaint", "urgency": "urgent", "category": "0602", "description": "化工厂夜间偷排废水，河水发黑", "callerPhone": "13900001111"])
            #expect(answer.status == .created)
            let dto = try JSONDecoder().decode(HotlineAPIController.TicketDTO.self, from: Data(answer.text.utf8))
            #expect(dto.state == "assigned" && dto.department == "示范市生态环境局" && dto.queryCode != nil && dto.channel == "api")
            let record = try #require(try await HotlineStore.ticket(number: dto.number, on: test.app.db))
            // Urgent: two clock hours.
            #expect(record.dueAt == record.receivedAt.addingTimeInterval(2 * 3600))
            let tracked = try await TestBrowser(test.app).get("/api/v1/hotline/tickets/\(dto.number)?code=\(dto.queryCode!)")
            #expect(tracked.status == .ok && tracked.text.contains("示范市生态环境局"))
            let categories = try await TestBrowser(test.app).get("/api/v1/hotline/categories")
            #expect(categories.status == .ok && categories.text.contains("\"0602\""))
        }
    }
}
