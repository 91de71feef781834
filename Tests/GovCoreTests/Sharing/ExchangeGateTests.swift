import Foundation
@testable import GovCore
import Testing

/// The gateway's rule, case by case: what each sharing class lets through, and why a call is refused.
@Suite("Exchange gate")
struct ExchangeGateTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let fields = ["id_number", "name", "birth_date", "household_address"]
    static let caller = "/city/civil/"

    static func call(purpose: String? = "subsidy-review", issue: String? = "DB2026-001", user: String? = "clerk-7", fields: [String]? = nil, unit: String = caller) -> ExchangeCall {
        ExchangeCall(callerUnitPath: unit, purposeCode: purpose, issue: issue, endUser: user, fields: fields)
    }

    static func resource(_ sharingClass: SharingClass, scope: [String] = []) -> GateResource {
        GateResource(sharingClass: sharingClass, fieldNames: fields, scopePaths: scope)
    }

    static func grant(fields: [String] = ["name", "birth_date"], purpose: String = "subsidy-review", until: Date = now.addingTimeInterval(86_400),
                      revoked: Date? = nil, unit: String = caller) -> SharingGrantTerms {
        SharingGrantTerms(unitPath: unit, fields: fields, purposeCode: purpose, validUntil: until, revokedAt: revoked)
    }

    @Test("an unconditional resource is served to any unit in scope, with every field or those asked for")
    func unconditional() {
        #expect(ExchangeGate.decide(Self.call(), resource: Self.resource(.unconditional), grants: [], at: Self.now) == .served(fields: Self.fields, grantIndex: nil))
        #expect(ExchangeGate.decide(Self.call(fields: ["name"]), resource: Self.resource(.unconditional), grants: [], at: Self.now)
            == .served(fields: ["name"], grantIndex: nil))
        #expect(ExchangeGate.decide(Self.call(), resource: Self.resource(.unconditional, scope: ["/city/police/"]), grants: [], at: Self.now) == .refused(.outOfScope))
        #expect(ExchangeGate.decide(Self.call(unit: "/city/civil/office/"), resource: Self.resource(.unconditional, scope: ["/city/civil/"]), grants: [], at: Self.now)
            == .served(fields: Self.fields, grantIndex: nil))
    }

    @Test("a conditional resource: refused without a grant, served with one, limited to the granted fields")
    func conditional() {
        let resource = Self.resource(.conditional)
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [], at: Self.now) == .refused(.noGrant))
        // Another unit's grant is no grant for this caller.
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [Self.grant(unit: "/city/labour/")], at: Self.now) == .refused(.noGrant))
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [Self.grant()], at: Self.now) == .served(fields: ["name", "birth_date"], grantIndex: 0))
        #expect(ExchangeGate.decide(Self.call(fields: ["birth_date"]), resource: resource, grants: [Self.grant()], at: Self.now)
            == .served(fields: ["birth_date"], grantIndex: 0))
        #expect(ExchangeGate.decide(Self.call(fields: ["name", "household_address"]), resource: resource, grants: [Self.grant()], at: Self.now)
            == .refused(.fieldNotGranted))
        #expect(ExchangeGate.decide(Self.call(fields: ["salary"]), resource: resource, grants: [Self.grant()], at: Self.now) == .refused(.unknownField))
        #expect(ExchangeGate.decide(Self.call(purpose: "marketing"), resource: resource, grants: [Self.grant()], at: Self.now) == .refused(.purposeNotGranted))
    }

    @Test("a grant stops at its expiry and at its revocation")
    func expiryAndRevocation() {
        let resource = Self.resource(.conditional)
        let grant = Self.grant(until: Self.now)
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [grant], at: Self.now.addingTimeInterval(-1)) == .served(fields: ["name", "birth_date"], grantIndex: 0))
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [grant], at: Self.now) == .refused(.grantExpired))
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [Self.grant(revoked: Self.now.addingTimeInterval(-60))], at: Self.now)
            == .refused(.grantRevoked))
        // A second, active grant for the purpose still serves.
        #expect(ExchangeGate.decide(Self.call(), resource: resource, grants: [Self.grant(revoked: Self.now), Self.grant(fields: ["name"])], at: Self.now)
            == .served(fields: ["name"], grantIndex: 1))
    }

    @Test("a not-shared resource is refused whatever the grants; every call states purpose, matter and end user")
    func notSharedAndHeaders() {
        #expect(ExchangeGate.decide(Self.call(), resource: Self.resource(.notShared), grants: [Self.grant()], at: Self.now) == .refused(.notShared))
        #expect(ExchangeGate.decide(Self.call(purpose: nil), resource: Self.resource(.unconditional), grants: [], at: Self.now) == .refused(.missingPurpose))
        #expect(ExchangeGate.decide(Self.call(issue: ""), resource: Self.resource(.unconditional), grants: [], at: Self.now) == .refused(.missingIssue))
        #expect(ExchangeGate.decide(Self.call(user: nil), resource: Self.resource(.unconditional), grants: [], at: Self.now) == .refused(.missingEndUser))
    }

    @Test("each refusal has a message in both languages")
    func messages() {
        for refusal in ExchangeRefusal.allCases {
            #expect(!refusal.message(in: .zhHans).isEmpty && refusal.message(in: .zhHans) != refusal.message(in: .en))
        }
    }

    @Test("the access record's hash covers every field")
    func canonicalEncoding() {
        let record = ExchangeAccessRecord(
            sequence: 1, occurredAt: Self.now, callerUnitID: "u", clientName: "c", resourceCode: "R", fields: ["a", "b"], purposeCode: "p", issue: "i",
            endUser: "e", subjectDigest: "d", outcome: "served", resultCount: 1, previousHash: AuditChain.genesisHash)
        var other = record
        other.resultCount = 2
        #expect(other.canonicalEncoding != record.canonicalEncoding)
        other = record
        other.issue = nil
        #expect(other.canonicalEncoding != record.canonicalEncoding)
    }
}

