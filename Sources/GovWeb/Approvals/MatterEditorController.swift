import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Editing the catalogue: a department's head edits its own matters, an administrator every matter in scope.
/// Each save publishes a new version; cases keep the version they were filed under.
enum MatterEditorController {
    struct ListBody: Encodable, Sendable {
        var matters: [CatalogController.MatterRow]
        var departments: [Option]
    }

    static func list(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        var rows: [CatalogController.MatterRow] = []
        for matter in try await MatterStore.list(on: request.db) where CaseAccess.canEditMatters(of: matter.departmentPath, principal) {
            let definition = try await MatterStore.current(of: matter, on: request.db).definition
            rows.append(CatalogController.row(matter, definition, department: "", language: language))
        }
        let departments = try await editableDepartments(principal, on: request.db)
        guard !rows.isEmpty || !departments.isEmpty else { throw AppError.forbidden }
        return try await request.renderPage(
            "approvals/matters", titleKey: "title_matters",
            body: ListBody(matters: rows, departments: departments.map { Option(value: $0.code, label: $0.name(in: language), selected: false) }),
            notice: request.notice(from: ["published": "notice_matter_published"]))
    }

    static func editableDepartments(_ principal: Principal, on db: any Database) async throws -> [UnitSummary] {
        try await OrganisationStore.unitsInDisplayOrder(kinds: [.department], on: db).filter { CaseAccess.canEditMatters(of: $0.path, principal) }
    }

    struct EditBody: Encodable, Sendable {
        var code: String
        var isNew: Bool
        var version: Int
        var department: String
        var depths: [Option]
        var kinds: [Option]
        var form: FormState
    }

    /// The structured parts, edited as JSON in one field (materials, steps, fees, the application form, result).
    struct Structure: Codable {
        var audiences: [ServiceAudience]
        var lifeEvents: [LifeEvent]
        var materials: [MaterialRequirement]
        var fees: FeeSchedule
        var steps: [MatterStep]
        var result: MatterResult?
        var form: FormSchema
        var isOnTheSpot: Bool
        /// The matter's own supervision thresholds (`warningWorkingDays`, `remindOnLastPromisedDay`, `warnPastPromise`,
        /// `hourLimitWarningPercent`); absent: the installation's.
        var escalation: EscalationSettings?
    }

