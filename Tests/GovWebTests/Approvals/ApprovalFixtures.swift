import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

/// A licence of the demo market regulator made for these tests, so they do not depend on the demo catalogue.
enum ApprovalFixtures {
    static let pdf = Array("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
    static let exe = Array("MZ\u{90}\u{0}\u{3}\u{0}\u{0}\u{0}This program cannot be run in DOS mode".utf8)

    static func department(_ nameZh: String, on db: any Database) async throws -> OrganisationUnit {
        try #require(try await OrganisationUnit.query(on: db).filter(\.$nameZh == nameZh).first())
    }

    static func definition(code: MatterCode, name: String = "测试经营许可") -> MatterDefinition {
        MatterDefinition(
            code: code, nameZh: name, nameEn: "Test business licence", kind: .administrativeLicensing,
            legalBasisZh: "《中华人民共和国行政许可法》第十二条", legalBasisEn: "Administrative Licensing Law, Art. 12",
            conditionsZh: "有固定经营场所。", conditionsEn: "Fixed premises.", audiences: [.citizen, .enterprise],
            lifeEvents: [.startingBusiness],
            materials: [
                MaterialRequirement(key: "application_form", nameZh: "申请书", nameEn: "Application form", hasBlankForm: true),
                MaterialRequirement(key: "floor_plan", nameZh: "平面图", nameEn: "Floor plan", required: false, original: false),
            ],
            fees: .charged([FeeItem(nameZh: "工本费", nameEn: "Certificate fee", amountFen: 1000, legalBasis: "测试收费依据")]),
            statutoryDays: 20, promisedDays: 10, isOnTheSpot: false,
            steps: [
                MatterStep(kind: .review, nameZh: "材料审查", nameEn: "Review", role: .reviewer, limitDays: 3),
                MatterStep(kind: .expertReview, nameZh: "专家评审", nameEn: "Expert review", role: .reviewer, limitDays: 0),
                MatterStep(kind: .review, nameZh: "审核", nameEn: "Approval review", role: .departmentHead, limitDays: 2),
            ],
            onlineDepth: .fullyOnline, windowZh: "政务服务中心", windowEn: "Service centre", hoursZh: "工作日", hoursEn: "Working days",
            phone: "0990-12345", result: MatterResult(certificateNameZh: "测试经营许可证", certificateNameEn: "Test licence", validityMonths: 60),
            form: FormSchema(fields: [
                FormField(name: "business_name", labelZh: "经营者名称", labelEn: "Business name", type: .text(maxLength: 100)),
                FormField(name: "premises", labelZh: "经营场所", labelEn: "Premises", type: .address),
            ]))
    }

    /// Publishes the test matter for a department; returns its code.
    @discardableResult
    static func publish(on app: Application, department nameZh: String = "示范市市场监督管理局", main: String = "99901") async throws -> String {
        let department = try await department(nameZh, on: app.db)
        let code = try MatterCode(department.code + "01" + main + "001")
        let now = app.govhall.dependencies.now()
        _ = try await app.govhall.writeGate.transaction(on: app.db) { db in
            try await MatterStore.publish(definition(code: code), department: department, by: .system("test"), now: now, on: db)
        }
        return code.value
    }

    static let form: [(String, String)] = [("business_name", "江南小吃店"), ("premises", "广东省广州市天河区体育西路 1 号")]

    /// Signs in as a demo user in a fresh browser.
    static func browser(_ test: TestApp, as username: String) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        let response = try await browser.signIn(username, try #require(test.passwords[username]))
        #expect(response.status == .seeOther, "sign-in of \(username)")
        return browser
    }

    /// The case id from a redirect to a case page.
    static func caseID(_ response: BrowserResponse) throws -> String {
        let location = try #require(response.headers.first(name: .location))
        let path = location.split(separator: "?").first.map(String.init) ?? location
        return try #require(path.split(separator: "/").last.map(String.init))
    }

    static func state(of id: String, on app: Application) async throws -> CaseState {
        try #require(try await ApprovalCase.find(UUID(uuidString: id), on: app.db)).caseState
    }

    static func apply(_ citizen: TestBrowser, code: String) async throws -> String {
        try await file(citizen, code: code).id
    }

    /// Files online as ``apply(_:code:)`` does; with the query code the filing's answer gave (the confirmation's
    /// address carries it: the case keeps only its hash) and that address.
    static func file(_ citizen: TestBrowser, code: String) async throws -> (id: String, queryCode: String, confirmation: String) {
        let response = try await citizen.postMultipart(
            "/services/\(code)/apply", form: form,
            files: [TestBrowser.Upload(field: "material_application_form", fileName: "申请书.pdf", bytes: pdf)])
        #expect(response.status == .seeOther, "\(response.text.prefix(400))")
        let location = try #require(response.headers.first(name: .location))
        let queryCode = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        return (try caseID(response), queryCode, location)
    }
}
