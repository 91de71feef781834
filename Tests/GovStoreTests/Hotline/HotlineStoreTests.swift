import FluentKit
import Foundation
import GovCore
@testable import GovStore
import GovStoreTestSupport
import Testing

/// The hotline's store on a real database: each handling path allowed and refused, the clocks it opens, moves and
/// closes, and the ratings it rolls up.
@Suite("Hotline store")
struct HotlineStoreTests {
    struct Desk {
        let test: StoreTest
        let calendar: WorkCalendar

        func person(_ username: String) async throws -> (Principal, AuditActor) {
            let account = try #require(try await Account.query(on: test.db).filter(\.$username == username).first())
            let principal = try await IdentityStore.principal(for: account, on: test.db)
            let grant = principal.grants.first
            return (principal, AuditActor(accountID: account.id, name: account.displayName, role: grant?.role, unitID: grant?.unitID,
                                          unitPath: grant?.unitPath, requestID: nil, clientAddress: nil))
        }

        func unit(_ name: String) async throws -> OrganisationUnit {
            try #require(try await OrganisationUnit.query(on: test.db).filter(\.$nameZh == name).first())
        }

        func file(_ draft: TicketDraft, channel: TicketChannel = .phone, by username: String = "operator") async throws -> TicketRecord {
            let (_, actor) = try await person(username)
            let ticket = try draft.validated(categories: Set(try await HotlineStore.categories(on: test.db).map(\.code)),
                                             regions: try await HotlineStore.regionCodes(on: test.db), contactRequired: true)
            return try await HotlineStore.file(ticket, intake: .init(channel: channel), by: actor, calendar: calendar, now: test.clock.now,
                                                queryCodeKey: test.queryCodeKey, on: test.db).record
        }

        @discardableResult
        func act(_ step: HotlineStore.Step, _ record: TicketRecord, as username: String) async throws -> TicketRecord {
            let (principal, actor) = try await person(username)
            return try await HotlineStore.act(step, on: try record.requireID(), expectedVersion: nil, principal: principal, by: actor, calendar: calendar,
                                              now: test.clock.now, on: test.db)
        }

        func clock(of record: TicketRecord) async throws -> ObligationRecord? {
            try await ObligationStore.running(of: try record.requireID(), on: test.db).values.first
        }
    }

    static func withDesk(_ body: @Sendable (Desk) async throws -> Void) async throws {
        try await withStoreTest { test in
            try await body(Desk(test: test, calendar: try await CalendarStore.load(on: test.db)))
        }
    }

    static let complaint = TicketDraft(kind: "complaint", category: "0301", description: "饭店卫生差", callerPhone: "13912345678")

    @Test("a wrongly routed ticket is returned once with a reason, its clock cancelled; routed again it cannot be returned twice")
    func returnOnce() async throws {
        try await Self.withDesk { desk in
            let record = try await desk.file(Self.complaint)
            let recordClock = try await desk.clock(of: record)
            #expect(record.ticketState == .assigned && recordClock != nil)
            await #expect(throws: HotlineProblem.reasonRequired) { try await desk.act(.returnTicket(reason: ""), record, as: "reviewer") }
            await #expect(throws: HotlineProblem.notPermitted) { try await desk.act(.returnTicket(reason: "不是我们的"), record, as: "operator") }
            let returned = try await desk.act(.returnTicket(reason: "属于卫健委职责"), record, as: "reviewer")
            let returnedClock = try await desk.clock(of: returned)
            #expect(returned.ticketState == .returned && returned.returnCount == 1 && returnedClock == nil)
            let cancelled = try await ObligationRecord.query(on: desk.test.db).filter(\.$subjectID == (try record.requireID())).all()
            #expect(cancelled.count == 1 && cancelled.first?.completion == "cancelled")
            // The department that returned it no longer acts on it.
            await #expect(throws: HotlineProblem.self) { try await desk.act(.reply(text: "x"), returned, as: "reviewer") }
            let market = try await desk.unit("示范市市场监督管理局")
            let again = try await desk.act(.dispatch(unitID: try market.requireID()), returned, as: "operator")
            let againClock = try await desk.clock(of: again)
            #expect(again.ticketState == .assigned && again.routedBy == "operator" && againClock != nil)
            await #expect(throws: HotlineProblem.alreadyReturned) { try await desk.act(.returnTicket(reason: "还是不是"), again, as: "reviewer") }
            let events = try await HotlineStore.events(of: again, on: desk.test.db).map(\.action)
            #expect(events == ["file", "dispatch", "return", "dispatch"])
        }
    }

