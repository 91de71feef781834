import Foundation
import NIOConcurrencyHelpers
import Vapor
import VaporTesting

/// A browser for tests: keeps cookies between requests, and fills in the CSRF token on form posts as a real
/// page would.
public final class TestBrowser: Sendable {
    public let app: Application
    /// In memory by default; `.socket` goes through a real listening server, where a large body arrives in
    /// pieces as it does from a browser.
    public enum Transport: Sendable { case inMemory, socket }
    public let transport: Transport
    private let jar = NIOLockedValueBox<[String: String]>([:])

    public init(_ app: Application, transport: Transport = .inMemory) {
        self.app = app
        self.transport = transport
    }

    public var cookies: [String: String] { jar.withLockedValue { $0 } }

    public func cookie(_ name: String) -> String? { cookies[name] }

    public func setCookie(_ name: String, _ value: String?) { jar.withLockedValue { $0[name] = value } }

    @discardableResult
    public func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> BrowserResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts an urlencoded form; `_csrf` is added from the cookie unless `csrf` overrides it (nil: none sent).
    @discardableResult
    public func post(_ path: String, form: [(String, String)], csrf: String?? = .some(nil)) async throws -> BrowserResponse {
        var fields = form
        switch csrf {
        case .none: break
        case .some(.none):
            if cookie("govhall_csrf") == nil { try await get("/") }
            fields.append(("_csrf", cookie("govhall_csrf") ?? ""))
        case let .some(.some(token)): fields.append(("_csrf", token))
        }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// A file part of a multipart form.
    public struct Upload: Sendable {
        public var field: String
        public var fileName: String
        public var bytes: [UInt8]
        public var contentType: String

        public init(field: String, fileName: String, bytes: [UInt8], contentType: String = "application/octet-stream") {
            self.field = field
            self.fileName = fileName
            self.bytes = bytes
            self.contentType = contentType
        }
    }

    /// Posts a multipart form as a browser does for file uploads, with `_csrf` from the cookie as its first part (where
    /// GovHall's pages put it, and the only place the CSRF check reads it).
    @discardableResult
    public func postMultipart(_ path: String, form: [(String, String)], files: [Upload]) async throws -> BrowserResponse {
        if cookie("govhall_csrf") == nil { try await get("/") }
        let boundary = "----govhall-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("_csrf", cookie("govhall_csrf") ?? "")] + form {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.fileName)\"\r\nContent-Type: \(file.contentType)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    public func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
        var headers = headers
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        if !cookieHeader.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
        let response: BrowserResponse
        switch transport {
        case .inMemory:
            let answer = try await app.testing().sendRequest(method, path, headers: headers, body: body)
            response = BrowserResponse(status: answer.status, headers: answer.headers, body: answer.body)
        case .socket:
            response = try await sendOverSocket(method, path, headers: headers, body: body)
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let expired = header.lowercased().contains("max-age=0")
            setCookie(parts[0], expired || parts[1].isEmpty ? nil : parts[1])
        }
        return response
    }

    /// Vapor's own socket tester gives up after 30 s, which a multi-megabyte upload through a debug build can
    /// take on a loaded two-core runner; this one waits three minutes.
    private func sendOverSocket(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "the test server has no port") }
            let request = ClientRequest(method: method, url: URI(string: "http://127.0.0.1:\(port)\(path)"), headers: headers, body: body,
                                        timeout: .minutes(3))
            let answer = try await app.client.send(request)
            await app.server.shutdown()
            return BrowserResponse(status: answer.status, headers: answer.headers, body: answer.body ?? ByteBuffer())
        } catch {
            await app.server.shutdown()
            throw error
        }
    }

    /// Signs in through the real form. Returns the response to the POST.
    @discardableResult
    public func signIn(_ username: String, _ password: String) async throws -> BrowserResponse {
        try await get("/signin")
        return try await post("/signin", form: [("username", username), ("password", password)])
    }

    public static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A response as the test browser saw it.
public struct BrowserResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    public var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
}

extension TestingHTTPResponse {
    public var text: String { BrowserResponse(status: status, headers: headers, body: body).text }
}
