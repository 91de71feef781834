import GovCore
import Vapor

/// Refuses text that no path, form or query of GovHall can legitimately carry: NUL characters (PostgreSQL cannot
/// store them in text, so they would otherwise fail deep inside a query) and paths, query strings or forms that
/// are not valid UTF-8. One check at the edge, instead of one in every handler.
struct InputSanityMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.isSuspicious(request.url.path) {
            throw AppError.rejected(MalformedInput())
        }
        if let query = request.url.query, Self.isSuspicious(query) {
            throw AppError.rejected(MalformedInput())
        }
        if request.headers.contentType == .urlEncodedForm, let body = request.body.data,
           let text = body.getString(at: body.readerIndex, length: body.readableBytes) {
            if Self.isSuspicious(text) { throw AppError.rejected(MalformedInput()) }
        }
        return try await next.respond(to: request)
    }

    /// Percent-encoded NUL, a raw NUL, or an escape that does not decode to UTF-8.
    static func isSuspicious(_ encoded: String) -> Bool {
        if encoded.contains("\u{0}") || encoded.range(of: "%00", options: .caseInsensitive) != nil { return true }
        return encoded.replacingOccurrences(of: "+", with: " ").removingPercentEncoding == nil && encoded.contains("%")
    }

    struct MalformedInput: LocalizedFailure {
        func message(in language: Language) -> String {
            language == .zhHans ? "提交的内容含有无法识别的字符，请检查后重新提交" : "The request contains characters that cannot be read; please check it and try again"
        }
    }
}
