import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

/// The supervision engine on a real database: obligations from cases, the sweep, the rollups, violations, orders.
@Suite("Supervision store")
struct SupervisionStoreTests {
    typealias F = ApprovalFixtures

    func obligations(of row: ApprovalCase, on db: any Database) async throws -> [ObligationRecord] {
        try await ObligationRecord.query(on: db).filter(\.$subjectID == row.requireID()).sort(\.$startedAt).sort(\.$kind).all()
    }

    func sweep(_ f: ApprovalFixtures, at text: String) async throws -> SupervisionSweep.Report {
        try await SupervisionSweep.run(context: try await f.context(at: F.beijing(text)), gate: f.test.writeGate, on: f.db)
    }

    /// Open counts must agree with the obligations table at all times.
    func expectOpenCountsMatch(_ db: any Database, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let open = try await ObligationRecord.query(on: db).filter(\.$completedAt == nil).all()
        var expected: [String: Int] = [:]
        for record in open { expected["\(record.unitID) \(record.kind) \(record.status)", default: 0] += 1 }
        var counted: [String: Int] = [:]
        for (unit, kinds) in try await Rollups.openCounts(Rollups.Filter(), on: db) {
            for (kind, statuses) in kinds { for (status, n) in statuses where n != 0 { counted["\(unit) \(kind.rawValue) \(status.rawValue)"] = n } }
        }
        #expect(counted == expected, sourceLocation: sourceLocation)
    }

