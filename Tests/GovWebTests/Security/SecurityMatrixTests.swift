import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Every route the application has (read from `app.routes.all`, so a route added tomorrow is in the matrix
/// tomorrow) against every kind of person, with each path parameter pointing at the demo citizen's own records or
/// at real records of the city. Nothing answers 5xx; an area a person has no role for answers 403 (strangers are
/// sent to sign in, or get 401 from the API); his records refuse everyone else; and no answer to anyone else
/// carries his name, ID number, phone or query codes.
@Suite("Security: every route × every role")
struct SecurityMatrixTests {
    /// Who a route is for, from the guard it sits behind in `routes.swift`.
    enum Area: Equatable { case open, api, signedIn, applicant, workbench, notifications, supervision, admin }

    static func area(of template: String, method: HTTPMethod) -> Area {
        if template.hasPrefix("/api/") { return .api }
        if template.hasPrefix("/admin") { return .admin }
        if template.hasPrefix("/supervision") { return .supervision }
        if template.hasPrefix("/workbench/matters") { return .signedIn }   // the editor checks head or administrator itself
        if template.hasPrefix("/workbench") { return .workbench }
        if template.hasPrefix("/notifications") { return .notifications }
        let applicant = ["/my", "/my/data-access", "/services/bundle", "/services/:code/apply", "/disclosure/requests", "/disclosure/requests/new"]
        if applicant.contains(template) || ["/my/cases", "/my/certificates", "/my/disclosure"].contains(where: template.hasPrefix) {
            return .applicant
        }
        if ["/account", "/my/petitions", "/my/hotline", "/petitions", "/mailbox/write"].contains(where: template.hasPrefix) { return .signedIn }
        if method == .POST, template.hasPrefix("/credit/") || template.hasPrefix("/participation/") { return .signedIn }
        return .open
    }

    static func mayEnter(_ area: Area, _ person: String) -> Bool {
        switch area {
        case .open, .api: return true
        case .signedIn: return person != "anonymous"
        case .applicant: return SecurityPeople.applicants.contains(person)
        case .workbench: return SecurityPeople.workbench.contains(person)
        case .notifications: return SecurityPeople.staff.contains(person)
        case .supervision: return person == "supervisor"
        case .admin: return person == "admin"
        }
    }

    /// Parameters that name one of the victim's own records: everyone but him (and staff entitled to it) is refused.
    static let ownedParameters: Set<String> = ["caseID", "materialID", "eventID", "certificateID", "bundleID", "ticketID", "petitionID"]

    /// The victim's record or a real record of the city for each path parameter.
    static func value(for parameter: String, in template: String, victim: Victim?, demo: DemoRecords) -> String {
        let v = demo.values
        guard let victim else { return v[parameter] ?? UUID().lower }
        switch parameter {
        case "caseID": return victim.caseID.lower
        case "materialID": return victim.materialID.lower
        case "eventID": return victim.eventID.lower
        case "certificateID": return (victim.certificateID ?? UUID()).lower
        case "bundleID": return (victim.bundleID ?? UUID()).lower
        case "ticketID": return victim.ticketID.lower
        case "petitionID": return victim.petitionID.lower
        case "accountID": return victim.accountID.lower
        case "grantID": return template.hasPrefix("/admin") ? victim.roleGrantID.lower : v["sharingGrantID"]!
        case "requestID": return template.contains("sharing") ? v["sharingRequestID"]! : victim.disclosureRequestID.lower
        case "request": return victim.ticketNumber   // Open311's service_request_id is the ticket number
        case "number":
            if template.contains("hotline") { return victim.ticketNumber }
            if template.contains("sharing") { return v["sharingRequestNumber"]! }
            return victim.disclosureNumber
        case "code":
            if template.hasPrefix("/credit") || template.hasPrefix("/api/v1/credit") { return DemoCity.demoEnterpriseCode }
            if template.hasPrefix("/api/v1/exchange") { return v["resourceCode"]! }
            return v["matterCode"]!
        case "kind": return template.hasPrefix("/services") ? "blank" : "population"
        case "action": return template.contains("/my/") ? "confirm" : "accept"
        case "decision": return "approve"
        case "language": return "en"
        case "year": return "2026"
        case "service": return "0301"
        default: return v[parameter] ?? UUID().lower
        }
    }

    static func template(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }

    /// The route's path with each parameter filled in (with random ids where there is no victim to aim at).
    static func path(_ route: Route, victim: Victim?, demo: DemoRecords) -> String {
        let template = template(route)
        return "/" + route.path.map { component -> String in
            if case let .parameter(name) = component { return value(for: name, in: template, victim: victim, demo: demo) }
            return component.description
        }.joined(separator: "/")
    }

    @Test("every route × every role: never 5xx, refused where not theirs, none of the victim's data; staff outside the case kept out")
    func matrix() async throws {
        try await withTestApp(demoCases: true) { test in
            let victim = try await Victim.load(on: test.app.db, key: test.app.govhall.queryCodeKey)
            let demo = try await DemoRecords.load(on: test.app.db)
            // First, before the matrix's empty posts move anything: staff outside the case (one seeded city for both,
            // since seeding the demo cases is the slow part).
            try await Self.staffOutsideTheCase(test, victim)
            // Signing out goes last, so the rest of the person's row runs signed in.
            let routes = test.app.routes.all.sorted { (Self.template($0) == "/signout" ? 1 : 0) < (Self.template($1) == "/signout" ? 1 : 0) }
            let people = SecurityPeople.all.filter { $0 != "admin" }
            var results: [PersonResult] = []
            // Everyone but the administrator at once (a few at a time, the runner has two cores); the administrator
            // last, since its empty-bodied posts revoke grants and tokens.
            try await withThrowingTaskGroup(of: PersonResult.self) { group in
                var pending = people[...]
                for _ in 0..<4 { if let person = pending.popFirst() { group.addTask { try await Self.row(of: person, routes, test, victim, demo) } } }
                while let result = try await group.next() {
                    results.append(result)
                    if let person = pending.popFirst() { group.addTask { try await Self.row(of: person, routes, test, victim, demo) } }
                }
            }
            results.append(try await Self.row(of: "admin", routes, test, victim, demo))
            let checked = results.map(\.checked).reduce(0, +)
            let serverErrors = results.flatMap(\.serverErrors), wrongStatus = results.flatMap(\.wrongStatus), leaks = results.flatMap(\.leaks)
            for line in serverErrors { Issue.record("5xx: \(line)") }
            for line in wrongStatus { Issue.record("status: \(line)") }
            for line in leaks { Issue.record("leak: \(line)") }
            let routeCount = routes.count, roleCount = SecurityPeople.all.count
            #expect(checked == routeCount * roleCount)
            #expect(routeCount >= 240, "the matrix must cover every route; it found \(routeCount)")
            print("SECURITY-MATRIX: \(routeCount) routes × \(roleCount) roles = \(checked) pairs checked, \(serverErrors.count) 5xx, \(leaks.count) leaks")
        }
    }

    struct PersonResult: Sendable {
        var checked = 0, serverErrors: [String] = [], wrongStatus: [String] = [], leaks: [String] = []
    }

    /// One person's row of the matrix: every route, in order.
    static func row(of person: String, _ routes: [Route], _ test: TestApp, _ victim: Victim, _ demo: DemoRecords) async throws -> PersonResult {
        var result = PersonResult()
        let browser = try await SecurityPeople.browser(test, as: person)
        for route in routes {
            let template = Self.template(route)
            let path = "/" + route.path.map { component -> String in
                if case let .parameter(name) = component { return Self.value(for: name, in: template, victim: victim, demo: demo) }
                return component.description
            }.joined(separator: "/")
            let response: BrowserResponse
            if route.method == .GET {
                response = try await browser.get(path)
            } else {
                // A harmless, empty form with this session's CSRF token: the guards, not the CSRF check, must answer.
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                let token = browser.cookie("govhall_csrf") ?? ""
                response = try await browser.send(route.method, path, headers: headers, body: ByteBuffer(string: "_csrf=\(token)"))
            }
            result.checked += 1
            let label = "\(person) \(route.method) \(path) → \(response.status.code)"
            let status = response.status.code
            if status >= 500 { result.serverErrors.append(label); continue }

            let area = Self.area(of: template, method: route.method)
            let toSignIn = status == 401 || (status == 303 && response.headers.first(name: .location)?.hasPrefix("/signin") == true)
            let refused = toSignIn || [403, 404].contains(status) || (route.method != .GET && [400, 409, 422].contains(status))
            if person == "anonymous", area != .open, area != .api {
                if !toSignIn { result.wrongStatus.append(label + " (expected the sign-in page or 401)") }
            } else if !Self.mayEnter(area, person) {
                if status != 403 { result.wrongStatus.append(label + " (expected 403: no role for \(area))") }
            } else if person != "citizen", !SecurityPeople.staff.contains(person),
                      route.path.contains(where: { if case let .parameter(name) = $0 { Self.ownedParameters.contains(name) } else { false } }) {
                // Another applicant or a stranger aiming at the victim's own record.
                if !refused { result.wrongStatus.append(label + " (expected refusal: the record is the demo citizen's)") }
            }

            // His data: never to outsiders, and never in a refusal to anyone.
            // (Staff entitled to a record may see it again on a 400 that re-renders their own form.)
            let authorisationRefusal = toSignIn || [403, 404].contains(status)
            if person != "citizen", SecurityPeople.outsiders.contains(person) || authorisationRefusal {
                let found = victim.leaks(in: response.text)
                if !found.isEmpty { result.leaks.append(label + " shows " + found.joined(separator: ", ")) }
            }
        }
        return result
    }

    /// Staff outside the case's department and role neither see nor act on the victim's case.
    static func staffOutsideTheCase(_ test: TestApp, _ victim: Victim) async throws {
        do {
            let row = try #require(try await ApprovalCase.find(victim.caseID, on: test.app.db))
            let before = row.state
            // Reviewed by hand: data stewards, the hotline operator and the secrecy reviewer handle no approvals.
            for person in ["steward", "steward-ps", "steward-ca", "operator", "secrecy"] {
                let browser = try await SecurityPeople.browser(test, as: person)
                for path in ["/workbench/cases/\(victim.caseID.lower)", "/workbench/cases/\(victim.caseID.lower)/materials/\(victim.materialID.lower)",
                             "/workbench/cases/\(victim.caseID.lower)/notices/\(victim.eventID.lower)", "/api/v1/cases/\(victim.caseID.lower)"] {
                    let response = try await browser.get(path)
                    #expect([403, 404].contains(response.status.code), "\(person) GET \(path) → \(response.status.code)")
                    #expect(victim.leaks(in: response.text).isEmpty, "\(person) GET \(path) shows \(victim.leaks(in: response.text))")
                }
                let act = try await browser.post("/workbench/cases/\(victim.caseID.lower)/actions/accept", form: [("version", "\(row.version)")])
                #expect([403, 404].contains(act.status.code), "\(person) POST accept → \(act.status.code)")
            }
            #expect(try await ApprovalCase.find(victim.caseID, on: test.app.db)?.state == before)
        }
    }
}
