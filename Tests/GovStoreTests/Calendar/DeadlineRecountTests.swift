import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

@Suite("Open limits counted again when a year is imported")
struct DeadlineRecountTests {
    @Test("importing next year recounts every open case and obligation through it, logs each change and tells those responsible")
    func importRecounts() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let matter = try await f.publish(try ApprovalFixtures.definition(of: market), of: market)
            let clerk = try await f.clerk
            // One case waits for acceptance, one is in review; both run into 2027, which is not shipped.
            let waiting = try await f.submit(matter, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-12-28 10:00"))
            let reviewed = try await f.submit(matter, by: try await f.enterprise, at: ApprovalFixtures.beijing("2026-12-24 10:00"))
            try await f.act(.accept, on: reviewed, by: clerk, at: ApprovalFixtures.beijing("2026-12-24 11:00"))
            // A finished case is left alone.
            let finished = try await f.submit(matter, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-12-24 12:00"))
            try await f.act(.withdraw(reason: "不再需要"), on: finished, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-12-24 13:00"))
            let finishedBefore = try await f.reload(finished).snapshotJSON

            let waitingBefore = try await f.reload(waiting).snapshot()
            let reviewedBefore = try await f.reload(reviewed).snapshot()
            #expect(waitingBefore.flags == [.provisionalDeadline] && reviewedBefore.flags.contains(.provisionalDeadline))
            // Estimated from the law: 元旦 off, so 12-29, 12-30, 12-31, 01-04, 01-05.
            #expect(waitingBefore.acceptanceDue == CivilDate.end("2027-01-05"))

            // The arrangement as published: 1–3 January off, Monday the 4th too (a made-up year for the test).
            let csv = "date,kind,holiday\n2027-01-01,off,元旦\n2027-01-04,off,元旦\n"
            let now = ApprovalFixtures.beijing("2026-12-29 09:00")
            test.clock.set(now)
            let auditBefore = try await AuditEntry.query(on: test.db).count()
            let imported = try await test.writeGate.transaction(on: test.db) { db in
                try await CalendarStore.importYears(try WorkCalendar.parseCSV(csv), source: "国办发明电〔2026〕test", by: .system("test"), now: now, on: db)
            }
            #expect(imported.years == [2027])
            #expect(imported.casesRecounted == 2)

            let waitingAfter = try await f.reload(waiting).snapshot()
            #expect(waitingAfter.acceptanceDue == CivilDate.end("2027-01-06"))
            #expect(waitingAfter.flags.isEmpty)
            #expect(try await f.reload(waiting).runningDue == waitingAfter.acceptanceDue)
            let reviewedAfter = try await f.reload(reviewed).snapshot()
            #expect(!reviewedAfter.flags.contains(.provisionalDeadline))
            #expect(try #require(reviewedAfter.statutoryDue) > (try #require(reviewedBefore.statutoryDue)))
            #expect(try await f.reload(finished).snapshotJSON == finishedBefore)
            // The recount is an event of each case's history, and the version still counts the events.
            for row in [waiting, reviewed] {
                let events = try await CaseEvent.query(on: test.db).filter(\.$caseID == row.requireID()).sort(\.$sequence).all()
                #expect(events.last?.action == "recount" && events.last?.actorRole == "system")
                #expect(try await f.reload(row).version == events.count - 1)
            }

            // The obligations moved with the cases, from the same starts.
            let acceptance = try #require(try await ObligationStore.running(of: waiting.requireID(), on: test.db)[ObligationKey(.acceptance)])
            let acceptanceClock = try acceptance.clock()
            #expect(acceptance.statutoryDue == waitingAfter.acceptanceDue && !acceptanceClock.provisional)
            let decision = try #require(try await ObligationStore.running(of: reviewed.requireID(), on: test.db)[ObligationKey(.decision)])
            #expect(decision.statutoryDue == reviewedAfter.statutoryDue && decision.promisedDue == reviewedAfter.promisedDue)

            // Each change is in the audit log, and those responsible were told of the new limit.
            let audit = try await AuditEntry.query(on: test.db).sort(\.$occurredAt).all().dropFirst(auditBefore)
            #expect(audit.filter { $0.action == "case.recount" }.map(\.objectID).sorted() == [reviewed.trackingNumber, waiting.trackingNumber].sorted())
            let caseLog = try #require(audit.first { $0.action == "case.recount" && $0.objectID == waiting.trackingNumber })
            #expect(caseLog.summary == "acceptance 2027-01-05 24:00 → 2027-01-06 24:00")
            #expect(audit.contains { $0.action == "obligation.recount" && $0.objectID == waiting.trackingNumber })
            let told = try await InboxMessage.query(on: test.db).filter(\.$subjectID == waiting.requireID()).all()
                .filter { $0.titleZh.hasPrefix("【期限调整】") }
            #expect(told.map(\.recipientAccountID).contains(clerk.id))
            #expect(told.first?.bodyZh == "已导入 2027 年节假日安排，法定期限由 2027-01-05 24:00 重新计算为 2027-01-06 24:00。")

            // Importing the same again finds nothing left to move.
            let again = try await test.writeGate.transaction(on: test.db) { db in
                try await CalendarStore.importYears(try WorkCalendar.parseCSV(csv), source: "again", by: .system("test"), now: now, on: db)
            }
            #expect(again.casesRecounted == 0 && again.obligationsRecounted == 0)
        }
    }
}
