import FluentKit
import Foundation
import GovCore
import GovStore

/// A few hundred approval cases for the demo city, so that every page of the hall, the workbench and supervision
/// has something to show: cases in every state, at every review step, some late, corrected twice, accepted by
/// law, extended, suspended for an Art. 45 procedure, granted with certificates (one revoked, one expiring soon),
/// refused, not accepted, withdrawn, with fees and ratings, and two joint (并联) applications.
///
/// Nothing is written behind the rules' back: every case is filed with ``CaseStore/submit`` and moved with
/// ``CaseStore/act`` by a principal loaded from a demo account, at a back-dated instant of the last two months
/// (working hours of working days), all moves of all cases in time order. So histories, clocks, document numbers,
/// certificates and the audit log are what real use would have produced. The plan comes from a seeded generator:
/// the same calendar and "now" give the same demo.
public enum DemoApprovals {
    public struct Summary: Sendable, Equatable {
        public var cases: Int
        public var bundles: Int
        public var certificates: Int
        public var byState: [CaseState: Int]
    }

    /// When the demo catalogue is published: a quarter before now, before the demo cases begin.
    public static func catalogueInstant(before now: Date) -> Date { now.addingTimeInterval(-91 * 86_400) }

    /// The default seed of the plan.
    public static let defaultSeed: UInt64 = 0x476F_7648_616C_6C01

    /// Seeds the demo cases. Needs the demo city (``DemoCity/seed(hasher:now:on:)``) and its matters
    /// (``DemoMatters/seed(json:by:now:on:)``); `context.now` is the end of the demo's history. Call inside a
    /// transaction. The staff of departments without demo accounts are created here, with a random password that
    /// is never shown (they are the names in those cases' histories, not sign-ins); `hasher` hashes that one secret.
    @discardableResult
    public static func seed(
        context: CaseContext, hasher: any PasswordHasher, seed: UInt64 = defaultSeed, on database: any Database
    ) async throws -> Summary {
        guard let end = historyEnd(now: context.now, calendar: context.calendar) else {
            return Summary(cases: 0, bundles: 0, certificates: 0, byState: [:])
        }
        let matters = try await loadMatters(on: database)
        let cast = try await Cast.load(
            departments: Set(matters.map(\.department.id!)), hasher: hasher, now: catalogueInstant(before: context.now), on: database)
        var planner = Planner(calendar: context.calendar, end: end, matters: matters, cast: cast, random: DemoRandom(seed: seed))
        try await Runner(script: planner.script(), cast: cast, context: context).run(on: database)
        _ = try await SupervisionSweep.drain(context: context, on: database)

        let rows = try await ApprovalCase.query(on: database).all()
        var byState: [CaseState: Int] = [:]
        for row in rows { byState[row.caseState, default: 0] += 1 }
        return Summary(
            cases: rows.count, bundles: try await CaseBundle.query(on: database).count(),
            certificates: try await IssuedCertificate.query(on: database).count(), byState: byState)
    }

    /// The last instant of the demo's history: now, or the end of the calendar's last year when now lies past it
    /// (the rules cannot count working days in a year the calendar has no data for). `nil` without a calendar.
    static func historyEnd(now: Date, calendar: WorkCalendar) -> Date? {
        guard let lastYear = calendar.coveredYears.max() else { return nil }
        let today = CivilDate.beijing(now)
        if calendar.coveredYears.contains(today.year) { return now }
        guard today.year > lastYear, let lastDay = CivilDate(year: lastYear, month: 12, day: 31) else { return nil }
        return lastDay.startInBeijing.addingTimeInterval(17 * 3600)
    }

    static func loadMatters(on database: any Database) async throws -> [DemoMatter] {
        var loaded: [DemoMatter] = []
        for matter in try await Matter.query(on: database).sort(\.$code).all() {
            guard let department = try await OrganisationUnit.find(matter.$department.id, on: database) else { continue }
            let definition = try await MatterStore.current(of: matter, on: database).definition
            loaded.append(DemoMatter(matter: matter, definition: definition, department: department))
        }
        guard !loaded.isEmpty else { throw DemoApprovalsError.noMatters }
        return loaded
    }
}

public enum DemoApprovalsError: Error, CustomStringConvertible {
    case noMatters
    case missingDemoAccount(String)
    case noServiceCentre
    /// A move of the plan failed: a bug in the plan, since every move is checked against the rules beforehand.
    case moveFailed(trackingNumber: String?, move: String, underlying: String)

    public var description: String {
        switch self {
        case .noMatters: "the demo cases need the demo matters (DemoMatters.seed) first"
        case let .missingDemoAccount(name): "the demo cases need the demo city's account \(name) (DemoCity.seed)"
        case .noServiceCentre: "the demo city has no service centre"
        case let .moveFailed(number, move, underlying): "demo case \(number ?? "(not filed)"), \(move): \(underlying)"
        }
    }
}

struct DemoMatter {
    var matter: Matter
    var definition: MatterDefinition
    var department: OrganisationUnit

    var isOnTheSpot: Bool { definition.isOnTheSpot }
    var steps: [ReviewStep] { definition.reviewSteps }
    var procedures: [ExcludedProcedure] { definition.possibleProcedures }
    var chargedItems: [FeeItem] {
        if case let .charged(items) = definition.fees { return items }
        return []
    }

    func serves(_ kind: AccountKind) -> Bool {
        definition.audiences.contains(kind == .citizen ? .citizen : .enterprise)
    }
}

// MARK: - The cast

/// A member of staff as the store sees them: the principal for access checks, the actor for the audit log.
struct DemoStaff {
    var principal: Principal
    var actor: AuditActor

    init(principal: Principal, role: Role) {
        self.principal = principal
        let grant = principal.grants(for: role).first
        actor = AuditActor(
            accountID: principal.accountID, name: principal.displayName, role: role, unitID: grant?.unitID,
            unitPath: grant?.unitPath, requestID: nil, clientAddress: nil)
    }
}

/// Who applies: an account holder (the demo citizen and enterprise) or a person at the window.
struct DemoApplicant {
    var details: ApplicantDetails
    var isMale: Bool
    /// Set for account holders, who act on their own cases (corrections, withdrawal, rating).
    var staff: DemoStaff?