    @Test("a case's clocks become obligations: the sweep escalates them, tells the clerks and the head, and every finish is judged")
    func obligationsOfACase() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try F.definition(of: try await f.market), of: try await f.market)
            let (clerk, head, citizen) = (try await f.clerk, try await f.head, try await f.citizen)
            let row = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-02 09:30"))

            // Acceptance: 5 working days, to the end of Monday 11-09; a warning window of a quarter of the limit (1 working day),
            // so it warns at 00:00 on Friday 11-06, when only Monday is left after it.
            var open = try await obligations(of: row, on: f.db)
            #expect(open.map(\.kind) == ["acceptance"])
            #expect(open[0].statutoryDue == CivilDate.end("2026-11-09"))
            #expect(open[0].nextChangeAt == F.beijing("2026-11-06 00:00"))
            #expect(try await sweep(f, at: "2026-11-05 23:00") == SupervisionSweep.Report())
            let report = try await sweep(f, at: "2026-11-06 00:30")
            #expect(report.examined == 1 && report.changed == 1)
            open = try await obligations(of: row, on: f.db)
            #expect(open[0].status == "warning" && open[0].statusVersion == 1)
            let event = try #require(try await ObligationEvent.query(on: f.db).filter(\.$obligationID == open[0].requireID()).first())
            #expect(event.fromStatus == "normal" && event.toStatus == "warning" && event.at == F.beijing("2026-11-06 00:00"))
            // The clerk at the centre's window and the department's head are told, in their inbox.
            let told = try await InboxMessage.query(on: f.db).all()
            #expect(Set(told.map(\.recipientAccountID)) == [clerk.id, head.id])
            #expect(told.allSatisfy { $0.titleZh == "【预警】\(row.trackingNumber) 受理" && $0.subjectID == row.id })
            #expect(try await NotificationStore.unreadCount(of: clerk.id, on: f.db) == 1)

            // Accepted on the third day: early; the decision (10 promised, 20 statutory) and the first step open.
            try await f.readyForDecision(row, from: F.beijing("2026-11-05 10:00"))
            open = try await obligations(of: row, on: f.db)
            let acceptance = try #require(open.first { $0.kind == "acceptance" })
            #expect(acceptance.completion == "early" && acceptance.completedAt == F.beijing("2026-11-05 10:00"))
            let decision = try #require(open.first { $0.kind == "decision" })
            #expect(decision.completedAt == nil)
            #expect(decision.promisedDue == CivilDate.end("2026-11-19") && decision.statutoryDue == CivilDate.end("2026-12-03"))
            #expect(open.filter { $0.kind == "review_step" }.map(\.completion) == ["early", "early"])
            try await expectOpenCountsMatch(f.db)

            try await f.act(.decide(outcome: .granted, reasons: ""), on: row, by: head, at: F.beijing("2026-11-12 10:00"))
            try await f.act(.serveCertificate, on: row, by: clerk, at: F.beijing("2026-11-13 10:00"))
            open = try await obligations(of: row, on: f.db)
            #expect(open.allSatisfy { $0.completedAt != nil && $0.nextChangeAt == nil })
            let decided = try #require(open.first { $0.kind == "decision" })
            #expect(decided.completion == "early" && decided.used == 5)   // 11-06, 11-09 … 11-12
            #expect(open.first { $0.kind == "certificate" }?.completion == "early")
            try await expectOpenCountsMatch(f.db)
        }
    }

    /// Four cases of one department, with every expected figure worked out by hand.
    @Test("metrics from the rollups match the cases")
    func metricsFixture() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let matter = try await f.publish(try F.definition(of: market), of: market)
            let (clerk, head, citizen) = (try await f.clerk, try await f.head, try await f.citizen)

            // 1: accepted 11-05, granted 11-12 (early: 5 of 10 promised days), served, rated 5.
            let early = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-02 09:30"))
            try await f.readyForDecision(early, from: F.beijing("2026-11-05 10:00"))
            try await f.act(.decide(outcome: .granted, reasons: ""), on: early, by: head, at: F.beijing("2026-11-12 10:00"))
            try await f.act(.serveCertificate, on: early, by: clerk, at: F.beijing("2026-11-13 10:00"))
            // 2: accepted 11-02, the law's 20 working days end with 11-30; overdue by the sweep of 12-01, decided then
            // (late: 21 working days used), served, rated 2 (a bad rating).
            let late = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-02 09:40"))
            try await f.readyForDecision(late, from: F.beijing("2026-11-02 10:00"))
            // 3: refused at the window. 4: accepted, then withdrawn: its decision is cancelled, counted in no rate.
            let refused = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-03 09:00"))
            try await f.act(.refuseToAccept(reason: "不属于本机关职权范围"), on: refused, by: clerk, at: F.beijing("2026-11-03 10:00"))
            let withdrawn = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-03 09:10"))
            try await f.act(.accept, on: withdrawn, by: clerk, at: F.beijing("2026-11-03 10:00"))
            try await f.act(.withdraw(reason: nil), on: withdrawn, by: citizen, at: F.beijing("2026-11-04 10:00"))

            _ = try await sweep(f, at: "2026-12-01 09:00")
            try await f.act(.decide(outcome: .granted, reasons: ""), on: late, by: head, at: F.beijing("2026-12-01 10:00"))
            try await f.act(.serveCertificate, on: late, by: clerk, at: F.beijing("2026-12-01 11:00"))
            let rateContext = try await f.context(at: F.beijing("2026-12-01 12:00"))
            for (row, stars, comment) in [(early, 5, nil), (late, 2, "等了一个月")] {
                try await test.writeGate.transaction(on: f.db) { db in
                    try await CaseStore.rate(row.requireID(), stars: stars, comment: comment, principal: citizen.principal, by: citizen.actor, now: rateContext.now, on: db)
                }
            }

            let period = ReportingPeriod(from: CivilDate("2026-11-01")!, through: CivilDate("2026-12-31")!)
            // By matter: the demo hotline's tickets count for the same department, under no matter.
            let counts = try #require(try await Rollups.countsByMatter(period, Rollups.Filter(unitID: try market.requireID()), on: f.db)[try matter.requireID()])
            #expect(counts.received == 4)
            #expect(counts.accepted == 3)         // 1, 2 and 4
            #expect(counts.completed == 2)        // 1 and 2
            #expect(counts.early == 1 && counts.onTime == 0 && counts.late == 1)
            #expect(counts.daysUsed == 26)        // 5 + 21
            #expect(counts.daysPromised == 20)    // 10 + 10
            #expect(counts.overdue == 1)          // 2's decision
            #expect(counts.violations == 1)       // 2: decided after the statutory limit
            #expect(counts.ratings == 2 && counts.ratingStars == 7 && counts.badRatings == 1)
            let metrics = ServiceMetrics(counts)
            #expect(metrics.onTimeRate == 0.5 && metrics.earlyRate == 0.5 && metrics.averageDaysUsed == 13 && metrics.satisfaction == 3.5)

            // By day: received on 11-02 (two) and 11-03 (two); the late decision counts on 12-01.
            let days = try await Rollups.countsByDay(period, Rollups.Filter(unitID: try market.requireID()), on: f.db)
            #expect(days[CivilDate("2026-11-02")!]?.received == 2 && days[CivilDate("2026-11-03")!]?.received == 2)
            #expect(days[CivilDate("2026-12-01")!]?.late == 1)
            // The obligations of other kinds: four acceptances, all answered early; both certificates served early.
            let kinds = try #require(try await Rollups.obligationCounts(period, Rollups.Filter(), on: f.db)[market.requireID()])
            #expect(kinds[.acceptance] == ObligationCounts(early: 4))
            #expect(kinds[.certificate] == ObligationCounts(early: 2))
            #expect(kinds[.decision] == ObligationCounts(early: 1, late: 1))
            // A period that excludes the late decision's day.
            let november = try #require(try await Rollups.countsByUnit(ReportingPeriod.month(of: CivilDate("2026-11-15")!), Rollups.Filter(), on: f.db)[market.requireID()])
            #expect(november.completed == 1 && november.late == 0 && november.violations == 0)
            try await expectOpenCountsMatch(f.db)
        }
    }

    @Test("two sweeps at once: every obligation's change is recorded exactly once")
    func concurrentSweeps() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try F.definition(of: try await f.market), of: try await f.market)
            let citizen = try await f.citizen
            for minute in 0..<24 {
                _ = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-02 09:00").addingTimeInterval(Double(minute * 60)))
            }
            // Each acceptance limit ends Monday 11-09 and warns from 00:00 on Friday 11-06.
            let context = try await f.context(at: F.beijing("2026-11-06 00:30"))
            let gate = test.writeGate
            let db = f.db
            let reports = try await withThrowingTaskGroup(of: SupervisionSweep.Report.self) { group in
                for _ in 0..<2 { group.addTask { try await SupervisionSweep.run(context: context, batchSize: 5, gate: gate, on: db) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.map(\.changed).reduce(0, +) == 24)
            let events = try await ObligationEvent.query(on: db).all()
            #expect(events.count == 24)
            #expect(Set(events.map(\.obligationID)).count == 24)
            #expect(try await InboxMessage.query(on: db).count() == 48)   // the clerk and the head, once per case
            #expect(try await ObligationRecord.query(on: db).filter(\.$status == "warning").count() == 24)
            try await expectOpenCountsMatch(db)
        }
    }

    @Test("the sweep accepts by law what nobody answered (Art. 32), and that is a violation recorded once")
    func deemedAcceptance() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try F.definition(of: try await f.market), of: try await f.market)
            let row = try await f.submit(matter, by: try await f.citizen, at: F.beijing("2026-11-02 09:30"))
            #expect(try await sweep(f, at: "2026-11-09 23:59").deemedAccepted == 0)
            let report = try await sweep(f, at: "2026-11-10 00:05")
            #expect(report.deemedAccepted == 1)
            let reloaded = try await f.reload(row)
            #expect(reloaded.caseState == .inReview)
            #expect(try reloaded.snapshot().acceptedAt == F.beijing("2026-11-02 09:30"))
            let acceptance = try #require(try await obligations(of: row, on: f.db).first { $0.kind == "acceptance" })
            #expect(acceptance.completion == "late")
            let violations = try await ViolationStore.of(subject: row.requireID(), on: f.db)
            #expect(violations.map(\.rule) == ["acceptance_late"])
            // Re-checked on every later move, still recorded once.
            try await f.act(.completeStep(note: nil), on: row, by: try await f.reviewer, at: F.beijing("2026-11-10 10:00"))
            #expect(try await ViolationStore.of(subject: row.requireID(), on: f.db).count == 1)
        }
    }

    @Test("violations: a repeated correction notice and a forced fee, each with its evidence and person")
    func violations() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try F.definition(of: try await f.market), of: try await f.market)
            let (clerk, citizen) = (try await f.clerk, try await f.citizen)
            let row = try await f.submit(matter, by: citizen, at: F.beijing("2026-11-02 09:30"))
            try await f.act(.requestCorrection(items: ["申请书：缺少签字"], reasonForRepeat: nil), on: row, by: clerk, at: F.beijing("2026-11-02 10:00"))
            try await f.act(.submitCorrection, on: row, by: citizen, at: F.beijing("2026-11-03 10:00"))
            #expect(try await ViolationStore.of(subject: row.requireID(), on: f.db).isEmpty)
            try await f.act(.requestCorrection(items: ["平面图：比例不符"], reasonForRepeat: "补正材料中发现新问题"), on: row, by: clerk, at: F.beijing("2026-11-03 11:00"))
            try await f.act(.submitCorrection, on: row, by: citizen, at: F.beijing("2026-11-04 10:00"))
            try await f.act(.accept, on: row, by: clerk, at: F.beijing("2026-11-04 11:00"))
            _ = try await test.writeGate.transaction(on: f.db) { db in
                try await CaseStore.recordFee(on: row.requireID(), itemIndex: 0, chargedFen: 1500, reason: "申请人要求加急", principal: clerk.principal,
                                              by: clerk.actor, now: F.beijing("2026-11-04 11:05"), on: db)
            }
            let found = try await ViolationStore.of(subject: row.requireID(), on: f.db)
            #expect(found.map(\.rule) == ["repeated_correction_notice", "fee_differs"])
            #expect(found[0].actorAccountID == clerk.id && found[0].severity == "low" && found[0].evidence().count == 2)
            #expect(found[1].evidence().chargedFen == 1500 && found[1].evidence().standardFen == 1000)
            #expect(try await AuditEntry.query(on: f.db).filter(\.$action == "supervision.violation").count() == 2)
            let listed = try await ViolationStore.list(ViolationStore.Filter(unitID: try await f.market.requireID()), on: f.db)
            #expect(listed.count == 2)
        }
    }

    @Test("a supervision order: issued with a reply date that is an obligation, replied by the head, closed with accountability")
    func orders() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try F.definition(of: try await f.market), of: try await f.market)
            let row = try await f.submit(matter, by: try await f.citizen, at: F.beijing("2026-11-02 09:30"))
            _ = try await sweep(f, at: "2026-11-10 00:05")
            let violation = try #require(try await ViolationStore.of(subject: row.requireID(), on: f.db).first)
            let (supervisor, head, reviewer) = (try await f.supervisor, try await f.head, try await f.reviewer)
            let calendar = try await test.workCalendar()
            let gate = test.writeGate
            let now = F.beijing("2026-11-10 09:00")
            let order = try await gate.transaction(on: f.db) { db in
                try await SupervisionOrderStore.issue(
                    about: .violation(violation.requireID()), instruction: "请说明未在 5 个工作日内作出受理决定的原因并整改", replyWorkingDays: 3,
                    principal: supervisor.principal, by: supervisor.actor, calendar: calendar, now: now, on: db)
            }
            #expect(order.number == "示监督字〔2026〕第000001号")
            #expect(order.replyDue == CivilDate.end("2026-11-13"))
            #expect(try await ViolationRecord.find(violation.id, on: f.db)?.status == "ordered")
            let reply = try #require(try await ObligationRecord.query(on: f.db).filter(\.$subjectID == order.requireID()).first())
            #expect(reply.kind == "supervision_reply" && reply.statutoryDue == CivilDate.end("2026-11-13"))
            #expect(try await InboxMessage.query(on: f.db).filter(\.$topic == "supervision_order").all().map(\.recipientAccountID) == [head.id])

            func act(_ action: SupervisionOrderAction, by person: Person, at text: String) async throws {
                let at = F.beijing(text)
                _ = try await gate.transaction(on: f.db) { db in
                    try await SupervisionOrderStore.act(action, on: order.requireID(), principal: person.principal, expectedVersion: nil,
                                                        by: person.actor, calendar: calendar, now: at, on: db)
                }
            }
            await #expect(throws: SupervisionOrderStoreError.forbidden) { try await act(.reply(text: "已整改"), by: reviewer, at: "2026-11-11 09:00") }
            await #expect(throws: SupervisionError.orderInvalidState(action: "close")) {
                try await act(.close(outcome: .correction, text: "已纠正", accountablePerson: nil, measure: nil), by: supervisor, at: "2026-11-11 09:00")
            }
            let outsider = try await f.staff("head.health.test", .departmentHead, on: try await f.health)
            await #expect(throws: SupervisionOrderStoreError.notFound) { try await act(.reply(text: "已整改"), by: outsider, at: "2026-11-11 09:00") }

            try await act(.reply(text: "经查系窗口人员休假未交接，已建立 AB 岗制度"), by: head, at: "2026-11-12 09:00")
            #expect(try await ObligationRecord.find(reply.id, on: f.db)?.completion == "early")
            try await act(.close(outcome: .accountability, text: "受理超时属实", accountablePerson: "李娜", measure: .criticism), by: supervisor, at: "2026-11-12 15:00")
            let closed = try #require(try await SupervisionOrderRecord.find(order.id, on: f.db))
            #expect(closed.orderState == .closed && closed.measure == "criticism" && closed.accountablePerson == "李娜")
            #expect(try await ViolationRecord.find(violation.id, on: f.db)?.status == "closed")
            #expect(try await SupervisionOrderStore.events(of: order.requireID(), on: f.db).map(\.action) == ["issue", "reply", "close"])
            let audited = try await AuditEntry.query(on: f.db).filter(\.$objectID == order.number).all().map(\.action)
            #expect(Set(audited) == ["supervision.order.issue", "supervision.order.reply", "supervision.order.close"])
        }
    }

    @Test("job leases: one holder at a time, taken over once expired")
    func leases() async throws {
        try await withStoreTest(seedDemo: false) { test in
            let db = test.db
            let now = F.beijing("2026-11-02 09:00")
            #expect(try await JobLeases.claim("sweep", holder: "a", for: 60, now: now, on: db))
            #expect(try await !JobLeases.claim("sweep", holder: "b", for: 60, now: now.addingTimeInterval(30), on: db))
            #expect(try await JobLeases.claim("sweep", holder: "a", for: 60, now: now.addingTimeInterval(30), on: db))
            #expect(try await JobLeases.claim("sweep", holder: "b", for: 60, now: now.addingTimeInterval(120), on: db))
            try await JobLeases.release("sweep", holder: "b", on: db)
            #expect(try await JobLeases.claim("sweep", holder: "c", for: 60, now: now.addingTimeInterval(121), on: db))
        }
    }
}

