import FluentKit
import Foundation
import GovCore
import GovStore
import SQLKit

/// Volume for supervision (`govhall seed --synthetic --cases N`): a year of realistic cases over the demo city's
/// departments and matters, in every state, written in bulk.
///
/// Every case is moved by the same pure rules the store uses (``CaseRules``), its obligations come from the same
/// ``CaseObligations`` and ``ObligationRules``, its violations from ``ViolationRules``, and the rollups are summed from
/// them, so the supervision centre reads figures that match the cases. What it leaves out, to stay fast at a million
/// cases: uploaded files (these are window applications on paper), certificates, and an audit entry per move (the load
/// is recorded as one audit entry, as a data import would be).
public enum SyntheticCases {
    public struct Summary: Sendable, Equatable {
        public var cases = 0
        public var events = 0
        public var obligations = 0
        public var openObligations = 0
        public var violations = 0
    }

    /// Seeds `count` cases received over the `days` days before `context.now`, `batch` cases per transaction.
    public static func seed(
        count: Int, days: Int = 365, seed: UInt64 = 0x5359_4E54_4845_5449, context: CaseContext, hasher: any PasswordHasher,
        gate: WriteGate, on database: any Database, batch: Int = 1000, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let matters = try await DemoApprovals.loadMatters(on: database)
        let cast = try await gate.transaction(on: database) { db in
            try await Cast.load(departments: Set(matters.map(\.department.id!)), hasher: hasher, now: context.now, on: db)
        }
        var versions: [UUID: UUID] = [:]
        for matter in matters {
            versions[try matter.matter.requireID()] = try await MatterStore.current(of: matter.matter, on: database).id
        }
        var generator = Generator(
            matters: matters, versions: versions, cast: cast, context: context, days: days, random: DemoRandom(seed: seed),
            counters: try await Counters.values(prefix: "tracking:\(context.regionCode):", on: database)
                .merging(try await Counters.values(prefix: "doc:", on: database)) { a, _ in a })
        var summary = Summary()
        // Kept apart from the generator: a copy of it per obligation would copy every total too.
        var totals = Totals()
        var generated = 0
        progress(0, count)
        // The next batch is generated while the last one is written: the rules and the database each keep a core busy.
        var writing: Task<Int, any Error>?
        while generated < count {
            let size = min(batch, count - generated)
            var rows = Rows()
            do {
                for _ in 0..<size { try generator.next(into: &rows, totals: &totals) }
            } catch {
                _ = try? await writing?.value
                throw error
            }
            generated += size
            summary.events += rows.events.count
            summary.obligations += rows.obligations.count
            summary.openObligations += rows.openObligations
            summary.violations += rows.violations.count
            if let writing { progress(try await writing.value, count) }
            let written = rows
            let doneAfter = generated
            writing = Task { try await gate.transaction(on: database) { db in try await written.write(on: db) }; return doneAfter }
        }
        if let writing { progress(try await writing.value, count) }
        summary.cases = generated
        let finalTotals = totals
        let counters = generator.counters
        let now = context.now
        let written = summary
        try await gate.transaction(on: database) { db in
            try await finalTotals.write(on: db)
            for (key, value) in counters { try await Counters.raise(key, to: value, on: db) }
            try await AuditLog.append(
                AuditEvent(action: "seed.synthetic", objectType: "installation", objectID: "cases",
                           summary: "\(written.cases) synthetic cases, \(written.obligations) obligations, \(written.violations) violations"),
                by: .system("seed"), at: now, on: db)
        }
        return summary
    }

    // MARK: - Generation

    /// Makes one case after another, keeping the serials and the running totals.
    struct Generator {
        let matters: [DemoMatter]
        let versions: [UUID: UUID]
        let cast: Cast
        let context: CaseContext
        let days: Int
        var random: DemoRandom
        var counters: [String: Int]

        var calendar: WorkCalendar { context.calendar }
        var now: Date { context.now }

