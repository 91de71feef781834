import Foundation
import GovCore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("OpenAPI document")
struct OpenAPITests {
    /// Routes that are pages for people, not API operations.
    static func isAPIRoute(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path.hasPrefix("/open311/") || ["/healthz", "/metrics", "/openapi.json"].contains(path)
    }

    @Test("describes exactly the JSON endpoints the app registers")
    func matchesRoutes() async throws {
        try await withTestApp(seedDemo: false) { test in
            let response = try await test.app.testing().sendRequest(.GET, "/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = Set(test.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case let .parameter(name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return Self.isAPIRoute(path) ? "\(route.method.rawValue) \(path)" : nil
            })
            #expect(documented == registered, "undocumented: \(registered.subtracting(documented)); stale: \(documented.subtracting(registered))")
            // The enumeration of obligation kinds keeps up with the engine, which each area extends.
            let kinds = ObligationKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            #expect(response.text.contains("\"kind\": { \"type\": \"string\", \"enum\": [\(kinds)] }"), "the obligation kinds in the document are stale")
            // Every $ref resolves.
            let text = response.text
            for match in text.matches(of: /"\$ref": "#\/components\/(schemas|responses)\/(\w+)"/) {
                let section = try #require((document["components"] as? [String: Any])?[String(match.output.1)] as? [String: Any])
                #expect(section[String(match.output.2)] != nil, "dangling $ref \(match.output.2)")
            }
        }
    }
}
