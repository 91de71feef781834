import Vapor

/// Serves the files in `Public/`, which live only under `/css/` and `/js/`: every other path goes straight to the
/// routes, without a file-system lookup per request, and a path no file system could hold (a segment longer than a
/// file name may be, say) is a 404, not an error.
struct PublicFilesMiddleware: AsyncMiddleware {
    static let folders = ["/css/", "/js/"]
    /// The longest file name Linux allows, in bytes.
    static let longestName = 255
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard Self.folders.contains(where: path.hasPrefix) else { return try await next.respond(to: request) }
        guard path.split(separator: "/").allSatisfy({ $0.utf8.count <= Self.longestName }) else { throw Abort(.notFound) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