        mutating func next(into rows: inout Rows, totals: inout Totals) throws {
            let matter = matters[random.int(0...(matters.count - 1))]
            let definition = matter.definition
            let settings = definition.clockSettings
            guard let receivedAt = receivedInstant() else { return }
            let applicant = applicantFor(matter)
            var snapshot = try CaseSnapshot.received(at: receivedAt, steps: definition.reviewSteps, settings: settings, calendar: calendar)
            var transitions: [(CaseTransition, CaseActor, CaseSnapshot)] = []
            var cursor = receivedAt
            var fees: [FeeFact] = []

            /// Applies `action` `gap` working days after the last move, if that is not in the future.
            func move(
                _ action: CaseAction, by actor: CaseActor, after gap: Int, minutes: ClosedRange<Int> = 20...400, at fixed: Date? = nil
            ) throws -> Bool {
                guard let at = fixed ?? later(than: cursor, workingDays: gap, minutes: minutes), at <= now else { return false }
                let before = snapshot
                let (next, transition) = try CaseRules.apply(action, to: snapshot, by: actor, at: at, settings: settings, calendar: calendar)
                snapshot = next
                cursor = at
                transitions.append((transition, actor, before))
                return true
            }

            let roll = random.int(0...999)
            var progressed = true
            if settings.isOnTheSpot, roll < 900 {
                progressed = try move(.decideOnTheSpot, by: .staff(.windowClerk), after: 0, minutes: 10...40)
            } else if roll < 40 {
                progressed = try move(.refuseToAccept(reason: "申请事项不属于本机关职权范围"), by: .staff(.windowClerk), after: random.int(0...2))
            } else {
                if roll < 110 {
                    progressed = try move(.requestCorrection(items: ["申请书：缺少申请人签字", "经营场所证明：复印件不清晰"], reasonForRepeat: nil),
                                          by: .staff(.windowClerk), after: random.int(0...2))
                    if progressed { progressed = try move(.submitCorrection, by: .staff(.windowClerk), after: random.int(1...6)) }
                }
                if progressed {
                    // Mostly accepted at once; now and then nobody answered and the law accepted it (Art. 32).
                    progressed = random.chance(2) && snapshot.acceptanceDue < now
                        ? try move(.deemAccepted, by: .system, after: 0, minutes: 0...0, at: snapshot.acceptanceDue.addingTimeInterval(60))
                        : try move(.accept, by: .staff(.windowClerk), after: random.int(0...2))
                }
                if progressed, snapshot.state == .inReview, let item = matter.chargedItems.first {
                    fees.append(FeeFact(
                        reference: Effects.current.newID().uuidString, item: item.nameZh, standardFen: item.amountFen,
                        chargedFen: random.chance(1) ? item.amountFen + 2000 : item.amountFen, at: cursor, recordedBy: cast.clerk.principal.displayName))
                }
                let late = random.chance(4)
                let withdraws = random.chance(3)
                while progressed, snapshot.state == .inReview, let step = snapshot.currentReviewStep {
                    if withdraws, random.chance(40) {
                        progressed = try move(.withdraw(reason: "申请人申请撤回"), by: .applicant, after: random.int(1...3))
                        break
                    }
                    if !matter.procedures.isEmpty, random.chance(4) {
                        let procedure = random.pick(matter.procedures)
                        let days = random.int(8...20)
                        progressed = try move(.suspend(procedure: procedure, expectedEnd: CivilDate.beijing(cursor).adding(days: days + 2),
                                                       notice: "因需\(procedure.title(in: .zhHans))，所需时间不计入审查期限"), by: .staff(step.role), after: 1)
                        if progressed { progressed = try move(.resume, by: .staff(step.role), after: days * 5 / 7) }
                        continue
                    }
                    if snapshot.extensionDays == 0, random.chance(2) {
                        progressed = try move(.extend(workingDays: random.int(5...10), reason: "需组织现场核查，情况复杂"), by: .staff(.departmentHead), after: 1)
                        continue
                    }
                    let gap = late ? max(step.limitDays, settings.statutoryDays / max(1, definition.reviewSteps.count)) + random.int(1...3)
                        : random.int(0...max(0, min(step.limitDays, settings.promisedDays / max(1, definition.reviewSteps.count))))
                    progressed = try move(.completeStep(note: nil), by: .staff(step.role), after: gap)
                }
                if progressed, snapshot.state == .inReview, snapshot.readyForDecision {
                    let refused = random.chance(6)
                    progressed = try move(.decide(outcome: refused ? .refused : .granted, reasons: refused ? "经审查，不符合法定条件" : "符合法定条件"),
                                          by: .staff(.departmentHead), after: late ? random.int(2...4) : random.int(0...1))
                }
            }
            if progressed, snapshot.state == .granted {
                _ = try move(.serveCertificate, by: .staff(.windowClerk), after: random.chance(2) ? random.int(11...12) : random.int(1...4))
            }
            try rows.add(self.case(
                matter: matter, applicant: applicant, receivedAt: receivedAt, snapshot: snapshot, transitions: transitions, fees: fees,
                totals: &totals))
        }

