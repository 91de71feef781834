import Foundation

/// Every address of the site, by area: `routes.swift` registers each of them (`workbench.get(Paths.approvals.workCase,
/// use: …)`) and controllers build their links and redirects from the same values
/// (`Paths.approvals.workCase(id, query: ["done": "acted"])`). Templates in `Resources/Views` write their links by
/// hand; `RouteTableTests` checks each of those against the router.
///
/// To add a route: add its value to its area here, register it in `routes.swift`, and link to it through the value.
enum Paths {
    static let portal = Portal()
    static let approvals = Approvals()
    static let supervision = Supervision()
    static let disclosure = Disclosure()
    static let sharing = Sharing()
    static let credit = Credit()
    static let hotline = Hotline()
    static let participation = Participation()
    static let admin = Admin()
    static let api = API()
    static let open311 = Open311()

    /// Every area, so a test can list every path (each area's stored properties are its paths).
    static let areas: [any Sendable] = [portal, approvals, supervision, disclosure, sharing, credit, hotline,
                                        participation, admin, api, open311]

    /// The public portal, signing in and out, the account, the applicant's home and staff notifications.
    struct Portal: Sendable {
        let home = Path0("/")
        let language = Path1<String>("/language/:language")
        let calendar = Path0("/calendar")
        let signIn = Path0("/signin")
        let signOut = Path0("/signout")
        let register = Path0("/register")
        let privacy = Path0("/privacy")
        let accessibility = Path0("/accessibility")
        let sitemap = Path0("/sitemap")
        let health = Path0("/healthz")
        let metrics = Path0("/metrics")
        let openAPI = Path0("/openapi.json")
        let account = Path0("/account")
        let accountPassword = Path0("/account/password")
        let notifications = Path0("/notifications")
        let notificationsRead = Path0("/notifications/read")
        /// The applicant's own space: cases, requests, petitions.
        let my = Path0("/my")
    }

    /// The approval hall: the catalogue, applications, the applicant's cases and the workbench's.
    struct Approvals: Sendable {
        let services = Path0("/services")
        let service = Path1<String>("/services/:code")
        let serviceForm = Path2<String, String>("/services/:code/forms/:kind")
        let apply = Path1<String>("/services/:code/apply")
        let bundle = Path0("/services/bundle")
        let track = Path0("/track")
        let verify = Path0("/verify")

        let myCase = Path1<UUID>("/my/cases/:caseID")
        let myCaseCorrect = Path1<UUID>("/my/cases/:caseID/correct")
        let myCaseWithdraw = Path1<UUID>("/my/cases/:caseID/withdraw")
        let myCaseRate = Path1<UUID>("/my/cases/:caseID/rate")
        let myCaseQueryCode = Path1<UUID>("/my/cases/:caseID/query-code")
        let myCaseMaterial = Path2<UUID, UUID>("/my/cases/:caseID/materials/:materialID")
        let myCaseNotice = Path2<UUID, UUID>("/my/cases/:caseID/notices/:eventID")
        let myBundle = Path1<UUID>("/my/bundles/:bundleID")
        let myCertificate = Path1<UUID>("/my/certificates/:certificateID")
        let myCertificateRenew = Path1<UUID>("/my/certificates/:certificateID/renew")

        /// The caseworker's inbox, the workbench's front page.
        let inbox = Path0("/workbench")
        let workCase = Path1<UUID>("/workbench/cases/:caseID")
        let workCaseAction = Path2<UUID, String>("/workbench/cases/:caseID/actions/:action")
        let workCaseFees = Path1<UUID>("/workbench/cases/:caseID/fees")
        let workCaseRevoke = Path1<UUID>("/workbench/cases/:caseID/revoke")
        let workCaseMaterial = Path2<UUID, UUID>("/workbench/cases/:caseID/materials/:materialID")
        let workCaseNotice = Path2<UUID, UUID>("/workbench/cases/:caseID/notices/:eventID")
        let workCaseCertificate = Path2<UUID, UUID>("/workbench/cases/:caseID/certificates/:certificateID")
        let bundleExtend = Path1<UUID>("/workbench/bundles/:bundleID/extend")
        let intake = Path0("/workbench/intake")
        let intakeMatter = Path1<String>("/workbench/intake/:code")
        let matters = Path0("/workbench/matters")
        let matterEdit = Path1<String>("/workbench/matters/:code/edit")
    }

    /// Electronic supervision: the centre, 督办单 on both sides, performance and rating follow-ups, the audit log.
    struct Supervision: Sendable {
        let publicPerformance = Path0("/performance")
        let publicPerformanceCSV = Path0("/performance.csv")

