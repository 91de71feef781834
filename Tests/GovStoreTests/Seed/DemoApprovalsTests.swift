import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

@Suite("Demo approvals")
struct DemoApprovalsTests {
    @Test("a few hundred cases in every state, moved by the real store, with every situation supervision shows")
    func seeded() async throws {
        let started = Date()
        try await withStoreTest(demoCases: true) { test in
            print("demo city, matters and cases seeded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s on \(TestDatabase.name)")
            let db = test.db
            let now = test.clock.now
            let today = CivilDate.beijing(now)
            let calendar = try await CalendarStore.load(on: db)
            let rows = try await ApprovalCase.query(on: db).all()
            #expect((300...400).contains(rows.count))
            #expect(Set(rows.map(\.caseState)) == Set(CaseState.allCases))
            let outcomes = try rows.filter { $0.caseState == .closed }.map { try $0.snapshot().outcome }
            #expect(outcomes.contains(.granted) && outcomes.contains(.refused))

            // Every matter has cases, and the cases are of the last two months or so (one older, see below).
            #expect(Set(rows.map(\.$matter.id)).count == (try await Matter.query(on: db).count()))
            #expect(rows.filter { $0.receivedAt < now.addingTimeInterval(-95 * 86_400) }.count <= 1)
            #expect(rows.allSatisfy { $0.receivedAt <= now && $0.updatedAt <= now })

            // The demo citizen and enterprise own cases in every state, so the portal shows each.
            for username in ["citizen", "enterprise"] {
                let account = try #require(try await Account.query(on: db).filter(\.$username == username).first())
                let own = rows.filter { $0.applicantAccountID == account.id }
                #expect(Set(own.map(\.caseState)) == Set(CaseState.allCases), "\(username): \(Set(own.map(\.state)).sorted())")
                #expect(own.contains { $0.rating != nil })
            }
            // The others came to the window, with valid identifiers.
            for row in rows where row.applicantAccountID == nil {
                #expect(row.channel == ApplicationChannel.window.rawValue)
                if row.applicantKind == AccountKind.citizen.rawValue {
                    #expect(throws: Never.self) { try ResidentIdentityNumber(row.applicantIdentifier) }
                } else {
                    #expect(throws: Never.self) { try UnifiedSocialCreditCode(row.applicantIdentifier) }
                }
            }

            // Supervision has something to show.
            let snapshots = try rows.map { try $0.snapshot() }
            let flags = Set(snapshots.flatMap(\.flags))
            #expect(flags.isSuperset(of: [.repeatedCorrectionNotice, .acceptedByLaw, .decidedAfterStatutoryLimit, .certificateLate]))
            #expect(snapshots.contains { $0.extensionDays > 0 })
            #expect(snapshots.contains { !$0.pauses.isEmpty })
            let lights = try snapshots.map { try CaseRules.light(for: $0, at: now, calendar: calendar).light }
            #expect(lights.contains(.red) && lights.contains(.yellow) && lights.contains(.green))
            #expect(try await FeeRecord.query(on: db).filter(\.$flagged == true).count() >= 1)

            // Certificates: served ones, one revoked, one running out within 90 days that the holder may renew.
            let certificates = try await IssuedCertificate.query(on: db).all()
            #expect(certificates.count >= 50)
            #expect(certificates.filter { $0.revokedAt != nil }.count == 1)
            let expiring = certificates.filter { certificate in
                certificate.revokedAt == nil && certificate.holderAccountID != nil
                    && RenewalRules.isDueSoon(validUntil: certificate.validUntilDate, today: today)
            }
            #expect(!expiring.isEmpty)
            for certificate in certificates.prefix(20) {
                let verdict = try await CertificateStore.verify(certificate.signedText, checkCode: nil, keyring: test.keyring, today: today, on: db).verdict
                #expect(certificate.revokedAt == nil ? verdict == .valid
                    : verdict == .ended(.cancellation(.entityTerminated), reason: certificate.revocationReason ?? ""))
            }

            // Two joint applications, one finished.
            let bundles = try await CaseBundle.query(on: db).all()
            #expect(bundles.count == 2)
            #expect(bundles.filter { $0.completedAt != nil }.count == 1)
            #expect(bundles.contains { $0.extensionDays > 0 })
            for bundle in bundles {
                let parts = rows.filter { $0.bundleID == bundle.id }
                #expect(parts.count == 2 && Set(parts.map(\.departmentID)).count == 2)
            }
            // Filed through the stores, every case and bundle keeps only its query code's keyed hash (issue 20, item 8).
            #expect(rows.allSatisfy { QueryCodeKey.isHashed($0.queryCode) } && bundles.allSatisfy { QueryCodeKey.isHashed($0.queryCode) })

            // Every move is in the audit log, and the chain holds.
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.submit").count() == rows.count)
            guard case .intact = try await AuditLog.verify(on: db) else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

    @Test("the plan is the same for the same seed, calendar and now")
    func deterministic() async throws {
        try await withStoreTest { test in
            let db = test.db
            let matters = try await DemoApprovals.loadMatters(on: db)
            let context = try await test.caseContext()
            let end = try #require(DemoApprovals.historyEnd(now: context.now, calendar: context.calendar))
            let cast = try await Cast.load(
                departments: Set(matters.map(\.department.id!)), hasher: test.hasher, now: context.now, on: db)
            func fingerprint(_ seed: UInt64) -> [String] {
                var planner = Planner(calendar: context.calendar, end: end, matters: matters, cast: cast, random: DemoRandom(seed: seed))
                return planner.script().cases.map { plan in
                    "\(plan.matter.matter.code) \(plan.submittedAt.timeIntervalSince1970) \(plan.applicant.details.identifier) "
                        + plan.moves.map { "\($0.move.title)@\($0.at.timeIntervalSince1970)" }.joined(separator: ",")
                }
            }
            let first = fingerprint(DemoApprovals.defaultSeed)
            #expect(first.count >= 300)
            #expect(first == fingerprint(DemoApprovals.defaultSeed))
            #expect(first != fingerprint(DemoApprovals.defaultSeed + 1))
        }
    }

    @Test("past the calendar's last year the history ends with that year")
    func historyEnd() throws {
        let calendar = WorkCalendar(overrides: [], coveredYears: [2025, 2026])
        let inside = Date(timeIntervalSince1970: 1_795_140_000)
        #expect(DemoApprovals.historyEnd(now: inside, calendar: calendar) == inside)
        let later = CivilDate("2027-03-01")!.startInBeijing
        #expect(DemoApprovals.historyEnd(now: later, calendar: calendar).map(CivilDate.beijing) == CivilDate("2026-12-31"))
        #expect(DemoApprovals.historyEnd(now: later, calendar: WorkCalendar(overrides: [], coveredYears: [])) == nil)
    }
}
