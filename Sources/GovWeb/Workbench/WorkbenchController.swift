import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The staff workbench: the roles a person works in and whether today counts toward their deadlines.
enum WorkbenchController {
    static func home(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        let unitIDs = principal.grants.compactMap(\.unitID)
        let units = try await OrganisationUnit.query(on: request.db).filter(\.$id ~~ unitIDs).all()
        let names = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name(in: language)) } })
        let today = CivilDate.beijing(request.now)
        let calendar = try await request.workCalendar()
        let isWorkingDay = (try? calendar.isWorkingDay(today)) ?? !today.isWeekend
        let body = WorkbenchBody(
            roles: principal.grants.filter { Role.workbenchRoles.contains($0.role) }.map {
                RoleRow(role: $0.role.title(in: language), unit: $0.unitID.flatMap { names[$0] } ?? "", subtree: $0.includesSubtree)
            },
            isWorkingDay: isWorkingDay,
            todayLabel: "\(today) \(Strings.text("weekday_\(today.weekday)", language))"
        )
        return try await request.renderPage("workbench/home", titleKey: "title_workbench", body: body)
    }
}
