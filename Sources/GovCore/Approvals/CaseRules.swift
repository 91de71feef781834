import Foundation

/// The life of an approval case (办件) under 《中华人民共和国行政许可法》, as a pure state machine.
///
/// - Art. 32: within 5 working days of receipt the authority accepts, refuses to accept (with a written
///   decision) or tells the applicant once and in full what to correct; if it does none of these, the
///   application is accepted by law from the day the materials were received.
/// - Art. 38: a refusal states its reasons and the right to administrative reconsideration or litigation.
/// - Art. 42: the decision is due within 20 working days of acceptance (or the matter's own statutory
///   limit); the head of the authority may extend it once by up to 10 working days, giving the reason.
/// - Art. 44: a granted certificate is issued and served within 10 working days of the decision.
/// - Art. 45: hearings, tendering, auction, inspection, testing, quarantine, appraisal and expert review
///   are not counted in the limit, and the applicant is told in writing.
/// - Art. 82: all these limits count working days (``WorkCalendar``).
public enum CaseRules {
    // MARK: Who and when

    /// Who may take each kind of action at all. Completing a step also needs the step's role (a department
    /// head may complete any step).
    public static func permittedActors(for kind: CaseActionKind) -> [CaseActor] {
        switch kind {
        case .accept, .refuseToAccept, .requestCorrection, .decideOnTheSpot: [.staff(.windowClerk)]
        // Corrections come online from the applicant, or on paper to the window, where the clerk records them for
        // the applicant (Art. 32 (4)); without that, a window applicant, who has no account, could never hand any in.
        case .submitCorrection: [.applicant, .staff(.windowClerk)]
        case .withdraw: [.applicant]
        case .deemAccepted: [.system]
        case .completeStep, .suspend, .resume: [.staff(.reviewer), .staff(.departmentHead)]
        case .extend, .decide: [.staff(.departmentHead)]
        case .serveCertificate: [.staff(.windowClerk), .staff(.reviewer), .staff(.departmentHead)]
        }
    }

    /// The states each kind of action starts from.
    public static func startStates(for kind: CaseActionKind) -> Set<CaseState> {
        switch kind {
        case .accept, .refuseToAccept, .requestCorrection, .deemAccepted, .decideOnTheSpot: [.submitted]
        case .submitCorrection: [.awaitingCorrection]
        case .completeStep, .suspend, .extend, .decide: [.inReview]
        case .resume: [.suspended]
        case .serveCertificate: [.granted]
        case .withdraw: [.submitted, .awaitingCorrection, .inReview, .suspended]
        }
    }

    /// Which actions `actor` could take now, by stable name (for showing only the allowed buttons).
    ///
    /// An action is listed when ``apply(_:to:by:at:settings:calendar:)`` would accept it with well-formed
    /// parameters (reasons given, an extension within range…). With `now` the time rules are checked too
    /// (deemed acceptance only after the 5 working days, corrections only within them); without it they are not.
    public static func allowedActions(
        for snapshot: CaseSnapshot, by actor: CaseActor, at now: Date? = nil, settings: CaseClockSettings
    ) -> [String] {
        CaseActionKind.allCases.filter { kind in
            do {
                try check(kind, snapshot: snapshot, actor: actor, now: now, settings: settings)
                return true
            } catch {
                return false
            }
        }.map(\.rawValue)
    }