    var formApplicant: DemoForms.Applicant {
        DemoForms.Applicant(name: details.name, identifier: details.identifier, kind: details.kind, isMale: isMale)
    }
}

struct Cast {
    var clerk: DemoStaff
    var reviewers: [UUID: DemoStaff]
    var heads: [UUID: DemoStaff]
    var citizen: DemoApplicant
    var enterprise: DemoApplicant
    var intakePath: String
    /// Departments whose reviewer and head are the demo city's own sign-ins (the market regulator).
    var demoDepartments: Set<UUID>

    static let departmentSlugs = ["market", "health", "planning", "housing", "transport", "ecology", "police", "data", "hrss", "civil", "education"]
    static let staffNames = [
        "刘芳", "黄磊", "吴静", "周杰", "徐丽", "孙涛", "马娟", "朱明", "胡霞", "郭强", "何敏", "林超", "高洁", "罗勇", "郑艳",
        "梁伟", "谢娜", "宋刚", "唐静", "许杰", "韩梅",
    ]

    /// The demo city's clerk, the market regulator's reviewer and head, and for every other department with matters a
    /// reviewer and a head of its own, created here.
    static func load(departments: Set<UUID>, hasher: any PasswordHasher, now: Date, on database: any Database) async throws -> Cast {
        func principal(_ username: String) async throws -> (Account, Principal) {
            guard let account = try await Account.query(on: database).filter(\.$username == username).first() else {
                throw DemoApprovalsError.missingDemoAccount(username)
            }
            return (account, try await IdentityStore.principal(for: account, on: database))
        }
        let clerk = DemoStaff(principal: try await principal("clerk").1, role: .windowClerk)
        let demoReviewer = DemoStaff(principal: try await principal("reviewer").1, role: .reviewer)
        let demoHead = DemoStaff(principal: try await principal("head").1, role: .departmentHead)
        guard let centre = try await OrganisationUnit.query(on: database).filter(\.$kind == .serviceCentre).sort(\.$path).first() else {
            throw DemoApprovalsError.noServiceCentre
        }

        var reviewers: [UUID: DemoStaff] = [:]
        var heads: [UUID: DemoStaff] = [:]
        var demoDepartments = Set<UUID>()
        // One hash for every created account, of a random secret nobody is told: they cannot sign in, and seeding
        // pays for one bcrypt hash instead of twenty.
        let locked = LockedPasswordHasher(hash: try hasher.hash(Secrets.token(length: 32)), base: hasher)
        let units = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).all()
        var nameIndex = 0
        for unit in units.sorted(by: { $0.code < $1.code }) where departments.contains(unit.id!) {
            if demoReviewer.principal.has(.reviewer, over: unit.path), demoHead.principal.has(.departmentHead, over: unit.path) {
                reviewers[unit.id!] = demoReviewer
                heads[unit.id!] = demoHead
                demoDepartments.insert(unit.id!)
                continue
            }
            let slug = DemoCity.departmentNames.firstIndex { $0.zh == unit.nameZh }.map { departmentSlugs[$0] } ?? "dept\(nameIndex)"
            for (role, prefix, title) in [(Role.reviewer, "reviewer", "承办人"), (Role.departmentHead, "head", "负责人")] {
                // Seeded before (the demo cases, then synthetic ones): the same people.
                if let existing = try await Account.query(on: database).filter(\.$username == "\(prefix).\(slug)").first() {
                    nameIndex += 1
                    let staff = DemoStaff(principal: try await IdentityStore.principal(for: existing, on: database), role: role)
                    if role == .reviewer { reviewers[unit.id!] = staff } else { heads[unit.id!] = staff }
                    continue
                }
                let account = try await AccountStore.create(
                    ValidAccountApplication(
                        kind: .staff, username: "\(prefix).\(slug)", displayName: "\(title) \(staffNames[nameIndex % staffNames.count])",
                        password: "", residentID: nil, creditCode: nil, phone: nil),
                    unitID: unit.id, hasher: locked, by: .system("seed"), now: now, on: database)
                nameIndex += 1
                try await AccountStore.grant(role, to: account, on: unit, includesSubtree: role == .departmentHead, by: .system("seed"), now: now, on: database)
                let staff = DemoStaff(principal: try await IdentityStore.principal(for: account, on: database), role: role)
                if role == .reviewer { reviewers[unit.id!] = staff } else { heads[unit.id!] = staff }
            }
        }

        let (citizenAccount, citizenPrincipal) = try await principal("citizen")
        let (enterpriseAccount, enterprisePrincipal) = try await principal("enterprise")
        let citizenID = citizenAccount.residentID ?? DemoCity.demoResidentID
        return Cast(
            clerk: clerk, reviewers: reviewers, heads: heads,
            citizen: DemoApplicant(
                details: ApplicantDetails(
                    accountID: citizenAccount.id, kind: .citizen, name: citizenAccount.displayName, identifier: citizenID,
                    phone: citizenAccount.phone),
                isMale: (try? ResidentIdentityNumber(citizenID).isMale) ?? true,
                staff: DemoStaff(principal: citizenPrincipal, role: .applicant)),
            enterprise: DemoApplicant(
                details: ApplicantDetails(
                    accountID: enterpriseAccount.id, kind: .enterprise, name: enterpriseAccount.displayName,
                    identifier: enterpriseAccount.creditCode ?? DemoCity.demoEnterpriseCode, phone: enterpriseAccount.phone),
                isMale: true, staff: DemoStaff(principal: enterprisePrincipal, role: .applicant)),
            intakePath: centre.path, demoDepartments: demoDepartments)
    }
}

/// Returns one precomputed hash for any password, and checks against it with the real hasher.
struct LockedPasswordHasher: PasswordHasher {
    var hash: String
    var base: any PasswordHasher

    func hash(_ password: String) throws -> String { hash }
    func verify(_ password: String, against hash: String) throws -> Bool { try base.verify(password, against: hash) }
}

// MARK: - The plan

/// Who takes a move, resolved per case: the clerk at the window, the department's reviewer or head, the
/// applicant (an account holder), or the system's own timer.
enum DemoRole {
    case clerk, reviewer, head, applicant, system
}

