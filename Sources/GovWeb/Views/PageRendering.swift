import Foundation
import GovCore
import Vapor

extension Request {
    /// Renders `template` inside the layout, with navigation for the caller's roles.
    func renderPage<Body: Encodable & Sendable>(
        _ template: String, titleKey: String, body: Body, notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let page = Page(chrome: chrome(titleKey: titleKey, notice: notice), language: language, body: body)
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
            switchLanguageURL: Paths.portal.language(other.rawValue) + "?return=" + (here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"),
            user: principal.map { principal in
                ChromeUser(name: principal.displayName, roles: principal.roles.sorted { $0.rawValue < $1.rawValue }.map { $0.title(in: language) })
            },
            applicantLinks: principal == nil || AccessPolicy.canEnter(.applicantSpace, principal),
            nav: Navigation.items(for: principal, language: language, currentPath: url.path),
            notice: notice,
            today: CivilDate.beijing(now).description,
            site: SiteFooter(govhall.config.site)
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
            ("nav_portal", Paths.portal.home(), .portal),
            ("nav_services", Paths.approvals.services(), nil),
            ("nav_disclosure", Paths.disclosure.index(), nil),
            ("nav_credit", Paths.credit.search(), nil),
            ("nav_hotline", Paths.hotline.form(), nil),
            ("nav_participation", Paths.participation.index(), nil),
            ("nav_calendar", Paths.portal.calendar(), nil),
            ("nav_performance", Paths.supervision.publicPerformance(), nil),
            ("nav_applicant", Paths.portal.my(), .applicantSpace),
            ("nav_workbench", Paths.approvals.inbox(), .workbench),
            ("nav_supervision", Paths.supervision.home(), .supervision),
            ("nav_admin", Paths.admin.home(), .admin),
            ("nav_notifications", Paths.portal.notifications(), .notifications),
        ]
        if principal != nil { items.append(("nav_account", Paths.portal.account(), nil)) }
        return items
            .filter { _, _, area in area.map { AccessPolicy.canEnter($0, principal) } ?? true }
            .map { key, href, _ in
                NavItem(
                    label: Strings.text(key, language), href: href,
                    current: href == Paths.portal.home() ? currentPath == href : currentPath.hasPrefix(href)
                )
            }
    }
}