        let home = Path0("/supervision")
        let live = Path0("/supervision/live")
        let lightsCSV = Path0("/supervision/lights.csv")
        let obligations = Path0("/supervision/obligations")
        let obligationsCSV = Path0("/supervision/obligations.csv")
        let violations = Path0("/supervision/violations")
        let violationsCSV = Path0("/supervision/violations.csv")
        let supervisedCase = Path1<UUID>("/supervision/cases/:caseID")
        let supervisedCaseMaterial = Path2<UUID, UUID>("/supervision/cases/:caseID/materials/:materialID")
        let supervisedCaseNotice = Path2<UUID, UUID>("/supervision/cases/:caseID/notices/:eventID")
        let orders = Path0("/supervision/orders")
        let ordersCSV = Path0("/supervision/orders.csv")
        let order = Path1<UUID>("/supervision/orders/:orderID")
        let orderSendBack = Path1<UUID>("/supervision/orders/:orderID/send-back")
        let orderClose = Path1<UUID>("/supervision/orders/:orderID/close")
        let performance = Path0("/supervision/performance")
        let performanceCSV = Path0("/supervision/performance.csv")
        let evaluation = Path0("/supervision/evaluation")
        let audit = Path0("/supervision/audit")
        let auditCSV = Path0("/supervision/audit.csv")

        /// A unit's side of 督办单.
        let unitOrders = Path0("/workbench/orders")
        let unitOrder = Path1<UUID>("/workbench/orders/:orderID")
        let unitOrderReply = Path1<UUID>("/workbench/orders/:orderID/reply")
        let workEvaluation = Path0("/workbench/evaluation")
        let workFollowUp = Path1<UUID>("/workbench/evaluation/:followUpID")
    }

    /// Information disclosure: the public list, requests, drafts and the annual report.
    struct Disclosure: Sendable {
        let index = Path0("/disclosure")
        let feed = Path0("/disclosure/feed.atom")
        let item = Path1<UUID>("/disclosure/items/:itemID")
        let itemPrint = Path1<UUID>("/disclosure/items/:itemID/print")
        let itemAttachment = Path2<UUID, UUID>("/disclosure/items/:itemID/attachments/:attachmentID")
        let track = Path0("/disclosure/track")
        let requestNew = Path0("/disclosure/requests/new")
        let requests = Path0("/disclosure/requests")
        let myRequest = Path1<UUID>("/my/disclosure/:requestID")
        let myRequestLetter = Path1<UUID>("/my/disclosure/:requestID/letter")

        let work = Path0("/workbench/disclosure")
        let workNew = Path0("/workbench/disclosure/new")
        let workItem = Path1<UUID>("/workbench/disclosure/:itemID")
        let workItemEdit = Path1<UUID>("/workbench/disclosure/:itemID/edit")
        let workItemAction = Path2<UUID, String>("/workbench/disclosure/:itemID/actions/:action")
        let workItemAttachments = Path1<UUID>("/workbench/disclosure/:itemID/attachments")
        let workItemAttachment = Path2<UUID, UUID>("/workbench/disclosure/:itemID/attachments/:attachmentID")
        let workItemAttachmentDelete = Path2<UUID, UUID>("/workbench/disclosure/:itemID/attachments/:attachmentID/delete")
        let workRequests = Path0("/workbench/disclosure/requests")
        let workRequestNew = Path0("/workbench/disclosure/requests/new")
        let workRequest = Path1<UUID>("/workbench/disclosure/requests/:requestID")
        let workRequestAction = Path2<UUID, String>("/workbench/disclosure/requests/:requestID/actions/:action")
        let workRequestLetter = Path1<UUID>("/workbench/disclosure/requests/:requestID/letter")
        let workReport = Path0("/workbench/disclosure/report")
        let workReportCSV = Path0("/workbench/disclosure/report.csv")

        let supervisedItem = Path1<UUID>("/supervision/disclosure/:itemID")
        let supervisedItemAttachment = Path2<UUID, UUID>("/supervision/disclosure/:itemID/attachments/:attachmentID")
        let supervisedRequest = Path1<UUID>("/supervision/disclosure/requests/:requestID")
        let supervisedRequestLetter = Path1<UUID>("/supervision/disclosure/requests/:requestID/letter")
        let supervisedReport = Path0("/supervision/disclosure/report")
        let supervisedReportCSV = Path0("/supervision/disclosure/report.csv")
    }

    /// Sharing between departments, base registries, and who read whose data.
    struct Sharing: Sendable {
        let myDataAccess = Path0("/my/data-access")