@Suite("Sharing rules")
struct SharingRulesTests {
    static let resource = SharingResourceDefinition(
        code: "990100-GA-0001", name: "人口基本信息", description: "d",
        fields: ExchangeGateTests.fields.map { ResourceField(name: $0, title: $0, type: .string) }, subjectField: "id_number",
        sharingClass: .conditional, legalBasis: nil, frequency: .daily, provision: .exchange)

    @Test("a request names known fields, a purpose code, a purpose, a basis and 1–366 days")
    func validate() throws {
        let application = try SharingRules.validate(fields: ["birth_date", "NAME", "name"], purposeCode: "Subsidy-Review", purpose: "核对", legalBasis: "《社会救助暂行办法》",
                                                    days: "90", for: Self.resource)
        #expect(application.fields == ["name", "birth_date"])
        #expect(application.purposeCode == "subsidy-review")
        #expect(throws: FieldErrors.self) { try SharingRules.validate(fields: ["salary"], purposeCode: "x1", purpose: "p", legalBasis: "b", days: "90", for: Self.resource) }
        #expect(throws: FieldErrors.self) { try SharingRules.validate(fields: ["name"], purposeCode: "1x", purpose: "p", legalBasis: "b", days: "90", for: Self.resource) }
        #expect(throws: FieldErrors.self) { try SharingRules.validate(fields: ["name"], purposeCode: "ok", purpose: "", legalBasis: "b", days: "90", for: Self.resource) }
        #expect(throws: FieldErrors.self) { try SharingRules.validate(fields: ["name"], purposeCode: "ok", purpose: "p", legalBasis: "b", days: "367", for: Self.resource) }
        var open = Self.resource
        open.sharingClass = .unconditional
        #expect(throws: FieldErrors.self) { try SharingRules.validate(fields: ["name"], purposeCode: "ok", purpose: "p", legalBasis: "b", days: "9", for: open) }
        #expect(SharingRules.initialState(for: .notShared) == .challenged)
        #expect(SharingRules.initialState(for: .conditional) == .pending)
    }

    @Test("a provider grants a subset of the fields for at most the days asked; 90 days from 1 December end on 28 February")
    func grant() throws {
        let asked = SharingApplication(fields: ["name", "birth_date", "household_address"], purposeCode: "ok", purpose: "p", legalBasis: "b", days: 90)
        let terms = try SharingRules.grantTerms(asked: asked, fields: ["name", "birth_date"], days: "90")
        #expect(terms.fields == ["name", "birth_date"] && terms.days == 90)
        #expect(throws: FieldErrors.self) { try SharingRules.grantTerms(asked: asked, fields: ["id_number"], days: "90") }
        #expect(throws: FieldErrors.self) { try SharingRules.grantTerms(asked: asked, fields: ["name"], days: "91") }
        #expect(throws: FieldErrors.self) { try SharingRules.grantTerms(asked: asked, fields: [], days: "30") }
        let granted = CivilDate(year: 2026, month: 12, day: 1)!.startInBeijing.addingTimeInterval(10 * 3600)
        #expect(SharingRules.grantEnd(from: granted, days: 90) == CivilDate(year: 2027, month: 3, day: 1)!.startInBeijing)
    }

    @Test("reasons are required and bounded, and each problem says which")
    func reasons() throws {
        #expect(try SharingRules.reasons("  涉及未成年人  ") == "涉及未成年人")
        do {
            _ = try SharingRules.reasons(" ")
            Issue.record("blank reasons were accepted")
        } catch {
            #expect(error.messages(in: .zhHans)["reason"] == SharingProblem.reasonRequired.message(in: .zhHans))
        }
        do {
            _ = try SharingRules.reasons(String(repeating: "理", count: 2001))
            Issue.record("over-long reasons were accepted")
        } catch {
            #expect(error.messages(in: .zhHans)["reason"] == FieldProblem.tooLong(max: 2000).message(in: .zhHans))
        }
    }

    @Test("a resource's fields are typed one per line; a not-shared one must cite its legal basis")
    func resourceDraft() throws {
        let fields = try ResourceField.parseList("id_number, 公民身份号码, string, 18, , 是, 否\n\nname, 姓名, string")
        #expect(fields.map(\.name) == ["id_number", "name"] && fields[0].personal && fields[0].length == 18)
        #expect(ResourceField.listText(fields).contains("id_number, 公民身份号码, string, 18"))
        #expect(throws: SharingProblem.fieldLine(1, .fieldType)) { try ResourceField.parseList("name, 姓名, text") }
        #expect(throws: SharingProblem.fieldLine(1, .fieldName)) { try ResourceField.parseList("Name!, 姓名, string") }
        #expect(throws: SharingProblem.duplicateField("name")) { try ResourceField.parseList("name, a, string\nname, b, string") }
        var draft = ResourceDraft(code: "990100-ga-0002", name: "违法犯罪记录", description: "d", fieldList: "id_number, 号码, string", subjectField: "id_number",
                                  sharingClass: "not_shared", legalBasis: " ", frequency: "irregular", provision: "exchange")
        do {
            _ = try draft.validated()
            Issue.record("a not-shared resource without a legal basis was accepted")
        } catch {
            #expect(error.messages(in: .zhHans)["legal_basis"] != nil)
        }
        draft.legalBasis = "《公安机关办理犯罪记录查询工作规定》"
        let definition = try draft.validated()
        #expect(definition.code == "990100-GA-0002" && definition.sharingClass == .notShared)
        draft.subjectField = "nobody"
        #expect(throws: FieldErrors.self) { try draft.validated() }
    }
}
