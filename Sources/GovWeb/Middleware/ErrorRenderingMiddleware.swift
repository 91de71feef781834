import Foundation
import GovCore
import GovStore
import Vapor

/// Turns every error into a clear response in the request's language: JSON for the API, an HTML page
/// otherwise. Internal errors are logged as critical and never shown; nothing leaks a stack or an SQL text.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request)
        }
    }

    private func response(for error: any Error, _ request: Request) async -> Response {
        let error = (error as? any DomainRefusal).map(AppError.init(refusal:)) ?? error
        let language = request.language
        let status: HTTPResponseStatus
        let code: String
        let message: String
        var fields: [String: String]?
        var headers = HTTPHeaders()
        let allowed = error is RouteNotFound ? request.application.declaredMethods.allowed(forPath: request.url.path) : []
        switch error {
        case is RouteNotFound where !allowed.isEmpty:
            status = .methodNotAllowed
            code = "http_405"
            message = Strings.text("error_405_message", language)
            headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
        case let error as AppError:
            status = error.status
            code = error.code
            message = error.message(in: language)
            if case let .throttled(until) = error {
                headers.replaceOrAdd(name: .retryAfter, value: RetryAfter.seconds(until: until, now: request.now))
            }
            if case let .lookupThrottled(until) = error {
                headers.replaceOrAdd(name: .retryAfter, value: RetryAfter.seconds(until: until, now: request.now))
            }
            if case .notSignedIn = error, !request.wantsJSON {
                return request.redirect(to: Paths.portal.signIn() + "?next=" + (request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
            }
        case let errors as FieldErrors:
            status = .badRequest
            code = "invalid"
            message = errors.message(in: language)
            fields = errors.messages(in: language)
        case let failure as any LocalizedFailure:
            status = .badRequest
            code = "invalid"
            message = failure.message(in: language)
        case is DecodingError:
            status = .badRequest
            code = "bad_request"
            message = Strings.text("error_400_message", language)
        case let abort as any AbortError where abort.status.code < 500:
            status = abort.status
            code = "http_\(abort.status.code)"
            message = Strings.text(["error_\(abort.status.code)_message", "error_400_message"], language)
            headers = abort.headers
        case _ where DatabaseOutage.isOutage(error):
            status = .serviceUnavailable
            code = "unavailable"
            message = Strings.text("error_503_message", language)
            headers.replaceOrAdd(name: .retryAfter, value: "5")
            request.logger.error("database unavailable: \(String(reflecting: type(of: error)))")
        default:
            status = .internalServerError
            code = "internal"
            message = Strings.text("error_500_message", language)
            request.logger.critical("unhandled error: \(String(reflecting: error))")
        }
        if request.url.path.hasPrefix("/open311/") {
            // GeoReport v2 clients read errors only in the specification's shape.
            let response = Response(status: status, headers: headers)
            try? response.content.encode([Open311Controller.ErrorDTO(code: Int(status.code), description: message)], as: .json)
            return response
        }
        if request.wantsJSON {
            let body = APIErrorBody(error: .init(code: code, message: message, fields: fields))
            let response = Response(status: status, headers: headers)
            try? response.content.encode(body, as: .json)
            return response
        }
        let page = ErrorBody(
            status: Int(status.code),
            heading: Strings.text(["error_\(status.code)_heading", "error_400_heading"], language),
            message: message
        )
        do {
            let response = try await request.renderPage("errors/error", titleKey: "title_error", body: page)
            response.status = status
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        } catch {
            request.logger.critical("error page failed to render: \(String(reflecting: error))")
            return Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: "\(status.code) \(message)"))
        }
    }
}

struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var fields: [String: String]?
    }
    var error: Detail
}

/// Recognises "the database is not there" (refused connection, pool timeout, server shutting down), which is
/// a 503 the client can retry, not a bug.
enum DatabaseOutage {
    static func isOutage(_ error: any Error) -> Bool {
        if DatabaseUnavailable.matches(error) || error is Deadline.Passed { return true }
        let name = String(reflecting: type(of: error))
        if name.contains("ConnectionPoolTimeoutError") || name.contains("NIOConnectionError") || name.contains("ChannelError") {
            return true
        }
        let text = String(describing: error)
        return text.contains("connectionClosed") || text.contains("connectionError") || text.contains("serverClosedConnection")
            || text.contains("Connection refused") || text.contains("SQLITE_BUSY") || text.contains("database is locked")
    }
}

extension Request {
    /// API paths, and clients that ask for JSON, get JSON errors.
    var wantsJSON: Bool {
        url.path.hasPrefix("/api/") || url.path == "/openapi.json" || url.path == "/healthz"
            || (headers.first(name: .accept)?.contains("application/json") ?? false)
    }
}
