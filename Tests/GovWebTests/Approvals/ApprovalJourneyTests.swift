import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Approval hall over HTTP: the whole life of a case")
struct ApprovalJourneyTests {
    @Test("apply → correction → accepted → expert review pause → extension → grant → certificate → verify, tamper, revoke")
    func journey() async throws {
        try await withTestApp { test in
            let app = test.app
            let code = try await ApprovalFixtures.publish(on: app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let clerk = try await ApprovalFixtures.browser(test, as: "clerk")
            let reviewer = try await ApprovalFixtures.browser(test, as: "reviewer")
            let head = try await ApprovalFixtures.browser(test, as: "head")

            // The guide is public and printable; the form asks for what the matter lists.
            let guide = try await TestBrowser(app).get("/services/\(code)")
            #expect(guide.status == .ok && guide.text.contains("测试经营许可") && guide.text.contains("第十二条"))
            #expect(try await citizen.get("/services/\(code)/apply").text.contains("material_application_form"))

            let (id, queryCode, confirmation) = try await ApprovalFixtures.file(citizen, code: code)
            let detail = try await citizen.get(confirmation)
            #expect(detail.status == .ok && detail.text.contains(CaseState.submitted.title(in: .zhHans)))
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: app.db))
            #expect(row.trackingNumber.count == 20 && row.trackingNumber.hasPrefix("990100" + "20261120"))
            // The confirmation shows the code given at filing; the case keeps only its keyed hash, so the case page
            // opened later does not show it (issue 20, item 8).
            #expect(detail.text.contains("<strong class=\"mono query-code\">\(queryCode)</strong>"))
            #expect(QueryCodeKey.isHashed(row.queryCode) && !detail.text.contains(row.queryCode))
            #expect(!(try await citizen.get("/my/cases/\(id)").text.contains(queryCode)))

            // The clerk sees it in the inbox, green, and asks for every correction at once.
            let inbox = try await clerk.get("/workbench")
            #expect(inbox.text.contains(row.trackingNumber) && inbox.text.contains("light-green"))
            test.clock.advance(by: 3600)
            var response = try await clerk.post("/workbench/cases/\(id)/actions/request_correction", form: [("items", "申请书缺少签名\n平面图不清晰"), ("version", "\(row.version)")])
            #expect(response.status == .seeOther)
            #expect(try await ApprovalFixtures.state(of: id, on: app) == .awaitingCorrection)

            // The applicant corrects online the next day; the case returns for acceptance.
            test.clock.advance(by: 86_400)
            try await citizen.signIn("citizen", try #require(test.passwords["citizen"]))   // a day later: a new session
            response = try await citizen.postMultipart(
                "/my/cases/\(id)/correct", form: [],
                files: [TestBrowser.Upload(field: "material_application_form", fileName: "申请书-已签名.pdf", bytes: ApprovalFixtures.pdf + [10])])
            #expect(response.status == .seeOther, "\(response.text.prefix(300))")
            #expect(response.headers.first(name: .location) == "/my/cases/\(id)?done=corrected")
            #expect(try await ApprovalFixtures.state(of: id, on: app) == .submitted)

            // Monday: accepted; both clocks start through the calendar.
            test.clock.set(Date(timeIntervalSince1970: 1_795_399_200))   // 2026-11-23 10:00 Beijing, Monday
            for (browser, name) in [(citizen, "citizen"), (clerk, "clerk"), (reviewer, "reviewer"), (head, "head")] {
                try await browser.signIn(name, try #require(test.passwords[name]))
            }
            response = try await clerk.post("/workbench/cases/\(id)/actions/accept", form: [])
            #expect(response.status == .seeOther)
            var snapshot = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: app.db)).snapshot()
            #expect(snapshot.state == .inReview)
            let calendar = try await app.workCalendar()
            #expect(snapshot.statutoryDue == (try calendar.due(from: snapshot.acceptedAt!, workingDays: 20)))
            let statutoryAtAcceptance = try #require(snapshot.statutoryDue)

            // The acceptance notice prints with its document number.
            let events = try await CaseEvent.query(on: app.db).filter(\.$caseID == UUID(uuidString: id)!).sort(\.$sequence).all()
            let acceptance = try #require(events.first { $0.notice == NoticeKind.acceptance.rawValue })
            let notice = try await citizen.get("/my/cases/\(id)/notices/\(acceptance.id!.uuidString.lowercased())")
            #expect(notice.status == .ok && notice.text.contains("受理通知书") && notice.text.contains("〔2026〕"))
            // Printed later, it carries no query code (only its hash is kept), but says where it was given and how to renew it.
            #expect(!notice.text.contains(queryCode) && !notice.text.contains(row.queryCode))
            #expect(notice.text.contains(Strings.text("notice_query_code_hint", .zhHans)))
            #expect(acceptance.documentNumber?.hasPrefix("示市场受字〔2026〕第") == true)

            // The reviewer finishes the first step, then an expert review pauses the clock for three days.
            response = try await reviewer.post("/workbench/cases/\(id)/actions/complete_step", form: [("note", "材料齐全")])
            #expect(response.status == .seeOther)
            response = try await reviewer.post("/workbench/cases/\(id)/actions/suspend", form: [
                ("procedure", "expert_review"), ("expected_end", "2026-11-27"), ("notice", "组织专家评审，预计 3 个工作日"),
            ])
            #expect(response.status == .seeOther, "\(response.text.prefix(300))")
            #expect(try await ApprovalFixtures.state(of: id, on: app) == .suspended)
            test.clock.advance(by: 3 * 86_400)
            for (browser, name) in [(citizen, "citizen"), (clerk, "clerk"), (reviewer, "reviewer"), (head, "head")] {
                try await browser.signIn(name, try #require(test.passwords[name]))
            }
            response = try await reviewer.post("/workbench/cases/\(id)/actions/resume", form: [])
            #expect(response.status == .seeOther)
            snapshot = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: app.db)).snapshot()
            #expect(snapshot.statutoryDue! > statutoryAtAcceptance, "Art. 45: the pause moves the limit")

