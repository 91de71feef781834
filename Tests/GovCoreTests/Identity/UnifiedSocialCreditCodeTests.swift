import Testing
@testable import GovCore

@Suite struct UnifiedSocialCreditCodeTests {
    /// Check characters computed independently of the code under test; 91350100M000100Y43 is GB 32100's example.
    @Test(arguments: [
        "91350100M000100Y43",   // 9 工商: enterprise
        "11100000000013127D",   // 1 机构编制: organ
        "51440300MJL1553E38",   // 5 民政: social organisation
        "Y1320100MJ8786JK59",   // Y other
        "91440300MA5DA2B40G",
        "92330106MA2KC4TR0L",   // 9 2: individual business
        "N2110000MB1234562B",
        "A1000000000000019F",
    ])
    func acceptsValidCodes(_ text: String) throws {
        let code = try UnifiedSocialCreditCode(text)
        #expect(code.value == text)
        #expect(UnifiedSocialCreditCode.checkCharacter(for: String(text.prefix(17))) == text.last)
        #expect(OrganizationCode.isValid(code.organizationCode))
    }

    @Test func readsItsParts() throws {
        let code = try UnifiedSocialCreditCode("91350100M000100Y43")
        #expect(code.registrationAuthority == "9")
        #expect(code.institutionType == "1")
        #expect(code.regionCode == "350100")
        #expect(code.organizationCode == "M000100Y4")
    }

    @Test func trimsAndUppercases() throws {
        let code = try UnifiedSocialCreditCode(" 91350100m000100y43\t")
        #expect(code.value == "91350100M000100Y43")
        #expect(code == (try UnifiedSocialCreditCode("91350100M000100Y43")))
    }

    @Test func codesBuiltFromAnyOrganizationCodeValidate() throws {
        let parts = [("11100000", "00001312"), ("51110000", "50000123"), ("91310115", "MA1K3Y8B"), ("Y1440300", "MJL0000A")]
        for (prefix, body) in parts {
            let code = try makeCode(prefix: prefix, organizationBody: body)
            #expect(try UnifiedSocialCreditCode(code).organizationCode.prefix(8) == Substring(body))
        }
    }

    @Test(arguments: [
        ("", IdentifierError.empty),
        (" \n", .empty),
        ("91350100M000100Y4", .wrongLength(expected: 18, actual: 17)),
        ("91350100M000100Y433", .wrongLength(expected: 18, actual: 19)),
        ("91350100M0001I0Y43", .invalidCharacter(position: 14, character: "I")),
        ("91350100M0001i0Y43", .invalidCharacter(position: 14, character: "i")),
        ("91350100O000100Y43", .invalidCharacter(position: 9, character: "O")),
        ("91350100M000100Z43", .invalidCharacter(position: 16, character: "Z")),
        ("9135010SM000100Y43", .invalidCharacter(position: 8, character: "S")),
        ("V1350100M000100Y43", .invalidCharacter(position: 1, character: "V")),
        ("91350100M000100Y4-", .invalidCharacter(position: 18, character: "-")),
        ("01350100M000100Y43", .unknownRegistrationAuthority("0")),
        ("B1350100M000100Y43", .unknownRegistrationAuthority("B")),
        ("90350100M000100Y43", .invalidCharacter(position: 2, character: "0")),
        ("913501A0M000100Y43", .invalidCharacter(position: 7, character: "A")),
        ("91350100M000100Y44", .checkCharacterMismatch(expected: "3", actual: "4")),
        ("91350100M000100Y56", .organizationCodeCheckMismatch(expected: "4", actual: "5")),
    ] as [(String, IdentifierError)])
    func refusesInvalidCodes(_ text: String, _ error: IdentifierError) {
        #expect(throws: error) { try UnifiedSocialCreditCode(text) }
    }

    @Test func aBrokenOrganizationCodeIsCaughtEvenWhenTheOverallCheckHolds() throws {
        let valid = "91350100M000100Y43"
        let orgCheck = try #require(OrganizationCode.checkCharacter(for: "M000100Y"))
        #expect(orgCheck == "4")
        // Break the organization code's check character, then repair the overall one so only the inner check fails.
        for wrong in Array("0123456789X") where wrong != orgCheck {
            let first17 = String(valid.prefix(16)) + String(wrong)
            let overall = try #require(UnifiedSocialCreditCode.checkCharacter(for: first17))
            #expect(throws: IdentifierError.organizationCodeCheckMismatch(expected: orgCheck, actual: wrong)) {
                try UnifiedSocialCreditCode(first17 + String(overall))
            }
        }
    }

    @Test func checkCharacterNeedsSeventeenCharsetCharacters() {
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91350100M000100Y") == nil)
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91350100M000100I4") == nil)
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91350100m000100y4") == nil)
    }

    @Test func masksTheMiddle() throws {
        let code = try UnifiedSocialCreditCode("91350100M000100Y43")
        #expect(code.masked == "913501********0Y43")
        #expect("\(code)" == "913501********0Y43")
    }

    /// A code around `prefix` (authority, type, region) and an organization body, with both check characters computed.
    private func makeCode(prefix: String, organizationBody: String) throws -> String {
        let organization = try #require(OrganizationCode.checkCharacter(for: organizationBody))
        let first17 = prefix + organizationBody + String(organization)
        return first17 + String(try #require(UnifiedSocialCreditCode.checkCharacter(for: first17)))
    }
}