enum DemoMove {
    case act(CaseAction, DemoRole)
    /// Files handed in for these material keys (a correction), by the applicant or the clerk.
    case materials([String], DemoRole)
    /// A fee of `fen` for the matter's item `item` (nil: the matter is free), with a reason when it differs.
    case fee(item: Int?, fen: Int, reason: String?)
    case rate(stars: Int, comment: String?)
    case revokeCertificate(reason: String)
    /// An Art. 45 procedure expected to take `days` calendar days; becomes ``CaseAction/suspend`` once dated.
    case suspend(ExcludedProcedure, days: Int)

    var title: String {
        switch self {
        case let .act(action, _): action.name
        case .materials: "materials"
        case .fee: "fee"
        case .rate: "rate"
        case .revokeCertificate: "revoke"
        case .suspend: CaseActionKind.suspend.rawValue
        }
    }
}

struct TimedMove {
    var at: Date
    var move: DemoMove
}

struct CasePlan {
    var matter: DemoMatter
    var applicant: DemoApplicant
    var channel: ApplicationChannel
    var form: [String: String]
    var materialKeys: [String]
    var submittedAt: Date
    /// Moves after filing, in time order.
    var moves: [TimedMove]
    /// The joint application this case is a part of; it is then filed by the bundle, not on its own.
    var bundle: Int?
}

struct BundlePlan {
    var matters: [DemoMatter]
    var applicant: DemoApplicant
    var channel: ApplicationChannel
    var form: [String: String]
    var materialKeys: [String]
    var submittedAt: Date
    var parts: [Int]
    var extensionAt: Date?
    var extensionDays: Int
}

struct DemoScript {
    var cases: [CasePlan]
    var bundles: [BundlePlan]
}

/// What happens to a planned case, and so how far its moves go.
enum Fate: CaseIterable {
    case freshSubmission, overdueSubmission, awaitingCorrection, repeatedCorrection, correctedAndGranted
    case reviewOnTime, reviewPastPromise, reviewOverdue, extended, extendedAndGranted, deemedAccepted
    case suspended, resumed, resumedAndGranted
    case grantedAwaitingCertificate, certificateOverdue
    case granted, grantedOnTheSpot, refused, notAccepted, withdrawn
    case acceptedByLawAndGranted, decidedLate, certificateServedLate, feeForced, revoked, expiringCertificate

    /// How many cases of each fate the demo has (about 310 with the joint applications' parts).
    var count: Int {
        switch self {
        case .freshSubmission: 24
        case .overdueSubmission: 4
        case .awaitingCorrection: 20
        case .repeatedCorrection: 3
        case .correctedAndGranted: 10
        case .reviewOnTime: 32
        case .reviewPastPromise: 10
        case .reviewOverdue: 8
        case .extended: 6
        case .extendedAndGranted: 2
        case .deemedAccepted: 3
        case .suspended: 14
        case .resumed: 5
        case .resumedAndGranted: 5
        case .grantedAwaitingCertificate: 12
        case .certificateOverdue: 2
        case .granted: 80
        case .grantedOnTheSpot: 20
        case .refused: 18
        case .notAccepted: 14
        case .withdrawn: 8
        case .acceptedByLawAndGranted: 2
        case .decidedLate: 2
        case .certificateServedLate: 1
        case .feeForced: 2
        case .revoked: 1
        case .expiringCertificate: 1
        }
    }

    /// How many of them belong to the demo citizen and enterprise (alternately), so the portal shows every state.
    var ownedByDemoAccounts: Int {
        switch self {
        case .withdrawn: count
        case .granted: 8
        case .freshSubmission, .awaitingCorrection, .reviewOnTime, .suspended, .grantedAwaitingCertificate, .refused,
             .notAccepted, .repeatedCorrection, .resumed, .expiringCertificate: 2
        case .grantedOnTheSpot: 1
        default: 0
        }
    }
}

struct Planner {
    let calendar: WorkCalendar
    let end: Date
    let today: CivilDate
    let matters: [DemoMatter]
    let cast: Cast
    var random: DemoRandom
    var use: [Int]
    /// The furthest back a case may start, in working days (about two calendar months).
    let maxHistory = 42

    init(calendar: WorkCalendar, end: Date, matters: [DemoMatter], cast: Cast, random: DemoRandom) {
        self.calendar = calendar
        self.end = end
        today = CivilDate.beijing(end)
        self.matters = matters
        self.cast = cast
        self.random = random
        use = Array(repeating: 0, count: matters.count)
    }

    mutating func script() -> DemoScript {
        var cases: [CasePlan] = []
        for fate in Fate.allCases {
            for index in 0..<fate.count {
                var owners: [DemoApplicant?] = index < fate.ownedByDemoAccounts
                    ? (index % 2 == 0 ? [cast.citizen, cast.enterprise] : [cast.enterprise, cast.citizen]) : [nil]
                if fate == .expiringCertificate {
                    // Whoever can hold the shortest-lived certificate, so that it is recent.
                    func shortest(_ owner: DemoApplicant?) -> Int {
                        matters.filter { fits(fate, $0, owner: owner) }.compactMap(\.definition.result?.validityMonths).min() ?? .max
                    }
                    owners.sort { shortest($0) < shortest($1) }
                }
                for owner in owners {
                    if let plan = plan(fate, owner: owner) {
                        cases.append(plan)
                        break
                    }
                }
            }
        }
        var bundles: [BundlePlan] = []
        for (index, completed) in [true, false].enumerated() {
            if let (bundle, parts) = planBundle(completed: completed, owner: index == 0 ? cast.enterprise : nil, taken: bundles.flatMap(\.matters)) {
                var bundle = bundle
                bundle.parts = Array(cases.count..<(cases.count + parts.count))
                cases += parts.map { part in
                    var part = part
                    part.bundle = bundles.count
                    return part
                }
                bundles.append(bundle)
            }
        }
        return DemoScript(cases: cases, bundles: bundles)
    }

    // MARK: Choosing

    /// The least used matter that fits, so cases spread over the whole catalogue; the matters of the department the
    /// demo's own reviewer and head work in count half, so their workbench is the busiest.
    mutating func chooseMatter(among candidates: [Int]) -> Int? {
        guard !candidates.isEmpty else { return nil }
        func weight(_ index: Int) -> Int { cast.demoDepartments.contains(matters[index].department.id!) ? use[index] : use[index] * 2 }
        let least = candidates.map(weight).min()!
        let chosen = random.pick(candidates.filter { weight($0) == least })
        use[chosen] += 1
        return chosen
    }

