import FluentKit
import Foundation
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Portal, language and the web shell")
struct PortalTests {
    @Test("the home page is Chinese by default and switches to English and back")
    func language() async throws {
        try await withTestApp(seedDemo: false) { test in
            let browser = TestBrowser(test.app)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("<html lang=\"zh-Hans\">"))
            #expect(home.text.contains(Strings.text("title_home", .zhHans)))
            #expect(home.text.contains("href=\"/language/en?return=%2F\""))

            let switched = try await browser.get("/language/en?return=%2Fcalendar")
            #expect(switched.status == .seeOther)
            #expect(switched.headers.first(name: .location) == "/calendar")
            let english = try await browser.get("/calendar")
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains(Strings.text("title_calendar", .en)))

            try await browser.get("/language/zh-Hans?return=/")
            #expect(try await browser.get("/").text.contains("<html lang=\"zh-Hans\">"))
        }
    }

    @Test("the language switch never redirects off the site", arguments: ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
    func openRedirect(target: String) async throws {
        try await withTestApp(seedDemo: false) { test in
            let response = try await test.app.testing().sendRequest(.GET, "/language/en?return=" + TestBrowser.encode(target))
            #expect(response.headers.first(name: .location) == "/")
        }
    }

    @Test("every page's foot carries the 网站标识码, both filings, the contact and the privacy and accessibility statements, which open in both languages")
    func siteFoot() async throws {
        try await withTestApp(seedDemo: false) { test in
            let browser = TestBrowser(test.app)
            let site = test.app.govhall.config.site
            for path in ["/", "/services", "/track", "/privacy", "/accessibility", "/sitemap", "/no-such-page"] {
                let page = try await browser.get(path)
                for text in [site.siteCode, site.icpFiling, site.publicSecurityFiling, site.contactPhone, site.contactEmail,
                             "href=\"/privacy\"", "href=\"/accessibility\"", "https://beian.miit.gov.cn/",
                             "code=\(site.publicSecurityRecordCode)"] {
                    #expect(page.text.contains(text), "\(path) lacks \(text)")
                }
            }
            for (path, zh, en) in [("/privacy", "个人信息保护法", "Personal Information Protection Law"), ("/accessibility", "GB/T 37668", "GB/T 37668")] {
                let chinese = try await browser.get(path)
                #expect(chinese.status == .ok && chinese.text.contains(zh) && chinese.text.contains("<html lang=\"zh-Hans\">"))
                browser.setCookie("govhall_lang", "en")
                let english = try await browser.get(path)
                #expect(english.status == .ok && english.text.contains(en) && english.text.contains("<html lang=\"en\">"))
                browser.setCookie("govhall_lang", nil)
            }
            let sitemap = try await browser.get("/sitemap")
            #expect(sitemap.text.contains("href=\"/verify\"") && sitemap.text.contains("href=\"/disclosure\""))
        }
    }

    @Test("security headers on every response, errors included")
    func headers() async throws {
        try await withTestApp(seedDemo: false) { test in
            for path in ["/", "/no-such-page", "/api/v1/calendar/due?from=x&workingDays=1"] {
                let response = try await test.app.testing().sendRequest(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            }
        }
    }

    @Test("unknown pages are a friendly 404 page; the API answers JSON")
    func notFound() async throws {
        try await withTestApp(seedDemo: false) { test in
            let page = try await test.app.testing().sendRequest(.GET, "/nowhere")
            #expect(page.status == .notFound)
            #expect(page.text.contains(Strings.text("error_404_heading", .zhHans)))
            let api = try await test.app.testing().sendRequest(.GET, "/api/v1/nowhere")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType == .json)
        }
    }

    @Test("both string tables have the same keys")
    func stringTables() {
        #expect(Set(Strings.table(.zhHans).keys) == Set(Strings.table(.en).keys))
    }

    @Test("a path segment longer than any file name is a 404, one that is not UTF-8 a 400, never a 500")
    func overlongPathSegment() async throws {
        try await withTestApp(seedDemo: false) { test in
            let long = String(repeating: "%E9%A3%9F", count: 2000)
            for path in ["/services/\(long)", "/css/\(long)", "/credit/\(long)", "/api/v1/hotline/tickets/\(long)"] {
                let response = try await test.app.testing().sendRequest(.GET, path)
                #expect(response.status == .notFound, "\(path.prefix(30))")
            }
            #expect(try await test.app.testing().sendRequest(.GET, "/css/govhall.css").status == .ok)
            // Bytes that are no UTF-8 in a path are refused like those in a query.
            #expect(try await test.app.testing().sendRequest(.GET, "/services/%FF%FE%C0%AF").status == .badRequest)
        }
    }

    @Test("/healthz checks the database and /metrics speaks Prometheus")
    func healthAndMetrics() async throws {
        try await withTestApp(seedDemo: false) { test in
            let health = try await test.app.testing().sendRequest(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(health.text.contains("\"status\":\"ok\""))
            let metrics = try await test.app.testing().sendRequest(.GET, "/metrics")
            #expect(metrics.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("govhall_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"))
        }
    }

    @Test("every page a role can reach renders in both languages")
    func allPagesRender() async throws {
        try await withTestApp { test in
            for (person, paths) in [
                ("admin", ["/admin", "/admin/organisations", "/admin/users", "/admin/calendar", "/admin/tokens", "/account"]),
                ("supervisor", ["/supervision", "/supervision/audit"]),
                ("clerk", ["/workbench"]),
                ("enterprise", ["/my"]),
            ] {
                let browser = TestBrowser(test.app)
                try await browser.signIn(person, test.passwords[person]!)
                for language in ["zh-Hans", "en"] {
                    try await browser.get("/language/\(language)?return=/")
                    for path in paths {
                        let response = try await browser.get(path)
                        #expect(response.status == .ok, "\(person) \(language) \(path)")
                        #expect(response.text.contains("<html lang=\"\(language)\">"))
                        #expect(!response.text.contains("#("), "unrendered Leaf on \(path)")
                    }
                }
            }
        }
    }
}
