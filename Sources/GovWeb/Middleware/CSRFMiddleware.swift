import Foundation
import GovStore
import Vapor

/// Cross-site request forgery protection for every state-changing form: a random token in a cookie that
/// another site cannot read, which each form repeats in `_csrf` (or a script in `X-CSRF-Token`). The cookie
/// is SameSite=Strict and HttpOnly; the token is renewed at sign-in. API calls with a bearer token carry no
/// cookie and need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "govhall_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.cookieName].map(\.string).flatMap { $0.count == 43 ? $0 : nil }
        // A new token is made only when a page asks for one (``Request/csrfToken``), so answers that carry no form,
        // such as the API's, set no cookie.
        request.storage[CSRFTokenKey.self] = existing

        // Open311 clients authenticate each request with its `api_key` parameter and are never given a session, so a
        // forged cross-site request there carries no authority to abuse. A request for no route changes nothing and is
        // answered 404 or 405 without its body being read.
        let keyedByParameter = request.url.path.hasPrefix("/open311/")
        if request.route != nil, ![.GET, .HEAD, .OPTIONS].contains(request.method), request.headers.bearerAuthorization == nil,
           !keyedByParameter {
            var submitted = request.headers.first(name: "X-CSRF-Token")
            if submitted == nil { submitted = try await Self.formToken(request) }
            guard let existing, let submitted, Self.constantTimeEqual(existing, submitted) else {
                throw AppError.csrfRejected
            }
        }
        let response = try await next.respond(to: request)
        if let final = request.storage[CSRFTokenKey.self], final != existing {
            response.cookies[Self.cookieName] = request.govhall.cookie(final, sameSite: .strict, maxAge: nil)
        }
        return response
    }

    /// The form's `_csrf`: from an upload (already collected and counted by ``RequestBodyMiddleware``) only if it is the
    /// first part, so that no part is decoded before the token is checked; from an ordinary form, within the form limit.
    private static func formToken(_ request: Request) async throws -> String? {
        guard let type = request.headers.contentType else { return nil }
        if type.type == "multipart" {
            guard let body = request.body.data, let boundary = type.parameters["boundary"] else { return nil }
            return MultipartScan.firstField(named: fieldName, in: body, boundary: boundary)
        }
        guard type == .urlEncodedForm else { return nil }
        if request.body.data == nil { _ = try await request.body.collect(max: RequestLimits.formBytes).get() }
        return try? request.content.get(String.self, at: fieldName)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    /// The token a form repeats: the cookie's, or a new one that the answer's cookie will carry.
    var csrfToken: String {
        if let token = storage[CSRFTokenKey.self] { return token }
        let token = Secrets.token(length: 43)
        storage[CSRFTokenKey.self] = token
        return token
    }

    /// A fresh CSRF token, e.g. at sign-in, so one seen before sign-in is worthless after it.
    func renewCSRFToken() { storage[CSRFTokenKey.self] = Secrets.token(length: 43) }
}

extension GovHallContext {
    /// Cookies are HttpOnly always and Secure when GovHall is served over https.
    func cookie(_ value: String, sameSite: HTTPCookies.SameSitePolicy, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: config.secureCookies,
            isHTTPOnly: true, sameSite: sameSite
        )
    }
}
