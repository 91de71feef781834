import Testing
@testable import GovCore

@Suite struct OrganizationCodeTests {
    @Test func computesTheCheckCharacter() {
        #expect(OrganizationCode.checkCharacter(for: "M000100Y") == "4")
        #expect(OrganizationCode.checkCharacter(for: "00001312") == "7")
        // 11 − sum mod 11 = 10 is written X, and 11 is written 0.
        #expect(OrganizationCode.checkCharacter(for: "00158380") == "X")
        #expect(OrganizationCode.checkCharacter(for: "00000000") == "0")
    }

    @Test func checkCharacterNeedsEightDigitsOrCapitals() {
        #expect(OrganizationCode.checkCharacter(for: "M000100") == nil)
        #expect(OrganizationCode.checkCharacter(for: "M000100Y4") == nil)
        #expect(OrganizationCode.checkCharacter(for: "m000100y") == nil)
        #expect(OrganizationCode.checkCharacter(for: "M000-100") == nil)
    }

    @Test(arguments: ["M000100Y4", "M000100Y-4", "m000100y-4", "00158380X", "00158380-x", "000000000"])
    func acceptsValidCodes(_ code: String) {
        #expect(OrganizationCode.isValid(code))
    }

    @Test(arguments: ["M000100Y5", "M000100Y-5", "M000100Y", "M000100Y44", "M00010-0Y4", "", "M000100Y–4", "00158380-0"])
    func refusesInvalidCodes(_ code: String) {
        #expect(!OrganizationCode.isValid(code))
    }
}
