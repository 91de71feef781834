import Foundation
import Testing
@testable import GovCore

/// Issue 21, item 1: the credit file offers "end" exactly when the store will accept it: role × record kind × state.
@Suite struct CreditPolicyTableTests {
    static let market = "/city/market/"
    static let other = "/city/transport/"
    static let today = CivilDate(year: 2026, month: 12, day: 7)!

    static func person(_ role: Role, at unit: String = market) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: UUID(), unitPath: unit, includesSubtree: false)])
    }

    /// (kind, decided days ago, already ended, may a head of the unit end it today)
    static let entries: [(CreditRecordKind, Int, Bool, Bool)] = [
        (.penalty, 40, false, false),          // a general penalty's shortest publicity (3 months) has not passed
        (.penalty, 120, false, true),          // it has: credit repair may end it
        (.penalty, 120, true, false),          // already repaired
        (.abnormalOperation, 10, false, true), // a list entry is removed at any time
        (.abnormalOperation, 10, true, false), // but once
        (.seriousViolation, 400, false, true),
        (.commendation, 10, false, false),     // never ended
    ]

    static func entry(_ kind: CreditRecordKind, daysAgo: Int, ended: Bool) -> CreditEntry {
        CreditEntry(kind: kind, decidedOn: today.adding(days: -daysAgo), severity: kind == .penalty ? .general : nil,
                    endedOn: ended ? today.adding(days: -1) : nil)
    }

    @Test(arguments: entries)
    func aHeadOfTheUnit(kind: CreditRecordKind, daysAgo: Int, ended: Bool, mayEnd: Bool) {
        let entry = Self.entry(kind, daysAgo: daysAgo, ended: ended)
        #expect(CreditPolicy.canEnd(entry, unitPath: Self.market, on: Self.today, Self.person(.departmentHead)) == mayEnd)
        // The page and the store agree: the check the store makes throws exactly when the button is hidden.
        #expect(((try? CreditPolicy.checkEnding(entry, on: Self.today)) != nil) == mayEnd)
        // Nobody else ends it: not another unit's head, not another role of the unit.
        #expect(!CreditPolicy.canEnd(entry, unitPath: Self.market, on: Self.today, Self.person(.departmentHead, at: Self.other)))
        for role in Role.allCases where role != .departmentHead {
            #expect(!CreditPolicy.canEnd(entry, unitPath: Self.market, on: Self.today, Self.person(role)))
        }
    }

    @Test(arguments: Role.allCases)
    func onlyHeadsRecord(role: Role) {
        let principal = Self.person(role)
        #expect(CreditPolicy.canRecord(principal) == (role == .departmentHead))
        #expect(CreditPolicy.signsFor(unitPath: Self.market, principal) == (role == .departmentHead))
        #expect(!CreditPolicy.signsFor(unitPath: Self.other, principal))
        #expect((CreditPolicy.recordingUnitID(principal) != nil) == (role == .departmentHead))
    }

    @Test func readers() {
        let enterprise = Principal(accountID: UUID(), kind: .enterprise, displayName: "x", grants: [])
        #expect(CreditPolicy.reader(Self.person(.reviewer), ownCreditCode: nil, fileCode: "A") == .entitled)
        #expect(CreditPolicy.reader(enterprise, ownCreditCode: "A", fileCode: "A") == .entitled)
        #expect(CreditPolicy.reader(enterprise, ownCreditCode: "B", fileCode: "A") == .publicReader)
        #expect(CreditPolicy.reader(nil, ownCreditCode: nil, fileCode: "A") == .publicReader)
    }
}
