import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovStoreTestSupport
import Testing

/// Someone acting in the approval tests: the principal the store checks and the actor the audit log records.
struct Person {
    var principal: Principal
    var actor: AuditActor

    var id: UUID { principal.accountID }
}

/// Matters, people and files for the approval store tests, on top of the demo city that ``withStoreTest`` seeds.
struct ApprovalFixtures {
    let test: StoreTest
    var db: any Database { test.db }

    /// A Beijing wall-clock time, `2026-11-02 09:30`.
    static func beijing(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let date = CivilDate(String(parts[0]))!
        let clock = parts[1].split(separator: ":").map { Int($0)! }
        return date.startInBeijing.addingTimeInterval(TimeInterval(clock[0] * 3600 + clock[1] * 60))
    }

    func department(_ nameZh: String) async throws -> OrganisationUnit {
        try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == nameZh).first())
    }

    var market: OrganisationUnit { get async throws { try await department("示范市市场监督管理局") } }
    var health: OrganisationUnit { get async throws { try await department("示范市卫生健康委员会") } }

    /// A demo account acting in `role`.
    func person(_ username: String, as role: Role) async throws -> Person {
        let account = try #require(try await Account.query(on: db).filter(\.$username == username).first())
        let principal = try await IdentityStore.principal(for: account, on: db)
        let grant = principal.grants(for: role).first
        return Person(
            principal: principal,
            actor: AuditActor(accountID: principal.accountID, name: principal.displayName, role: role, unitID: grant?.unitID,
                              unitPath: grant?.unitPath, requestID: nil, clientAddress: nil))
    }

    var clerk: Person { get async throws { try await person("clerk", as: .windowClerk) } }
    var reviewer: Person { get async throws { try await person("reviewer", as: .reviewer) } }
    var head: Person { get async throws { try await person("head", as: .departmentHead) } }
    var citizen: Person { get async throws { try await person("citizen", as: .applicant) } }
    var enterprise: Person { get async throws { try await person("enterprise", as: .applicant) } }
    var supervisor: Person { get async throws { try await person("supervisor", as: .supervisor) } }

    /// A new member of staff holding `role` on `unit` (and below it for a head).
    func staff(_ username: String, _ role: Role, on unit: OrganisationUnit) async throws -> Person {
        try await test.writeGate.transaction(on: db) { db in
            let account = try await AccountStore.create(
                ValidAccountApplication(kind: .staff, username: username, displayName: "测试 \(username)", password: "Passw0rdPassw0rd",
                                        residentID: nil, creditCode: nil, phone: nil),
                unitID: unit.id, hasher: test.hasher, by: .system("test"), now: test.clock.now, on: db)
            try await AccountStore.grant(role, to: account, on: unit, includesSubtree: role == .departmentHead, by: .system("test"), now: test.clock.now, on: db)
        }
        return try await person(username, as: role)
    }

    /// A licensing matter of `department`: a reviewer's step, an Art. 45 expert review, a head's step, a fee and a
    /// certificate valid `validityMonths`.
    static func definition(
        of department: OrganisationUnit, mainItem: Int = 99001, name: String = "测试经营许可", statutoryDays: Int = 20,
        promisedDays: Int = 10, validityMonths: Int? = 36, feeFen: Int? = 1000, extraStep: Bool = false
    ) throws -> MatterDefinition {
        var steps = [
            MatterStep(kind: .review, nameZh: "材料审查", nameEn: "Review", role: .reviewer, limitDays: 3),
            MatterStep(kind: .expertReview, nameZh: "专家评审", nameEn: "Expert review", role: .reviewer, limitDays: 10),
            MatterStep(kind: .review, nameZh: "审核", nameEn: "Approval", role: .departmentHead, limitDays: 2),
        ]
        if extraStep { steps.insert(MatterStep(kind: .siteInspection, nameZh: "现场核查", nameEn: "Site check", role: .reviewer, limitDays: 3), at: 1) }
        return MatterDefinition(
            code: try MatterCode(department: UnifiedSocialCreditCode(department.code), kind: .administrativeLicensing, mainItem: mainItem),
            nameZh: name, nameEn: "Test licence", kind: .administrativeLicensing, legalBasisZh: "《测试条例》第一条",
            legalBasisEn: "Test Regulations, Art. 1", conditionsZh: "具备经营场所", conditionsEn: "Has premises",
            audiences: [.citizen, .enterprise], lifeEvents: [.startingBusiness],
            materials: [
                MaterialRequirement(key: "application_form", nameZh: "申请书", nameEn: "Application form"),
                MaterialRequirement(key: "floor_plan", nameZh: "平面图", nameEn: "Floor plan", required: false),
            ],
            fees: feeFen.map { .charged([FeeItem(nameZh: "证书工本费", nameEn: "Certificate fee", amountFen: $0, legalBasis: "示价费〔2026〕1号")]) } ?? .free,
            statutoryDays: statutoryDays, promisedDays: promisedDays, isOnTheSpot: false, steps: steps, onlineDepth: .fullyOnline,
            windowZh: "综合窗口", windowEn: "General windows", hoursZh: "工作日", hoursEn: "Working days", phone: "0990-12345",
            result: validityMonths.map { MatterResult(certificateNameZh: "测试许可证", certificateNameEn: "Test Licence", validityMonths: $0) },
            form: FormSchema(fields: [
                FormField(name: "business_name", labelZh: "经营者名称", labelEn: "Business name", type: .text(maxLength: 100)),
                FormField(name: "premises", labelZh: "经营场所", labelEn: "Premises", type: .address),
            ]))
    }

    @discardableResult
    func publish(_ definition: MatterDefinition, of department: OrganisationUnit, at now: Date? = nil) async throws -> Matter {
        try await test.writeGate.transaction(on: db) { db in
            try await MatterStore.publish(definition, department: department, by: .system("test"), now: now ?? test.clock.now, on: db).0
        }
    }

    static let form = ["business_name": "示范市江南食品有限公司", "premises": "示范省示范市江南区人民路88号"]

    static func pdf(_ key: String = "application_form", text: String = "application") throws -> CheckedFile {
        let bytes = Array("%PDF-1.4\n% \(text)\n%%EOF\n".utf8)
        return CheckedFile(materialKey: key, upload: try UploadPolicy.check(bytes: bytes, declaredName: "\(key).pdf"), bytes: bytes)
    }

    func applicant(_ person: Person) async throws -> ApplicantDetails {
        let account = try #require(try await Account.find(person.id, on: db))
        return ApplicantDetails(
            accountID: account.id, kind: account.kind, name: account.displayName,
            identifier: account.residentID ?? account.creditCode ?? "", phone: account.phone)
    }

    /// The case context at `now` (the test clock is moved there too).
    func context(at now: Date) async throws -> CaseContext {
        test.clock.set(now)
        return try await test.caseContext()
    }

    func submit(
        _ matter: Matter, by person: Person, at now: Date, files: [CheckedFile]? = nil
    ) async throws -> ApprovalCase {
        try await file(matter, by: person, at: now, files: files).row
    }

    /// Files an application as ``submit(_:by:at:files:)`` does, with the query code it was given (stored only as a hash).
    func file(
        _ matter: Matter, by person: Person, at now: Date, files: [CheckedFile]? = nil
    ) async throws -> FiledCase {
        let context = try await context(at: now)
        let details = try await applicant(person)
        let files = try files ?? [Self.pdf()]
        return try await test.writeGate.transaction(on: db) { db in
            try await CaseStore.submit(
                matter: matter, form: Self.form, files: files, applicant: details, channel: .online, intakePath: try await centrePath(db),
                by: person.actor, context: context, on: db)
        }
    }

    /// A window application for someone without an account, taken by the demo clerk.
    func submitAtWindow(_ matter: Matter, at now: Date) async throws -> ApprovalCase {
        let context = try await context(at: now)
        let clerk = try await clerk
        let applicant = ApplicantDetails(accountID: nil, kind: .enterprise, name: "示范市恒信商贸有限公司", identifier: DemoCity.demoEnterpriseCode, phone: nil)
        return try await test.writeGate.transaction(on: db) { db in
            try await CaseStore.submit(
                matter: matter, form: Self.form, files: [], applicant: applicant, channel: .window, intakePath: try await centrePath(db),
                by: clerk.actor, context: context, on: db).row
        }
    }

    func centrePath(_ db: any Database) async throws -> String {
        try #require(try await OrganisationUnit.query(on: db).filter(\.$kind == .serviceCentre).first()).path
    }

    @discardableResult
    func act(_ action: CaseAction, on row: ApprovalCase, by person: Person?, at now: Date, expectedVersion: Int? = nil) async throws -> ApprovalCase {
        let context = try await context(at: now)
        let id = try row.requireID()
        return try await test.writeGate.transaction(on: db) { db in
            try await CaseStore.act(
                action, on: id, principal: person?.principal, expectedVersion: expectedVersion, by: person?.actor ?? .system("test"),
                context: context, on: db)
        }
    }

    func reload(_ row: ApprovalCase) async throws -> ApprovalCase {
        try #require(try await ApprovalCase.find(row.id, on: db))
    }

    func events(of row: ApprovalCase) async throws -> [CaseEvent] {
        try await CaseEvent.query(on: db).filter(\.$caseID == row.requireID()).sort(\.$sequence).all()
    }

    /// Accepts a submitted case and completes its review steps, ready for a decision.
    func readyForDecision(_ row: ApprovalCase, from start: Date) async throws {
        try await act(.accept, on: row, by: try await clerk, at: start)
        var now = start
        while let step = try await reload(row).snapshot().currentReviewStep {
            now = now.addingTimeInterval(3600)
            try await act(.completeStep(note: nil), on: row, by: step.role == .departmentHead ? try await head : try await reviewer, at: now)
        }
    }
}

extension CivilDate {
    /// `"2026-12-01"` as the end of that day in Beijing, the instant a due date means.
    static func end(_ text: String) -> Date { CivilDate(text)!.endInBeijing }
}
