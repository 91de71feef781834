import Foundation
import GovCore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// Follows the links of the pages each role sees, and fails on any that leads nowhere (issue 28, item 17).
@Suite("No dead links")
struct LinkCheckTests {
    /// Same-site links of a page: `href`s of anchors and stylesheet links, fragments dropped, entities decoded.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            var link = String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            rest = tail[end...]
            if let hash = link.firstIndex(of: "#") { link = String(link[..<hash]) }
            guard link.hasPrefix("/"), !link.hasPrefix("//") else { continue }
            found.append(link)
        }
        return found
    }

    /// A link's shape: the path with identifiers, numbers and codes replaced, so a list of a thousand cases is checked
    /// through a few of them rather than all.
    static func shape(_ link: String) -> String {
        let path = link.split(separator: "?", maxSplits: 1).first.map(String.init) ?? link
        let query = link.contains("?") ? "?" + (link.split(separator: "?", maxSplits: 1).last.map(String.init) ?? "")
            .split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }.sorted().joined(separator: "&") : ""
        let segments = path.split(separator: "/").map { (segment: Substring) -> String in
            segment.contains(where: \.isNumber) || segment.count >= 16 ? "*" : String(segment)
        }
        return "/" + segments.joined(separator: "/") + query
    }

    /// Pages whose GET changes something or leaves the site are not followed.
    static func followed(_ link: String) -> Bool {
        !link.hasPrefix("/signout") && !link.hasPrefix("/api/") && !link.contains("/download")
    }

    struct Dead: CustomStringConvertible {
        var role: String
        var page: String
        var link: String
        var status: UInt
        var description: String { "\(role): \(page) → \(link) answered \(status)" }
    }

    /// Walks breadth-first from `starts`, following each link shape at most twice, up to `limit` pages.
    static func walk(_ browser: TestBrowser, role: String, from starts: [String], limit: Int) async throws -> (pages: Int, dead: [Dead]) {
        var queue = starts.map { (page: "(start)", link: $0) }
        var seen = Set<String>()
        var shapes: [String: Int] = [:]
        var dead: [Dead] = []
        var pages = 0
        while !queue.isEmpty, pages < limit {
            let (from, link) = queue.removeFirst()
            guard seen.insert(link).inserted else { continue }
            let shape = shape(link)
            guard shapes[shape, default: 0] < 2 else { continue }
            shapes[shape, default: 0] += 1
            var response = try await browser.get(link)
            var hops = 0
            while [301, 302, 303, 307].contains(response.status.code), hops < 3, let location = response.headers.first(name: .location),
                  location.hasPrefix("/") {
                response = try await browser.get(location)
                hops += 1
            }
            pages += 1
            guard response.status.code < 400 else {
                dead.append(Dead(role: role, page: from, link: link, status: response.status.code))
                continue
            }
            guard response.headers.contentType?.subType == "html" else { continue }
            for next in links(in: response.text) where followed(next) && !seen.contains(next) {
                queue.append((link, next))
            }
        }
        return (pages, dead)
    }

    @Test("every link on every page reached by the public and each demo role answers (no 4xx, no 5xx)")
    func everyRole() async throws {
        try await withTestApp(demoCases: true) { test in
            var dead: [Dead] = []
            var total = 0
            let anonymous = try await Self.walk(TestBrowser(test.app), role: "public", from: ["/"], limit: 250)
            dead += anonymous.dead
            total += anonymous.pages
            for role in ["citizen", "enterprise", "clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "operator", "supervisor", "admin"] {
                let browser = TestBrowser(test.app)
                let signIn = try await browser.signIn(role, try #require(test.passwords[role]))
                #expect(signIn.status == .seeOther, "sign-in of \(role)")
                // The starts are every area's front page; those the role may not enter answer 403 and are not its links.
                let walked = try await Self.walk(browser, role: role, from: ["/", "/my", "/workbench", "/supervision", "/admin", "/notifications"], limit: 250)
                dead += walked.dead.filter { !($0.page == "(start)" && $0.status == 403) }
                total += walked.pages
            }
            let report = dead.map(\.description).joined(separator: "\n")
            #expect(dead.isEmpty, "\(dead.count) dead links:\n\(report)")
            #expect(total > 500, "only \(total) pages walked")
        }
    }
}
