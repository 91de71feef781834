import Foundation
import GovCore
import Testing

@Suite("Certificate scopes: the public rendering masks every personal datum (issue 20)")
struct CertificateScopeTests {
    /// The GB 11643 example number, and a second one of the same shape.
    static let manID = "11010519491231002X"
    static let womanID = "440305199001011234"
    /// A valid 统一社会信用代码 of a company (9 市场监管, 1 企业), and the same body registered as a 个体工商户 (92).
    static let companyCode = creditCode(authority: "91")
    static let soleTraderCode = creditCode(authority: "92")

    static func creditCode(authority: String) -> String {
        let organisation = "MA5T0Q8K" + String(OrganizationCode.checkCharacter(for: "MA5T0Q8K")!)
        let first17 = authority + "990100" + organisation
        return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    static let marriage: [(label: String, value: String)] = [
        ("男方姓名", "张三丰"), ("男方公民身份号码", manID), ("女方姓名", "李四娘"), ("女方公民身份号码", womanID),
        ("预约登记日期", "2026-11-20"),
    ]

    @Test("a marriage certificate's scope names both spouses and their ID numbers, all masked in public")
    func marriage() {
        let scope = CertificateScope.issued(fields: Self.marriage, holderName: "张三丰", holderIsPerson: true, fallback: "结婚登记")
        #expect(scope.text == "男方姓名：张三丰；男方公民身份号码：\(Self.manID)；女方姓名：李四娘；女方公民身份号码：\(Self.womanID)")
        #expect(scope.personalData == [
            .init(.personName, "张三丰"), .init(.identifier, Self.manID), .init(.personName, "李四娘"), .init(.identifier, Self.womanID),
        ])
        #expect(scope.publicText == "男方姓名：张**；男方公民身份号码：110105********002X；女方姓名：李**；女方公民身份号码：440305********1234")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var fields: [String]
        var holder: String
        var person: Bool
        var expected: String
        var testDescription: String { fields.joined(separator: "；") }
    }

    @Test("issued scopes, field by field", arguments: [
        // A label that says 姓名 marks a name, whatever the name is.
        Case(fields: ["姓名：欧阳娜娜", "户籍地址：示范市江南区幸福路1号3栋502"], holder: "欧阳娜娜", person: true,
             expected: "姓名：欧***；户籍地址：示范市江南区**********"),
        // A value shaped like an ID number or a mobile number is masked though its label says nothing.
        Case(fields: ["备注：440305199001011234", "联络：13812345678"], holder: "某公司", person: false,
             expected: "备注：440305********1234；联络：138****5678"),
        // An organisation's name and its 统一社会信用代码 are public registry data and stay.
        Case(fields: ["经营者名称：示范市江南食品有限公司", "统一社会信用代码：\(CertificateScopeTests.companyCode)", "经营范围：预包装食品销售"],
             holder: "示范市江南食品有限公司", person: false,
             expected: "经营者名称：示范市江南食品有限公司；统一社会信用代码：\(CertificateScopeTests.companyCode)；经营范围：预包装食品销售"),
        // 个体工商户 (type 92) are a person's: their code is masked.
        Case(fields: ["统一社会信用代码：\(CertificateScopeTests.soleTraderCode)"], holder: "王五", person: true, expected: "统一社会信用代码：\(Mask.identifier(CertificateScopeTests.soleTraderCode))"),
        // The holder's name is masked wherever a person's scope repeats it.
        Case(fields: ["项目名称：王小明家庭农场"], holder: "王小明", person: true, expected: "项目名称：王**家庭农场"),
        // A 19-digit certificate number is not an ID number.
        Case(fields: ["原证编号：9901002026001000001"], holder: "某公司", person: false, expected: "原证编号：9901002026001000001"),
        // A first-generation 15-digit number, lower-case x, and a legal representative.
        Case(fields: ["法定代表人：赵六", "身份证：110105491231002", "证件号码：11010519491231002x"], holder: "某公司", person: false,
             expected: "法定代表人：赵*；身份证：110105*****1002；证件号码：110105********002x"),
    ])
    func issued(_ example: Case) {
        let fields = example.fields.map { field in
            let parts = field.components(separatedBy: "：")
            return (label: parts[0], value: parts[1])
        }
        let scope = CertificateScope.issued(fields: fields, holderName: example.holder, holderIsPerson: example.person, fallback: "—")
        #expect(scope.publicText == example.expected)
    }

    @Test("rows issued before structured scopes: the same public text, derived from their wording")
    func derived() {
        let text = "男方姓名：张三丰；男方公民身份号码：\(Self.manID)；女方姓名：李四娘；女方公民身份号码：\(Self.womanID)"
        let scope = CertificateScope.derived(fromText: text, holderName: "张三丰", holderIsPerson: true)
        #expect(scope.publicText == "男方姓名：张**；男方公民身份号码：110105********002X；女方姓名：李**；女方公民身份号码：440305********1234")
        // Free wording without labels: the shapes are still found, and the holder's name.
        let free = CertificateScope.derived(fromText: "准予张三丰(手机13912345678)登记，证号\(Self.womanID)", holderName: "张三丰", holderIsPerson: true)
        #expect(free.publicText == "准予张**(手机139****5678)登记，证号440305********1234")
    }

    @Test("the empty form falls back to the matter's name; the scope is cut at the codec's limit")
    func fallbackAndLimit() {
        #expect(CertificateScope.issued(fields: [], holderName: "张三", holderIsPerson: true, fallback: "结婚登记").publicText == "结婚登记")
        let long = CertificateScope.issued(
            fields: [("经营范围", String(repeating: "食", count: 500))], holderName: "某公司", holderIsPerson: false, fallback: "—")
        #expect(long.text.count == CertificateCodec.maximumScopeLength)
    }

    @Test("the holder is a person unless the identifier is an organisation's credit code")
    func holderKind() {
        #expect(CertificateScope.holderIsPerson(identifier: Self.manID))
        #expect(!CertificateScope.holderIsPerson(identifier: Self.companyCode))
        #expect(CertificateScope.holderIsPerson(identifier: Self.soleTraderCode))
        #expect(CertificateScope.holderIsPerson(identifier: "anything else"))
    }

    @Test("the public view masks the holder of a person's certificate and shows an organisation's name")
    func publicView() {
        let payload = CertificatePayload(
            number: "9901002026101000001", title: "结婚证", holderName: "张三丰", holderIdentifier: Mask.identifier(Self.manID),
            scope: "男方姓名：张三丰；男方公民身份号码：\(Self.manID)", validFrom: CivilDate("2026-11-20")!, validUntil: nil,
            issuer: "示范市民政局", issuedOn: CivilDate("2026-11-20")!, keyID: "k1")
        let shown = PublicCertificate(payload: payload)
        #expect(shown.holderName == "张**" && shown.holderIdentifier == "110105********002X")
        #expect(shown.scope == "男方姓名：张**；男方公民身份号码：110105********002X")
        var company = payload
        company.holderName = "示范市江南食品有限公司"
        company.holderIdentifier = Self.companyCode
        company.scope = "经营范围：预包装食品销售"
        let shownCompany = PublicCertificate(payload: company)
        #expect(shownCompany.holderName == "示范市江南食品有限公司" && shownCompany.holderIdentifier == Mask.identifier(Self.companyCode))
    }

    @Test("check codes: eight unambiguous characters, compared ignoring case, spaces and the printed hyphen")
    func checkCodes() {
        var generator = SystemRandomNumberGenerator()
        let codes = (0..<200).map { _ in CertificateCheckCode.generate(using: &generator) }
        #expect(codes.allSatisfy { $0.count == 8 && $0.allSatisfy(QueryCode.alphabet.contains) })
        #expect(Set(codes).count > 190)
        #expect(CertificateCheckCode.printed("ABCDEFGH") == "ABCD-EFGH")
        #expect(CertificateCheckCode.matches("abcd-efgh", "ABCDEFGH"))
        #expect(CertificateCheckCode.matches(" ABCD EFGH ", "ABCDEFGH"))
        #expect(!CertificateCheckCode.matches("ABCDEFGX", "ABCDEFGH"))
        #expect(!CertificateCheckCode.matches("", "ABCDEFGH"))
        #expect(!CertificateCheckCode.matches("ABCDEFGH", ""))
    }

    @Test("a payload without a check code signs the same bytes as before the field existed")
    func oldPayloadsKeepTheirBytes() throws {
        let bytes = try CertificateCodec.signedBytes(of: CertificatePayloadTests.payload)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("checkCode"))
    }
}
