import Testing
@testable import GovCore

@Suite struct ResidentIdentityNumberTests {
    /// Check characters computed independently of the code under test (the first is GB 11643's own example).
    @Test(arguments: [
        "11010519491231002X", "44030519900101123X", "440305199003070014", "110101198001010010",
        "110105194912310003", "320102198511220048", "510107199902284411", "650102200002292111",
        "810000201010100024", "710000197001010016", "44030519900307009X",
    ])
    func acceptsValidNumbers(_ text: String) throws {
        let number = try ResidentIdentityNumber(text)
        #expect(number.value == text)
        #expect(ResidentIdentityNumber.checkCharacter(for: String(text.prefix(17))) == text.last)
    }

    @Test func readsRegionBirthDateAndSex() throws {
        let number = try ResidentIdentityNumber("11010519491231002X")
        #expect(number.regionCode == "110105")
        #expect(number.birthDate == CivilDate(year: 1949, month: 12, day: 31))
        #expect(number.isMale == false)                 // 17th digit 2
        #expect(try ResidentIdentityNumber("440305199003070014").isMale)   // 17th digit 1
        #expect(try ResidentIdentityNumber("650102200002292111").birthDate == CivilDate(year: 2000, month: 2, day: 29))
    }

    @Test func normalisesLowercaseXAndSurroundingWhitespace() throws {
        let lower = try ResidentIdentityNumber("  11010519491231002x\n")
        #expect(lower.value == "11010519491231002X")
        #expect(lower == (try ResidentIdentityNumber("11010519491231002X")))
    }

    @Test func everyComputedCheckCharacterValidatesAndNoOtherDoes() throws {
        let alphabet = Array("0123456789X")
        for body in ["11010519800101001", "33010620121212987", "53010219580506123", "46000020200229555"] {
            let check = try #require(ResidentIdentityNumber.checkCharacter(for: body))
            #expect(try ResidentIdentityNumber(body + String(check)).value == body + String(check))
            for wrong in alphabet where wrong != check {
                #expect(throws: IdentifierError.checkCharacterMismatch(expected: check, actual: wrong)) {
                    try ResidentIdentityNumber(body + String(wrong))
                }
            }
        }
    }

    @Test func checkCharacterNeedsSeventeenDigits() {
        #expect(ResidentIdentityNumber.checkCharacter(for: "11010519491231002") == "X")
        #expect(ResidentIdentityNumber.checkCharacter(for: "1101051949123100") == nil)
        #expect(ResidentIdentityNumber.checkCharacter(for: "110105194912310021") == nil)
        #expect(ResidentIdentityNumber.checkCharacter(for: "1101051949123100A") == nil)
        #expect(ResidentIdentityNumber.checkCharacter(for: "1101051949123100１") == nil)
    }

    @Test(arguments: [
        ("", IdentifierError.empty),
        ("   ", .empty),
        ("11010519491231002", .wrongLength(expected: 18, actual: 17)),
        ("11010519491231002X1", .wrongLength(expected: 18, actual: 19)),
        ("15", .wrongLength(expected: 18, actual: 2)),
        ("1101051949123A002X", .invalidCharacter(position: 14, character: "A")),
        ("X10105194912310021", .invalidCharacter(position: 1, character: "X")),
        ("11010519491231002Y", .invalidCharacter(position: 18, character: "Y")),
        ("110105 19491231002", .invalidCharacter(position: 7, character: " ")),
        ("１10105194912310021", .invalidCharacter(position: 1, character: "１")),
        ("990105194912310021", .unknownRegion("990105")),
        ("000000194912310021", .unknownRegion("000000")),
        ("160105194912310021", .unknownRegion("160105")),
        ("110105199002300021", .invalidBirthDate("19900230")),
        ("110105199013010021", .invalidBirthDate("19901301")),
        ("110105189912310021", .invalidBirthDate("18991231")),
        ("11010519491231002Ｘ", .invalidCharacter(position: 18, character: "Ｘ")),
        ("110105194912310021", .checkCharacterMismatch(expected: "X", actual: "1")),
        ("440305199003070010", .checkCharacterMismatch(expected: "4", actual: "0")),
    ] as [(String, IdentifierError)])
    func refusesInvalidNumbers(_ text: String, _ error: IdentifierError) {
        #expect(throws: error) { try ResidentIdentityNumber(text) }
    }

    @Test func refusesABirthDateAfterToday() throws {
        let today = try #require(CivilDate(year: 2026, month: 9, day: 28))
        let bornToday = try #require(ResidentIdentityNumber.checkCharacter(for: "11010520260928001"))
        #expect(try ResidentIdentityNumber("11010520260928001" + String(bornToday), today: today).birthDate == today)
        let bornTomorrow = try #require(ResidentIdentityNumber.checkCharacter(for: "11010520260929001"))
        let tomorrowNumber = "11010520260929001" + String(bornTomorrow)
        #expect(throws: IdentifierError.invalidBirthDate("20260929")) {
            try ResidentIdentityNumber(tomorrowNumber, today: today)
        }
        // Without `today` only the calendar is checked.
        #expect(try ResidentIdentityNumber(tomorrowNumber).birthDate == CivilDate(year: 2026, month: 9, day: 29))
    }

    @Test func masksTheBirthDateEverywhereItIsPrinted() throws {
        let number = try ResidentIdentityNumber("44030519900101123X")
        #expect(number.masked == "440305********123X")
        #expect(number.description == "440305********123X")
        #expect("\(number)" == "440305********123X")
        #expect(!String(describing: number).contains("19900101"))
    }
}
