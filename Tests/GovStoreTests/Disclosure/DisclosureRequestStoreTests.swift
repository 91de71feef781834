import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

/// Requests for disclosure on a real database: the reply clock is an obligation that a clarification restarts, a
/// consultation pauses and an extension lengthens, counted on the calendar; and the annual report counts them.
@Suite("Disclosure requests")
struct DisclosureRequestStoreTests {
    static let application = DisclosureApplication(
        kind: .naturalPerson, name: "张伟", identifier: DemoCity.demoResidentID, phone: "13800138000",
        description: "示范市市场监督管理局2025年食品经营许可发放情况", form: .electronic, delivery: .online)

    static func file(_ f: ApprovalFixtures, _ citizen: Person, kind: RequesterKind = .naturalPerson) async throws -> DisclosureRequestRecord {
        let calendar = try await CalendarStore.load(on: f.db)
        let market = try await f.market
        let now = f.test.clock.now
        var application = Self.application
        if kind != .naturalPerson {
            application.kind = kind
            application.identifier = "91350100M000100Y43"
            application.contactPerson = "李明"
        }
        let filed = application
        return try await f.test.writeGate.transaction(on: f.db) { db in
            try await DisclosureRequestStore.file(filed, to: market.requireID(), channel: .online(accountID: citizen.id), principal: citizen.principal,
                                                  by: citizen.actor, regulations: .edition2019, regionCode: DemoCity.cityCode, calendar: calendar, now: now,
                                                  queryCodeKey: f.test.queryCodeKey, on: db)
        }.request
    }

    @discardableResult
    static func act(_ f: ApprovalFixtures, _ action: RequestAction, _ id: UUID, _ person: Person) async throws -> DisclosureRequestRecord {
        let calendar = try await CalendarStore.load(on: f.db)
        let now = f.test.clock.now
        return try await f.test.writeGate.transaction(on: f.db) { db in
            try await DisclosureRequestStore.act(action, on: id, expectedVersion: nil, principal: person.principal, by: person.actor, calendar: calendar, now: now, on: db)
        }
    }

    static func clocks(_ f: ApprovalFixtures, _ id: UUID) async throws -> [ObligationRecord] {
        try await ObligationRecord.query(on: f.db).filter(\.$subjectID == id).sort(\.$sequence).all()
    }

