import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The data steward's pages (数据共享): the catalog, the unit's own resources, requests made and to answer, grants, and
/// who used the unit's data.
enum SharingWorkController {
    struct ResourceRow: Encodable, Sendable {
        var href: String
        var code: String
        var name: String
        var provider: String
        var sharingClass: String
        var classCode: String
        var fieldCount: Int
        var frequency: String
        var provision: String
        var own: Bool
    }

    struct RequestRow: Encodable, Sendable {
        var href: String
        var number: String
        var resource: String
        var requester: String
        var provider: String
        var state: String
        var stateCode: String
        var received: String
        var due: String
    }

    struct HomeBody: Encodable, Sendable {
        var unit: String
        var resources: [ResourceRow]
        var toAnswer: [RequestRow]
        var made: [RequestRow]
    }

    /// A steward's unit, or 403 for someone without the role.
    static func steward(_ request: Request) async throws -> (Principal, OrganisationUnit) {
        let principal = try request.requirePrincipal()
        guard let unit = try await SharingStore.stewardUnit(of: principal, on: request.db) else { throw AppError.forbidden }
        return (principal, unit)
    }

    static func home(_ request: Request) async throws -> Response {
        let (_, unit) = try await steward(request)
        let language = request.language
        let names = try await OrganisationStore.names(language, on: request.db)
        let catalog = try await SharingStore.catalog(on: request.db)
        let requests = try await SharingStore.requests(for: unit.path, on: request.db)
        let byID = Dictionary(catalog.compactMap { record in record.id.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        let rows = try requests.map { try requestRow($0, resource: byID[$0.resourceID], names: names, language: language) }
        let body = HomeBody(
            unit: unit.name(in: language),
            resources: try catalog.filter { $0.unitPath == unit.path }.map { try resourceRow($0, names: names, ownPath: unit.path, language: language) },
            toAnswer: zip(requests, rows).filter { record, _ in record.requestState.isOpen && record.requesterUnitPath != unit.path }.map(\.1),
            made: zip(requests, rows).filter { record, _ in record.requesterUnitPath == unit.path }.map(\.1))
        return try await request.renderPage("sharing/home", titleKey: "title_sharing", body: body,
                                            notice: request.notice(from: ["created": "sharing_notice_created"]))
    }

    struct CatalogBody: Encodable, Sendable {
        var resources: [ResourceRow]
        var query: String
    }

    static func catalog(_ request: Request) async throws -> Response {
        let (_, unit) = try await steward(request)
        let language = request.language
        let names = try await OrganisationStore.names(language, on: request.db)
        let query = String((request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(60))
        let records = try await SharingStore.catalog(on: request.db).filter {
            query.isEmpty || $0.name.localizedCaseInsensitiveContains(query) || $0.code.localizedCaseInsensitiveContains(query)
                || $0.description.localizedCaseInsensitiveContains(query)
        }
        let body = CatalogBody(resources: try records.map { try resourceRow($0, names: names, ownPath: unit.path, language: language) }, query: query)
        return try await request.renderPage("sharing/catalog", titleKey: "title_sharing_catalog", body: body)
    }

    /// The catalog as CSV, one row per field, as catalog spreadsheets are kept (资源目录 + 信息项).
    static func catalogCSV(_ request: Request) async throws -> Response {
        _ = try await steward(request)
        return try await csv(request)
    }

    static func csv(_ request: Request) async throws -> Response {
        let language = request.language
        let names = try await OrganisationStore.names(language, on: request.db)
        var rows: [[String]] = []
        for record in try await SharingStore.catalog(on: request.db) {
            let definition = record.definition
            for field in definition.fields {
                rows.append([
                    definition.code, definition.name, names[record.unitID] ?? "", definition.sharingClass.title(in: language), definition.legalBasis ?? "",
                    definition.frequency.title(in: language), definition.provision.title(in: language), field.name, field.title, field.type.rawValue,
                    field.length.map(String.init) ?? "", field.meaning, field.personal ? "Y" : "N", field.sensitive ? "Y" : "N",
                ])
            }
        }
        let header = ["sharing_col_code", "sharing_col_name", "sharing_col_provider", "sharing_col_class", "sharing_col_legal_basis", "sharing_col_frequency",
                      "sharing_col_provision", "sharing_col_field", "sharing_col_field_title", "sharing_col_type", "sharing_col_length",
                      "sharing_col_meaning", "sharing_col_personal", "sharing_col_sensitive"].map { Strings.text($0, language) }
        return CSV.response(header: header, rows: rows, filename: "sharing-catalog.csv")
    }

    // MARK: Resources

    struct ResourceFormBody: Encodable, Sendable {
        var action: String
        var editing: Bool
        var version: Int
        var classes: [Option]
        var frequencies: [Option]
        var provisions: [Option]
        var scopeUnits: [Option]
        /// Where the records come from: chosen when the resource is registered.
        var sources: [Option]
        var form: FormState
    }

    static func newPage(_ request: Request) async throws -> Response {
        _ = try await steward(request)
        return try await renderForm(request, editing: nil, form: FormState(values: ["sharing_class": "conditional", "frequency": "daily", "provision": "exchange"]),
                                    scope: [], status: .ok)
    }

    /// The provider's steward changes a resource; requests and grants already made keep the fields they named.
    static func editPage(_ request: Request) async throws -> Response {
        let (principal, _) = try await steward(request)
        let record = try await ownResource(request, principal)
        let definition = record.definition
        let scope = try await OrganisationStore.units(paths: record.scopePaths, on: request.db).map { $0.id.uuidString.lowercased() }
        return try await renderForm(request, editing: record, form: FormState(values: [
            "code": definition.code, "name": definition.name, "description": definition.description, "fields": ResourceField.listText(definition.fields),
            "subject_field": definition.subjectField ?? "", "sharing_class": definition.sharingClass.rawValue, "legal_basis": definition.legalBasis ?? "",
            "frequency": definition.frequency.rawValue, "provision": definition.provision.rawValue,
        ]), scope: scope, status: .ok)
    }

    static func ownResource(_ request: Request, _ principal: Principal) async throws -> SharingResourceRecord {
        let id = try UUID.parameter("resourceID", of: request)
        guard let record = try await SharingStore.resource(id: id, on: request.db) else { throw AppError.notFound }
        guard SharingPolicy.keeps(unitPath: record.unitPath, principal) else { throw AppError.forbidden }
        return record
    }

    static func renderForm(
        _ request: Request, editing: SharingResourceRecord?, form: FormState, scope: [String], status: HTTPResponseStatus
    ) async throws -> Response {
        let language = request.language
        let units = try await OrganisationStore.units(kinds: [.department, .region], on: request.db)
        func options<T: RawRepresentable<String> & CaseIterable>(_ type: T.Type, _ selected: String?, _ title: (T) -> String) -> [Option] {
            T.allCases.map { Option(value: $0.rawValue, label: title($0), selected: $0.rawValue == selected) }
        }
        let body = ResourceFormBody(
            action: try editing.map { Paths.sharing.resourceEdit(try $0.requireID()) } ?? Paths.sharing.resources(),
            editing: editing != nil, version: editing?.version ?? 0,
            classes: options(SharingClass.self, form.values["sharing_class"]) { $0.title(in: language) },
            frequencies: options(UpdateFrequency.self, form.values["frequency"]) { $0.title(in: language) },
            provisions: options(ProvisionMethod.self, form.values["provision"]) { $0.title(in: language) },
            scopeUnits: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: language), selected: scope.contains($0.id.uuidString.lowercased())) },
            sources: [Option(value: "records", label: Strings.text("sharing_source_records", language), selected: (form.values["source"] ?? "records") == "records")]
                + RegistryKind.allCases.map { Option(value: $0.sourceName, label: $0.title(in: language), selected: form.values["source"] == $0.sourceName) },
            form: form)
        return try await request.renderPage("sharing/resource-form", titleKey: editing == nil ? "title_sharing_resource_new" : "title_sharing_resource_edit",
                                            body: body, status: status)
    }

