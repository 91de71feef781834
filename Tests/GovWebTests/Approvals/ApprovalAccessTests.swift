import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Approval hall over HTTP: who may see and do what, uploads, concurrent decisions")
struct ApprovalAccessTests {
    /// Registers a second citizen through the real form and signs them in.
    static func otherCitizen(_ test: TestApp) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        let body = "11010519850615321"
        let id = body + String(ResidentIdentityNumber.checkCharacter(for: body)!)
        try await browser.get("/register?kind=citizen")
        let response = try await browser.post("/register", form: [
            ("kind", "citizen"), ("username", "lisi"), ("displayName", "李四"), ("residentID", id), ("phone", "13900139000"),
            ("password", "Correct-Horse-42!"), ("passwordConfirmation", "Correct-Horse-42!"),
        ])
        #expect(response.status == .seeOther, "\(response.text.prefix(500))")
        if browser.cookie("govhall_session") == nil { try await browser.signIn("lisi", "Correct-Horse-42!") }
        return browser
    }

    @Test("an applicant cannot see another's case, by id, by API, or by tracking number without the code")
    func applicantIsolation() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let owner = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(owner, code: code)
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db))
            let material = try #require(try await CaseMaterial.query(on: test.app.db).filter(\.$caseID == row.requireID()).first())

            let stranger = try await Self.otherCitizen(test)
            #expect(try await stranger.get("/my").status == .ok)
            #expect(try await stranger.get("/my/cases/\(id)").status == .notFound)
            #expect(try await stranger.get("/my/cases/\(id)/materials/\(material.id!.uuidString.lowercased())").status == .notFound)
            #expect(try await stranger.get("/api/v1/cases/\(id)").status == .notFound)
            #expect(try await stranger.get("/my/cases/\(UUID().uuidString.lowercased())").status == .notFound)
            #expect(try await stranger.post("/my/cases/\(id)/withdraw", form: []).status == .notFound)
            #expect(try await stranger.get("/track?number=\(row.trackingNumber)").status == .notFound)
            #expect(try await ApprovalFixtures.state(of: id, on: test.app) == .submitted)
            // The owner's own file opens inline with its real type.
            let file = try await owner.get("/my/cases/\(id)/materials/\(material.id!.uuidString.lowercased())")
            #expect(file.status == .ok && file.headers.contentType?.description == "application/pdf")
        }
    }

    @Test("a clerk or reviewer of another department can neither see nor act on the case")
    func otherDepartment() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(citizen, code: code)
            let health = try await ApprovalFixtures.department("示范市卫生健康委员会", on: test.app.db)
            let now = test.app.govhall.dependencies.now()
            let hasher = test.app.govhall.hasher
            for (username, role) in [("healthclerk", Role.windowClerk), ("healthreviewer", Role.reviewer), ("healthhead", Role.departmentHead)] {
                _ = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                    let account = try await AccountStore.create(
                        ValidAccountApplication(kind: .staff, username: username, displayName: username, password: "Correct-Horse-42!", residentID: nil, creditCode: nil, phone: nil),
                        unitID: health.id, hasher: hasher, by: .system("test"), now: now, on: db)
                    try await AccountStore.grant(role, to: account, on: health, includesSubtree: true, by: .system("test"), now: now, on: db)
                }
                let browser = TestBrowser(test.app)
                try await browser.signIn(username, "Correct-Horse-42!")
                #expect(try await browser.get("/workbench").status == .ok)
                #expect(try await !browser.get("/workbench").text.contains(id))
                #expect(try await browser.get("/workbench/cases/\(id)").status == .notFound, "\(username)")
                let response = try await browser.post("/workbench/cases/\(id)/actions/accept", form: [])
                #expect(response.status == .notFound, "\(username)")
            }
            #expect(try await ApprovalFixtures.state(of: id, on: test.app) == .submitted)
            // The market department's reviewer sees it but may not accept it: that is the window's job.
            let reviewer = try await ApprovalFixtures.browser(test, as: "reviewer")
            #expect(try await reviewer.get("/workbench/cases/\(id)").status == .ok)
            let refused = try await reviewer.post("/workbench/cases/\(id)/actions/accept", form: [])
            #expect(refused.status == .badRequest && refused.text.contains("只有窗口受理人员可以受理"))
            #expect(try await ApprovalFixtures.state(of: id, on: test.app) == .submitted)
        }
    }

    @Test("two heads deciding the same case at the same moment: exactly one succeeds, the other is told")
    func concurrentDecisions() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let id = try await ApprovalFixtures.apply(citizen, code: code)
            let clerk = try await ApprovalFixtures.browser(test, as: "clerk")
            let head = try await ApprovalFixtures.browser(test, as: "head")
            #expect(try await clerk.post("/workbench/cases/\(id)/actions/accept", form: []).status == .seeOther)
            #expect(try await head.post("/workbench/cases/\(id)/actions/complete_step", form: []).status == .seeOther)
            #expect(try await head.post("/workbench/cases/\(id)/actions/complete_step", form: []).status == .seeOther)
            let version = try #require(try await ApprovalCase.find(UUID(uuidString: id), on: test.app.db)).version
            let second = try await ApprovalFixtures.browser(test, as: "head")
            async let first = head.post("/workbench/cases/\(id)/actions/decide", form: [("outcome", "granted"), ("reasons", "符合"), ("version", "\(version)")])
            async let other = second.post("/workbench/cases/\(id)/actions/decide", form: [("outcome", "refused"), ("reasons", "不符合"), ("version", "\(version)")])
            let statuses = try await [first.status, other.status]
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            let decisions = try await CaseEvent.query(on: test.app.db).filter(\.$caseID == UUID(uuidString: id)!).filter(\.$action == "decide").count()
            #expect(decisions == 1)
        }
    }

    @Test("uploads: too large, a disguised executable, a path in the name, an empty file — refused, explained, nothing stored")
    func uploads() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let cases: [(String, [UInt8], String)] = [
                ("big.pdf", ApprovalFixtures.pdf + [UInt8](repeating: 32, count: UploadPolicy.defaultMaxBytes), "超过上限"),
                ("申请书.pdf", ApprovalFixtures.exe, "不接受此文件"),
                ("../../etc/passwd.pdf", ApprovalFixtures.pdf, "文件名不能包含路径"),
                ("empty.pdf", [], "文件为空"),
            ]
            for (name, bytes, message) in cases {
                let response = try await citizen.postMultipart(
                    "/services/\(code)/apply", form: ApprovalFixtures.form,
                    files: [TestBrowser.Upload(field: "material_application_form", fileName: name, bytes: bytes)])
                #expect(response.status == .badRequest, "\(name)")
                #expect(response.text.contains(message), "\(name): \(response.text.prefix(200))")
            }
            #expect(try await ApprovalCase.query(on: test.app.db).filter(\.$matter.$id == MatterStore.matter(code: code, on: test.app.db)!.requireID()).count() == 0)
            #expect(try await Blob.query(on: test.app.db).filter(\.$size == 0).count() == 0)
            #expect(try await Blob.query(on: test.app.db).filter(\.$mediaType == "application/x-msdownload").count() == 0)
        }
    }

    @Test("the API: submit with a file, read status, act with a cases:act token, verify")
    func api() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let list = try await citizen.get("/api/v1/matters?q=测试")
            #expect(list.status == .ok && list.text.contains(code))
            let body = """
            {"matterCode":"\(code)","form":{"business_name":"江南小吃店","premises":"广东省广州市天河区体育西路 1 号"},
             "materials":[{"key":"application_form","fileName":"a.pdf","contentBase64":"\(Data(ApprovalFixtures.pdf).base64EncodedString())"}]}
            """
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: citizen.cookie("govhall_csrf") ?? "")
            let created = try await citizen.send(.POST, "/api/v1/cases", headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created, "\(created.text)")
            struct Status: Decodable { var id: String; var state: String; var version: Int; var allowedActions: [String] }
            let status = try JSONDecoder().decode(Status.self, from: Data(created.text.utf8))
            #expect(status.state == "submitted" && status.allowedActions == ["withdraw"])

            let clerk = try #require(try await Account.query(on: test.app.db).filter(\.$username == "clerk").first())
            let issued = try await test.app.govhall.writeGate.transaction(on: test.app.db) { db in
                try await IdentityStore.issueToken(name: "intake-bot", scopes: ["cases:act"], unitID: nil, createdBy: clerk.id, now: Date(), expiresAt: nil, on: db)
            }
            var bot = HTTPHeaders()
            bot.bearerAuthorization = BearerAuthorization(token: issued.secret)
            bot.contentType = .json
            let acted = try await test.app.testing().sendRequest(.POST, "/api/v1/cases/\(status.id)/actions", headers: bot, body: ByteBuffer(string: #"{"action":"accept","version":\#(status.version)}"#))
            #expect(acted.status == .ok, "\(acted.text)")
            #expect(acted.text.contains("\"state\":\"in_review\""))
            let stale = try await test.app.testing().sendRequest(.POST, "/api/v1/cases/\(status.id)/actions", headers: bot, body: ByteBuffer(string: #"{"action":"accept","version":\#(status.version)}"#))
            #expect(stale.status == .conflict)
            let verify = try await test.app.testing().sendRequest(.GET, "/api/v1/certificates/verify?code=GHC1.abc.def")
            #expect(verify.status == .ok && verify.text.contains("\"verdict\":\"not_genuine\""))
        }
    }

    @Test("a browser's large upload, arriving over a socket in pieces, passes the CSRF check and is stored")
    func largeUploadOverASocket() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            // The socket client follows redirects and so never shows the sign-in's cookies: start the session directly.
            let browser = TestBrowser(test.app, transport: .socket)
            let citizen = try #require(try await Account.query(on: test.app.db).filter(\.$username == "citizen").first())
            let session = try await IdentityStore.startSession(
                accountID: citizen.requireID(), now: test.clock.now, lifetime: 3600, clientAddress: nil, userAgent: nil, on: test.app.db)
            browser.setCookie("govhall_session", session)
            browser.setCookie("govhall_csrf", String(repeating: "c", count: 43))
            let scan = ApprovalFixtures.pdf + [UInt8](repeating: 32, count: 3 * 1024 * 1024)
            let response = try await browser.postMultipart(
                "/services/\(code)/apply", form: ApprovalFixtures.form,
                files: [TestBrowser.Upload(field: "material_application_form", fileName: "扫描件.pdf", bytes: scan)])
            // Followed to the new case's page.
            #expect(response.status == .ok, "\(response.status) \(response.text.prefix(200))")
            #expect(response.text.contains(CaseState.submitted.title(in: .zhHans)))
            #expect(try await Blob.query(on: test.app.db).filter(\.$size == scan.count).count() == 1)
        }
    }
}
