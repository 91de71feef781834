import Foundation
import GovCore
import GovStore
import Vapor

/// The public portal: home, language switch, the working-day calculator, and the applicant's own space.
enum PortalController {
    static func home(_ request: Request) async throws -> Response {
        let areas = Navigation.items(for: request.principal, language: request.language, currentPath: "")
            .filter { ![Paths.portal.home(), Paths.portal.calendar(), Paths.approvals.services()].contains($0.href) }   // these have their own cards
        return try await request.renderPage(
            "portal/home", titleKey: "title_home", body: HomeBody(signedIn: request.principal != nil, areas: areas),
            notice: request.notice(from: ["signout": "notice_signed_out", "registered": "notice_registered"])
        )
    }

    /// 隐私政策: what personal information is handled, why, who sees it, for how long, and the holder's rights.
    static func privacy(_ request: Request) async throws -> Response {
        try await request.renderPage("portal/privacy", titleKey: "title_privacy", body: [String: String]())
    }

    /// 无障碍声明: the standards followed (GB/T 37668, 适老化), what is done, what is known to fall short, where to say so.
    static func accessibility(_ request: Request) async throws -> Response {
        try await request.renderPage("portal/accessibility", titleKey: "title_accessibility", body: [String: String]())
    }

    struct SitemapBody: Encodable, Sendable {
        var links: [NavItem]
    }

    /// 网站地图: every public section and service, and the areas the caller may enter.
    static func sitemap(_ request: Request) async throws -> Response {
        let language = request.language
        let services: [(String, String)] = [
            ("title_track", Paths.approvals.track()), ("title_verify", Paths.approvals.verify()),
            ("title_request_track", Paths.disclosure.track()), ("title_hotline_track", Paths.hotline.track()),
            ("title_mailbox", Paths.hotline.mailbox()), ("title_privacy", Paths.portal.privacy()),
            ("title_accessibility", Paths.portal.accessibility()),
        ]
        let links = Navigation.items(for: request.principal, language: language, currentPath: "")
            + services.map { NavItem(label: Strings.text($0.0, language), href: $0.1, current: false) }
        return try await request.renderPage("portal/sitemap", titleKey: "title_sitemap", body: SitemapBody(links: links))
    }

    /// Sets the language cookie and returns to the page the person was on (only ever a local path).
    static func switchLanguage(_ request: Request) async throws -> Response {
        guard let code = request.parameters.get("language"), let language = Language(rawValue: code) else {
            throw AppError.notFound
        }
        let target = LocalPath.sanitise(request.query[String.self, at: "return"])
        let response = request.redirect(to: target)
        response.cookies[LanguageMiddleware.cookieName] = request.govhall.cookie(language.rawValue, sameSite: .lax, maxAge: 365 * 24 * 3600)
        return response
    }
}

/// How an account's identifier is shown: in full to those `AccessPolicy` entitles, masked to everyone else.
enum IdentifierDisplay {
    static func of(_ account: AccountProfile, viewer: Principal?, language: Language, forceMask: Bool = false) -> (label: String, value: String)? {
        let labelKey: String
        let raw: String
        if let residentID = account.residentID {
            (labelKey, raw) = ("identifier_resident", residentID)
        } else if let creditCode = account.creditCode {
            (labelKey, raw) = ("identifier_credit_code", creditCode)
        } else {
            return nil
        }
        let entitled = !forceMask && AccessPolicy.canSeeFullIdentifiers(of: account.id, viewer: viewer)
        return (Strings.text(labelKey, language), entitled ? raw : Mask.identifier(raw))
    }
}
