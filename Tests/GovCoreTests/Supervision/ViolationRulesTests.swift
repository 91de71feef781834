import Foundation
import Testing
@testable import GovCore

/// Each rule with a case that breaks it and one that does not.
@Suite("Violation rules (异常)")
struct ViolationRulesTests {
    let calendar: WorkCalendar

    init() throws { calendar = try ApprovalsFixture.calendar() }

    /// The timeline of a case moved by the real state machine: the events the store would record.
    func timeline(_ run: CaseRun, onTheSpot: Bool = false, fees: [FeeFact] = [], roles: [Int: (String, Bool)] = [:]) -> CaseTimeline {
        var events = [TimelineEvent(sequence: 1, action: "submit", at: run.snapshot.receivedAt, actorRole: "applicant")]
        for (index, transition) in run.transitions.enumerated() {
            let role = roles[index + 2] ?? (Self.role(of: transition.action), true)
            events.append(TimelineEvent(sequence: index + 2, action: transition.action, at: transition.at, actorRole: role.0, actorHeldRole: role.1))
        }
        return CaseTimeline(
            receivedAt: run.snapshot.receivedAt, isOnTheSpotMatter: onTheSpot, requiredSteps: run.snapshot.steps.count,
            snapshot: run.snapshot, events: events, fees: fees)
    }

    static func role(of action: String) -> String {
        switch CaseActionKind(rawValue: action) {
        case .accept, .refuseToAccept, .requestCorrection, .decideOnTheSpot, .serveCertificate: Role.windowClerk.rawValue
        case .completeStep, .suspend, .resume: Role.reviewer.rawValue
        case .extend, .decide: Role.departmentHead.rawValue
        case .deemAccepted: "system"
        default: "applicant"
        }
    }

    func rules(_ timeline: CaseTimeline, settings: ViolationRuleSettings = .standard) -> [ViolationRule] {
        ViolationRules.evaluate(timeline, settings: settings, calendar: calendar).map(\.rule)
    }

    /// Received Friday 09-25 10:00: acceptance due with 10-09; accepted, two steps, granted, served; all on time.
    func cleanRun() throws -> CaseRun {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-12 10:00")
        try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-13 10:00")
        try run.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-10-14 10:00")
        try run.apply(.serveCertificate, by: .clerk, at: "2026-10-15 10:00")
        return run
    }

    @Test("a case done by the book breaks no rule")
    func clean() throws {
        #expect(rules(timeline(try cleanRun())).isEmpty)
    }

