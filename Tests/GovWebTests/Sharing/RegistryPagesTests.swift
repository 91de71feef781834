import Fluent
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// The registry pages: who may import, the upload, and the row-by-row report.
@Suite("Registry pages")
struct RegistryPagesTests {
    @Test("the registry's keeper uploads a GBK file and reads the report; another steward may not import it")
    func upload() async throws {
        try await withTestApp { test in
            let good = DemoCity.creditCode(authority: "91", body: "MA4E0001")
            let text = "统一社会信用代码,名称,法定代表人\r\n\(good),示范市上传测试有限公司,孙一\r\n\r\n91330100MA4E0002XX,坏代码公司,孙二\r\n"
            let gbk = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
            let market = TestBrowser(test.app)
            // The bureau's steward keeps every registry; 民政局's keeps none.
            _ = try await market.signIn("steward", test.passwords["steward"]!)
            let page = try await market.get("/workbench/sharing/registries")
            #expect(page.status == .ok && page.text.contains("法人单位基础信息库"))
            let upload = try await market.postMultipart("/workbench/sharing/registries/import", form: [("kind", "legal_entity")],
                                                        files: [.init(field: "file", fileName: "entities.csv", bytes: [UInt8](gbk), contentType: "text/csv")])
            #expect(upload.status == .seeOther)
            let location = try #require(upload.headers.first(name: .location))
            let report = try await market.get(location)
            #expect(report.status == .ok && report.text.contains("GB18030") && report.text.contains("第 4 行"))
            #expect(try await RegistryStore.entry(.legalEntity, key: good, on: test.app.db)?.name == "示范市上传测试有限公司")
            let csv = try await market.get(location + "/errors.csv")
            #expect(csv.status == .ok && csv.text.contains("4,"))

            let civil = TestBrowser(test.app)
            _ = try await civil.signIn("steward-ca", test.passwords["steward-ca"]!)
            let refused = try await civil.postMultipart("/workbench/sharing/registries/import", form: [("kind", "legal_entity")],
                                                        files: [.init(field: "file", fileName: "entities.csv", bytes: [UInt8](gbk), contentType: "text/csv")])
            #expect(refused.status == .forbidden)
        }
    }
}

@Suite("Registry import API")
struct RegistryImportAPITests {
    @Test("a steward's sharing:act token posts CSV and gets the row-by-row report; a citizen's token may not")
    func importByAPI() async throws {
        try await withTestApp { test in
            let steward = try #require(try await Account.query(on: test.app.db).filter(\.$username == "steward").first())
            let token = try await IdentityStore.issueToken(name: "registry-loader", scopes: ["sharing:act"], unitID: steward.$unit.id, createdBy: steward.id,
                                                           now: test.clock.now, expiresAt: nil, on: test.app.db).secret
            let good = DemoCity.creditCode(authority: "91", body: "MA4E0003")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            headers.add(name: .accept, value: "application/json")
            let body = ByteBuffer(string: "uscc,name,legal_representative\n\(good),示范市接口导入有限公司,周一\n\(good),重复,周二\n")
            let browser = TestBrowser(test.app)
            let response = try await browser.send(.POST, "/api/v1/registries/legal_entity/imports?fileName=api.csv", headers: headers, body: body)
            #expect(response.status == .created)
            let report = try JSONDecoder().decode(RegistryController.ImportDTO.self, from: Data(response.text.utf8))
            #expect(report.inserted == 1 && report.summary.duplicates == 1 && report.errors.map(\.line) == [3])
            var get = HTTPHeaders()
            get.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await browser.get("/api/v1/registries/imports/\(report.id)", headers: get).status == .ok)
            #expect(try await browser.send(.POST, "/api/v1/registries/nothing/imports", headers: headers, body: body).status == .notFound)

            let citizen = try #require(try await Account.query(on: test.app.db).filter(\.$username == "citizen").first())
            let other = try await IdentityStore.issueToken(name: "x", scopes: ["sharing:act"], unitID: nil, createdBy: citizen.id, now: test.clock.now,
                                                           expiresAt: nil, on: test.app.db).secret
            headers.bearerAuthorization = BearerAuthorization(token: other)
            #expect(try await browser.send(.POST, "/api/v1/registries/legal_entity/imports", headers: headers, body: body).status == .forbidden)
        }
    }
}
