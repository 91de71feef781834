import Foundation
import Vapor

/// One route pattern of the site, written once as its template (`/workbench/cases/:caseID`): the router registers its
/// components, and the same value builds its links, so a renamed route cannot leave a dead link behind (issue 21,
/// item 5). `Path0` to `Path3` differ only in how many parameters a link needs; the table is `Paths`.
protocol RoutePath: Sendable {
    /// The pattern as the router reads it: constant segments, and `:name` for each parameter.
    var template: String { get }
}

extension RoutePath {
    /// What `routes.swift` registers.
    var components: [PathComponent] { template.pathComponents }

    /// The template with each parameter replaced, in order, by a value already written as a segment.
    fileprivate func link(_ values: [String], query: KeyValuePairs<String, String?>) -> String {
        var values = values.makeIterator()
        let path = template == "/" ? "/" : "/" + template.split(separator: "/").map { segment in
            segment.hasPrefix(":") ? values.next()! : String(segment)
        }.joined(separator: "/")
        let items = query.compactMap { name, value in value.map { "\(name)=\(Self.encodeQuery($0))" } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// Everything a query value may hold but the characters that would end it.
    private static func encodeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .queryValueAllowed) ?? value
    }
}

extension CharacterSet {
    /// What a path segment may hold unescaped: a path's characters but its separator.
    static let pathSegmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
    /// What a query value may hold unescaped: a query's characters but those that separate its items.
    static let queryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}

/// A value that fills a parameter of a `RoutePath`.
protocol PathParameter {
    var pathSegment: String { get }
}

extension UUID: PathParameter {
    /// Identifiers are written in lower case everywhere on the site.
    var pathSegment: String { uuidString.lowercased() }
}

extension String: PathParameter {
    /// Codes, numbers and words, percent-encoded where a character would break the path (a code's `-` stays as it is).
    var pathSegment: String { addingPercentEncoding(withAllowedCharacters: .pathSegmentAllowed) ?? self }
}

extension Int: PathParameter {
    var pathSegment: String { String(self) }
}

/// A route without parameters (`/workbench`).
struct Path0: RoutePath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(query: KeyValuePairs<String, String?> = [:]) -> String { link([], query: query) }

    /// The link followed by a query already encoded (a filter's own `query`), or by nothing if it is empty.
    func callAsFunction(encodedQuery: String) -> String {
        encodedQuery.isEmpty ? link([], query: [:]) : link([], query: [:]) + "?" + encodedQuery
    }
}

/// A route with one parameter (`/workbench/cases/:caseID`).
struct Path1<A: PathParameter>: RoutePath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(_ a: A, query: KeyValuePairs<String, String?> = [:]) -> String {
        link([a.pathSegment], query: query)
    }

    /// The link without its last segment, ending in `/`, for a template that appends the parameter itself
    /// (`#(body.caseLinkPrefix)#(c.id)`).
    var prefix: String { link([""], query: [:]) }
}

/// A route with two parameters (`/my/cases/:caseID/notices/:eventID`).
struct Path2<A: PathParameter, B: PathParameter>: RoutePath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(_ a: A, _ b: B, query: KeyValuePairs<String, String?> = [:]) -> String {
        link([a.pathSegment, b.pathSegment], query: query)
    }

    /// The link for `a` without its last segment, ending in `/`, for a template that appends the last parameter itself
    /// (`#(body.noticePrefix)#(event.id)`).
    func prefix(_ a: A) -> String { link([a.pathSegment, ""], query: [:]) }
}

/// A route with three parameters (`/admin/approvals/:kind/:id/:decision`).
struct Path3<A: PathParameter, B: PathParameter, C: PathParameter>: RoutePath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(_ a: A, _ b: B, _ c: C, query: KeyValuePairs<String, String?> = [:]) -> String {
        link([a.pathSegment, b.pathSegment, c.pathSegment], query: query)
    }
}

extension Route {
    fileprivate static let pathKey: AnySendableHashable = "govhall.path"

    /// The template of the `RoutePath` this route was registered from; nil for a route registered from strings.
    var typedPath: String? { userInfo[Self.pathKey] as? String }

    fileprivate func marked(_ path: some RoutePath) -> Route {
        userInfo[Self.pathKey] = path.template
        return self
    }
}

extension RoutesBuilder {
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ path: some RoutePath, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.GET, path.components, use: closure).marked(path)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ path: some RoutePath, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, path.components, use: closure).marked(path)
    }

    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: some RoutePath, body: HTTPBodyStreamStrategy,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(method, path.components, body: body, use: closure).marked(path)
    }

    /// An upload at a typed path: the same route, limit and body handling as `upload(_:maximumBytes:use:)`, which
    /// registers it under a group holding the path.
    @discardableResult
    func upload<Response: AsyncResponseEncodable>(
        _ path: some RoutePath, maximumBytes: Int = RequestLimits.uploadBytes,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        grouped(path.components).upload(maximumBytes: maximumBytes, use: closure).marked(path)
    }
}