    mutating func applicant(for matter: DemoMatter, owner: DemoApplicant?) -> DemoApplicant {
        if let owner { return owner }
        let wantsCitizen = matter.serves(.citizen) && (!matter.serves(.enterprise) || random.chance(40))
        if wantsCitizen {
            let person = DemoPeople.person(&random)
            return DemoApplicant(
                details: ApplicantDetails(accountID: nil, kind: .citizen, name: person.name, identifier: person.residentID, phone: person.phone),
                isMale: person.isMale, staff: nil)
        }
        let organisation = DemoPeople.organisation(&random)
        return DemoApplicant(
            details: ApplicantDetails(
                accountID: nil, kind: .enterprise, name: organisation.name, identifier: organisation.creditCode, phone: organisation.phone),
            isMale: true, staff: nil)
    }

    // MARK: One case

    /// Moves with gaps in working days (0: later the same day), and the working days that pass after the last one.
    typealias Sketch = (moves: [(gap: Int, move: DemoMove)], idle: ClosedRange<Int>)

    mutating func plan(_ fate: Fate, owner: DemoApplicant?) -> CasePlan? {
        var lastDay: CivilDate?
        let chosen: Int?
        if fate == .expiringCertificate {
            // The certificate with the shortest validity, served so that it runs out about 60 days from today: the
            // portal then offers its renewal (Art. 50: at least 30 days before expiry).
            let candidates = matters.indices.filter { fits(fate, matters[$0], owner: owner) }
            chosen = candidates.min { (matters[$0].definition.result?.validityMonths ?? 0) < (matters[$1].definition.result?.validityMonths ?? 0) }
            if let chosen, let months = matters[chosen].definition.result?.validityMonths {
                lastDay = workingDay(back: 0, from: today.adding(days: 60).adding(months: -months))
                if lastDay.map({ $0 > today }) ?? true { return nil }
            }
        } else {
            chosen = chooseMatter(among: matters.indices.filter { fits(fate, matters[$0], owner: owner) })
        }
        guard let index = chosen else { return nil }
        let matter = matters[index]
        let sketch = sketch(fate, matter, owner: owner)
        let applicant = applicant(for: matter, owner: owner)
        let online = applicant.staff != nil && matter.definition.onlineDepth.acceptsOnlineApplication && random.chance(80)
        return schedule(sketch, matter: matter, applicant: applicant, channel: online ? .online : .window, lastDay: lastDay)
    }

    func fits(_ fate: Fate, _ matter: DemoMatter, owner: DemoApplicant?) -> Bool {
        if let owner, !matter.serves(owner.details.kind) { return false }
        let settings = matter.definition.clockSettings
        switch fate {
        case .grantedOnTheSpot: return matter.isOnTheSpot
        case .suspended, .resumed, .resumedAndGranted: return !matter.isOnTheSpot && !matter.procedures.isEmpty
        case .reviewOverdue, .decidedLate: return !matter.isOnTheSpot && settings.statutoryDays <= 20
        case .reviewPastPromise: return !matter.isOnTheSpot && settings.statutoryDays <= 30 && settings.promisedDays < settings.statutoryDays
        case .expiringCertificate, .revoked: return !matter.isOnTheSpot && matter.definition.result?.validityMonths != nil
        case .extended, .extendedAndGranted: return !matter.isOnTheSpot && settings.statutoryDays <= 30
        default: return !matter.isOnTheSpot
        }
    }

