import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The public service catalogue (事项目录) and guides (办事指南), and applying online.
enum CatalogController {
    struct ListBody: Encodable, Sendable {
        var query: String
        var department: String
        var event: String
        var departments: [Option]
        var citizenEvents: [Option]
        var enterpriseEvents: [Option]
        var matters: [MatterRow]
        var count: Int
        var countLabel: String
    }

    struct MatterRow: Encodable, Sendable {
        var code: String
        var name: String
        var kind: String
        var department: String
        var depth: String
        var depthCode: String
        var promisedDays: Int
        var statutoryDays: Int
        var onTheSpot: Bool
    }

    static func list(_ request: Request) async throws -> Response {
        let language = request.language
        let text = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let departmentRaw = request.query[String.self, at: "department"] ?? ""
        let eventRaw = request.query[String.self, at: "event"] ?? ""
        let filter = MatterStore.Filter(
            departmentID: UUID(uuidString: departmentRaw), lifeEvent: LifeEvent(rawValue: eventRaw),
            text: String(text.prefix(100)))
        let matters = try await MatterStore.list(filter, on: request.db)
        let departments = try await OrganisationStore.unitsInDisplayOrder(kinds: [.department], on: request.db)
        let allMatters = try await MatterStore.list(on: request.db)
        let departmentsWithMatters = Set(allMatters.map { $0.$department.id })
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0.name(in: language)) })
        let versions = try await MatterStore.current(of: matters, on: request.db)
        var rows: [MatterRow] = []
        for matter in matters {
            guard let definition = try versions[matter.requireID()]?.definition else { continue }
            rows.append(row(matter, definition, department: names[matter.$department.id] ?? "", language: language))
        }
        func events(_ audience: ServiceAudience) -> [Option] {
            LifeEvent.events(for: audience).map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == eventRaw) }
        }
        let body = ListBody(
            query: text, department: departmentRaw, event: eventRaw,
            departments: departments.filter { departmentsWithMatters.contains($0.id) }.map {
                Option(value: $0.id.uuidString, label: $0.name(in: language), selected: $0.id.uuidString == departmentRaw)
            },
            citizenEvents: events(.citizen), enterpriseEvents: events(.enterprise), matters: rows, count: rows.count,
            countLabel: Strings.format("catalog_count", language, ["n": "\(rows.count)"]))
        return try await request.renderPage("approvals/catalog", titleKey: "title_catalog", body: body)
    }

    static func row(_ matter: Matter, _ definition: MatterDefinition, department: String, language: Language) -> MatterRow {
        MatterRow(
            code: matter.code, name: definition.name(in: language), kind: definition.kind.title(in: language), department: department,
            depth: definition.onlineDepth.title(in: language), depthCode: definition.onlineDepth.rawValue,
            promisedDays: definition.promisedDays, statutoryDays: definition.statutoryDays, onTheSpot: definition.isOnTheSpot)
    }

    struct GuideBody: Encodable, Sendable {
        var code: String
        var version: Int
        var name: String
        var kind: String
        var department: String
        var legalBasis: String
        var conditions: String
        var materials: [MaterialGuideRow]
        var free: Bool
        var fees: [LabelledValue]
        var statutoryDays: Int
        var promisedDays: Int
        var onTheSpot: Bool
        var steps: [StepGuideRow]
        var procedures: [String]
        var depth: String
        var canApplyOnline: Bool
        var window: String
        var hours: String
        var phone: String
        var result: String?
        var validity: String?
        var audiences: [String]
        var events: [String]
        var updated: String
    }

    struct MaterialGuideRow: Encodable, Sendable {
        var name: String
        var required: Bool
        var form: String
        var copies: Int
        var electronic: Bool
        var blankForm: Bool
        var sample: Bool
    }

    struct StepGuideRow: Encodable, Sendable {
        var name: String
        var role: String
        var days: Int
        var excluded: Bool
    }

    static func guide(_ request: Request) async throws -> Response {
        let (matter, definition) = try await load(request)
        let language = request.language
        let department = try await OrganisationStore.unit(id: matter.$department.id, on: request.db)
        let body = GuideBody(
            code: matter.code, version: matter.currentVersion, name: definition.name(in: language), kind: definition.kind.title(in: language),
            department: department?.name(in: language) ?? "",
            legalBasis: language == .zhHans ? definition.legalBasisZh : definition.legalBasisEn,
            conditions: language == .zhHans ? definition.conditionsZh : definition.conditionsEn,
            materials: definition.materials.map {
                MaterialGuideRow(
                    name: $0.name(in: language), required: $0.required,
                    form: Strings.text($0.original ? "material_original" : "material_copy", language), copies: $0.copies,
                    electronic: $0.electronicAccepted, blankForm: $0.hasBlankForm, sample: $0.hasSample)
            },
            free: definition.fees.isFree,
            fees: {
                guard case let .charged(items) = definition.fees else { return [] }
                return items.map { LabelledValue(label: $0.name(in: language), value: "\(Yuan.format($0.amountFen))（\($0.legalBasis)）") }
            }(),
            statutoryDays: definition.statutoryDays, promisedDays: definition.promisedDays, onTheSpot: definition.isOnTheSpot,
            steps: definition.steps.map {
                StepGuideRow(name: $0.name(in: language), role: $0.role.title(in: language), days: $0.limitDays, excluded: $0.kind.isExcludedFromLimit)
            },
            procedures: definition.possibleProcedures.map { $0.title(in: language) },
            depth: definition.onlineDepth.title(in: language), canApplyOnline: definition.onlineDepth.acceptsOnlineApplication,
            window: language == .zhHans ? definition.windowZh : definition.windowEn,
            hours: language == .zhHans ? definition.hoursZh : definition.hoursEn, phone: definition.phone,
            result: definition.result?.certificateName(in: language),
            validity: definition.result?.validityMonths.map { Strings.format("validity_months", language, ["n": "\($0)"]) },
            audiences: definition.audiences.map { Strings.text("audience_\($0.rawValue)", language) },
            events: definition.lifeEvents.map { $0.title(in: language) },
            updated: BeijingTime.minute(matter.updatedAt))
        return try await request.renderPage("approvals/guide", titleKey: "title_guide", body: body)
    }

    struct FormSheetBody: Encodable, Sendable {
        var code: String
        var matterName: String
        var sample: Bool
        var rows: [LabelledValue]
        var materials: [String]
        var department: String
        /// A valid 居民身份证号码 for the sample.
        var sampleIdentifier = ResidentIdentityNumber.sample
    }

    /// The blank application form (空白表格) or a filled sample (示例样表) of a matter, printable.
    static func formSheet(_ request: Request) async throws -> Response {
        let (matter, definition) = try await load(request)
        let sample = request.parameters.get("kind") == "sample"
        guard sample || request.parameters.get("kind") == "blank" else { throw AppError.notFound }
        let language = request.language
        let today = CivilDate.beijing(request.now)
        let department = try await OrganisationStore.unit(id: matter.$department.id, on: request.db)
        let body = FormSheetBody(
            code: matter.code, matterName: definition.name(in: language), sample: sample,
            rows: definition.form.fields.map { field in
                var value = sample ? field.sampleValue(today: today) : ""
                if sample, case let .choice(options) = field.type, let option = options.first(where: { $0.value == value }) {
                    value = language == .zhHans ? option.labelZh : option.labelEn
                }
                return LabelledValue(label: field.label(in: language), value: value)
            },
            materials: definition.materials.map { $0.name(in: language) },
            department: department?.name(in: language) ?? "")
        return try await request.renderPage("approvals/form-sheet", titleKey: sample ? "title_form_sample" : "title_form_blank", body: body)
    }

    static func load(_ request: Request) async throws -> (Matter, MatterDefinition) {
        guard let code = request.parameters.get("code"), code.count <= 40,
              let matter = try await MatterStore.matter(code: code, on: request.db)
        else { throw AppError.notFound }
        return (matter, try await MatterStore.current(of: matter, on: request.db).definition)
    }

    // MARK: Applying

    struct ApplyBody: Encodable, Sendable {
        var code: String
        var name: String
        var fields: [FieldInput]
        var materials: [MaterialInput]
        var form: FormState
        var applicantName: String
        var applicantIdentifier: String
        /// At a window, the clerk types the applicant in.
        var atWindow: Bool
        var action: String
        /// The certificate this application renews (Art. 50), if any.
        var renews: String?
        /// The shared resource an enterprise's details were filled from, through the exchange.
        var prefilledFrom: String? = nil
    }

    /// An enterprise's details from the legal entity registry, read through the exchange as the matter's department so the
    /// access is logged (and shown to the enterprise) like any other; nothing when no registry resource serves it.
    static func prefill(
        for account: AccountProfile, matter: Matter, fields: [String], filled: [String: String], _ request: Request
    ) async throws -> (values: [String: String], source: String)? {
        let wanted = RegistryPrefill.registryFields(for: fields)
        guard account.kind == .enterprise, let code = account.creditCode, !wanted.isEmpty,
              let resource = try await SharingStore.registryResource(.legalEntity, on: request.db),
              let department = try await OrganisationStore.unit(id: matter.$department.id, on: request.db)
        else { return nil }
        let call = ExchangeCall(callerUnitPath: department.path, purposeCode: "approval-prefill", issue: "\(matter.code) 网上申请",
                                endUser: "申请人 \(account.username)", fields: wanted.filter(resource.fields.map(\.name).contains))
        let caller = ExchangeCaller(unitID: department.id, unitPath: department.path, clientName: "网上审批大厅")
        let now = request.now
        let answer = try await request.write { db in
            try await ExchangeStore.query(resourceCode: resource.code, subject: code, call: call, caller: caller, now: now, on: db)
        }
        guard let entry = answer.records.first else { return nil }
        let values = RegistryPrefill.values(from: entry, formFields: fields, filled: filled)
        return values.isEmpty ? nil : (values, "\(resource.name)（\(resource.code)）")
    }

    struct FieldInput: Encodable, Sendable {
        var name: String
        var label: String
        var help: String?
        var required: Bool
        /// text, number, date, choice, address.
        var type: String
        var maxLength: Int?
        var options: [Option]
        var value: String
        /// Filled from the applicant's account and read-only (the applicant's own name or identifier).
        var fromAccount: Bool
        var error: String?
    }

    struct MaterialInput: Encodable, Sendable {
        var field: String
        var name: String
        var required: Bool
        var electronic: Bool
        var error: String?
    }

    static func applyPage(_ request: Request) async throws -> Response {
        let (matter, definition) = try await load(request)
        guard definition.onlineDepth.acceptsOnlineApplication else { throw AppError.rejected(ApplicationProblem.notOnline) }
        let principal = try request.requirePrincipal()
        let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db)
        var form = FormState()
        if let renews = request.query[String.self, at: "renews"].flatMap(UUID.init(uuidString:)),
           let original = try await CaseStore.formData(renewing: renews, holder: principal.accountID, matterID: matter.id, on: request.db) {
            form.values = original
            form.values["renews"] = renews.uuidString.lowercased()
        }
        var body = applyBody(matter, definition, form: form, account: account, atWindow: false, language: request.language)
        if let account, let prefill = try await prefill(for: account, matter: matter, fields: definition.form.fields.map(\.name), filled: form.values, request) {
            form.values.merge(prefill.values) { _, new in new }
            body = applyBody(matter, definition, form: form, account: account, atWindow: false, language: request.language)
            body.prefilledFrom = prefill.source
        }
        return try await request.renderPage("approvals/apply", titleKey: "title_apply", body: body)
    }

    static func applyBody(_ matter: Matter, _ definition: MatterDefinition, form: FormState, account: AccountProfile?, atWindow: Bool, language: Language) -> ApplyBody {
        // Online, the applicant's own name and identifier are the account's: shown, not typed.
        let identity = atWindow ? nil : account?.identity
        return ApplyBody(
            code: matter.code, name: definition.name(in: language),
            fields: definition.form.fields.map { field in
                let own = field.applicantDatum.flatMap { identity?.value(of: $0) }
                var type = "text"
                var maxLength: Int?
                var options: [Option] = []
                switch field.type {
                case let .text(max): maxLength = max
                case .number: type = "number"
                case .date: type = "date"
                case let .choice(choices):
                    type = "choice"
                    options = choices.map { Option(value: $0.value, label: language == .zhHans ? $0.labelZh : $0.labelEn, selected: form.values[field.name] == $0.value) }
                case .address: type = "address"
                }
                return FieldInput(
                    name: field.name, label: field.label(in: language), help: field.help(in: language), required: field.required,
                    type: type, maxLength: maxLength, options: options, value: own ?? form.values[field.name] ?? "", fromAccount: own != nil,
                    error: form.errors[field.name])
            },
            materials: definition.materials.map {
                MaterialInput(field: "material_\($0.key)", name: $0.name(in: language), required: $0.required && $0.electronicAccepted,
                              electronic: $0.electronicAccepted, error: form.errors["material_\($0.key)"])
            },
            form: form, applicantName: account?.displayName ?? "",
            applicantIdentifier: (account?.residentID ?? account?.creditCode).map(Mask.identifier) ?? "",
            atWindow: atWindow, action: atWindow ? Paths.approvals.intakeMatter(matter.code) : Paths.approvals.apply(matter.code),
            renews: form.values["renews"])
    }

    /// Files an online application for the signed-in applicant; their identity comes from the account.
    static func apply(_ request: Request) async throws -> Response {
        let (matter, definition) = try await load(request)
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let submitted = try request.multipartFields()
        return try await request.submitting(submitted.texts) {
            let files = try UploadChecking.check(submitted.files)
            let applicant = ApplicantDetails(account: account)
            let filed: FiledCase
            if let renews = submitted.texts["renews"].flatMap(UUID.init(uuidString:)) {
                filed = try await renew(request, certificateID: renews, form: submitted.texts, files: files, applicant: applicant)
            } else {
                filed = try await submit(request, matter: matter, form: submitted.texts, files: files, applicant: applicant, channel: .online)
            }
            // The case keeps only the code's hash: the confirmation is the one page that shows it (as a disclosure
            // request's does), and it shows it only while it still matches.
            return request.redirect(to: Paths.approvals.myCase(filed.row.id!, query: ["done": "submitted", "code": filed.queryCode]))
        } otherwise: { form in
            try await request.renderPage(
                "approvals/apply", titleKey: "title_apply",
                body: applyBody(matter, definition, form: form, account: account, atWindow: false, language: request.language))
        }
    }

    static func submit(
        _ request: Request, matter: Matter, form: [String: String], files: [CheckedFile], applicant: ApplicantDetails,
        channel: ApplicationChannel
    ) async throws -> FiledCase {
        let context = try await request.application.caseContext()
        let actor = request.auditActor(role: channel == .online ? .applicant : .windowClerk)
        let form = form.filter { $0.key != "_csrf" }
        return try await request.write { db in
            let intake = try await OrganisationStore.intakeCentrePath(on: db)
            return try await CaseStore.submit(
                matter: matter, form: form, files: files, applicant: applicant, channel: channel, intakePath: intake,
                by: actor, context: context, on: db)
        }
    }
}

extension CatalogController {
    /// Files a renewal (Art. 50) of a certificate the applicant holds.
    static func renew(
        _ request: Request, certificateID: UUID, form: [String: String], files: [CheckedFile], applicant: ApplicantDetails
    ) async throws -> FiledCase {
        let context = try await request.application.caseContext()
        let actor = request.auditActor(role: .applicant)
        let form = form.filter { $0.key != "_csrf" && $0.key != "renews" }
        return try await request.write { db in
            let intake = try await OrganisationStore.intakeCentrePath(on: db)
            return try await CertificateStore.applyForRenewal(
                of: certificateID, form: form, files: files, applicant: applicant, intakePath: intake, by: actor, context: context, on: db)
        }
    }
}


extension Request {
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw AppError.notSignedIn }
        return principal
    }
}
