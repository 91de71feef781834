import GovCore
import Vapor

/// Every route, grouped by who may reach it. Guards consult `AccessPolicy`; handlers hold no rules.
func routes(_ app: Application) throws {
    // Public
    app.get(use: PortalController.home)
    app.get("language", ":language", use: PortalController.switchLanguage)
    app.get("calendar", use: CalendarController.tool)
    app.get("signin", use: SessionController.signInPage)
    app.post("signin", use: SessionController.signIn)
    app.post("signout", use: SessionController.signOut)
    app.get("register", use: SessionController.registerPage)
    app.post("register", use: SessionController.register)
    app.get("healthz", use: APIController.health)
    app.get("metrics", use: APIController.metrics)
    app.get("openapi.json", use: OpenAPIDocument.serve)

    let signedIn = app.grouped(SignedInGuard())
    signedIn.get("account", use: SessionController.accountPage)
    signedIn.post("account", "password", use: SessionController.changePassword)

    app.grouped(AreaGuard(area: .applicantSpace)).get("my", use: PortalController.applicantSpace)
    app.grouped(AreaGuard(area: .workbench)).get("workbench", use: WorkbenchController.home)

    let supervision = app.grouped("supervision").grouped(AreaGuard(area: .supervision))
    supervision.get(use: SupervisionController.home)
    let audit = app.grouped("supervision").grouped(AreaGuard(area: .audit))
    audit.get("audit", use: AuditController.page)
    audit.get("audit.csv", use: AuditController.csv)

    let admin = app.grouped("admin").grouped(AreaGuard(area: .admin))
    admin.get(use: AdminController.home)
    admin.get("organisations", use: AdminController.organisations)
    admin.post("organisations", use: AdminController.createUnit)
    admin.get("users", use: AdminUsersController.list)
    admin.post("users", use: AdminUsersController.create)
    admin.get("users", ":accountID", use: AdminUsersController.show)
    admin.post("users", ":accountID", "roles", use: AdminUsersController.grant)
    admin.post("users", ":accountID", "roles", ":grantID", "revoke", use: AdminUsersController.revoke)
    admin.get("calendar", use: AdminCalendarController.page)
    admin.on(.POST, "calendar", "import", body: .collect(maxSize: "1mb"), use: AdminCalendarController.importCSV)
    admin.post("calendar", "days", use: AdminCalendarController.setDay)
    admin.get("tokens", use: AdminTokensController.page)
    admin.post("tokens", use: AdminTokensController.create)
    admin.post("tokens", ":tokenID", "revoke", use: AdminTokensController.revoke)

    // JSON API
    let api = app.grouped("api", "v1")
    api.get("calendar", "due", use: CalendarController.dueAPI)
    api.get("calendar", "working-days", use: CalendarController.workingDaysAPI)
    api.get("calendar", "years", ":year", use: CalendarController.yearAPI)
    api.get("me", use: APIController.me)
    api.get("organisations", use: APIController.organisations)
    api.get("audit", use: AuditController.api)
}
