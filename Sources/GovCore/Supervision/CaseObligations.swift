import Foundation

/// Names one obligation of a subject: its kind and which one of that kind (the acceptance round, the step's index).
public struct ObligationKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: ObligationKind
    public var sequence: Int

    public init(_ kind: ObligationKind, _ sequence: Int = 0) {
        self.kind = kind
        self.sequence = sequence
    }

    public static func < (lhs: ObligationKey, rhs: ObligationKey) -> Bool {
        (lhs.kind.rawValue, lhs.sequence) < (rhs.kind.rawValue, rhs.sequence)
    }

    public var description: String { "\(kind.rawValue)#\(sequence)" }
}

/// An obligation that runs now: its clock and the role that must act on it.
public struct RunningObligation: Equatable, Sendable {
    public var key: ObligationKey
    public var clock: ObligationClock
    /// Who must act: its holders over the responsible unit are told when it escalates, with the unit's heads.
    public var responsibleRole: Role
    /// What the duty is, for lists and notices: the step's name, for instance.
    public var label: String?

    public init(key: ObligationKey, clock: ObligationClock, responsibleRole: Role, label: String? = nil) {
        self.key = key
        self.clock = clock
        self.responsibleRole = responsibleRole
        self.label = label
    }
}

/// The obligations an approval case creates, read off its snapshot: the case state machine (``CaseRules``) decides when
/// a clock starts, pauses, is extended and stops; these are the clocks supervision watches (DESIGN.md, "The one idea").
public enum CaseObligations {
    /// The obligations running in `snapshot`, by key.
    ///
    /// - 待受理: acceptance, one per acceptance period (a correction handed in opens the next, Art. 32 (4));
    /// - 审查中 / 特别程序: the decision (Art. 42) and the current review step, paused together (Art. 45);
    /// - 准予: serving the certificate (Art. 44).
    public static func running(in snapshot: CaseSnapshot, settings: CaseClockSettings) -> [ObligationKey: RunningObligation] {
        var running: [ObligationKey: RunningObligation] = [:]
        let provisional = snapshot.flags.contains(.provisionalDeadline)
        func add(_ obligation: RunningObligation) { running[obligation.key] = obligation }
        switch snapshot.state {
        case .submitted:
            add(RunningObligation(
                key: ObligationKey(.acceptance, snapshot.correctionNotices),
                clock: ObligationClock(
                    startedAt: snapshot.acceptancePeriodStart,
                    terms: .workingDays(promised: settings.acceptanceDays, statutory: settings.acceptanceDays),
                    promisedDue: snapshot.acceptanceDue, statutoryDue: snapshot.acceptanceDue, provisional: provisional),
                responsibleRole: .windowClerk))
        case .inReview, .suspended:
            if let acceptedAt = snapshot.acceptedAt, let promisedDue = snapshot.promisedDue, let statutoryDue = snapshot.statutoryDue {
                add(RunningObligation(
                    key: ObligationKey(.decision),
                    clock: ObligationClock(
                        startedAt: acceptedAt,
                        terms: .workingDays(promised: settings.promisedDays, statutory: settings.statutoryDays, extension: snapshot.extensionDays),
                        pauses: snapshot.pauses, pausedSince: snapshot.pausedSince,
                        promisedDue: promisedDue, statutoryDue: statutoryDue, provisional: provisional),
                    responsibleRole: .departmentHead))
            }
            if let step = snapshot.currentReviewStep, let startedAt = snapshot.stepStartedAt, let due = snapshot.stepDue {
                add(RunningObligation(
                    key: ObligationKey(.reviewStep, snapshot.currentStep),
                    clock: ObligationClock(
                        startedAt: startedAt, terms: .workingDays(promised: step.limitDays, statutory: step.limitDays),
                        pauses: snapshot.pauses.filter { $0.end > startedAt }, pausedSince: snapshot.pausedSince,
                        promisedDue: due, statutoryDue: due, provisional: provisional),
                    responsibleRole: step.role, label: step.name))
            }
        case .granted:
            if let decidedAt = snapshot.decidedAt, let due = snapshot.certificateDue {
                add(RunningObligation(
                    key: ObligationKey(.certificate),
                    clock: ObligationClock(
                        startedAt: decidedAt, terms: .workingDays(promised: settings.certificateDays, statutory: settings.certificateDays),
                        promisedDue: due, statutoryDue: due, provisional: provisional),
                    responsibleRole: .windowClerk))
            }
        case .awaitingCorrection, .closed, .notAccepted, .withdrawn:
            break
        }
        return running
    }

    /// The obligation whose clock the case shows: the one its state is waiting on.
    public static func primary(in snapshot: CaseSnapshot, settings: CaseClockSettings) -> RunningObligation? {
        let running = running(in: snapshot, settings: settings)
        return running[ObligationKey(.acceptance, snapshot.correctionNotices)] ?? running[ObligationKey(.decision)]
            ?? running[ObligationKey(.certificate)]
    }

    /// What changed between two snapshots of one case: obligations that ended, began, or whose clock moved.
    public struct Change: Equatable, Sendable {
        public var ended: [ObligationKey]
        public var started: [RunningObligation]
        public var moved: [RunningObligation]
        /// The case ended without a decision being due any more (withdrawal): ended obligations are cancelled.
        public var cancelled: Bool
    }

    public static func change(
        from before: CaseSnapshot?, to after: CaseSnapshot, settings: CaseClockSettings
    ) -> Change {
        let old = before.map { running(in: $0, settings: settings) } ?? [:]
        let new = running(in: after, settings: settings)
        return Change(
            ended: old.keys.filter { new[$0] == nil }.sorted(),
            started: new.values.filter { old[$0.key] == nil }.sorted { $0.key < $1.key },
            moved: new.values.filter { obligation in old[obligation.key].map { $0 != obligation } ?? false }.sorted { $0.key < $1.key },
            cancelled: after.state == .withdrawn)
    }
}
