import FluentKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// The disclosure catalogue over HTTP: drafted and reviewed through the workbench's forms, found on the public portal,
/// and never shown before its secrecy review and sign-off, whoever guesses its address.
@Suite("Disclosure over HTTP")
struct DisclosurePortalTests {
    static func browser(_ test: TestApp, _ username: String) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        let response = try await browser.signIn(username, try #require(test.passwords[username]))
        #expect(response.status == .seeOther, "sign-in of \(username)")
        return browser
    }

    static func itemID(_ response: BrowserResponse) throws -> String {
        let location = try #require(response.headers.first(name: .location))
        return try #require(location.split(separator: "?").first?.split(separator: "/").last.map(String.init))
    }

    /// Drafts an item through the officer's form and takes it through the whole chain by each person's own form.
    static func publish(_ test: TestApp, title: String, body: String = "为进一步规范食品经营许可工作，现就有关事项通知如下。") async throws -> String {
        let officer = try await browser(test, "disclosure")
        let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
        let created = try await officer.post("/workbench/disclosure", form: [
            ("unit", try market.requireID().uuidString.lowercased()), ("title", title), ("category", "zcwj-gfxwj"),
            ("document_number", "示市监规〔2026〕7号"), ("issuer", ""), ("written_on", CivilDate.beijing(test.clock.now).description),
            ("subject_words", "食品 许可"), ("body", body), ("form", "proactive"), ("withholding_basis", ""), ("validity", "valid"),
        ])
        #expect(created.status == .seeOther, "\(created.status) \(created.text.prefix(300))")
        let id = try itemID(created)
        for (person, action, text) in [("disclosure", "submit", ""), ("reviewer", "approve", "同意"), ("secrecy", "pass_secrecy", "经审查不涉及国家秘密"),
                                       ("head", "sign_off", "同意发布")] {
            #expect(try await test.app.testing().sendRequest(.GET, "/disclosure/items/\(id)").status == .notFound, "public before \(action)")
            let acted = try await browser(test, person).post("/workbench/disclosure/\(id)/actions/\(action)", form: [("text", text)])
            #expect(acted.status == .seeOther, "\(person) \(action): \(acted.status) \(acted.text.prefix(300))")
        }
        return id
    }

    @Test("a visitor finds a published policy by part of its title, reads it, prints it and follows its feed; nothing earlier is public")
    func publishAndFind() async throws {
        try await withTestApp { test in
            let id = try await Self.publish(test, title: "关于规范食品经营许可证核发工作的通知")
            let visitor = TestBrowser(test.app)
            let results = try await visitor.get("/disclosure?q=" + TestBrowser.encode("食品经营"))
            #expect(results.status == .ok)
            #expect(results.text.contains("<mark>食品经营</mark>"))
            #expect(results.text.contains("/disclosure/items/\(id)"))
            let page = try await visitor.get("/disclosure/items/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("示市监规〔2026〕7号"))
            #expect(page.text.contains("为进一步规范食品经营许可工作"))
            #expect(try await visitor.get("/disclosure/items/\(id)/print").status == .ok)
            let feed = try await visitor.get("/disclosure/feed.atom?category=zcwj")
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.text.contains("关于规范食品经营许可证核发工作的通知"))
            #expect(XMLParser(data: Data(feed.text.utf8)).parse(), "the feed must be well-formed XML")
            let other = try await visitor.get("/disclosure?q=" + TestBrowser.encode("营业执照"))
            #expect(other.text.contains(Strings.text("disclosure_empty", .zhHans)))
        }
    }

    @Test("a draft is invisible to the public and to other departments, also by its address; the drafter cannot approve it")
    func draftsAreHidden() async throws {
        try await withTestApp { test in
            let officer = try await Self.browser(test, "disclosure")
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let created = try await officer.post("/workbench/disclosure", form: [
                ("unit", try market.requireID().uuidString.lowercased()), ("title", "内部征求意见稿"), ("category", "zcwj-gfxwj"),
                ("written_on", "2026-11-01"), ("body", "草稿"), ("form", "proactive"), ("validity", "valid"),
            ])
            let id = try Self.itemID(created)
            #expect(try await TestBrowser(test.app).get("/disclosure/items/\(id)").status == .notFound)
            #expect(try await TestBrowser(test.app).get("/disclosure/items/\(id)/print").status == .notFound)
            #expect(try await Self.browser(test, "citizen").get("/disclosure/items/\(id)").status == .notFound)
            // The window clerk works in the service centre, not the department, and reviews no disclosure at all.
            #expect(try await Self.browser(test, "clerk").get("/workbench/disclosure/\(id)").status == .forbidden)
            #expect(try await officer.get("/workbench/disclosure/\(id)").status == .ok)
            let early = try await Self.browser(test, "head").post("/workbench/disclosure/\(id)/actions/sign_off", form: [("text", "")])
            #expect(early.status == .badRequest)
            #expect(try await DisclosureItem.find(UUID(uuidString: id), on: test.app.db)?.publication == "unpublished")
            let secrecyWithoutBasis = try await Self.browser(test, "secrecy").post("/workbench/disclosure/\(id)/actions/pass_secrecy", form: [("text", "")])
            #expect(secrecyWithoutBasis.status == .badRequest)
        }
    }

