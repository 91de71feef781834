import Foundation
import Testing
@testable import GovCore

/// The clocks of 《行政许可法》 on the shipped 2026 calendar: Mid-autumn 09-25…27, National Day 10-01…07,
/// makeup workday Saturday 10-10.
@Suite struct CaseClockTests {
    /// Art. 32: 5 working days from receipt; the holiday day of receipt is not counted.
    @Test func acceptancePeriodSpansTheHolidays() throws {
        let run = try CaseRun(receivedAt: "2026-09-25 10:00")
        #expect(run.snapshot.state == .submitted)
        #expect(run.snapshot.acceptanceDue == (try endOfBeijingDay("2026-10-09")))
        #expect(run.snapshot.acceptedAt == nil && run.snapshot.statutoryDue == nil)
    }

    /// Art. 42: 20 working days from acceptance (09-29, 09-30, 10-08…10-10, …, 10-30); promised 15 → 10-23.
    @Test func acceptanceStartsTheDecisionClocks() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        let transition = try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(transition.notice == .acceptance)
        #expect(run.snapshot.acceptedAt == (try beijingTime("2026-09-28 10:00")))
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-10-30")))
        #expect(run.snapshot.promisedDue == (try endOfBeijingDay("2026-10-23")))
        #expect(run.snapshot.currentStep == 0)
        // The first step has 10 working days: 09-29, 09-30, 10-08, 10-09, 10-10 (Saturday, worked), 10-12…16.
        #expect(run.snapshot.stepDue == (try endOfBeijingDay("2026-10-16")))
        #expect(run.snapshot.flags.isEmpty)
    }

    /// Art. 45: an expert review 10-12…10-14 pauses three working days; every clock moves by exactly three.
    @Test func aSuspensionMovesTheClocksByThePausedWorkingDays() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        let suspend = try run.apply(
            .suspend(procedure: .expertReview, expectedEnd: try civil("2026-10-14"), notice: "组织专家评审，预计 3 个工作日"),
            by: .reviewer, at: "2026-10-12 09:00")
        #expect(suspend.notice == .specialProcedure && suspend.to == .suspended)
        #expect(run.snapshot.suspension == .expertReview)
        #expect(run.snapshot.pausedSince == (try beijingTime("2026-10-12 09:00")))
        let resume = try run.apply(.resume, by: .reviewer, at: "2026-10-14 17:00")
        #expect(resume.notice == nil && resume.to == .inReview)
        #expect(run.snapshot.pauses == [DateInterval(start: try beijingTime("2026-10-12 09:00"), end: try beijingTime("2026-10-14 17:00"))])
        #expect(run.snapshot.pausedSince == nil && run.snapshot.suspension == nil)
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-11-04")))
        #expect(run.snapshot.promisedDue == (try endOfBeijingDay("2026-10-28")))
        #expect(run.snapshot.stepDue == (try endOfBeijingDay("2026-10-21")))
        let paused = try run.calendar.elapsedWorkingDays(
            from: try beijingTime("2026-10-11 12:00"), to: try beijingTime("2026-10-14 17:00"))
        #expect(paused == 3)
    }

    /// A pause over a weekend costs no working days, so nothing moves.
    @Test func aWeekendSuspensionMovesNothing() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.suspend(procedure: .testing, expectedEnd: try civil("2026-10-18"), notice: "检测"),
                      by: .head, at: "2026-10-17 09:00")
        try run.apply(.resume, by: .head, at: "2026-10-18 18:00")
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-10-30")))
        #expect(run.snapshot.promisedDue == (try endOfBeijingDay("2026-10-23")))
    }

    /// Art. 42: once, at most 10 working days, by the head, with a reason; the promise does not move.
    @Test func anExtensionMovesTheStatutoryLimitOnlyAndOnlyOnce() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(try run.refusal(.extend(workingDays: 10, reason: "需现场核查"), by: .reviewer, at: "2026-10-20 10:00")
            == .notPermitted(action: .extend, actor: .reviewer))
        #expect(try run.refusal(.extend(workingDays: 11, reason: "需现场核查"), by: .head, at: "2026-10-20 10:00")
            == .extensionOutOfRange(days: 11, max: 10))
        #expect(try run.refusal(.extend(workingDays: 0, reason: "需现场核查"), by: .head, at: "2026-10-20 10:00")
            == .extensionOutOfRange(days: 0, max: 10))
        #expect(try run.refusal(.extend(workingDays: 10, reason: "  "), by: .head, at: "2026-10-20 10:00")
            == .reasonRequired(action: .extend))
        let extend = try run.apply(.extend(workingDays: 10, reason: "需现场核查"), by: .head, at: "2026-10-20 10:00")
        #expect(extend.notice == .extension && extend.detail == "需现场核查")
        #expect(run.snapshot.extensionDays == 10)
        // 10-30 + 10 working days: 11-02…06, 11-09…13.
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-11-13")))
        #expect(run.snapshot.promisedDue == (try endOfBeijingDay("2026-10-23")))
        #expect(try run.refusal(.extend(workingDays: 1, reason: "再次延期"), by: .head, at: "2026-10-21 10:00")
            == .extensionAlreadyGranted(max: 10))
    }

    /// Art. 42: the extension is decided within the limit. A case already a day late stays late: the head cannot turn
    /// its red light yellow, and its decision is still flagged as after the statutory limit.
    @Test func noExtensionOnceTheStatutoryLimitHasPassed() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        let due = try endOfBeijingDay("2026-10-30")
        #expect(run.snapshot.statutoryDue == due)
        #expect(try run.refusal(.extend(workingDays: 10, reason: "情况复杂"), by: .head, at: "2026-11-02 09:00")
            == .extensionAfterStatutoryLimit(due: due))
        #expect(CaseError.extensionAfterStatutoryLimit(due: due).message(in: .zhHans).contains("2026-10-30 24:00"))
        // The last minute of the last day is still within it.
        try run.apply(.extend(workingDays: 10, reason: "情况复杂"), by: .head, at: "2026-10-30 23:59")
        #expect(run.snapshot.extensionDays == 10)
    }

    /// Pause and extension together: 10-30 + 3 paused + 10 extended = 11-18.
    @Test func pausesAndTheExtensionAddUp() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.extend(workingDays: 10, reason: "情况复杂"), by: .head, at: "2026-10-09 10:00")
        try run.apply(.suspend(procedure: .hearing, expectedEnd: try civil("2026-10-14"), notice: "举行听证"),
                      by: .head, at: "2026-10-12 09:00")
        try run.apply(.resume, by: .head, at: "2026-10-14 17:00")
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-11-18")))
        #expect(run.snapshot.promisedDue == (try endOfBeijingDay("2026-10-28")))
    }

    /// Art. 32 (4): accepted by law once the 5 working days are over — from the day the materials came.
    @Test func deemedAcceptanceOnlyAfterTheFifthWorkingDay() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        let due = try endOfBeijingDay("2026-10-09")
        #expect(try run.refusal(.deemAccepted, by: .system, at: "2026-10-09 23:59") == .acceptancePeriodNotOver(due: due))
        #expect(try run.refusal(.deemAccepted, by: .clerk, at: "2026-10-12 00:00")
            == .notPermitted(action: .deemAccepted, actor: .clerk))
        #expect(try run.refusal(.requestCorrection(items: ["身份证"], reasonForRepeat: nil), by: .clerk, at: "2026-10-10 00:00")
            == .correctionNoticeTooLate(due: due))
        let transition = try run.apply(.deemAccepted, by: .system, at: "2026-10-10 00:00")
        #expect(transition.to == .inReview && transition.notice == .acceptance)
        #expect(run.snapshot.flags == [.acceptedByLaw])
        #expect(run.snapshot.acceptedAt == (try beijingTime("2026-09-25 10:00")))
        // 20 working days from 09-25: 09-28 is the first, 10-29 the twentieth.
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-10-29")))
        // The first step starts when the case reaches the reviewer: 10 working days from 10-10 → 10-23.
        #expect(run.snapshot.stepDue == (try endOfBeijingDay("2026-10-23")))
    }

    /// A clerk who decides on acceptance after the 5 working days leaves a flag for supervision.
    @Test func lateAcceptanceIsFlagged() throws {
        var onTime = try CaseRun(receivedAt: "2026-09-25 10:00")
        try onTime.apply(.accept, by: .clerk, at: "2026-10-09 23:59")
        #expect(onTime.snapshot.flags.isEmpty)
        var late = try CaseRun(receivedAt: "2026-09-25 10:00")
        try late.apply(.accept, by: .clerk, at: "2026-10-12 09:00")
        #expect(late.snapshot.flags == [.acceptanceDecidedLate])
    }

    /// Art. 32 (4): handing in corrections restarts the 5 working days.
    @Test func submittedCorrectionsRestartTheAcceptancePeriod() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.requestCorrection(items: ["营业执照"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.submitCorrection, by: .applicant, at: "2026-10-09 15:00")
        #expect(run.snapshot.state == .submitted)
        #expect(run.snapshot.acceptancePeriodStart == (try beijingTime("2026-10-09 15:00")))
        // 10-10 (Saturday, worked), 10-12, 10-13, 10-14, 10-15.
        #expect(run.snapshot.acceptanceDue == (try endOfBeijingDay("2026-10-15")))
        #expect(try run.refusal(.deemAccepted, by: .system, at: "2026-10-15 12:00")
            == .acceptancePeriodNotOver(due: try endOfBeijingDay("2026-10-15")))
        try run.apply(.deemAccepted, by: .system, at: "2026-10-16 00:01")
        #expect(run.snapshot.acceptedAt == (try beijingTime("2026-10-09 15:00")))
    }

    /// Art. 42, 44: late decisions and late certificates are flagged, on-time ones are not.
    @Test func decisionAndCertificateLatenessFlags() throws {
        func ready() throws -> CaseRun {
            var run = try CaseRun(receivedAt: "2026-09-25 10:00")
            try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
            try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-12 10:00")
            try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-13 10:00")
            return run
        }
        var onTime = try ready()
        let grant = try onTime.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-10-30 23:59")
        #expect(grant.notice == .grant && onTime.snapshot.state == .granted)
        #expect(onTime.snapshot.flags.isEmpty)
        // 10 working days after 10-30: 11-02…06, 11-09…13.
        #expect(onTime.snapshot.certificateDue == (try endOfBeijingDay("2026-11-13")))
        var servedOnTime = onTime
        try servedOnTime.apply(.serveCertificate, by: .clerk, at: "2026-11-13 23:00")
        #expect(servedOnTime.snapshot.state == .closed && servedOnTime.snapshot.flags.isEmpty)
        #expect(servedOnTime.snapshot.closedAt == (try beijingTime("2026-11-13 23:00")))
        var servedAtTheLimit = onTime   // 24:00 of the last day is still on time
        try servedAtTheLimit.apply(.serveCertificate, by: .clerk, at: "2026-11-14 00:00")
        #expect(servedAtTheLimit.snapshot.flags.isEmpty)
        var servedLate = onTime
        try servedLate.apply(.serveCertificate, by: .reviewer, at: "2026-11-16 09:00")
        #expect(servedLate.snapshot.flags == [.certificateLate])

        var atTheLimit = try ready()
        try atTheLimit.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-10-31 00:00")
        #expect(atTheLimit.snapshot.flags.isEmpty)
        var late = try ready()
        try late.apply(.decide(outcome: .granted, reasons: "符合条件"), by: .head, at: "2026-11-02 09:00")
        #expect(late.snapshot.flags == [.decidedAfterStatutoryLimit])
        #expect(late.snapshot.certificateDue == (try endOfBeijingDay("2026-11-16")))
    }

    @Test func settingsAndStepsAreValidated() throws {
        let calendar = try ApprovalsFixture.calendar()
        let at = try beijingTime("2026-09-28 10:00")
        #expect(throws: CaseError.promiseLongerThanLaw(promised: 25, statutory: 20)) {
            try CaseSnapshot.received(at: at, steps: [], settings: CaseClockSettings(statutoryDays: 20, promisedDays: 25), calendar: calendar)
        }
        #expect(throws: CaseError.invalidLimit(name: "statutoryDays", value: -1)) {
            try CaseSnapshot.received(at: at, steps: [], settings: CaseClockSettings(statutoryDays: -1, promisedDays: -1), calendar: calendar)
        }
        #expect(throws: CaseError.invalidStep(name: "窗口初审")) {
            try CaseSnapshot.received(
                at: at, steps: [ReviewStep(name: "窗口初审", role: .windowClerk, limitDays: 1)],
                settings: ApprovalsFixture.settings, calendar: calendar)
        }
    }
}

