import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The supervision centre's front page: live counts and the state of the audit chain.
enum SupervisionController {
    static func home(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let db = request.db
        let now = request.now
        let startOfToday = CivilDate.beijing(now).startInBeijing
        let counts = [
            CountRow(label: Strings.text("count_units", language), value: try await OrganisationUnit.query(on: db).count()),
            CountRow(label: Strings.text("count_staff", language), value: try await Account.query(on: db).filter(\.$kind == .staff).count()),
            CountRow(label: Strings.text("count_citizens", language), value: try await Account.query(on: db).filter(\.$kind == .citizen).count()),
            CountRow(label: Strings.text("count_enterprises", language), value: try await Account.query(on: db).filter(\.$kind == .enterprise).count()),
            CountRow(label: Strings.text("count_sessions_active", language), value: try await UserSession.query(on: db).filter(\.$expiresAt > now).count()),
            CountRow(label: Strings.text("count_audit_today", language), value: try await AuditEntry.query(on: db).filter(\.$occurredAt >= startOfToday).count()),
        ]
        let outcome = try await AuditLog.verify(on: db)
        let (intact, message) = AuditController.describe(outcome, language)
        let recent = try await AuditLog.search(AuditController.scopedFilter(for: principal), limit: 10, on: db)
        let body = SupervisionBody(counts: counts, chainIntact: intact, chainMessage: message, recent: recent.map { AuditController.row($0, language) })
        return try await request.renderPage("supervision/home", titleKey: "title_supervision", body: body)
    }
}