    @Test("the 20 working days are extended within the limit (条例第三十三条); after it the extension is refused and nothing moves")
    func noExtensionAfterTheLimit() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let request = try await Self.file(f, try await f.citizen)
            let id = try request.requireID()
            let due = try #require(request.replyDue)
            test.clock.set(due.addingTimeInterval(60))
            await #expect(throws: ExtensionRefusal.limitPassed(due: due)) { try await Self.act(f, .extend(reason: "涉及多个企业"), id, try await f.head) }
            let unchanged = try #require(try await DisclosureRequestRecord.find(id, on: f.db))
            #expect(unchanged.replyDue == due && !unchanged.extended)
        }
    }

    @Test("the clock: 20 working days from receipt; a clarification restarts it, a consultation pauses it, an extension adds 20")
    func clock() async throws {
        // Filed on the Friday before the 2026 National Day holiday, which the working days skip.
        let filedAt = ApprovalFixtures.beijing("2026-09-25 10:00")
        try await withStoreTest(now: filedAt) { test in
            let f = ApprovalFixtures(test: test)
            let calendar = try await CalendarStore.load(on: f.db)
            let citizen = try await f.citizen
            let officer = try await f.person("disclosure", as: .disclosureOfficer)
            let request = try await Self.file(f, citizen)
            let id = try request.requireID()
            #expect(request.number.hasPrefix("GK\(DemoCity.cityCode)20260925"))
            let first = try #require(try await Self.clocks(f, id).first)
            #expect(first.kind == ObligationKind.disclosureReply.rawValue)
            #expect(first.statutoryDue == (try calendar.due(from: filedAt, workingDays: 20)))
            #expect(first.statutoryDue > filedAt.addingTimeInterval(28 * 86_400), "the holiday lengthens the 20 working days")

            test.clock.set(ApprovalFixtures.beijing("2026-09-29 09:00"))
            try await Self.act(f, .requestClarification(text: "请说明所需信息的时间范围"), id, officer)
            #expect(try await Self.clocks(f, id).first?.completion == Completion.cancelled.rawValue)
            try await Self.act(f, .receiveClarification(text: "需要2025年全年的"), id, officer)
            await #expect(throws: RequestProblem.clarificationOnlyOnce) { try await Self.act(f, .requestClarification(text: "again"), id, officer) }

            // The clock restarted from the clarification's arrival.
            let restarted = try #require(try await Self.clocks(f, id).last)
            #expect(restarted.sequence == 1)
            #expect(restarted.startedAt == ApprovalFixtures.beijing("2026-09-29 09:00"))
            let dueBefore = restarted.statutoryDue

            test.clock.set(ApprovalFixtures.beijing("2026-10-12 09:00"))
            try await Self.act(f, .startConsultation(thirdParty: "示范市江南食品有限公司"), id, officer)
            #expect(try #require(try await ObligationRecord.find(restarted.requireID(), on: f.db)).paused)
            test.clock.set(ApprovalFixtures.beijing("2026-10-19 09:00"))
            let resumed = try await Self.act(f, .endConsultation(opinion: "不同意公开其经营数据"), id, officer)
            let afterPause = try #require(try await ObligationRecord.find(restarted.requireID(), on: f.db))
            #expect(!afterPause.paused)
            #expect(afterPause.statutoryDue == (try calendar.due(from: restarted.startedAt, workingDays: 20, pauses: [
                DateInterval(start: ApprovalFixtures.beijing("2026-10-12 09:00"), end: ApprovalFixtures.beijing("2026-10-19 09:00"))])))
            #expect(afterPause.statutoryDue > dueBefore)
            #expect(resumed.replyDue == afterPause.statutoryDue)

            await #expect(throws: RequestProblem.notPermitted) { try await Self.act(f, .extend(reason: "涉及多个企业"), id, officer) }
            let head = try await f.head
            try await Self.act(f, .extend(reason: "涉及多个企业，需逐一征求意见"), id, head)
            let extended = try #require(try await ObligationRecord.find(restarted.requireID(), on: f.db))
            #expect(extended.statutoryDue == (try calendar.due(from: restarted.startedAt, workingDays: 40, pauses: [
                DateInterval(start: ApprovalFixtures.beijing("2026-10-12 09:00"), end: ApprovalFixtures.beijing("2026-10-19 09:00"))])))

            test.clock.set(ApprovalFixtures.beijing("2026-10-30 15:00"))
            let answered = try await Self.act(f, .answer(outcome: .partlyDisclosed, explanation: "涉及商业秘密的部分已作区分处理"), id, officer)
            #expect(answered.requestState == .answered)
            let judged = try #require(try await ObligationRecord.find(restarted.requireID(), on: f.db))
            #expect(judged.completion == Completion.onTime.rawValue || judged.completion == Completion.early.rawValue)
            let events = try await DisclosureRequestStore.events(of: id, on: f.db).map(\.action)
            #expect(events == ["file", "request_clarification", "receive_clarification", "start_consultation", "end_consultation", "extend", "answer"])
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: "WRONG1", key: test.queryCodeKey, on: f.db) == nil)
        }
    }

    @Test("the query code is stored only as its keyed hash: the code tracks, a wrong one does not, and without the key the database tells nothing")
    func queryCodeHashed() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let citizen = try await f.citizen
            let calendar = try await CalendarStore.load(on: f.db)
            let market = try await f.market
            let key = test.queryCodeKey
            let (request, code) = try await test.writeGate.transaction(on: f.db) { db in
                try await DisclosureRequestStore.file(Self.application, to: market.requireID(), channel: .online(accountID: citizen.id),
                                                      principal: citizen.principal, by: citizen.actor, regulations: .edition2019,
                                                      regionCode: DemoCity.cityCode, calendar: calendar, now: test.clock.now, queryCodeKey: key, on: db)
            }
            let stored = try #require(try await DisclosureRequestRecord.find(request.requireID(), on: f.db)).queryCode
            #expect(QueryCode.isWellFormed(code))
            #expect(stored != code && !stored.uppercased().contains(code))
            #expect(stored == key.hash(code))
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: code.lowercased(), key: key, on: f.db)?.id == request.id)
            var wrong = code
            wrong.removeLast()
            wrong.append(code.hasSuffix("2") ? "3" : "2")
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: wrong, key: key, on: f.db) == nil)
            // A copy of the database with another key (or none) matches no code, the right one included.
            let stranger = QueryCodeKey.ephemeral()
            #expect(!stranger.matches(code, stored: stored))
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: code, key: stranger, on: f.db) == nil)
        }
    }

    @Test("only an applicant files online for themselves; only the unit's disclosure office records paper; others see nothing")
    func access() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let calendar = try await CalendarStore.load(on: f.db)
            let clerk = try await f.clerk
            let market = try await f.market
            let now = test.clock.now
            await #expect(throws: DisclosureProblem.notPermitted) {
                try await test.writeGate.transaction(on: f.db) { db in
                    try await DisclosureRequestStore.file(Self.application, to: market.requireID(), channel: .paper(receivedOn: CivilDate.beijing(now)),
                                                          principal: clerk.principal, by: clerk.actor, regulations: .edition2019, regionCode: DemoCity.cityCode,
                                                          calendar: calendar, now: now, queryCodeKey: f.test.queryCodeKey, on: db)
                }
            }
            let officer = try await f.person("disclosure", as: .disclosureOfficer)
            let paper = try await test.writeGate.transaction(on: f.db) { db in
                try await DisclosureRequestStore.file(Self.application, to: market.requireID(), channel: .paper(receivedOn: CivilDate.beijing(now).adding(days: -2)),
                                                      principal: officer.principal, by: officer.actor, regulations: .edition2008, regionCode: DemoCity.cityCode,
                                                      calendar: calendar, now: now, queryCodeKey: f.test.queryCodeKey, on: db)
            }.request
            let clock = try #require(try await Self.clocks(f, paper.requireID()).first)
            #expect(clock.statutoryDue == (try calendar.due(from: paper.receivedAt, workingDays: 15)), "the 2008 rules: 15 working days")
            for receivedOn in [CivilDate.beijing(now).adding(days: 1), CivilDate.beijing(now).adding(days: -61)] {
                do {
                    _ = try await test.writeGate.transaction(on: f.db) { db in
                        try await DisclosureRequestStore.file(Self.application, to: market.requireID(), channel: .paper(receivedOn: receivedOn),
                                                              principal: officer.principal, by: officer.actor, regulations: .edition2019, regionCode: DemoCity.cityCode,
                                                              calendar: calendar, now: now, queryCodeKey: f.test.queryCodeKey, on: db)
                    }
                    Issue.record("a paper application received on \(receivedOn) was recorded")
                } catch let errors as FieldErrors {
                    #expect(errors.entries.map { "\($0.field): \($0.failure.message(in: .zhHans))" } == ["received_on: " + RequestProblem.receivedOutOfRange(days: 60).message(in: .zhHans)])
                }
            }
            await #expect(throws: DisclosureRequestStore.Failure.notFound) {
                try await DisclosureRequestStore.findForStaff(paper.requireID(), principal: clerk.principal, on: f.db)
            }
            #expect(try await DisclosureRequestStore.findOwn(paper.requireID(), accountID: try await f.citizen.id, on: f.db) == nil)
        }
    }

    @Test("the annual report's table equals the requests of the fixture, by requester and outcome, with the carried-over ones")
    func annualReport() async throws {
        try await withStoreTest(now: ApprovalFixtures.beijing("2025-12-22 10:00")) { test in
            let f = ApprovalFixtures(test: test)
            let citizen = try await f.citizen
            let enterprise = try await f.enterprise
            let officer = try await f.person("disclosure", as: .disclosureOfficer)
            // Received in 2025, answered in 2026: carried over.
            let carried = try await Self.file(f, citizen)
            test.clock.set(ApprovalFixtures.beijing("2026-03-02 10:00"))
            try await Self.act(f, .answer(outcome: .disclosed, explanation: ""), carried.requireID(), officer)
            // Received and answered in 2026.
            for outcome in [ResponseOutcome.disclosed, .notHeld, .withheldThirdParty] {
                let request = try await Self.file(f, citizen)
                try await Self.act(f, .answer(outcome: outcome, explanation: "说明"), request.requireID(), officer)
            }
            let company = try await Self.file(f, enterprise, kind: .commercialEnterprise)
            try await Self.act(f, .answer(outcome: .repeated, explanation: "重复申请"), company.requireID(), officer)
            // Still open at the end of 2026.
            test.clock.set(ApprovalFixtures.beijing("2026-11-20 10:00"))
            _ = try await Self.file(f, citizen)

            let market = try await f.market
            try await test.writeGate.transaction(on: f.db) { db in
                try await DisclosureReportStore.record(figures: [.reconsiderationUpheld: 2, .processingFees: 0], texts: [.overview: "总体情况"], year: 2026,
                                                       unitID: market.requireID(), principal: officer.principal, by: officer.actor, now: test.clock.now, on: db)
            }
            let report = try await DisclosureReportStore.build(year: 2026, unitID: market.requireID(), on: f.db)
            let table = report.requests
            #expect(table.received.total == 5)
            #expect(table.received[.naturalPerson] == 4)
            #expect(table.received[.commercialEnterprise] == 1)
            #expect(table.carriedOver.total == 1)
            #expect(table.outcome(.disclosed).total == 2)
            #expect(table.group(.unableToProvide).total == 1)
            #expect(table.group(.withheld).total == 1)
            #expect(table.group(.notProcessed)[.commercialEnterprise] == 1)
            #expect(table.handled.total == 5)
            #expect(table.carriedForward.total == 1)
            #expect(report.figure(.reconsiderationUpheld) == 2)
            #expect(report.texts[.overview] == "总体情况")
            // The city's report includes its departments'.
            let city = try #require(try await OrganisationUnit.query(on: f.db).filter(\.$parent.$id == nil).first())
            #expect(try await DisclosureReportStore.build(year: 2026, unitID: city.requireID(), on: f.db).requests == table)
        }
    }
}
