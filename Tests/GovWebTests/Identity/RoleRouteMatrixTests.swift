import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// Every page route against every demo role and a stranger: each reaches what it should and is refused
/// elsewhere with 403 (or, for strangers, sent to sign in) — never a 500, never the page.
@Suite("Role × route matrix")
struct RoleRouteMatrixTests {
    enum Expect: Equatable { case ok, forbidden, signIn }

    static let people = ["anonymous", "admin", "supervisor", "clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "operator", "citizen", "enterprise"]
    static let staffWorkbench: Set<String> = ["clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "operator"]
    /// Issue 20, item 7: a unit's drafts are read by those who review them, its requests (with the requester's personal
    /// data) by those who answer them; not by every workbench role of the unit.
    static let disclosureReviewers: Set<String> = ["reviewer", "head", "disclosure", "secrecy"]
    static let requestAnswerers: Set<String> = ["head", "disclosure", "secrecy"]

    /// Who may reach each GET route; everyone else gets 403, strangers the sign-in page.
    static let routes: [(path: String, allowed: Set<String>?)] = [
        ("/", nil), ("/calendar", nil), ("/signin", nil), ("/register", nil),
        ("/services", nil), ("/track", nil), ("/verify", nil), ("/performance", nil), ("/performance.csv", nil),
        ("/disclosure", nil), ("/disclosure/feed.atom", nil), ("/disclosure/track", nil), ("/credit", nil), ("/credit?q=示范", nil),
        ("/disclosure/requests/new", ["citizen", "enterprise"]),
        ("/workbench/disclosure/requests", requestAnswerers),
        ("/workbench/disclosure/requests/new", ["disclosure"]),
        ("/workbench/disclosure/report", ["head", "disclosure"]),
        ("/supervision/disclosure/report", ["supervisor"]),
        ("/notifications", ["admin", "supervisor", "clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "operator"]),
        ("/workbench/orders", staffWorkbench),
        ("/account", Set(people.dropFirst())),
        ("/my", ["citizen", "enterprise"]),
        ("/workbench", staffWorkbench),
        ("/workbench/intake", ["clerk"]),
        ("/workbench/matters", ["head", "admin"]),
        ("/workbench/disclosure", disclosureReviewers),
        ("/workbench/disclosure/new", ["disclosure"]),
        ("/admin/disclosure", ["admin"]),
        ("/supervision", ["supervisor"]),
        ("/supervision/audit", ["supervisor"]),
        ("/supervision/audit.csv", ["supervisor"]),
        ("/supervision/live", ["supervisor"]),
        ("/supervision/lights.csv", ["supervisor"]),
        ("/supervision/obligations", ["supervisor"]),
        ("/supervision/obligations.csv", ["supervisor"]),
        ("/supervision/violations", ["supervisor"]),
        ("/supervision/violations.csv", ["supervisor"]),
        ("/supervision/orders", ["supervisor"]),
        ("/supervision/orders.csv", ["supervisor"]),
        ("/supervision/performance", ["supervisor"]),
        ("/supervision/performance.csv", ["supervisor"]),
        ("/admin/supervision", ["admin"]),
        ("/admin", ["admin"]),
        ("/admin/organisations", ["admin"]),
        ("/admin/users", ["admin"]),
        ("/admin/calendar", ["admin"]),
        ("/admin/tokens", ["admin"]),
        ("/admin/approvals", ["admin"]),
        ("/admin/sharing", ["admin"]),
        ("/workbench/sharing", ["steward"]),
        ("/workbench/sharing/catalog", ["steward"]),
        ("/workbench/sharing/catalog.csv", ["steward"]),
        ("/workbench/sharing/access", ["steward"]),
        ("/workbench/sharing/resources/new", ["steward"]),
        ("/workbench/sharing/registries", ["steward"]),
        ("/supervision/exchange", ["supervisor"]),
        ("/supervision/exchange.csv", ["supervisor"]),
        ("/my/data-access", ["citizen", "enterprise"]),
        ("/hotline", nil), ("/hotline/track", nil), ("/mailbox", nil),
        ("/mailbox/write", Set(people.dropFirst())),
        ("/my/hotline", ["citizen", "enterprise"]),
        ("/workbench/hotline", ["reviewer", "head", "operator"]),
        ("/workbench/hotline/new", ["operator"]),
        ("/workbench/hotline/knowledge", ["reviewer", "head", "operator"]),
        ("/workbench/evaluation", ["head"]), ("/supervision/evaluation", ["supervisor"]),
        ("/admin/hotline", ["admin"]),
        ("/participation", nil), ("/petitions/new", ["citizen", "enterprise"]), ("/my/petitions", ["citizen", "enterprise"]),
        ("/workbench/participation", ["reviewer", "head"]), ("/workbench/petitions", ["reviewer", "head", "operator"]),
    ]

    static let postRoutes = [
        "/admin/organisations", "/admin/users", "/admin/calendar/import", "/admin/calendar/days", "/admin/tokens", "/admin/supervision",
        "/admin/disclosure/categories", "/admin/sharing", "/admin/hotline/settings", "/admin/hotline/categories", "/admin/hotline/rules",
    ]

    @Test("every role against every page")
    func matrix() async throws {
        try await withTestApp { test in
            for person in Self.people {
                let browser = TestBrowser(test.app)
                if person != "anonymous" {
                    let signIn = try await browser.signIn(person, test.passwords[person]!)
                    #expect(signIn.status == .seeOther, "\(person) could not sign in")
                }
                // A demo matter's guide is public; applying is for applicants.
                let matter = try #require(try await MatterStore.list(on: test.app.db).first { $0.onlineDepth == OnlineDepth.fullyOnline.rawValue })
                let routes = Self.routes + [("/services/\(matter.code)", nil), ("/services/\(matter.code)/apply", ["citizen", "enterprise"])]
                for route in routes {
                    let response = try await browser.get(route.path)
                    let expected: Expect = route.allowed.map { $0.contains(person) ? .ok : (person == "anonymous" ? .signIn : .forbidden) } ?? .ok
                    switch expected {
                    case .ok: #expect(response.status == .ok, "\(person) GET \(route.path) → \(response.status.code)")
                    case .forbidden:
                        #expect(response.status == .forbidden, "\(person) GET \(route.path) → \(response.status.code)")
                        #expect(response.text.contains(Strings.text("error_403_heading", .zhHans)))
                    case .signIn:
                        #expect(response.status == .seeOther, "\(person) GET \(route.path) → \(response.status.code)")
                        #expect(response.headers.first(name: .location)?.hasPrefix("/signin?next=") == true)
                    }
                }
                // The API with a browser session: strangers 401, others by role.
                let staff = Set(Self.people).subtracting(["anonymous", "citizen", "enterprise"])
                let signedIn = Set(Self.people.dropFirst())
                for (path, allowed) in [
                    ("/api/v1/me", signedIn), ("/api/v1/organisations", staff), ("/api/v1/audit", ["supervisor"]), ("/api/v1/cases", signedIn),
                    ("/api/v1/supervision/obligations", ["supervisor"]), ("/api/v1/supervision/violations", ["supervisor"]),
                ] {
                    let status = try await browser.get(path).status
                    let expected: HTTPResponseStatus = allowed.contains(person) ? .ok : (person == "anonymous" ? .unauthorized : .forbidden)
                    #expect(status == expected, "\(person) GET \(path) → \(status.code)")
                }
                // Admin forms: only administrators get past the guard (they then see a 400 for the empty form).
                for path in Self.postRoutes {
                    let response = try await browser.post(path, form: [])
                    let expected: HTTPResponseStatus = person == "admin" ? .badRequest : (person == "anonymous" ? .seeOther : .forbidden)
                    #expect(response.status == expected, "\(person) POST \(path) → \(response.status.code)")
                }
                // Supervision forms: past the guard only supervisors (an order about no case is no case: 404).
                let issue = try await browser.post("/supervision/orders", form: [])
                let issueExpected: HTTPResponseStatus = person == "supervisor" ? .notFound : (person == "anonymous" ? .seeOther : .forbidden)
                #expect(issue.status == issueExpected, "\(person) POST /supervision/orders → \(issue.status.code)")
                let read = try await browser.post("/notifications/read", form: [])
                let staffPeople: Set<String> = ["admin", "supervisor", "clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "operator"]
                #expect(read.status == (staffPeople.contains(person) || person == "anonymous" ? .seeOther : .forbidden), "\(person) POST /notifications/read → \(read.status.code)")
            }
        }
    }

    @Test("who reads personal data: a request's requester only by those who answer it, a draft under review only by its reviewers")
    func needToKnow() async throws {
        try await withTestApp { test in
            let officer = try await DisclosurePortalTests.browser(test, "disclosure")
            let market = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市市场监督管理局").first())
            let (residentID, phone, address) = ("110101199003070011", "13912345678", "示范市人民路1号")
            let recorded = try await officer.post("/workbench/disclosure/requests", form: [
                ("unit", try market.requireID().uuidString.lowercased()), ("received_on", CivilDate.beijing(test.clock.now).description),
                ("kind", "natural_person"), ("name", "赵六"), ("identifier", residentID), ("contact_person", ""),
                ("phone", phone), ("address", address), ("description", "本局2025年抽检结果"), ("form", "paper"), ("delivery", "post"),
            ])
            #expect(recorded.status == .seeOther, "\(recorded.status) \(recorded.text.prefix(300))")
            let requestID = try #require(try await DisclosureRequestRecord.query(on: test.app.db).first()).requireID().uuidString.lowercased()

            // A draft taken past department review: under secrecy review.
            let created = try await officer.post("/workbench/disclosure", form: [
                ("unit", try market.requireID().uuidString.lowercased()), ("title", "关于抽检结果的通报（送审稿）"), ("category", "zcwj-gfxwj"),
                ("document_number", ""), ("issuer", ""), ("written_on", CivilDate.beijing(test.clock.now).description),
                ("subject_words", "抽检"), ("body", "送审稿正文"), ("form", "proactive"), ("withholding_basis", ""), ("validity", "valid"),
            ])
            let itemID = try DisclosurePortalTests.itemID(created)
            #expect(try await officer.post("/workbench/disclosure/\(itemID)/actions/submit", form: [("text", "")]).status == .seeOther)
            #expect(try await DisclosurePortalTests.browser(test, "reviewer").post("/workbench/disclosure/\(itemID)/actions/approve", form: [("text", "同意")]).status == .seeOther)

            for person in Self.people {
                let browser = TestBrowser(test.app)
                if person != "anonymous" { try await browser.signIn(person, test.passwords[person]!) }
                let workbench = try await browser.get("/workbench/disclosure/requests/\(requestID)")
                let supervision = try await browser.get("/supervision/disclosure/requests/\(requestID)")
                let draft = try await browser.get("/workbench/disclosure/\(itemID)")
                let seen = [workbench, supervision, draft].map(\.text).joined()
                switch person {
                case "disclosure", "head", "secrecy":
                    #expect(workbench.status == .ok && workbench.text.contains(residentID) && workbench.text.contains(phone) && workbench.text.contains(address), "\(person)")
                case "supervisor":
                    #expect(supervision.status == .ok && supervision.text.contains(Mask.identifier(residentID)) && supervision.text.contains(Mask.phone(phone)), "\(person)")
                    #expect(!seen.contains(residentID) && !seen.contains(phone) && !seen.contains(address), "\(person) reads the requester's data in full")
                default:
                    #expect(workbench.status != .ok && supervision.status != .ok, "\(person): \(workbench.status.code) \(supervision.status.code)")
                    #expect(!seen.contains(residentID) && !seen.contains(phone) && !seen.contains(address), "\(person) reads the requester's data")
                }
                let reviewsDrafts: Set<String> = ["disclosure", "reviewer", "secrecy", "head", "supervisor"]
                if !reviewsDrafts.contains(person) {
                    #expect(draft.status != .ok && !draft.text.contains("送审稿正文"), "\(person) reads a draft under secrecy review: \(draft.status.code)")
                } else if person != "supervisor" {
                    #expect(draft.status == .ok && draft.text.contains("送审稿正文"), "\(person) cannot read the draft it reviews: \(draft.status.code)")
                }
            }
        }
    }

    @Test("navigation shows exactly the areas a role may enter")
    func navigation() async throws {
        try await withTestApp { test in
            let cases: [(String, [String], [String])] = [
                ("citizen", ["/my"], ["/workbench", "/supervision", "/admin"]),
                ("clerk", ["/workbench"], ["/my", "/supervision", "/admin"]),
                ("supervisor", ["/supervision"], ["/my", "/workbench", "/admin"]),
                ("admin", ["/admin"], ["/my", "/workbench", "/supervision"]),
            ]
            for (person, shown, hidden) in cases {
                let browser = TestBrowser(test.app)
                try await browser.signIn(person, test.passwords[person]!)
                let page = try await browser.get("/").text
                for href in shown { #expect(page.contains("href=\"\(href)\""), "\(person) should see \(href)") }
                for href in hidden { #expect(!page.contains("href=\"\(href)\""), "\(person) should not see \(href)") }
            }
        }
    }
}
