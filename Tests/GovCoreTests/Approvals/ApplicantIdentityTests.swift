import Foundation
import Testing
@testable import GovCore

/// Issue 20, item 9: an applicant filed a matter online with someone else's name and ID number typed into the form.
@Suite struct ApplicantIdentityTests {
    static let definition = MatterDefinition(
        code: try! MatterCode("11990100041000090A2001004001"), nameZh: "失业登记", nameEn: "Unemployment registration",
        kind: .publicService, legalBasisZh: "《就业服务与就业管理规定》", legalBasisEn: "Employment Services Provisions",
        conditionsZh: "", conditionsEn: "", audiences: [.citizen, .enterprise], lifeEvents: [], materials: [],
        fees: .free, statutoryDays: 5, promisedDays: 3, isOnTheSpot: false, steps: [], onlineDepth: .fullyOnline,
        windowZh: "", windowEn: "", hoursZh: "", hoursEn: "", phone: "", result: nil,
        form: FormSchema(fields: [
            FormField(name: "name", labelZh: "姓名", labelEn: "Name", type: .text(maxLength: 50), applicantDatum: .personName),
            FormField(name: "id_number", labelZh: "公民身份号码", labelEn: "ID number", type: .text(maxLength: 18), applicantDatum: .residentID),
            FormField(name: "credit_code", labelZh: "统一社会信用代码", labelEn: "Credit code", type: .text(maxLength: 18), required: false,
                      applicantDatum: .creditCode),
            FormField(name: "note", labelZh: "说明", labelEn: "Note", type: .text(maxLength: 50), required: false),
        ]))
    static let citizen = AccountIdentity(kind: .citizen, name: "张伟", identifier: "11010519491231002X")
    static let enterprise = AccountIdentity(kind: .enterprise, name: "示范科技有限公司", identifier: "91990100MA5T00001X")
    static let today = CivilDate(year: 2026, month: 12, day: 7)!

    static func check(_ form: [String: String], channel: ApplicationChannel = .online, as applicant: AccountIdentity?) -> Result<[String: String], FieldErrors> {
        ApplicationRules.check(definition, form: form, uploadedKeys: [], channel: channel, today: today, applicant: applicant)
    }

    static func refusedFields(_ result: Result<[String: String], FieldErrors>) -> Set<String> {
        guard case let .failure(errors) = result else { return [] }
        return Set(errors.entries.filter { ($0.failure as? ApplicationProblem).map { if case .notYourOwn = $0 { true } else { false } } ?? false }.map(\.field))
    }

    /// (typed name, typed ID, fields refused)
    static let typed: [(String, String, Set<String>)] = [
        ("", "", []),
        ("张伟", "11010519491231002X", []),
        (" 张伟 ", "11010519491231002x", []),           // the check character's case, spaces around
        ("王小明", "", ["name"]),
        ("", "110101199003074578", ["id_number"]),
        ("王小明", "110101199003074578", ["name", "id_number"]),
        ("张伟", "11010519491231002X ", []),
        ("张 伟", "", ["name"]),
    ]

    @Test(arguments: typed)
    func onlineCitizenFilesOnlyInOwnName(name: String, id: String, refused: Set<String>) {
        let result = Self.check(["name": name, "id_number": id, "note": "x"], as: Self.citizen)
        #expect(Self.refusedFields(result) == refused)
        if refused.isEmpty, case let .success(values) = result {
            #expect(values["name"] == "张伟" && values["id_number"] == "11010519491231002X" && values["note"] == "x")
        } else {
            #expect(refused.isEmpty == false, "\(result)")
        }
    }

    @Test func theMessageSaysWhyInBothLanguages() {
        let problem = ApplicationProblem.notYourOwn(.residentID)
        #expect(problem.message(in: .zhHans).contains("本人"))
        #expect(problem.message(in: .en).contains("your own name"))
    }

    @Test func atTheWindowTheClerkTypesThem() {
        let result = Self.check(["name": "王小明", "id_number": "110101199003074578"], channel: .window, as: Self.citizen)
        #expect((try? result.get())?["name"] == "王小明")
        #expect((try? Self.check(["name": "王小明", "id_number": "110101199003074578"], channel: .window, as: nil).get())?["id_number"] == "110101199003074578")
    }

    @Test func anEnterpriseIsBoundToItsOwnCreditCodeOnly() {
        #expect(Self.refusedFields(Self.check(["name": "王小明", "id_number": "110101199003074578", "credit_code": "91990100MA5T00009P"], as: Self.enterprise)) == ["credit_code"])
        let values = try? Self.check(["name": "王小明", "id_number": "110101199003074578"], as: Self.enterprise).get()
        #expect(values?["credit_code"] == "91990100MA5T00001X" && values?["name"] == "王小明")
        #expect(Self.enterprise.value(of: .residentID) == nil && Self.citizen.value(of: .creditCode) == nil)
    }

    @Test func aBindingSurvivesTheSchemaStoredAsJSON() throws {
        let encoded = try JSONEncoder().encode(Self.definition.form)
        let decoded = try JSONDecoder().decode(FormSchema.self, from: encoded)
        #expect(decoded.fields.map(\.applicantDatum) == [.personName, .residentID, .creditCode, nil])
        // A schema stored before bindings existed reads as unbound.
        let old = #"{"fields":[{"name":"name","labelZh":"姓名","labelEn":"Name","type":{"text":{"maxLength":50}},"required":true}]}"#
        #expect(try JSONDecoder().decode(FormSchema.self, from: Data(old.utf8)).fields.first?.applicantDatum == nil)
    }
}