    /// The checks that do not depend on an action's parameters, in the order their errors are reported:
    /// role, state, time order, then the action's own conditions.
    static func check(
        _ kind: CaseActionKind, snapshot: CaseSnapshot, actor: CaseActor, now: Date?, settings: CaseClockSettings
    ) throws(CaseError) {
        guard permittedActors(for: kind).contains(actor) else { throw .notPermitted(action: kind, actor: actor) }
        guard startStates(for: kind).contains(snapshot.state) else {
            throw .invalidState(state: snapshot.state, action: kind)
        }
        if let now, now < snapshot.lastActionAt { throw .timeBeforeLastAction(action: kind) }
        switch kind {
        case .deemAccepted:
            // Art. 32 (4): accepted by law only once the 5 working days have run out.
            if let now, now < snapshot.acceptanceDue { throw .acceptancePeriodNotOver(due: snapshot.acceptanceDue) }
        case .requestCorrection:
            // Art. 32 (4): after the 5 working days the application is already accepted by law.
            if let now, now >= snapshot.acceptanceDue { throw .correctionNoticeTooLate(due: snapshot.acceptanceDue) }
        case .completeStep:
            guard let step = snapshot.currentReviewStep else { throw .noCurrentStep }
            if actor != .staff(.departmentHead), actor != .staff(step.role) {
                throw .stepAssignedToOtherRole(step: step.name, role: step.role)
            }
        case .extend:
            if snapshot.extensionDays > 0 { throw .extensionAlreadyGranted(max: settings.maxExtensionDays) }
            if let now, let due = snapshot.statutoryDue, snapshot.pausedSince == nil, now > due {
                throw .extensionAfterStatutoryLimit(due: due)
            }
        case .decide:
            if !snapshot.readyForDecision {
                throw .notReadyForDecision(remainingSteps: snapshot.steps.count - snapshot.currentStep)
            }
        case .decideOnTheSpot:
            if !settings.isOnTheSpot { throw .notOnTheSpotMatter }
        case .accept, .refuseToAccept, .submitCorrection, .suspend, .resume, .serveCertificate, .withdraw:
            break
        }
    }

    // MARK: Moving a case on

    /// Applies `action` by `actor` at `now`; returns the new snapshot and the transition record, or throws
    /// a ``CaseError`` that says why not.
    public static func apply(
        _ action: CaseAction, to snapshot: CaseSnapshot, by actor: CaseActor, at now: Date,
        settings: CaseClockSettings, calendar: WorkCalendar
    ) throws(CaseError) -> (CaseSnapshot, CaseTransition) {
        let kind = action.kind
        try check(kind, snapshot: snapshot, actor: actor, now: now, settings: settings)
        var next = snapshot
        next.lastActionAt = now
        var notice: NoticeKind?
        var detail: String?

        func due(_ start: Date, _ days: Int, pauses: [DateInterval]) throws(CaseError) -> Date {
            let (date, provisional) = try CaseRules.due(from: start, workingDays: days, pauses: pauses, calendar: calendar)
            if provisional, !next.flags.contains(.provisionalDeadline) { next.flags.append(.provisionalDeadline) }
            return date
        }

        /// Acceptance starts the decision clocks (Art. 42) and the first review step.
        func startClocks(acceptedAt: Date) throws(CaseError) {
            next.acceptedAt = acceptedAt
            next.promisedDue = try due(acceptedAt, settings.promisedDays, pauses: next.pauses)
            next.statutoryDue = try due(acceptedAt, settings.statutoryDays + next.extensionDays, pauses: next.pauses)
            next.currentStep = 0
            try startStep(at: now)
        }

        func startStep(at start: Date) throws(CaseError) {
            if let step = next.currentReviewStep {
                next.stepStartedAt = start
                next.stepDue = try due(start, step.limitDays, pauses: next.pauses)
            } else {
                next.stepStartedAt = nil
                next.stepDue = nil
            }
        }

        func flag(_ flag: CaseFlag) {
            if !next.flags.contains(flag) { next.flags.append(flag) }
        }

        func required(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
                return nil
            }
            return trimmed
        }

