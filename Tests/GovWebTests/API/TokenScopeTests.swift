import FluentKit
import Foundation
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("API tokens and scopes")
struct TokenScopeTests {
    static func issue(_ test: TestApp, _ scopes: [String], expiresIn: TimeInterval? = nil) async throws -> String {
        let city = try await OrganisationStore.tree(on: test.app.db)[0]
        return try await IdentityStore.issueToken(
            name: "scope-test", scopes: scopes, unitID: city.id, createdBy: nil, now: test.clock.now,
            expiresAt: expiresIn.map { test.clock.now.addingTimeInterval($0) }, on: test.app.db
        ).secret
    }

    static func get(_ test: TestApp, _ path: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await test.app.testing().sendRequest(.GET, path, headers: headers)
    }

    @Test("each scope opens its endpoint and no other")
    func scopes() async throws {
        try await withTestApp { test in
            let org = try await Self.issue(test, ["org:read"])
            let audit = try await Self.issue(test, ["audit:read"])

            #expect(try await Self.get(test, "/api/v1/organisations", token: org).status == .ok)
            #expect(try await Self.get(test, "/api/v1/audit", token: org).status == .forbidden)
            let auditResponse = try await Self.get(test, "/api/v1/audit?limit=5", token: audit)
            #expect(auditResponse.status == .ok)
            let page = try auditResponse.content.decode(AuditController.EntriesDTO.self)
            #expect(page.entries.count == 5)
            #expect(page.nextBefore != nil)
            #expect(try await Self.get(test, "/api/v1/organisations", token: audit).status == .forbidden)

            // Clients send the token with every request: the spec and health answer; no page for people opens.
            #expect(try await Self.get(test, "/openapi.json", token: org).status == .ok)
            #expect(try await Self.get(test, "/healthz", token: org).status == .ok)
            #expect(try await Self.get(test, "/admin", token: org).status == .seeOther)   // to the sign-in page
            let me = try await Self.get(test, "/api/v1/me", token: org).content.decode(APIController.MeDTO.self)
            #expect(me.kind == "token")
            #expect(me.scopes == ["org:read"])
        }
    }

    @Test("no token, an unknown one, an expired one or a revoked one gets 401 as JSON")
    func refused() async throws {
        try await withTestApp { test in
            let expiring = try await Self.issue(test, ["org:read"], expiresIn: 60)
            #expect(try await Self.get(test, "/api/v1/organisations", token: nil).status == .unauthorized)
            let unknown = try await Self.get(test, "/api/v1/organisations", token: "ght_" + String(repeating: "x", count: 40))
            #expect(unknown.status == .unauthorized)
            #expect(try unknown.content.decode(APIErrorBody.self).error.code == "not_signed_in")
            test.clock.advance(by: 61)
            #expect(try await Self.get(test, "/api/v1/organisations", token: expiring).status == .unauthorized)

            let revoked = try await Self.issue(test, ["org:read"])
            let admin = TestBrowser(test.app)
            try await admin.signIn("admin", test.passwords["admin"]!)
            let record = try #require(try await APIToken.query(on: test.app.db).filter(\.$tokenHash == IdentityStore.sha256Hex(revoked)).first())
            #expect(try await admin.post("/admin/tokens/\(record.id!.uuidString.lowercased())/revoke", form: []).status == .seeOther)
            #expect(try await Self.get(test, "/api/v1/organisations", token: revoked).status == .unauthorized)
        }
    }

    @Test("an administrator issues a token once; only its hash is stored; it works")
    func issueThroughAdmin() async throws {
        try await withTestApp { test in
            let admin = TestBrowser(test.app)
            try await admin.signIn("admin", test.passwords["admin"]!)
            let root = try await OrganisationStore.tree(on: test.app.db)[1]
            let response = try await admin.post("/admin/tokens", form: [
                ("name", "省数据共享平台"), ("scopes[]", "org:read"), ("unitID", root.id!.uuidString.lowercased()), ("expiresInDays", "30"),
            ])
            #expect(response.status == .created)
            let secret = try #require(response.text.firstMatch(of: /ght_[A-Za-z0-9]{40}/).map { String($0.output) })
            #expect(try await APIToken.query(on: test.app.db).filter(\.$tokenHash == secret).count() == 0)
            #expect(try await Self.get(test, "/api/v1/organisations", token: secret).status == .ok)
            #expect(try await admin.get("/admin/tokens").text.contains(secret) == false)
        }
    }

    @Test("a supervisor's session reads the audit API; a clerk's does not")
    func sessionAccess() async throws {
        try await withTestApp { test in
            let supervisor = TestBrowser(test.app)
            try await supervisor.signIn("supervisor", test.passwords["supervisor"]!)
            #expect(try await supervisor.get("/api/v1/audit").status == .ok)
            let clerk = TestBrowser(test.app)
            try await clerk.signIn("clerk", test.passwords["clerk"]!)
            #expect(try await clerk.get("/api/v1/audit").status == .forbidden)
            #expect(try await clerk.get("/api/v1/organisations").status == .ok)
            let citizen = TestBrowser(test.app)
            try await citizen.signIn("citizen", test.passwords["citizen"]!)
            #expect(try await citizen.get("/api/v1/organisations").status == .forbidden)
        }
    }
}