    /// The moves of a case meeting `fate`, before they are placed in time.
    mutating func sketch(_ fate: Fate, _ matter: DemoMatter, owner: DemoApplicant?) -> Sketch {
        let steps = matter.steps
        let settings = matter.definition.clockSettings
        let applicantRole: DemoRole = owner == nil ? .clerk : .applicant
        var moves: [(gap: Int, move: DemoMove)] = []
        func add(_ gap: Int, _ move: DemoMove) { moves.append((gap, move)) }
        func accept(_ gap: Int? = nil) {
            add(gap ?? random.int(0...2), .act(.accept, .clerk))
            if !matter.chargedItems.isEmpty { add(0, .fee(item: 0, fen: matter.chargedItems[0].amountFen, reason: nil)) }
        }
        func complete(_ range: Range<Int>) {
            for index in range where steps.indices.contains(index) {
                let step = steps[index]
                add(random.int(1...max(1, min(step.limitDays, 3))), .act(.completeStep(note: random.pick(Self.stepNotes)), step.role == .departmentHead ? .head : .reviewer))
            }
        }
        func decide(_ outcome: CaseOutcome = .granted, gap: Int? = nil) {
            let reasons = outcome == .granted ? "申请材料齐全、符合法定形式，经审查符合法定条件、标准，准予行政许可。" : random.pick(Self.refusalReasons)
            add(gap ?? random.int(0...2), .act(.decide(outcome: outcome, reasons: reasons), .head))
        }
        func serve(_ gap: Int? = nil) { add(gap ?? random.int(1...4), .act(.serveCertificate, .clerk)) }
        func rate() {
            guard owner != nil, random.chance(70) else { return }
            let stars = random.pick([5, 5, 5, 5, 5, 4, 4, 4, 3, 2])
            add(random.int(0...3), .rate(stars: stars, comment: stars <= 2 ? "等待时间较长，希望进一步优化流程" : (random.chance(40) ? random.pick(Self.praise) : nil)))
        }
        func correction(repeated: Bool = false) {
            let items = correctionItems(matter)
            add(repeated ? random.int(1...3) : random.int(0...3), .act(.requestCorrection(items: items.texts, reasonForRepeat: repeated ? "补正后的材料中出现新的问题（申请人变更了经营场所），需重新补正" : nil), .clerk))
        }
        func corrected() {
            let keys = correctionItems(matter).keys
            add(random.int(1...4), .materials(keys, applicantRole))
            add(0, .act(.submitCorrection, applicantRole))
        }
        func suspension() {
            add(random.int(1...2), .suspend(random.pick(matter.procedures), days: random.int(8...25)))
        }
        let maxIdle = 40
        switch fate {
        case .freshSubmission:
            return (moves, 0...3)
        case .overdueSubmission:
            return (moves, 6...8)
        case .awaitingCorrection:
            correction()
            return (moves, 1...15)
        case .repeatedCorrection:
            correction()
            corrected()
            correction(repeated: true)
            return (moves, 1...8)
        case .correctedAndGranted:
            correction()
            corrected()
            accept()
            complete(0..<steps.count)
            decide()
            serve()
            rate()
            return (moves, 0...10)
        case .reviewOnTime, .reviewPastPromise, .reviewOverdue:
            let done = random.int(0...steps.count)
            accept()
            let before = moves.count
            complete(0..<done)
            let used = moves[before...].reduce(0) { $0 + $1.gap }
            // Working days since acceptance, which decide the traffic light (CaseRules.light).
            let target: Int
            switch fate {
            case .reviewOnTime: target = random.int(used...max(used, settings.promisedDays - 3))
            case .reviewPastPromise: target = random.int((settings.promisedDays + 1)...max(settings.promisedDays + 1, settings.statutoryDays - 1))
            default: target = random.int((settings.statutoryDays + 1)...(settings.statutoryDays + 4))
            }
            if used > target {
                for index in before..<moves.count { moves[index].gap = min(moves[index].gap, 1) }
            }
            let idle = max(0, target - moves[before...].reduce(0) { $0 + $1.gap })
            return (moves, idle...idle)
        case .extended, .extendedAndGranted:
            let done = random.int(0...max(0, steps.count - 1))
            accept()
            complete(0..<done)
            add(random.int(1...3), .act(.extend(workingDays: random.int(5...10), reason: random.pick(Self.extensionReasons)), .head))
            if fate == .extended { return (moves, 0...4) }
            complete(done..<steps.count)
            decide()
            serve()
            return (moves, 0...maxIdle)
        case .deemedAccepted:
            add(random.int(6...7), .act(.deemAccepted, .system))
            complete(0..<random.int(0...min(1, steps.count)))
            return (moves, 0...4)
        case .suspended, .resumed, .resumedAndGranted:
            let done = random.int(0...max(0, steps.count - 1))
            accept()
            complete(0..<done)
            suspension()
            if fate == .suspended { return (moves, 1...10) }
            add(random.int(3...8), .act(.resume, .reviewer))
            if fate == .resumed {
                complete(done..<min(done + 1, steps.count))
                return (moves, 0...3)
            }
            complete(done..<steps.count)
            decide()
            serve()
            rate()
            return (moves, 0...maxIdle)
        case .grantedAwaitingCertificate, .certificateOverdue:
            accept()
            complete(0..<steps.count)
            decide()
            return (moves, fate == .certificateOverdue ? 11...13 : 0...6)
        case .granted, .feeForced, .revoked, .certificateServedLate:
            accept()
            if fate == .feeForced {
                add(0, .fee(item: nil, fen: random.pick([2000, 5000]), reason: "申请人要求邮寄送达证照，窗口代收邮寄费"))
            }
            complete(0..<steps.count)
            decide()
            serve(fate == .certificateServedLate ? random.int(11...12) : nil)
            if fate == .revoked {
                add(random.int(3...8), .revokeCertificate(reason: "持证单位已依法办理注销登记，终止经营"))
            }
            rate()
            return (moves, 0...maxIdle)
        case .grantedOnTheSpot:
            add(0, .act(.decideOnTheSpot, .clerk))
            if !matter.chargedItems.isEmpty { add(0, .fee(item: 0, fen: matter.chargedItems[0].amountFen, reason: nil)) }
            serve(0)
            rate()
            return (moves, 0...maxIdle)
        case .refused:
            accept()
            complete(0..<steps.count)
            decide(.refused)
            rate()
            return (moves, 0...maxIdle)
        case .notAccepted:
            add(random.int(0...3), .act(.refuseToAccept(reason: random.pick(Self.nonAcceptanceReasons)), .clerk))
            rate()
            return (moves, 0...maxIdle)
        case .withdrawn:
            // Withdrawn at different points: on filing, during a correction, in review, during a procedure.
            switch random.int(0...3) {
            case 0:
                break
            case 1:
                correction()
            case 2:
                accept()
                complete(0..<min(1, steps.count))
            default:
                accept()
                if !matter.procedures.isEmpty { suspension() }
            }
            add(random.int(1...3), .act(.withdraw(reason: random.pick(Self.withdrawalReasons)), .applicant))
            return (moves, 0...maxIdle)
        case .acceptedByLawAndGranted:
            // Nobody answered within 5 working days, so the sweep accepted it by law (Art. 32); then the usual course.
            // (A clerk cannot accept late while the sweep runs: the law has accepted it by then.)
            add(random.int(6...7), .act(.deemAccepted, .system))
            complete(0..<steps.count)
            decide()
            serve()
            return (moves, 0...maxIdle)
        case .decidedLate:
            accept()
            let before = moves.count
            complete(0..<steps.count)
            let used = moves[before...].reduce(0) { $0 + $1.gap }
            decide(gap: max(1, settings.statutoryDays + 1 - used))
            serve()
            return (moves, 0...10)
        case .expiringCertificate:
            accept()
            complete(0..<steps.count)
            decide()
            serve()
            return (moves, 0...0)
        }
    }

    /// Places a sketch in time, ending `idle` working days before today, and keeps only what the rules accept.
    mutating func schedule(_ sketch: Sketch, matter: DemoMatter, applicant: DemoApplicant, channel: ApplicationChannel, lastDay: CivilDate? = nil) -> CasePlan? {
        let span = sketch.moves.reduce(0) { $0 + $1.gap }
        var idle = random.int(sketch.idle)
        if span + idle > maxHistory { idle = max(0, maxHistory - span) }
        for attempt in 0..<3 {
            let anchor = lastDay ?? today
            guard let start = workingDay(back: span + idle + attempt, from: anchor) else { return nil }
            let submittedAt = instant(start, minute: random.int(540...690))
            guard submittedAt <= end else { continue }
            var moves: [TimedMove] = []
            var cursor = submittedAt
            for (gap, move) in sketch.moves {
                guard let at = next(after: cursor, gap: gap) else { break }
                moves.append(TimedMove(at: at, move: move))
                cursor = at
            }
            // A last move later today than now: start a working day earlier, rather than lose it.
            if let last = moves.last, last.at > end, attempt < 2 { continue }
            moves = moves.filter { $0.at <= end }
            let form = DemoForms.values(for: matter.definition.form, applicant: applicant.formApplicant, today: CivilDate.beijing(submittedAt), random: &random)
            let plan = CasePlan(
                matter: matter, applicant: applicant, channel: channel, form: form,
                materialKeys: materialKeys(matter, channel: channel), submittedAt: submittedAt, moves: moves, bundle: nil)
            return checked(plan)
        }
        return nil
    }

