import Fluent
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// Issue 6's "done means", through the pages and the API: civil affairs asks for the population resource, public security
/// grants two fields for 90 days, civil affairs' system queries them, and both the provider and the citizen see the call.
@Suite("Sharing through the web")
struct SharingFlowTests {
    static let population = "990100-GA-0001"

    static func pendingRequest(_ test: TestApp) async throws -> SharingRequestRecord {
        try #require(try await SharingRequestRecord.query(on: test.app.db).filter(\.$state == "pending").first())
    }

    static func token(_ test: TestApp, unit name: String, scopes: [String]) async throws -> String {
        let unit = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == name).first())
        return try await IdentityStore.issueToken(name: "低保审核系统", scopes: scopes, unitID: unit.id, createdBy: nil, now: test.clock.now,
                                                  expiresAt: nil, on: test.app.db).secret
    }

    static func exchange(_ browser: TestBrowser, _ path: String, token: String, purpose: String? = "subsidy-review") async throws -> BrowserResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.add(name: .accept, value: "application/json")
        if let purpose { headers.add(name: "X-GovHall-Purpose", value: purpose) }
        headers.add(name: "X-GovHall-Issue", value: "DB2026-0042")
        headers.add(name: "X-GovHall-User", value: "经办人 冯雪")
        return try await browser.get(path, headers: headers)
    }

    @Test("request, grant two fields for 90 days, query through the API, seen by the provider and by the citizen")
    func demoJourney() async throws {
        try await withTestApp { test in
            let provider = TestBrowser(test.app)
            _ = try await provider.signIn("steward-ps", test.passwords["steward-ps"]!)
            let home = try await provider.get("/workbench/sharing")
            #expect(home.status == .ok && home.text.contains("人口基本信息"))
            let request = try await Self.pendingRequest(test)
            let requestPath = "/workbench/sharing/requests/\(try request.requireID().uuidString.lowercased())"
            #expect(home.text.contains(requestPath))

            let answerPage = try await provider.get(requestPath)
            #expect(answerPage.status == .ok && answerPage.text.contains("/actions/approve") && answerPage.text.contains("/actions/refuse"))
            // Granting a field not asked for is refused and changes nothing.
            let wrong = try await provider.post(requestPath + "/actions/approve", form: [("fields[]", "phone"), ("days", "90"), ("version", String(request.version))])
            #expect(wrong.status == .badRequest && wrong.text.contains("只能同意申请中列出的信息项"))
            let granted = try await provider.post(requestPath + "/actions/approve", form: [
                ("fields[]", "name"), ("fields[]", "household_address"), ("days", "90"), ("conditions", "仅用于低保审核"), ("version", String(request.version)),
            ])
            #expect(granted.status == .seeOther)
            let page = try await provider.get(requestPath)
            #expect(page.text.contains("已同意") && page.text.contains("name, household_address"))

            let token = try await Self.token(test, unit: "示范市民政局", scopes: ["exchange:query"])
            let system = TestBrowser(test.app)
            let subject = DemoCity.demoResidentID
            let answer = try await Self.exchange(system, "/api/v1/exchange/\(Self.population)?subject=\(subject)", token: token)
            #expect(answer.status == .ok)
            let body = try JSONDecoder().decode(SharingAPIController.ExchangeResult.self, from: Data(answer.text.utf8))
            #expect(body.fields == ["name", "household_address"])
            #expect(body.records == [["name": "张伟", "household_address": "示范市江南区江南街道文化路 12 号"]])
            // A field not granted, a missing purpose: refused with a reason, and logged.
            let refused = try await Self.exchange(system, "/api/v1/exchange/\(Self.population)?subject=\(subject)&fields=birth_date", token: token)
            #expect(refused.status == .forbidden && refused.text.contains("未获授权"))
            let noPurpose = try await Self.exchange(system, "/api/v1/exchange/\(Self.population)?subject=\(subject)", token: token, purpose: nil)
            #expect(noPurpose.status == .badRequest)
            #expect(try await Self.exchange(system, "/api/v1/exchange/NOPE?subject=1", token: token).status == .notFound)
            // A resource queried record by record is not handed over as a file.
            let notFile = try await Self.exchange(system, "/api/v1/exchange/\(Self.population)/file", token: token)
            #expect(notFile.status == .badRequest && notFile.text.contains("不提供文件"))
            // A token without the scope is no exchange client.
            let other = try await Self.token(test, unit: "示范市民政局", scopes: ["org:read"])
            #expect(try await Self.exchange(system, "/api/v1/exchange/\(Self.population)?subject=\(subject)", token: other).status == .forbidden)

            let access = try await provider.get("/workbench/sharing/access")
            #expect(access.status == .ok && access.text.contains("DB2026-0042") && access.text.contains("示范市民政局"))
            #expect(!access.text.contains(subject), "the provider's page shows the subject masked")

            let citizen = TestBrowser(test.app)
            _ = try await citizen.signIn("citizen", test.passwords["citizen"]!)
            let tracker = try await citizen.get("/my/data-access")
            #expect(tracker.status == .ok && tracker.text.contains("示范市民政局") && tracker.text.contains("subsidy-review") && tracker.text.contains("DB2026-0042"))
            // Refused calls returned nothing about the citizen, so the tracker lists served calls only.
            #expect(!tracker.text.contains("未获授权"))

            let auditor = TestBrowser(test.app)
            _ = try await auditor.signIn("supervisor", test.passwords["supervisor"]!)
            let log = try await auditor.get("/supervision/exchange?outcome=field_not_granted")
            #expect(log.status == .ok && log.text.contains("哈希链完整") && log.text.contains("birth_date"))
            #expect(try await auditor.get("/supervision/exchange?from=2026-13-01").status == .badRequest)
        }
    }

    @Test("a steward registers a resource; a bad field list is told and nothing is stored")
    func registerResource() async throws {
        try await withTestApp { test in
            let steward = TestBrowser(test.app)
            _ = try await steward.signIn("steward-ca", test.passwords["steward-ca"]!)
            let count = try await SharingResourceRecord.query(on: test.app.db).count()
            let bad = try await steward.post("/workbench/sharing/resources", form: [
                ("code", "990100-MZ-0001"), ("name", "低保对象名单"), ("description", "享受最低生活保障的家庭"), ("fields", "id_number, 号码, text"),
                ("sharing_class", "conditional"), ("frequency", "monthly"), ("provision", "exchange"),
            ])
            #expect(bad.status == .badRequest && bad.text.contains("第 1 行类型应为"))
            #expect(try await SharingResourceRecord.query(on: test.app.db).count() == count)
            let notShared = try await steward.post("/workbench/sharing/resources", form: [
                ("code", "990100-MZ-0001"), ("name", "低保对象名单"), ("description", "d"), ("fields", "id_number, 号码, string"),
                ("sharing_class", "not_shared"), ("frequency", "monthly"), ("provision", "exchange"),
            ])
            #expect(notShared.status == .badRequest && notShared.text.contains("不予共享的资源须注明"))
            let fromRegistry = try await steward.post("/workbench/sharing/resources", form: [
                ("code", "990100-MZ-0002"), ("name", "法人摘要"), ("description", "d"), ("fields", "uscc, 代码, string\nsalary, 工资, decimal"),
                ("subject_field", "uscc"), ("sharing_class", "conditional"), ("frequency", "daily"), ("provision", "exchange"), ("source", "registry:legal_entity"),
            ])
            #expect(fromRegistry.status == .badRequest && fromRegistry.text.contains("资源中没有信息项“salary”"))
            let good = try await steward.post("/workbench/sharing/resources", form: [
                ("code", "990100-mz-0001"), ("name", "低保对象名单"), ("description", "享受最低生活保障的家庭"),
                ("fields", "id_number, 公民身份号码, string, 18, , 是, 否\nallowance, 月保障金额, decimal, , 元, 否, 是"), ("subject_field", "id_number"),
                ("sharing_class", "conditional"), ("frequency", "monthly"), ("provision", "exchange"),
            ])
            #expect(good.status == .seeOther)
            let record = try #require(try await SharingStore.resource(code: "990100-MZ-0001", on: test.app.db))
            #expect(record.fields.map(\.name) == ["id_number", "allowance"])
            let editPath = "/workbench/sharing/resources/\(try record.requireID().uuidString.lowercased())/edit"
            let editPage = try await steward.get(editPath)
            #expect(editPage.status == .ok && editPage.text.contains("allowance, 月保障金额, decimal"))
            let edited: [(String, String)] = [
                ("code", "990100-MZ-0001"), ("name", "低保对象名单（城乡）"), ("description", "享受最低生活保障的家庭"),
                ("fields", "id_number, 公民身份号码, string, 18, , 是, 否\nallowance, 月保障金额, decimal, , 元, 否, 是"), ("subject_field", "id_number"),
                ("sharing_class", "conditional"), ("frequency", "monthly"), ("provision", "exchange"),
            ]
            #expect(try await steward.post(editPath, form: edited + [("version", "1")]).status == .seeOther)
            let stale = try await steward.post(editPath, form: edited + [("version", "1")])
            #expect(stale.status == .badRequest && stale.text.contains("已被他人修改"))
            #expect(try await SharingStore.resource(code: "990100-MZ-0001", on: test.app.db)?.name == "低保对象名单（城乡）")
            let police = TestBrowser(test.app)
            _ = try await police.signIn("steward-ps", test.passwords["steward-ps"]!)
            #expect(try await police.get(editPath).status == .forbidden)
            let again = try await steward.post("/workbench/sharing/resources", form: [
                ("code", "990100-MZ-0001"), ("name", "x"), ("description", "x"), ("fields", "a, b, string"), ("sharing_class", "unconditional"),
                ("frequency", "monthly"), ("provision", "exchange"),
            ])
            #expect(again.status == .badRequest && again.text.contains("该资源代码已被使用"))
            // The request forms: a conditional resource asks for fields; a not-shared one is a challenge; a bad form is told.
            let population = try #require(try await SharingStore.resource(code: "990100-GA-0001", on: test.app.db))
            let requestPath = "/workbench/sharing/resources/\(try population.requireID().uuidString.lowercased())/request"
            let requestForm = try await steward.get(requestPath)
            #expect(requestForm.status == .ok && requestForm.text.contains("household_address"))
            let badRequest = try await steward.post(requestPath, form: [("fields[]", "name"), ("purpose_code", "Bad Code"), ("purpose", "p"), ("legal_basis", "b"), ("days", "30")])
            #expect(badRequest.status == .badRequest && badRequest.text.contains("用途代码为"))
            let filed = try await steward.post(requestPath, form: [("fields[]", "name"), ("purpose_code", "check-1"), ("purpose", "核对"), ("legal_basis", "依据"), ("days", "30")])
            #expect(filed.status == .seeOther)
            let filedPage = try await steward.get(try #require(filed.headers.first(name: .location)))
            #expect(filedPage.status == .ok && filedPage.text.contains("待提供方答复"))
            let crimes = try #require(try await SharingStore.resource(code: "990100-GA-0002", on: test.app.db))
            let challenge = try await steward.get("/workbench/sharing/resources/\(try crimes.requireID().uuidString.lowercased())/request")
            #expect(challenge.status == .ok && challenge.text.contains("提出分类异议"))
            let challenged = try await steward.post("/workbench/sharing/resources/\(try crimes.requireID().uuidString.lowercased())/request",
                                                    form: [("fields[]", "record"), ("purpose_code", "check-2"), ("purpose", "核对"), ("legal_basis", "依据"), ("days", "30")])
            let bureau = TestBrowser(test.app)
            _ = try await bureau.signIn("steward", test.passwords["steward"]!)
            let bureauPage = try await bureau.get(try #require(challenged.headers.first(name: .location)))
            #expect(bureauPage.status == .ok && bureauPage.text.contains("/actions/reclassify") && bureauPage.text.contains("/actions/uphold"))
            // Someone else's steward cannot answer this unit's requests.
            let request = try await SharingFlowTests.pendingRequest(test)
            let other = try await steward.post("/workbench/sharing/requests/\(try request.requireID().uuidString.lowercased())/actions/refuse",
                                               form: [("reason", "不行")])
            #expect(other.status == .forbidden)
        }
    }

    @Test("the catalog as DCAT-AP JSON-LD and as CSV, for government callers only")
    func catalogExports() async throws {
        try await withTestApp { test in
            let token = try await Self.token(test, unit: "示范市民政局", scopes: ["exchange:query"])
            let system = TestBrowser(test.app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let dcat = try await system.get("/api/v1/sharing/catalog", headers: headers)
            #expect(dcat.status == .ok && dcat.headers.contentType?.subType == "ld+json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(dcat.text.utf8)) as? [String: Any])
            #expect(document["@type"] as? String == "dcat:Catalog")
            let datasets = try #require(document["dcat:dataset"] as? [[String: Any]])
            let population = try #require(datasets.first { $0["dct:identifier"] as? String == Self.population })
            #expect((population["dct:accessRights"] as? [String: String])?["@id"]?.hasSuffix("RESTRICTED") == true)
            let csv = try await system.get("/api/v1/sharing/catalog.csv", headers: headers)
            #expect(csv.status == .ok && csv.text.contains("990100-GA-0001,人口基本信息"))
            #expect(try await TestBrowser(test.app).get("/api/v1/sharing/catalog", headers: ["Accept": "application/json"]).status == .unauthorized)
            let citizen = TestBrowser(test.app)
            _ = try await citizen.signIn("citizen", test.passwords["citizen"]!)
            #expect(try await citizen.get("/api/v1/sharing/catalog").status == .forbidden)
        }
    }
}

/// One collection, many uses: an enterprise's application form filled from the legal entity registry through the exchange.
@Suite("Pre-filling from the registry")
struct RegistryPrefillTests {
    @Test("an enterprise's food business application is pre-filled, the call is logged, and the enterprise sees it")
    func prefill() async throws {
        try await withTestApp { test in
            let matter = try #require(try await MatterStore.list(on: test.app.db).first { $0.nameZh == "食品经营许可" })
            let before = try await ExchangeAccessEntry.query(on: test.app.db).count()
            let enterprise = TestBrowser(test.app)
            _ = try await enterprise.signIn("enterprise", test.passwords["enterprise"]!)
            let page = try await enterprise.get("/services/\(matter.code)/apply")
            #expect(page.status == .ok)
            #expect(page.text.contains("value=\"示范市江南食品有限公司\"") && page.text.contains("value=\"\(DemoCity.demoEnterpriseCode)\""))
            #expect(page.text.contains("990100-SJ-0001"))
            let lines = try await ExchangeAccessEntry.query(on: test.app.db).filter(\.$id > before).all()
            #expect(lines.count == 1 && lines[0].purposeCode == "approval-prefill" && lines[0].outcome == "served" && lines[0].clientName == "网上审批大厅")
            let tracker = try await enterprise.get("/my/data-access")
            #expect(tracker.text.contains("approval-prefill") && tracker.text.contains("示范市市场监督管理局"))

            // A citizen's form is not touched, and nothing is logged for them.
            let citizen = TestBrowser(test.app)
            _ = try await citizen.signIn("citizen", test.passwords["citizen"]!)
            _ = try await citizen.get("/services/\(matter.code)/apply")
            #expect(try await ExchangeAccessEntry.query(on: test.app.db).count() == before + 1)
        }
    }

    @Test("the mapping fills only the form's own fields and never overwrites what is there")
    func mapping() {
        let entry = ["name": "示范市江南食品有限公司", "uscc": "91X", "legal_representative": "李明", "address": "滨江路 88 号"]
        #expect(RegistryPrefill.registryFields(for: ["business_name", "credit_code", "premises"]) == ["name", "uscc"])
        #expect(RegistryPrefill.values(from: entry, formFields: ["business_name", "credit_code", "premises"], filled: ["credit_code": "typed"])
            == ["business_name": "示范市江南食品有限公司"])
    }
}