        switch action {
        case .accept:
            if now > snapshot.acceptanceDue { flag(.acceptanceDecidedLate) }
            next.state = .inReview
            try startClocks(acceptedAt: now)
            notice = .acceptance

        case let .refuseToAccept(reason):
            guard let reason = required(reason) else { throw .reasonRequired(action: kind) }
            if now > snapshot.acceptanceDue { flag(.acceptanceDecidedLate) }
            next.state = .notAccepted
            next.closedAt = now
            notice = .nonAcceptance
            detail = reason

        case let .requestCorrection(items, reasonForRepeat):
            let cleaned = items.compactMap(required)
            guard !cleaned.isEmpty, cleaned.count == items.count else { throw .correctionItemsRequired }
            var lines = cleaned
            if snapshot.correctionNotices > 0 {
                guard let reason = required(reasonForRepeat) else { throw .repeatedCorrectionNeedsReason }
                flag(.repeatedCorrectionNotice)
                lines.append(reason)
            }
            next.correctionNotices += 1
            next.state = .awaitingCorrection
            notice = .correction
            detail = lines.joined(separator: "\n")

        case .submitCorrection:
            // Art. 32 (4): the complete materials are received now, so the 5 working days start again.
            next.state = .submitted
            next.acceptancePeriodStart = now
            next.acceptanceDue = try due(now, settings.acceptanceDays, pauses: [])

        case .deemAccepted:
            // Art. 32 (4): "自收到申请材料之日起即为受理" — accepted from the day the (last) materials arrived,
            // so the decision limit counts from there, not from the day the system noticed.
            flag(.acceptedByLaw)
            next.state = .inReview
            try startClocks(acceptedAt: snapshot.acceptancePeriodStart)
            notice = .acceptance

        case let .completeStep(note):
            next.currentStep += 1
            try startStep(at: now)
            detail = required(note)

        case let .suspend(procedure, expectedEnd, text):
            guard let text = required(text) else { throw .noticeRequired }
            guard expectedEnd >= CivilDate.beijing(now) else { throw .expectedEndInPast(expectedEnd) }
            next.state = .suspended
            next.pausedSince = now
            next.suspension = procedure
            next.suspensionExpectedEnd = expectedEnd
            notice = .specialProcedure
            detail = text

        case .resume:
            // Art. 45: the time of the excluded procedure is not counted; every clock moves by it.
            closePause()
            next.state = .inReview
            try recomputeDecisionClocks()
            if let start = next.stepStartedAt, let step = next.currentReviewStep {
                next.stepDue = try due(start, step.limitDays, pauses: next.pauses)
            }

        case let .extend(days, reason):
            guard days >= 1, days <= settings.maxExtensionDays else {
                throw .extensionOutOfRange(days: days, max: settings.maxExtensionDays)
            }
            guard let reason = required(reason) else { throw .reasonRequired(action: kind) }
            // Art. 42: the statutory limit moves; the authority's own promise does not.
            next.extensionDays = days
            try recomputeDecisionClocks()
            notice = .extension
            detail = reason

        case let .decide(outcome, reasons):
            let reasons = required(reasons)
            if outcome == .refused, reasons == nil { throw .reasonRequired(action: kind) }
            next.decidedAt = now
            next.outcome = outcome
            if let statutoryDue = snapshot.statutoryDue, now > statutoryDue { flag(.decidedAfterStatutoryLimit) }
            next.stepStartedAt = nil
            next.stepDue = nil
            switch outcome {
            case .granted:
                next.state = .granted
                next.certificateDue = try due(now, settings.certificateDays, pauses: [])
                notice = .grant
                detail = reasons
            case .refused:
                // Art. 38: reasons, and the right to reconsideration or litigation, in writing.
                next.state = .closed
                next.closedAt = now
                notice = .refusal
                detail = reasons
            }

        case .serveCertificate:
            next.state = .closed
            next.closedAt = now
            if let certificateDue = snapshot.certificateDue, now > certificateDue { flag(.certificateLate) }

        case let .withdraw(reason):
            if snapshot.state == .suspended { closePause() }
            next.state = .withdrawn
            next.closedAt = now
            next.stepStartedAt = nil
            next.stepDue = nil
            detail = required(reason)

        case .decideOnTheSpot:
            // 即办件: accepted and granted in the same visit; no review steps, the certificate follows (Art. 44).
            next.state = .granted
            try startClocks(acceptedAt: now)
            next.currentStep = next.steps.count
            next.stepStartedAt = nil
            next.stepDue = nil
            next.decidedAt = now
            next.outcome = .granted
            next.certificateDue = try due(now, settings.certificateDays, pauses: [])
            notice = .grant
        }

        func closePause() {
            if let since = next.pausedSince {
                next.pauses.append(DateInterval(start: since, end: max(since, now)))
            }
            next.pausedSince = nil
            next.suspension = nil
            next.suspensionExpectedEnd = nil
        }

        func recomputeDecisionClocks() throws(CaseError) {
            guard let acceptedAt = next.acceptedAt else { return }
            next.promisedDue = try due(acceptedAt, settings.promisedDays, pauses: next.pauses)
            next.statutoryDue = try due(acceptedAt, settings.statutoryDays + next.extensionDays, pauses: next.pauses)
        }

