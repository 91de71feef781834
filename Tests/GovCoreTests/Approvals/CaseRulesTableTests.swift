import Foundation
import Testing
@testable import GovCore

/// Every state × every action × every actor, against a table written out by hand from the brief and
/// 《行政许可法》 (Art. 32, 38, 42, 44, 45), not derived from ``CaseRules``.
@Suite struct CaseRulesTableTests {
    // MARK: The expected table

    /// Who may take each action at all.
    static let expectedActors: [CaseActionKind: Set<CaseActor>] = [
        .accept: [.clerk],
        .refuseToAccept: [.clerk],
        .requestCorrection: [.clerk],
        .submitCorrection: [.applicant, .clerk],
        .deemAccepted: [.system],
        .completeStep: [.reviewer, .head],
        .suspend: [.reviewer, .head],
        .resume: [.reviewer, .head],
        .extend: [.head],
        .decide: [.head],
        .serveCertificate: [.clerk, .reviewer, .head],
        .withdraw: [.applicant],
        .decideOnTheSpot: [.clerk],
    ]

    /// From which states.
    static let expectedStates: [CaseActionKind: Set<CaseState>] = [
        .accept: [.submitted],
        .refuseToAccept: [.submitted],
        .requestCorrection: [.submitted],
        .submitCorrection: [.awaitingCorrection],
        .deemAccepted: [.submitted],
        .completeStep: [.inReview],
        .suspend: [.inReview],
        .resume: [.suspended],
        .extend: [.inReview],
        .decide: [.inReview],
        .serveCertificate: [.granted],
        .withdraw: [.submitted, .awaitingCorrection, .inReview, .suspended],
        .decideOnTheSpot: [.submitted],
    ]

    /// Into which state (the sample decision is a grant).
    static let expectedTargets: [CaseActionKind: CaseState] = [
        .accept: .inReview, .refuseToAccept: .notAccepted, .requestCorrection: .awaitingCorrection,
        .submitCorrection: .submitted, .deemAccepted: .inReview, .completeStep: .inReview, .suspend: .suspended,
        .resume: .inReview, .extend: .inReview, .decide: .granted, .serveCertificate: .closed, .withdraw: .withdrawn,
        .decideOnTheSpot: .granted,
    ]

    /// Well-formed parameters for each action.
    static let sampleActions: [CaseAction] = [
        .accept,
        .refuseToAccept(reason: "不属于本机关职权范围"),
        .requestCorrection(items: ["营业执照复印件"], reasonForRepeat: nil),
        .submitCorrection,
        .deemAccepted,
        .completeStep(note: "材料齐全"),
        .suspend(procedure: .expertReview, expectedEnd: CivilDate("2026-12-31")!, notice: "需组织专家评审，约 10 个工作日"),
        .resume,
        .extend(workingDays: 5, reason: "需现场核查"),
        .decide(outcome: .granted, reasons: "符合法定条件"),
        .serveCertificate,
        .withdraw(reason: nil),
        .decideOnTheSpot,
    ]

    static let actors: [CaseActor] = [.applicant, .system] + Role.allCases.map { CaseActor.staff($0) }

    /// Received 2026-09-25 10:00 (Mid-autumn holiday); the acceptance period ends with 2026-10-09.
    static let received = "2026-09-25 10:00"
    static let onTheSpot = CaseClockSettings(statutoryDays: 20, promisedDays: 15, isOnTheSpot: true)

    enum Situation: String, CaseIterable {
        case submittedEarly, submittedLate, awaitingCorrection, reviewAtReviewerStep, reviewAtHeadStep, reviewReady
        case reviewExtended, suspended, granted, closed, notAccepted, withdrawn
    }

    /// The case in each situation, and the instant the table's actions are tried at.
    static func build(_ situation: Situation) throws -> (CaseRun, String) {
        var run = try CaseRun(receivedAt: received, settings: onTheSpot)
        switch situation {
        case .submittedEarly:
            return (run, "2026-09-29 10:00")
        case .submittedLate:
            return (run, "2026-10-12 10:00")
        case .awaitingCorrection:
            try run.apply(.requestCorrection(items: ["身份证复印件"], reasonForRepeat: nil), by: .clerk, at: "2026-09-28 10:00")
            return (run, "2026-09-29 10:00")
        case .notAccepted:
            try run.apply(.refuseToAccept(reason: "不属于本机关职权"), by: .clerk, at: "2026-09-28 10:00")
            return (run, "2026-09-29 10:00")
        case .withdrawn:
            try run.apply(.withdraw(reason: "不再需要"), by: .applicant, at: "2026-09-28 10:00")
            return (run, "2026-09-29 10:00")
        default:
            break
        }
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        switch situation {
        case .reviewAtReviewerStep:
            return (run, "2026-09-29 10:00")
        case .reviewExtended:
            try run.apply(.extend(workingDays: 5, reason: "需现场核查"), by: .head, at: "2026-09-29 10:00")
            return (run, "2026-09-30 10:00")
        case .suspended:
            try run.apply(.suspend(procedure: .inspection, expectedEnd: try civil("2026-10-16"), notice: "需检验"),
                          by: .reviewer, at: "2026-09-29 10:00")
            return (run, "2026-09-30 10:00")
        default:
            break
        }
        try run.apply(.completeStep(note: nil), by: .reviewer, at: "2026-09-29 10:00")
        if situation == .reviewAtHeadStep { return (run, "2026-09-30 10:00") }
        try run.apply(.completeStep(note: nil), by: .head, at: "2026-09-30 10:00")
        if situation == .reviewReady { return (run, "2026-10-08 10:00") }
        try run.apply(.decide(outcome: .granted, reasons: "符合条件"), by: .head, at: "2026-10-08 10:00")
        if situation == .granted { return (run, "2026-10-09 10:00") }
        try run.apply(.serveCertificate, by: .clerk, at: "2026-10-09 10:00")
        #expect(situation == .closed)
        return (run, "2026-10-12 10:00")
    }

