import Testing
@testable import GovCore

@Suite struct IdentifierErrorTests {
    static let all: [IdentifierError] = [
        .empty, .wrongLength(expected: 18, actual: 17), .invalidCharacter(position: 5, character: "I"),
        .invalidCharacter(position: 7, character: " "), .unknownRegion("990105"), .invalidBirthDate("19900230"),
        .checkCharacterMismatch(expected: "X", actual: "1"), .organizationCodeCheckMismatch(expected: "4", actual: "5"),
        .unknownRegistrationAuthority("B"),
    ]

    @Test(arguments: all)
    func everyErrorReadsInBothLanguages(_ error: IdentifierError) {
        let chinese = error.message(in: .zhHans)
        let english = error.message(in: .en)
        #expect(!chinese.isEmpty)
        #expect(!english.isEmpty)
        #expect(chinese != english)
    }

    @Test func messagesAreSpecific() {
        #expect(IdentifierError.wrongLength(expected: 18, actual: 17).message(in: .zhHans) == "号码应为 18 位，实际 17 位")
        #expect(IdentifierError.wrongLength(expected: 18, actual: 17).message(in: .en).contains("17"))
        #expect(
            IdentifierError.checkCharacterMismatch(expected: "X", actual: "1").message(in: .zhHans)
                .hasPrefix("第 18 位校验码应为 X"))
        #expect(IdentifierError.invalidCharacter(position: 5, character: "I").message(in: .zhHans).contains("第 5 位"))
        #expect(IdentifierError.invalidCharacter(position: 5, character: "I").message(in: .en).contains("“I”"))
        #expect(IdentifierError.invalidCharacter(position: 7, character: " ").message(in: .zhHans).contains("空白"))
        #expect(IdentifierError.unknownRegion("990105").message(in: .zhHans).contains("990105"))
        #expect(IdentifierError.invalidBirthDate("19900230").message(in: .en).contains("19900230"))
        #expect(
            IdentifierError.organizationCodeCheckMismatch(expected: "4", actual: "5").message(in: .zhHans)
                .hasPrefix("统一社会信用代码中的组织机构代码"))
        #expect(IdentifierError.unknownRegistrationAuthority("B").message(in: .en).contains("“B”"))
    }
}
