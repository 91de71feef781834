import GovCore
import Vapor

/// Request sizes the routes accept.
enum RequestLimits {
    /// A form with files: several materials of up to 20 MB each, or their base64 in JSON.
    static let uploadBytes = 45 * 1024 * 1024
}

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
    app.get("services", use: CatalogController.list)
    app.get("services", ":code", use: CatalogController.guide)
    app.get("services", ":code", "forms", ":kind", use: CatalogController.formSheet)
    app.get("track", use: PublicCheckController.track)
    app.get("verify", use: PublicCheckController.verify)

    let signedIn = app.grouped(SignedInGuard())
    signedIn.get("account", use: SessionController.accountPage)
    signedIn.post("account", "password", use: SessionController.changePassword)
    // Department heads and administrators (who have no workbench) edit the catalogue; the controller checks whose.
    signedIn.get("workbench", "matters", use: MatterEditorController.list)
    signedIn.get("workbench", "matters", ":code", "edit", use: MatterEditorController.editPage)
    signedIn.post("workbench", "matters", ":code", "edit", use: MatterEditorController.save)

    let uploads: HTTPBodyStreamStrategy = .collect(maxSize: ByteCount(value: RequestLimits.uploadBytes))
    let applicant = app.grouped(AreaGuard(area: .applicantSpace))
    applicant.get("my", use: ApplicantCasesController.home)
    applicant.get("services", "bundle", use: BundleController.applyPage)
    applicant.on(.POST, "services", "bundle", body: uploads, use: BundleController.apply)
    applicant.get("services", ":code", "apply", use: CatalogController.applyPage)
    applicant.on(.POST, "services", ":code", "apply", body: uploads, use: CatalogController.apply)
    applicant.get("my", "cases", ":caseID", use: ApplicantCasesController.show)
    applicant.on(.POST, "my", "cases", ":caseID", "correct", body: uploads, use: ApplicantCasesController.correct)
    applicant.post("my", "cases", ":caseID", "withdraw", use: ApplicantCasesController.withdraw)
    applicant.post("my", "cases", ":caseID", "rate", use: ApplicantCasesController.rate)
    applicant.get("my", "cases", ":caseID", "materials", ":materialID", use: ApplicantCasesController.material)
    applicant.get("my", "cases", ":caseID", "notices", ":eventID", use: NoticeController.applicantNotice)
    applicant.post("my", "certificates", ":certificateID", "renew", use: ApplicantCasesController.renew)

    let workbench = app.grouped("workbench").grouped(AreaGuard(area: .workbench))
    workbench.get(use: CaseWorkController.inbox)
    workbench.get("cases", ":caseID", use: CaseWorkController.show)
    workbench.post("cases", ":caseID", "actions", ":action", use: CaseWorkController.act)
    workbench.post("cases", ":caseID", "fees", use: CaseWorkController.recordFee)
    workbench.post("cases", ":caseID", "revoke", use: CaseWorkController.revoke)
    workbench.get("cases", ":caseID", "materials", ":materialID", use: CaseWorkController.material)
    workbench.get("cases", ":caseID", "notices", ":eventID", use: NoticeController.staffNotice)
    workbench.post("bundles", ":bundleID", "extend", use: BundleController.extend)
    workbench.get("intake", use: CaseWorkController.intakeList)
    workbench.get("intake", ":code", use: CaseWorkController.intakePage)
    workbench.on(.POST, "intake", ":code", body: uploads, use: CaseWorkController.intake)

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
    api.get("matters", use: ApprovalAPIController.matters)
    api.get("matters", ":code", use: ApprovalAPIController.matter)
    api.get("cases", use: ApprovalAPIController.list)
    api.on(.POST, "cases", body: uploads, use: ApprovalAPIController.submit)
    api.get("cases", ":caseID", use: ApprovalAPIController.show)
    api.on(.POST, "cases", ":caseID", "materials", body: uploads, use: ApprovalAPIController.uploadMaterial)
    api.post("cases", ":caseID", "actions", use: ApprovalAPIController.act)
    api.get("track", use: ApprovalAPIController.track)
    api.get("certificates", "verify", use: ApprovalAPIController.verify)
}
