import Foundation
import Testing
@testable import GovCore

@Suite("Fees (《行政许可法》 Art. 58)")
struct FeeRulesTests {
    static let item = FeeItem(nameZh: "工本费", nameEn: "Certificate fee", amountFen: 1_000, legalBasis: "《某某条例》第十条；价费字〔2020〕1号")

    @Test func checksChargesAgainstTheStandard() {
        #expect(FeeRules.check(charged: 1_000, item: Self.item) == .matches)
        #expect(FeeRules.check(charged: 999, item: Self.item) == .differs(standard: 1_000, charged: 999))
        #expect(FeeRules.check(charged: 1_001, item: Self.item) == .differs(standard: 1_000, charged: 1_001))
        #expect(FeeRules.check(charged: 0, item: Self.item) == .differs(standard: 1_000, charged: 0))
        #expect(FeeRules.check(charged: 0, item: nil) == .matches)
        #expect(FeeRules.check(charged: 500, item: nil) == .notChargeable(charged: 500))
        #expect(!FeeCheck.matches.isViolation)
        #expect(FeeCheck.notChargeable(charged: 1).isViolation)
        #expect(FeeCheck.differs(standard: 1, charged: 2).isViolation)
    }

    @Test func checkMessages() {
        #expect(FeeCheck.notChargeable(charged: 500).message(in: .zhHans) == "该事项不收费，但收取了 5.00 元")
        #expect(FeeCheck.differs(standard: 1_000, charged: 1_200).message(in: .zhHans) == "收费 12.00 元 与公布的标准 10.00 元 不符")
        #expect(FeeCheck.differs(standard: 1_000, charged: 1_200).message(in: .en).contains("¥10.00"))
        #expect(FeeCheck.matches.message(in: .zhHans) != FeeCheck.matches.message(in: .en))
    }

    @Test func schedules() {
        #expect(FeeSchedule.free.isFree)
        #expect(FeeSchedule.charged([]).isFree)
        #expect(!FeeSchedule.charged([Self.item]).isFree)
    }

    @Test func itemsNeedANameAnAmountAndALegalBasis() throws {
        try FeeRules.validate(Self.item)
        var item = Self.item
        item.legalBasis = "  "
        #expect(throws: FeeItemError.missingLegalBasis) { try FeeRules.validate(item) }
        item = Self.item
        item.amountFen = 0
        #expect(throws: FeeItemError.nonPositiveAmount) { try FeeRules.validate(item) }
        item.amountFen = -5
        #expect(throws: FeeItemError.nonPositiveAmount) { try FeeRules.validate(item) }
        item = Self.item
        item.nameZh = ""
        #expect(throws: FeeItemError.missingName) { try FeeRules.validate(item) }
        for error in [FeeItemError.missingName, .nonPositiveAmount, .missingLegalBasis] {
            #expect(error.message(in: .zhHans) != error.message(in: .en))
        }
        #expect(FeeItemError.missingLegalBasis.message(in: .zhHans).contains("第五十八条"))
        #expect(Self.item.name(in: .en) == "Certificate fee")
    }

    @Test func formatsYuan() {
        #expect(Yuan.format(123_450) == "¥1,234.50")
        #expect(Yuan.format(123_450, style: .chinese) == "1234.50 元")
        #expect(Yuan.format(0) == "¥0.00")
        #expect(Yuan.format(5) == "¥0.05")
        #expect(Yuan.format(99_999) == "¥999.99")
        #expect(Yuan.format(100_000) == "¥1,000.00")
        #expect(Yuan.format(123_456_789_00) == "¥123,456,789.00")
        #expect(Yuan.format(-150) == "-¥1.50")
        #expect(Yuan.format(-150, style: .chinese) == "-1.50 元")
    }

    @Test func feeItemsRoundTripThroughJSON() throws {
        let schedule = FeeSchedule.charged([Self.item])
        let decoded = try JSONDecoder().decode(FeeSchedule.self, from: JSONEncoder().encode(schedule))
        #expect(decoded == schedule)
    }
}

@Suite("Tracking numbers and query codes")
struct TrackingNumberTests {
    static let date = CivilDate(year: 2026, month: 11, day: 21)!

    @Test func makesAndParsesTwentyDigits() throws {
        let number = try TrackingNumber.make(regionCode: "110101", date: Self.date, sequence: 123)
        #expect(number.value == "11010120261121000123")
        #expect(number.value.count == 20)
        #expect(number.regionCode == "110101")
        #expect(number.date == Self.date)
        #expect(number.sequence == 123)
        #expect(number.grouped == "110101-20261121-000123")
        #expect(try TrackingNumber.parse("11010120261121000123") == number)
        #expect(try TrackingNumber.parse(" 110101-20261121-000123 ") == number)
        #expect(try TrackingNumber.parse("110101 20261121 000123") == number)
        #expect(try TrackingNumber.make(regionCode: "990100", date: Self.date, sequence: 999_999).value == "99010020261121999999")
        #expect(try TrackingNumber.make(regionCode: "990100", date: Self.date, sequence: 1).value.hasSuffix("000001"))
    }

    @Test func usesTheBeijingDate() throws {
        // 2026-11-21 17:00 UTC is 2026-11-22 01:00 in Beijing.
        let instant = Date(timeIntervalSince1970: CivilDate(year: 2026, month: 11, day: 21)!.startInBeijing.timeIntervalSince1970 + 25 * 3600)
        let number = try TrackingNumber.make(regionCode: "110101", at: instant, sequence: 5)
        #expect(number.date == CivilDate(year: 2026, month: 11, day: 22)!)
    }