        /// A working-day instant in the history, 08:30 to 17:30 Beijing time.
        mutating func receivedInstant() -> Date? {
            for _ in 0..<20 {
                let date = CivilDate.beijing(now).adding(days: -random.int(0...(days - 1)))
                guard (try? calendar.isWorkingDay(date)) == true else { continue }
                let at = date.startInBeijing.addingTimeInterval(TimeInterval(random.int(510...1050) * 60))
                if at <= now { return at }
            }
            return nil
        }

        /// `workingDays` working days after `instant` (0: the same day), at a time of day a little after it.
        func later(than instant: Date, workingDays: Int, minutes: ClosedRange<Int>) -> Date? {
            var date = CivilDate.beijing(instant)
            var counted = 0
            while counted < workingDays {
                date = date.adding(days: 1)
                guard let working = try? calendar.isWorkingDay(date) else { return nil }
                if working { counted += 1 }
            }
            let start = workingDays == 0 ? instant : date.startInBeijing.addingTimeInterval(8.5 * 3600)
            let minute = (minutes.lowerBound + minutes.upperBound) / 2
            return start.addingTimeInterval(TimeInterval(minute * 60))
        }

        mutating func applicantFor(_ matter: DemoMatter) -> ApplicantDetails {
            if matter.serves(.enterprise), !matter.serves(.citizen) || random.chance(50) {
                let organisation = DemoPeople.organisation(&random)
                return ApplicantDetails(accountID: nil, kind: .enterprise, name: organisation.name, identifier: organisation.creditCode, phone: organisation.phone)
            }
            let person = DemoPeople.person(&random)
            return ApplicantDetails(accountID: nil, kind: .citizen, name: person.name, identifier: person.residentID, phone: person.phone)
        }

        mutating func serial(_ key: String) -> Int {
            let next = (counters[key] ?? 0) + 1
            counters[key] = next
            return next
        }

