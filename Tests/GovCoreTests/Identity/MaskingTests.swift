import Testing
@testable import GovCore

@Suite struct MaskingTests {
    @Test func starsTheMiddleKeepingTheLength() {
        #expect(Mask.middle("abcdefghij", keepPrefix: 2, keepSuffix: 3) == "ab*****hij")
        #expect(Mask.middle("张三丰", keepPrefix: 1, keepSuffix: 0) == "张**")
        #expect(Mask.middle("abcdef", keepPrefix: 0, keepSuffix: 0) == "******")
    }

    @Test func hidesEverythingWhenTheKeptPartsWouldMeet() {
        #expect(Mask.middle("abcd", keepPrefix: 2, keepSuffix: 2) == "****")
        #expect(Mask.middle("abc", keepPrefix: 2, keepSuffix: 2) == "***")
        #expect(Mask.middle("", keepPrefix: 1, keepSuffix: 1) == "")
        #expect(Mask.middle("abc", keepPrefix: -1, keepSuffix: -5) == "***")
    }

    @Test func masksPhoneNumbers() {
        #expect(Mask.phone("13812345678") == "138****5678")
        #expect(Mask.phone("010-12345678") == "010*****5678")
        #expect(Mask.phone("1234567") == "*******")
    }
}
