import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import SnapshotTesting
import Testing
import Vapor
import VaporTesting

/// The API's answers and a handful of key pages, kept as reviewed files under `__Snapshots__` (issue 21, item 4): a
/// change to what a client or a citizen receives shows up in review as a diff, not only when a test happens to look.
/// The clock, the identifiers and the random numbers are the test's (``TestEffects``), so every run, on SQLite and on
/// PostgreSQL alike, gives the same bytes. Run with `SNAPSHOT_TESTING_RECORD=failed` to accept a deliberate change.
@Suite("Snapshots: the API's answers and key pages", .serialized)
struct SnapshotTests {
    /// Identifiers the test's own rows take; the demo city's come from the template's seeding namespace.
    static let namespace: UInt32 = 0x5A9_0001

    @Test("every API answer, with a fixed clock and fixed identifiers")
    func api() async throws {
        try await withTestApp(demoCases: true, idNamespace: Self.namespace) { test in
            let db = test.app.db
            let city = try await OrganisationStore.tree(on: db)[0]
            let admin = try #require(try await Account.query(on: db).filter(\.$username == "admin").first())
            let token = try await test.app.govhall.writeGate.transaction(on: db) { db in
                try await IdentityStore.issueToken(
                    name: "snapshot", scopes: APIScope.allCases.map(\.rawValue), unitID: city.id, createdBy: admin.id, now: test.clock.now,
                    expiresAt: nil, on: db)
            }.secret
            let client = APIClient(app: test.app, token: token)
            let citizen = try await SecurityPeople.browser(test, as: "citizen")
            let matter = try #require(try await Matter.query(on: db).sort(\.$code).first()).code
            let item = try #require(try await DisclosureItem.query(on: db).filter(\.$publishedAt != nil).sort(\.$publishedAt).first())
            let resource = try #require(try await SharingResourceRecord.query(on: db).sort(\.$code).first()).code
            let sharingRequest = try #require(try await SharingRequestRecord.query(on: db).sort(\.$number).first()).number
            let consultation = try #require(try await ConsultationRecord.query(on: db).sort(\.$title).first()).requireID()
            let survey = try #require(try await SurveyRecord.query(on: db).sort(\.$title).first()).requireID()
            let credit = try #require(try await CreditRecordRow.query(on: db).sort(\.$uscc).first()).uscc

            let reads: [(String, String)] = [
                ("healthz", "/healthz"),
                ("me", "/api/v1/me"),
                ("organisations", "/api/v1/organisations"),
                ("audit", "/api/v1/audit?limit=3"),
                ("calendar-due", "/api/v1/calendar/due?from=2026-11-02&workingDays=20"),
                ("calendar-working-days", "/api/v1/calendar/working-days?from=2026-10-01&to=2026-10-31"),
                ("calendar-year", "/api/v1/calendar/years/2026"),
                ("matters", "/api/v1/matters"),
                ("matter", "/api/v1/matters/\(matter)"),
                ("cases", "/api/v1/cases"),
                ("performance", "/api/v1/performance"),
                ("supervision-obligations", "/api/v1/supervision/obligations?limit=3"),
                ("supervision-violations", "/api/v1/supervision/violations?limit=3"),
                ("disclosure-items", "/api/v1/disclosure/items"),
                ("disclosure-item", "/api/v1/disclosure/items/\(try item.requireID().uuidString.lowercased())"),
                ("sharing-catalog", "/api/v1/sharing/catalog"),
                ("sharing-catalog-csv", "/api/v1/sharing/catalog.csv"),
                ("sharing-request", "/api/v1/sharing/requests/\(sharingRequest)"),
                ("exchange-unknown-subject", "/api/v1/exchange/\(resource)?subject=000000000000000000"),
                ("credit-search", "/api/v1/credit?q=示范"),
                ("credit-file", "/api/v1/credit/\(credit)"),
                ("hotline-categories", "/api/v1/hotline/categories"),
                ("mailbox", "/api/v1/mailbox"),
                ("consultations", "/api/v1/consultations"),
                ("consultation", "/api/v1/consultations/\(consultation.uuidString.lowercased())"),
                ("surveys", "/api/v1/surveys"),
                ("survey", "/api/v1/surveys/\(survey.uuidString.lowercased())"),
                ("hearings", "/api/v1/hearings"),
                ("verify-not-genuine", "/api/v1/certificates/verify?code=GHC1.abc.def"),
                ("track-unknown", "/api/v1/track?number=440300202611020001&code=ABCDEFGH"),
                ("open311-services", "/open311/v2/services.json"),
                ("open311-requests", "/open311/v2/requests.json"),
                ("not-found", "/api/v1/matters/no-such-matter"),
            ]
            // Three answers differ by database and are kept once for each: the health check names it; the demo city's
            // seeding draws a few identifiers in another order on PostgreSQL (the violations listed show them), and
            // the audit chain's hashes cover those identifiers.
            let database = test.app.govhallIsSQLite ? "sqlite" : "postgresql"
            for (name, path) in reads {
                let answer = try await client.get(path)
                let perDatabase = ["healthz", "audit", "supervision-violations"].contains(name)
                assertSnapshot(of: answer, as: .lines, named: perDatabase ? "\(name)-\(database)" : name)
            }
            let unauthorized = try await client.get("/api/v1/organisations", token: nil)
            assertSnapshot(of: unauthorized, as: .lines, named: "unauthorized")
            let petitions = Self.render(try await citizen.get("/api/v1/petitions"))
            assertSnapshot(of: petitions, as: .lines, named: "petitions-own")

            // Writes, each answered with what a client keeps: the citizen files a case through the API, tracks it, and
            // a token acts on it; a hotline ticket and a disclosure request are filed and tracked.
            var json = HTTPHeaders()
            json.contentType = .json
            json.replaceOrAdd(name: "X-CSRF-Token", value: citizen.cookie("govhall_csrf") ?? "")
            let code = try await ApprovalFixtures.publish(on: test.app)
            let filing = """
            {"matterCode":"\(code)","form":{"business_name":"江南小吃店","premises":"广东省广州市天河区体育西路 1 号"},
             "materials":[{"key":"application_form","fileName":"a.pdf","contentBase64":"\(Data(ApprovalFixtures.pdf).base64EncodedString())"}]}
            """
            let filed = try await citizen.send(.POST, "/api/v1/cases", headers: json, body: ByteBuffer(string: filing))
            assertSnapshot(of: Self.render(filed), as: .lines, named: "case-filed")
            let caseID = try #require(try JSONSerialization.jsonObject(with: Data(filed.text.utf8)) as? [String: Any])["id"] as? String ?? ""
            let own = Self.render(try await citizen.get("/api/v1/cases/\(caseID)"))
            assertSnapshot(of: own, as: .lines, named: "case-own")
            let acted = try await client.send(.POST, "/api/v1/cases/\(caseID)/actions", json: #"{"action":"accept","version":0}"#)
            assertSnapshot(of: acted, as: .lines, named: "case-acted")
            let stale = try await client.send(.POST, "/api/v1/cases/\(caseID)/actions", json: #"{"action":"accept","version":0}"#)
            assertSnapshot(of: stale, as: .lines, named: "case-stale-version")
            let badFiling = try await citizen.send(.POST, "/api/v1/cases", headers: json, body: ByteBuffer(string: #"{"matterCode":"\#(code)","form":{}}"#))
            assertSnapshot(of: Self.render(badFiling), as: .lines, named: "case-refused")

            let ticket = try await client.send(.POST, "/api/v1/hotline/tickets", json: """
                {"kind":"complaint","urgency":"urgent","category":"0602","description":"化工厂夜间偷排废水，河水发黑","callerPhone":"13900001111"}
                """)
            assertSnapshot(of: ticket, as: .lines, named: "hotline-filed")
            let market = try #require(try await OrganisationStore.units(kinds: [.department], on: db).first { $0.nameZh == "示范市市场监督管理局" })
            let request = try await citizen.send(.POST, "/api/v1/disclosure/requests", headers: json, body: ByteBuffer(string: """
                {"unitID":"\(market.id.uuidString)","kind":"natural_person","phone":"13800138000","description":"2025年预算","form":"electronic","delivery":"online"}
                """))
            assertSnapshot(of: Self.render(request), as: .lines, named: "disclosure-request-filed")
        }
    }

    @Test("key pages: home, a guide, the catalogue, tracking, the clerk's inbox, the supervision centre")
    func pages() async throws {
        try await withTestApp(demoCases: true, idNamespace: Self.namespace) { test in
            let db = test.app.db
            let matter = try #require(try await Matter.query(on: db).sort(\.$code).first()).code
            let anonymous = TestBrowser(test.app)
            for (name, path) in [("home", "/"), ("guide", "/services/\(matter)"), ("catalogue", "/services"), ("track-form", "/track"),
                                 ("disclosure", "/disclosure"), ("verify-form", "/verify")] {
                let page = Self.render(try await anonymous.get(path))
                assertSnapshot(of: page, as: .lines, named: name)
            }
            let clerk = try await SecurityPeople.browser(test, as: "clerk")
            let inbox = Self.render(try await clerk.get("/workbench"))
            assertSnapshot(of: inbox, as: .lines, named: "workbench-inbox")
            let supervisor = try await SecurityPeople.browser(test, as: "supervisor")
            let centre = Self.render(try await supervisor.get("/supervision"))
            assertSnapshot(of: centre, as: .lines, named: "supervision-centre")
        }
    }

    /// What a client sees: the status, the media type and the body; JSON with sorted keys and every list cut to its
    /// first three members and a count, so a snapshot shows each shape without a demo city's worth of rows.
    static func render(status: HTTPStatus, contentType: String?, body: String) -> String {
        var text = "\(status.code) \(contentType ?? "-")\n"
        if contentType?.hasPrefix("application/json") == true || contentType?.hasPrefix("application/ld+json") == true,
           let object = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]),
           let pretty = try? JSONSerialization.data(withJSONObject: shortened(object), options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) {
            text += String(decoding: pretty, as: UTF8.self)
        } else {
            text += body
        }
        return text + "\n"
    }

    static func render(_ response: BrowserResponse) -> String {
        render(status: response.status, contentType: response.headers.first(name: .contentType), body: response.text)
    }

    static func shortened(_ value: Any) -> Any {
        switch value {
        case let list as [Any]:
            let kept = list.prefix(3).map(shortened)
            return list.count > 3 ? kept + ["… \(list.count - 3) more"] : kept
        case let object as [String: Any]:
            return object.mapValues(shortened)
        default:
            return value
        }
    }
}

/// A machine client with a bearer token.
private struct APIClient {
    var app: Application
    var token: String

    func get(_ path: String) async throws -> String { try await get(path, token: token) }

    func get(_ path: String, token: String?) async throws -> String {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        return SnapshotTests.render(status: response.status, contentType: response.headers.first(name: .contentType), body: response.body.string)
    }

    func send(_ method: HTTPMethod, _ path: String, json: String) async throws -> String {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = .json
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: json))
        return SnapshotTests.render(status: response.status, contentType: response.headers.first(name: .contentType), body: response.body.string)
    }
}
