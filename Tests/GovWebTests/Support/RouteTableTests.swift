import Foundation
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// The router, `Paths` and the templates agree (issue 21, item 5): every route is registered from its typed path, every
/// typed path is registered, and no literal link or form in `Resources/Views` points at an address the router lacks.
@Suite("Route table")
struct RouteTableTests {
    /// A registered route as `GET /workbench/cases/:caseID`.
    static func name(_ route: Route) -> String { "\(route.method.rawValue) \(template(route))" }

    static func template(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }

    /// Every value of `Paths`, read from each area's stored properties, so a path added to an area is in the test.
    static func typedPaths() -> [(name: String, path: any RoutePath)] {
        Paths.areas.flatMap { area in
            Mirror(reflecting: area).children.compactMap { child in
                (child.value as? any RoutePath).map { ("\(type(of: area)).\(child.label ?? "?")", $0) }
            }
        }
    }

    @Test("every route is registered from a typed path, and every typed path is registered")
    func routesAndPathsAgree() async throws {
        try await withTestApp(seedDemo: false) { test in
            let routes = test.app.routes.all
            let untyped = routes.filter { $0.typedPath == nil }.map(Self.name)
            #expect(untyped.isEmpty, "registered from strings, not from Paths: \(untyped)")
            let mismatched = routes.filter { $0.typedPath != nil && $0.typedPath != Self.template($0) }.map(Self.name)
            #expect(mismatched.isEmpty, "registered at another path than their typed path's: \(mismatched)")

            let names = routes.map(Self.name)
            let twice = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(twice.isEmpty, "registered more than once: \(twice)")

            let paths = Self.typedPaths()
            #expect(paths.count > 200, "Paths.areas lists fewer paths than the site has")
            let byTemplate = Dictionary(grouping: paths, by: \.path.template)
            let shared = byTemplate.filter { $0.value.count > 1 }.map { "\($0.key): \($0.value.map(\.name))" }
            #expect(shared.isEmpty, "one pattern, several values: \(shared)")
            let registered = Set(routes.map(Self.template))
            let unregistered = paths.filter { !registered.contains($0.path.template) }.map(\.name)
            #expect(unregistered.isEmpty, "typed paths no route is registered at: \(unregistered)")
        }
    }

