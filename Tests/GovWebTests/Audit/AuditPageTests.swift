import FluentKit
import Foundation
@testable import GovDemo
import GovStore
import GovTestSupport
import SQLKit
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Audit page and export")
struct AuditPageTests {
    @Test("supervisors filter the log, page through it and export CSV")
    func filterAndExport() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("supervisor", test.passwords["supervisor"]!)
            let page = try await browser.get("/supervision/audit?action=role.grant")
            #expect(page.status == .ok)
            #expect(page.text.contains("role.grant"))
            #expect(!page.text.contains("organisation.create"))

            let bad = try await browser.get("/supervision/audit?from=2026-02-31")
            #expect(bad.status == .badRequest)

            let csv = try await browser.get("/supervision/audit.csv?action=account.create")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}sequence,") == true)
            #expect(lines.count == 1 + (try await Account.query(on: test.app.db).count()))
            #expect(lines.dropFirst().allSatisfy { $0.contains(",account.create,") })
            #expect(!csv.text.contains(DemoCity.demoResidentID))
        }
    }

    @Test("the supervision centre shows the background job's verification: not yet, intact, then the tampered entry")
    func chainStatus() async throws {
        try await withTestApp { test in
            let browser = TestBrowser(test.app)
            try await browser.signIn("supervisor", test.passwords["supervisor"]!)
            #expect(try await browser.get("/supervision").text.contains(Strings.text("chain_unchecked", .zhHans)))
            let count = try await AuditEntry.query(on: test.app.db).count()
            #expect(await SupervisionJobs.verifyAudit(test.app, full: false) == .intact(count: count, lastHash: try #require(try await AuditEntry.find(count, on: test.app.db)).hash))
            #expect(try await browser.get("/supervision").text.contains(Strings.format("chain_intact", .zhHans, ["count": String(count)])))
            let sql = try #require(test.app.db as? any SQLDatabase)
            try await sql.raw("UPDATE audit_entries SET summary = 'x' WHERE sequence = 3").run()
            // Entry 3 was verified before it was altered: the next full check (at start and daily) finds it.
            await SupervisionJobs.verifyAudit(test.app, full: true)
            let page = try await browser.get("/supervision").text
            #expect(page.contains("#3") && page.contains("chain-broken"))
        }
    }
}
