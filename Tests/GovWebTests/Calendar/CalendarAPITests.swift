import Foundation
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Calendar over HTTP")
struct CalendarAPITests {
    @Test("the statutory example: 20 working days from 2026-09-28 is 2026-10-30")
    func due() async throws {
        try await withTestApp(seedDemo: false) { test in
            let response = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/due?from=2026-09-28&workingDays=20")
            #expect(response.status == .ok)
            #expect(response.text.contains("\"due\":\"2026-10-30\""))
            let body = try response.content.decode(CalendarController.DueResponse.self)
            #expect(body.dueInstant == "2026-10-31T00:00:00+08:00")
            // A fixed +08:00, never the zone database's historical offsets.
            #expect(BeijingTime.iso8601(Date(timeIntervalSince1970: -2_500_000_000)).hasSuffix("+08:00"))
        }
    }

    @Test("bad dates, negative counts and uncovered years are 400s with a clear message", arguments: [
        ("/api/v1/calendar/due?from=2026-02-30&workingDays=5", "不是有效日期"),
        ("/api/v1/calendar/due?from=0000-00-00&workingDays=5", "不是有效日期"),
        ("/api/v1/calendar/due?from=2026-09-28&workingDays=-1", "不能为负数"),
        ("/api/v1/calendar/due?from=2026-09-28&workingDays=abc", "不是整数"),
        ("/api/v1/calendar/due?workingDays=3", "缺少参数 from"),
        ("/api/v1/calendar/due?from=2026-12-20&workingDays=20", "2027"),
        ("/api/v1/calendar/due?from=9999-12-31&workingDays=1", "9999"),
        ("/api/v1/calendar/due?from=1476-01-20&workingDays=0", "1476"),   // found by schemathesis
        ("/api/v1/calendar/years/2031", "2031"),
        ("/api/v1/calendar/working-days?from=2026-01-01&to=nope", "不是有效日期"),
        ("/api/v1/audit?actor=a%00b", "无法识别的字符"),
        ("/api/v1/calendar/due?from=2026-09-28&workingDays=%FF%FE", "无法识别的字符"),
    ])
    func badInput(path: String, expected: String) async throws {
        try await withTestApp(seedDemo: false) { test in
            let response = try await test.app.testing().sendRequest(.GET, path)
            #expect(response.status == .badRequest, "\(path)")
            let body = try response.content.decode(APIErrorBody.self)
            #expect(body.error.message.contains(expected), "\(path): \(body.error.message)")
            #expect(response.headers.first(name: "X-Request-ID")?.isEmpty == false)
        }
    }

    @Test("English errors on request")
    func english() async throws {
        try await withTestApp(seedDemo: false) { test in
            let response = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/due?from=2026-09-28&workingDays=-3", headers: ["Accept-Language": "en"])
            let body = try response.content.decode(APIErrorBody.self)
            #expect(body.error.message.contains("cannot be negative"))
            #expect(body.error.fields?["workingDays"]?.contains("cannot be negative") == true)
        }
    }

    @Test("working days between dates and a year's arrangement")
    func workingDaysAndYear() async throws {
        try await withTestApp(seedDemo: false) { test in
            let count = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/working-days?from=2026-09-28&to=2026-10-30")
            #expect(try count.content.decode(CalendarController.WorkingDaysResponse.self).workingDays == 20)
            let year = try await test.app.testing().sendRequest(.GET, "/api/v1/calendar/years/2026")
            let days = try year.content.decode(CalendarController.YearResponse.self).days
            #expect(days.contains { $0.date == "2026-10-10" && $0.kind == "work" })
        }
    }

    @Test("the public calculator page answers in place and shows errors beside the fields")
    func toolPage() async throws {
        try await withTestApp(seedDemo: false) { test in
            let ok = try await test.app.testing().sendRequest(.GET, "/calendar?from=2026-09-28&workingDays=20")
            #expect(ok.status == .ok)
            #expect(ok.text.contains("2026-10-30"))
            #expect(ok.text.contains("国庆节"))   // holiday names in the page's language
            let bad = try await test.app.testing().sendRequest(.GET, "/calendar?from=2026-13-01&workingDays=20")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("aria-invalid=\"true\""))
        }
    }
}
