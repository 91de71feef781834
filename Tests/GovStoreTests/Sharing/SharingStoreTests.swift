import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

/// Requests, grants and the exchange on a real database, starting from the demo city's catalog.
@Suite("Sharing and exchange")
struct SharingStoreTests {
    static let populationCode = "990100-GA-0001"

    struct Context {
        var f: ApprovalFixtures
        var civil: Person
        var police: Person
        var calendar: WorkCalendar
        var civilCaller: ExchangeCaller

        init(_ test: StoreTest) async throws {
            f = ApprovalFixtures(test: test)
            civil = try await f.person("steward-ca", as: .dataSteward)
            police = try await f.person("steward-ps", as: .dataSteward)
            calendar = try await CalendarStore.load(on: f.db)
            let unit = try #require(try await SharingStore.stewardUnit(of: civil.principal, on: f.db))
            civilCaller = ExchangeCaller(unitID: try unit.requireID(), unitPath: unit.path, clientName: "低保审核系统")
        }

        func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
            try await f.test.writeGate.transaction(on: f.db, body)
        }

        func resource(_ code: String = SharingStoreTests.populationCode) async throws -> SharingResourceRecord {
            try #require(try await SharingStore.resource(code: code, on: f.db))
        }

        func file(_ fields: [String], days: Int = 90, purpose: String = "subsidy-review", code: String = SharingStoreTests.populationCode) async throws -> SharingRequestRecord {
            let resource = try await resource(code)
            let application = try SharingRules.validate(fields: fields, purposeCode: purpose, purpose: "最低生活保障核对", legalBasis: "《社会救助暂行办法》第十一条",
                                                        days: String(days), for: resource.definition)
            let (civil, calendar, now) = (civil, calendar, f.test.clock.now)
            return try await write { db in
                try await SharingStore.file(application, for: resource, principal: civil.principal, by: civil.actor, calendar: calendar, now: now, on: db)
            }
        }

        @discardableResult
        func decide(_ decision: SharingStore.Decision, _ id: UUID, as person: Person) async throws -> SharingRequestRecord {
            let (calendar, now) = (calendar, f.test.clock.now)
            return try await write { db in
                try await SharingStore.decide(decision, on: id, expectedVersion: nil, principal: person.principal, by: person.actor, calendar: calendar, now: now, on: db)
            }
        }

