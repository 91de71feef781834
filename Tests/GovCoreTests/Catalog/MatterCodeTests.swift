import Foundation
import Testing
@testable import GovCore

@Suite("Matter kinds and 事项实施编码 (GB/T 39554.1)")
struct MatterCodeTests {
    /// A valid 统一社会信用代码 for a government department: 机构编制 1, 机关 1, region 110101.
    static let department: String = {
        let body = "04100001"
        let organisationCode = body + String(OrganizationCode.checkCharacter(for: body)!)
        let first17 = "11" + "110101" + organisationCode
        return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }()

    static var valid28: String { department + "01" + "00123" + "001" }

    @Test func departmentFixtureIsValid() throws {
        _ = try UnifiedSocialCreditCode(Self.department)
    }

    @Test func parsesA28CharacterCodeIntoItsParts() throws {
        let code = try MatterCode(Self.valid28)
        #expect(code.value.count == 28)
        #expect(code.departmentCode == Self.department)
        #expect(code.catalogCode == "0100123001")
        #expect(code.basicCode == "0100123001")
        #expect(code.kindCode == "01")
        #expect(code.kind == .administrativeLicensing)
        #expect(code.mainItemCode == "00123")
        #expect(code.subItemCode == "001")
        #expect(code.businessItemCode == nil)
    }

    @Test func parsesA31CharacterCodeWithABusinessItem() throws {
        let code = try MatterCode("  " + Self.department.lowercased() + "2000007000" + "002\n")
        #expect(code.value == Self.department + "2000007000002")
        #expect(code.kind == .publicService)
        #expect(code.subItemCode == "000")
        #expect(code.businessItemCode == "002")
        #expect(code.basicCode == "2000007000")
    }

    @Test func buildsFromParts() throws {
        let department = try UnifiedSocialCreditCode(Self.department)
        let code = try MatterCode(department: department, kind: .administrativeConfirmation, mainItem: 42, subItem: 3, businessItem: 7)
        #expect(code.value == Self.department + "0700042003007")
        #expect(throws: MatterCodeError.zeroMainItem) {
            try MatterCode(department: department, kind: .administrativeLicensing, mainItem: 0)
        }
        #expect(throws: MatterCodeError.wrongLength(actual: 29)) {
            try MatterCode(department: department, kind: .administrativeLicensing, mainItem: 1, subItem: 1000)
        }
        #expect(throws: MatterCodeError.zeroBusinessItem) {
            try MatterCode(department: department, kind: .administrativeLicensing, mainItem: 1, businessItem: 0)
        }
    }

    @Test func refusesEachKindOfBadCode() {
        #expect(throws: MatterCodeError.empty) { try MatterCode("   ") }
        #expect(throws: MatterCodeError.wrongLength(actual: 27)) { try MatterCode(String(Self.valid28.dropLast())) }
        #expect(throws: MatterCodeError.wrongLength(actual: 29)) { try MatterCode(Self.valid28 + "1") }
        #expect(throws: MatterCodeError.wrongLength(actual: 32)) { try MatterCode(Self.valid28 + "0011") }
        // A wrong check character in the credit code.
        var broken = Array(Self.department)
        broken[17] = broken[17] == "0" ? "1" : "0"
        #expect(throws: MatterCodeError.self) { try MatterCode(String(broken) + "0100123001") }
        do {
            _ = try MatterCode(String(broken) + "0100123001")
        } catch {
            guard case .invalidDepartment(.checkCharacterMismatch) = error else {
                Issue.record("expected a credit code check failure, got \(error)")
                return
            }
        }
        #expect(throws: MatterCodeError.nonDigit(position: 22, character: "A")) {
            try MatterCode(Self.department + "010A123001")
        }
        #expect(throws: MatterCodeError.nonDigit(position: 19, character: "０")) {
            try MatterCode(Self.department + "０100123001")
        }
        #expect(throws: MatterCodeError.unknownKind("11")) { try MatterCode(Self.department + "1100123001") }
        #expect(throws: MatterCodeError.unknownKind("00")) { try MatterCode(Self.department + "0000123001") }
        #expect(throws: MatterCodeError.notAServiceMatter(kindCode: "02", nameZh: "行政处罚", nameEn: "administrative penalty")) {
            try MatterCode(Self.department + "0200123001")
        }
        #expect(throws: MatterCodeError.zeroMainItem) { try MatterCode(Self.department + "0100000001") }
        #expect(throws: MatterCodeError.zeroBusinessItem) { try MatterCode(Self.valid28 + "000") }
    }

    @Test func everyKindRoundTripsThroughItsTypeCode() throws {
        let department = try UnifiedSocialCreditCode(Self.department)
        var codes = Set<String>()
        for kind in MatterKind.allCases {
            #expect(MatterKind(typeCode: kind.typeCode) == kind)
            codes.insert(kind.typeCode)
            let code = try MatterCode(department: department, kind: kind, mainItem: 1)
            #expect(code.kind == kind)
        }
        #expect(codes.count == MatterKind.allCases.count)
        #expect(MatterKind(typeCode: "02") == nil)
    }

    @Test func codableValidatesOnDecode() throws {
        let code = try MatterCode(Self.valid28)
        let data = try JSONEncoder().encode(code)
        #expect(String(decoding: data, as: UTF8.self) == "\"\(Self.valid28)\"")
        #expect(try JSONDecoder().decode(MatterCode.self, from: data) == code)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(MatterCode.self, from: Data("\"123\"".utf8)) }
    }

    static let errors: [MatterCodeError] = [
        .empty, .wrongLength(actual: 3), .invalidDepartment(.wrongLength(expected: 18, actual: 17)),
        .nonDigit(position: 20, character: "x"), .unknownKind("11"),
        .notAServiceMatter(kindCode: "02", nameZh: "行政处罚", nameEn: "administrative penalty"), .zeroMainItem, .zeroBusinessItem,
    ]

    @Test(arguments: errors)
    func errorsReadInBothLanguages(_ error: MatterCodeError) {
        let zh = error.message(in: .zhHans)
        let en = error.message(in: .en)
        #expect(!zh.isEmpty && !en.isEmpty && zh != en)
    }

    @Test func messagesAreSpecific() {
        #expect(MatterCodeError.wrongLength(actual: 27).message(in: .zhHans) == "事项实施编码应为 28 位或 31 位，实际 27 位")
        #expect(MatterCodeError.invalidDepartment(.wrongLength(expected: 18, actual: 17)).message(in: .zhHans).contains("实施机构统一社会信用代码"))
        #expect(MatterCodeError.notAServiceMatter(kindCode: "02", nameZh: "行政处罚", nameEn: "administrative penalty")
            .message(in: .zhHans).contains("行政处罚"))
    }
}

