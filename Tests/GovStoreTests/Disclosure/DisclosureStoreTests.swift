import FluentKit
import Foundation
import GovCore
@testable import GovStore
import GovStoreTestSupport
import Testing

/// The disclosure catalogue on a real database: the review chain, corrections and withdrawal, the proactive clock as
/// an obligation, and the search index, on SQLite and (with `GOVHALL_TEST_DATABASE_URL`) PostgreSQL.
@Suite("Disclosure store")
struct DisclosureStoreTests {
    struct Team {
        var officer: Person
        var reviewer: Person
        var secrecy: Person
        var head: Person
        var market: OrganisationUnit
    }

    static func team(_ f: ApprovalFixtures) async throws -> Team {
        Team(officer: try await f.person("disclosure", as: .disclosureOfficer), reviewer: try await f.reviewer,
             secrecy: try await f.person("secrecy", as: .secrecyReviewer), head: try await f.head, market: try await f.market)
    }

    static func draft(_ title: String, written: String = "2026-11-02", category: String = "zcwj-gfxwj", body: String = "为进一步规范食品经营许可工作，现通知如下。",
                      form: DisclosureForm = .proactive) -> DisclosureDraft {
        DisclosureDraft(title: title, categoryCode: category, documentNumber: "示市监规〔2026〕7号", writtenOn: CivilDate(written)!,
                        subjectWords: ["食品", "许可"], body: body, form: form)
    }

    static func write<T: Sendable>(_ f: ApprovalFixtures, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await f.test.writeGate.transaction(on: f.db, body)
    }

    /// Creates an item and takes it as far as `steps` of the chain (4: published).
    static func item(_ f: ApprovalFixtures, _ team: Team, _ draft: DisclosureDraft, steps: Int = 4) async throws -> UUID {
        let calendar = try await CalendarStore.load(on: f.db)
        let now = f.test.clock.now
        let item = try await write(f) { db in
            try await DisclosureStore.create(draft, unitID: team.market.requireID(), principal: team.officer.principal, by: team.officer.actor,
                                             calendar: calendar, now: now, on: db)
        }
        let id = try item.requireID()
        let chain: [(DisclosureAction, Person)] = [
            (.submit, team.officer), (.approve(comment: ""), team.reviewer), (.passSecrecy(basis: "不涉及国家秘密"), team.secrecy), (.signOff(comment: "同意"), team.head),
        ]
        for (action, person) in chain.prefix(steps) { try await act(f, action, id, person) }
        return id
    }

    @discardableResult
    static func act(_ f: ApprovalFixtures, _ action: DisclosureAction, _ id: UUID, _ person: Person, expectedVersion: Int? = nil) async throws -> DisclosureItem {
        let calendar = try await CalendarStore.load(on: f.db)
        let now = f.test.clock.now
        return try await write(f) { db in
            try await DisclosureStore.act(action, on: id, expectedVersion: expectedVersion, principal: person.principal, by: person.actor,
                                          indexPattern: .standard, calendar: calendar, now: now, on: db)
        }
    }

    static func search(_ f: ApprovalFixtures, _ text: String, _ filter: DisclosureFilter = DisclosureFilter()) async throws -> [String] {
        try await DisclosureSearch.search(SearchText.Query(text), filter: filter, offset: 0, limit: 50, on: f.db).items.map(\.title)
    }