        /// The rows of one case: the case, its events and fees, its obligations with their changes of status, its violations.
        mutating func `case`(
            matter: DemoMatter, applicant: ApplicantDetails, receivedAt: Date, snapshot: CaseSnapshot,
            transitions: [(CaseTransition, CaseActor, CaseSnapshot)], fees: [FeeFact], totals: inout Totals
        ) throws -> CaseRows {
            let definition = matter.definition
            let department = matter.department
            let departmentID = try department.requireID()
            let caseID = Effects.current.newID()
            let day = CivilDate.beijing(receivedAt)
            let trackingNumber = try TrackingNumber.make(
                regionCode: context.regionCode, date: day, sequence: serial("tracking:\(context.regionCode):\(day)")).value
            var result = CaseRows(caseID: caseID, trackingNumber: trackingNumber, departmentID: departmentID, departmentPath: department.path,
                                  matterID: try matter.matter.requireID())

            // Events, as the store records them.
            func staff(_ actor: CaseActor) -> (UUID?, String, String) {
                switch actor {
                case .applicant: (nil, applicant.name, "applicant")
                case .system: (nil, "deemed acceptance", "system")
                case let .staff(role):
                    switch role {
                    case .windowClerk: (cast.clerk.principal.accountID, cast.clerk.principal.displayName, role.rawValue)
                    case .departmentHead: (cast.heads[departmentID]?.principal.accountID, cast.heads[departmentID]?.principal.displayName ?? "", role.rawValue)
                    default: (cast.reviewers[departmentID]?.principal.accountID, cast.reviewers[departmentID]?.principal.displayName ?? "", role.rawValue)
                    }
                }
            }
            result.events.append(EventRow(
                id: Effects.current.newID(), caseID: caseID, sequence: 1, action: "submit", fromState: nil, toState: CaseState.submitted.rawValue,
                actorAccountID: cast.clerk.principal.accountID, actorName: cast.clerk.principal.displayName, actorRole: "applicant",
                at: receivedAt, notice: nil, documentNumber: nil, detail: "window"))
            var timeline = [TimelineEvent(sequence: 1, action: "submit", at: receivedAt, actorRole: "applicant")]
            let cityName = "示范市"
            for (index, (transition, actor, _)) in transitions.enumerated() {
                let (accountID, name, role) = staff(actor)
                var number: String?
                if let notice = transition.notice {
                    let year = CivilDate.beijing(transition.at).year
                    number = DocumentNumber.format(
                        abbreviation: DocumentNumber.abbreviation(departmentName: department.nameZh, cityName: cityName), kind: notice, year: year,
                        serial: serial(DocumentNumber.counterKey(departmentCode: department.code, kind: notice, year: year)))
                }
                result.events.append(EventRow(
                    id: Effects.current.newID(), caseID: caseID, sequence: index + 2, action: transition.action, fromState: transition.from.rawValue,
                    toState: transition.to.rawValue, actorAccountID: accountID, actorName: name, actorRole: role, at: transition.at,
                    notice: transition.notice?.rawValue, documentNumber: number, detail: transition.detail))
                timeline.append(TimelineEvent(sequence: index + 2, action: transition.action, at: transition.at, actorRole: role, actorAccountID: accountID, actorName: name))
                var delta = ServiceCounts()
                switch CaseActionKind(rawValue: transition.action) {
                case .accept, .deemAccepted: delta.accepted = 1
                case .decide: delta.completed = 1
                case .decideOnTheSpot:
                    delta.accepted = 1
                    delta.completed = 1
                    delta.onTheSpot = 1
                    delta.early = 1
                default: break
                }
                totals.add(delta, day: .beijing(transition.at), unit: departmentID, path: department.path, matter: result.matterID)
            }
            var received = ServiceCounts()
            received.received = 1
            totals.add(received, day: day, unit: departmentID, path: department.path, matter: result.matterID)
            for fee in fees {
                result.fees.append(FeeRow(
                    id: UUID(uuidString: fee.reference) ?? Effects.current.newID(), caseID: caseID, item: fee.item, standard: fee.standardFen, charged: fee.chargedFen,
                    flagged: fee.chargedFen != fee.standardFen, reason: fee.chargedFen != fee.standardFen ? "加急办理" : nil,
                    recordedBy: fee.recordedBy, at: fee.at))
            }

            // Obligations: replayed through the same changes the store applies, then judged or evaluated now.
            var open: [ObligationKey: (RunningObligation, start: Date)] = [:]
            let settings = definition.clockSettings
            func finish(_ key: ObligationKey, at: Date, cancelled: Bool) throws {
                guard let (obligation, _) = open.removeValue(forKey: key) else { return }
                try result.obligations.append(Self.obligationRow(
                    obligation, caseRows: result, trackingNumber: trackingNumber, definition: definition, completedAt: at, cancelled: cancelled,
                    calendar: calendar, now: now, intakePath: cast.intakePath, totals: &totals))
            }
            var previous: CaseSnapshot?
            // The snapshot after each move: each transition's "before", then the last one.
            for (index, current) in (transitions.map(\.2) + [snapshot]).enumerated() {
                let change = CaseObligations.change(from: previous, to: current, settings: settings)
                let at = index == 0 ? receivedAt : transitions[index - 1].0.at
                for key in change.ended { try finish(key, at: at, cancelled: change.cancelled) }
                for obligation in change.moved { open[obligation.key]?.0 = obligation }
                for obligation in change.started where open[obligation.key] == nil { open[obligation.key] = (obligation, at) }
                previous = current
            }
            for (_, (obligation, _)) in open.sorted(by: { $0.key < $1.key }) {
                try result.obligations.append(Self.obligationRow(
                    obligation, caseRows: result, trackingNumber: trackingNumber, definition: definition, completedAt: nil, cancelled: false,
                    calendar: calendar, now: now, intakePath: cast.intakePath, totals: &totals))
                result.openObligations += 1
            }

            // Violations, as the rules find them in the whole timeline.
            let findings = ViolationRules.evaluate(
                CaseTimeline(
                    receivedAt: receivedAt, isOnTheSpotMatter: definition.isOnTheSpot, requiredSteps: definition.reviewSteps.count,
                    acceptanceDays: settings.acceptanceDays, snapshot: snapshot, events: timeline, fees: fees),
                calendar: calendar)
            for finding in findings {
                result.violations.append(ViolationRow(
                    id: Effects.current.newID(), rule: finding.rule.rawValue, severity: finding.severity.rawValue, subjectID: caseID, label: trackingNumber,
                    unitID: departmentID, unitPath: department.path, matterID: result.matterID, occurrence: finding.occurrence,
                    occurredAt: finding.occurredAt, detectedAt: finding.occurredAt,
                    evidence: String(decoding: try ApprovalCase.encoder.encode(finding.evidence), as: UTF8.self),
                    actorAccountID: finding.actorAccountID, actorName: finding.actorName))
                var delta = ServiceCounts()
                delta.violations = 1
                totals.add(delta, day: .beijing(finding.occurredAt), unit: departmentID, path: department.path, matter: result.matterID)
            }

            // A rating for two in five closed cases (好差评).
            if snapshot.state == .closed, random.chance(40), let closedAt = snapshot.closedAt, closedAt.addingTimeInterval(3600) <= now {
                let stars = random.pick([5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 2, 1])
                result.rating = (stars, stars <= 2 ? "等待时间较长" : nil, closedAt.addingTimeInterval(3600))
                var delta = ServiceCounts()
                delta.ratings = 1
                delta.ratingStars = stars
                delta.badRatings = stars <= 2 ? 1 : 0
                totals.add(delta, day: .beijing(closedAt.addingTimeInterval(3600)), unit: departmentID, path: department.path, matter: result.matterID)
            }

            var row = CaseRow()
            row.id = caseID
            row.trackingNumber = trackingNumber
            // Stored as filing stores it: the keyed hash (issue 20, item 8). Nobody is given these codes.
            row.queryCode = context.queryCodeKey.hash(QueryCode.generate(using: &random))
            row.matterID = result.matterID
            row.versionID = versions[result.matterID] ?? Effects.current.newID()
            row.departmentID = departmentID
            row.departmentPath = department.path
            row.intakePath = cast.intakePath
            row.applicant = applicant
            row.form = String(decoding: try ApprovalCase.encoder.encode(
                DemoForms.values(for: definition.form, applicant: DemoForms.Applicant(
                    name: applicant.name, identifier: applicant.identifier, kind: applicant.kind, isMale: random.chance(50)),
                    today: day, random: &random)), as: UTF8.self)
            row.snapshot = snapshot
            row.receivedAt = receivedAt
            row.updatedAt = transitions.last?.0.at ?? receivedAt
            result.row = row
            return result
        }