    static func create(_ request: Request) async throws -> Response {
        let (principal, unit) = try await steward(request)
        let source = request.formValues(["source"])["source"].flatMap(RegistryKind.init(sourceName:))
        return try await saveResource(request, editing: nil) { definition, scopeIDs, actor, now, _ in
            try await request.write { db in
                try await SharingStore.create(definition, scopeUnitIDs: scopeIDs, source: source, unit: unit, principal: principal, by: actor, now: now, on: db)
            }
        }
    }

    static func save(_ request: Request) async throws -> Response {
        let (principal, _) = try await steward(request)
        let record = try await ownResource(request, principal)
        let id = try record.requireID()
        return try await saveResource(request, editing: record) { definition, scopeIDs, actor, now, version in
            try await request.write { db in
                try await SharingStore.update(id, to: definition, scopeUnitIDs: scopeIDs, expectedVersion: version, principal: principal, by: actor, now: now, on: db)
            }
        }
    }

    /// Reads the resource form, checks it, and stores it with `store`; a problem shows the form again with what was typed.
    static func saveResource(
        _ request: Request, editing: SharingResourceRecord?,
        store: (SharingResourceDefinition, [UUID], AuditActor, Date, Int?) async throws -> SharingResourceRecord
    ) async throws -> Response {
        let fields = request.formValues(["code", "name", "description", "fields", "subject_field", "sharing_class", "legal_basis", "frequency", "provision", "version", "source"])
        let scope = request.formList("scope")
        let draft = ResourceDraft(
            code: fields["code"] ?? "", name: fields["name"] ?? "", description: fields["description"] ?? "", fieldList: fields["fields"] ?? "",
            subjectField: fields["subject_field"] ?? "", sharingClass: fields["sharing_class"] ?? "", legalBasis: fields["legal_basis"] ?? "",
            frequency: fields["frequency"] ?? "", provision: fields["provision"] ?? "")
        var form = FormState(values: fields)
        do {
            let definition = try draft.validated()
            let scopeIDs = scope.compactMap(UUID.init(uuidString:))
            guard scopeIDs.count == scope.count else { throw FieldErrors.single("scope", FieldProblem.invalid) }
            let record = try await store(definition, scopeIDs, request.auditActor(role: .dataSteward), request.now, fields["version"].flatMap { Int($0) })
            return request.redirect(to: Paths.sharing.resource(try record.requireID(), query: ["done": editing == nil ? "created" : "saved"]))
        } catch let errors as FieldErrors {
            form = FormState(refused: errors, values: fields, in: request.language, withSummary: false)
        } catch let problem as SharingProblem where problem != .notPermitted {
            form.error = problem.message(in: request.language)
        }
        return try await renderForm(request, editing: editing, form: form, scope: scope, status: .badRequest)
    }