@Suite("Synthetic volume and audit checkpoints")
struct SyntheticAndCheckpointTests {
    @Test("synthetic cases: every state, figures that match the rows, open counts that match the obligations, a sweep that runs clean")
    func synthetic() async throws {
        try await withStoreTest { test in
            let db = test.db
            let context = try await test.caseContext()
            let summary = try await SyntheticCases.seed(
                count: 600, days: 120, context: context, hasher: test.hasher, gate: test.writeGate, on: db, batch: 250)
            #expect(summary.cases == 600)
            let rows = try await ApprovalCase.query(on: db).all()
            #expect(rows.count == 600)
            #expect(Set(rows.map(\.caseState)).isSuperset(of: [.submitted, .inReview, .granted, .closed, .notAccepted]))
            #expect(Set(rows.map(\.trackingNumber)).count == 600)
            // Query codes are stored as filing stores them: keyed hashes, all different (issue 20, item 8).
            #expect(rows.allSatisfy { QueryCodeKey.isHashed($0.queryCode) })
            #expect(Set(rows.map(\.queryCode)).count >= 599)
            for row in rows.prefix(50) { #expect(try row.snapshot().state == row.caseState) }

            let period = ReportingPeriod.days(130, endingOn: .beijing(context.now))
            let totals = try await Rollups.countsByUnit(period, Rollups.Filter(), on: db).values.reduce(ServiceCounts(), +)
            #expect(totals.received == 600)
            #expect(totals.violations == (try await ViolationRecord.query(on: db).count()))
            // Ratings of cases and of the demo hotline's closed tickets.
            let ratedTickets = try await TicketRecord.query(on: db).filter(\.$satisfaction != nil).count()
            #expect(totals.ratings == rows.filter { $0.rating != nil }.count + ratedTickets)
            let decided = try await CaseEvent.query(on: db).filter(\.$action ~~ ["decide", "decide_on_the_spot"]).count()
            #expect(totals.completed == decided)
            #expect(totals.judged == decided)
            // The demo city's sharing request, tickets and petitions have clocks too; the cases' are the synthetic ones.
            #expect(summary.openObligations == (try await ObligationRecord.query(on: db).filter(\.$completedAt == nil).filter(\.$subjectType == "case").count()))
            try await SupervisionStoreTests().expectOpenCountsMatch(db)

            // The live sweep takes over from the synthetic history without tripping on it.
            let report = try await SupervisionSweep.run(context: context, gate: test.writeGate, on: db)
            #expect(report.failed == 0)
            try await SupervisionStoreTests().expectOpenCountsMatch(db)
            // Seeding again adds more, with new tracking numbers.
            _ = try await SyntheticCases.seed(count: 50, days: 30, seed: 7, context: context, hasher: test.hasher, gate: test.writeGate, on: db)
            #expect(Set(try await ApprovalCase.query(on: db).all().map(\.trackingNumber)).count == 650)
        }
    }

    @Test("the audit checkpoint: new entries are verified incrementally; a tampered entry is reported, and stays so until a full check")
    func checkpoints() async throws {
        try await withStoreTest { test in
            let db = test.db
            let now = test.clock.now
            #expect(try await AuditCheckpoints.latest(on: db) == nil)
            let first = try await AuditCheckpoints.verify(full: false, on: db)
            guard case let .intact(count, _) = first else {
                Issue.record("a fresh log is intact")
                return
            }
            try await AuditCheckpoints.record(first, now: now, on: db)
            try await test.writeGate.transaction(on: db) { db in
                for n in 0..<3 { try await AuditLog.append(AuditEvent(action: "test", objectType: "t", objectID: "\(n)", summary: "s"), by: .system(), at: now, on: db) }
            }
            let second = try await AuditCheckpoints.verify(full: false, on: db)
            #expect(second == .intact(count: count + 3, lastHash: try #require(try await AuditChainHead.find(1, on: db)).lastHash))
            try await AuditCheckpoints.record(second, now: now, on: db)

            // Someone edits an entry after the checkpoint: the next pass finds it.
            _ = try await test.writeGate.transaction(on: db) { db in
                try await AuditLog.append(AuditEvent(action: "test", objectType: "t", objectID: "x", summary: "s"), by: .system(), at: now, on: db)
            }
            let sql = try #require(db as? any SQLDatabase)
            if test.isSQLite {
                for name in try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'").all().map({ try $0.decode(column: "name", as: String.self) }) {
                    try await sql.raw("DROP TRIGGER \(ident: name)").run()
                }
            } else {
                try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER USER").run()
            }
            try await sql.raw("UPDATE audit_entries SET summary = 'altered' WHERE sequence = \(bind: count + 4)").run()
            let broken = try await AuditCheckpoints.verify(full: false, on: db)
            #expect(broken == .broken(sequence: count + 4, reason: .contentHashMismatch))
            try await AuditCheckpoints.record(broken, now: now, on: db)
            #expect(try await AuditCheckpoints.verify(full: false, on: db) == broken)
            #expect(try await AuditCheckpoints.latest(on: db)?.outcome == broken)
        }
    }
}