    @Test("links build the template with their values, encoded")
    func linksFillTheirTemplates() {
        let id = UUID(uuidString: "0C7D5A5E-8F1B-4D7E-9A0B-6E2F3C4D5E6F")!
        #expect(Paths.portal.home() == "/")
        #expect(Paths.approvals.workCase(id) == "/workbench/cases/0c7d5a5e-8f1b-4d7e-9a0b-6e2f3c4d5e6f")
        #expect(Paths.approvals.workCase(id, query: ["done": "received", "code": "AB2C"])
            == "/workbench/cases/0c7d5a5e-8f1b-4d7e-9a0b-6e2f3c4d5e6f?done=received&code=AB2C")
        #expect(Paths.approvals.myCaseNotice.prefix(id) == "/my/cases/0c7d5a5e-8f1b-4d7e-9a0b-6e2f3c4d5e6f/notices/")
        #expect(Paths.approvals.workCase.prefix == "/workbench/cases/")
        #expect(Paths.approvals.apply("990100-GA-0001") == "/services/990100-GA-0001/apply")
        #expect(Paths.credit.file("a/b c") == "/credit/a%2Fb%20c")
        #expect(Paths.admin.calendar(query: ["year": "2026", "imported": "2026,2027", "done": nil]) == "/admin/calendar?year=2026&imported=2026,2027")
        #expect(Paths.hotline.track(query: ["number": "a&b=c"]) == "/hotline/track?number=a%26b%3Dc")
        #expect(Paths.api.calendarYear(2026) == "/api/v1/calendar/years/2026")
        #expect(Paths.supervision.lightsCSV(encodedQuery: "") == "/supervision/lights.csv")
        #expect(Paths.supervision.lightsCSV(encodedQuery: "days=7") == "/supervision/lights.csv?days=7")
    }

    // MARK: The templates' own links

    /// A literal link or form in a template: where it is, the method it is followed with, and its path.
    struct TemplateLink: CustomStringConvertible {
        var file: String
        var method: HTTPMethod
        var path: String
        var description: String { "\(file): \(method.rawValue) \(path)" }
    }

    static let viewsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Views")

    /// Stands for a Leaf interpolation (`#(c.id)`) in a link: it may be any one segment's value.
    static let interpolated = "\u{1}"

    /// Every `href="/…"` and `action="/…"` of the templates: a link is followed with GET, a form with its own method
    /// (GET unless it says `post`). The query and the fragment are dropped; each `#(…)` becomes `interpolated`.
    static func templateLinks() throws -> [TemplateLink] {
        let files = FileManager.default.enumerator(at: viewsDirectory, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        var links: [TemplateLink] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = String(file.path.dropFirst(viewsDirectory.path.count + 1))
            for match in text.matches(of: /(href|action)="(\/[^"]*)"/) {
                var method = HTTPMethod.GET
                if match.output.1 == "action" {
                    let before = text[..<match.range.lowerBound]
                    let form = before.range(of: "<form", options: .backwards).map { text[$0.lowerBound..<match.range.lowerBound] } ?? ""
                    if form.range(of: #"method="post""#, options: .caseInsensitive) != nil { method = .POST }
                }
                links.append(TemplateLink(file: name, method: method, path: path(of: String(match.output.2))))
            }
        }
        return links
    }

    /// The path of a link as written in a template, without its query or fragment, with `interpolated` for each
    /// interpolation (Leaf's `#(…)` and `#if(…):`, which also begin with `#`, are not fragments).
    static func path(of link: String) -> String {
        let tags = link.replacing(/#\w*\((?:[^()]|\([^()]*\))*\):?/) { _ in interpolated }
            .replacing(/#(endif|else:)/, with: "")
        let end = tags.firstIndex { $0 == "?" || $0 == "#" } ?? tags.endIndex
        return String(tags[..<end])
    }

    /// Whether a route answers `method` at `path`: constant segments are equal, a parameter takes any value, and an
    /// interpolated segment may be any value (a parameter's, or a constant chosen by the page, like `/#(side)/orders`).
    static func answers(_ route: Route, _ method: HTTPMethod, _ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard route.method == method, route.path.count == segments.count else { return false }
        return zip(route.path, segments).allSatisfy { component, segment in
            switch component {
            case let .constant(value):
                guard segment.contains(interpolated) else { return value == segment }
                // "report.#(format)": the interpolation may stand for anything within the segment.
                let parts = segment.split(separator: Character(interpolated), omittingEmptySubsequences: false).map(String.init)
                return value.hasPrefix(parts.first!) && value.hasSuffix(parts.last!)
            case .parameter, .anything, .catchall: return true
            }
        }
    }

    @Test("every literal link and form in the templates reaches a registered route with its method")
    func templateLinksReachRoutes() async throws {
        let links = try Self.templateLinks()
        #expect(links.count > 200, "found too few links in \(Self.viewsDirectory.path)")
        try await withTestApp(seedDemo: false) { test in
            let routes = test.app.routes.all
            let assets = PublicFilesMiddleware.folders
            let dead = links.filter { link in
                !assets.contains { link.path.hasPrefix($0) } && !routes.contains { Self.answers($0, link.method, link.path) }
            }
            #expect(dead.isEmpty, "links to no route: \(dead.map(\.description).joined(separator: "; "))")
        }
    }

    @Test("a template's link is read as the router sees it")
    func templateLinkParsing() {
        let x = Self.interpolated
        #expect(Self.path(of: "/verify?code=#(c.number)#if(c.checkCode):&amp;check=#(c.checkCode)#endif") == "/verify")
        #expect(Self.path(of: "/services/#(body.code)/forms/sample") == "/services/\(x)/forms/sample")
        #expect(Self.path(of: "/#(body.side)/orders") == "/\(x)/orders")
        #expect(Self.path(of: "/supervision/violations?#(body.filter.query)") == "/supervision/violations")
        #expect(Self.path(of: "/disclosure#results") == "/disclosure")
    }
}
