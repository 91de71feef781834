import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Approval hall over HTTP: the catalogue, its editors, joint applications")
struct CatalogAndBundleTests {
    @Test("the catalogue searches in Chinese and English, filters by theme, and prints blank and sample forms")
    func catalogue() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let anyone = TestBrowser(test.app)
            #expect(try await anyone.get("/services?q=" + TestBrowser.encode("测试经营")).text.contains(code))
            #expect(try await anyone.get("/services?event=starting-business").text.contains(code))
            #expect(try await !anyone.get("/services?event=marriage").text.contains(code))
            #expect(try await !anyone.get("/services?q=" + TestBrowser.encode("不存在的事项")).text.contains(code))
            let blank = try await anyone.get("/services/\(code)/forms/blank")
            #expect(blank.status == .ok && blank.text.contains("经营者名称") && !blank.text.contains("示例内容"))
            let sample = try await anyone.get("/services/\(code)/forms/sample")
            #expect(sample.status == .ok && sample.text.contains("示例内容") && sample.text.contains(DemoCity.demoResidentID))
            #expect(try await anyone.get("/services/\(code)/forms/other").status == .notFound)
            try await anyone.get("/language/en?return=/")
            #expect(try await anyone.get("/services?q=test+business").text.contains("Test business licence"))
        }
    }

    @Test("a department head edits its own matters; the new version does not change cases filed under the old one")
    func editing() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let healthCode = try await ApprovalFixtures.publish(on: test.app, department: "示范市卫生健康委员会", main: "99902")
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(citizen, code: code)
            let head = try await ApprovalFixtures.browser(test, as: "head")
            #expect(try await head.get("/workbench/matters").text.contains(code))
            #expect(try await !head.get("/workbench/matters").text.contains(healthCode))
            #expect(try await head.get("/workbench/matters/\(healthCode)/edit").status == .forbidden)
            let reviewer = try await ApprovalFixtures.browser(test, as: "reviewer")
            #expect(try await reviewer.get("/workbench/matters").status == .forbidden)

            let page = try await head.get("/workbench/matters/\(code)/edit")
            #expect(page.status == .ok)
            let matter = try #require(try await MatterStore.matter(code: code, on: test.app.db))
            var values = try MatterEditorController.values(of: try await MatterStore.current(of: matter, on: test.app.db).definition)
            values["promisedDays"] = "25"
            var response = try await head.post("/workbench/matters/\(code)/edit", form: values.map { ($0.key, $0.value) })
            #expect(response.status == .badRequest && response.text.contains("不能长于法定时限"))
            values["promisedDays"] = "8"
            values["structure"] = "{not json"
            response = try await head.post("/workbench/matters/\(code)/edit", form: values.map { ($0.key, $0.value) })
            #expect(response.status == .badRequest)
            #expect(try #require(try await MatterStore.matter(code: code, on: test.app.db)).currentVersion == 1, "nothing published while wrong")
            values = try MatterEditorController.values(of: try await MatterStore.current(of: matter, on: test.app.db).definition)
            values["promisedDays"] = "8"
            response = try await head.post("/workbench/matters/\(code)/edit", form: values.map { ($0.key, $0.value) })
            #expect(response.status == .seeOther)
            let updated = try #require(try await MatterStore.matter(code: code, on: test.app.db))
            #expect(updated.currentVersion == 2)
            #expect(try await MatterStore.current(of: updated, on: test.app.db).definition.promisedDays == 8)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let record = try await CaseStore.record(of: row, on: test.app.db)
            #expect(record.matterVersion == 1 && record.definition.promisedDays == 10)
        }
    }

    @Test("a joint application: filed once, a part per department, 45 working days, extended once by the lead head")
    func bundle() async throws {
        try await withTestApp { test in
            let market = try await ApprovalFixtures.publish(on: test.app)
            let health = try await ApprovalFixtures.publish(on: test.app, department: "示范市卫生健康委员会", main: "99902")
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let page = try await citizen.get("/services/bundle?matters[]=\(market)&matters[]=\(health)")
            #expect(page.status == .ok)
            #expect(page.text.components(separatedBy: "name=\"material_application_form\"").count == 2, "a shared material is asked once")
            #expect(try await citizen.get("/services/bundle?matters[]=\(market)").status == .badRequest)
            let filing = try await citizen.postMultipart(
                "/services/bundle", form: ApprovalFixtures.form + [("matters", "\(market),\(health)")],
                files: [TestBrowser.Upload(field: "material_application_form", fileName: "申请书.pdf", bytes: ApprovalFixtures.pdf)])
            // Post/Redirect/Get: the receipt is a page of its own, shown again on reload without filing again.
            #expect(filing.status == .seeOther, "\(filing.text.prefix(300))")
            let receiptAddress = try #require(filing.headers.first(name: .location))
            let response = try await citizen.get(receiptAddress)
            #expect(response.status == .ok)
            #expect(try await citizen.get(receiptAddress).status == .ok)
            #expect(try await CaseBundle.query(on: test.app.db).count() == 1)
            // Only its applicant opens it, and only with the codes it was given.
            #expect(try await ApprovalFixtures.browser(test, as: "enterprise").get(receiptAddress).status == .notFound)
            #expect(try await citizen.get(receiptAddress.components(separatedBy: "?")[0] + "?codes=AAAAAA,BBBBBB").status == .notFound)
            let bundle = try #require(try await CaseBundle.query(on: test.app.db).first())
            let parts = try await BundleStore.parts(of: bundle.requireID(), on: test.app.db)
            #expect(parts.count == 2 && Set(parts.map(\.departmentPath)).count == 2)
            // The answer is the receipt: each part's number with its query code, shown this once (only hashes are
            // stored, issue 20, item 8); each code tracks its own part.
            #expect(response.text.contains(bundle.trackingNumber))
            let shown = response.text.components(separatedBy: "<strong class=\"mono query-code\">").dropFirst().map { String($0.prefix(6)) }
            #expect(shown.count == 2 && shown.allSatisfy(QueryCode.isWellFormed))
            let key = test.app.govhall.queryCodeKey
            #expect(QueryCodeKey.isHashed(bundle.queryCode))
            for part in parts {
                #expect(QueryCodeKey.isHashed(part.queryCode) && response.text.contains(part.trackingNumber))
                let code = try #require(shown.first { key.matches($0, stored: part.queryCode) }, "the receipt gives \(part.trackingNumber)'s code")
                #expect(try await TestBrowser(test.app).get("/api/v1/track?number=\(part.trackingNumber)&code=\(code)").status == .ok)
            }
            let blobs = try await Set(CaseMaterial.query(on: test.app.db).all().map(\.sha256))
            #expect(blobs.count == 1, "the shared file is stored once")
            let calendar = try await test.app.workCalendar()
            #expect(bundle.statutoryDue == (try CaseRules.due(from: bundle.receivedAt, workingDays: 45, pauses: [], calendar: calendar).0))

            // The market department leads (its matter came first); its reviewer may not extend, only its head.
            let reviewer = try await ApprovalFixtures.browser(test, as: "reviewer")
            var extend = try await reviewer.post("/workbench/bundles/\(bundle.id!.uuidString.lowercased())/extend", form: [("days", "5"), ("reason", "需要联合踏勘")])
            #expect(extend.status == .forbidden)
            let head = try await ApprovalFixtures.browser(test, as: "head")
            extend = try await head.post("/workbench/bundles/\(bundle.id!.uuidString.lowercased())/extend", form: [("days", "16"), ("reason", "需要联合踏勘")])
            #expect(extend.status == .badRequest)
            extend = try await head.post("/workbench/bundles/\(bundle.id!.uuidString.lowercased())/extend", form: [("days", "5"), ("reason", "需要联合踏勘")])
            #expect(extend.status == .seeOther)
            let extended = try #require(try await CaseBundle.find(bundle.id, on: test.app.db))
            #expect(extended.extensionDays == 5 && extended.statutoryDue > bundle.statutoryDue)
            extend = try await head.post("/workbench/bundles/\(bundle.id!.uuidString.lowercased())/extend", form: [("days", "5"), ("reason", "再次")])
            #expect(extend.status == .badRequest)
        }
    }

    @Test("renewal (Art. 50): offered before expiry, filed from the original form, refused within 30 days of expiry")
    func renewal() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(citizen, code: code)
            let clerk = try await ApprovalFixtures.browser(test, as: "clerk")
            let head = try await ApprovalFixtures.browser(test, as: "head")
            #expect(try await clerk.post("/workbench/cases/\(id)/actions/accept", form: []).status == .seeOther)
            #expect(try await head.post("/workbench/cases/\(id)/actions/complete_step", form: []).status == .seeOther)
            #expect(try await head.post("/workbench/cases/\(id)/actions/complete_step", form: []).status == .seeOther)
            #expect(try await head.post("/workbench/cases/\(id)/actions/decide", form: [("outcome", "granted")]).status == .seeOther)
            #expect(try await clerk.post("/workbench/cases/\(id)/actions/serve_certificate", form: []).status == .seeOther)
            let certificate = try #require(try await IssuedCertificate.query(on: test.app.db).first())
            let certificateID = certificate.id!.uuidString.lowercased()
            #expect(try await !citizen.get("/my").text.contains("/my/certificates/\(certificateID)/renew"), "not offered years before expiry")

            let today = CivilDate.beijing(test.app.govhall.dependencies.now())
            certificate.validUntil = today.adding(days: 60).description
            try await certificate.save(on: test.app.db)
            #expect(try await citizen.get("/my").text.contains("/my/certificates/\(certificateID)/renew"))
            let renew = try await citizen.post("/my/certificates/\(certificateID)/renew", form: [])
            #expect(renew.headers.first(name: .location) == "/services/\(code)/apply?renews=\(certificateID)")
            let form = try await citizen.get("/services/\(code)/apply?renews=\(certificateID)")
            #expect(form.text.contains("江南小吃店") && form.text.contains("name=\"renews\""))
            let filed = try await citizen.postMultipart(
                "/services/\(code)/apply", form: ApprovalFixtures.form + [("renews", certificateID)],
                files: [TestBrowser.Upload(field: "material_application_form", fileName: "延续申请书.pdf", bytes: ApprovalFixtures.pdf)])
            #expect(filed.status == .seeOther)
            let renewal = try #require(try await ApprovalCase.find(UUID(uuidString: ApprovalFixtures.caseID(filed)), on: test.app.db))
            #expect(renewal.renewsCertificateID == certificate.id)

            certificate.validUntil = today.adding(days: 29).description
            try await certificate.save(on: test.app.db)
            let late = try await citizen.post("/my/certificates/\(certificateID)/renew", form: [])
            #expect(late.status == .badRequest && late.text.contains("第五十条"))
            // Someone else's certificate is not theirs to renew.
            let stranger = try await ApprovalAccessTests.otherCitizen(test)
            #expect(try await stranger.post("/my/certificates/\(certificateID)/renew", form: []).status == .notFound)
        }
    }
}