        /// One obligation row, judged at `completedAt` or evaluated now, with its changes of status as events.
        static func obligationRow(
            _ obligation: RunningObligation, caseRows: CaseRows, trackingNumber: String, definition: MatterDefinition, completedAt: Date?,
            cancelled: Bool, calendar: WorkCalendar, now: Date, intakePath: String, totals: inout Totals
        ) throws -> ObligationRow {
            let clock = obligation.clock
            let escalation = definition.escalation ?? .standard
            let thresholds = try ObligationRules.thresholds(of: clock, settings: escalation, calendar: calendar)
            let until = completedAt ?? now
            let status = clock.pausedSince.map { thresholds.status(at: min($0, until)) } ?? thresholds.status(at: until)
            var events: [(ObligationStatus, ObligationStatus, Date)] = []
            var last = ObligationStatus.normal
            let passed: [(Date, ObligationStatus)] = [(thresholds.reminderAt, ObligationStatus.reminder), (thresholds.warningAt, .warning), (thresholds.overdueAt, .overdue)]
                .compactMap { pair in pair.0.map { ($0, pair.1) } }.sorted { $0.0 < $1.0 }
            for (threshold, reached) in passed where reached > last && reached <= status && threshold <= until {
                events.append((last, reached, threshold))
                last = reached
            }
            if let overdue = events.first(where: { $0.1 == .overdue }), obligation.key.kind != .reviewStep {
                var delta = ServiceCounts()
                delta.overdue = 1
                totals.add(delta, day: .beijing(overdue.2), unit: caseRows.departmentID, path: caseRows.departmentPath, matter: caseRows.matterID)
            }
            var completion: Completion?
            var used: Int?
            if let completedAt {
                completion = cancelled ? .cancelled : try ObligationRules.completion(of: clock, at: completedAt, settings: escalation, calendar: calendar)
                used = try ObligationRules.used(clock, until: completedAt, calendar: calendar)
                if let completion, completion != .cancelled {
                    totals.addCompletion(completion, kind: obligation.key.kind, day: .beijing(completedAt), unit: caseRows.departmentID, path: caseRows.departmentPath)
                    if obligation.key.kind == .decision {
                        var delta = ServiceCounts()
                        switch completion {
                        case .early: delta.early = 1
                        case .onTime: delta.onTime = 1
                        case .late: delta.late = 1
                        case .cancelled: break
                        }
                        delta.daysUsed = used ?? 0
                        delta.daysPromised = clock.terms.promised
                        totals.add(delta, day: .beijing(completedAt), unit: caseRows.departmentID, path: caseRows.departmentPath, matter: caseRows.matterID)
                    }
                }
            } else {
                totals.open[OpenKey(unit: caseRows.departmentID, path: caseRows.departmentPath, kind: obligation.key.kind.rawValue, status: status.rawValue), default: 0] += 1
            }
            let next = completedAt == nil ? try ObligationRules.evaluate(clock, at: now, settings: escalation, calendar: calendar).nextChangeAt : nil
            return ObligationRow(
                id: Effects.current.newID(), kind: obligation.key.kind.rawValue, subjectID: caseRows.caseID, label: trackingNumber, sequence: obligation.key.sequence,
                stepLabel: obligation.label, unitID: caseRows.departmentID, unitPath: caseRows.departmentPath, reachPath: intakePath,
                matterID: caseRows.matterID, role: obligation.responsibleRole.rawValue, clock: clock,
                escalation: definition.escalation.map { (try? StoredJSON.text($0)) ?? "" },
                status: status.rawValue, statusVersion: events.count, nextChangeAt: next, completedAt: completedAt,
                completion: completion?.rawValue, used: used, updatedAt: completedAt ?? now, events: events)
        }
    }