        func query(_ code: String = SharingStoreTests.populationCode, subject: String? = DemoCity.demoResidentID, fields: [String]? = nil,
                   purpose: String = "subsidy-review") async throws -> ExchangeAnswer {
            let call = ExchangeCall(callerUnitPath: civilCaller.unitPath, purposeCode: purpose, issue: "DB2026-0042", endUser: "经办人 冯雪", fields: fields)
            let (caller, now) = (civilCaller, f.test.clock.now)
            return try await write { db in
                try await ExchangeStore.query(resourceCode: code, subject: subject, call: call, caller: caller, now: now, on: db)
            }
        }
    }

    @Test("the gateway: refused without a grant, served with one and only its fields, refused after revocation and expiry; all logged, the chain verifies")
    func gateway() async throws {
        try await withStoreTest { test in
            let c = try await Context(test)
            let before = try await ExchangeAccessEntry.query(on: c.f.db).count()
            #expect(try await c.query().decision == .refused(.noGrant))

            let request = try await c.file(["name", "birth_date", "household_address"])
            let id = try request.requireID()
            #expect(request.requestState == .pending)
            let clock = try #require(try await ObligationRecord.query(on: c.f.db).filter(\.$subjectID == id).first())
            #expect(clock.kind == ObligationKind.sharingReply.rawValue && clock.completedAt == nil)
            #expect(clock.statutoryDue == (try c.calendar.due(from: test.clock.now, workingDays: 10)))
            // Only the provider answers.
            await #expect(throws: SharingProblem.notPermitted) { try await c.decide(.approve(fields: ["name"], days: "90", conditions: ""), id, as: c.civil) }

            let approved = try await c.decide(.approve(fields: ["name", "birth_date"], days: "90", conditions: "仅用于低保审核"), id, as: c.police)
            #expect(approved.requestState == .approved)
            let closed = try #require(try await ObligationRecord.find(clock.id, on: c.f.db))
            #expect(closed.completedAt != nil && closed.completion == Completion.early.rawValue)
            let grant = try #require(try await SharingStore.grant(of: approved, on: c.f.db))
            #expect(grant.fields == ["name", "birth_date"])

            let served = try await c.query()
            #expect(served.fields == ["name", "birth_date"])
            #expect(served.records == [["name": "张伟", "birth_date": "1990-03-07"]])
            #expect(try await c.query(fields: ["household_address"]).decision == .refused(.fieldNotGranted))
            #expect(try await c.query(purpose: "marketing").decision == .refused(.purposeNotGranted))
            #expect(try await c.query(subject: nil).decision == .refused(.missingSubject))
            #expect(try await c.query("990100-SJ-0001", subject: DemoCity.demoEnterpriseCode).records.first?["legal_representative"] == "李明")
            #expect(try await c.query("990100-GA-0002").decision == .refused(.notShared))
            #expect(try await c.query("NO-SUCH").decision == .refused(.unknownResource))

            let (police, now) = (c.police, test.clock.now)
            let grantID = try grant.requireID()
            _ = try await c.write { db in try await SharingStore.revoke(grant: grantID, reason: "用途核查", principal: police.principal, by: police.actor, now: now, on: db) }
            #expect(try await c.query().decision == .refused(.grantRevoked))

            let short = try await c.file(["name"], days: 1)
            try await c.decide(.approve(fields: ["name"], days: "1", conditions: ""), try short.requireID(), as: c.police)
            #expect(try await c.query().fields == ["name"])
            test.clock.advance(by: 2 * 86_400)
            #expect(try await c.query().decision == .refused(.grantExpired))

            let lines = try await ExchangeAccessEntry.query(on: c.f.db).filter(\.$id > before).sort(\.$id).all()
            #expect(lines.map(\.outcome) == ["no_grant", "served", "field_not_granted", "purpose_not_granted", "missing_subject", "served", "not_shared",
                                             "unknown_resource", "grant_revoked", "served", "grant_expired"])
            #expect(lines.allSatisfy { $0.issue == "DB2026-0042" && $0.endUser == "经办人 冯雪" && $0.clientName == "低保审核系统" })
            #expect(lines[1].subjectMasked == Mask.identifier(DemoCity.demoResidentID) && lines[1].fieldList == "name,birth_date" && lines[1].resultCount == 1)
            guard case let .intact(count, _) = try await ExchangeStore.verify(on: c.f.db) else {
                Issue.record("the access log's chain does not verify")
                return
            }
            #expect(count == before + 11)

            // What the citizen's tracker and the provider's page read.
            let own = try await ExchangeStore.search(.init(outcome: "served", subjectDigest: ExchangeStore.subjectDigest(DemoCity.demoResidentID)), limit: 50, on: c.f.db)
            #expect(own.contains { $0.callerUnitPath == c.civilCaller.unitPath })
            let resource = try await c.resource()
            let provided = try await ExchangeStore.search(.init(providerPath: resource.unitPath), limit: 100, on: c.f.db)
            #expect(provided.allSatisfy { $0.resourceCode.hasPrefix("990100-GA") })

            // Editing any line breaks the chain.
            let sql = try #require(c.f.db as? any SQLDatabase)
            try await sql.raw("UPDATE exchange_access_log SET result_count = 5 WHERE sequence = \(bind: lines[1].id!)").run()
            #expect(try await ExchangeStore.verify(on: c.f.db) == .broken(sequence: lines[1].id!, reason: .contentHashMismatch))
        }
    }

    @Test("a resource provided as a file is handed over in parts through the same gate, each part one line of the log")
    func fileDownload() async throws {
        try await withStoreTest { test in
            let c = try await Context(test)
            let call = ExchangeCall(callerUnitPath: c.civilCaller.unitPath, purposeCode: "stats", issue: "TJ2026", endUser: "统计员", fields: nil)
            let (caller, now) = (c.civilCaller, test.clock.now)
            func file(_ code: String, after: String? = nil) async throws -> (answer: ExchangeAnswer, next: String?) {
                try await c.write { db in try await ExchangeStore.file(resourceCode: code, after: after, call: call, caller: caller, limit: 20, now: now, on: db) }
            }
            // Record by record only: the population resource is not a file.
            #expect(try await file(SharingStoreTests.populationCode).answer.decision == .refused(.notAFile))
            let police = c.police
            let unit = try #require(try await SharingStore.stewardUnit(of: police.principal, on: c.f.db))
            let definition = try ResourceDraft(
                code: "990100-GA-0100", name: "人口统计抽样", description: "d", fieldList: "id_number, 号码, string\nname, 姓名, string", subjectField: "id_number",
                sharingClass: "unconditional", legalBasis: "", frequency: "yearly", provision: "file").validated()
            _ = try await c.write { db in
                try await SharingStore.create(definition, scopeUnitIDs: [], source: .population, unit: unit, principal: police.principal, by: police.actor, now: now, on: db)
            }
            let total = try await RegistryStore.count(.population, on: c.f.db)
            let first = try await file("990100-GA-0100")
            #expect(first.answer.fields == ["id_number", "name"] && first.answer.records.count == 20 && first.next != nil)
            let second = try await file("990100-GA-0100", after: first.next)
            #expect(second.answer.records.count == min(20, total - 20))
            #expect(Set(first.answer.records.compactMap { $0["id_number"] }).isDisjoint(with: second.answer.records.compactMap { $0["id_number"] }))
            let line = try #require(try await ExchangeAccessEntry.find(second.answer.logSequence, on: c.f.db))
            #expect(line.outcome == "served" && line.resultCount == second.answer.records.count && line.subjectDigest == nil)
        }
    }

    @Test("concurrent calls extend one unforked chain")
    func concurrentCalls() async throws {
        try await withStoreTest { test in
            let c = try await Context(test)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    group.addTask { _ = try await c.query("990100-SJ-0001", subject: DemoCity.demoEnterpriseCode) }
                }
                try await group.waitForAll()
            }
            let total = try await ExchangeAccessEntry.query(on: c.f.db).count()
            #expect(try await ExchangeStore.verify(on: c.f.db) == .intact(count: total, lastHash: try #require(try await ExchangeAccessHead.find(1, on: c.f.db)).lastHash))
        }
    }

    @Test("a challenge to a not-shared resource goes to the bureau, and reclassifying it sends the request on to the provider")
    func challenge() async throws {
        try await withStoreTest { test in
            let c = try await Context(test)
            let bureau = try await c.f.person("steward", as: .dataSteward)
            let request = try await c.file(["record"], code: "990100-GA-0002")
            let id = try request.requireID()
            #expect(request.requestState == .challenged && request.bureauUnitPath == bureau.actor.unitPath)
            await #expect(throws: SharingProblem.notPermitted) { try await c.decide(.reclassify(reason: "确有必要"), id, as: c.police) }
            await #expect(throws: FieldErrors.self) { try await c.decide(.reclassify(reason: " "), id, as: bureau) }
            let moved = try await c.decide(.reclassify(reason: "低保审核确需核查，改为有条件共享"), id, as: bureau)
            #expect(moved.requestState == .pending && moved.challengeOutcome == "reclassified")
            #expect(try await c.resource("990100-GA-0002").sharingClass == SharingClass.conditional.rawValue)
            let clocks = try await ObligationRecord.query(on: c.f.db).filter(\.$subjectID == id).sort(\.$sequence).all()
            #expect(clocks.count == 2 && clocks[0].completedAt != nil && clocks[1].completedAt == nil && clocks[1].unitPath == c.police.actor.unitPath)
            let refused = try await c.decide(.refuse(reason: "涉及未成年人记录"), id, as: c.police)
            #expect(refused.requestState == .refused && refused.reason == "涉及未成年人记录")
            await #expect(throws: SharingProblem.notOpen) { try await c.decide(.withdraw, id, as: c.civil) }
        }
    }

    @Test("what cannot be asked: one's own resource, an unconditional one, outside the scope")
    func refusals() async throws {
        try await withStoreTest { test in
            let c = try await Context(test)
            let resource = try await c.resource()
            let application = SharingApplication(fields: ["name"], purposeCode: "own", purpose: "p", legalBasis: "b", days: 5)
            let (police, calendar, now) = (c.police, c.calendar, test.clock.now)
            await #expect(throws: SharingProblem.ownResource) {
                try await c.write { db in try await SharingStore.file(application, for: resource, principal: police.principal, by: police.actor, calendar: calendar, now: now, on: db) }
            }
            await #expect(throws: FieldErrors.self) { try await c.file(["name"], code: "990100-SJ-0001") }
            let market = try await c.f.market
            let narrowed = try await c.write { db in
                try await SharingStore.update(try resource.requireID(), to: resource.definition, scopeUnitIDs: [try market.requireID()], expectedVersion: resource.version,
                                              principal: police.principal, by: police.actor, now: now, on: db)
            }
            #expect(narrowed.scopePaths == [market.path])
            await #expect(throws: SharingProblem.outOfScope) { try await c.file(["name"]) }
        }
    }
}
