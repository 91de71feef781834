import FluentKit
import Foundation
import GovCore
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Bundle store")
struct BundleStoreTests {
    @Test("a joint application: one number, a part per department, 45 working days, one extension by the lead's head, done when every part is")
    func jointApplication() async throws {
        try await withStoreTest(now: ApprovalFixtures.beijing("2026-09-01 09:30")) { test in
            // setup: a market regulation matter (lead) and a health matter, each with its own staff.
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let (market, health) = (try await f.market, try await f.health)
            let food = try await f.publish(try ApprovalFixtures.definition(of: market, mainItem: 99001, name: "食品经营许可"), of: market)
            let hygiene = try await f.publish(try ApprovalFixtures.definition(of: health, mainItem: 99002, name: "公共场所卫生许可", feeFen: nil), of: health)
            let (clerk, marketHead, enterprise) = (try await f.clerk, try await f.head, try await f.enterprise)
            let healthReviewer = try await f.staff("reviewer.health", .reviewer, on: health)
            let healthHead = try await f.staff("head.health", .departmentHead, on: health)
            let received = ApprovalFixtures.beijing("2026-09-01 09:30")
            let context = try await f.context(at: received)
            let details = try await f.applicant(enterprise)

            // MUT
            let filed = try await test.writeGate.transaction(on: db) { db in
                try await BundleStore.submit(
                    title: "开办餐饮店一件事", matters: [food, hygiene], form: ApprovalFixtures.form,
                    files: [try ApprovalFixtures.pdf(), try ApprovalFixtures.pdf("floor_plan")], applicant: details, channel: .online,
                    intakePath: try await f.centrePath(db), by: enterprise.actor, context: context, on: db)
            }

            let (bundle, parts) = (filed.bundle, filed.parts.map(\.row))

            // validate: the applicant gets one number; each department gets its part.
            #expect(bundle.trackingNumber == "99010020260901000001")
            #expect(bundle.leadDepartmentID == market.id)
            #expect(parts.count == 2 && Set(parts.map(\.departmentID)) == [market.id!, health.id!])
            #expect(parts.allSatisfy { $0.bundleID == bundle.id && $0.trackingNumber != bundle.trackingNumber })
            #expect(try await BundleStore.parts(of: bundle.requireID(), on: db).count == 2)
            // The bundle and every part keep only their query codes' hashes (issue 20, item 8); the codes given in the
            // answer are distinct, and each part's tracks that part and no other.
            let key = test.queryCodeKey
            #expect(QueryCodeKey.isHashed(bundle.queryCode) && key.matches(filed.queryCode, stored: bundle.queryCode))
            #expect(Set(filed.parts.map(\.queryCode) + [filed.queryCode]).count == 3)
            for (part, other) in zip(filed.parts, filed.parts.reversed()) {
                #expect(QueryCodeKey.isHashed(part.row.queryCode) && part.row.queryCode != part.queryCode)
                #expect(try await CaseStore.track(trackingNumber: part.row.trackingNumber, queryCode: part.queryCode, key: key, on: db)?.row.id == part.row.id)
                #expect(try await CaseStore.track(trackingNumber: part.row.trackingNumber, queryCode: other.queryCode, key: key, on: db) == nil)
            }
            // Each part got the shared materials its matter lists.
            for part in parts {
                #expect(try await CaseMaterial.query(on: db).filter(\.$caseID == part.requireID()).count() == 2)
            }
            // 45 working days (Art. 42 ¶2), across the Mid-autumn and National Day holidays and their makeup days.
            #expect(bundle.statutoryDue == CivilDate.end("2026-11-09"))

            // The extension: the lead department's head only, once, at most 15 working days, with a reason.
            let id = try bundle.requireID()
            func extend(_ days: Int, _ reason: String, by person: Person) async throws -> CaseBundle {
                let context = try await f.context(at: ApprovalFixtures.beijing("2026-09-10 10:00"))
                return try await test.writeGate.transaction(on: db) { db in
                    try await BundleStore.extend(id, days: days, reason: reason, principal: person.principal, by: person.actor, context: context, on: db)
                }
            }
            await #expect(throws: CaseStoreError.forbidden) { try await extend(10, "联合核查", by: healthHead) }
            await #expect(throws: CaseStoreError.forbidden) { try await extend(10, "联合核查", by: try await f.reviewer) }
            await #expect(throws: BundleError.extensionOutOfRange(16)) { try await extend(16, "联合核查", by: marketHead) }
            await #expect(throws: BundleError.reasonRequired) { try await extend(15, " ", by: marketHead) }
            // Art. 42 ¶2: within the 45 working days, not after them.
            let lateContext = try await f.context(at: ApprovalFixtures.beijing("2026-11-10 09:00"))
            await #expect(throws: ExtensionRefusal.limitPassed(due: CivilDate.end("2026-11-09"))) {
                try await test.writeGate.transaction(on: db) { db in
                    try await BundleStore.extend(id, days: 15, reason: "联合核查", principal: marketHead.principal, by: marketHead.actor, context: lateContext, on: db)
                }
            }
            #expect(try await CaseBundle.find(id, on: db)?.statutoryDue == CivilDate.end("2026-11-09"))
            let extended = try await extend(15, "需两部门联合现场核查", by: marketHead)
            #expect(extended.extensionDays == 15 && extended.statutoryDue == CivilDate.end("2026-11-30"))
            await #expect(throws: BundleError.alreadyExtended) { try await extend(1, "再延", by: marketHead) }

            // Done only when both parts are: the food licence granted and served, the hygiene licence refused.
            let foodPart = try #require(parts.first { $0.departmentID == market.id })
            let hygienePart = try #require(parts.first { $0.departmentID == health.id })
            try await f.readyForDecision(foodPart, from: ApprovalFixtures.beijing("2026-09-02 10:00"))
            try await f.act(.decide(outcome: .granted, reasons: "符合条件"), on: foodPart, by: marketHead, at: ApprovalFixtures.beijing("2026-09-03 10:00"))
            try await f.act(.serveCertificate, on: foodPart, by: clerk, at: ApprovalFixtures.beijing("2026-09-04 10:00"))
            #expect(try await CaseBundle.find(id, on: db)?.completedAt == nil)

            try await f.act(.accept, on: hygienePart, by: clerk, at: ApprovalFixtures.beijing("2026-09-02 10:30"))
            // The market's staff cannot work the health part, nor the other way round.
            await #expect(throws: CaseStoreError.notFound) {
                try await f.act(.completeStep(note: nil), on: hygienePart, by: try await f.reviewer, at: ApprovalFixtures.beijing("2026-09-07 10:00"))
            }
            try await f.act(.completeStep(note: nil), on: hygienePart, by: healthReviewer, at: ApprovalFixtures.beijing("2026-09-07 10:00"))
            try await f.act(.completeStep(note: nil), on: hygienePart, by: healthHead, at: ApprovalFixtures.beijing("2026-09-08 10:00"))
            try await f.act(.decide(outcome: .refused, reasons: "场所卫生条件不符合要求"), on: hygienePart, by: healthHead, at: ApprovalFixtures.beijing("2026-09-09 10:00"))
            #expect(try await CaseBundle.find(id, on: db)?.completedAt == ApprovalFixtures.beijing("2026-09-09 10:00"))
        }
    }

    @Test("a joint application needs two different matters")
    func tooFew() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let market = try await f.market
            let food = try await f.publish(try ApprovalFixtures.definition(of: market), of: market)
            let enterprise = try await f.enterprise
            let context = try await f.context(at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            let details = try await f.applicant(enterprise)
            for matters in [[food], [food, food]] {
                await #expect(throws: BundleError.self) {
                    try await test.writeGate.transaction(on: test.db) { db in
                        _ = try await BundleStore.submit(
                            title: "", matters: matters, form: ApprovalFixtures.form, files: [try ApprovalFixtures.pdf()], applicant: details,
                            channel: .online, intakePath: try await f.centrePath(db), by: enterprise.actor, context: context, on: db)
                    }
                }
            }
            #expect(try await CaseBundle.query(on: test.db).count() == 0)
        }
    }
}