    // MARK: - Rows

    struct CaseRow {
        var id = Effects.current.newID()
        var trackingNumber = ""
        var queryCode = ""
        var matterID = Effects.current.newID()
        var versionID = Effects.current.newID()
        var departmentID = Effects.current.newID()
        var departmentPath = ""
        var intakePath = ""
        var applicant = ApplicantDetails(accountID: nil, kind: .citizen, name: "", identifier: "", phone: nil)
        var form = "{}"
        var snapshot: CaseSnapshot?
        var receivedAt = Date()
        var updatedAt = Date()
    }

    struct EventRow {
        var id: UUID, caseID: UUID, sequence: Int, action: String, fromState: String?, toState: String
        var actorAccountID: UUID?, actorName: String, actorRole: String, at: Date, notice: String?, documentNumber: String?, detail: String?
    }

    struct FeeRow {
        var id: UUID, caseID: UUID, item: String, standard: Int?, charged: Int, flagged: Bool, reason: String?, recordedBy: String, at: Date
    }

    struct ObligationRow {
        var id: UUID, kind: String, subjectID: UUID, label: String, sequence: Int, stepLabel: String?, unitID: UUID, unitPath: String
        var reachPath: String, matterID: UUID, role: String, clock: ObligationClock, escalation: String?, status: String, statusVersion: Int
        var nextChangeAt: Date?, completedAt: Date?, completion: String?, used: Int?, updatedAt: Date
        var events: [(ObligationStatus, ObligationStatus, Date)]
    }

