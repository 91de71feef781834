import Fluent
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// Public participation through the pages, the API and the store on a real database.
@Suite("Participation through the web")
struct ParticipationTests {
    static func consultation(_ test: TestApp, titled prefix: String) async throws -> ConsultationRecord {
        try #require(try await ConsultationRecord.query(on: test.app.db).all().first { $0.title.hasPrefix(prefix) })
    }

    static func signedIn(_ test: TestApp, _ username: String) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        try await browser.signIn(username, test.passwords[username]!)
        return browser
    }

    @Test("a comment is public only once approved; a rejected or pending one never is, in pages or the API; names are masked")
    func moderation() async throws {
        try await withTestApp { test in
            let record = try await Self.consultation(test, titled: "示范市餐饮服务")
            let id = try record.requireID().uuidString.lowercased()
            let publicPath = "/participation/consultations/\(id)"
            let visitor = TestBrowser(test.app)
            // The demo holds an approved comment, a pending one (the enterprise's) and a rejected one with a phone number.
            let page = try await visitor.get(publicPath)
            #expect(page.status == .ok && page.text.contains("后厨视频在线公开") && page.text.contains(Mask.personName("张伟")))
            #expect(!page.text.contains("过渡期") && !page.text.contains("代办") && !page.text.contains("13800138000") && !page.text.contains("张伟"))
            let api = try await visitor.get("/api/v1/consultations/\(id)")
            #expect(api.status == .ok && api.text.contains("后厨视频在线公开"))
            #expect(!api.text.contains("过渡期") && !api.text.contains("代办") && !api.text.contains("13800138000") && !api.text.contains("张伟"))

            let citizen = try await Self.signedIn(test, "citizen")
            let bad = try await citizen.post(publicPath + "/comments", form: [("text", "第九段不对"), ("paragraph", "9")])
            #expect(bad.status == .badRequest)
            let sent = try await citizen.post(publicPath + "/comments", form: [
                ("text", "建议第四条把二百米改为三百米，联系我 13912345678，我住幸福路 12 号"), ("paragraph", "4"), ("publish_consent", "yes"),
            ])
            #expect(sent.status == .seeOther)
            let private_ = try await citizen.post(publicPath + "/comments", form: [("text", "建议只在工作日检查，不要公开我的意见"), ("paragraph", "4")])
            #expect(private_.status == .seeOther)
            #expect(!(try await visitor.get(publicPath)).text.contains("三百米"))
            // Staff see and moderate it; another department's staff cannot.
            let comment = try #require(try await ConsultationCommentRecord.query(on: test.app.db).all().first { $0.text.contains("三百米") })
            let commentPath = "/workbench/participation/consultations/\(id)/comments/\(try comment.requireID().uuidString.lowercased())"
            let operatorDesk = try await Self.signedIn(test, "operator")
            #expect(try await operatorDesk.post(commentPath + "/approved", form: []).status == .forbidden)
            #expect(try await citizen.post(commentPath + "/approved", form: []).status == .forbidden)
            let reviewer = try await Self.signedIn(test, "reviewer")
            let staffPage = try await reviewer.get("/workbench/participation/consultations/\(id)")
            #expect(staffPage.status == .ok && staffPage.text.contains("三百米") && staffPage.text.contains("过渡期"))
            #expect(staffPage.text.contains("data-kind=") && staffPage.text.contains("13912345678"), "the moderator sees the phone number marked")
            // Publishing needs the reviewed text; one that still carries the phone is refused unless confirmed.
            #expect(try await reviewer.post(commentPath + "/approved", form: []).status == .badRequest)
            let leaky = try await reviewer.post(commentPath + "/approved", form: [("published_text", "联系我 13912345678")])
            #expect(leaky.status == .badRequest && leaky.text.contains(PublicationProblem.personalDataRemains(1).message(in: .zhHans)))
            #expect(!(try await visitor.get(publicPath)).text.contains("13912345678"))
            let proposed = PersonalData.redact(comment.text, writer: comment.writer)
            #expect(staffPage.text.contains(proposed))
            #expect(try await reviewer.post(commentPath + "/approved", form: [("published_text", proposed)]).status == .seeOther)
            let after = try await visitor.get(publicPath)
            #expect(after.text.contains("三百米") && after.text.contains("139********") && !after.text.contains("13912345678") && !after.text.contains("12 号"))
            // A comment its writer kept private is accepted, counted and answered, never shown.
            let kept = try #require(try await ConsultationCommentRecord.query(on: test.app.db).all().first { $0.text.contains("工作日检查") })
            let keptPath = "/workbench/participation/consultations/\(id)/comments/\(try kept.requireID().uuidString.lowercased())"
            #expect(try await reviewer.post(keptPath + "/approved", form: [("published_text", "建议只在工作日检查")]).status == .seeOther)
            #expect(try await ConsultationCommentRecord.find(kept.id, on: test.app.db)?.state == .approved)
            #expect(!(try await visitor.get(publicPath)).text.contains("工作日检查"))
            #expect(!(try await visitor.get("/api/v1/consultations/\(id)")).text.contains("工作日检查"))
            #expect(try await reviewer.post(commentPath + "/rejected", form: []).status == .seeOther)
            #expect(!(try await visitor.get(publicPath)).text.contains("三百米"))
            #expect(!(try await visitor.get("/api/v1/consultations/\(id)")).text.contains("三百米"))
            // Staff may not moderate into "pending", nor summarise while it is open.
            #expect(try await reviewer.post(commentPath + "/pending", form: []).status == .notFound)
            let early = try await reviewer.post("/workbench/participation/consultations/\(id)/summary", form: [("summary", "总结")])
            #expect(early.status == .badRequest && early.text.contains(ParticipationProblem.stillOpen.message(in: .zhHans)))
        }
    }

    @Test("after the period: pending comments block the summary; adoption is published with its counts")
    func summary() async throws {
        try await withTestApp { test in
            let record = try await Self.consultation(test, titled: "示范市餐饮服务")
            let id = try record.requireID().uuidString.lowercased()
            test.clock.advance(by: 26 * 86_400)
            let citizen = try await Self.signedIn(test, "citizen")
            let late = try await citizen.post("/participation/consultations/\(id)/comments", form: [("text", "迟到的意见")])
            #expect(late.status == .badRequest && late.text.contains(ParticipationProblem.notOpen.message(in: .zhHans)))
            let reviewer = try await Self.signedIn(test, "reviewer")
            let blocked = try await reviewer.post("/workbench/participation/consultations/\(id)/summary", form: [("summary", "总结")])
            #expect(blocked.status == .badRequest)
            let pending = try await ConsultationCommentRecord.query(on: test.app.db).filter(\.$consultationID == record.id!)
                .filter(\.$moderation == "pending").all()
            for comment in pending {
                let path = "/workbench/participation/consultations/\(id)/comments/\(try comment.requireID().uuidString.lowercased())/approved"
                #expect(try await reviewer.post(path, form: []).status == .seeOther)
            }
            let approved = try await ParticipationStore.allComments(of: record.id!, on: test.app.db).filter { $0.state == .approved }
            let form = try approved.map { ("adoption_\(try $0.requireID().uuidString.lowercased())", $0.text.contains("后厨") ? "adopted" : "partly") }
            let done = try await reviewer.post("/workbench/participation/consultations/\(id)/summary", form: form + [("summary", "采纳“明厨亮灶”线上公开的建议；给予小微企业三个月过渡期。")])
            #expect(done.status == .seeOther)
            let page = try await TestBrowser(test.app).get("/participation/consultations/\(id)")
            #expect(page.text.contains("明厨亮灶”线上公开") && page.text.contains(Strings.format("consultation_counts", .zhHans,
                                                                                               ["received": "2", "published": "1", "adopted": "1", "partly": "1", "not": "0"])))
            #expect(try await reviewer.post("/workbench/participation/consultations/\(id)/summary", form: [("summary", "再来")]).status == .badRequest)
        }
    }

    @Test("one answer per verified person, also when eight arrive at once; results only after closing")
    func oneAnswerPerPerson() async throws {
        try await withTestApp { test in
            let survey = try #require(try await SurveyRecord.query(on: test.app.db).all().first { $0.title.contains("满意度") })
            let surveyID = try survey.requireID()
            let citizen = try #require(try await Account.query(on: test.app.db).filter(\.$username == "citizen").first())
            let gate = test.app.govhall.writeGate
            let db = test.app.db
            let now = test.clock.now
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await gate.transaction(on: db) { db in
                                try await ParticipationStore.answer(surveyID, values: [1: ["\(index % 4)"], 2: ["0"]], identity: citizen.residentID,
                                                                    by: .system("test"), now: now, on: db)
                            }
                            return true
                        } catch ParticipationProblem.alreadyAnswered {
                            return false
                        }
                    }
                }
                var results: [Bool] = []
                for try await outcome in group { results.append(outcome) }
                return results
            }
            #expect(outcomes.filter { $0 }.count == 1, "\(outcomes)")
            #expect(try await SurveyResponseRecord.query(on: db).filter(\.$surveyID == surveyID).count() == 1)

            // Through the page: the citizen is told; the enterprise answers once; results wait for the close.
            let path = "/participation/surveys/\(surveyID.uuidString.lowercased())"
            let citizenBrowser = try await Self.signedIn(test, "citizen")
            let again = try await citizenBrowser.post(path, form: [("q1", "0"), ("q2[]", "1")])
            #expect(again.status == .conflict && again.text.contains(ParticipationProblem.alreadyAnswered.message(in: .zhHans)))
            let enterprise = try await Self.signedIn(test, "enterprise")
            let missing = try await enterprise.post(path, form: [("q2[]", "1")])
            #expect(missing.status == .badRequest && missing.text.contains(ParticipationProblem.answerRequired.message(in: .zhHans)))
            #expect(try await enterprise.post(path, form: [("q1", "1"), ("q2[]", "1"), ("q2[]", "3"), ("q3", "窗口再多一些")]).status == .seeOther)
            #expect(try await enterprise.post(path, form: [("q1", "1"), ("q2[]", "1")]).status == .conflict)
            let staff = try await Self.signedIn(test, "operator")
            #expect(try await staff.post(path, form: [("q1", "1"), ("q2[]", "1")]).status == .forbidden)
            let open = try await TestBrowser(test.app).get(path)
            #expect(open.status == .ok && !open.text.contains(Strings.text("survey_results", .zhHans)))
            let apiOpen = try await TestBrowser(test.app).get("/api/v1/surveys/\(surveyID.uuidString.lowercased())")
            #expect(apiOpen.status == .ok && !apiOpen.text.contains("\"counts\":["))
            test.clock.advance(by: 31 * 86_400)
            let closed = try await TestBrowser(test.app).get(path)
            #expect(closed.text.contains(Strings.text("survey_results", .zhHans)) && closed.text.contains("50.0%"))
            #expect(!closed.text.contains("窗口再多一些"))
            let apiClosed = try await TestBrowser(test.app).get("/api/v1/surveys/\(surveyID.uuidString.lowercased())")
            #expect(apiClosed.text.contains("\"responses\":2"))
        }
    }

    @Test("hearing: register once while open, selection by lot after it closes, the record after it is held; names masked publicly")
    func hearing() async throws {
        try await withTestApp { test in
            let hearing = try #require(try await HearingRecord.query(on: test.app.db).first())
            let id = try hearing.requireID().uuidString.lowercased()
            let enterprise = try await Self.signedIn(test, "enterprise")
            #expect(try await enterprise.post("/participation/hearings/\(id)/register", form: [("statement", "")]).status == .badRequest)
            #expect(try await enterprise.post("/participation/hearings/\(id)/register", form: [("statement", "作为经营者说明成本")]).status == .seeOther)
            let twice = try await enterprise.post("/participation/hearings/\(id)/register", form: [("statement", "再报一次")])
            #expect(twice.status == .badRequest && twice.text.contains(ParticipationProblem.alreadyRegistered.message(in: .zhHans)))
            let reviewer = try await Self.signedIn(test, "reviewer")
            let early = try await reviewer.post("/workbench/participation/hearings/\(id)/select", form: [("by_lot", "yes")])
            #expect(early.status == .badRequest)
            test.clock.advance(by: 11 * 86_400)
            // Sessions do not outlive eleven idle days.
            try await reviewer.signIn("reviewer", test.passwords["reviewer"]!)
            #expect(try await TestBrowser(test.app).get("/participation/hearings/\(id)").text.contains(Strings.text("hearing_register", .zhHans)) == false)
            let late = try await Self.signedIn(test, "citizen")
            #expect(try await late.post("/participation/hearings/\(id)/register", form: [("statement", "晚了")]).status == .badRequest)
            #expect(try await reviewer.post("/workbench/participation/hearings/\(id)/select", form: [("by_lot", "yes")]).status == .seeOther)
            let selected = try await ParticipationStore.registrations(of: hearing.id!, on: test.app.db).filter(\.selected)
            #expect(selected.count == 2)
            let page = try await TestBrowser(test.app).get("/participation/hearings/\(id)")
            #expect(page.text.contains(Mask.personName("张伟")) && !page.text.contains("张伟") && !page.text.contains("13800138000"))
            #expect(try await reviewer.post("/workbench/participation/hearings/\(id)/record", form: [("record", "笔录")]).status == .badRequest)
            test.clock.advance(by: 10 * 86_400)
            try await reviewer.signIn("reviewer", test.passwords["reviewer"]!)
            #expect(try await reviewer.post("/workbench/participation/hearings/\(id)/record", form: [("record", "听证会于上午举行，15 名参加人发言……")]).status == .seeOther)
            #expect(try await TestBrowser(test.app).get("/participation/hearings/\(id)").text.contains("15 名参加人发言"))
        }
    }

    @Test("petition: routed with a 15-day acceptance clock, accepted with 60 days, extended once by the head by at most 30, answered")
    func petition() async throws {
        try await withTestApp { test in
            let citizen = try await Self.signedIn(test, "citizen")
            #expect(try await citizen.get("/petitions/new").status == .ok)
            #expect(try await citizen.post("/petitions", form: [("category", "7777"), ("subject", ""), ("text", "")]).status == .badRequest)
            let filed = try await citizen.post("/petitions", form: [("category", "0302"), ("subject", "商家拒不退还预付卡余额"), ("text", "健身房倒闭，预付卡余额 3000 元不退。")])
            #expect(filed.status == .seeOther)
            let record = try #require(try await PetitionRecord.query(on: test.app.db).filter(\.$subject == "商家拒不退还预付卡余额").first())
            #expect(record.petitionState == .routed && record.unitName == "示范市市场监督管理局")
            let received = CivilDate.beijing(record.receivedAt)
            #expect(record.dueAt == received.adding(days: 15).endInBeijing)
            let acceptance = try #require(try await ObligationStore.running(of: record.id!, on: test.app.db).values.first)
            #expect(acceptance.kind == ObligationKind.petitionAcceptance.rawValue)

            let path = "/workbench/petitions/\(try record.requireID().uuidString.lowercased())"
            let enterprise = try await Self.signedIn(test, "enterprise")
            #expect(try await enterprise.get("/my/petitions/\(try record.requireID().uuidString.lowercased())").status == .notFound)
            #expect(try await enterprise.get(path).status == .forbidden)
            let reviewer = try await Self.signedIn(test, "reviewer")
            #expect(try await reviewer.get("/workbench/petitions").text.contains(record.number))
            #expect(try await reviewer.post(path + "/actions/answer", form: [("answer", "x")]).status == .badRequest)
            #expect(try await reviewer.post(path + "/actions/accept", form: []).status == .seeOther)
            var accepted = try #require(try await PetitionRecord.find(record.id, on: test.app.db))
            #expect(accepted.petitionState == .accepted && accepted.dueAt == CivilDate.beijing(accepted.acceptedAt!).adding(days: 60).endInBeijing)
            let handling = try #require(try await ObligationStore.running(of: record.id!, on: test.app.db).values.first)
            #expect(handling.kind == ObligationKind.petitionHandling.rawValue)
            #expect(try await reviewer.post(path + "/actions/extend", form: [("days", "10"), ("reason", "需调查")]).status == .forbidden)
            let head = try await Self.signedIn(test, "head")
            #expect(try await head.post(path + "/actions/extend", form: [("days", "31"), ("reason", "需调查")]).status == .badRequest)
            #expect(try await head.post(path + "/actions/extend", form: [("days", "30"), ("reason", "涉及多家门店，需调查取证")]).status == .seeOther)
            let extended = try #require(try await PetitionRecord.find(record.id, on: test.app.db))
            #expect(extended.dueAt == accepted.dueAt!.addingTimeInterval(30 * 86_400))
            #expect(try await head.post(path + "/actions/extend", form: [("days", "5"), ("reason", "再延")]).status == .badRequest)
            #expect(try await reviewer.post(path + "/actions/answer", form: [("answer", "经调查，已责令经营者退还余额，并纳入经营异常名录。")]).status == .seeOther)
            accepted = try #require(try await PetitionRecord.find(record.id, on: test.app.db))
            let stillRunning = try await ObligationStore.running(of: record.id!, on: test.app.db)
            #expect(accepted.petitionState == .answered && stillRunning.isEmpty)
            let own = try await citizen.get("/my/petitions/\(try record.requireID().uuidString.lowercased())")
            #expect(own.status == .ok && own.text.contains("已责令经营者退还余额"))
            let api = try await citizen.get("/api/v1/petitions")
            #expect(api.status == .ok && api.text.contains(record.number) && api.text.contains("answered"))
            #expect(try await TestBrowser(test.app).get("/api/v1/petitions").status == .unauthorized)
        }
    }
}
