import Vapor

/// The methods each declared path answers, so that a known path asked with another method gets 405 and `Allow`
/// (RFC 9110 §15.5.6) rather than a 404 that pretends the path is not there. Built once from the routes; consulted only
/// when no route matched, so it costs nothing on the paths that exist.
struct DeclaredMethods: Sendable {
    private enum Segment: Hashable, Sendable {
        case constant(String), parameter, catchall

        func matches(_ text: Substring) -> Bool {
            switch self {
            case let .constant(constant): constant == text
            case .parameter, .catchall: true
            }
        }
    }

    private let methodsBySegments: [[Segment]: Set<String>]

    init(_ routes: [Route]) {
        var methods: [[Segment]: Set<String>] = [:]
        for route in routes {
            let segments: [Segment] = route.path.compactMap { component in
                switch component {
                case let .constant(text): text.isEmpty ? nil : .constant(text)
                case .parameter, .anything: .parameter
                case .catchall: .catchall
                }
            }
            methods[segments, default: []].insert(route.method.rawValue)
            if route.method == .GET { methods[segments, default: []].insert(HTTPMethod.HEAD.rawValue) }
        }
        methodsBySegments = methods
    }

    /// The methods `path` is declared with, in a stable order; empty if no route has this path.
    func allowed(forPath path: String) -> [String] {
        let parts = path.split(separator: "/")
        var allowed = Set<String>()
        for (segments, methods) in methodsBySegments where Self.matches(segments, parts) { allowed.formUnion(methods) }
        return allowed.sorted()
    }

    private static func matches(_ segments: [Segment], _ parts: [Substring]) -> Bool {
        for (index, segment) in segments.enumerated() {
            if segment == .catchall { return parts.count > index }
            guard index < parts.count, segment.matches(parts[index]) else { return false }
        }
        return segments.count == parts.count
    }
}

extension Application {
    private struct DeclaredMethodsKey: StorageKey { typealias Value = DeclaredMethods }

    /// Set by `configure` once every route is registered.
    var declaredMethods: DeclaredMethods {
        get { storage[DeclaredMethodsKey.self] ?? DeclaredMethods([]) }
        set { storage[DeclaredMethodsKey.self] = newValue }
    }
}
