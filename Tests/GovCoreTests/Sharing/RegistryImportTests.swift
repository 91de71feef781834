import Foundation
import Testing
@testable import GovCore

@Suite struct RegistryImportTests {
    static let today = CivilDate(year: 2026, month: 5, day: 1)!

    // MARK: Legal entities

    @Test func loadsValidRowsAndReportsBadIdentifiersAndDuplicates() throws {
        // setup
        let enterprise = try Self.creditCode("91330100", "MA27XK5B")
        let society = try Self.creditCode("51330100", "MJ8786JK")
        let badCheck = Self.withWrongCheckCharacter(enterprise)
        let csv = """
            统一社会信用代码,名称,法定代表人,成立日期,注册资本
            \(enterprise),杭州某某科技有限公司,张三,2019-03-08,"1,250.5"
            \(badCheck),杭州错误有限公司,李四,,
            91330100MA27XK5,短代码有限公司,王五,,
            \(enterprise.lowercased()),杭州某某科技有限公司（重复）,赵六,,
            \(society),杭州市某某协会,钱七,2001/9/1,
            """
        // MUT
        let (outcomes, summary) = try Self.run(.legalEntity, Array(csv.utf8))
        // validate
        #expect(outcomes.map(\.line) == [2, 3, 4, 5, 6])
        let first = try #require(Self.legalEntity(outcomes[0]))
        #expect(first.creditCode.value == enterprise)
        #expect(first.name == "杭州某某科技有限公司")
        #expect(first.kind == .enterprise)
        #expect(first.legalRepresentative == "张三")
        #expect(first.establishedOn == CivilDate(year: 2019, month: 3, day: 8))
        #expect(first.status == .active)
        #expect(first.registeredCapitalFen == 1_250_500_000)
        #expect(first.registeredCapital == Decimal(string: "1250.5", locale: Locale(identifier: "en_US_POSIX")))
        #expect(Self.problems(outcomes[1]) == [
            .init(column: "统一社会信用代码", problem: .identifier(.checkCharacterMismatch(expected: enterprise.last!, actual: badCheck.last!))),
        ])
        #expect(Self.problems(outcomes[2]) == [
            .init(column: "统一社会信用代码", problem: .identifier(.wrongLength(expected: 18, actual: 15))),
        ])
        #expect(Self.problems(outcomes[3]) == [.init(column: "统一社会信用代码", problem: .duplicate(ofLine: 2))])
        let sixth = try #require(Self.legalEntity(outcomes[4]))
        #expect(sixth.kind == .socialOrganisation)
        #expect(sixth.establishedOn == CivilDate(year: 2001, month: 9, day: 1))
        #expect(summary == RegistryImportSummary(rowsRead: 5, blankLines: 0, accepted: 2, rejected: 3, duplicates: 1))
    }

    @Test func aDuplicateWithOtherProblemsIsToldAllOfThem() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let csv = "uscc,name,legal_representative\n\(code),甲公司,张三\n\(code),,张三\n"
        let (outcomes, summary) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(Self.problems(outcomes[1]) == [
            .init(column: "uscc", problem: .duplicate(ofLine: 2)),
            .init(column: "name", problem: .required),
        ])
        #expect(summary.duplicates == 1 && summary.rejected == 1 && summary.accepted == 1)
    }

    @Test func aRejectedFirstOccurrenceLeavesTheKeyToTheNextValidRow() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let csv = "uscc,name,legal_representative\n\(code),甲公司,\n\(code),甲公司,张三\n"
        let (outcomes, _) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(Self.problems(outcomes[0]) == [.init(column: "legal_representative", problem: .required)])
        #expect(Self.legalEntity(outcomes[1]) != nil)
    }

    @Test func theEntityKindFollowsTheRegistrationAuthorityWhenBlank() throws {
        let enterprise = try Self.creditCode("91330100", "MA27XK5B")
        let institution = try Self.creditCode("12330100", "47000123")
        let society = try Self.creditCode("52330100", "MJ0000AA")
        let farm = try Self.creditCode("N2330100", "MA2BBBBB")
        let named = try Self.creditCode("93330100", "MA2CCCCC")
        let csv = """
            统一社会信用代码,名称,法定代表人,主体类型,登记状态
            \(enterprise),甲,张三,,存续（在营、开业、在册）
            \(institution),乙,张三,,注销
            \(society),丙,张三, ,吊销，未注销
            \(farm),丁,张三,,迁出
            \(named),戊,张三,Social Organisation,Revoked
            \(try Self.creditCode("91330100", "MA2DDDDD")),己,张三,合伙,歇业
            """
        let (outcomes, _) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(outcomes.prefix(5).compactMap(Self.legalEntity).map(\.kind) == [.enterprise, .institution, .socialOrganisation, .other, .socialOrganisation])
        #expect(outcomes.prefix(5).compactMap(Self.legalEntity).map(\.status) == [.active, .cancelled, .revoked, .moved, .revoked])
        #expect(Self.problems(outcomes[5]) == [
            .init(column: "主体类型", problem: .notAChoice("合伙", .entityKind)),
            .init(column: "登记状态", problem: .notAChoice("歇业", .status)),
        ])
        #expect(RegistryProblem.notAChoice("合伙", .entityKind).message(in: .zhHans) == "“合伙”不是可选值，应为企业、事业单位、社会组织、其他之一")
    }

    @Test func checksDatesCapitalAndLengths() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let header = "uscc,name,legal_representative,established_on,registered_capital,address,business_scope\n"
        func problems(_ row: String) throws -> [RegistryFieldProblem] {
            try Self.problems(Self.run(.legalEntity, Array((header + "\(code),甲公司,张三," + row + "\n").utf8)).outcomes[0])
        }
        #expect(try problems("2026-05-02,,,") == [.init(column: "established_on", problem: .futureDate(today: Self.today))])
        #expect(try problems("2023-02-29,,,") == [.init(column: "established_on", problem: .invalidDate("2023-02-29"))])
        #expect(try problems("2023.01.01,,,") == [.init(column: "established_on", problem: .invalidDate("2023.01.01"))])
        #expect(try problems(",-5,,") == [.init(column: "registered_capital", problem: .invalidAmount("-5"))])
        #expect(try problems(",\"12,34\",,") == [.init(column: "registered_capital", problem: .invalidAmount("12,34"))])
        #expect(try problems(",1.1234567,,") == [.init(column: "registered_capital", problem: .invalidAmount("1.1234567"))])
        #expect(try problems(",,\(String(repeating: "路", count: 301)),") == [.init(column: "address", problem: .tooLong(max: 300))])
        #expect(try problems(",,\"一路\n二号\",") == [.init(column: "address", problem: .controlCharacter)])
        #expect(try problems(",,,\"一、软件开发\n二、技术服务\"").isEmpty)
        #expect(try problems("20230101,0,,").isEmpty)
    }

    @Test(arguments: [
        ("0", 0), ("100", 100_000_000), ("1,250.5", 1_250_500_000), ("1,000,000", 1_000_000_000_000),
        ("0.000001", 1), ("12.50", 12_500_000), ("999999999999.999999", 999_999_999_999_999_999),
    ])
    func readsCapitalInFen(_ text: String, _ fen: Int) {
        #expect(RegistryValues.fen(text) == .success(fen))
    }

    @Test(arguments: ["", "-1", "+1", ".5", "5.", "1,00", "1000,000", ",100", "1,,000", "1.2.3", "1e3", "1000000000000", "1.0000001", "１００"])
    func refusesCapitalThatIsNotAPlainAmount(_ text: String) {
        #expect(RegistryValues.fen(text) == .failure(.invalidAmount(text)))
    }

    @Test func trimsEveryUnicodeSpaceAndOnlyThose() throws {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(RegistryCSVReader.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
        var reader = RegistryCSVReader()
        let records = reader.feed(Array("\u{3000}甲公司\u{00A0}, 乙 ,\t丙\u{2029}\n丁\u{3000}戊,\u{205F}".utf8)) + reader.finish()
        #expect(records.map(\.fields) == [.success(["甲公司", "乙", "丙"]), .success(["丁\u{3000}戊", ""])])
    }

    @Test func theFingerprintFollowsTheValuesNotTheirSpelling() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        func fingerprint(_ row: String) throws -> Int64 {
            let csv = "uscc,name,legal_representative,established_on,registered_capital\n" + row
            return try #require(Self.accepted(Self.run(.legalEntity, Array(csv.utf8)).outcomes[0])).fingerprint
        }
        let base = try fingerprint("\(code),甲公司,张三,2020-01-05,100")
        #expect(try fingerprint("\(code.lowercased()), 甲公司 ,张三,2020/1/5,100.00") == base)
        #expect(try fingerprint("\(code),甲公司,张三,20200105,100") == base)
        #expect(try fingerprint("\(code),乙公司,张三,2020-01-05,100") != base)
        #expect(try fingerprint("\(code),甲公司,张三,2020-01-05,") != base)
        #expect(try fingerprint("\(code),甲公司,张三,2020-01-05,100.01") != base)
    }

    // MARK: Encodings

    @Test func foundationDecodesRealGBKBytes() {
        #expect(String(bytes: Self.gbk企业 + Self.gbk名称 + Self.gbk张三, encoding: RegistryTextEncoding.gb18030Foundation) == "企业名称张三")
        #expect(String(bytes: [0x81, 0x20], encoding: RegistryTextEncoding.gb18030Foundation) == nil)
    }

    @Test func aGBKFileReadsLikeItsUTF8WithBOMTwin() throws {
        // setup: the same file, written once by hand in GBK bytes and once in UTF-8 after a byte-order mark.
        let code = try Self.creditCode("91330100", "MA27XK5B")
        func file(_ encode: (String) -> [UInt8]) -> [UInt8] {
            Array("uscc,".utf8) + encode("名称") + Array(",legal_representative,kind\r\n\(code),".utf8)
                + encode("企业") + Array(",".utf8) + encode("张三") + Array(",".utf8) + encode("企业") + Array("\r\n".utf8)
        }
        let gbk = file { ["名称": Self.gbk名称, "企业": Self.gbk企业, "张三": Self.gbk张三][$0]! }
        let utf8 = [0xEF, 0xBB, 0xBF] + file { Array($0.utf8) }
        // MUT
        var gbkImporter = RegistryImporter(kind: .legalEntity, today: Self.today)
        let fromGBK = try gbkImporter.feed(gbk) + gbkImporter.finish()
        var utf8Importer = RegistryImporter(kind: .legalEntity, today: Self.today)
        let fromUTF8 = try utf8Importer.feed(utf8) + utf8Importer.finish()
        // validate
        #expect(gbkImporter.encoding == .gb18030)
        #expect(utf8Importer.encoding == .utf8)
        #expect(gbkImporter.columns[.name] == "名称")
        #expect(fromGBK == fromUTF8)
        let row = try #require(Self.legalEntity(fromGBK[0]))
        #expect(row.name == "企业" && row.legalRepresentative == "张三" && row.kind == .enterprise)
    }

    @Test func aWholeFileSavedAsGB18030ReadsTheSameAsUTF8() throws {
        let text = try Self.populationFile()
        let gb = try #require(text.data(using: RegistryTextEncoding.gb18030Foundation))
        #expect(Array("企业".data(using: RegistryTextEncoding.gb18030Foundation) ?? Data()) == Self.gbk企业)
        let fromGB = try Self.run(.population, Array(gb))
        let fromUTF8 = try Self.run(.population, Array(text.utf8))
        #expect(fromGB.outcomes == fromUTF8.outcomes)
        #expect(fromGB.summary == fromUTF8.summary)
        #expect(fromUTF8.summary.accepted == 2)
    }

    @Test func aLineInNeitherEncodingIsARowError() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let other = try Self.creditCode("91330100", "MA2DDDDD")
        // 0x81 0x20 is a GB 18030 lead byte before a space: invalid there, and invalid UTF-8.
        let bytes = Array("名称,uscc,legal_representative\n".utf8) + [0x81, 0x20] + Array(",\(code),张三\n甲,\(other),李四".utf8)
        let (outcomes, summary) = try Self.run(.legalEntity, bytes)
        #expect(Self.problems(outcomes[0]) == [.init(column: nil, problem: .unreadable(.badEncoding))])
        #expect(Self.legalEntity(outcomes[1])?.name == "甲")
        #expect(summary == RegistryImportSummary(rowsRead: 2, blankLines: 0, accepted: 1, rejected: 1, duplicates: 0))
    }

    // MARK: CSV shape

    @Test func skipsBlankLinesAndReadsQuotedFieldsAndCRLF() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let other = try Self.creditCode("91330100", "MA2DDDDD")
        let csv = "\r\n uscc , Name ,Legal Representative,Business Scope,备注\r\n\r\n,,,\r\n   \r\n"
            + "\(code),\"甲公司, 杭州\",\"张\"\"三\"\"\",\"一、软件开发\r\n二、技术服务\",忽略\r\n"
            + "\u{3000}\r\n"
            + "\"\(other)\",乙公司,李四,,\r\n"
        let (outcomes, summary) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(outcomes.map(\.line) == [6, 9])
        let first = try #require(Self.legalEntity(outcomes[0]))
        #expect(first.name == "甲公司, 杭州")
        #expect(first.legalRepresentative == "张\"三\"")
        #expect(first.businessScope == "一、软件开发\r\n二、技术服务")
        #expect(Self.legalEntity(outcomes[1])?.creditCode.value == other)
        #expect(summary == RegistryImportSummary(rowsRead: 2, blankLines: 5, accepted: 2, rejected: 0, duplicates: 0))
    }

    @Test func readsLoneCRLineEndsAndALastLineWithoutOne() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let other = try Self.creditCode("91330100", "MA2DDDDD")
        let csv = "uscc,name,legal_representative\r\(code),甲,张三\r\r\(other),乙,李四"
        let (outcomes, summary) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(outcomes.map(\.line) == [2, 4])
        #expect(outcomes.compactMap(Self.legalEntity).count == 2)
        #expect(summary.blankLines == 1)
    }

    @Test func everyChunkingGivesTheSameOutcomes() throws {
        // setup: a BOM, multi-byte characters, quotes, an escaped quote, a CRLF inside and after quoted fields.
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let csv = "\u{FEFF}统一社会信用代码,名称,法定代表人,经营范围\r\n\r\n"
            + "\(code),\"甲公司，“杭州”\",\"张\"\"三\",\"一、开发\r\n二、服务\"\r\n"
            + "\(code),重复,李四,\r\n91330100MA27XK5,短,王五,"
        let utf8 = Array(csv.utf8)
        let gb = Array(try #require(String(csv.dropFirst()).data(using: RegistryTextEncoding.gb18030Foundation)))
        for bytes in [utf8, gb] {
            let whole = try Self.run(.legalEntity, bytes)
            #expect(whole.outcomes.count == 3)
            // MUT + validate: two chunks split at every offset, then one byte at a time.
            for split in 0...bytes.count {
                var importer = RegistryImporter(kind: .legalEntity, today: Self.today)
                let outcomes = try importer.feed(bytes[..<split]) + importer.feed(bytes[split...]) + importer.finish()
                #expect(outcomes == whole.outcomes, "split at \(split)")
                #expect(importer.summary == whole.summary)
            }
            let bytewise = try Self.run(.legalEntity, bytes, chunkSize: 1)
            #expect(bytewise.outcomes == whole.outcomes)
            #expect(bytewise.summary == whole.summary)
        }
    }

    @Test func aRecordOverTheCapIsARowErrorAndReadingGoesOn() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let scope = String(repeating: "经营", count: 11_000) // 66,000 bytes
        let csv = "uscc,name,legal_representative,business_scope\n\(code),甲,张三,\"\(scope)\"\n\(code),甲,张三,\n"
        let (outcomes, summary) = try Self.run(.legalEntity, Array(csv.utf8), chunkSize: 4096)
        #expect(Self.problems(outcomes[0]) == [.init(column: nil, problem: .unreadable(.tooLong(limit: 65_536)))])
        #expect(outcomes[1].line == 3)
        #expect(Self.legalEntity(outcomes[1]) != nil)
        #expect(summary.rejected == 1 && summary.accepted == 1)
    }

    @Test func aQuoteLeftOpenIsReportedOnItsLine() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        let csv = "uscc,name,legal_representative\n\(code),\"甲,张三\n\(code),乙,李四\n"
        let (outcomes, _) = try Self.run(.legalEntity, Array(csv.utf8))
        #expect(outcomes == [.rejected(RegistryRowError(line: 2, problems: [.init(column: nil, problem: .unreadable(.unclosedQuote))]))])
    }

    // MARK: Header

    @Test func aMissingRequiredColumnStopsTheFileBeforeAnyRow() throws {
        let code = try Self.creditCode("91330100", "MA27XK5B")
        var importer = RegistryImporter(kind: .legalEntity, today: Self.today)
        let error = RegistryHeaderError.missingColumns(.legalEntity, [.legalRepresentative])
        #expect(throws: error) { try importer.feed(Array("\n名称,统一社会信用代码,地址\n\(code),甲,杭州\n".utf8)) }
        #expect(throws: error) { try importer.finish() }
        #expect(importer.summary.rowsRead == 0)
        #expect(error.message(in: .zhHans) == "法人单位基础信息库文件缺少必填列：法定代表人（legal_representative）")
        #expect(error.message(in: .en) == "The legal entity registry file lacks required columns: legal_representative (法定代表人)")
    }

    @Test func headerNamesIgnoreCaseSpacesAndUnknownColumns() throws {
        let header = try RegistryHeader(kind: .legalEntity, names: ["序号", "USCC", "Legal Representative", "企业名称", "注册资本（万元）"])
        #expect(header.index(of: .creditCode) == 1)
        #expect(header.index(of: .legalRepresentative) == 2)
        #expect(header.index(of: .name) == 3)
        #expect(header.name(of: .registeredCapital) == "注册资本（万元）")
        #expect(throws: RegistryHeaderError.duplicateColumn("名称", "name")) {
            try RegistryHeader(kind: .legalEntity, names: ["统一社会信用代码", "名称", "法定代表人", "name"])
        }
    }

    @Test func anEmptyFileIsRefused() {
        var importer = RegistryImporter(kind: .population, today: Self.today)
        #expect(throws: RegistryHeaderError.empty) { _ = try importer.feed(Array(" \n\n,,\n".utf8)); _ = try importer.finish() }
    }

    // MARK: Population

    @Test func sexAndBirthDateMustAgreeWithTheNumber() throws {
        let man = try Self.idNumber("33010619900101123")      // 17th digit 3: male
        let woman = try Self.idNumber("33010619850615002")    // 17th digit 2: female
        let csv = """
            公民身份号码,姓名,性别,出生日期,联系电话
            \(man),张三,男,1990-01-01,13800138000
            \(woman),李四,男,1985/6/16,0571-88886666
            \(try Self.idNumber("33010620300101001")),未来,,,
            \(Self.withWrongCheckCharacter(man)),错号,,,
            \(try Self.idNumber("33010619770707003")),王五,女,19770707,12345
            """
        let (outcomes, _) = try Self.run(.population, Array(csv.utf8))
        let first = try #require(Self.accepted(outcomes[0]))
        guard case let .population(person) = first else { Issue.record("not a person"); return }
        #expect(person.isMale && person.birthDate == CivilDate(year: 1990, month: 1, day: 1) && person.phone == "13800138000")
        #expect(first.key == man)
        #expect(Self.problems(outcomes[1]) == [
            .init(column: "性别", problem: .sexMismatch(numberSaysMale: false)),
            .init(column: "出生日期", problem: .birthDateMismatch(number: CivilDate(year: 1985, month: 6, day: 15)!)),
        ])
        #expect(Self.problems(outcomes[2]) == [.init(column: "公民身份号码", problem: .identifier(.invalidBirthDate("20300101")))])
        #expect(Self.problems(outcomes[3]).map(\.column) == ["公民身份号码"])
        #expect(Self.problems(outcomes[4]) == [
            .init(column: "性别", problem: .sexMismatch(numberSaysMale: true)),
            .init(column: "联系电话", problem: .invalidPhone("12345")),
        ])
        let message = RegistryRowError(line: 3, problems: Self.problems(outcomes[1])).message(in: .zhHans)
        #expect(message == "第 3 行：性别：与公民身份号码不符：号码第 17 位为偶数，应为女；出生日期：与公民身份号码中的出生日期 1985-06-15 不符")
        #expect(RegistryRowError(line: 3, problems: Self.problems(outcomes[1])).message(in: .en).hasPrefix("Line 3: 性别: Does not match the ID number"))
    }

    @Test(arguments: ["13800138000", "0571-88886666", "010-12345678", "01012345678", "88886666", "8888666"])
    func acceptsPhoneNumbers(_ phone: String) {
        #expect(RegistryValues.isPhone(phone))
    }

    @Test(arguments: ["1380013800", "23800138000", "0571-08886666", "571-88886666", "0571--88886666", "138 0013 8000", "123456"])
    func refusesPhoneNumbers(_ phone: String) {
        #expect(!RegistryValues.isPhone(phone))
    }

    // MARK: Geospatial

    @Test(arguments: [
        ("330000", GeospatialLevel.province), ("330100", .prefecture), ("330106", .county), ("441900", .prefecture),
        ("330106001", .township), ("441900003", .township), ("330106001001", .village), ("330106000000", .county),
        ("330106001000", .township), ("3301060", .grid), ("33010600101", .grid), ("330106001001003", .grid),
    ] as [(String, GeospatialLevel)])
    func theCodeSaysItsLevel(_ code: String, _ level: GeospatialLevel) throws {
        #expect(try #require(GeospatialCode(code)).level == level)
    }

    @Test(arguments: ["990000", "330010", "330000001", "330106000", "33000000101", "3301060010010011234", "33010A", "3301"])
    func refusesMalformedCodes(_ code: String) {
        #expect(GeospatialCode(code) == nil)
    }

    @Test func parentsLevelsAndCoordinatesAreChecked() throws {
        let csv = """
            代码,名称,上级代码,层级,经度,纬度
            330106001001003,网格三,330106001001,网格,120.1551,30.2741
            330106001,西湖街道,330106,乡镇街道,,
            330106,西湖区,330000,区县,120.13,
            330106001001,某社区,330107,村,,
            330100,杭州市,,县,200,30.27
            330106002,另一街道,,,abc,30.1
            """
        let (outcomes, _) = try Self.run(.geospatial, Array(csv.utf8))
        guard case let .geospatial(grid)? = Self.accepted(outcomes[0]) else { Issue.record("grid not accepted"); return }
        #expect(grid.level == .grid && grid.parentCode == "330106001001")
        #expect(grid.coordinate == GeoCoordinate(longitude: 120.1551, latitude: 30.2741))
        #expect(Self.accepted(outcomes[1]) != nil)
        #expect(Self.problems(outcomes[2]) == [.init(column: "经度", problem: .coordinateWithoutPartner)])
        #expect(Self.problems(outcomes[3]) == [.init(column: "上级代码", problem: .notAParent(code: "330106001001"))])
        #expect(Self.problems(outcomes[4]) == [
            .init(column: "层级", problem: .levelMismatch(codeSays: .prefecture)),
            .init(column: "经度", problem: .outsideChina(.longitude)),
        ])
        #expect(Self.problems(outcomes[5]) == [.init(column: "经度", problem: .invalidCoordinate("abc"))])
    }

    // MARK: Helpers

    static let gbk企业: [UInt8] = [0xC6, 0xF3, 0xD2, 0xB5]
    static let gbk名称: [UInt8] = [0xC3, 0xFB, 0xB3, 0xC6]
    static let gbk张三: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]

    /// A credit code from its authority, type and region (8 characters) and an organization-code body (8), with
    /// both check characters computed.
    static func creditCode(_ prefix: String, _ body: String) throws -> String {
        let first17 = prefix + body + String(try #require(OrganizationCode.checkCharacter(for: body)))
        return first17 + String(try #require(UnifiedSocialCreditCode.checkCharacter(for: first17)))
    }

    static func withWrongCheckCharacter(_ identifier: String) -> String {
        String(identifier.dropLast()) + (identifier.last == "0" ? "1" : "0")
    }

    static func idNumber(_ first17: String) throws -> String {
        first17 + String(try #require(ResidentIdentityNumber.checkCharacter(for: first17)))
    }

    static func populationFile() throws -> String {
        """
        公民身份号码,姓名,性别,户籍地址
        \(try idNumber("33010619900101123")),张三,男,浙江省杭州市西湖区文三路 1 号
        \(try idNumber("11010519491231002")),欧阳·娜娜,女,北京市朝阳区
        """
    }

    static func run(_ kind: RegistryKind, _ bytes: [UInt8], chunkSize: Int? = nil) throws
        -> (outcomes: [RegistryRowOutcome], summary: RegistryImportSummary) {
        var importer = RegistryImporter(kind: kind, today: today)
        var outcomes: [RegistryRowOutcome] = []
        let size = chunkSize ?? max(bytes.count, 1)
        for start in stride(from: 0, to: bytes.count, by: size) {
            outcomes += try importer.feed(bytes[start..<min(start + size, bytes.count)])
        }
        outcomes += try importer.finish()
        return (outcomes, importer.summary)
    }

    static func accepted(_ outcome: RegistryRowOutcome) -> RegistryRow? {
        guard case let .accepted(row, _) = outcome else { return nil }
        return row
    }

    static func legalEntity(_ outcome: RegistryRowOutcome) -> LegalEntityRow? {
        guard case let .legalEntity(row)? = accepted(outcome) else { return nil }
        return row
    }

    static func problems(_ outcome: RegistryRowOutcome) -> [RegistryFieldProblem] {
        guard case let .rejected(error) = outcome else { return [] }
        return error.problems
    }
}

extension RegistryImportSummary {
    init(rowsRead: Int, blankLines: Int, accepted: Int, rejected: Int, duplicates: Int) {
        self.init()
        (self.rowsRead, self.blankLines, self.accepted, self.rejected, self.duplicates) = (rowsRead, blankLines, accepted, rejected, duplicates)
    }
}
