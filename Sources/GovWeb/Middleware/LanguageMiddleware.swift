import GovCore
import Vapor

/// Chinese first (DESIGN.md), English when the person chose it. The choice is a cookie set by `/language/…`;
/// API clients may instead send `Accept-Language: en`.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "govhall_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let chosen = request.cookies[Self.cookieName]?.string, let language = Language(rawValue: chosen) {
            request.language = language
        } else if request.url.path.hasPrefix("/api/"),
                  request.headers.first(name: .acceptLanguage)?.lowercased().hasPrefix("en") == true {
            request.language = .en
        }
        return try await next.respond(to: request)
    }
}

/// Headers every response carries: no inline script or style (CSP), no framing, no MIME sniffing, no
/// referrer leaking query strings to other sites.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // The id that the logs and the audit log carry, so a person reporting a problem can quote it.
        if let requestID = request.logger[metadataKey: "request-id"] {
            response.headers.replaceOrAdd(name: "X-Request-ID", value: "\(requestID)")
        }
        if request.application.govhall.config.secureCookies {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        if request.caller != nil, !request.url.path.hasPrefix("/css/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
