import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Why a supervision filter was refused.
enum SupervisionFilterProblem: LocalizedFailure, Equatable {
    case outsideScope
    case periodReversed
    case periodTooLong(maxDays: Int)

    func message(in language: Language) -> String {
        switch (self, language) {
        case (.outsideScope, .zhHans): "不在您的监察范围内"
        case (.outsideScope, .en): "Not within the area you supervise"
        case (.periodReversed, .zhHans): "开始日期不能晚于结束日期"
        case (.periodReversed, .en): "The start date cannot be after the end date"
        case let (.periodTooLong(max), .zhHans): "统计期间最长 \(max) 天"
        case let (.periodTooLong(max), .en): "A period can be at most \(max) days long"
        }
    }
}

/// The part of the organisation and the period a supervision page reads: the region, department and matter chosen
/// (each within what the person may watch) and the dates, with the options to choose from.
struct SupervisionScope: Sendable {
    var filter: Rollups.Filter
    var period: ReportingPeriod
    var values: [String: String]
    var regions: [Option]
    var departments: [Option]
    var matters: [Option]
    var departmentNames: [UUID: String]
    var departmentIDs: [UUID]
    var matterNames: [UUID: String]

    /// The query string that repeats this scope, for links and CSV exports.
    var query: String {
        values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    /// The prefixes a principal may watch: a supervisor's grants (a whole installation for the city's supervisors).
    static func watchedPaths(_ principal: Principal) -> [String] {
        SupervisionPolicy.watchedPaths(principal)
    }

    /// Reads `region`, `department`, `matter`, `from` and `to`; the period defaults to the `defaultDays` ending today.
    /// `watched` are the unit paths the reader may see (a supervisor's grants, or `["/"]` for the public page).
    static func resolve(_ request: Request, watched: [String], defaultDays: Int = 30) async throws -> SupervisionScope {
        let language = request.language
        var errors = FieldErrors()
        var values: [String: String] = [:]
        for name in ["region", "department", "matter", "from", "to"] {
            values[name] = String((request.query[String.self, at: name] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        }
        let today = CivilDate.beijing(request.now)
        func date(_ name: String) -> CivilDate? {
            guard let text = values[name], !text.isEmpty else { return nil }
            guard let date = CivilDate(text) else {
                errors.add(name, CalendarInputError.invalidDate(text))
                return nil
            }
            return date
        }
        let through = date("to") ?? today
        let defaultFrom = through.adding(daysIfInRange: -(defaultDays - 1))
        if defaultFrom == nil, values["from"]?.isEmpty != false { errors.add("to", CalendarInputError.invalidDate(values["to"] ?? "")) }
        let from = date("from") ?? defaultFrom ?? through
        if from > through { errors.add("from", SupervisionFilterProblem.periodReversed) }
        if from.days(until: through) + 1 > ReportingPeriod.maximumDays {
            errors.add("from", SupervisionFilterProblem.periodTooLong(maxDays: ReportingPeriod.maximumDays))
        }

        let units = try await OrganisationStore.unitsInDisplayOrder(on: request.db)
        func visible(_ unit: UnitSummary) -> Bool { watched.contains { unit.path.hasPrefix($0) } }
        func chosen(_ name: String, kind: OrganisationKind) -> UnitSummary? {
            guard let text = values[name], !text.isEmpty else { return nil }
            guard let id = UUID(uuidString: text), let unit = units.first(where: { $0.id == id && $0.kind == kind }) else {
                errors.add(name, FieldProblem.invalid)
                return nil
            }
            guard visible(unit) else {
                errors.add(name, SupervisionFilterProblem.outsideScope)
                return nil
            }
            return unit
        }
        let region = chosen("region", kind: .region)
        let department = chosen("department", kind: .department)
        let matters = try await SupervisionQueries.matterChoices(on: request.db)
        var matter: SupervisionQueries.MatterChoice?
        if let code = values["matter"], !code.isEmpty {
            matter = matters.first { $0.code == code }
            if matter == nil { errors.add("matter", FieldProblem.invalid) }
        }
        try errors.throwIfAny()

        // The narrowest of what was chosen; by default the widest a person may watch.
        let prefix = department?.path ?? region?.path ?? (watched.count == 1 ? watched[0] : "/")
        let inScope = units.filter { $0.kind == .department && visible($0) && $0.path.hasPrefix(region?.path ?? "/") }
        return SupervisionScope(
            filter: Rollups.Filter(unitPathPrefix: prefix, unitID: department?.id, matterID: matter?.id),
            period: ReportingPeriod(from: from, through: through),
            values: values.merging(["from": from.description, "to": through.description]) { _, new in new },
            regions: units.filter { $0.kind == .region && visible($0) }.map {
                Option(value: $0.id.uuidString, label: $0.name(in: language), selected: $0.id == region?.id)
            },
            departments: inScope.map { Option(value: $0.id.uuidString, label: $0.name(in: language), selected: $0.id == department?.id) },
            matters: matters.filter { department == nil || $0.departmentID == department?.id }.map {
                Option(value: $0.code, label: $0.name(in: language), selected: $0.id == matter?.id)
            },
            departmentNames: Dictionary(units.map { ($0.id, $0.name(in: language)) }, uniquingKeysWith: { a, _ in a }),
            departmentIDs: (department.map { [$0] } ?? inScope).map(\.id),
            matterNames: Dictionary(matters.map { ($0.id, $0.name(in: language)) }, uniquingKeysWith: { a, _ in a }))
    }
}
