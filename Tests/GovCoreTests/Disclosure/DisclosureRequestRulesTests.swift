import Foundation
import GovCore
import Testing

@Suite("Disclosure request rules")
struct DisclosureRequestRulesTests {
    static let calendar: WorkCalendar = {
        // 2026: National Day holiday 1–7 October, worked Saturday 10 October; weekends otherwise off.
        var days: [CalendarOverride] = (1...7).map { CalendarOverride(date: CivilDate(year: 2026, month: 10, day: $0)!, kind: .off, holiday: "国庆节") }
        days.append(CalendarOverride(date: CivilDate(year: 2026, month: 10, day: 10)!, kind: .work, holiday: "国庆节"))
        return WorkCalendar(overrides: days, coveredYears: [2026])
    }()
    static let received = CivilDate(year: 2026, month: 9, day: 28)!.startInBeijing.addingTimeInterval(10 * 3600)

    func apply(_ action: RequestAction, _ facts: RequestFacts, roles: Set<Role> = [.disclosureOfficer], at now: Date = received,
               due: Date? = nil) throws(RequestProblem) -> RequestState {
        try DisclosureRequestRules.apply(action, to: facts, roles: roles, regulations: .edition2019, calendar: Self.calendar, now: now, clarificationDue: due)
    }

    @Test("clarification: once, within 7 working days of receipt counted across the holiday, with what to add")
    func clarification() throws {
        let facts = RequestFacts(state: .received, receivedAt: Self.received)
        // Sept 28 + 7 working days: 29, 30 Sept, then 8, 9, 10 (the worked Saturday), 12, 13 Oct.
        let lastDay = CivilDate(year: 2026, month: 10, day: 13)!.startInBeijing.addingTimeInterval(9 * 3600)
        #expect(try apply(.requestClarification(text: "请写明文件名称或文号"), facts, at: lastDay) == .awaitingClarification)
        let tooLate = CivilDate(year: 2026, month: 10, day: 14)!.startInBeijing.addingTimeInterval(11 * 3600)
        #expect(throws: RequestProblem.clarificationTooLate(workingDays: 7)) { try apply(.requestClarification(text: "x"), facts, at: tooLate) }
        #expect(throws: RequestProblem.clarificationOnlyOnce) {
            try apply(.requestClarification(text: "x"), RequestFacts(state: .received, receivedAt: Self.received, clarificationsRequested: 1))
        }
        #expect(throws: RequestProblem.textRequired) { try apply(.requestClarification(text: " "), facts) }
        let waiting = RequestFacts(state: .awaitingClarification, receivedAt: Self.received, clarificationsRequested: 1)
        #expect(try apply(.receiveClarification(text: "需要2025年的预算文件"), waiting) == .received)
    }

    @Test("only a clarification past its deadline may be closed as abandoned; an answer needs an explanation unless disclosed")
    func answers() throws {
        let waiting = RequestFacts(state: .awaitingClarification, receivedAt: Self.received, clarificationsRequested: 1)
        let due = Self.received.addingTimeInterval(10 * 86_400)
        #expect(throws: RequestProblem.clarificationNotOverdue) {
            try apply(.answer(outcome: .clarificationOverdue, explanation: "逾期未补正"), waiting, at: due.addingTimeInterval(-60), due: due)
        }
        #expect(try apply(.answer(outcome: .clarificationOverdue, explanation: "逾期未补正"), waiting, at: due.addingTimeInterval(60), due: due) == .answered)
        #expect(throws: RequestProblem.invalidState) { try apply(.answer(outcome: .disclosed, explanation: ""), waiting) }
        let open = RequestFacts(state: .received, receivedAt: Self.received)
        #expect(try apply(.answer(outcome: .disclosed, explanation: ""), open) == .answered)
        #expect(throws: RequestProblem.textRequired) { try apply(.answer(outcome: .notHeld, explanation: ""), open) }
        #expect(throws: RequestProblem.invalidState) {
            try apply(.answer(outcome: .disclosed, explanation: ""), RequestFacts(state: .consulting, receivedAt: Self.received))
        }
    }

    @Test("the steps offered are the ones the rules would allow: by state, by role, within the clarification window")
    func available() {
        func offered(_ facts: RequestFacts, _ roles: Set<Role>, at now: Date = Self.received) -> [String] {
            DisclosureRequestRules.available(to: facts, roles: roles, regulations: .edition2019, calendar: Self.calendar, now: now)
        }
        let received = RequestFacts(state: .received, receivedAt: Self.received)
        #expect(offered(received, [.disclosureOfficer]) == ["request_clarification", "start_consultation", "answer"])
        #expect(offered(received, [.departmentHead]) == ["extend"])
        #expect(offered(received, [.windowClerk]).isEmpty)
        let lateOctober = CivilDate(year: 2026, month: 10, day: 20)!.startInBeijing.addingTimeInterval(10 * 3600)
        #expect(offered(received, [.disclosureOfficer], at: lateOctober) == ["start_consultation", "answer"], "past the 7 working days")
        let waiting = RequestFacts(state: .awaitingClarification, receivedAt: Self.received, clarificationsRequested: 1)
        #expect(offered(waiting, [.disclosureOfficer]) == ["receive_clarification"])
    }

    @Test("consultation pauses and resumes; an extension once, by the head")
    func consultationAndExtension() throws {
        let open = RequestFacts(state: .received, receivedAt: Self.received)
        #expect(try apply(.startConsultation(thirdParty: "示范市某食品有限公司"), open) == .consulting)
        #expect(try apply(.endConsultation(opinion: "不同意公开"), RequestFacts(state: .consulting, receivedAt: Self.received)) == .received)
        #expect(throws: RequestProblem.notPermitted) { try apply(.extend(reason: "涉及面广"), open) }
        #expect(try apply(.extend(reason: "涉及面广"), open, roles: [.departmentHead]) == .received)
        #expect(throws: RequestProblem.alreadyExtended) {
            try apply(.extend(reason: "x"), RequestFacts(state: .received, receivedAt: Self.received, extended: true), roles: [.departmentHead])
        }
    }

    @Test("the 2008 rules answer in 15 + 15 working days; the 2019 rules in 20 + 20")
    func editions() {
        #expect(DisclosureRegulations.edition2019.replyWorkingDays == 20)
        #expect(DisclosureRegulations.edition2019.extensionWorkingDays == 20)
        #expect(DisclosureRegulations.edition2008.replyWorkingDays == 15)
        #expect(DisclosureRegulations.edition2008.extensionWorkingDays == 15)
    }

    @Test("an application names the requester by a valid identifier; organisations need a contact; delivery needs its address")
    func application() {
        let good = DisclosureApplication(kind: .naturalPerson, name: "张伟", identifier: "11010519491231002X", phone: "13800138000",
                                         description: "2025年示范市市场监管局部门预算", form: .electronic, delivery: .online)
        #expect((try? good.validated()) != nil)
        var bad = good
        bad.identifier = "110105194912310021"
        bad.delivery = .post
        bad.description = ""
        do {
            _ = try bad.validated()
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.messages(in: .zhHans).keys) == ["identifier", "address", "description"])
        }
        var company = good
        company.kind = .commercialEnterprise
        company.identifier = "91350100M000100Y43"
        do {
            _ = try company.validated()
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.messages(in: .zhHans).keys) == ["contact_person"])
        }
    }

    @Test("every outcome belongs to the template's group and cites an article; the numbers carry region, day and serial")
    func outcomes() {
        #expect(ResponseOutcome.allCases.filter { $0.group == .withheld }.count == 8)
        #expect(ResponseOutcome.allCases.filter { $0.group == .unableToProvide }.count == 3)
        #expect(ResponseOutcome.allCases.filter { $0.group == .notProcessed }.count == 5)
        #expect(ResponseOutcome.allCases.filter { $0.group == .other }.count == 3)
        #expect(ResponseOutcome.allCases.allSatisfy { $0.article.hasPrefix("第") })
        #expect(ResponseOutcome.notHeld.letterText(in: .zhHans).contains("本机关不掌握相关政府信息"))
        #expect(DisclosureRequestRules.number(regionCode: "990100", receivedOn: CivilDate(year: 2026, month: 11, day: 20)!, serial: 7) == "GK990100202611200007")
    }
}