    static func editPage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        if request.parameters.get("code") == "new" {
            let departmentCode = request.query[String.self, at: "department"] ?? ""
            guard let department = try await editableDepartments(principal, on: request.db).first(where: { $0.code == departmentCode }) else {
                throw AppError.forbidden
            }
            let empty = Structure(
                audiences: [.citizen], lifeEvents: [], materials: [], fees: .free, steps: [], result: nil, form: FormSchema(fields: []), isOnTheSpot: false)
            let values = [
                "code": department.code, "statutoryDays": "20", "promisedDays": "10", "onlineDepth": OnlineDepth.fullyOnline.rawValue,
                "kind": MatterKind.administrativeLicensing.rawValue, "structure": try encode(empty),
            ]
            return try await request.renderPage(
                "approvals/matter-edit", titleKey: "title_matter_edit",
                body: editBody(code: "new", isNew: true, version: 0, department: department.name(in: request.language), form: FormState(values: values), language: request.language))
        }
        let (matter, definition) = try await CatalogController.load(request)
        guard CaseAccess.canEditMatters(of: matter.departmentPath, principal) else { throw AppError.forbidden }
        let department = try await OrganisationStore.unit(id: matter.$department.id, on: request.db)
        return try await request.renderPage(
            "approvals/matter-edit", titleKey: "title_matter_edit",
            body: editBody(
                code: matter.code, isNew: false, version: matter.currentVersion, department: department?.name(in: request.language) ?? "",
                form: FormState(values: try values(of: definition)), language: request.language))
    }

    static func editBody(code: String, isNew: Bool, version: Int, department: String, form: FormState, language: Language) -> EditBody {
        EditBody(
            code: code, isNew: isNew, version: version, department: department,
            depths: OnlineDepth.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["onlineDepth"] == $0.rawValue) },
            kinds: MatterKind.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["kind"] == $0.rawValue) },
            form: form)
    }

    static func values(of definition: MatterDefinition) throws -> [String: String] {
        [
            "code": definition.code.value, "nameZh": definition.nameZh, "nameEn": definition.nameEn, "kind": definition.kind.rawValue,
            "legalBasisZh": definition.legalBasisZh, "legalBasisEn": definition.legalBasisEn,
            "conditionsZh": definition.conditionsZh, "conditionsEn": definition.conditionsEn,
            "statutoryDays": "\(definition.statutoryDays)", "promisedDays": "\(definition.promisedDays)",
            "onlineDepth": definition.onlineDepth.rawValue, "windowZh": definition.windowZh, "windowEn": definition.windowEn,
            "hoursZh": definition.hoursZh, "hoursEn": definition.hoursEn, "phone": definition.phone,
            "structure": try encode(Structure(
                audiences: definition.audiences, lifeEvents: definition.lifeEvents, materials: definition.materials, fees: definition.fees,
                steps: definition.steps, result: definition.result, form: definition.form, isOnTheSpot: definition.isOnTheSpot,
                escalation: definition.escalation)),
        ]
    }

    static func encode(_ structure: Structure) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(structure), as: UTF8.self)
    }

    /// Publishes the edited matter as its next version (or a new matter under one of the editor's departments).
    static func save(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let language = request.language
        let isNew = request.parameters.get("code") == "new"
        let department: UnitSummary
        var version = 0
        if isNew {
            let code = fields["code"] ?? ""
            guard let found = try await editableDepartments(principal, on: request.db).first(where: { code.hasPrefix($0.code) }) else {
                throw AppError.forbidden
            }
            department = found
        } else {
            let (matter, _) = try await CatalogController.load(request)
            guard CaseAccess.canEditMatters(of: matter.departmentPath, principal),
                  let found = try await OrganisationStore.unit(id: matter.$department.id, on: request.db)
            else { throw AppError.forbidden }
            department = found
            version = matter.currentVersion
        }
        func rerender(_ refusal: FieldErrors) async throws -> Response {
            try await request.renderPage(
                "approvals/matter-edit", titleKey: "title_matter_edit",
                body: editBody(code: request.parameters.get("code") ?? "new", isNew: isNew, version: version, department: department.name(in: language),
                               form: FormState(refused: refusal, values: fields, in: language), language: language),
                status: .badRequest)
        }
        var errors = FieldErrors()
        let code = errors.check("code") { try MatterCode(isNew ? (fields["code"] ?? "") : (request.parameters.get("code") ?? "")) }
        let structure = errors.check("structure") {
            try JSONDecoder().decode(Structure.self, from: Data((fields["structure"] ?? "").utf8))
        }
        let statutory = Int(fields["statutoryDays"] ?? "")
        let promised = Int(fields["promisedDays"] ?? "")
        if statutory == nil { errors.add("statutoryDays", FieldProblem.invalid) }
        if promised == nil { errors.add("promisedDays", FieldProblem.invalid) }
        let depth = OnlineDepth(rawValue: fields["onlineDepth"] ?? "")
        if depth == nil { errors.add("onlineDepth", FieldProblem.invalid) }
        let kind = MatterKind(rawValue: fields["kind"] ?? "")
        if kind == nil { errors.add("kind", FieldProblem.invalid) }
        guard errors.isEmpty, let code, let structure, let statutory, let promised, let depth, let kind else {
            return try await rerender(errors)
        }
        func text(_ name: String) -> String { String((fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000)) }
        let definition = MatterDefinition(
            code: code, nameZh: text("nameZh"), nameEn: text("nameEn"), kind: kind, legalBasisZh: text("legalBasisZh"),
            legalBasisEn: text("legalBasisEn"), conditionsZh: text("conditionsZh"), conditionsEn: text("conditionsEn"),
            audiences: structure.audiences, lifeEvents: structure.lifeEvents, materials: structure.materials, fees: structure.fees,
            statutoryDays: statutory, promisedDays: promised, isOnTheSpot: structure.isOnTheSpot, steps: structure.steps,
            onlineDepth: depth, windowZh: text("windowZh"), windowEn: text("windowEn"), hoursZh: text("hoursZh"), hoursEn: text("hoursEn"),
            phone: text("phone"), result: structure.result, form: structure.form, escalation: structure.escalation)
        let actor = request.auditActor(role: CaseAccess.matterEditorRole(of: department.path, principal), unitPath: department.path)
        let now = request.now
        do {
            let (matter, _) = try await request.write { db in
                try await MatterStore.publish(definition, department: department, editor: principal, isNew: isNew, by: actor, now: now, on: db)
            }
            return request.redirect(to: Paths.approvals.matters(query: ["done": "published", "code": matter.code]))
        } catch let problems as FieldErrors {
            return try await rerender(problems)
        } catch MatterStoreError.codeTaken {
            return try await rerender(.single("code", MessageKey("error_matter_code_taken")))
        } catch MatterStoreError.codeNotOfDepartment {
            return try await rerender(.single("code", MessageKey("error_matter_code_department")))
        }
    }
}
