import Foundation
import Testing
@testable import GovCore

/// The obligations a case creates, as its state machine moves it (the clocks of CaseRules, watched by supervision).
@Suite("Case obligations")
struct CaseObligationsTests {
    func keys(_ run: CaseRun) -> Set<ObligationKey> {
        Set(CaseObligations.running(in: run.snapshot, settings: run.settings).keys)
    }

    @Test("each state runs the obligations the law gives it, and each change says what ended, began or moved")
    func lifeOfACase() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        #expect(keys(run) == [ObligationKey(.acceptance, 0)])
        let acceptance = try #require(CaseObligations.running(in: run.snapshot, settings: run.settings)[ObligationKey(.acceptance, 0)])
        #expect(acceptance.clock.statutoryDue == (try endOfBeijingDay("2026-10-09")))
        #expect(acceptance.responsibleRole == .windowClerk)

        var before = run.snapshot
        try run.apply(.requestCorrection(items: ["营业执照"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
        #expect(keys(run).isEmpty)   // the applicant's turn: no clock runs
        #expect(CaseObligations.change(from: before, to: run.snapshot, settings: run.settings).ended == [ObligationKey(.acceptance, 0)])

        try run.apply(.submitCorrection, by: .applicant, at: "2026-10-09 15:00")
        #expect(keys(run) == [ObligationKey(.acceptance, 1)])   // the next acceptance period (Art. 32 (4))

        before = run.snapshot
        try run.apply(.accept, by: .clerk, at: "2026-10-12 10:00")
        let accepted = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(accepted.ended == [ObligationKey(.acceptance, 1)])
        #expect(accepted.started.map(\.key) == [ObligationKey(.decision), ObligationKey(.reviewStep, 0)])
        let step = try #require(accepted.started.last)
        #expect(step.responsibleRole == .reviewer && step.label == "初审")

        before = run.snapshot
        try run.apply(.suspend(procedure: .expertReview, expectedEnd: try civil("2026-10-20"), notice: "专家评审"), by: .reviewer, at: "2026-10-13 10:00")
        let suspended = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(suspended.ended.isEmpty && suspended.started.isEmpty)
        #expect(suspended.moved.map(\.key) == [ObligationKey(.decision), ObligationKey(.reviewStep, 0)])
        #expect(suspended.moved.allSatisfy { $0.clock.isPaused })

        before = run.snapshot
        try run.apply(.resume, by: .reviewer, at: "2026-10-15 10:00")
        let resumed = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        let decision = try #require(resumed.moved.first { $0.key.kind == .decision })
        #expect(decision.clock.statutoryDue == run.snapshot.statutoryDue && decision.clock.pauses.count == 1)

        before = run.snapshot
        try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-10-16 10:00")
        let stepped = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(stepped.ended == [ObligationKey(.reviewStep, 0)] && stepped.started.map(\.key) == [ObligationKey(.reviewStep, 1)])

        before = run.snapshot
        try run.apply(.extend(workingDays: 5, reason: "需现场核查"), by: .head, at: "2026-10-19 10:00")
        let extended = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(extended.moved.first { $0.key.kind == .decision }?.clock.terms.extensionGranted == 5)

        try run.apply(.completeStep(note: nil), by: .head, at: "2026-10-20 10:00")
        before = run.snapshot
        try run.apply(.decide(outcome: .granted, reasons: ""), by: .head, at: "2026-10-21 10:00")
        let decided = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(decided.ended == [ObligationKey(.decision)] && decided.started.map(\.key) == [ObligationKey(.certificate)])
        #expect(!decided.cancelled)

        before = run.snapshot
        try run.apply(.serveCertificate, by: .clerk, at: "2026-10-22 10:00")
        #expect(CaseObligations.change(from: before, to: run.snapshot, settings: run.settings).ended == [ObligationKey(.certificate)])
        #expect(keys(run).isEmpty)
    }

    @Test("a withdrawal cancels what was running")
    func withdrawal() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        let before = run.snapshot
        try run.apply(.withdraw(reason: nil), by: .applicant, at: "2026-09-29 10:00")
        let change = CaseObligations.change(from: before, to: run.snapshot, settings: run.settings)
        #expect(change.cancelled && Set(change.ended) == [ObligationKey(.decision), ObligationKey(.reviewStep, 0)])
    }

    @Test("the case's light is its primary obligation's status")
    func primary() throws {
        var run = try CaseRun(receivedAt: "2026-09-25 10:00")
        #expect(CaseObligations.primary(in: run.snapshot, settings: run.settings)?.key == ObligationKey(.acceptance, 0))
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(CaseObligations.primary(in: run.snapshot, settings: run.settings)?.key == ObligationKey(.decision))
    }
}