@Suite("Annual report counts")
struct AnnualReportTests {
    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("received, carried over, answered by outcome and carried forward add up, by requester")
    func table() {
        let entries = [
            RequestTallyEntry(kind: .naturalPerson, receivedOn: Self.day("2025-12-20"), answeredOn: Self.day("2026-01-10"), outcome: .disclosed),
            RequestTallyEntry(kind: .naturalPerson, receivedOn: Self.day("2025-12-01"), answeredOn: Self.day("2025-12-15"), outcome: .notHeld),
            RequestTallyEntry(kind: .commercialEnterprise, receivedOn: Self.day("2026-03-01"), answeredOn: Self.day("2026-03-20"), outcome: .withheldThirdParty),
            RequestTallyEntry(kind: .naturalPerson, receivedOn: Self.day("2026-05-01"), answeredOn: Self.day("2026-05-02"), outcome: .disclosed),
            RequestTallyEntry(kind: .legalServiceOrganisation, receivedOn: Self.day("2026-12-28")),
            RequestTallyEntry(kind: .naturalPerson, receivedOn: Self.day("2026-12-30"), answeredOn: Self.day("2027-01-05"), outcome: .disclosed),
            RequestTallyEntry(kind: .naturalPerson, receivedOn: Self.day("2027-01-02")),
        ]
        let table = RequestTable.build(entries, year: 2026)
        #expect(table.received.total == 4)
        #expect(table.received[.naturalPerson] == 2)
        #expect(table.received.organisations == 2)
        #expect(table.carriedOver.total == 1)
        #expect(table.outcome(.disclosed)[.naturalPerson] == 2)
        #expect(table.group(.withheld)[.commercialEnterprise] == 1)
        #expect(table.handled.total == 3)
        #expect(table.carriedForward.total == 2)
        #expect(table.received.total + table.carriedOver.total == table.handled.total + table.carriedForward.total)
    }
}