    /// Refusals that depend on the situation, once role and state are right.
    static func situationalRefusal(_ situation: Situation, _ kind: CaseActionKind, _ actor: CaseActor) throws -> CaseError? {
        let acceptanceDue = try endOfBeijingDay("2026-10-09")
        switch (situation, kind) {
        case (.submittedEarly, .deemAccepted): return .acceptancePeriodNotOver(due: acceptanceDue)
        case (.submittedLate, .requestCorrection): return .correctionNoticeTooLate(due: acceptanceDue)
        case (.reviewAtHeadStep, .completeStep) where actor == .reviewer:
            return .stepAssignedToOtherRole(step: "复审", role: .departmentHead)
        case (.reviewReady, .completeStep): return .noCurrentStep
        case (.reviewAtReviewerStep, .decide), (.reviewExtended, .decide): return .notReadyForDecision(remainingSteps: 2)
        case (.reviewAtHeadStep, .decide): return .notReadyForDecision(remainingSteps: 1)
        case (.reviewExtended, .extend): return .extensionAlreadyGranted(max: 10)
        default: return nil
        }
    }

    // MARK: The tests

    @Test func theTableCoversEveryStateActionAndActor() throws {
        var states = Set<CaseState>()
        for situation in Situation.allCases { states.insert(try Self.build(situation).0.snapshot.state) }
        #expect(states == Set(CaseState.allCases))
        #expect(Set(Self.sampleActions.map(\.kind)) == Set(CaseActionKind.allCases))
        #expect(Set(Self.expectedActors.keys) == Set(CaseActionKind.allCases))
        #expect(Set(Self.expectedStates.keys) == Set(CaseActionKind.allCases))
        #expect(Self.actors.count == Role.allCases.count + 2)
    }

    @Test(arguments: Situation.allCases)
    func everyActionByEveryActor(_ situation: Situation) throws {
        let (run, at) = try Self.build(situation)
        let now = try beijingTime(at)
        for action in Self.sampleActions {
            let kind = action.kind
            for actor in Self.actors {
                let expected: CaseError?
                if !Self.expectedActors[kind, default: []].contains(actor) {
                    expected = .notPermitted(action: kind, actor: actor)
                } else if !Self.expectedStates[kind, default: []].contains(run.snapshot.state) {
                    expected = .invalidState(state: run.snapshot.state, action: kind)
                } else {
                    expected = try Self.situationalRefusal(situation, kind, actor)
                }
                let label = "\(situation) \(kind) by \(actor)"
                do {
                    let (next, transition) = try CaseRules.apply(
                        action, to: run.snapshot, by: actor, at: now, settings: run.settings, calendar: run.calendar)
                    #expect(expected == nil, "\(label) was allowed; expected \(String(describing: expected))")
                    #expect(next.state == Self.expectedTargets[kind], "\(label) led to \(next.state)")
                    #expect(transition.from == run.snapshot.state && transition.to == next.state, "\(label)")
                    #expect(transition.action == kind.rawValue && transition.at == now, "\(label)")
                    #expect(next.lastActionAt == now, "\(label)")
                } catch {
                    #expect(error == expected, "\(label)")
                }
                let listed = CaseRules.allowedActions(for: run.snapshot, by: actor, at: now, settings: run.settings)
                #expect(listed.contains(kind.rawValue) == (expected == nil), "allowedActions disagrees: \(label)")
            }
        }
    }

    /// Counted by hand from the table: 5 + 5 + 3 + 6 + 5 + 5 + 5 + 3 + 3 + 0 + 0 + 0 (awaiting correction: the
    /// applicant hands corrections in or withdraws; the window clerk records corrections handed in on paper).
    @Test func theNumberOfAllowedCombinations() throws {
        var allowed = 0
        for situation in Situation.allCases {
            let (run, at) = try Self.build(situation)
            for actor in Self.actors {
                allowed += CaseRules.allowedActions(for: run.snapshot, by: actor, at: try beijingTime(at), settings: run.settings).count
            }
        }
        #expect(allowed == 40)
    }

    @Test func onTheSpotOnlyForOnTheSpotMatters() throws {
        let run = try CaseRun(receivedAt: Self.received)
        #expect(try run.refusal(.decideOnTheSpot, by: .clerk, at: "2026-09-28 10:00") == .notOnTheSpotMatter)
        #expect(!CaseRules.allowedActions(for: run.snapshot, by: .clerk, settings: run.settings).contains("decide_on_the_spot"))
    }

    @Test func actionsCannotBeDatedBeforeTheLastOne() throws {
        var run = try CaseRun(receivedAt: Self.received)
        try run.apply(.accept, by: .clerk, at: "2026-09-28 10:00")
        #expect(try run.refusal(.completeStep(note: nil), by: .reviewer, at: "2026-09-28 09:59")
            == .timeBeforeLastAction(action: .completeStep))
    }

    @Test func withoutATimeAllowedActionsIgnoresDeadlines() throws {
        let run = try CaseRun(receivedAt: Self.received)
        let listed = CaseRules.allowedActions(for: run.snapshot, by: .system, settings: run.settings)
        #expect(listed == ["deem_accepted"])
        let early = try beijingTime("2026-09-29 10:00")
        #expect(CaseRules.allowedActions(for: run.snapshot, by: .system, at: early, settings: run.settings).isEmpty)
    }
}
