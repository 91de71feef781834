import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a request body may hold. Multipart decoding costs grow with the square of the number of parts, so a multipart
/// body is taken only by the routes declared as uploads, only from a signed-in caller, and only with few parts.
enum RequestLimits {
    /// A form with files: several materials of up to 20 MB each, or their base64 in JSON.
    static let uploadBytes = 45 * 1024 * 1024
    /// Every other body: a form or a JSON document of text.
    static let formBytes = 512 * 1024
    /// The most parts an upload may have: its fields and every material a matter asks for, with room to spare.
    static let uploadParts = 200
}

extension RoutesBuilder {
    /// A form or API call that carries files: the only kind of route that takes a multipart body, up to `maximumBytes`.
    @discardableResult
    func upload<Response: AsyncResponseEncodable>(
        _ path: PathComponent..., maximumBytes: Int = RequestLimits.uploadBytes,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: maximumBytes)), use: closure)
        route.userInfo[Route.uploadLimitKey] = maximumBytes
        return route
    }
}

extension Route {
    fileprivate static let uploadLimitKey: AnySendableHashable = "govhall.uploadBytes"

    /// The most bytes this route takes if it is an upload, else nil.
    var uploadLimit: Int? { userInfo[Self.uploadLimitKey] as? Int }
}

/// No body is read before its route and its caller are known (issue 20, item 2). A request for no route is answered
/// (404 or 405) without reading its body; a multipart body is refused with 415 by a route that takes no files, and
/// with 401 from a stranger; an upload is collected within its route's limit and its parts are counted, without
/// decoding them, before anything parses it.
struct RequestBodyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route, let type = request.headers.contentType, type.type == "multipart" else {
            return try await next.respond(to: request)
        }
        guard let limit = route.uploadLimit else { throw Abort(.unsupportedMediaType) }
        guard request.caller != nil else { throw AppError.notSignedIn }
        guard let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw Abort(.badRequest)  // RFC 2046 §5.1.1: a boundary is 1 to 70 characters
        }
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw Abort(.payloadTooLarge)
        }
        let body = try await request.body.collect(max: limit).get() ?? ByteBuffer()
        // n parts have n + 1 delimiters, the closing one included; counting stops at the first one too many.
        let most = RequestLimits.uploadParts + 1
        guard MultipartScan.delimiterCount(in: body, boundary: boundary, stoppingAfter: most + 1) <= most else {
            throw Abort(.payloadTooLarge)
        }
        return try await next.respond(to: request)
    }
}

/// Looks into a multipart body without decoding it: counts its parts, and reads a field that comes first.
enum MultipartScan {
    /// How many times `--boundary` occurs in `body`, counting no further than `limit`.
    static func delimiterCount(in body: ByteBuffer, boundary: String, stoppingAfter limit: Int) -> Int {
        let delimiter = Array(("--" + boundary).utf8)
        return body.withUnsafeReadableBytes { bytes -> Int in
            guard let base = bytes.baseAddress, delimiter.count <= bytes.count else { return 0 }
            var count = 0
            var offset = 0
            let last = bytes.count - delimiter.count
            // memchr to each candidate's first byte, memcmp for the rest: linear, and fast in a debug build too.
            while count < limit, offset <= last,
                  let found = memchr(base + offset, Int32(delimiter[0]), last - offset + 1) {
                let position = base.distance(to: UnsafeRawPointer(found))
                if memcmp(found, delimiter, delimiter.count) == 0 {
                    count += 1
                    offset = position + delimiter.count
                } else {
                    offset = position + 1
                }
            }
            return count
        }
    }

    /// The value of the field `name` if it is the body's first part (as GovHall's forms put `_csrf`), else nil.
    static func firstField(named name: String, in body: ByteBuffer, boundary: String) -> String? {
        // The first part of a form is a few hundred bytes; what follows it (perhaps a file) is not read.
        let text = String(decoding: body.getBytes(at: body.readerIndex, length: min(body.readableBytes, 4096)) ?? [], as: UTF8.self)
        guard let opening = text.range(of: "--" + boundary + "\r\n"),
              let headersEnd = text.range(of: "\r\n\r\n", range: opening.upperBound..<text.endIndex)
        else { return nil }
        let headers = text[opening.upperBound..<headersEnd.lowerBound].lowercased()
        guard headers.hasPrefix("content-disposition: form-data; name=\"\(name)\""),
              !headers.contains("filename="),
              let valueEnd = text.range(of: "\r\n--" + boundary, range: headersEnd.upperBound..<text.endIndex)
        else { return nil }
        return String(text[headersEnd.upperBound..<valueEnd.lowerBound])
    }
}