    struct FieldRow: Encodable, Sendable {
        var name: String
        var title: String
        var type: String
        var length: String
        var meaning: String
        var personal: Bool
        var sensitive: Bool
        var subject: Bool
    }

    struct GrantRow: Encodable, Sendable {
        var id: String
        var unit: String
        var fields: String
        var purpose: String
        var validUntil: String
        var status: String
        var active: Bool
        var requestHref: String
    }

    struct ResourceBody: Encodable, Sendable {
        var id: String
        var code: String
        var name: String
        var description: String
        var provider: String
        var sharingClass: String
        var classCode: String
        var legalBasis: String
        var frequency: String
        var provision: String
        /// The units that may ask, or empty for all of government.
        var scope: String
        var fields: [FieldRow]
        var own: Bool
        var canRequest: Bool
        var grants: [GrantRow]
        var access: [ExchangeAccessController.AccessRow]
        var accessHref: String
    }

    static func show(_ request: Request) async throws -> Response {
        let (_, unit) = try await steward(request)
        let id = try UUID.parameter("resourceID", of: request)
        guard let record = try await SharingStore.resource(id: id, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let names = try await OrganisationStore.names(language, on: request.db)
        let definition = record.definition
        let own = record.unitPath == unit.path
        let now = request.now
        let grants = own ? try await SharingStore.grants(of: id, on: request.db) : []
        let access = own ? try await ExchangeStore.search(.init(providerPath: unit.path, resourceCode: record.code), limit: 20, on: request.db) : []
        let scopeUnits = try await OrganisationStore.units(paths: record.scopePaths, on: request.db)
        let body = ResourceBody(
            id: id.uuidString.lowercased(), code: definition.code, name: definition.name, description: definition.description, provider: names[record.unitID] ?? "",
            sharingClass: definition.sharingClass.title(in: language), classCode: definition.sharingClass.rawValue, legalBasis: definition.legalBasis ?? "",
            frequency: definition.frequency.title(in: language), provision: definition.provision.title(in: language),
            scope: scopeUnits.map { $0.name(in: language) }.joined(separator: " · "),
            fields: definition.fields.map {
                FieldRow(name: $0.name, title: $0.title, type: $0.type.rawValue, length: $0.length.map(String.init) ?? "", meaning: $0.meaning,
                         personal: $0.personal, sensitive: $0.sensitive, subject: $0.name == definition.subjectField)
            },
            own: own, canRequest: !own && definition.sharingClass != .unconditional,
            grants: try grants.map { try grantRow($0, names: names, now: now, language: language) },
            access: access.map { ExchangeAccessController.row($0, names: names, language: language) },
            accessHref: Paths.sharing.access(encodedQuery: "resource=" + (definition.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")))
        return try await request.renderPage("sharing/resource", titleKey: "title_sharing_resource", body: body,
                                            notice: request.notice(from: ["created": "sharing_notice_created", "saved": "sharing_notice_saved", "revoked": "sharing_notice_revoked"]))
    }

    // MARK: Requests

    struct RequestFormBody: Encodable, Sendable {
        var resourceID: String
        var code: String
        var name: String
        var challenge: Bool
        var legalBasis: String
        var fields: [Option]
        var form: FormState
    }

    static func requestPage(_ request: Request) async throws -> Response {
        _ = try await steward(request)
        let id = try UUID.parameter("resourceID", of: request)
        guard let record = try await SharingStore.resource(id: id, on: request.db) else { throw AppError.notFound }
        return try await renderRequestForm(request, record: record, form: FormState(values: ["days": "90"]), chosen: [], status: .ok)
    }

    static func renderRequestForm(
        _ request: Request, record: SharingResourceRecord, form: FormState, chosen: [String], status: HTTPResponseStatus
    ) async throws -> Response {
        let definition = record.definition
        let body = RequestFormBody(
            resourceID: try record.requireID().uuidString.lowercased(), code: definition.code, name: definition.name,
            challenge: definition.sharingClass == .notShared, legalBasis: definition.legalBasis ?? "",
            fields: definition.fields.map { Option(value: $0.name, label: "\($0.title) (\($0.name))", selected: chosen.contains($0.name)) }, form: form)
        return try await request.renderPage("sharing/request-form", titleKey: "title_sharing_request_new", body: body, status: status)
    }

    static func file(_ request: Request) async throws -> Response {
        let (principal, _) = try await steward(request)
        let id = try UUID.parameter("resourceID", of: request)
        guard let resource = try await SharingStore.resource(id: id, on: request.db) else { throw AppError.notFound }
        let values = request.formValues(["purpose_code", "purpose", "legal_basis", "days"])
        let chosen = request.formList("fields")
        var form = FormState(values: values)
        let actor = request.auditActor(role: .dataSteward)
        let calendar = try await request.workCalendar()
        let now = request.now
        do {
            let application = try SharingRules.validate(
                fields: chosen, purposeCode: values["purpose_code"] ?? "", purpose: values["purpose"] ?? "", legalBasis: values["legal_basis"] ?? "",
                days: values["days"] ?? "", for: resource.definition)
            let record = try await request.write { db in
                try await SharingStore.file(application, for: resource, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.sharing.request(try record.requireID(), query: ["done": "filed"]))
        } catch let errors as FieldErrors {
            form = FormState(refused: errors, values: values, in: request.language, withSummary: false)
            return try await renderRequestForm(request, record: resource, form: form, chosen: chosen, status: .badRequest)
        } catch let problem as SharingProblem where problem != .notPermitted {
            form.error = problem.message(in: request.language)
            return try await renderRequestForm(request, record: resource, form: form, chosen: chosen, status: .badRequest)
        }
    }

    struct RequestBody: Encodable, Sendable {
        var id: String
        var number: String
        /// Where the breadcrumb leads: the sharing workbench, or the supervision centre for a supervisor.
        var backHref: String
        /// The resource's workbench page; `nil` on the supervisor's side, which has none.
        var resourceHref: String?
        var resource: String
        var requester: String
        var provider: String
        var bureau: String
        var state: String
        var stateCode: String
        var fields: [Option]
        var purposeCode: String
        var purpose: String
        var legalBasis: String
        var days: Int
        var requestedBy: String
        var received: String
        var due: String
        var decidedBy: String
        var decided: String
        var reason: String
        var challengeOutcome: String
        var challengeReason: String
        var conditions: String
        var grant: GrantRow?
        var canAnswer: Bool
        var canDecideChallenge: Bool
        var canWithdraw: Bool
        var canRevoke: Bool
        var version: Int
        var form: FormState
    }

    static func showRequest(_ request: Request) async throws -> Response {
        try await renderRequest(request, form: FormState(), status: .ok)
    }

    static func renderRequest(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        guard let record = try await SharingStore.request(id: id, on: request.db), SharingPolicy.canRead(principal, record.scope),
              let resource = try await SharingStore.resource(id: record.resourceID, on: request.db), let application = record.application
        else { throw AppError.notFound }
        let language = request.language
        let names = try await OrganisationStore.names(language, on: request.db)
        let grant = try await SharingStore.grant(of: record, on: request.db)
        let now = request.now
        let state = record.requestState
        let allowed = SharingPolicy.allowedActions(principal, on: record.scope, grantActive: grant.map { $0.terms.isActive(at: now) } == true)
        let titles = Dictionary(resource.fields.map { ($0.name, $0.title) }, uniquingKeysWith: { first, _ in first })
        let supervising = request.url.path.hasPrefix(Paths.sharing.supervisedRequest.prefix)
        let body = RequestBody(
            id: id.uuidString.lowercased(), number: record.number,
            backHref: supervising ? Paths.supervision.home() : Paths.sharing.work(),
            resourceHref: supervising ? nil : Paths.sharing.resource(record.resourceID),
            resource: "\(resource.name) (\(resource.code))", requester: names[record.requesterUnitID] ?? "", provider: names[record.providerUnitID] ?? "",
            bureau: record.bureauUnitID.flatMap { names[$0] } ?? "", state: state.title(in: language), stateCode: state.rawValue,
            fields: application.fields.map { Option(value: $0, label: "\(titles[$0] ?? $0) (\($0))", selected: true) },
            purposeCode: application.purposeCode, purpose: application.purpose, legalBasis: application.legalBasis, days: application.days,
            requestedBy: record.requestedByName, received: BeijingTime.minute(record.receivedAt), due: record.replyDue.map(BeijingTime.deadline) ?? "",
            decidedBy: record.decidedByName ?? "", decided: record.decidedAt.map(BeijingTime.minute) ?? "", reason: record.reason ?? "",
            challengeOutcome: record.challengeOutcome.map { Strings.text("sharing_challenge_" + $0, language) } ?? "", challengeReason: record.challengeReason ?? "",
            conditions: record.conditions ?? "",
            grant: try grant.map { try grantRow($0, names: names, now: now, language: language) },
            canAnswer: allowed.contains(.answer), canDecideChallenge: allowed.contains(.decideChallenge), canWithdraw: allowed.contains(.withdraw),
            canRevoke: allowed.contains(.revoke),
            version: record.version, form: form)
        return try await request.renderPage("sharing/request", titleKey: "title_sharing_request", body: body,
                                            notice: request.notice(from: ["filed": "sharing_notice_filed", "decided": "sharing_notice_decided"]), status: status)
    }

    static func decide(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("requestID", of: request)
        let values = request.formValues(["reason", "days", "conditions", "version"])
        let text = values["reason"] ?? ""
        let decision: SharingStore.Decision
        switch request.parameters.get("action") ?? "" {
        case "approve":
            decision = .approve(fields: request.formList("fields"), days: values["days"] ?? "", conditions: values["conditions"] ?? "")
        case "refuse": decision = .refuse(reason: text)
        case "withdraw": decision = .withdraw
        case "uphold": decision = .upholdClassification(reason: text)
        case "reclassify": decision = .reclassify(reason: text)
        default: throw AppError.notFound
        }
        let actor = request.auditActor(role: .dataSteward)
        let calendar = try await request.workCalendar()
        let now = request.now
        let expected = values["version"].flatMap { Int($0) }
        do {
            _ = try await request.write { db in
                try await SharingStore.decide(decision, on: id, expectedVersion: expected, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await renderRequest(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as SharingProblem where problem.refusal == .invalid {
            return try await renderRequest(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.sharing.request(id, query: ["done": "decided"]))
    }

    static func revoke(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("grantID", of: request)
        let values = request.formValues(["reason"])
        let actor = request.auditActor(role: .dataSteward)
        let now = request.now
        let grant: SharingGrantRecord
        do {
            grant = try await request.write { db in
                try await SharingStore.revoke(grant: id, reason: values["reason"] ?? "", principal: principal, by: actor, now: now, on: db)
            }
        } catch SharingProblem.notPermitted {
            throw AppError.notFound
        }
        return request.redirect(to: Paths.sharing.resource(grant.resourceID, query: ["done": "revoked"]))
    }

    // MARK: Rows

    static func grantRow(_ grant: SharingGrantRecord, names: [UUID: String], now: Date, language: Language) throws -> GrantRow {
        let active = grant.terms.isActive(at: now)
        return GrantRow(
            id: try grant.requireID().uuidString.lowercased(), unit: names[grant.unitID] ?? "", fields: grant.fields.joined(separator: ", "),
            purpose: grant.purposeCode, validUntil: BeijingTime.deadline(grant.validUntil),
            status: Strings.text(grant.revokedAt != nil ? "sharing_grant_revoked" : active ? "sharing_grant_active" : "sharing_grant_expired", language),
            active: active, requestHref: Paths.sharing.request(grant.requestID))
    }

    static func resourceRow(_ record: SharingResourceRecord, names: [UUID: String], ownPath: String, language: Language) throws -> ResourceRow {
        let definition = record.definition
        return ResourceRow(
            href: Paths.sharing.resource(try record.requireID()), code: definition.code, name: definition.name,
            provider: names[record.unitID] ?? "", sharingClass: definition.sharingClass.title(in: language), classCode: definition.sharingClass.rawValue,
            fieldCount: definition.fields.count, frequency: definition.frequency.title(in: language), provision: definition.provision.title(in: language),
            own: record.unitPath == ownPath)
    }

    static func requestRow(_ record: SharingRequestRecord, resource: SharingResourceRecord?, names: [UUID: String], language: Language) throws -> RequestRow {
        RequestRow(
            href: Paths.sharing.request(try record.requireID()), number: record.number,
            resource: resource.map { "\($0.name) (\($0.code))" } ?? "", requester: names[record.requesterUnitID] ?? "", provider: names[record.providerUnitID] ?? "",
            state: record.requestState.title(in: language), stateCode: record.state, received: BeijingTime.minute(record.receivedAt),
            due: record.requestState.isOpen ? record.replyDue.map(BeijingTime.deadline) ?? "" : "")
    }
}

extension Request {
    /// The named single-valued fields of a posted form, each cut to 10,000 characters; absent ones are left out. A form
    /// that also carries lists (`fields[]`) cannot be decoded as one dictionary of strings, so each is read by name.
    func formValues(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = try? content.get(String.self, at: name) { values[name] = String(value.prefix(10_000)) }
        }
        return values
    }

    /// A list field of a posted form (`name[]`), at most 500 values.
    func formList(_ name: String) -> [String] {
        ((try? content.get([String].self, at: name)) ?? []).prefix(500).map { String($0.prefix(200)) }
    }
}
