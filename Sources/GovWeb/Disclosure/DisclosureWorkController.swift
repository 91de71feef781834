import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The disclosure officer's and reviewers' side of the catalogue: drafting, the review chain, corrections and
/// withdrawal. Supervisors read the same page without its forms.
enum DisclosureWorkController {
    struct ListBody: Encodable, Sendable {
        var rows: [ListRow]
        var steps: [Option]
        var canCreate: Bool
        var canAnswerRequests: Bool
        var canReadReport: Bool
    }

    struct ListRow: Encodable, Sendable {
        var href: String
        var title: String
        var indexNumber: String
        var unit: String
        var status: String
        var statusCode: String
        var updated: String
    }

    static func list(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let raw = request.query[String.self, at: "step"] ?? ""
        let step = DisclosureStep(rawValue: raw)
        if !raw.isEmpty, step == nil { throw AppError.rejected(FieldProblem.invalid) }
        let items = try await DisclosureStore.workList(for: principal, step: step, on: request.db)
        let units = try await OrganisationStore.names(language, on: request.db)
        let body = ListBody(
            rows: try items.map { item in
                ListRow(href: Paths.disclosure.workItem(try item.requireID()), title: item.title, indexNumber: item.indexNumber ?? "",
                        unit: units[item.unitID] ?? "", status: statusLabel(item.status, language), statusCode: item.status.working?.rawValue ?? item.publication,
                        updated: BeijingTime.minute(item.updatedAt))
            },
            steps: DisclosureStep.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0 == step) },
            canCreate: DisclosureAccess.drafts(principal), canAnswerRequests: AccessPolicy.canEnter(.disclosureRequests, principal),
            canReadReport: DisclosureAccess.readsSomeAnnualReport(principal))
        return try await request.renderPage("disclosure/work-list", titleKey: "title_disclosure_work", body: body)
    }

    static func statusLabel(_ status: DisclosureStatus, _ language: Language) -> String {
        let publication = status.publication.title(in: language)
        guard let step = status.working else { return publication }
        return status.publication == .unpublished ? step.title(in: language) : "\(publication) · \(Strings.text("disclosure_correcting", language))\(step.title(in: language))"
    }

    // MARK: Drafting

    struct EditorBody: Encodable, Sendable {
        var action: String
        var units: [Option]
        var categories: [Option]
        var forms: [Option]
        var validities: [Option]
        var form: FormState
        var version: Int
        var isNew: Bool
        var cancelHref: String
    }

    static func newPage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard DisclosureAccess.drafts(principal) else { throw AppError.forbidden }
        var form = FormState()
        form.values["written_on"] = CivilDate.beijing(request.now).description
        form.values["form"] = DisclosureForm.proactive.rawValue
        form.values["validity"] = DisclosureValidity.valid.rawValue
        return try await renderEditor(request, form: form, itemID: nil, version: 0, status: .ok)
    }

    static func renderEditor(_ request: Request, form: FormState, itemID: UUID?, version: Int, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let categories = try await DisclosureStore.categories(on: request.db)
        let units = try await OrganisationStore.units(on: request.db).filter { DisclosureAccess.draftsFor(unitPath: $0.path, principal) }
        let body = EditorBody(
            action: itemID.map { Paths.disclosure.workItemEdit($0) } ?? Paths.disclosure.work(),
            units: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: language), selected: $0.id.uuidString.lowercased() == form.values["unit"]) },
            categories: categories.map { Option(value: $0.code, label: ($0.parentCode == nil ? "" : "— ") + $0.name(in: language), selected: $0.code == form.values["category"]) },
            forms: DisclosureForm.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == form.values["form"]) },
            validities: DisclosureValidity.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == form.values["validity"]) },
            form: form, version: version, isNew: itemID == nil,
            cancelHref: itemID.map { Paths.disclosure.workItem($0) } ?? Paths.disclosure.work())
        return try await request.renderPage("disclosure/editor", titleKey: itemID == nil ? "title_disclosure_new" : "title_disclosure_edit", body: body, status: status)
    }

    static func draft(from fields: [String: String]) throws -> DisclosureDraft {
        var errors = FieldErrors()
        let writtenOn = errors.check("written_on") { () throws(FieldProblem) -> CivilDate in
            guard let date = CivilDate((fields["written_on"] ?? "").trimmingCharacters(in: .whitespaces)) else { throw .invalid }
            return date
        }
        let form = errors.check("form") { () throws(FieldProblem) -> DisclosureForm in
            guard let form = DisclosureForm(rawValue: fields["form"] ?? "") else { throw .required }
            return form
        }
        let validity = errors.check("validity") { () throws(FieldProblem) -> DisclosureValidity in
            guard let validity = DisclosureValidity(rawValue: fields["validity"] ?? "") else { throw .required }
            return validity
        }
        try errors.throwIfAny()
        return DisclosureDraft(
            title: fields["title"] ?? "", categoryCode: fields["category"] ?? "", documentNumber: fields["document_number"] ?? "",
            issuer: fields["issuer"] ?? "", writtenOn: writtenOn!, subjectWords: [fields["subject_words"] ?? ""], body: fields["body"] ?? "",
            form: form!, withholdingBasis: fields["withholding_basis"] ?? "", validity: validity!)
    }

    static func create(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard DisclosureAccess.drafts(principal) else { throw AppError.forbidden }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let calendar = try await request.workCalendar()
        let now = request.now
        let actor = request.auditActor(role: .disclosureOfficer)
        do {
            guard let unitID = fields["unit"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors.single("unit", FieldProblem.required) }
            let draft = try draft(from: fields)
            let item = try await request.write { db in
                try await DisclosureStore.create(draft, unitID: unitID, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.disclosure.workItem(try item.requireID(), query: ["done": "created"]))
        } catch let errors as FieldErrors {
            return try await renderEditor(request, form: FormState(refused: errors, values: fields, in: request.language), itemID: nil, version: 0, status: .badRequest)
        } catch DisclosureStoreError.notFound {
            return try await renderEditor(request, form: FormState(refused: .single("unit", FieldProblem.invalid), values: fields, in: request.language), itemID: nil, version: 0,
                                          status: .badRequest)
        } catch DisclosureProblem.notPermitted {
            return try await renderEditor(request, form: FormState(refused: .single("unit", DisclosureProblem.notPermitted), values: fields, in: request.language), itemID: nil,
                                          version: 0, status: .forbidden)
        }
    }

    static func editPage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        let item = try await DisclosureStore.findForStaff(id, principal: principal, on: request.db)
        guard DisclosureAccess.canEditDraft(item.status, unitPath: item.unitPath, principal), let number = item.workingVersion,
              let version = try await DisclosureStore.version(number, of: id, on: request.db)
        else { throw AppError.rejectedForbidden(DisclosureProblem.invalidState) }
        let draft = try version.draft()
        let form = FormState(values: [
            "unit": item.unitID.uuidString.lowercased(), "title": draft.title, "category": draft.categoryCode, "document_number": draft.documentNumber,
            "issuer": draft.issuer, "written_on": draft.writtenOn.description, "subject_words": draft.subjectWords.joined(separator: " "), "body": draft.body,
            "form": draft.form.rawValue, "withholding_basis": draft.withholdingBasis, "validity": draft.validity.rawValue,
        ])
        return try await renderEditor(request, form: form, itemID: id, version: item.version, status: .ok)
    }

    static func edit(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let calendar = try await request.workCalendar()
        let now = request.now
        let actor = request.auditActor(role: .disclosureOfficer)
        let expected = fields["version"].flatMap { Int($0) }
        return try await request.submitting(fields) {
            let draft = try draft(from: fields)
            _ = try await request.write { db in
                try await DisclosureStore.edit(id, draft: draft, expectedVersion: expected, principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
            return request.redirect(to: Paths.disclosure.workItem(id, query: ["done": "saved"]))
        } otherwise: { form in
            try await renderEditor(request, form: form, itemID: id, version: expected ?? 0, status: .badRequest)
        }
    }

    // MARK: One item

    struct ItemBody: Encodable, Sendable {
        var item: DisclosurePortalController.ItemBody
        var status: String
        var form: String
        var withholdingBasis: String
        var clock: String?
        var clockLight: String
        var actions: [ActionRow]
        var canEdit: Bool
        var canAttach: Bool
        var attachments: [AttachmentRow]
        var history: [SupervisionOrderController.HistoryRow]
        var versions: [VersionRow]
        var publicHref: String?
        var version: Int
        var formPrefix: String
        var backHref: String
        var error: String?
        var showsWorkingCopy: Bool
    }

    struct ActionRow: Encodable, Sendable {
        var name: String
        var label: String
        /// What the text box asks for, or empty when the step needs none.
        var textLabel: String
        var textRequired: Bool
        var primary: Bool
    }

    struct AttachmentRow: Encodable, Sendable {
        var name: String
        var href: String
        var deleteHref: String
    }

    struct VersionRow: Encodable, Sendable {
        var number: Int
        var title: String
        var drafter: String
        var created: String
        var published: String
    }

    static func show(_ request: Request) async throws -> Response {
        try await render(request, side: "workbench", error: nil, status: .ok)
    }

    static func supervisorShow(_ request: Request) async throws -> Response {
        try await render(request, side: "supervision", error: nil, status: .ok)
    }

    static func render(_ request: Request, side: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let id = try UUID.parameter("itemID", of: request)
        let item = try await DisclosureStore.findForStaff(id, principal: principal, on: request.db)
        let number = item.workingVersion ?? item.publishedVersion ?? 1
        guard let version = try await DisclosureStore.version(number, of: id, on: request.db) else { throw AppError.notFound }
        let acting = side == "workbench"
        let prefix = acting ? Paths.disclosure.workItem(id) : Paths.disclosure.supervisedItem(id)
        let attachmentPath = acting ? Paths.disclosure.workItemAttachment : Paths.disclosure.supervisedItemAttachment
        let details = try await DisclosurePortalController.itemBody(
            item, version: version, attachmentPath: attachmentPath, language: language, on: request.db)
        let draft = try version.draft()
        let roles = DisclosureAccess.roles(over: item.unitPath, principal)
        let available = acting ? DisclosureReview.available(to: item.status, roles: roles, isDrafter: version.draftedByAccountID == principal.accountID) : []
        let clock = try await ObligationStore.running(of: id, on: request.db).values.first
        let reviews = try await DisclosureStore.reviews(of: id, on: request.db)
        let versions = try await DisclosureStore.versions(of: id, on: request.db)
        let attachments = try await DisclosureStore.attachments(of: id, version: number, on: request.db)
        let editable = acting && DisclosureAccess.canEditDraft(item.status, unitPath: item.unitPath, principal)
        let body = ItemBody(
            item: details, status: statusLabel(item.status, language), form: draft.form.title(in: language), withholdingBasis: draft.withholdingBasis,
            clock: clock.map { Strings.format("disclosure_clock_due", language, ["due": BeijingTime.deadline($0.statutoryDue)]) },
            clockLight: clock.map { ObligationStatus(rawValue: $0.status)?.light.rawValue ?? "green" } ?? "none",
            actions: available.map { action in
                let (label, required) = textPrompt(action, language)
                return ActionRow(name: action.name, label: action.title(in: language), textLabel: label, textRequired: required,
                                 primary: action.name != "send_back" && action.name != "withdraw")
            },
            canEdit: editable, canAttach: editable,
            attachments: try attachments.map { attachment in
                let aid = try attachment.requireID()
                return AttachmentRow(name: attachment.fileName, href: attachmentPath(id, aid),
                                     deleteHref: Paths.disclosure.workItemAttachmentDelete(id, aid))
            },
            history: reviews.map { event in
                SupervisionOrderController.HistoryRow(at: BeijingTime.minute(event.at), action: Strings.text("disclosure_action_\(event.action)", language) + " v\(event.versionNumber)",
                           actor: event.actorName, text: event.text ?? "")
            },
            versions: try versions.map { VersionRow(number: $0.number, title: try $0.draft().title, drafter: $0.draftedByName, created: BeijingTime.minute($0.createdAt),
                                                     published: $0.publishedAt.map(BeijingTime.minute) ?? "") },
            publicHref: item.isPublic ? Paths.disclosure.item(id) : nil,
            version: item.version, formPrefix: prefix, backHref: acting ? Paths.disclosure.work() : Paths.supervision.obligations(),
            error: error, showsWorkingCopy: item.workingVersion != nil && item.publishedVersion != nil)
        return try await request.renderPage(
            "disclosure/work-item", titleKey: "title_disclosure_work_item", body: body,
            notice: request.notice(from: ["created": "disclosure_notice_created", "saved": "disclosure_notice_saved", "acted": "disclosure_notice_acted",
                                          "attached": "disclosure_notice_attached", "detached": "disclosure_notice_detached"]),
            status: status)
    }

    static func textPrompt(_ action: DisclosureAction, _ language: Language) -> (String, Bool) {
        switch action {
        case .submit, .revise: ("", false)
        case .approve, .signOff: (Strings.text("disclosure_text_comment", language), false)
        case .passSecrecy: (Strings.text("disclosure_text_basis", language), true)
        case .sendBack: (Strings.text("disclosure_text_send_back", language), true)
        case .withdraw: (Strings.text("disclosure_text_reason", language), true)
        }
    }

    static func act(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let text = String((fields["text"] ?? "").prefix(2000))
        let action: DisclosureAction
        switch request.parameters.get("action") ?? "" {
        case "submit": action = .submit
        case "approve": action = .approve(comment: text)
        case "pass_secrecy": action = .passSecrecy(basis: text)
        case "sign_off": action = .signOff(comment: text)
        case "send_back": action = .sendBack(comment: text)
        case "revise": action = .revise
        case "withdraw": action = .withdraw(reason: text)
        default: throw AppError.notFound
        }
        let roles = principal.roles
        let role = action.actingRole(among: roles)
        let actor = request.auditActor(role: role)
        let calendar = try await request.workCalendar()
        let now = request.now
        let pattern = request.application.govhall.config.disclosureIndexPattern
        let expected = fields["version"].flatMap { Int($0) }
        do {
            _ = try await request.write { db in
                try await DisclosureStore.act(action, on: id, expectedVersion: expected, principal: principal, by: actor, indexPattern: pattern,
                                              calendar: calendar, now: now, on: db)
            }
        } catch let problem as DisclosureProblem where ![.notPermitted, .ownDraft].contains(problem) {
            return try await render(request, side: "workbench", error: problem.message(in: request.language), status: .badRequest)
        }
        return request.redirect(to: Paths.disclosure.workItem(id, query: ["done": "acted"]))
    }

    // MARK: Attachments

    static func attach(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        struct Upload: Content { var file: File? }
        let upload = try? request.content.decode(Upload.self)
        let actor = request.auditActor(role: .disclosureOfficer)
        let now = request.now
        guard let file = upload?.file, file.data.readableBytes > 0 else {
            return try await render(request, side: "workbench", error: Strings.text("disclosure_attachment_missing", request.language), status: .badRequest)
        }
        let bytes = [UInt8](file.data.readableBytesView)
        do {
            _ = try await request.write { db in
                try await DisclosureStore.attach(file.filename, bytes: bytes, to: id, principal: principal, by: actor, now: now, on: db)
            }
        } catch let error as UploadError {
            return try await render(request, side: "workbench", error: error.message(in: request.language), status: .badRequest)
        } catch DisclosureProblem.invalidState {
            return try await render(request, side: "workbench", error: DisclosureProblem.invalidState.message(in: request.language), status: .badRequest)
        }
        return request.redirect(to: Paths.disclosure.workItem(id, query: ["done": "attached"]))
    }

    static func detach(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        let attachmentID = try UUID.parameter("attachmentID", of: request)
        let actor = request.auditActor(role: .disclosureOfficer)
        let now = request.now
        try await request.write { db in
            try await DisclosureStore.detach(attachmentID, from: id, principal: principal, by: actor, now: now, on: db)
        }
        return request.redirect(to: Paths.disclosure.workItem(id, query: ["done": "detached"]))
    }

    static func attachment(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("itemID", of: request)
        let attachmentID = try UUID.parameter("attachmentID", of: request)
        _ = try await DisclosureStore.findForStaff(id, principal: principal, on: request.db)
        guard let file = try await DisclosureStore.attachmentFile(attachmentID, of: id, on: request.db) else { throw AppError.notFound }
        return MaterialFiles.send(file.blob, named: file.fileName)
    }
}
