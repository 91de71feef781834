import Foundation
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

@Suite("GET /api/v1/cases a page at a time: the Link header's cursor walks the whole list once")
struct CaseListPagingTests {
    struct Listed: Decodable { var id: String }

    /// Follows `rel="next"` from `first` to the end; returns the ids in order and how many pages it took.
    static func walk(_ browser: TestBrowser, from first: String) async throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var next: String? = first
        var pages = 0
        while let path = next, pages < 500 {
            let page = try await browser.get(path)
            #expect(page.status == .ok, "\(path): \(page.text.prefix(300))")
            ids += try JSONDecoder().decode([Listed].self, from: Data(page.text.utf8)).map(\.id)
            pages += 1
            next = page.headers.first(name: .link).flatMap { link in
                guard link.hasSuffix(#">; rel="next""#), link.hasPrefix("<") else { return nil }
                return String(link.dropFirst().prefix { $0 != ">" })
            }
        }
        return (ids, pages)
    }

    @Test("the clerk's inbox and the applicant's own cases, two at a time, are the same cases in the same order as one page; a cursor GovHall did not write is a 400")
    func pagesJoinUpToTheWholeList() async throws {
        try await withTestApp(demoCases: true) { test in
            for username in ["clerk", "citizen"] {
                let browser = try await ApprovalFixtures.browser(test, as: username)
                let whole = try await browser.get("/api/v1/cases?limit=200")
                #expect(whole.status == .ok && whole.headers.first(name: .link) == nil)
                let all = try JSONDecoder().decode([Listed].self, from: Data(whole.text.utf8)).map(\.id)
                #expect(all.count >= 5, "\(username) has \(all.count) cases in the demo city")

                let walked = try await Self.walk(browser, from: "/api/v1/cases?limit=2")
                #expect(walked.ids == all, "\(username)")
                #expect(walked.pages == (all.count + 1) / 2 || walked.pages == (all.count + 1) / 2 + 1, "\(username): \(walked.pages) pages")
                #expect(Set(walked.ids).count == walked.ids.count)
            }

            let clerk = try await ApprovalFixtures.browser(test, as: "clerk")
            for cursor in ["nonsense", String(repeating: "A", count: 300), Data("x|y|z".utf8).base64EncodedString()] {
                let answer = try await clerk.get("/api/v1/cases?after=\(cursor)")
                #expect(answer.status == .badRequest, "\(cursor.prefix(20)): \(answer.status)")
                #expect(answer.text.contains("\"after\""), "\(answer.text.prefix(300))")
            }
            let first = try await clerk.get("/api/v1/cases")
            #expect(try JSONDecoder().decode([Listed].self, from: Data(first.text.utf8)).count <= 50)

            // The workbench's inbox page: the same cases, through its own "next page" links.
            let wholePage = try await clerk.get("/workbench")
            #expect(!wholePage.text.contains(#"rel="next""#))
            let listed = Self.caseIDs(in: wholePage.text)
            #expect(listed.count >= 5)
            var walked: [String] = []
            var next: String? = "/workbench?limit=2"
            var pages = 0
            while let path = next, pages < 500 {
                let page = try await clerk.get(path)
                #expect(page.status == .ok, "\(path)")
                walked += Self.caseIDs(in: page.text)
                next = page.text.firstMatch(of: /rel="next" href="([^"]+)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                pages += 1
            }
            #expect(walked == listed && pages > 1)
            #expect(try await clerk.get("/workbench?after=nonsense").status == .badRequest)
        }
    }

    static func caseIDs(in html: String) -> [String] {
        html.matches(of: /href="\/workbench\/cases\/([0-9a-f-]{36})"/).map { String($0.1) }
    }
}
