import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The administration area: organisation tree, accounts and roles. An administrator manages only the units
/// inside their grants (`AccessPolicy.canAdminister`).
enum AdminController {
    static func home(_ request: Request) async throws -> Response {
        let language = request.language
        let db = request.db
        let calendar = try await request.workCalendar()
        let missing = calendar.yearsNeedingData(asOf: CivilDate.beijing(request.now))
        let counts = [
            CountRow(label: Strings.text("count_units", language), value: try await OrganisationStore.count(on: db)),
            CountRow(label: Strings.text("count_accounts", language), value: try await IdentityStore.accountCount(on: db)),
            CountRow(label: Strings.text("count_calendar_years", language), value: calendar.coveredYears.count),
        ]
        return try await request.renderPage(
            "admin/home", titleKey: "title_admin",
            body: AdminHomeBody(calendarWarning: missingYearWarning(missing, language), counts: counts)
        )
    }

    static func missingYearWarning(_ years: [Int], _ language: Language) -> String? {
        guard !years.isEmpty else { return nil }
        return Strings.format("calendar_missing_year", language, ["year": years.map(String.init).joined(separator: ", ")])
    }

    /// The units this administrator may manage, in tree order.
    static func manageableUnits(_ request: Request) async throws -> [OrganisationUnit] {
        let principal = request.principal
        return try await OrganisationStore.tree(on: request.db).filter { AccessPolicy.canAdminister(unitPath: $0.path, principal) }
    }

    static func unitOptions(_ units: [OrganisationUnit], selected: String?, language: Language) -> [Option] {
        let minDepth = units.map(\.depth).min() ?? 0
        return units.map {
            Option(
                value: $0.id!.uuidString.lowercased(),
                label: String(repeating: "　", count: $0.depth - minDepth) + $0.name(in: language),
                selected: $0.id!.uuidString.lowercased() == selected?.lowercased()
            )
        }
    }

    // MARK: Organisation

    static func organisations(_ request: Request) async throws -> Response {
        try await renderOrganisations(request, form: FormState(), status: .ok)
    }

    static func renderOrganisations(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let units = try await manageableUnits(request)
        let minDepth = units.map(\.depth).min() ?? 0
        let rows = units.map {
            UnitRow(
                id: $0.id!.uuidString.lowercased(), name: $0.name(in: language), kind: $0.kind.title(in: language),
                level: $0.regionLevel?.title(in: language) ?? "", code: $0.code, depth: min($0.depth - minDepth, 8)
            )
        }
        let body = OrganisationsBody(
            units: rows,
            parents: unitOptions(units, selected: form.values["parentID"], language: language),
            kinds: OrganisationKind.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["kind"] == $0.rawValue) },
            levels: RegionLevel.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["regionLevel"] == $0.rawValue) },
            form: form
        )
        return try await request.renderPage(
            "admin/organisations", titleKey: "title_organisations", body: body,
            notice: request.notice(from: ["unit": "notice_unit_created"]), status: status
        )
    }

    struct UnitForm: Content {
        var parentID: String?
        var kind: String?
        var regionLevel: String?
        var code: String?
        var nameZh: String?
        var nameEn: String?
        var sortOrder: String?
    }

    static func createUnit(_ request: Request) async throws -> Response {
        let form = try request.content.decode(UnitForm.self)
        let language = request.language
        var errors = FieldErrors()
        let manageable = try await manageableUnits(request)
        let parent = form.parentID.flatMap(UUID.init(uuidString:)).flatMap { id in manageable.first { $0.id == id } }
        if parent == nil { errors.add("parentID", MessageKey("error_unit_forbidden")) }
        let kind = OrganisationKind(rawValue: form.kind ?? "")
        if kind == nil { errors.add("kind", FieldProblem.invalid) }
        var level: RegionLevel?
        if let text = form.regionLevel, !text.isEmpty {
            level = RegionLevel(rawValue: text)
            if level == nil { errors.add("regionLevel", FieldProblem.invalid) }
        }
        let code = errors.check("code") { () throws(FieldProblem) in try TextField.required(form.code, max: 32) }
        let nameZh = errors.check("nameZh") { () throws(FieldProblem) in try TextField.required(form.nameZh, max: 100) }
        let nameEn = errors.check("nameEn") { () throws(FieldProblem) in try TextField.optional(form.nameEn, max: 200) }
        let sortOrder = errors.check("sortOrder") { () throws(FieldProblem) -> Int in
            guard let text = form.sortOrder?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 0 }
            guard let number = Int(text), (-100_000...100_000).contains(number) else { throw .invalid }
            return number
        }
        if let parent, let kind {
            do {
                try OrganisationRules.validatePlacement(kind: kind, level: level, parentKind: parent.kind, parentLevel: parent.regionLevel)
            } catch {
                errors.add("kind", error)
            }
        }
        var values: [String: String] = [:]
        for (name, value) in [("parentID", form.parentID), ("kind", form.kind), ("regionLevel", form.regionLevel), ("code", form.code),
                              ("nameZh", form.nameZh), ("nameEn", form.nameEn), ("sortOrder", form.sortOrder)] {
            values[name] = value ?? ""
        }
        guard errors.isEmpty, let parent, let kind, let code, let nameZh else {
            return try await renderOrganisations(request, form: FormState(refused: errors, values: values, in: language, withSummary: false), status: .badRequest)
        }
        let actor = request.auditActor(role: .administrator, unitPath: parent.path)
        let now = request.now
        let new = OrganisationStore.NewUnit(
            parentID: parent.id, kind: kind, regionLevel: level, code: code, nameZh: nameZh, nameEn: (nameEn ?? nil) ?? nameZh, sortOrder: sortOrder ?? 0
        )
        _ = try await request.write { db in try await OrganisationStore.create(new, by: actor, now: now, on: db) }
        return request.redirect(to: Paths.admin.organisations(query: ["done": "unit"]))
    }
}

/// A failure whose message is a string-table entry.
struct MessageKey: LocalizedFailure {
    var key: String
    init(_ key: String) { self.key = key }
    func message(in language: Language) -> String { Strings.text(key, language) }
}