    @Test("one extension, within the maximum: approved, the clock moves by it; a second is refused; a refusal keeps the clock")
    func extensionPaths() async throws {
        try await Self.withDesk { desk in
            let record = try await desk.file(Self.complaint)
            let due = try #require(record.dueAt)
            await #expect(throws: HotlineProblem.extensionAmount(maximum: 10, unit: .workingDays)) {
                try await desk.act(.requestExtension(amount: "11", reason: "需要检测"), record, as: "reviewer")
            }
            let asked = try await desk.act(.requestExtension(amount: "3", reason: "需要送检"), record, as: "reviewer")
            #expect(asked.extensionRequested == 3)
            await #expect(throws: HotlineProblem.extensionPending) { try await desk.act(.requestExtension(amount: "2", reason: "再等"), asked, as: "reviewer") }
            await #expect(throws: HotlineProblem.notPermitted) { try await desk.act(.approveExtension, asked, as: "reviewer") }
            let approved = try await desk.act(.approveExtension, asked, as: "operator")
            let expected = try desk.calendar.due(from: record.receivedAt, workingDays: 8)
            #expect(approved.dueAt == expected && approved.extensionCount == 1 && approved.extensionRequested == nil && expected > due)
            #expect(try await desk.clock(of: approved)?.statutoryDue == expected)
            await #expect(throws: HotlineProblem.alreadyExtended) { try await desk.act(.requestExtension(amount: "1", reason: "再等"), approved, as: "reviewer") }

            let other = try await desk.file(TicketDraft(kind: "complaint", category: "0302", description: "商家不退款", callerPhone: "13912340000"))
            let pending = try await desk.act(.requestExtension(amount: "2", reason: "商家联系不上"), other, as: "reviewer")
            await #expect(throws: HotlineProblem.reasonRequired) { try await desk.act(.refuseExtension(reason: nil), pending, as: "operator") }
            let refused = try await desk.act(.refuseExtension(reason: "五个工作日足够"), pending, as: "operator")
            #expect(refused.dueAt == other.dueAt && refused.extensionRequested == nil && refused.extensionCount == 0)
        }
    }

    @Test("once the handling limit has passed, an extension can be neither asked for nor approved, and the ticket stays late")
    func noExtensionAfterTheLimit() async throws {
        try await Self.withDesk { desk in
            let record = try await desk.file(Self.complaint)
            let asked = try await desk.act(.requestExtension(amount: "3", reason: "需要送检"), record, as: "reviewer")
            let due = try #require(record.dueAt)
            desk.test.clock.set(due.addingTimeInterval(3600))
            await #expect(throws: ExtensionRefusal.limitPassed(due: due)) { try await desk.act(.approveExtension, asked, as: "operator") }
            let unchanged = try #require(try await TicketRecord.find(record.requireID(), on: desk.test.db))
            #expect(unchanged.dueAt == due && unchanged.extensionCount == 0)
            #expect(try await desk.clock(of: unchanged)?.statutoryDue == due)

            let other = try await desk.file(TicketDraft(kind: "complaint", category: "0302", description: "商家不退款", callerPhone: "13912340000"))
            let otherDue = try #require(other.dueAt)
            desk.test.clock.set(otherDue.addingTimeInterval(60))
            await #expect(throws: ExtensionRefusal.limitPassed(due: otherDue)) {
                try await desk.act(.requestExtension(amount: "2", reason: "商家联系不上"), other, as: "reviewer")
            }
        }
    }

    @Test("reply completes the clock on time; a bad call-back rating rolls up, opens a 15-working-day follow-up; reopened once to the same unit")
    func ratingAndReopen() async throws {
        try await Self.withDesk { desk in
            let record = try await desk.file(Self.complaint)
            await #expect(throws: HotlineProblem.wrongState(.assigned)) { try await desk.act(.callBack(satisfaction: .satisfied, note: nil), record, as: "operator") }
            let replied = try await desk.act(.reply(text: "已检查并责令整改"), record, as: "reviewer")
            let repliedClock = try await desk.clock(of: replied)
            #expect(replied.ticketState == .replied && replied.repliedOnTime == true && repliedClock == nil)
            await #expect(throws: FieldErrors.self) { try await desk.act(.callBack(satisfaction: nil, note: nil), replied, as: "operator") }
            let day = CivilDate.beijing(desk.test.clock.now)
            let market = try await desk.unit("示范市市场监督管理局")
            func counts() async throws -> ServiceCounts {
                let byUnit = try await Rollups.countsByUnit(ReportingPeriod(from: day, through: day), Rollups.Filter(), on: desk.test.db)
                return byUnit[try market.requireID()] ?? ServiceCounts()
            }
            let before = try await counts()
            let closed = try await desk.act(.callBack(satisfaction: .veryDissatisfied, note: "没人来查"), replied, as: "operator")
            let after = try await counts()
            #expect(after.ratings == before.ratings + 1 && after.ratingStars == before.ratingStars + 1 && after.badRatings == before.badRatings + 1)
            let followUp = try #require(try await RatingFollowUpRecord.query(on: desk.test.db).filter(\.$subjectID == (try record.requireID())).first())
            let duty = try #require(try await ObligationStore.running(of: try followUp.requireID(), on: desk.test.db).values.first)
            let followUpDue = try desk.calendar.due(from: closed.closedAt!, workingDays: 15)
            #expect(duty.kind == ObligationKind.ratingFollowUp.rawValue && duty.statutoryDue == followUpDue)

            // Only the department's head records the follow-up, with text, once.
            let (reviewer, reviewerActor) = try await desk.person("reviewer")
            let (head, headActor) = try await desk.person("head")
            await #expect(throws: StoreError.self) {
                try await EvaluationStore.followUp(try followUp.requireID(), text: "已整改", principal: reviewer, by: reviewerActor, calendar: desk.calendar,
                                                   now: desk.test.clock.now, on: desk.test.db)
            }
            await #expect(throws: FieldErrors.self) {
                try await EvaluationStore.followUp(try followUp.requireID(), text: " ", principal: head, by: headActor, calendar: desk.calendar,
                                                   now: desk.test.clock.now, on: desk.test.db)
            }
            _ = try await EvaluationStore.followUp(try followUp.requireID(), text: "已约谈并复查", principal: head, by: headActor, calendar: desk.calendar,
                                                   now: desk.test.clock.now, on: desk.test.db)
            #expect(try await ObligationStore.running(of: try followUp.requireID(), on: desk.test.db).isEmpty)
            await #expect(throws: HotlineProblem.self) {
                try await EvaluationStore.followUp(try followUp.requireID(), text: "再记一次", principal: head, by: headActor, calendar: desk.calendar,
                                                   now: desk.test.clock.now, on: desk.test.db)
            }

            // The unhappy ticket goes back once to the unit that answered, with a fresh clock.
            await #expect(throws: HotlineProblem.reasonRequired) { try await desk.act(.reopen(reason: ""), closed, as: "operator") }
            let reopened = try await desk.act(.reopen(reason: "来电人说仍未处理"), closed, as: "operator")
            let reopenedClock = try await desk.clock(of: reopened)
            #expect(reopened.ticketState == .assigned && reopened.reopenCount == 1 && reopened.unitID == market.id && reopenedClock != nil)
            desk.test.clock.advance(by: 24 * 3600)
            let again = try await desk.act(.reply(text: "已再次检查，罚款 5000 元"), reopened, as: "reviewer")
            let unhappyAgain = try await desk.act(.callBack(satisfaction: .dissatisfied, note: nil), again, as: "operator")
            await #expect(throws: HotlineProblem.alreadyReopened) { try await desk.act(.reopen(reason: "还是不满意"), unhappyAgain, as: "operator") }
        }
    }

    @Test("urgent tickets get 2 clock hours; a question answered on the call is closed by the hotline; no rule leaves it to the operator")
    func urgencyAndIntake() async throws {
        try await Self.withDesk { desk in
            var urgent = Self.complaint
            urgent.urgency = "urgent"
            let record = try await desk.file(urgent)
            #expect(record.dueAt == record.receivedAt.addingTimeInterval(7200))
            let unrouted = try await desk.file(TicketDraft(kind: "help", category: "99", description: "路灯坏了", callerPhone: "13912345678"))
            let unroutedClock = try await desk.clock(of: unrouted)
            #expect(unrouted.ticketState == .received && unrouted.unitID == nil && unroutedClock == nil)
            let queue = try await HotlineStore.operatorQueue(on: desk.test.db)
            #expect(queue.toRoute.contains { $0.id == unrouted.id })
            let (_, actor) = try await desk.person("operator")
            let question = try TicketDraft(kind: "question", category: "1101", description: "社保卡丢了怎么补办", callerPhone: "13912345678")
                .validated(categories: ["1101"], regions: [], contactRequired: true)
            let answered = try await HotlineStore.file(question, intake: .init(channel: .phone, answeredOnCall: (text: "带身份证到任一社保网点当场补办", satisfaction: .verySatisfied)),
                                                       by: actor, calendar: desk.calendar, now: desk.test.clock.now,
                                                       queryCodeKey: desk.test.queryCodeKey, on: desk.test.db).record
            #expect(answered.ticketState == .closed && answered.satisfaction == 5 && answered.unitID == nil && answered.repliedUnitID != nil)
            // A satisfied answer to a question is learnt by the knowledge base.
            #expect(try await KnowledgeStore.search("社保卡 补办", on: desk.test.db).contains { $0.reference == answered.number })
        }
    }
}