        let work = Path0("/workbench/sharing")
        let catalog = Path0("/workbench/sharing/catalog")
        let catalogCSV = Path0("/workbench/sharing/catalog.csv")
        let access = Path0("/workbench/sharing/access")
        let resourceNew = Path0("/workbench/sharing/resources/new")
        let resources = Path0("/workbench/sharing/resources")
        let resource = Path1<UUID>("/workbench/sharing/resources/:resourceID")
        let resourceEdit = Path1<UUID>("/workbench/sharing/resources/:resourceID/edit")
        let resourceRequest = Path1<UUID>("/workbench/sharing/resources/:resourceID/request")
        let request = Path1<UUID>("/workbench/sharing/requests/:requestID")
        let requestAction = Path2<UUID, String>("/workbench/sharing/requests/:requestID/actions/:action")
        let grantRevoke = Path1<UUID>("/workbench/sharing/grants/:grantID/revoke")
        let registries = Path0("/workbench/sharing/registries")
        let registriesImport = Path0("/workbench/sharing/registries/import")
        let registryImport = Path1<UUID>("/workbench/sharing/registries/imports/:importID")
        let registryImportErrorsCSV = Path1<UUID>("/workbench/sharing/registries/imports/:importID/errors.csv")

        let supervisedRequest = Path1<UUID>("/supervision/sharing/requests/:requestID")
        let exchange = Path0("/supervision/exchange")
        let exchangeCSV = Path0("/supervision/exchange.csv")
    }

    /// The credit file (信用信息).
    struct Credit: Sendable {
        let search = Path0("/credit")
        let file = Path1<String>("/credit/:code")
        let fileRecords = Path1<String>("/credit/:code/records")
        let recordEnd = Path1<UUID>("/credit/records/:recordID/end")
    }

    /// The hotline and the leader mailbox.
    struct Hotline: Sendable {
        let form = Path0("/hotline")
        let track = Path0("/hotline/track")
        let receipt = Path0("/hotline/receipt")
        let mailbox = Path0("/mailbox")
        let mailboxWrite = Path0("/mailbox/write")
        let letter = Path1<UUID>("/mailbox/letters/:letterID")
        let myTickets = Path0("/my/hotline")
        let myTicket = Path1<UUID>("/my/hotline/:ticketID")
        let myTicketAction = Path2<UUID, String>("/my/hotline/:ticketID/actions/:action")

        let work = Path0("/workbench/hotline")
        let workNew = Path0("/workbench/hotline/new")
        let knowledge = Path0("/workbench/hotline/knowledge")
        let ticket = Path1<UUID>("/workbench/hotline/tickets/:ticketID")
        let ticketAction = Path2<UUID, String>("/workbench/hotline/tickets/:ticketID/actions/:action")
        let ticketPublish = Path1<UUID>("/workbench/hotline/tickets/:ticketID/publish")
    }

    /// Consultations, surveys, hearings and petitions.
    struct Participation: Sendable {
        let index = Path0("/participation")
        let consultation = Path1<UUID>("/participation/consultations/:consultationID")
        let consultationComments = Path1<UUID>("/participation/consultations/:consultationID/comments")
        let survey = Path1<UUID>("/participation/surveys/:surveyID")
        let hearing = Path1<UUID>("/participation/hearings/:hearingID")
        let hearingRegister = Path1<UUID>("/participation/hearings/:hearingID/register")
        let petitionNew = Path0("/petitions/new")
        let petitions = Path0("/petitions")
        let myPetitions = Path0("/my/petitions")
        let myPetition = Path1<UUID>("/my/petitions/:petitionID")

        let work = Path0("/workbench/participation")
        let workConsultations = Path0("/workbench/participation/consultations")
        let workConsultation = Path1<UUID>("/workbench/participation/consultations/:consultationID")
        let workCommentDecision = Path3<UUID, UUID, String>(
            "/workbench/participation/consultations/:consultationID/comments/:commentID/:decision")
        let workConsultationSummary = Path1<UUID>("/workbench/participation/consultations/:consultationID/summary")
        let workSurveys = Path0("/workbench/participation/surveys")
        let workSurvey = Path1<UUID>("/workbench/participation/surveys/:surveyID")
        let workHearings = Path0("/workbench/participation/hearings")
        let workHearing = Path1<UUID>("/workbench/participation/hearings/:hearingID")
        let workHearingSelect = Path1<UUID>("/workbench/participation/hearings/:hearingID/select")
        let workHearingRecord = Path1<UUID>("/workbench/participation/hearings/:hearingID/record")
        let workPetitions = Path0("/workbench/petitions")
        let workPetition = Path1<UUID>("/workbench/petitions/:petitionID")
        let workPetitionAction = Path2<UUID, String>("/workbench/petitions/:petitionID/actions/:action")
    }