    /// The plan as far as the rules accept it: the moves are tried on the pure state machine first, and the plan
    /// stops before the first one it refuses (a due date in a year without calendar data, say).
    func checked(_ plan: CasePlan) -> CasePlan? {
        let definition = plan.matter.definition
        let today = CivilDate.beijing(plan.submittedAt)
        guard plan.bundle != nil || (try? ApplicationRules.check(
            definition, form: plan.form, uploadedKeys: Set(plan.materialKeys), channel: plan.channel, today: today).get()) != nil
        else { return nil }
        guard var snapshot = try? CaseSnapshot.received(
            at: plan.submittedAt, steps: definition.reviewSteps, settings: definition.clockSettings, calendar: calendar)
        else { return nil }
        var kept: [TimedMove] = []
        for timed in plan.moves {
            var move = timed.move
            if case let .suspend(procedure, days) = move {
                let notice = "因需\(procedure.title(in: .zhHans))，预计需要约 \(days) 日，所需时间不计入审查期限（《行政许可法》第四十五条）。"
                move = .act(.suspend(procedure: procedure, expectedEnd: CivilDate.beijing(timed.at).adding(days: days), notice: notice), .reviewer)
            }
            switch move {
            case let .act(action, role):
                if role == .applicant, plan.applicant.staff == nil { return finish(plan, kept) }
                guard let (next, _) = try? CaseRules.apply(
                    action, to: snapshot, by: Self.actor(role), at: timed.at, settings: definition.clockSettings, calendar: calendar)
                else { return finish(plan, kept) }
                snapshot = next
                kept.append(TimedMove(at: timed.at, move: .act(action, role)))
            case .rate:
                guard plan.applicant.staff != nil, snapshot.state.isTerminal, snapshot.state != .withdrawn else { continue }
                kept.append(timed)
            case .revokeCertificate:
                guard snapshot.state == .closed, snapshot.outcome == .granted, definition.result != nil else { continue }
                kept.append(timed)
            case .materials, .fee:
                kept.append(timed)
            case .suspend:
                return finish(plan, kept)
            }
        }
        return finish(plan, kept)
    }

    private func finish(_ plan: CasePlan, _ moves: [TimedMove]) -> CasePlan {
        var plan = plan
        // A correction's files go with the submission that follows; without it they are dropped too.
        plan.moves = moves.enumerated().filter { index, timed in
            guard case .materials = timed.move else { return true }
            return index + 1 < moves.count
        }.map(\.element)
        return plan
    }

    static func actor(_ role: DemoRole) -> CaseActor {
        switch role {
        case .clerk: .staff(.windowClerk)
        case .reviewer: .staff(.reviewer)
        case .head: .staff(.departmentHead)
        case .applicant: .applicant
        case .system: .system
        }
    }

    /// Online the applicant uploads every required material (ApplicationRules) and some optional ones; at the
    /// window the papers are handed in and the clerk scans one or two.
    mutating func materialKeys(_ matter: DemoMatter, channel: ApplicationChannel) -> [String] {
        let electronic = matter.definition.materials.filter(\.electronicAccepted)
        switch channel {
        case .online:
            return electronic.filter { $0.required || random.chance(30) }.map(\.key)
        case .window:
            guard !electronic.isEmpty else { return [] }
            let first = random.int(0...(electronic.count - 1))
            return Array(Set([electronic[first].key, electronic[random.int(0...(electronic.count - 1))].key])).sorted()
        }
    }

    func correctionItems(_ matter: DemoMatter) -> (texts: [String], keys: [String]) {
        let materials = Array(matter.definition.materials.filter(\.electronicAccepted).prefix(2))
        guard !materials.isEmpty else { return (["申请表填写不完整，请补充填写全部必填项"], []) }
        let problems = ["未加盖公章", "缺少法定代表人签字", "扫描件不清晰，请提供清晰完整的材料", "内容与申请表不一致，请核对后重新提交"]
        return (materials.enumerated().map { "\($1.nameZh)：\(problems[($0 + $1.key.count) % problems.count])" }, materials.map(\.key))
    }

    // MARK: Joint applications