    @Test("acceptance after the 5 working days, or by law, is late; within them it is not (Art. 32)")
    func acceptanceLate() throws {
        var late = try CaseRun(receivedAt: "2026-09-25 10:00")
        try late.apply(.accept, by: .clerk, at: "2026-10-12 09:00")
        let finding = try #require(ViolationRules.evaluate(timeline(late), calendar: calendar).first)
        #expect(finding.rule == .acceptanceLate && finding.severity == .medium)
        #expect(finding.evidence.due == (try endOfBeijingDay("2026-10-09")))
        #expect(ViolationRules.describe(.acceptanceLate, finding.evidence, in: .zhHans) == "收件 2026-09-25 10:00，受理期限 2026-10-09 24:00，受理决定于 2026-10-12 09:00")

        var deemed = try CaseRun(receivedAt: "2026-09-25 10:00")
        try deemed.apply(.deemAccepted, by: .system, at: "2026-10-10 00:01")
        #expect(rules(timeline(deemed)) == [.acceptanceLate])

        var onTime = try CaseRun(receivedAt: "2026-09-25 10:00")
        try onTime.apply(.accept, by: .clerk, at: "2026-10-09 23:59")
        #expect(rules(timeline(onTime)).isEmpty)

        // A correction handed in restarts the period: accepting 3 working days later is on time.
        var corrected = try CaseRun(receivedAt: "2026-09-25 10:00")
        try corrected.apply(.requestCorrection(items: ["营业执照"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        try corrected.apply(.submitCorrection, by: .applicant, at: "2026-10-12 10:00")
        try corrected.apply(.accept, by: .clerk, at: "2026-10-15 10:00")
        #expect(rules(timeline(corrected)).isEmpty)
    }

    @Test("decided after the statutory limit; at its last minute is not (Art. 42)")
    func completedLate() throws {
        func decided(at text: String) throws -> CaseRun {
            var run = try CaseRun(receivedAt: "2026-09-25 10:00")
            try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
            try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-12 10:00")
            try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-13 10:00")
            try run.apply(.decide(outcome: .refused, reasons: "不符合条件"), by: .head, at: text)
            return run
        }
        #expect(rules(timeline(try decided(at: "2026-11-02 09:00"))) == [.completedPastStatutoryLimit])
        #expect(rules(timeline(try decided(at: "2026-10-30 23:59"))).isEmpty)
    }

    @Test("certificate served after 10 working days (Art. 44)")
    func certificateLate() throws {
        var late = try CaseRun(receivedAt: "2026-09-25 10:00")
        try late.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try late.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-12 10:00")
        try late.apply(.completeStep(note: nil), by: .head, at: "2026-10-13 10:00")
        try late.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-10-14 10:00")
        // 10 working days after 10-14 end with 10-28.
        try late.apply(.serveCertificate, by: .clerk, at: "2026-10-30 10:00")
        #expect(rules(timeline(late)) == [.certificateLate])
        #expect(rules(timeline(try cleanRun())).isEmpty)
    }

    @Test("a second correction notice breaks the once-and-in-full rule; the first does not")
    func repeatedCorrection() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.requestCorrection(items: ["营业执照"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.submitCorrection, by: .applicant, at: "2026-09-29 10:00")
        #expect(rules(timeline(run)).isEmpty)
        try run.apply(.requestCorrection(items: ["法定代表人身份证明"], reasonForRepeat: "新发现缺件"), by: .clerk, at: "2026-09-30 10:00")
        #expect(rules(timeline(run)) == [.repeatedCorrectionNotice])
    }

    /// The state machine forbids these; a timeline recorded elsewhere (a department's own system) can still show them.
    @Test("corrections after acceptance, a step dated before registration, a decision without the role, a skipped step")
    func recordedAnomalies() throws {
        let run = try cleanRun()
        var events = timeline(run).events
        let at = try beijingTime("2026-10-12 11:00")
        events.insert(TimelineEvent(sequence: 99, action: "request_correction", at: at, actorRole: "window_clerk"), at: 3)
        var broken = timeline(run)
        broken.events = events
        #expect(rules(broken) == [.correctionAfterAcceptance])

        var backdated = timeline(run)
        backdated.events[2].at = try beijingTime("2026-09-24 09:00")
        #expect(rules(backdated) == [.stepBeforeRegistration])

        let decideIndex = 5   // submit, accept, step, step, decide
        #expect(rules(timeline(run, roles: [decideIndex: ("reviewer", true)])) == [.decisionWithoutRole])
        #expect(rules(timeline(run, roles: [decideIndex: ("department_head", false)])) == [.decisionWithoutRole])

        var skipped = timeline(run)
        skipped.events.remove(at: 3)
        #expect(rules(skipped) == [.mandatoryStepSkipped])
        #expect(ViolationRules.evaluate(skipped, calendar: calendar).first?.evidence.count == 1)
    }

    @Test("a fee other than the standard, or any fee for a free item (Art. 58, 59)")
    func fees() throws {
        let at = try beijingTime("2026-09-28 10:00")
        let exact = FeeFact(reference: "a", item: "工本费", standardFen: 1000, chargedFen: 1000, at: at, recordedBy: "李娜")
        let more = FeeFact(reference: "b", item: "工本费", standardFen: 1000, chargedFen: 1500, at: at, recordedBy: "李娜")
        let free = FeeFact(reference: "c", item: "—", standardFen: nil, chargedFen: 500, at: at, recordedBy: "李娜")
        #expect(rules(timeline(try cleanRun(), fees: [exact])).isEmpty)
        let found = ViolationRules.evaluate(timeline(try cleanRun(), fees: [exact, more, free]), calendar: calendar)
        #expect(found.map(\.occurrence) == ["fee:b", "fee:c"])
        #expect(found.first?.actorName == "李娜")
        #expect(ViolationRules.describe(.feeDiffers, found[0].evidence, in: .zhHans) == "工本费：标准 ¥10.00，实收 ¥15.00")
    }

    @Test("an on-the-spot matter taken the long way, or decided on a later day; decided at once is fine")
    func onTheSpot() throws {
        let spot = CaseClockSettings(statutoryDays: 20, promisedDays: 1, isOnTheSpot: true)
        var atOnce = try CaseRun(receivedAt: "2026-10-12 10:00", settings: spot)
        try atOnce.apply(.decideOnTheSpot, by: .clerk, at: "2026-10-12 10:20")
        #expect(rules(timeline(atOnce, onTheSpot: true)).isEmpty)
        var nextDay = try CaseRun(receivedAt: "2026-10-12 10:00", settings: spot)
        try nextDay.apply(.decideOnTheSpot, by: .clerk, at: "2026-10-13 09:00")
        #expect(rules(timeline(nextDay, onTheSpot: true)) == [.onTheSpotNotOnTheSpot])
        var longWay = try CaseRun(receivedAt: "2026-10-12 10:00", settings: spot)
        try longWay.apply(.accept, by: .clerk, at: "2026-10-12 10:20")
        #expect(rules(timeline(longWay, onTheSpot: true)) == [.onTheSpotNotOnTheSpot])
        #expect(rules(timeline(longWay, onTheSpot: false)).isEmpty)
    }

    @Test("a rule that is off finds nothing; severities can be raised")
    func settings() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-10-12 09:00")
        #expect(rules(timeline(run), settings: ViolationRuleSettings(disabled: [.acceptanceLate])).isEmpty)
        let raised = ViolationRules.evaluate(timeline(run), settings: ViolationRuleSettings(severities: [.acceptanceLate: .high]), calendar: calendar)
        #expect(raised.map(\.severity) == [.high])
    }

    @Test("every rule and severity speaks both languages")
    func titles() {
        for rule in ViolationRule.allCases {
            #expect(rule.title(in: .zhHans) != rule.title(in: .en))
            #expect(!ViolationRules.describe(rule, ViolationEvidence(), in: .en).isEmpty)
        }
        #expect(Severity.allCases.sorted() == [.low, .medium, .high])
    }
}
