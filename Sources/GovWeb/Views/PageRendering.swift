import Foundation
import GovCore
import Vapor

extension Request {
    /// Renders `template` inside the layout, with navigation for the caller's roles.
    func renderPage<Body: Encodable & Sendable>(
        _ template: String, titleKey: String, body: Body, notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let page = Page(chrome: chrome(titleKey: titleKey, notice: notice), t: Strings.table(language), body: body)
        let view = try await self.view.render(template, page)
        let response = try await view.encodeResponse(for: self)
        response.status = status
        response.headers.contentType = HTTPMediaType.html
        return response
    }

    func chrome(titleKey: String, notice: String?) -> Chrome {
        let language = self.language
        let other: Language = language == .zhHans ? .en : .zhHans
        let here = url.path + (url.query.map { "?" + $0 } ?? "")
        return Chrome(
            lang: language.rawValue,
            title: Strings.text(titleKey, language),
            csrf: csrfToken,
            path: url.path,
            otherLanguageLabel: Strings.text(other == .en ? "language_label_en" : "language_label_zh", language),
            switchLanguageURL: "/language/\(other.rawValue)?return=" + (here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"),
            user: principal.map { principal in
                ChromeUser(name: principal.displayName, roles: principal.roles.sorted { $0.rawValue < $1.rawValue }.map { $0.title(in: language) })
            },
            nav: Navigation.items(for: principal, language: language, currentPath: url.path),
            notice: notice,
            today: CivilDate.beijing(now).description
        )
    }

    /// A confirmation named by `?done=` after a redirect (post/redirect/get), if it is one we know.
    func notice(from keys: [String: String]) -> String? {
        guard let done = query[String.self, at: "done"], let key = keys[done] else { return nil }
        return Strings.text(key, language)
    }
}

/// The areas a person sees in the header: exactly those `AccessPolicy` lets them enter.
enum Navigation {
    static func items(for principal: Principal?, language: Language, currentPath: String) -> [NavItem] {
        var items: [(String, String, Area?)] = [
            ("nav_portal", "/", .portal),
            ("nav_services", "/services", nil),
            ("nav_disclosure", "/disclosure", nil),
            ("nav_credit", "/credit", nil),
            ("nav_hotline", "/hotline", nil),
            ("nav_participation", "/participation", nil),
            ("nav_calendar", "/calendar", nil),
            ("nav_performance", "/performance", nil),
            ("nav_applicant", "/my", .applicantSpace),
            ("nav_workbench", "/workbench", .workbench),
            ("nav_supervision", "/supervision", .supervision),
            ("nav_admin", "/admin", .admin),
            ("nav_notifications", "/notifications", .notifications),
        ]
        if principal != nil { items.append(("nav_account", "/account", nil)) }
        return items
            .filter { _, _, area in area.map { AccessPolicy.canEnter($0, principal) } ?? true }
            .map { key, href, _ in
                NavItem(
                    label: Strings.text(key, language), href: href,
                    current: href == "/" ? currentPath == "/" : currentPath.hasPrefix(href)
                )
            }
    }
}