    mutating func planBundle(completed: Bool, owner: DemoApplicant?, taken: [DemoMatter]) -> (BundlePlan, [CasePlan])? {
        let usable = matters.filter { matter in
            !matter.isOnTheSpot && matter.serves(.enterprise) && matter.definition.onlineDepth.acceptsOnlineApplication
                && !taken.contains { $0.matter.code == matter.matter.code }
        }
        var best: (DemoMatter, DemoMatter, Int)?
        for (i, first) in usable.enumerated() {
            for second in usable[(i + 1)...] where first.department.id != second.department.id {
                let a = Dictionary(uniqueKeysWithValues: first.definition.form.fields.map { ($0.name, $0.type) })
                let shared = second.definition.form.fields.filter { a[$0.name] != nil }
                guard shared.allSatisfy({ a[$0.name] == $0.type }) else { continue }
                if best == nil || shared.count > best!.2 { best = (first, second, shared.count) }
            }
        }
        guard let (first, second, _) = best else { return nil }
        let applicant: DemoApplicant
        if let owner {
            applicant = owner
        } else {
            let organisation = DemoPeople.organisation(&random)
            applicant = DemoApplicant(
                details: ApplicantDetails(accountID: nil, kind: .enterprise, name: organisation.name, identifier: organisation.creditCode, phone: organisation.phone),
                isMale: true, staff: nil)
        }
        let channel: ApplicationChannel = owner != nil ? .online : .window
        // Filed long enough ago for the joint limit (45 working days) to fall in a year the calendar covers.
        var span = completed ? random.int(36...42) : random.int(20...25)
        while (try? calendar.dueDate(from: workingDay(back: span, from: today) ?? today, workingDays: BundleRules.statutoryDays)) == nil {
            span += 1
            if span > maxHistory + 20 { return nil }
        }
        guard let start = workingDay(back: span, from: today) else { return nil }
        let submittedAt = instant(start, minute: random.int(540...660))
        let formApplicant = applicant.formApplicant
        var form = DemoForms.values(for: first.definition.form, applicant: formApplicant, today: start, random: &random)
        for (key, value) in DemoForms.values(for: second.definition.form, applicant: formApplicant, today: start, random: &random) where form[key] == nil {
            form[key] = value
        }
        var keys = materialKeys(first, channel: channel)
        keys += materialKeys(second, channel: channel).filter { !keys.contains($0) }

        var parts: [CasePlan] = []
        for matter in [first, second] {
            let steps = matter.steps
            var moves: [(gap: Int, move: DemoMove)] = [(random.int(0...1), .act(.accept, .clerk))]
            let done = completed ? steps.count : random.int(0...max(0, steps.count - 1))
            for step in steps.prefix(done) {
                moves.append((random.int(1...max(1, min(step.limitDays, 4))), .act(.completeStep(note: nil), step.role == .departmentHead ? .head : .reviewer)))
            }
            if completed {
                moves.append((random.int(1...3), .act(.decide(outcome: .granted, reasons: "经并联审查，符合法定条件，准予行政许可。"), .head)))
                moves.append((random.int(1...3), .act(.serveCertificate, .clerk)))
            }
            var timed: [TimedMove] = []
            var cursor = submittedAt
            for (gap, move) in moves {
                guard let at = next(after: cursor, gap: gap), at <= end else { break }
                timed.append(TimedMove(at: at, move: move))
                cursor = at
            }
            let plan = CasePlan(matter: matter, applicant: applicant, channel: channel, form: form, materialKeys: keys, submittedAt: submittedAt, moves: timed, bundle: 0)
            guard let checked = checked(plan) else { return nil }
            parts.append(checked)
        }
        for part in parts {
            let ownForm = form.filter { key, _ in part.matter.definition.form.fields.contains { $0.name == key } }
            let ownKeys = Set(keys.filter { part.matter.definition.material($0) != nil })
            guard (try? ApplicationRules.check(part.matter.definition, form: ownForm, uploadedKeys: ownKeys, channel: channel, today: start).get()) != nil else {
                return nil
            }
        }
        // The lead department's head extends the joint limit once (Art. 42 ¶2), when the calendar can count it.
        var extensionAt: Date?
        let extensionDays = random.int(5...15)
        if completed, let day = try? calendar.dueDate(from: start, workingDays: 5),
           (try? calendar.dueDate(from: start, workingDays: BundleRules.statutoryDays + extensionDays)) != nil {
            let at = instant(day, minute: random.int(600...900))
            if at <= end { extensionAt = at }
        }
        let bundle = BundlePlan(
            matters: [first, second], applicant: applicant, channel: channel, form: form, materialKeys: keys, submittedAt: submittedAt,
            parts: [], extensionAt: extensionAt, extensionDays: extensionDays)
        return (bundle, parts)
    }

    // MARK: Time

    /// `date` at `minute` past midnight, Beijing time.
    func instant(_ date: CivilDate, minute: Int) -> Date { date.startInBeijing.addingTimeInterval(TimeInterval(minute * 60)) }

    /// The next instant of a case: `gap` working days later during office hours, or (gap 0) a little later the same
    /// day, moving to the next working day after 17:30.
    mutating func next(after cursor: Date, gap: Int) -> Date? {
        let day = CivilDate.beijing(cursor)
        let minute = Int(cursor.timeIntervalSince(day.startInBeijing) / 60)
        if gap == 0 {
            let later = minute + random.int(3...40)
            if later <= 17 * 60 + 30 { return instant(day, minute: later) }
        }
        guard let date = try? calendar.dueDate(from: day, workingDays: max(gap, 1)) else { return nil }
        return instant(date, minute: random.int(540...960))
    }

    /// The working day `count` working days before `date` (0: the last working day on or before it).
    func workingDay(back count: Int, from date: CivilDate) -> CivilDate? {
        var day = date
        var remaining = count
        for _ in 0..<(count * 3 + 30) {
            guard let working = try? calendar.isWorkingDay(day) else { return nil }
            if working {
                if remaining == 0 { return day }
                remaining -= 1
            }
            day = day.adding(days: -1)
        }
        return nil
    }

    // MARK: Words

    static let stepNotes: [String?] = [nil, "材料齐全，符合要求", "经核查，申请材料与实际情况一致", "同意，转下一环节", "符合法定条件"]
    static let refusalReasons = [
        "经现场核查，经营场所的实际布局与申请材料不符，不符合法定条件。",
        "申请人未能提供满足法定条件的专业技术人员证明，不符合法定条件。",
        "拟设置地点位于禁止设置区域，不符合相关规划要求。",
        "申请材料中的场所安全评估结论为不合格，不予许可。",
    ]
    static let nonAcceptanceReasons = [
        "申请事项依法不属于本机关职权范围，请向所在区人民政府有关部门申请（《行政许可法》第三十二条第一款第二项）。",
        "申请事项依法不需要取得行政许可（《行政许可法》第三十二条第一款第一项）。",
        "申请人不具备申请资格：申请主体须为依法登记的法人或者其他组织。",
    ]
    static let extensionReasons = [
        "需进一步核实申请材料中涉及的第三方信息，经本机关负责人批准延长审查期限。",
        "案情复杂，需征求相关部门意见，经本机关负责人批准延长审查期限。",
    ]
    static let withdrawalReasons: [String?] = ["经营计划调整，申请撤回", "申请信息填写有误，撤回后重新申请", nil]
    static let praise = ["办事效率高，工作人员很耐心", "全程网办，非常方便", "一次告知清楚，没有多跑路"]
}

// MARK: - Running the plan

struct Runner {
    let script: DemoScript
    let cast: Cast
    let context: CaseContext

    enum Event {
        case file(Int)
        case move(Int, Int)
        case fileBundle(Int)
        case extendBundle(Int)
        /// The supervision sweep's tick: a live server sweeps every minute; the history is swept every hour.
        case sweep
    }

