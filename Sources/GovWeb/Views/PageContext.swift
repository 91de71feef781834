import Foundation
import GovCore
import LeafKit

/// What every page's layout needs: language, navigation by role, the signed-in person, the CSRF token.
struct Chrome: Encodable, Sendable {
    var lang: String
    var title: String
    var csrf: String
    var path: String
    /// The other language's label and the link that switches to it and comes back to this page.
    var otherLanguageLabel: String
    var switchLanguageURL: String
    var user: ChromeUser?
    /// Whether links into the applicant's space (apply, file a request, my tickets…) lead somewhere: for the public
    /// they lead to sign-in, for applicants to the form; staff accounts do not apply, so they are not shown them.
    var applicantLinks: Bool
    var nav: [NavItem]
    /// A one-line confirmation after a successful form, already localised.
    var notice: String?
    /// Today in Beijing, `yyyy-MM-dd`.
    var today: String
    var site: SiteFooter
}

/// The foot of every page: the site's identification, filings and contact (``SiteIdentity``).
struct SiteFooter: Encodable, Sendable {
    var siteCode: String
    var icpFiling: String
    var publicSecurityFiling: String
    /// The national lookup of the public security filing.
    var publicSecurityLink: String
    var contactPhone: String
    var contactEmail: String
    var contactAddress: String

    init(_ site: SiteIdentity) {
        siteCode = site.siteCode
        icpFiling = site.icpFiling
        publicSecurityFiling = site.publicSecurityFiling
        publicSecurityLink = "https://beian.mps.gov.cn/#/query/webSearch?code=" + site.publicSecurityRecordCode
        contactPhone = site.contactPhone
        contactEmail = site.contactEmail
        contactAddress = site.contactAddress
    }
}

struct ChromeUser: Encodable, Sendable {
    var name: String
    var roles: [String]
}

struct NavItem: Encodable, Sendable {
    var label: String
    var href: String
    var current: Bool
}

/// A page: the chrome, the string table `t` of the page's language (keys in `Strings`), and the page's own data.
struct Page<Body: Encodable & Sendable>: Encodable, Sendable {
    var chrome: Chrome
    var t: StringTable
    var body: Body

    init(chrome: Chrome, language: Language, body: Body) {
        self.chrome = chrome
        self.t = StringTable(language: language)
        self.body = body
    }
}

/// One language's strings as a page's `t`. Leaf takes them as data made once per language: encoding the whole
/// table into Leaf's data again on every render was most of what a page cost (issue 22's profile of the home page).
struct StringTable: Encodable, LeafDataRepresentable, Sendable {
    var language: Language

    private static let prepared: [Language: LeafData] = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
        (language, LeafData.dictionary(Strings.table(language).mapValues(LeafData.string)))
    })

    var leafData: LeafData { Self.prepared[language] ?? .dictionary([:]) }

    func encode(to encoder: any Encoder) throws { try Strings.table(language).encode(to: encoder) }
}

/// A `<select>` option.
struct Option: Encodable, Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// Form state for re-display: what was typed and the error beside each field, both keyed by field name.
struct FormState: Encodable, Sendable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    /// An error that belongs to no single field.
    var error: String?
}

// MARK: Portal

struct HomeBody: Encodable, Sendable {
    var signedIn: Bool
    var areas: [NavItem]
}

struct SignInBody: Encodable, Sendable {
    var next: String
    var form: FormState
}

struct RegisterBody: Encodable, Sendable {
    /// "citizen" or "enterprise".
    var kind: String
    var form: FormState
}

struct RoleRow: Encodable, Sendable {
    var role: String
    var unit: String
    var subtree: Bool
}

struct AccountBody: Encodable, Sendable {
    var username: String
    var displayName: String
    var kind: String
    var identifierLabel: String?
    var identifier: String?
    var phone: String?
    var roles: [RoleRow]
    var form: FormState
}

struct CalendarToolBody: Encodable, Sendable {
    var form: FormState
    /// Set when a computation succeeded.
    var result: CalendarResult?
    var year: Int
    var years: [Int]
    var days: [CalendarDayRow]
}

struct CalendarResult: Encodable, Sendable {
    var from: String
    var workingDays: Int
    var due: String
    var dueWeekday: String
    var calendarDays: Int
}

struct CalendarDayRow: Encodable, Sendable {
    var date: String
    var weekday: String
    /// "off" or "work".
    var kind: String
    var kindLabel: String
    var holiday: String
}

// MARK: Workbench and supervision

struct CountRow: Encodable, Sendable {
    var label: String
    var value: Int
}

struct AuditRow: Encodable, Sendable {
    var sequence: Int
    var time: String
    var actor: String
    var role: String
    var action: String
    var objectType: String
    var objectID: String
    var summary: String
    var requestID: String
    var clientAddress: String
}

struct SupervisionBody: Encodable, Sendable {
    var counts: [CountRow]
    var chainIntact: Bool
    var chainMessage: String
    var recent: [AuditRow]
}

struct AuditBody: Encodable, Sendable {
    var form: FormState
    var rows: [AuditRow]
    var nextPageURL: String?
    var csvURL: String
}

// MARK: Admin

struct AdminHomeBody: Encodable, Sendable {
    var calendarWarning: String?
    var counts: [CountRow]
}

struct UnitRow: Encodable, Sendable {
    var id: String
    var name: String
    var kind: String
    var level: String
    var code: String
    /// Depth below the administrator's top unit; the template turns it into a `depth-N` class (the CSP forbids inline style).
    var depth: Int
}

struct OrganisationsBody: Encodable, Sendable {
    var units: [UnitRow]
    var parents: [Option]
    var kinds: [Option]
    var levels: [Option]
    var form: FormState
}

struct UserRow: Encodable, Sendable {
    var id: String
    var username: String
    var displayName: String
    var kind: String
    var identifier: String
    var unit: String
    var roles: String
    var active: Bool
}

struct UsersBody: Encodable, Sendable {
    var users: [UserRow]
    var query: String
    var units: [Option]
    var form: FormState
}

struct GrantRow: Encodable, Sendable {
    var id: String
    var role: String
    var unit: String
    var subtree: Bool
    /// Asked for and waiting for a second administrator (``SeparationOfDuties``).
    var awaitingApproval: Bool
}

struct UserBody: Encodable, Sendable {
    var user: UserRow
    var grants: [GrantRow]
    var roles: [Option]
    var units: [Option]
    var form: FormState
}

struct CalendarYearRow: Encodable, Sendable {
    var year: Int
    var source: String
    var loadedAt: String
    var days: Int
}

struct CalendarAdminBody: Encodable, Sendable {
    var years: [CalendarYearRow]
    var warning: String?
    var selectedYear: Int
    var days: [CalendarDayRow]
    var form: FormState
}

struct TokenRow: Encodable, Sendable {
    var id: String
    var name: String
    var prefix: String
    var scopes: String
    var unit: String
    var createdAt: String
    var expiresAt: String
    var lastUsedAt: String
    var revoked: Bool
    var awaitingApproval: Bool
}

struct TokensBody: Encodable, Sendable {
    var tokens: [TokenRow]
    var scopes: [Option]
    var units: [Option]
    /// The secret of a token just created: shown this once.
    var newSecret: String?
    var form: FormState
}

struct ErrorBody: Encodable, Sendable {
    var status: Int
    var heading: String
    var message: String
}
