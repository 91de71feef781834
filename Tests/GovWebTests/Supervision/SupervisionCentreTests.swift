import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// The supervision centre over HTTP: the 督办 lifecycle with who may see and do what in it, the centre's pages and
/// exports, the public performance page, the API and the administrator's settings.
@Suite("Supervision over HTTP")
struct SupervisionCentreTests {
    typealias F = ApprovalFixtures

    /// A citizen's application that nobody answers: the sweep accepts it by law and records the violation.
    func lateCase(_ test: TestApp) async throws -> String {
        let code = try await F.publish(on: test.app)
        let citizen = try await F.browser(test, as: "citizen")
        let id = try await F.apply(citizen, code: code)
        test.clock.advance(by: 8 * 86_400)   // 2026-11-28: past the 5 working days that ended with 11-27
        await SupervisionJobs.sweep(test.app)
        #expect(try await F.state(of: id, on: test.app) == .inReview)
        return id
    }

    @Test("督办 over HTTP: the supervisor issues on a violation, the head is told and replies, others may not, the supervisor closes with accountability")
    func orderLifecycle() async throws {
        try await withTestApp { test in
            let id = try await lateCase(test)
            let supervisor = try await F.browser(test, as: "supervisor")
            let page = try await supervisor.get("/supervision/cases/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains(ViolationRule.acceptanceLate.title(in: .zhHans)))
            #expect(page.text.contains("依法视为受理") || page.text.contains(ObligationKind.acceptance.title(in: .zhHans)))
            let violation = try #require(try await ViolationRecord.query(on: test.app.db).first())

            // Bad input: no instruction, a reply period of 45 working days: refused, explained, nothing stored.
            let empty = try await supervisor.post("/supervision/orders", form: [("case_id", id), ("violation_id", violation.id!.uuidString), ("instruction", " "), ("reply_days", "3")])
            #expect(empty.status == .badRequest && empty.text.contains(FieldProblem.required.message(in: .zhHans)))
            let far = try await supervisor.post("/supervision/orders", form: [("case_id", id), ("instruction", "说明原因"), ("reply_days", "45")])
            #expect(far.status == .badRequest && far.text.contains("30"))
            #expect(try await SupervisionOrderRecord.query(on: test.app.db).count() == 0)

            let issued = try await supervisor.post("/supervision/orders", form: [
                ("case_id", id), ("violation_id", violation.id!.uuidString), ("instruction", "请说明逾期未受理的原因并整改"), ("reply_days", "3"),
            ])
            #expect(issued.status == .seeOther)
            let orderPath = try #require(issued.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let orderID = try #require(orderPath.split(separator: "/").last.map(String.init))
            #expect(try await supervisor.get(orderPath).text.contains("示监督字〔2026〕第000001号"))

            // The head of the market regulator is told, sees it in the workbench, and replies.
            let head = try await F.browser(test, as: "head")
            let inbox = try await head.get("/notifications")
            #expect(inbox.status == .ok && inbox.text.contains("【督办】示监督字〔2026〕第000001号"))
            #expect(try await head.get("/workbench/orders").text.contains("示监督字〔2026〕第000001号"))
            #expect(try await head.get("/workbench/orders/\(orderID)").text.contains("name=\"reply\""))

            // A reviewer of the unit may read it but not reply; the head of another department and a citizen cannot see it;
            // a clerk cannot close it from the supervision side.
            let reviewer = try await F.browser(test, as: "reviewer")
            #expect(try await reviewer.get("/workbench/orders/\(orderID)").status == .ok)
            #expect(try await reviewer.post("/workbench/orders/\(orderID)/reply", form: [("reply", "已整改")]).status == .forbidden)
            let health = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                try await AccountStore.create(
                    ValidAccountApplication(kind: .staff, username: "head.health.t", displayName: "卫健负责人", password: "Passw0rdPassw0rd", residentID: nil, creditCode: nil, phone: nil),
                    unitID: try await F.department("示范市卫生健康委员会", on: db).id, hasher: test.app.govhall.hasher, by: .system("test"), now: test.clock.now, on: db)
            }
            try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                try await AccountStore.grant(.departmentHead, to: health, on: try await F.department("示范市卫生健康委员会", on: db), includesSubtree: true, by: .system("test"), now: test.clock.now, on: db)
            }
            let outsider = TestBrowser(test.app)
            #expect(try await outsider.signIn("head.health.t", "Passw0rdPassw0rd").status == .seeOther)
            #expect(try await outsider.get("/workbench/orders/\(orderID)").status == .notFound)
            #expect(try await outsider.post("/workbench/orders/\(orderID)/reply", form: [("reply", "已整改")]).status == .notFound)
            #expect(!(try await outsider.get("/workbench/orders").text.contains("示监督字")))
            let citizen = try await F.browser(test, as: "citizen")
            #expect(try await citizen.get("/workbench/orders/\(orderID)").status == .forbidden)
            #expect(try await citizen.get("/supervision/orders/\(orderID)").status == .forbidden)
            let clerk = try await F.browser(test, as: "clerk")
            #expect(try await clerk.post("\(orderPath)/close", form: [("outcome", "correction"), ("outcome_text", "已纠正")]).status == .forbidden)
            // Closing before any reply is out of turn.
            #expect(try await supervisor.post("\(orderPath)/close", form: [("outcome", "correction"), ("outcome_text", "已纠正")]).status == .conflict)

            #expect(try await head.post("/workbench/orders/\(orderID)/reply", form: [("reply", "   ")]).status == .badRequest)
            let replied = try await head.post("/workbench/orders/\(orderID)/reply", form: [("reply", "窗口人员休假未交接，已建立 AB 岗制度")])
            #expect(replied.status == .seeOther)
            #expect(try await supervisor.get("/notifications").text.contains("【督办回复】"))

            // Accountability needs the person and the measure.
            let incomplete = try await supervisor.post("\(orderPath)/close", form: [("outcome", "accountability"), ("outcome_text", "受理超时属实")])
            #expect(incomplete.status == .badRequest && incomplete.text.contains(SupervisionTextField.accountablePerson.title(in: .zhHans)))
            let closed = try await supervisor.post("\(orderPath)/close", form: [
                ("outcome", "accountability"), ("outcome_text", "受理超时属实"), ("accountable_person", "李娜"), ("measure", "criticism"),
            ])
            #expect(closed.status == .seeOther)
            let final = try await supervisor.get(orderPath)
            #expect(final.text.contains(SupervisionOrderState.closed.title(in: .zhHans)) && final.text.contains("批评教育"))
            let actions = try await AuditEntry.query(on: test.app.db).filter(\.$objectType == "supervision_order").sort(\.$id).all().map(\.action)
            #expect(actions == ["supervision.order.issue", "supervision.order.reply", "supervision.order.close"])
            guard case .intact = try await AuditLog.verify(on: test.app.db) else {
                Issue.record("audit chain broken")
                return
            }
        }
    }

    @Test("the centre: live figures, lights, lists with drill-down, CSV exports, filters checked; and the live part alone")
    func centre() async throws {
        try await withTestApp(demoCases: true) { test in
            let supervisor = try await F.browser(test, as: "supervisor")
            let home = try await supervisor.get("/supervision")
            #expect(home.status == .ok)
            for text in ["今日实时", "各部门在办灯色", "<svg", "超期报警", "违规异常", "/js/live-refresh.js", "data-refresh=\"/supervision/live?"] {
                #expect(home.text.contains(text), "centre lacks \(text)")
            }
            let overdue = try await ObligationRecord.query(on: test.app.db).filter(\.$completedAt == nil).filter(\.$status == "overdue")
                .filter(\.$kind != ObligationKind.reviewStep.rawValue).count()
            #expect(overdue > 0)
            let csv = try await supervisor.get("/supervision/obligations.csv?status=overdue")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.text.split(separator: "\r\n").count == overdue + 1)
            let list = try await supervisor.get("/supervision/obligations?status=overdue")
            #expect(list.status == .ok && list.text.contains("/supervision/cases/"))
            let live = try await supervisor.get("/supervision/live")
            #expect(live.status == .ok && live.text.hasPrefix("<section id=\"live\"") && !live.text.contains("<html"))
            let violations = try await supervisor.get("/supervision/violations.csv")
            #expect(violations.status == .ok && violations.text.contains("rule,severity"))
            #expect(try await supervisor.get("/supervision/performance").status == .ok)
            #expect(try await supervisor.get("/supervision/performance.csv").text.contains("on_time_rate"))
            let market = try await F.department("示范市市场监督管理局", on: test.app.db)
            let byMatter = try await supervisor.get("/supervision/performance.csv?by=matter&department=\(market.id!.uuidString)")
            #expect(byMatter.text.contains("食品经营许可"))
            #expect(try await supervisor.get("/supervision/lights.csv").text.contains("示范市市场监督管理局"))
            // In English too.
            #expect(try await supervisor.get("/supervision", headers: ["Cookie": "govhall_lang=en"]).status == .ok)

            // A department filter narrows every figure; bad filters are a clear 400.
            let narrowed = try await supervisor.get("/supervision?department=\(market.id!.uuidString)")
            #expect(narrowed.status == .ok)
            #expect(try await supervisor.get("/supervision?from=2026-13-01").status == .badRequest)
            #expect(try await supervisor.get("/supervision?from=2026-11-20&to=2026-11-01").status == .badRequest)
            #expect(try await supervisor.get("/supervision?department=not-a-unit").status == .badRequest)
            #expect(try await supervisor.get("/supervision/obligations?status=purple").status == .badRequest)
            #expect(try await supervisor.get("/supervision/obligations?page=-5").status == .ok)
        }
    }

    @Test("效能公示 is public, and its figures are the API's")
    func publicPerformance() async throws {
        try await withTestApp(demoCases: true) { test in
            let anonymous = TestBrowser(test.app)
            let page = try await anonymous.get("/performance")
            #expect(page.status == .ok && page.text.contains("行政效能公示") && page.text.contains("示范市市场监督管理局"))
            #expect(try await anonymous.get("/performance?month=2026-13").status == .badRequest)
            #expect(try await anonymous.get("/performance?month=2031-01").status == .badRequest)
            let api = try await anonymous.get("/api/v1/performance?from=2026-11-01&to=2026-11-30")
            #expect(api.status == .ok)
            struct DTO: Decodable { struct D: Decodable { var name: String; var received: Int; var rank: Int? }; var departments: [D] }
            let dto = try JSONDecoder().decode(DTO.self, from: Data(api.text.utf8))
            let period = ReportingPeriod(from: CivilDate("2026-11-01")!, through: CivilDate("2026-11-30")!)
            let market = try await F.department("示范市市场监督管理局", on: test.app.db)
            let counts = try await Rollups.countsByUnit(period, Rollups.Filter(), on: test.app.db)[market.id!] ?? ServiceCounts()
            let received = try await ApprovalCase.query(on: test.app.db).filter(\.$departmentID == market.id!)
                .filter(\.$receivedAt >= period.from.startInBeijing).filter(\.$receivedAt < period.through.endInBeijing).count()
            #expect(counts.received == received)
            #expect(dto.departments.first { $0.name == market.nameZh }?.received == received)
            #expect(dto.departments.first?.rank == 1)
            #expect(try await anonymous.get("/api/v1/performance?from=bad").status == .badRequest)
        }
    }

    @Test("the supervision API: a supervisor's session or a supervision:read token, nobody else")
    func api() async throws {
        try await withTestApp(demoCases: true) { test in
            let anonymous = TestBrowser(test.app)
            #expect(try await anonymous.get("/api/v1/supervision/obligations").status == .unauthorized)
            let clerk = try await F.browser(test, as: "clerk")
            #expect(try await clerk.get("/api/v1/supervision/violations").status == .forbidden)
            let supervisor = try await F.browser(test, as: "supervisor")
            let open = try await supervisor.get("/api/v1/supervision/obligations?status=overdue&limit=5")
            #expect(open.status == .ok && open.text.contains("\"status\":\"overdue\""))
            let now = test.clock.now
            let token = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                try await IdentityStore.issueToken(name: "monitor", scopes: [APIScope.supervisionRead.rawValue], unitID: nil, createdBy: nil, now: now, expiresAt: nil, on: db)
            }.secret
            let machine = TestBrowser(test.app)
            let viaToken = try await machine.get("/api/v1/supervision/violations", headers: ["Authorization": "Bearer \(token)"])
            #expect(viaToken.status == .ok && viaToken.text.contains("\"rule\""))
            let orgOnly = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                try await IdentityStore.issueToken(name: "org", scopes: ["org:read"], unitID: nil, createdBy: nil, now: now, expiresAt: nil, on: db)
            }.secret
            #expect(try await machine.get("/api/v1/supervision/violations", headers: ["Authorization": "Bearer \(orgOnly)"]).status == .forbidden)
        }
    }

    @Test("inbox: escalations reach the responsible staff; marking read is one's own; the notifier delivers each once")
    func inbox() async throws {
        try await withTestApp { test in
            let citizen = try await F.browser(test, as: "citizen")
            _ = try await F.apply(citizen, code: try await F.publish(on: test.app))
            // Received Friday 11-20; acceptance ends with 11-27; its warning window is a quarter of the 5 days (1 working day),
            // reached at 00:00 on Thursday 11-26.
            test.clock.advance(by: 5 * 86_400 + 14 * 3600 + 1800)
            await SupervisionJobs.sweep(test.app)
            let clerk = try await F.browser(test, as: "clerk")
            let page = try await clerk.get("/notifications")
            #expect(page.status == .ok && page.text.contains("【预警】") && page.text.contains("message-unread"))
            let mine = try await NotificationStore.inbox(of: try #require(try await Account.query(on: test.app.db).filter(\.$username == "clerk").first()).requireID(), on: test.app.db)
            let supervisor = try await F.browser(test, as: "supervisor")
            // Someone else's message id: nothing happens to it.
            #expect(try await supervisor.post("/notifications/read", form: [("id", mine[0].id!.uuidString)]).status == .seeOther)
            #expect(try await InboxMessage.find(mine[0].id, on: test.app.db)?.readAt == nil)
            #expect(try await clerk.post("/notifications/read", form: [("id", "nonsense")]).status == .notFound)
            #expect(try await clerk.post("/notifications/read", form: []).status == .seeOther)
            #expect(try await NotificationStore.unreadCount(of: mine[0].recipientAccountID, on: test.app.db) == 0)
            // The notifier (the log, by default) delivers every message once.
            let pending = try await InboxMessage.query(on: test.app.db).filter(\.$deliveredAt == nil).count()
            // The case's warning reached the clerk and the head; the demo hotline's tickets warn their own staff.
            #expect(try await InboxMessage.query(on: test.app.db).filter(\.$deliveredAt == nil).filter(\.$subjectType == "case").count() == 2)
            #expect(await SupervisionJobs.deliver(test.app) == pending)
            #expect(await SupervisionJobs.deliver(test.app) == 0)
            #expect(try await InboxMessage.query(on: test.app.db).filter(\.$deliveredAt == nil).count() == 0)
        }
    }

    @Test("settings: the administrator of the installation changes thresholds, rules and weights; bad values change nothing")
    func settings() async throws {
        try await withTestApp { test in
            let admin = try await F.browser(test, as: "admin")
            #expect(try await admin.get("/admin/supervision").status == .ok)
            var form: [(String, String)] = [("remind", "on"), ("warn_past_promise", "on"), ("warning_days", "3"), ("hour_percent", "25"), ("penalty", "5"), ("minimum_sample", "8")]
            for rule in ViolationRule.allCases where rule != .repeatedCorrectionNotice { form.append(("rule_\(rule.rawValue)", "on")) }
            form.append(("severity_acceptance_late", "high"))
            for component in ScoreComponent.allCases { form.append(("weight_\(component.rawValue)", component == .timeliness ? "50" : "10")) }
            #expect(try await admin.post("/admin/supervision", form: form).status == .seeOther)
            let saved = try await SupervisionSettingsStore.load(on: test.app.db)
            #expect(saved.escalation.warningWorkingDays == 3)
            #expect(saved.rules.disabled == [.repeatedCorrectionNotice])
            #expect(saved.rules.severity(of: .acceptanceLate) == .high)
            #expect(saved.scoring.weight(.timeliness) == 50 && saved.scoring.minimumSample == 8)
            let noSample = form.map { $0.0 == "minimum_sample" ? ($0.0, "0") : $0 }
            #expect(try await admin.post("/admin/supervision", form: noSample).status == .badRequest)
            let bad = form.map { $0.0 == "warning_days" ? ($0.0, "99") : $0 }
            #expect(try await admin.post("/admin/supervision", form: bad).status == .badRequest)
            #expect(try await SupervisionSettingsStore.load(on: test.app.db) == saved)
            let supervisor = try await F.browser(test, as: "supervisor")
            #expect(try await supervisor.post("/admin/supervision", form: form).status == .forbidden)
        }
    }
}