    func run(on database: any Database) async throws {
        var events: [(at: Date, order: Int, event: Event)] = []
        for (index, plan) in script.cases.enumerated() {
            if plan.bundle == nil { events.append((plan.submittedAt, events.count, .file(index))) }
            for (number, timed) in plan.moves.enumerated() { events.append((timed.at, events.count, .move(index, number))) }
        }
        for (index, bundle) in script.bundles.enumerated() {
            events.append((bundle.submittedAt, events.count, .fileBundle(index)))
            if let at = bundle.extensionAt { events.append((at, events.count, .extendBundle(index))) }
        }
        if let first = events.map(\.at).min() {
            var tick = first
            while tick < context.now {
                events.append((tick, events.count, .sweep))
                tick = tick.addingTimeInterval(3600)
            }
        }
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }

        var rows: [ApprovalCase?] = Array(repeating: nil, count: script.cases.count)
        var bundleIDs: [UUID?] = Array(repeating: nil, count: script.bundles.count)
        for (at, _, event) in events {
            var context = self.context
            context.now = at
            // Supervision's sweep runs through the history as it would have on a live server: statuses move when their
            // thresholds pass, and an unanswered application is accepted by law once its 5 working days are over.
            _ = try await SupervisionSweep.drain(context: context, on: database)
            switch event {
            case .sweep:
                continue
            case let .file(index):
                let plan = script.cases[index]
                rows[index] = try await attempt(nil, "submit") {
                    try await CaseStore.submit(
                        matter: plan.matter.matter, form: plan.form, files: try files(plan.matter.definition, keys: plan.materialKeys, tag: "C\(index)"),
                        applicant: plan.applicant.details, channel: plan.channel, intakePath: cast.intakePath,
                        by: submitter(plan.applicant, plan.channel), context: context, on: database).row
                }
            case let .move(index, number):
                guard let row = rows[index] else { continue }
                try await perform(script.cases[index].moves[number].move, on: row, plan: script.cases[index], tag: "C\(index)", context: context, database: database)
            case let .fileBundle(index):
                let bundle = script.bundles[index]
                var files: [CheckedFile] = []
                for matter in bundle.matters {
                    for file in try self.files(matter.definition, keys: bundle.materialKeys, tag: "B\(index)") where !files.contains(where: { $0.materialKey == file.materialKey }) {
                        files.append(file)
                    }
                }
                let filed = try await attempt(nil, "submit joint application") {
                    try await BundleStore.submit(
                        title: "", matters: bundle.matters.map(\.matter), form: bundle.form, files: files, applicant: bundle.applicant.details,
                        channel: bundle.channel, intakePath: cast.intakePath, by: submitter(bundle.applicant, bundle.channel),
                        context: context, on: database)
                }
                bundleIDs[index] = filed.bundle.id
                for (part, row) in zip(bundle.parts, filed.parts.map(\.row)) { rows[part] = row }
            case let .extendBundle(index):
                guard let id = bundleIDs[index], let lead = script.bundles[index].matters.first, let head = cast.heads[lead.department.id!] else { continue }
                _ = try await attempt(nil, "extend joint application") {
                    try await BundleStore.extend(
                        id, days: script.bundles[index].extensionDays, reason: "涉及多个部门联合现场核查，经牵头部门负责人批准延长并联审批期限",
                        principal: head.principal, by: head.actor, context: context, on: database)
                }
            }
        }
    }

    func perform(_ move: DemoMove, on row: ApprovalCase, plan: CasePlan, tag: String, context: CaseContext, database: any Database) async throws {
        let id = try row.requireID()
        let department = plan.matter.department.id!
        func staff(_ role: DemoRole) -> DemoStaff? {
            switch role {
            case .clerk: cast.clerk
            case .reviewer: cast.reviewers[department]
            case .head: cast.heads[department]
            case .applicant: plan.applicant.staff ?? cast.clerk
            case .system: nil
            }
        }
        try await attempt(row.trackingNumber, move.title) {
            switch move {
            case .act(.deemAccepted, _):
                // The law's acceptance is the sweep's to apply (and, run before every move, it already has).
                _ = try await SupervisionSweep.drain(context: context, on: database)
            case let .act(action, role):
                let person = staff(role)
                try await CaseStore.act(
                    action, on: id, principal: person?.principal, by: person?.actor ?? .system("deemed acceptance"), context: context, on: database)
            case let .materials(keys, role):
                let person = staff(role) ?? cast.clerk
                try await CaseStore.addMaterials(
                    try files(plan.matter.definition, keys: keys, tag: tag + "-corrected"), to: id, principal: person.principal,
                    by: person.actor, now: context.now, on: database)
            case let .fee(item, fen, reason):
                _ = try await CaseStore.recordFee(
                    on: id, itemIndex: item, chargedFen: fen, reason: reason, principal: cast.clerk.principal, by: cast.clerk.actor,
                    now: context.now, on: database)
            case let .rate(stars, comment):
                guard let applicant = plan.applicant.staff else { return }
                try await CaseStore.rate(id, stars: stars, comment: comment, principal: applicant.principal, by: applicant.actor, now: context.now, on: database)
            case .suspend:
                preconditionFailure("dated into an action when the plan was checked")
            case let .revokeCertificate(reason):
                guard let head = cast.heads[department],
                      let certificate = try await IssuedCertificate.query(on: database).filter(\.$caseID == id).first()
                else { return }
                _ = try await CertificateStore.end(
                    number: certificate.number, as: .cancellation(.entityTerminated), reason: reason, principal: head.principal, by: head.actor,
                    now: context.now, on: database)
            }
        }
    }

    /// Online the applicant files; at the window the clerk files for them.
    func submitter(_ applicant: DemoApplicant, _ channel: ApplicationChannel) -> AuditActor {
        if channel == .online, let staff = applicant.staff { return staff.actor }
        return cast.clerk.actor
    }

    func files(_ definition: MatterDefinition, keys: [String], tag: String) throws -> [CheckedFile] {
        try keys.compactMap { key in try definition.material(key).map { try DemoFiles.file(for: $0, tag: "\(tag)-\(key)") } }
    }

    @discardableResult
    func attempt<T>(_ trackingNumber: String?, _ move: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw DemoApprovalsError.moveFailed(trackingNumber: trackingNumber, move: move, underlying: String(describing: error))
        }
    }
}