    struct ViolationRow {
        var id: UUID, rule: String, severity: String, subjectID: UUID, label: String, unitID: UUID, unitPath: String, matterID: UUID
        var occurrence: String, occurredAt: Date, detectedAt: Date, evidence: String, actorAccountID: UUID?, actorName: String?
    }

    struct CaseRows {
        var caseID: UUID
        var trackingNumber: String
        var departmentID: UUID
        var departmentPath: String
        var matterID: UUID
        var row = CaseRow()
        var events: [EventRow] = []
        var fees: [FeeRow] = []
        var obligations: [ObligationRow] = []
        var violations: [ViolationRow] = []
        var openObligations = 0
        var rating: (stars: Int, comment: String?, at: Date)?
    }

    /// One batch of cases' rows, written together.
    struct Rows: Sendable {
        var cases: [[any Encodable & Sendable]] = []
        var events: [[any Encodable & Sendable]] = []
        var fees: [[any Encodable & Sendable]] = []
        var obligations: [[any Encodable & Sendable]] = []
        var obligationEvents: [[any Encodable & Sendable]] = []
        var violations: [[any Encodable & Sendable]] = []
        var openObligations = 0

        mutating func add(_ rows: CaseRows) throws {
            let row = rows.row
            guard let snapshot = row.snapshot else { return }
            let json = String(decoding: try ApprovalCase.encoder.encode(snapshot), as: UTF8.self)
            let runningDue: Date? = switch snapshot.state {
            case .submitted: snapshot.acceptanceDue
            case .inReview: snapshot.statutoryDue
            case .granted: snapshot.certificateDue
            case .suspended, .awaitingCorrection, .closed, .notAccepted, .withdrawn: nil
            }
            cases.append([
                row.id, row.trackingNumber, row.queryCode, row.matterID, row.versionID, row.departmentID, row.departmentPath, row.intakePath,
                row.applicant.kind.rawValue, row.applicant.name, row.applicant.identifier, row.applicant.phone, ApplicationChannel.window.rawValue,
                row.form, snapshot.state.rawValue, json, runningDue, snapshot.flags.count, rows.events.count - 1, row.receivedAt, row.updatedAt,
                snapshot.closedAt, rows.rating?.stars, rows.rating?.comment, rows.rating?.at,
            ])
            for event in rows.events {
                events.append([event.id, event.caseID, event.sequence, event.action, event.fromState, event.toState, event.actorAccountID,
                               event.actorName, event.actorRole, event.at, event.notice, event.documentNumber, event.detail])
            }
            for fee in rows.fees {
                fees.append([fee.id, fee.caseID, fee.item, fee.standard, fee.charged, fee.flagged, fee.reason, fee.recordedBy, fee.at])
            }
            for o in rows.obligations {
                obligations.append([
                    o.id, o.kind, "case", o.subjectID, o.label, o.sequence, o.stepLabel, o.unitID, o.unitPath, o.matterID, o.role, o.reachPath,
                    o.clock.startedAt, o.clock.promisedDue, o.clock.statutoryDue, o.clock.isPaused,
                    String(decoding: try ApprovalCase.encoder.encode(o.clock), as: UTF8.self), o.escalation, o.status, o.statusVersion,
                    o.nextChangeAt, o.completedAt, o.completion, o.used, o.updatedAt,
                ])
                for (index, (from, to, at)) in o.events.enumerated() {
                    obligationEvents.append([Effects.current.newID(), o.id, index + 1, from.rawValue, to.rawValue, at, at])
                }
            }
            openObligations += rows.openObligations
            for v in rows.violations {
                violations.append([v.id, v.rule, v.severity, "case", v.subjectID, v.label, v.unitID, v.unitPath, v.matterID, v.occurrence,
                                   v.occurredAt, v.detectedAt, v.evidence, v.actorAccountID, v.actorName, "open"])
            }
        }