    @Test("no item reaches the public before its secrecy review and sign-off; then it has an index number and is found")
    func reviewChain() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let team = try await Self.team(f)
            let id = try await Self.item(f, team, Self.draft("关于规范食品经营许可证核发的通知"), steps: 0)
            for (step, (action, person)) in [(DisclosureAction.submit, team.officer), (.approve(comment: "同意"), team.reviewer),
                                              (.passSecrecy(basis: "不涉及国家秘密"), team.secrecy)].enumerated() {
                #expect(try await DisclosureStore.findPublic(id, on: f.db) == nil, "public before step \(step)")
                #expect(try await Self.search(f, "食品经营").isEmpty)
                try await Self.act(f, action, id, person)
            }
            // The head cannot skip ahead of anyone, and the officer cannot review their own draft.
            await #expect(throws: DisclosureProblem.notPermitted) { try await Self.act(f, .signOff(comment: ""), id, team.secrecy) }
            #expect(try await DisclosureStore.findPublic(id, on: f.db) == nil)
            let published = try await Self.act(f, .signOff(comment: "同意发布"), id, team.head)
            #expect(published.status == DisclosureStatus(publication: .published, working: nil))
            let organisationCode = IndexNumberPattern.organisationCode(ofUnitCode: team.market.code)
            #expect(published.indexNumber == "\(organisationCode)/2026-00001")
            #expect(try await DisclosureStore.findPublic(id, on: f.db) != nil)
            #expect(try await Self.search(f, "食品经营") == ["关于规范食品经营许可证核发的通知"])
            let actions = try await DisclosureStore.reviews(of: id, on: f.db).map(\.action)
            #expect(actions == ["create", "submit", "approve", "pass_secrecy", "sign_off"])
            let audit = try await AuditEntry.query(on: f.db).filter(\.$objectType == "disclosure_item").count()
            #expect(audit == 5)
        }
    }

    @Test("a drafter holding a review role still cannot review their own draft; a stale version is refused")
    func separationAndConflicts() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            var team = try await Self.team(f)
            let both = try await f.staff("officer-head", .disclosureOfficer, on: team.market)
            let market = team.market
            try await Self.write(f) { db in
                let account = try await Account.find(both.id, on: db)!
                try await AccountStore.grant(.reviewer, to: account, on: market, includesSubtree: false, by: .system("test"), now: test.clock.now, on: db)
            }
            team.officer = try await f.person("officer-head", as: .disclosureOfficer)
            let id = try await Self.item(f, team, Self.draft("自审测试"), steps: 1)
            await #expect(throws: DisclosureProblem.ownDraft) { try await Self.act(f, .approve(comment: ""), id, team.officer) }
            let current = try #require(try await DisclosureItem.find(id, on: f.db))
            await #expect(throws: DisclosureStoreError.changedSinceRead) {
                try await Self.act(f, .approve(comment: ""), id, team.reviewer, expectedVersion: current.version - 1)
            }
            try await Self.act(f, .approve(comment: ""), id, team.reviewer, expectedVersion: current.version)
        }
    }

    @Test("a correction leaves the published version public until it is signed off; a withdrawn item is listed but its text is not served")
    func correctionAndWithdrawal() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let team = try await Self.team(f)
            let id = try await Self.item(f, team, Self.draft("示范市社保经办服务指引", body: "社会保险经办窗口设在市民中心二楼。"))
            try await Self.act(f, .revise, id, team.officer)
            let corrected = Self.draft("示范市社保经办服务指引（修订）", body: "社会保险经办窗口已迁至市民中心三楼。")
            let calendar = try await CalendarStore.load(on: f.db)
            let now = test.clock.now
            _ = try await Self.write(f) { db in
                try await DisclosureStore.edit(id, draft: corrected, expectedVersion: nil, principal: team.officer.principal, by: team.officer.actor,
                                               calendar: calendar, now: now, on: db)
            }
            // Still the first version for the public, and for search.
            let during = try #require(try await DisclosureStore.findPublic(id, on: f.db))
            #expect(during.title == "示范市社保经办服务指引")
            #expect(try await Self.search(f, "三楼").isEmpty)
            #expect(try await Self.search(f, "二楼") == ["示范市社保经办服务指引"])
            for (action, person) in [(DisclosureAction.submit, team.officer), (.approve(comment: ""), team.reviewer),
                                     (.passSecrecy(basis: "不涉密"), team.secrecy), (.signOff(comment: ""), team.head)] {
                try await Self.act(f, action, id, person)
            }
            let after = try #require(try await DisclosureStore.findPublic(id, on: f.db))
            #expect(after.title == "示范市社保经办服务指引（修订）")
            #expect(after.publishedVersion == 2)
            #expect(try await DisclosureStore.versions(of: id, on: f.db).count == 2)
            #expect(try await Self.search(f, "二楼").isEmpty)
            #expect(try await Self.search(f, "社保 三楼") == ["示范市社保经办服务指引（修订）"])

            await #expect(throws: DisclosureProblem.reasonRequired) { try await Self.act(f, .withdraw(reason: " "), id, team.head) }
            try await Self.act(f, .withdraw(reason: "窗口调整，另行发布"), id, team.head)
            let withdrawn = try #require(try await DisclosureStore.findPublic(id, on: f.db))
            #expect(withdrawn.status.publication == .withdrawn)
            #expect(withdrawn.withdrawnReason == "窗口调整，另行发布")
            // Found by its title, not by its text.
            #expect(try await Self.search(f, "社保") == ["示范市社保经办服务指引（修订）"])
            #expect(try await Self.search(f, "三楼").isEmpty)
        }
    }

    @Test("the proactive clock is an obligation from the date written, counted on the calendar; on request and withheld items have none")
    func proactiveClock() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let team = try await Self.team(f)
            let calendar = try await CalendarStore.load(on: f.db)
            // Written before the National Day holiday: the 20 working days skip it.
            let written = CivilDate("2026-09-25")!
            let late = try await Self.item(f, team, Self.draft("节前成文的通知", written: written.description), steps: 0)
            let clock = try #require(try await ObligationRecord.query(on: f.db).filter(\.$subjectID == late).first())
            #expect(clock.kind == ObligationKind.proactiveDisclosure.rawValue)
            #expect(clock.startedAt == written.startInBeijing)
            #expect(clock.statutoryDue == (try calendar.due(from: written.startInBeijing, workingDays: 20)))
            #expect(clock.statutoryDue > written.adding(days: 28).startInBeijing, "the holiday must lengthen the period")
            #expect(clock.status == ObligationStatus.overdue.rawValue)
            for (action, person) in [(DisclosureAction.submit, team.officer), (.approve(comment: ""), team.reviewer),
                                     (.passSecrecy(basis: "不涉密"), team.secrecy), (.signOff(comment: ""), team.head)] {
                try await Self.act(f, action, late, person)
            }
            let finished = try #require(try await ObligationRecord.find(clock.requireID(), on: f.db))
            #expect(finished.completion == Completion.late.rawValue)

            let onTime = try await Self.item(f, team, Self.draft("新近成文的通知", written: CivilDate.beijing(test.clock.now).description))
            let judged = try #require(try await ObligationRecord.query(on: f.db).filter(\.$subjectID == onTime).first())
            #expect(judged.completion == Completion.early.rawValue)

            var withheld = Self.draft("内部事务", form: .notDisclosed)
            withheld.withholdingBasis = "《政府信息公开条例》第十六条"
            let none = try await Self.item(f, team, withheld, steps: 4)
            #expect(try await ObligationRecord.query(on: f.db).filter(\.$subjectID == none).count() == 0)
            #expect(try await DisclosureStore.findPublic(none, on: f.db) == nil)
        }
    }

    @Test("search: substrings of two and more characters, one character, filters, no match, hostile input")
    func search() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let team = try await Self.team(f)
            _ = try await Self.item(f, team, Self.draft("食品经营许可证办理指南", written: "2025-03-01", category: "xzxk"))
            _ = try await Self.item(f, team, Self.draft("户籍迁移便民措施", written: "2026-05-01", category: "zcwj-gfxwj", body: "户口迁移（户籍）办理。"))
            _ = try await Self.item(f, team, Self.draft("税务登记说明", written: "2026-06-01", category: "zcwj-zcjd", body: "纳税人……"))
            _ = try await Self.item(f, team, Self.draft("未发布的户籍草稿"), steps: 2)
            #expect(try await Self.search(f, "食品经营") == ["食品经营许可证办理指南"])
            #expect(try await Self.search(f, "户籍") == ["户籍迁移便民措施"])
            #expect(try await Self.search(f, "税") == ["税务登记说明"])
            #expect(try await Self.search(f, "") == ["税务登记说明", "户籍迁移便民措施", "食品经营许可证办理指南"])
            #expect(try await Self.search(f, "", DisclosureFilter(categoryCode: "zcwj")) == ["税务登记说明", "户籍迁移便民措施"])
            #expect(try await Self.search(f, "", DisclosureFilter(year: 2025)) == ["食品经营许可证办理指南"])
            #expect(try await Self.search(f, "", DisclosureFilter(unitID: team.market.requireID(), validity: .valid)).count == 3)
            #expect(try await Self.search(f, "", DisclosureFilter(unitID: try await f.health.requireID())).isEmpty)
            #expect(try await Self.search(f, "营业执照").isEmpty)
            for hostile in [#""食品" OR 1=1"#, "食品' --", "NEAR(食品 许可)", "*", "\u{0}", String(repeating: "食", count: 5000), "户籍 AND NOT", ":A & !"] {
                _ = try await Self.search(f, hostile)
            }
            #expect(try await Self.search(f, #""食品" OR 1=1"#).isEmpty)
            let page = try await DisclosureSearch.search(SearchText.Query("许可"), filter: DisclosureFilter(), offset: 0, limit: 1, on: f.db)
            #expect(page.items.count == 1)
            #expect(page.total == 3, "the subject words of all three hold 许可")
            #expect(!page.totalIsAtLeast)

            // Rebuilt (as a migration does when the index's form changes), the index answers as before, in the same order.
            let before = try await Self.search(f, "")
            try await Self.write(f) { db in try await DisclosureStore.rebuildSearchIndex(on: db) }
            #expect(try await Self.search(f, "") == before)
            #expect(try await Self.search(f, "户籍") == ["户籍迁移便民措施"])
            #expect(try await Self.search(f, "", DisclosureFilter(categoryCode: "zcwj")) == ["税务登记说明", "户籍迁移便民措施"])
        }
    }
}
