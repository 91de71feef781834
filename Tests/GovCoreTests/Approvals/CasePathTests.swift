import Foundation
import Testing
@testable import GovCore

/// Whole lives of a case and the documents each produces.
@Suite struct CasePathTests {
    /// Accept (Art. 32) → review → expert review (Art. 45) → extension (Art. 42) → grant → certificate (Art. 44).
    @Test func theHappyPath() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.completeStep(note: "材料齐全"), by: .reviewer, at: "2026-10-09 10:00")
        try run.apply(.suspend(procedure: .expertReview, expectedEnd: try civil("2026-10-14"), notice: "组织专家评审"),
                      by: .head, at: "2026-10-12 09:00")
        try run.apply(.resume, by: .head, at: "2026-10-14 17:00")
        try run.apply(.extend(workingDays: 5, reason: "需补充现场核查"), by: .head, at: "2026-10-15 10:00")
        #expect(!run.snapshot.readyForDecision)
        try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-16 10:00")
        #expect(run.snapshot.readyForDecision && run.snapshot.stepDue == nil && run.snapshot.state == .inReview)
        try run.apply(.decide(outcome: .granted, reasons: "符合法定条件"), by: .head, at: "2026-10-19 10:00")
        try run.apply(.serveCertificate, by: .clerk, at: "2026-10-21 10:00")

        #expect(run.transitions.map(\.action) == [
            "accept", "complete_step", "suspend", "resume", "extend", "complete_step", "decide", "serve_certificate",
        ])
        #expect(run.transitions.map(\.to) == [
            .inReview, .inReview, .suspended, .inReview, .inReview, .inReview, .granted, .closed,
        ])
        #expect(run.transitions.compactMap(\.notice) == [.acceptance, .specialProcedure, .extension, .grant])
        #expect(run.transitions[1].detail == "材料齐全")
        #expect(run.snapshot.outcome == .granted && run.snapshot.state.isTerminal && run.snapshot.flags.isEmpty)
        #expect(run.snapshot.decidedAt == (try beijingTime("2026-10-19 10:00")))
        #expect(run.snapshot.closedAt == (try beijingTime("2026-10-21 10:00")))
        #expect(CaseRules.allowedActions(for: run.snapshot, by: .head, settings: run.settings).isEmpty)
    }

    /// One correction notice (Art. 32), then a refusal with reasons and remedies (Art. 38).
    @Test func theRefusalPath() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        let notice = try run.apply(
            .requestCorrection(items: ["营业执照副本", " 法定代表人身份证明 "], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        #expect(notice.detail == "营业执照副本\n法定代表人身份证明")
        try run.apply(.submitCorrection, by: .applicant, at: "2026-09-29 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-29 11:00")
        try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-09 10:00")
        try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-12 10:00")
        #expect(try run.refusal(.decide(outcome: .refused, reasons: " "), by: .head, at: "2026-10-13 10:00")
            == .reasonRequired(action: .decide))
        let refusal = try run.apply(.decide(outcome: .refused, reasons: "不符合安全生产条件"), by: .head, at: "2026-10-13 10:00")
        #expect(refusal.to == .closed && refusal.detail == "不符合安全生产条件")
        #expect(run.transitions.map(\.action) == [
            "request_correction", "submit_correction", "accept", "complete_step", "complete_step", "decide",
        ])
        #expect(run.transitions.compactMap(\.notice) == [.correction, .acceptance, .refusal])
        #expect(run.snapshot.outcome == .refused && run.snapshot.certificateDue == nil)
        #expect(run.snapshot.closedAt == (try beijingTime("2026-10-13 10:00")))
        #expect(run.snapshot.correctionNotices == 1 && run.snapshot.flags.isEmpty)
        #expect(CaseRules.refusalRemedies(in: .zhHans).contains("行政复议"))
        #expect(CaseRules.refusalRemedies(in: .zhHans).contains("行政诉讼"))
    }

    /// Art. 32: corrections are told once; a second notice needs a reason and is flagged.
    @Test func aSecondCorrectionNoticeNeedsAReason() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        #expect(try run.refusal(.requestCorrection(items: [], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
            == .correctionItemsRequired)
        #expect(try run.refusal(.requestCorrection(items: ["身份证", ""], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
            == .correctionItemsRequired)
        try run.apply(.requestCorrection(items: ["身份证"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.submitCorrection, by: .applicant, at: "2026-09-29 10:00")
        #expect(try run.refusal(.requestCorrection(items: ["户口簿"], reasonForRepeat: nil), by: .clerk, at: "2026-09-30 10:00")
            == .repeatedCorrectionNeedsReason)
        let second = try run.apply(
            .requestCorrection(items: ["户口簿"], reasonForRepeat: "补正后的身份证已过期"), by: .clerk, at: "2026-09-30 10:00")
        #expect(second.notice == .correction && second.detail == "户口簿\n补正后的身份证已过期")
        #expect(run.snapshot.correctionNotices == 2 && run.snapshot.flags == [.repeatedCorrectionNotice])
    }

    /// Art. 32 (1)(2): a written decision not to accept, with its reason.
    @Test func notAccepted() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        #expect(try run.refusal(.refuseToAccept(reason: ""), by: .clerk, at: "2026-09-28 10:00") == .reasonRequired(action: .refuseToAccept))
        let transition = try run.apply(.refuseToAccept(reason: "不属于本机关职权范围"), by: .clerk, at: "2026-09-28 10:00")
        #expect(transition.notice == .nonAcceptance && transition.to == .notAccepted)
        #expect(run.snapshot.state.isTerminal && run.snapshot.closedAt != nil)
    }

    /// 即办件: accepted and granted in one visit; the certificate clock starts (Art. 44).
    @Test func onTheSpot() throws {
        var run = try CaseRun(receivedAt: "2026-09-28 09:00", settings: CaseClockSettings(statutoryDays: 0, isOnTheSpot: true))
        let transition = try run.apply(.decideOnTheSpot, by: .clerk, at: "2026-09-28 09:20")
        #expect(transition.to == .granted && transition.notice == .grant)
        let now = try beijingTime("2026-09-28 09:20")
        #expect(run.snapshot.acceptedAt == now && run.snapshot.decidedAt == now && run.snapshot.outcome == .granted)
        #expect(run.snapshot.readyForDecision && run.snapshot.stepDue == nil)
        #expect(run.snapshot.statutoryDue == (try endOfBeijingDay("2026-09-28")))
        #expect(run.snapshot.certificateDue == (try endOfBeijingDay("2026-10-16")))   // 09-29, 09-30, 10-08…10-10, 10-12…16
        try run.apply(.serveCertificate, by: .clerk, at: "2026-09-28 09:30")
        #expect(run.snapshot.state == .closed && run.snapshot.flags.isEmpty)
    }

    /// Withdrawing during a special procedure closes the pause.
    @Test func withdrawWhileSuspended() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.suspend(procedure: .quarantine, expectedEnd: try civil("2026-10-20"), notice: "检疫"),
                      by: .reviewer, at: "2026-10-12 10:00")
        #expect(try run.refusal(.suspend(procedure: .quarantine, expectedEnd: try civil("2026-10-20"), notice: "检疫"),
                                by: .reviewer, at: "2026-10-13 10:00") == .invalidState(state: .suspended, action: .suspend))
        try run.apply(.withdraw(reason: "不再经营"), by: .applicant, at: "2026-10-13 10:00")
        #expect(run.snapshot.state == .withdrawn && run.snapshot.pausedSince == nil)
        #expect(run.snapshot.pauses.count == 1 && run.transitions.last?.detail == "不再经营")
    }

    /// Art. 45: the written notice is required and the procedure cannot be expected to end in the past.
    @Test func suspensionNeedsANotice() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(try run.refusal(.suspend(procedure: .appraisal, expectedEnd: try civil("2026-10-20"), notice: " "),
                                by: .reviewer, at: "2026-10-12 10:00") == .noticeRequired)
        #expect(try run.refusal(.suspend(procedure: .appraisal, expectedEnd: try civil("2026-10-11"), notice: "鉴定"),
                                by: .reviewer, at: "2026-10-12 10:00") == .expectedEndInPast(try civil("2026-10-11")))
    }

    @Test func snapshotsRoundTripThroughJSON() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.suspend(procedure: .auction, expectedEnd: try civil("2026-10-20"), notice: "拍卖"), by: .reviewer, at: "2026-10-12 10:00")
        let data = try JSONEncoder().encode(run.snapshot)
        #expect(try JSONDecoder().decode(CaseSnapshot.self, from: data) == run.snapshot)
    }
}

