import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

@Suite("Demo disclosure")
struct DemoDisclosureTests {
    @Test("a few hundred items through the real chain, requests in every state, and the city's report agrees with the rows")
    func demo() async throws {
        try await withStoreTest { test in
            let db = test.db
            let calendar = try await CalendarStore.load(on: db)
            let summary = try await test.writeGate.transaction(on: db) { db in
                try await DemoDisclosure.seed(indexPattern: .standard, calendar: calendar, now: test.clock.now, queryCodeKey: test.queryCodeKey, on: db)
            }
            #expect(summary.items >= 300)
            let items = try await DisclosureItem.query(on: db).all()
            #expect(Set(items.compactMap(\.workingStep)) == Set(DisclosureStep.allCases.map(\.rawValue)), "drafts at every step")
            #expect(items.contains { $0.publication == PublicationStatus.withdrawn.rawValue })
            #expect(items.contains { ($0.publishedVersion ?? 0) > 1 }, "some corrected")
            #expect(Set(items.compactMap(\.indexNumber)).count == items.filter { $0.indexNumber != nil }.count, "index numbers are unique")
            let found = try await DisclosureSearch.search(SearchText.Query("社保"), filter: DisclosureFilter(), offset: 0, limit: 5, on: db)
            #expect(found.total > 0)

            let requests = try await DisclosureRequestRecord.query(on: db).all()
            #expect(Set(requests.map(\.state)) == Set(RequestState.allCases.map(\.rawValue)))
            #expect(Set(requests.compactMap(\.outcome)) == Set(ResponseOutcome.allCases.map(\.rawValue)))
            #expect(requests.contains { $0.extended })
            // Every request has had a clock, and the open ones have one running.
            for request in requests where request.requestState == .received || request.requestState == .consulting {
                #expect(try await ObligationStore.running(of: request.requireID(), on: db).count == 1)
            }

            let city = try #require(try await OrganisationUnit.query(on: db).filter(\.$parent.$id == nil).first())
            let year = CivilDate.beijing(test.clock.now).year
            let report = try await DisclosureReportStore.build(year: year, unitID: city.requireID(), on: db)
            let start = CivilDate(year: year, month: 1, day: 1)!.startInBeijing
            #expect(report.requests.received.total == requests.filter { $0.receivedAt >= start }.count)
            #expect(report.requests.carriedOver.total == requests.filter { $0.receivedAt < start && ($0.answeredAt.map { $0 >= start } ?? true) }.count)
            #expect(report.requests.handled.total == requests.filter { $0.answeredAt.map { $0 >= start } ?? false }.count)
            #expect(report.requests.carriedForward.total == requests.filter { $0.answeredAt == nil }.count)
            for group in ResponseGroup.allCases {
                #expect(report.requests.group(group).total == requests.filter { $0.outcomeGroup == group.rawValue && ($0.answeredAt.map { $0 >= start } ?? false) }.count)
            }
        }
    }
}