    @Test func refusesBadNumbers() {
        #expect(throws: TrackingNumberError.empty) { try TrackingNumber.parse("  ") }
        #expect(throws: TrackingNumberError.wrongLength(actual: 19)) { try TrackingNumber.parse("1101012026112100012") }
        #expect(throws: TrackingNumberError.wrongLength(actual: 21)) { try TrackingNumber.parse("110101202611210001234") }
        #expect(throws: TrackingNumberError.nonDigit(position: 7)) { try TrackingNumber.parse("110101X0261121000123") }
        #expect(throws: TrackingNumberError.nonDigit(position: 20)) { try TrackingNumber.parse("1101012026112100012３") }
        #expect(throws: TrackingNumberError.invalidDate("20260230")) { try TrackingNumber.parse("11010120260230000123") }
        #expect(throws: TrackingNumberError.invalidDate("20261301")) { try TrackingNumber.parse("11010120261301000123") }
        #expect(throws: TrackingNumberError.sequenceOutOfRange(0)) { try TrackingNumber.parse("11010120261121000000") }
        #expect(throws: TrackingNumberError.invalidRegion("001010")) { try TrackingNumber.parse("00101020261121000123") }
        #expect(throws: TrackingNumberError.invalidRegion("11010")) {
            try TrackingNumber.make(regionCode: "11010", date: Self.date, sequence: 1)
        }
        #expect(throws: TrackingNumberError.invalidRegion("11010a")) {
            try TrackingNumber.make(regionCode: "11010a", date: Self.date, sequence: 1)
        }
        #expect(throws: TrackingNumberError.sequenceOutOfRange(1_000_000)) {
            try TrackingNumber.make(regionCode: "110101", date: Self.date, sequence: 1_000_000)
        }
        #expect(throws: TrackingNumberError.sequenceOutOfRange(-1)) {
            try TrackingNumber.make(regionCode: "110101", date: Self.date, sequence: -1)
        }
        #expect(throws: TrackingNumberError.invalidDate("1999-12-31")) {
            try TrackingNumber.make(regionCode: "110101", date: CivilDate(year: 1999, month: 12, day: 31)!, sequence: 1)
        }
    }

    @Test func ordersByRegionThenDateThenSequence() throws {
        let a = try TrackingNumber.make(regionCode: "110101", date: Self.date, sequence: 2)
        let b = try TrackingNumber.make(regionCode: "110101", date: Self.date, sequence: 10)
        let c = try TrackingNumber.make(regionCode: "110101", date: Self.date.adding(days: 1), sequence: 1)
        #expect(a < b && b < c)
        let decoded = try JSONDecoder().decode(TrackingNumber.self, from: JSONEncoder().encode(a))
        #expect(decoded == a)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TrackingNumber.self, from: Data("\"1\"".utf8)) }
    }

    @Test func trackingErrorsReadInBothLanguages() {
        let errors: [TrackingNumberError] = [
            .empty, .wrongLength(actual: 3), .nonDigit(position: 2), .invalidRegion("x"), .invalidDate("x"), .sequenceOutOfRange(0),
        ]
        for error in errors {
            #expect(!error.message(in: .zhHans).isEmpty && error.message(in: .zhHans) != error.message(in: .en))
        }
        #expect(TrackingNumberError.wrongLength(actual: 19).message(in: .zhHans) == "办件编号应为 20 位数字，实际 19 位")
    }

    @Test func queryCodesUseOnlyUnambiguousCharacters() {
        #expect(QueryCode.alphabet.count == 31)
        for forbidden in "01OIL" { #expect(!QueryCode.alphabet.contains(forbidden)) }
        var generator = SplitMix64(seed: 42)
        var seen = Set<Character>()
        var codes = Set<String>()
        for _ in 0..<2_000 {
            let code = QueryCode.generate(using: &generator)
            #expect(code.count == 6)
            #expect(QueryCode.isWellFormed(code))
            seen.formUnion(code)
            codes.insert(code)
        }
        #expect(seen == Set(QueryCode.alphabet)) // every character turns up
        #expect(codes.count > 1_990) // and codes rarely repeat
        var system = SystemRandomNumberGenerator()
        #expect(QueryCode.isWellFormed(QueryCode.generate(using: &system)))
    }

    @Test func queryCodesMatchIgnoringCase() {
        #expect(QueryCode.matches("ab3xyz", "AB3XYZ"))
        #expect(QueryCode.matches(" AB3XYZ\n", "AB3XYZ"))
        #expect(!QueryCode.matches("AB3XY", "AB3XYZ"))
        #expect(!QueryCode.matches("AB3XYZZ", "AB3XYZ"))
        #expect(!QueryCode.matches("AB3XYA", "AB3XYZ"))
        #expect(!QueryCode.matches("BB3XYZ", "AB3XYZ"))
        #expect(!QueryCode.matches("", ""))
        #expect(!QueryCode.matches("", "AB3XYZ"))
        // Padding with zero bytes cannot fake a match for a shorter code.
        #expect(!QueryCode.matches("AB3XY\u{0}", "AB3XY"))
        #expect(!QueryCode.isWellFormed("AB3XY0"))
        #expect(!QueryCode.isWellFormed("AB3XY"))
        #expect(QueryCode.isWellFormed("ab3xyz"))
    }
}