/// Supervision lights (DESIGN.md: 预警 past the promise or within 2 working days of the law, 超期 past it).
@Suite struct CaseLightTests {
    /// Accepted 09-28 10:00: promised 15 → end of 10-23, statutory 20 → end of 10-30.
    @Test func lightsInReview() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(try run.light(at: "2026-10-20 10:00") == (.green, 8))
        #expect(try run.light(at: "2026-10-23 23:59") == (.green, 5))
        #expect(try run.light(at: "2026-10-24 00:00") == (.green, 5))    // the promise ends exactly now
        #expect(try run.light(at: "2026-10-24 00:01") == (.yellow, 5))   // past the promise
        #expect(try run.light(at: "2026-10-30 23:59") == (.yellow, 0))
        #expect(try run.light(at: "2026-10-31 10:00") == (.red, 0))      // Saturday: late, no working day lost yet
        #expect(try run.light(at: "2026-11-02 10:00") == (.red, -1))
        #expect(try run.light(at: "2026-11-04 10:00") == (.red, -3))
    }

    /// With the promise equal to the law, yellow starts 2 working days before the statutory limit.
    @Test func yellowWithinTwoWorkingDays() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00", settings: CaseClockSettings(statutoryDays: 20))
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(try run.light(at: "2026-10-27 10:00") == (.green, 3))
        #expect(try run.light(at: "2026-10-28 10:00") == (.yellow, 2))
        #expect(try run.light(at: "2026-10-29 10:00") == (.yellow, 1))
    }

    @Test func lightsInOtherStates() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        // Submitted: the acceptance limit (end of 10-09).
        #expect(try run.light(at: "2026-09-28 10:00") == (.green, 4))   // 09-29, 09-30, 10-08, 10-09
        #expect(try run.light(at: "2026-10-12 10:00") == (.red, -2))   // 10-10 (worked Saturday), 10-12
        var correcting = run
        try correcting.apply(.requestCorrection(items: ["身份证"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        #expect(try correcting.light(at: "2026-12-01 10:00") == (.none, nil))
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        try run.apply(.suspend(procedure: .inspection, expectedEnd: try civil("2026-11-30"), notice: "检验"),
                      by: .reviewer, at: "2026-10-20 10:00")
        // Suspended: frozen where the procedure began, however long it lasts.
        #expect(try run.light(at: "2026-11-20 10:00") == (.green, 8))
        try run.apply(.resume, by: .reviewer, at: "2026-11-20 10:00")
        try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-11-20 11:00")
        try run.apply(.completeStep(note: nil), by: .head, at: "2026-11-20 12:00")
        try run.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-11-23 10:00")
        // Granted: the certificate limit, 10 working days → end of 12-07.
        #expect(try run.light(at: "2026-11-24 10:00") == (.green, 9))
        #expect(try run.light(at: "2026-12-08 10:00") == (.red, -1))
        try run.apply(.serveCertificate, by: .clerk, at: "2026-11-25 10:00")
        #expect(try run.light(at: "2026-11-25 11:00") == (.none, nil))
    }
}

/// Messages people read (zh-Hans first, English second).
@Suite struct CaseErrorMessageTests {
    @Test func examplesFromTheBrief() {
        #expect(CaseError.invalidState(state: .inReview, action: .accept).message(in: .zhHans) == "当前状态（审查中）不能执行“受理”")
        #expect(CaseError.notPermitted(action: .extend, actor: .reviewer).message(in: .zhHans).hasPrefix("只有部门负责人可以批准延期"))
        #expect(CaseError.extensionAlreadyGranted(max: 10).message(in: .zhHans).hasPrefix("延期只能一次，且不超过 10 个工作日（《行政许可法》第四十二条）"))
        #expect(CaseError.reasonRequired(action: .refuseToAccept).message(in: .zhHans) == "不予受理必须说明理由")
        #expect(CaseError.notPermitted(action: .serveCertificate, actor: .applicant).message(in: .en)
            .hasPrefix("Only a Window clerk, Reviewer or Department head may serve the certificate"))
    }

    @Test func everyErrorSpeaksBothLanguages() throws {
        let due = try endOfBeijingDay("2026-10-09")
        let errors: [CaseError] = [
            .notPermitted(action: .decide, actor: .system), .invalidState(state: .closed, action: .withdraw),
            .timeBeforeLastAction(action: .resume), .reasonRequired(action: .extend), .correctionItemsRequired,
            .repeatedCorrectionNeedsReason, .correctionNoticeTooLate(due: due), .acceptancePeriodNotOver(due: due),
            .notOnTheSpotMatter, .noCurrentStep, .stepAssignedToOtherRole(step: "复审", role: .departmentHead),
            .noticeRequired, .expectedEndInPast(try civil("2026-10-01")), .extensionAlreadyGranted(max: 10),
            .extensionOutOfRange(days: 12, max: 10), .notReadyForDecision(remainingSteps: 1),
            .invalidLimit(name: "statutoryDays", value: -1), .promiseLongerThanLaw(promised: 30, statutory: 20),
            .invalidStep(name: "x"), .calendar(.yearNotCovered(2027)),
        ]
        for error in errors {
            let zh = error.message(in: .zhHans), en = error.message(in: .en)
            #expect(!zh.isEmpty && !en.isEmpty && zh != en, "\(error)")
            #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(error)")
        }
        #expect(CaseError.acceptancePeriodNotOver(due: due).message(in: .zhHans).contains("2026-10-09"))
    }

    @Test func titlesExistInBothLanguages() {
        for state in CaseState.allCases { #expect(state.title(in: .zhHans) != state.title(in: .en)) }
        for kind in NoticeKind.allCases { #expect(kind.title(in: .zhHans) != kind.title(in: .en)) }
        for procedure in ExcludedProcedure.allCases { #expect(procedure.title(in: .zhHans) != procedure.title(in: .en)) }
        for flag in CaseFlag.allCases { #expect(flag.title(in: .zhHans) != flag.title(in: .en)) }
        #expect(CaseState.suspended.title(in: .zhHans) == "特别程序中（暂停计时）")
        #expect(CaseState.allCases.filter(\.isTerminal) == [.closed, .notAccepted, .withdrawn])
    }
}
