import Foundation
@testable import GovCore
import Testing

/// What of a credit file the public sees, and when.
@Suite("Credit rules")
struct CreditRulesTests {
    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("a penalty is public from its decision through its publicity period, then hidden; entitled readers still see it")
    func penaltyPublicity() throws {
        let until = try CreditRules.publicUntil(decidedOn: Self.day("2026-01-15"), severity: .general, months: nil)
        #expect(until == Self.day("2027-01-14"))
        let penalty = CreditEntry(kind: .penalty, decidedOn: Self.day("2026-01-15"), severity: .general, publicUntil: until)
        #expect(!CreditRules.isPublic(penalty, on: Self.day("2026-01-14")))
        #expect(CreditRules.isPublic(penalty, on: Self.day("2026-01-15")))
        #expect(CreditRules.isPublic(penalty, on: Self.day("2027-01-14")))
        #expect(!CreditRules.isPublic(penalty, on: Self.day("2027-01-15")))
        #expect(CreditRules.isVisible(penalty, to: .entitled, on: Self.day("2027-01-15")))
        #expect(!CreditRules.isVisible(penalty, to: .publicReader, on: Self.day("2027-01-15")))
        #expect(throws: CreditProblem.publicityMonths(3...12)) { try CreditRules.publicUntil(decidedOn: Self.day("2026-01-15"), severity: .general, months: 13) }
        #expect(try CreditRules.publicUntil(decidedOn: Self.day("2026-01-15"), severity: .serious, months: nil) == Self.day("2029-01-14"))
    }

    @Test("credit repair ends a penalty's publicity, but not before its shortest period")
    func repair() throws {
        let penalty = CreditEntry(kind: .penalty, decidedOn: Self.day("2026-01-31"), severity: .general, publicUntil: Self.day("2027-01-30"))
        #expect(throws: CreditProblem.tooEarly(Self.day("2026-04-30"))) { try CreditRules.mayRepair(penalty, on: Self.day("2026-04-29")) }
        try CreditRules.mayRepair(penalty, on: Self.day("2026-04-30"))
        var repaired = penalty
        repaired.endedOn = Self.day("2026-05-10")
        #expect(CreditRules.isPublic(repaired, on: Self.day("2026-05-09")) && !CreditRules.isPublic(repaired, on: Self.day("2026-05-10")))
        #expect(throws: CreditProblem.alreadyEnded) { try CreditRules.mayRepair(repaired, on: Self.day("2026-06-01")) }
        #expect(throws: CreditProblem.notRepairable) { try CreditRules.mayRepair(CreditEntry(kind: .commendation, decidedOn: Self.day("2026-01-01")), on: Self.day("2026-06-01")) }
    }

    @Test("staff and the enterprise itself read the whole file; a citizen, another enterprise and strangers the public one")
    func readers() {
        let code = "91990100MA5T0Q8K4X"
        #expect(CreditRules.reader(accountKind: .staff, ownCreditCode: nil, fileCode: code) == .entitled)
        #expect(CreditRules.reader(accountKind: .enterprise, ownCreditCode: code, fileCode: code) == .entitled)
        #expect(CreditRules.reader(accountKind: .enterprise, ownCreditCode: "91990100MA5T1A2B00", fileCode: code) == .publicReader)
        #expect(CreditRules.reader(accountKind: .citizen, ownCreditCode: nil, fileCode: code) == .publicReader)
        #expect(CreditRules.reader(accountKind: nil, ownCreditCode: nil, fileCode: code) == .publicReader)
    }

    @Test("a list entry is in force until removed, and stays on the file as removed")
    func lists() {
        let entry = CreditEntry(kind: .abnormalOperation, decidedOn: Self.day("2026-02-01"), endedOn: Self.day("2026-06-01"))
        #expect(CreditRules.isListed(entry, on: Self.day("2026-05-31")) && !CreditRules.isListed(entry, on: Self.day("2026-06-01")))
        #expect(CreditRules.isPublic(entry, on: Self.day("2026-07-01")))
    }
}