@Suite("Matter kinds, online depth, steps and life events")
struct MatterKindTests {
    @Test func article45ExcludesExactlyItsEightProcedures() {
        let excluded = Set(StepKind.allCases.filter(\.isExcludedFromLimit))
        #expect(excluded == [.hearing, .tendering, .auction, .inspection, .testing, .quarantine, .appraisal, .expertReview])
        #expect(!StepKind.siteInspection.isExcludedFromLimit)
        #expect(!StepKind.acceptance.isExcludedFromLimit)
    }

    @Test func onlineDepthIsOrdered() {
        #expect(OnlineDepth.guideOnly < .onlineApplicationPapersAtWindow)
        #expect(OnlineDepth.onlineApplicationPapersAtWindow < .fullyOnline)
        #expect(!OnlineDepth.guideOnly.acceptsOnlineApplication)
        #expect(OnlineDepth.onlineApplicationPapersAtWindow.acceptsOnlineApplication)
        #expect(OnlineDepth.onlineApplicationPapersAtWindow.requiresVisit)
        #expect(!OnlineDepth.fullyOnline.requiresVisit)
        #expect(OnlineDepth.fullyOnline.title(in: .zhHans) == "全程网办")
    }

    @Test func lifeEventsHaveStableRawValuesAndSplitByAudience() {
        #expect(LifeEvent.events(for: .citizen).map(\.rawValue) == [
            "birth", "schooling", "employment", "marriage", "housing", "travel", "retirement", "after-death",
        ])
        #expect(LifeEvent.events(for: .enterprise).map(\.rawValue) == [
            "starting-business", "construction", "operating-permits", "taxes", "closing-business",
        ])
        #expect(LifeEvent.afterDeath.title(in: .zhHans) == "身后事")
        #expect(LifeEvent.startingBusiness.title(in: .zhHans) == "开办企业")
    }

    @Test func everyTitleIsPresentAndDiffersByLanguage() {
        var titles: [(String, String)] = []
        titles += MatterKind.allCases.map { ($0.title(in: .zhHans), $0.title(in: .en)) }
        titles += OnlineDepth.allCases.map { ($0.title(in: .zhHans), $0.title(in: .en)) }
        titles += StepKind.allCases.map { ($0.title(in: .zhHans), $0.title(in: .en)) }
        titles += LifeEvent.allCases.map { ($0.title(in: .zhHans), $0.title(in: .en)) }
        for (zh, en) in titles {
            #expect(!zh.isEmpty && !en.isEmpty && zh != en)
        }
        // Titles within a list are distinct.
        #expect(Set(StepKind.allCases.map { $0.title(in: .zhHans) }).count == StepKind.allCases.count)
        #expect(Set(LifeEvent.allCases.map { $0.title(in: .en) }).count == LifeEvent.allCases.count)
        #expect(MatterKind.administrativeLicensing.isGovernedByLicensingLaw)
        #expect(!MatterKind.publicService.isGovernedByLicensingLaw)
    }
}