        func write(on database: any Database) async throws {
            try await BulkInsert.rows(into: ApprovalCase.schema, columns: [
                "id", "tracking_number", "query_code", "matter_id", "matter_version_id", "department_id", "department_path", "intake_path",
                "applicant_kind", "applicant_name", "applicant_identifier", "applicant_phone", "channel", "form_data", "state", "snapshot",
                "running_due", "flag_count", "version", "received_at", "updated_at", "closed_at", "rating", "rating_comment", "rated_at",
            ], cases, on: database)
            try await BulkInsert.rows(into: CaseEvent.schema, columns: [
                "id", "case_id", "sequence", "action", "from_state", "to_state", "actor_account_id", "actor_name", "actor_role", "at", "notice",
                "document_number", "detail",
            ], events, on: database)
            try await BulkInsert.rows(into: FeeRecord.schema, columns: [
                "id", "case_id", "item_name", "standard_fen", "charged_fen", "flagged", "reason", "recorded_by", "recorded_at",
            ], fees, on: database)
            try await BulkInsert.rows(into: ObligationRecord.schema, columns: [
                "id", "kind", "subject_type", "subject_id", "subject_label", "sequence", "label", "unit_id", "unit_path", "matter_id",
                "responsible_role", "reach_path", "started_at", "promised_due", "statutory_due", "paused", "clock", "escalation", "status",
                "status_version", "next_change_at", "completed_at", "completion", "used", "updated_at",
            ], obligations, on: database)
            try await BulkInsert.rows(into: ObligationEvent.schema, columns: [
                "id", "obligation_id", "status_version", "from_status", "to_status", "at", "recorded_at",
            ], obligationEvents, on: database)
            try await BulkInsert.rows(into: ViolationRecord.schema, columns: [
                "id", "rule", "severity", "subject_type", "subject_id", "subject_label", "unit_id", "unit_path", "matter_id", "occurrence",
                "occurred_at", "detected_at", "evidence", "actor_account_id", "actor_name", "status",
            ], violations, on: database)
        }
    }

    struct DayKey: Hashable { var day: CivilDate; var unit: UUID; var path: String; var matter: UUID }
    struct KindKey: Hashable { var day: CivilDate; var unit: UUID; var path: String; var kind: ObligationKind }
    struct OpenKey: Hashable { var unit: UUID; var path: String; var kind: String; var status: String }

    /// The rollups of everything generated, written once at the end.
    struct Totals: Sendable {
        var service: [DayKey: ServiceCounts] = [:]
        var completions: [KindKey: ObligationCounts] = [:]
        var open: [OpenKey: Int] = [:]

        mutating func add(_ delta: ServiceCounts, day: CivilDate, unit: UUID, path: String, matter: UUID) {
            service[DayKey(day: day, unit: unit, path: path, matter: matter), default: ServiceCounts()] = service[DayKey(day: day, unit: unit, path: path, matter: matter), default: ServiceCounts()] + delta
        }

        mutating func addCompletion(_ completion: Completion, kind: ObligationKind, day: CivilDate, unit: UUID, path: String) {
            let key = KindKey(day: day, unit: unit, path: path, kind: kind)
            let delta = ObligationCounts(early: completion == .early ? 1 : 0, onTime: completion == .onTime ? 1 : 0, late: completion == .late ? 1 : 0)
            completions[key, default: ObligationCounts()] = completions[key, default: ObligationCounts()] + delta
        }

        func write(on database: any Database) async throws {
            for (key, counts) in service {
                try await Rollups.add(counts, day: key.day, unitID: key.unit, unitPath: key.path, matterID: key.matter, on: database)
            }
            for (key, counts) in completions {
                for (completion, n) in [(Completion.early, counts.early), (.onTime, counts.onTime), (.late, counts.late)] where n > 0 {
                    try await Rollups.addCompletion(completion, kind: key.kind, day: key.day, unitID: key.unit, unitPath: key.path, count: n, on: database)
                }
            }
            for (key, n) in open where n > 0 {
                guard let kind = ObligationKind(rawValue: key.kind), let status = ObligationStatus(rawValue: key.status) else { continue }
                try await Rollups.addOpen(kind: kind, status: status, unitID: key.unit, unitPath: key.path, count: n, on: database)
            }
        }
    }
}