    @Test("a withdrawn item is listed with its reason, its text and attachments no longer served")
    func withdrawal() async throws {
        try await withTestApp { test in
            let id = try await Self.publish(test, title: "示范市户籍迁移办理须知", body: "户籍迁移须携带居民户口簿。")
            let head = try await Self.browser(test, "head")
            let missing = try await head.post("/workbench/disclosure/\(id)/actions/withdraw", form: [("text", " ")])
            #expect(missing.status == .badRequest)
            let done = try await head.post("/workbench/disclosure/\(id)/actions/withdraw", form: [("text", "办理地点调整")])
            #expect(done.status == .seeOther)
            let page = try await TestBrowser(test.app).get("/disclosure/items/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains(Strings.text("disclosure_withdrawn_banner", .zhHans)))
            #expect(page.text.contains("办理地点调整"))
            #expect(!page.text.contains("居民户口簿"))
            let listed = try await TestBrowser(test.app).get("/disclosure?q=" + TestBrowser.encode("户籍"))
            #expect(listed.text.contains(Strings.text("disclosure_withdrawn", .zhHans)))
        }
    }

    @Test("the pager leads on while a next page exists, also past where the count stops, and not beyond the last page")
    func pagingPastTheCount() async throws {
        try await withTestApp { test in
            let units = try await OrganisationUnit.query(on: test.app.db).filter(\.$kind ~~ [.region, .department]).all()
            let next = try await DisclosureLoad.add(DisclosureSearch.countLimit + 25, startingAt: 1_000_000, of: DisclosureSearch.countLimit + 25, units: units, now: test.clock.now, on: test.app.db)
            try await DisclosureLoad.advanceCounter(to: next, on: test.app.db)
            let listed = try await DisclosureItem.query(on: test.app.db).filter(\.$searchID != nil).count()
            let lastPage = (listed + DisclosurePortalController.pageSize - 1) / DisclosurePortalController.pageSize
            let visitor = TestBrowser(test.app)
            let first = try await visitor.get("/disclosure")
            #expect(first.text.contains(Strings.format("disclosure_count_at_least", .zhHans, ["n": "\(DisclosureSearch.countLimit)"])))
            #expect(first.text.contains(#"rel="next""#))
            let beforeLast = try await visitor.get("/disclosure?page=\(lastPage - 1)")
            #expect(beforeLast.text.contains(#"rel="next""#), "page \(lastPage - 1) of \(lastPage)")
            let last = try await visitor.get("/disclosure?page=\(lastPage)")
            #expect(last.status == .ok)
            #expect(!last.text.contains(#"rel="next""#), "page \(lastPage) of \(lastPage)")
            #expect(last.text.contains(#"rel="prev""#))
        }
    }

    @Test("hostile searches and bad filters get the page with a clear message, never an error page")
    func hostileInput() async throws {
        try await withTestApp { test in
            _ = try await Self.publish(test, title: "社保经办服务指引", body: "社会保险（社保）经办。")
            let visitor = TestBrowser(test.app)
            for query in [#""社保" OR 1=1"#, "社保' --", "NEAR(社保 经办)", "*", "<script>alert(1)</script>", String(repeating: "社", count: 5000), "%00", "社保 AND NOT"] {
                let response = try await visitor.get("/disclosure?q=" + TestBrowser.encode(query))
                #expect(response.status == .ok, "\(query.prefix(30)) → \(response.status)")
                #expect(!response.text.contains("<script>alert(1)</script>"))
            }
            #expect(try await visitor.get("/disclosure?q=" + TestBrowser.encode("社保")).text.contains("<mark>社保</mark>"))
            for filter in ["unit=nope", "category=%27%3B--", "year=0000", "year=99999999999999999999", "validity=maybe", "page=0", "page=1000"] {
                let response = try await visitor.get("/disclosure?\(filter)")
                #expect(response.status == .badRequest, "\(filter) → \(response.status)")
                #expect(response.text.contains("以下筛选条件无效"))
            }
            #expect(try await visitor.get("/disclosure/feed.atom?unit=nope").status == .badRequest)
            #expect(try await visitor.get("/disclosure/items/not-a-uuid").status == .notFound)
        }
    }
}