            // The reviewer may not extend or decide; the head may.
            response = try await reviewer.post("/workbench/cases/\(id)/actions/extend", form: [("days", "5"), ("reason", "情况复杂")])
            #expect(response.status == .badRequest)
            response = try await head.post("/workbench/cases/\(id)/actions/extend", form: [("days", "11"), ("reason", "情况复杂")])
            #expect(response.status == .badRequest && response.text.contains("不超过 10 个工作日"))
            let beforeExtension = try #require(snapshot.statutoryDue)
            response = try await head.post("/workbench/cases/\(id)/actions/extend", form: [("days", "5"), ("reason", "需要补充核查")])
            #expect(response.status == .seeOther)
            snapshot = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: app.db)).snapshot()
            // Five more working days after the old limit (Art. 42); the promise does not move.
            #expect(snapshot.statutoryDue == (try calendar.due(from: beforeExtension.addingTimeInterval(-1), workingDays: 5)))
            #expect(snapshot.extensionDays == 5)

            response = try await head.post("/workbench/cases/\(id)/actions/complete_step", form: [])
            #expect(response.status == .seeOther)
            response = try await head.post("/workbench/cases/\(id)/actions/decide", form: [("outcome", "granted"), ("reasons", "符合条件")])
            #expect(response.status == .seeOther)
            response = try await clerk.post("/workbench/cases/\(id)/fees", form: [("item", "0"), ("amount", "10.00")])
            #expect(response.status == .seeOther)
            response = try await clerk.post("/workbench/cases/\(id)/actions/serve_certificate", form: [])
            #expect(response.status == .seeOther)
            #expect(try await ApprovalFixtures.state(of: id, on: app) == .closed)

            // The certificate verifies on the public page, in both languages.
            let certificate = try #require(try await IssuedCertificate.query(on: app.db).filter(\.$caseID == UUID(uuidString: id)!).first())
            #expect(try await citizen.get("/my").text.contains(certificate.number))
            let anyone = TestBrowser(app)
            var verdict = try await anyone.get("/verify?code=" + TestBrowser.encode(certificate.signedText))
            #expect(verdict.text.contains("verdict-valid") && verdict.text.contains("有效"))
            // By number, only with the check code printed on the holder's certificate page; without it, not found.
            let printed = CertificateCheckCode.printed(certificate.checkCode)
            #expect(try await citizen.get("/my/cases/\(id)").text.contains(printed))
            verdict = try await anyone.get("/verify?code=" + certificate.number)
            #expect(verdict.text.contains("verdict-not_found") && !verdict.text.contains(certificate.title))
            verdict = try await anyone.get("/verify?code=" + certificate.number + "&check=" + printed)
            #expect(verdict.text.contains("verdict-valid"))
            try await anyone.get("/language/en?return=/")
            verdict = try await anyone.get("/verify?code=" + TestBrowser.encode(certificate.signedText))
            #expect(verdict.text.contains("Valid: genuine and in force"))

            // One byte changed anywhere in the payload: not genuine.
            var parts = certificate.signedText.split(separator: ".").map(String.init)
            var payload = Array(parts[1])
            let index = payload.count / 2
            payload[index] = payload[index] == "A" ? "B" : "A"
            parts[1] = String(payload)
            verdict = try await anyone.get("/verify?code=" + TestBrowser.encode(parts.joined(separator: ".")))
            #expect(verdict.text.contains("verdict-not_genuine"))

            // 撤销 (Art. 69) on its ground with the facts: the page says which act and why, and the decision prints with its 文号.
            let ground = "revocation/deception_or_bribery"
            response = try await head.post("/workbench/cases/\(id)/revoke", form: [("number", certificate.number), ("ending", ground), ("reason", "")])
            #expect(response.status == .badRequest)
            response = try await head.post("/workbench/cases/\(id)/revoke", form: [("number", certificate.number), ("reason", "以欺骗手段取得")])
            #expect(response.status == .badRequest && response.text.contains(Strings.text("error_ending_required", .zhHans)))
            response = try await head.post(
                "/workbench/cases/\(id)/revoke", form: [("number", certificate.number), ("ending", "revocation/expired"), ("reason", "以欺骗手段取得")])
            #expect(response.status == .badRequest, "a ground of 注销 is not one of 撤销")
            response = try await head.post("/workbench/cases/\(id)/revoke", form: [("number", certificate.number), ("ending", ground), ("reason", "以欺骗手段取得")])
            #expect(response.status == .seeOther)
            verdict = try await anyone.get("/verify?code=" + TestBrowser.encode(certificate.signedText))
            // (This visitor reads English since the language check above.)
            #expect(verdict.text.contains("verdict-revoked") && verdict.text.contains("以欺骗手段取得") && verdict.text.contains("Revoked: "))
            #expect(verdict.text.contains(CertificateEnding.RevocationGround.deceptionOrBribery.title(in: .en)))
            let casePage = try await head.get("/workbench/cases/\(id)")
            let noticePath = try #require(casePage.text.firstMatch(of: /href="(\/workbench\/cases\/[0-9a-f-]+\/notices\/[0-9a-f-]+)">撤销行政许可决定书/)?.1)
            let decision = try await head.get(String(noticePath))
            #expect(decision.status == .ok && decision.text.contains("撤销行政许可决定书") && decision.text.contains("第六十九条"))
            #expect(decision.text.contains(CaseRules.refusalRemedies(in: .zhHans)))

            // Closed: the applicant rates it, once.
            response = try await citizen.post("/my/cases/\(id)/rate", form: [("stars", "1")])
            #expect(response.status == .badRequest, "a poor rating needs a comment")
            response = try await citizen.post("/my/cases/\(id)/rate", form: [("stars", "5"), ("comment", "很快")])
            #expect(response.status == .seeOther)
            response = try await citizen.post("/my/cases/\(id)/rate", form: [("stars", "4")])
            #expect(response.status == .badRequest)

            // Every step is in the audit log.
            let audit = try await AuditEntry.query(on: app.db).filter(\.$objectID == row.trackingNumber).all().map(\.action)
            for action in ["case.submit", "case.request_correction", "case.submit_correction", "case.accept", "case.suspend", "case.resume", "case.extend", "case.decide", "case.serve_certificate"] {
                #expect(audit.contains(action), "\(action)")
            }
        }
    }

    @Test("public tracking needs the query code; the answer for a wrong code and an unknown number is the same")
    func tracking() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let (id, queryCode, _) = try await ApprovalFixtures.file(citizen, code: code)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let anyone = TestBrowser(test.app)
            let good = try await anyone.get("/track?number=\(row.trackingNumber)&code=\(queryCode)")
            #expect(good.status == .ok && good.text.contains(CaseState.submitted.title(in: .zhHans)))
            #expect(!good.text.contains("江南小吃店"), "the public sees progress, not the form")
            let wrong = try await anyone.get("/track?number=\(row.trackingNumber)&code=ZZZZZZ")
            let unknown = try await anyone.get("/track?number=99010020261120999999&code=\(queryCode)")
            #expect(wrong.status == .notFound && unknown.status == .notFound)
            #expect(wrong.text.contains("没有找到该办件") && unknown.text.contains("没有找到该办件"))
            let api = try await anyone.get("/api/v1/track?number=\(row.trackingNumber)&code=\(queryCode.lowercased())")
            #expect(api.status == .ok && api.text.contains("\"state\":\"submitted\""))
            // What the database holds is no code: typed in, it finds nothing.
            #expect(try await anyone.get("/api/v1/track?number=\(row.trackingNumber)&code=\(row.queryCode)").status == .notFound)
        }
    }

    @Test("an application nobody answers within 5 working days is accepted by law from receipt (Art. 32), by the server's sweep")
    func deemedAcceptance() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(citizen, code: code)
            await SupervisionJobs.sweep(test.app)
            #expect(try await ApprovalFixtures.state(of: id, on: test.app) == .submitted, "not before the 5 working days run out")
            test.clock.advance(by: 8 * 86_400)   // Friday 20 November + 8 days: past Friday 27th, the 5th working day
            await SupervisionJobs.sweep(test.app)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let snapshot = try row.snapshot()
            #expect(snapshot.state == .inReview && snapshot.flags.contains(.acceptedByLaw))
            #expect(snapshot.acceptedAt == row.receivedAt)
            let event = try #require(try await CaseEvent.query(on: test.app.db).filter(\.$caseID == row.requireID()).filter(\.$action == "deem_accepted").first())
            #expect(event.actorRole == "system" && event.documentNumber != nil)
        }
    }
}
