import FluentKit
import Foundation
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Issue 20, items 2 and 11: no body is parsed before its route and its caller are known, and a known path asked with
/// another method says which methods it takes.
@Suite("Security: request bodies and methods")
struct SecurityBodyTests {
    /// A multipart body of `count` one-byte fields, with `_csrf` first when given.
    static func multipart(parts count: Int, csrf: String?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "b0undary"
        var body = ByteBuffer()
        if let csrf { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n") }
        for index in 0..<count { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\nx\r\n") }
        body.writeString("--\(boundary)--\r\n")
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], body)
    }

    @Test("a multipart body is taken only by an upload route, from a signed-in caller, with few parts, and changes nothing else")
    func multipartOnlyWhereUploadsBelong() async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let citizen = try await ApprovalFixtures.browser(test, as: "citizen")
            let auditBefore = try await AuditEntry.query(on: test.app.db).count()
            let casesBefore = try await ApprovalCase.query(on: test.app.db).count()
            let stranger = try await SecurityPeople.browser(test, as: "anonymous")
            let (headers, flood) = Self.multipart(parts: 30_000, csrf: stranger.cookie("govhall_csrf"))

            // A path no route has: 404, the body unread.
            #expect(try await stranger.send(.POST, "/no-such-path", headers: headers, body: flood).status == .notFound)
            // A form that takes no files: 415 (it used to be decoded whole for the CSRF token, 31 s of CPU for 40,000 parts).
            let hotline = try await stranger.send(.POST, "/hotline", headers: headers, body: flood)
            #expect(hotline.status == .unsupportedMediaType && hotline.text.contains("不接受文件上传"))
            let api = try await stranger.send(.POST, "/api/v1/hotline/tickets", headers: headers, body: flood)
            #expect(api.status == .unsupportedMediaType)
            // An upload route, from a stranger: sent to sign in first.
            let upload = try await stranger.send(.POST, "/services/\(code)/apply", headers: headers, body: flood)
            #expect(upload.status == .seeOther && upload.headers.first(name: .location)?.hasPrefix("/signin") == true)

            // A signed-in upload with too many parts: 413 before any part is decoded.
            for count in [RequestLimits.uploadParts + 1, 100_000] {
                let (headers, body) = Self.multipart(parts: count, csrf: citizen.cookie("govhall_csrf"))
                let response = try await citizen.send(.POST, "/services/\(code)/apply", headers: headers, body: body)
                #expect(response.status == .payloadTooLarge, "\(count) parts → \(response.status.code)")
            }
            // The token is read from the first part only: a form that hides it among the others is refused.
            let (tokenLast, threeParts) = Self.multipart(parts: 3, csrf: nil)
            var body = threeParts
            body.moveWriterIndex(to: body.writerIndex - "--b0undary--\r\n".utf8.count)
            body.writeString("--b0undary\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(citizen.cookie("govhall_csrf") ?? "")\r\n--b0undary--\r\n")
            #expect(try await citizen.send(.POST, "/services/\(code)/apply", headers: tokenLast, body: body).status == .forbidden)
            // …while the header a page's script may set is accepted in its place (the form is then judged on its fields).
            var (scripted, few) = Self.multipart(parts: 3, csrf: nil)
            scripted.replaceOrAdd(name: "X-CSRF-Token", value: citizen.cookie("govhall_csrf") ?? "")
            let judged = try await citizen.send(.POST, "/services/\(code)/apply", headers: scripted, body: few)
            #expect(judged.status != .forbidden && judged.status.code < 500, "\(judged.status.code)")

            #expect(try await ApprovalCase.query(on: test.app.db).count() == casesBefore)
            #expect(try await AuditEntry.query(on: test.app.db).count() == auditBefore)
        }
    }

    @Test("a known path asked with a method it does not take answers 405 with Allow, in the caller's language and format")
    func methodNotAllowed() async throws {
        try await withTestApp(seedDemo: false) { test in
            let browser = TestBrowser(test.app)
            for (method, path, allow) in [
                (HTTPMethod.DELETE, "/signin", "GET, HEAD, POST"), (.POST, "/verify", "GET, HEAD"), (.PUT, "/services/ANY-CODE", "GET, HEAD"),
                (.POST, "/healthz", "GET, HEAD"), (.PATCH, "/api/v1/cases", "GET, HEAD, POST"),
            ] {
                let response = try await browser.send(method, path, headers: [:], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method) \(path) → \(response.status.code)")
                #expect(response.headers.first(name: .allow) == allow, "\(method) \(path): Allow \(response.headers.first(name: .allow) ?? "none")")
                if path.hasPrefix("/api/") || path == "/healthz" {
                    #expect(response.text.contains("\"http_405\""), "\(response.text)")
                } else {
                    #expect(response.text.contains("此地址不支持这种请求方式"), "\(path)")
                }
            }
            // A path that no method has stays a 404, and a declared method is unaffected.
            #expect(try await browser.send(.DELETE, "/no-such-page", headers: [:], body: nil).status == .notFound)
            #expect(try await browser.send(.POST, "/services/ANY-CODE/no-such-thing", headers: [:], body: nil).status == .notFound)
            #expect(try await browser.get("/signin").status == .ok)
        }
    }
}
