import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import VaporTesting

@Suite("Supervision flags are for staff")
struct SupervisionFlagVisibilityTests {
    /// Monday 28 December 2026, 10:00 Beijing time: the acceptance limit runs into 2027, which is not shipped.
    static let lateDecember = CivilDate(year: 2026, month: 12, day: 28)!.startInBeijing.addingTimeInterval(10 * 3600)

    @Test("a provisional limit is flagged on the clerk's page, never on the applicant's or the public tracking page")
    func provisionalFlagOnlyForStaff() async throws {
        try await withTestApp(now: Self.lateDecember) { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let (id, queryCode, _) = try await ApprovalFixtures.file(citizen, code: code)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            #expect(try row.snapshot().flags == [.provisionalDeadline])
            let flag = CaseFlag.provisionalDeadline.title(in: .zhHans)

            let clerk = try await ApprovalFixtures.browser(test, as: "clerk")
            let staffPage = try await clerk.get("/workbench/cases/\(id)")
            #expect(staffPage.status == .ok && staffPage.text.contains(flag))

            let own = try await citizen.get("/my/cases/\(id)")
            #expect(own.status == .ok && !own.text.contains(flag) && !own.text.contains(Strings.text("case_flags", .zhHans)))
            let list = try await citizen.get("/my")
            #expect(list.status == .ok && list.text.contains(row.trackingNumber) && !list.text.contains(Strings.text("case_flagged", .zhHans)))
            let tracked = try await TestBrowser(test.app).get("/track?number=\(row.trackingNumber)&code=\(queryCode)")
            #expect(tracked.status == .ok && !tracked.text.contains(flag))
        }
    }
}