    /// Administration: organisation, accounts and roles, the calendar, tokens, each area's settings.
    struct Admin: Sendable {
        let home = Path0("/admin")
        let organisations = Path0("/admin/organisations")
        let users = Path0("/admin/users")
        let user = Path1<UUID>("/admin/users/:accountID")
        let userRoles = Path1<UUID>("/admin/users/:accountID/roles")
        let userRoleRevoke = Path2<UUID, UUID>("/admin/users/:accountID/roles/:grantID/revoke")
        let calendar = Path0("/admin/calendar")
        let calendarImport = Path0("/admin/calendar/import")
        let calendarDays = Path0("/admin/calendar/days")
        let tokens = Path0("/admin/tokens")
        let tokenRevoke = Path1<UUID>("/admin/tokens/:tokenID/revoke")
        let approvals = Path0("/admin/approvals")
        let approvalDecision = Path3<String, UUID, String>("/admin/approvals/:kind/:id/:decision")
        let supervision = Path0("/admin/supervision")
        let disclosure = Path0("/admin/disclosure")
        let disclosureCategories = Path0("/admin/disclosure/categories")
        let sharing = Path0("/admin/sharing")
        let hotline = Path0("/admin/hotline")
        let hotlineSettings = Path0("/admin/hotline/settings")
        let hotlineCategories = Path0("/admin/hotline/categories")
        let hotlineRules = Path0("/admin/hotline/rules")
        let hotlineRuleDelete = Path1<UUID>("/admin/hotline/rules/:ruleID/delete")
        let hotlineKnowledge = Path0("/admin/hotline/knowledge")
    }

    /// The JSON API (its document is `OpenAPIDocument`).
    struct API: Sendable {
        let calendarDue = Path0("/api/v1/calendar/due")
        let calendarWorkingDays = Path0("/api/v1/calendar/working-days")
        let calendarYear = Path1<Int>("/api/v1/calendar/years/:year")
        let me = Path0("/api/v1/me")
        let organisations = Path0("/api/v1/organisations")
        let audit = Path0("/api/v1/audit")
        let matters = Path0("/api/v1/matters")
        let matter = Path1<String>("/api/v1/matters/:code")
        let cases = Path0("/api/v1/cases")
        let `case` = Path1<UUID>("/api/v1/cases/:caseID")
        let caseMaterials = Path1<UUID>("/api/v1/cases/:caseID/materials")
        let caseActions = Path1<UUID>("/api/v1/cases/:caseID/actions")
        let track = Path0("/api/v1/track")
        let certificatesVerify = Path0("/api/v1/certificates/verify")
        let performance = Path0("/api/v1/performance")
        let obligations = Path0("/api/v1/supervision/obligations")
        let violations = Path0("/api/v1/supervision/violations")
        let disclosureItems = Path0("/api/v1/disclosure/items")
        let disclosureItem = Path1<UUID>("/api/v1/disclosure/items/:itemID")
        let disclosureRequests = Path0("/api/v1/disclosure/requests")
        let disclosureRequest = Path1<String>("/api/v1/disclosure/requests/:number")
        let sharingCatalog = Path0("/api/v1/sharing/catalog")
        let sharingCatalogCSV = Path0("/api/v1/sharing/catalog.csv")
        let sharingRequests = Path0("/api/v1/sharing/requests")
        let sharingRequest = Path1<String>("/api/v1/sharing/requests/:number")
        let exchange = Path1<String>("/api/v1/exchange/:code")
        let exchangeFile = Path1<String>("/api/v1/exchange/:code/file")
        let registryImports = Path1<String>("/api/v1/registries/:kind/imports")
        let registryImport = Path1<UUID>("/api/v1/registries/imports/:importID")
        let credit = Path0("/api/v1/credit")
        let creditFile = Path1<String>("/api/v1/credit/:code")
        let hotlineCategories = Path0("/api/v1/hotline/categories")
        let hotlineTickets = Path0("/api/v1/hotline/tickets")
        let hotlineTicket = Path1<String>("/api/v1/hotline/tickets/:number")
        let mailbox = Path0("/api/v1/mailbox")
        let consultations = Path0("/api/v1/consultations")
        let consultation = Path1<UUID>("/api/v1/consultations/:consultationID")
        let surveys = Path0("/api/v1/surveys")
        let survey = Path1<UUID>("/api/v1/surveys/:surveyID")
        let hearings = Path0("/api/v1/hearings")
        let petitions = Path0("/api/v1/petitions")
    }

    /// Open311 GeoReport v2: the specification's paths, each ending in its format.
    struct Open311: Sendable {
        let services = Path0("/open311/v2/services.json")
        let service = Path1<String>("/open311/v2/services/:service")
        let requests = Path0("/open311/v2/requests.json")
        let request = Path1<String>("/open311/v2/requests/:request")
    }
}
