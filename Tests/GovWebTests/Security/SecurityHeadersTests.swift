import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Every response carries the browser protections — pages, error pages, JSON, feeds, CSV and static files alike —
/// and no page holds inline script that the CSP would have to allow.
@Suite("Security: headers on every response")
struct SecurityHeadersTests {
    /// What is wrong with a response's headers, empty when nothing is.
    static func problems(_ response: BrowserResponse) -> [String] {
        var problems: [String] = []
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        let directives = Dictionary(csp.split(separator: ";").map { part -> (String, String) in
            let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
            return (words.first ?? "", words.count > 1 ? words[1] : "")
        }, uniquingKeysWith: { first, _ in first })
        let script = directives["script-src"] ?? directives["default-src"] ?? ""
        if script.isEmpty { problems.append("no script-src in CSP '\(csp)'") }
        if script.contains("'unsafe-inline'") || script.contains("'unsafe-eval'") || script.contains("*") { problems.append("script-src allows '\(script)'") }
        if directives["frame-ancestors"] != "'none'" { problems.append("frame-ancestors is '\(directives["frame-ancestors"] ?? "missing")'") }
        if directives["object-src"] != "'none'" { problems.append("object-src is '\(directives["object-src"] ?? "missing")'") }
        if response.headers.first(name: "X-Content-Type-Options")?.lowercased() != "nosniff" { problems.append("no X-Content-Type-Options: nosniff") }
        if response.headers.first(name: "X-Frame-Options")?.uppercased() != "DENY" { problems.append("no X-Frame-Options: DENY") }
        let referrer = response.headers.first(name: "Referrer-Policy") ?? ""
        if !["same-origin", "no-referrer", "strict-origin", "strict-origin-when-cross-origin"].contains(referrer) { problems.append("Referrer-Policy '\(referrer)'") }
        return problems
    }

    /// Inline script in an HTML page: a `<script>` without `src`, an `on…=` handler, or a `javascript:` link.
    static func inlineScript(_ html: String) -> [String] {
        var found: [String] = []
        for match in html.matches(of: /<script\b[^>]*>/) where !match.output.contains("src=") { found.append(String(match.output)) }
        for match in html.matches(of: /<[a-zA-Z][^>]*\son[a-z]+\s*=/) { found.append(String(match.output.prefix(80))) }
        if html.contains("javascript:") { found.append("javascript: URL") }
        return found
    }

    @Test("every GET route, error pages, JSON and static files carry CSP, nosniff, frame and referrer protections")
    func everyResponse() async throws {
        try await withTestApp { test in
            let demo = try await DemoRecords.load(on: test.app.db)
            var paths = test.app.routes.all.filter { $0.method == .GET }.map { route in
                SecurityMatrixTests.path(route, victim: nil, demo: demo)
            }
            paths += ["/css/govhall.css", "/js/live-refresh.js", "/no-such-page", "/api/v1/no-such-thing", "/services/NO-SUCH-MATTER"]
            var checked = 0
            var statuses: Set<UInt> = []
            for person in ["anonymous", "citizen", "supervisor"] {
                let browser = try await SecurityPeople.browser(test, as: person)
                for path in paths {
                    let response = try await browser.get(path)
                    checked += 1
                    statuses.insert(response.status.code)
                    let problems = Self.problems(response)
                    #expect(problems.isEmpty, "\(person) GET \(path) → \(response.status.code): \(problems)")
                    if response.headers.contentType?.subType == "html" {
                        let inline = Self.inlineScript(response.text)
                        #expect(inline.isEmpty, "\(person) GET \(path) has inline script: \(inline.prefix(3))")
                    }
                }
            }
            // Refusals and errors of the other kinds: a forged post, a bad form, an unknown token.
            let browser = TestBrowser(test.app)
            try await browser.get("/signin")
            var extra = [try await browser.post("/signin", form: [], csrf: .none), try await browser.post("/signin", form: [("username", "x")])]
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = BearerAuthorization(token: "ght_" + String(repeating: "x", count: 40))
            extra.append(try await browser.send(.GET, "/api/v1/organisations", headers: bearer, body: nil))
            for response in extra {
                statuses.insert(response.status.code)
                #expect(Self.problems(response).isEmpty, "\(response.status.code): \(Self.problems(response))")
            }
            // The sample must have covered the kinds of answer that matter.
            for status: UInt in [200, 303, 401, 403, 404] { #expect(statuses.contains(status), "no \(status) among the answers checked") }
            #expect(checked > 400)
        }
    }
}
