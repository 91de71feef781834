import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Idempotency-Key on the API's creations (issue 28, item 6)")
struct IdempotencyKeyTests {
    @Test("a retry with the same key gets the first answer and files nothing; another request under the key is refused; keys are the caller's own")
    func retries() async throws {
        try await withTestApp { test in
            let unit = try #require(try await OrganisationUnit.query(on: test.app.db).filter(\.$nameZh == "示范市政务服务数据管理局").first())
            func token(_ name: String) async throws -> String {
                try await IdentityStore.issueToken(name: name, scopes: ["hotline:file"], unitID: unit.id, createdBy: nil, now: test.clock.now,
                                                   expiresAt: nil, on: test.app.db).secret
            }
            let (first, second) = (try await token("政务微信"), try await token("随手拍"))
            func file(_ description: String, key: String?, token: String) async throws -> BrowserResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.contentType = .json
                if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
                // A retry sends the same bytes; sorted keys make the dictionary's encoding the same each time.
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let json = try encoder.encode(["kind": "complaint", "category": "0301", "description": description, "callerPhone": "13900001111"])
                return try await TestBrowser(test.app).send(.POST, "/api/v1/hotline/tickets", headers: headers, body: ByteBuffer(data: json))
            }
            func count() async throws -> Int { try await TicketRecord.query(on: test.app.db).count() }
            let before = try await count()

            let answer = try await file("小区门口夜市噪音扰民", key: "8e0f3c1a-retry-1", token: first)
            #expect(answer.status == .created && answer.headers.first(name: "Idempotent-Replayed") == nil)
            let again = try await file("小区门口夜市噪音扰民", key: "8e0f3c1a-retry-1", token: first)
            #expect(again.status == .created && again.text == answer.text && again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await count() == before + 1)

            // The same key for another request: refused, nothing filed.
            let other = try await file("另一件事", key: "8e0f3c1a-retry-1", token: first)
            #expect(other.status == .unprocessableEntity && other.text.contains("idempotency_key_reused"))
            #expect(try await count() == before + 1)
            // Another caller's identical key is its own.
            let theirs = try await file("小区门口夜市噪音扰民", key: "8e0f3c1a-retry-1", token: second)
            #expect(theirs.status == .created && theirs.text != answer.text)
            #expect(try await count() == before + 2)
            // Without a key every request files; a malformed key is refused before anything is filed.
            #expect(try await file("无键", key: nil, token: first).status == .created)
            #expect(try await file("坏键", key: "含中文的键", token: first).status == .badRequest)
            #expect(try await file("坏键", key: String(repeating: "k", count: 256), token: first).status == .badRequest)
            #expect(try await count() == before + 3)
            // A refused request leaves its key free for the corrected retry.
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: first)
            headers.contentType = .json
            headers.replaceOrAdd(name: "Idempotency-Key", value: "fix-and-retry")
            let invalid = try await TestBrowser(test.app).send(.POST, "/api/v1/hotline/tickets", headers: headers, body: ByteBuffer(string: #"{"kind":"rant"}"#))
            #expect(invalid.status == .badRequest)
            #expect(try await file("改正后重试", key: "fix-and-retry", token: first).status == .created)
        }
    }
}