@Suite("Deadlines that run into an unpublished year")
struct ProvisionalDeadlineTests {
    @Test("a limit running past the calendar's last year is counted with the holidays the law fixes and flagged, not refused")
    func flaggedNotRefused() throws {
        let calendar = try ApprovalsFixture.calendar()
        let lastYear = try #require(calendar.coveredYears.max())
        let received = try beijingTime("\(lastYear)-12-28 10:00")
        let snapshot = try CaseSnapshot.received(at: received, steps: ApprovalsFixture.steps, settings: ApprovalsFixture.settings, calendar: calendar)
        #expect(snapshot.flags == [.provisionalDeadline])
        // 5 working days after 28 December, the unpublished year estimated from the law (元旦 off).
        #expect(CivilDate.beijingEnding(at: snapshot.acceptanceDue).year == lastYear + 1)
        #expect(throws: CalendarError.yearNotCovered(lastYear + 1)) {
            try calendar.due(from: received, workingDays: 5)
        }
        let (accepted, _) = try CaseRules.apply(.accept, to: snapshot, by: .staff(.windowClerk), at: received, settings: ApprovalsFixture.settings, calendar: calendar)
        #expect(accepted.state == .inReview && accepted.statutoryDue != nil && accepted.flags == [.provisionalDeadline])
        #expect(try CaseRules.light(for: accepted, at: received, calendar: calendar).light == .green)
    }

    @Test("once the year is imported, a recount moves the limits to the published arrangement and clears the flag")
    func recountAfterImport() throws {
        let calendar = try ApprovalsFixture.calendar()
        let lastYear = try #require(calendar.coveredYears.max())
        let received = try beijingTime("\(lastYear)-12-28 10:00")
        let submitted = try CaseSnapshot.received(at: received, steps: ApprovalsFixture.steps, settings: ApprovalsFixture.settings, calendar: calendar)
        let (accepted, _) = try CaseRules.apply(.accept, to: submitted, by: .staff(.windowClerk), at: received, settings: ApprovalsFixture.settings, calendar: calendar)
        // The published year gives the first five working days of January off, a makeup Saturday on the 9th.
        let january = (1...5).compactMap { CivilDate(year: lastYear + 1, month: 1, day: $0) }
            .map { CalendarOverride(date: $0, kind: .off, holiday: "test") }
        let workedSaturday = try #require(CivilDate(year: lastYear + 1, month: 1, day: 9))
        let published = WorkCalendar(
            overrides: (ShippedCalendar.overrides ?? []) + january + [CalendarOverride(date: workedSaturday, kind: .work, holiday: "test")],
            coveredYears: calendar.coveredYears.union([lastYear + 1]))

        let recounted = try CaseRules.recount(accepted, settings: ApprovalsFixture.settings, calendar: published)
        #expect(recounted.flags.isEmpty)
        #expect(try #require(recounted.statutoryDue) == (try published.due(from: received, workingDays: ApprovalsFixture.settings.statutoryDays)))
        #expect(try #require(recounted.statutoryDue) > (try #require(accepted.statutoryDue)))
        #expect(recounted.stepDue == (try published.due(from: received, workingDays: ApprovalsFixture.steps[0].limitDays)))
        // The acceptance limit was judged at acceptance and stays as it was.
        #expect(recounted.acceptanceDue == accepted.acceptanceDue)
        // Still submitted, the acceptance limit is what moves.
        let recountedSubmitted = try CaseRules.recount(submitted, settings: ApprovalsFixture.settings, calendar: published)
        #expect(recountedSubmitted.acceptanceDue == (try published.due(from: received, workingDays: 5)) && recountedSubmitted.flags.isEmpty)
        // Recounting with the calendar it was counted with changes nothing.
        #expect(try CaseRules.recount(accepted, settings: ApprovalsFixture.settings, calendar: calendar) == accepted)
    }

    @Test("a limit inside published years is not flagged")
    func publishedYearsNotFlagged() throws {
        let received = try beijingTime("2026-11-20 10:00")
        let snapshot = try CaseSnapshot.received(at: received, steps: ApprovalsFixture.steps, settings: ApprovalsFixture.settings, calendar: try ApprovalsFixture.calendar())
        #expect(snapshot.flags.isEmpty)
    }
}