        let transition = CaseTransition(
            from: snapshot.state, to: next.state, action: action.name, at: now, notice: notice, detail: detail)
        return (next, transition)
    }

    /// A due date; when it runs into a year without calendar data it is counted provisionally
    /// (``WorkCalendar/provisional``) and `provisional` is true, so the case can be flagged instead of refused.
    public static func due(
        from start: Date, workingDays: Int, pauses: [DateInterval], calendar: WorkCalendar
    ) throws(CaseError) -> (Date, provisional: Bool) {
        do {
            return (try calendar.due(from: start, workingDays: workingDays, pauses: pauses), false)
        } catch .yearNotCovered {
            do { return (try calendar.provisional.due(from: start, workingDays: workingDays, pauses: pauses), true) } catch {
                throw .calendar(error)
            }
        } catch {
            throw .calendar(error)
        }
    }

    // MARK: Recounting

    /// The case's running limits counted again through `calendar` from the same starts, pauses and extension, after
    /// the calendar changed (a year's arrangement imported, a day corrected). Limits already judged stay as they
    /// were: the acceptance limit once accepted, the decision limits once decided, everything once finished. The
    /// provisional flag follows what the new count needed.
    public static func recount(
        _ snapshot: CaseSnapshot, settings: CaseClockSettings, calendar: WorkCalendar
    ) throws(CaseError) -> CaseSnapshot {
        guard !snapshot.state.isTerminal else { return snapshot }
        var next = snapshot
        var provisional = false
        func due(_ start: Date, _ days: Int, pauses: [DateInterval]) throws(CaseError) -> Date {
            let (date, isProvisional) = try CaseRules.due(from: start, workingDays: days, pauses: pauses, calendar: calendar)
            provisional = provisional || isProvisional
            return date
        }
        if snapshot.acceptedAt == nil {
            next.acceptanceDue = try due(snapshot.acceptancePeriodStart, settings.acceptanceDays, pauses: [])
        }
        if let acceptedAt = snapshot.acceptedAt, snapshot.decidedAt == nil {
            next.promisedDue = try due(acceptedAt, settings.promisedDays, pauses: snapshot.pauses)
            next.statutoryDue = try due(acceptedAt, settings.statutoryDays + snapshot.extensionDays, pauses: snapshot.pauses)
        }
        if let stepStartedAt = snapshot.stepStartedAt, let step = snapshot.currentReviewStep {
            next.stepDue = try due(stepStartedAt, step.limitDays, pauses: snapshot.pauses)
        }
        if snapshot.state == .granted, let decidedAt = snapshot.decidedAt {
            next.certificateDue = try due(decidedAt, settings.certificateDays, pauses: [])
        }
        next.flags.removeAll { $0 == .provisionalDeadline }
        if provisional { next.flags.append(.provisionalDeadline) }
        return next
    }

    // MARK: Supervision

    /// Working days left and a traffic light for the clock that runs in the case's state: the status of its primary
    /// obligation (``CaseObligations/primary(in:settings:)``) under the supervision engine's rules, so the workbench,
    /// the applicant and the supervision centre see one colour.
    ///
    /// - submitted: the acceptance limit (Art. 32); in review: the statutory limit (Art. 42) and the promise;
    ///   suspended: the same, frozen at the moment the procedure began (Art. 45); granted: the certificate
    ///   limit (Art. 44). Awaiting correction and finished cases have no running clock: `(.none, nil)`.
    /// - Days left are the working days after today up to the due date (0 on the last day); when late,
    ///   minus the working days since the due date, today included.
    /// - Red past the limit; yellow past the promised limit or with 2 or fewer working days left; else green.
    public static func light(
        for snapshot: CaseSnapshot, at now: Date, calendar: WorkCalendar, escalation: EscalationSettings = .standard
    ) throws(CalendarError) -> (light: TrafficLight, workingDaysLeft: Int?) {
        // A working-day status reads the due instants only, not the sizes of the limits, so default settings do.
        guard let obligation = CaseObligations.primary(in: snapshot, settings: CaseClockSettings()) else { return (.none, nil) }
        let evaluation = try ObligationRules.evaluate(obligation.clock, at: now, settings: escalation, calendar: calendar)
        return (evaluation.status.light, try ObligationRules.workingDaysLeft(obligation.clock, at: now, calendar: calendar))
    }

    /// The remedies a refusal must state (Art. 38; 《行政复议法》第二十条: 60 days; 《行政诉讼法》第四十六条: 6 months).
    public static func refusalRemedies(in language: Language) -> String {
        switch language {
        case .zhHans:
            "申请人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到之日起六个月内依法向人民法院提起行政诉讼。"
        case .en:
            "If you disagree with this decision you may apply for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit in a people's court within 6 months."
        }
    }
}
