import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The staff side of a case: the inbox, the case page with only the allowed actions, notices, fees, intake.
enum CaseWorkController {
    struct InboxBody: Encodable, Sendable {
        var roles: [RoleRow]
        var isWorkingDay: Bool
        var todayLabel: String
        var query: String
        var state: String
        var states: [Option]
        var cases: [CaseRow]
        var counts: [LabelledValue]
        var canTakeIntake: Bool
        var canEditMatters: Bool
        var canShare: Bool
        var canDoDisclosure: Bool
        var canHandleHotline: Bool
        var canFollowUpRatings: Bool
        var canRunParticipation: Bool
        /// Unread supervision notices, and supervision orders of the person's units still awaiting a reply.
        var unreadNotifications: Int
        var openOrders: Int
        var caseLinkPrefix = Paths.approvals.workCase.prefix
        /// The next page of the inbox, with the same filter, when there is one.
        var nextPage: String?
    }

    static func inbox(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let calendar = try await request.workCalendar()
        let stateRaw = request.query[String.self, at: "state"] ?? ""
        let text = String((request.query[String.self, at: "q"] ?? "").prefix(60))
        let (limit, after) = try request.casePage(defaultLimit: 200)
        let filter = CaseStore.InboxFilter(states: CaseState(rawValue: stateRaw).map { [$0] }, text: text, limit: limit, after: after)
        let page = try await CaseStore.inbox(for: principal, filter: filter, on: request.db)
        let cases = page.rows
        let rows = try await CaseViews.rows(cases, viewer: principal, now: request.now, calendar: calendar, language: language, on: request.db)
        let units = try await OrganisationStore.units(ids: principal.grants.compactMap(\.unitID), on: request.db)
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name(in: language)) })
        let today = CivilDate.beijing(request.now)
        let lights = Dictionary(grouping: rows, by: \.light)
        let body = InboxBody(
            roles: principal.grants.filter { Role.workbenchRoles.contains($0.role) }.map {
                RoleRow(role: $0.role.title(in: language), unit: $0.unitID.flatMap { names[$0] } ?? "", subtree: $0.includesSubtree)
            },
            isWorkingDay: (try? calendar.isWorkingDay(today)) ?? !today.isWeekend,
            todayLabel: "\(today) \(Strings.text("weekday_\(today.weekday)", language))",
            query: text, state: stateRaw,
            states: CaseState.allCases.filter { !$0.isTerminal }.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == stateRaw) },
            cases: rows,
            counts: ["red", "yellow", "green"].map { LabelledValue(label: Strings.text("light_\($0)", language), value: "\(lights[$0]?.count ?? 0)") },
            canTakeIntake: CaseAccess.takesIntake(principal),
            canEditMatters: CaseAccess.editsAnyMatters(principal),
            canShare: SharingPolicy.isSteward(principal),
            canDoDisclosure: AccessPolicy.canEnter(.disclosureWork, principal),
            canHandleHotline: HotlinePolicy.worksTickets(principal),
            canFollowUpRatings: EvaluationPolicy.readsFollowUps(principal),
            canRunParticipation: ParticipationPolicy.canManage(principal),
            unreadNotifications: try await NotificationStore.unreadCount(of: principal.accountID, on: request.db),
            openOrders: try await SupervisionOrderStore.list(for: principal, state: .issued, on: request.db).count,
            nextPage: page.next.map { next in
                Paths.approvals.inbox(query: [
                    "q": text.isEmpty ? nil : text, "state": stateRaw.isEmpty ? nil : stateRaw, "limit": limit == 200 ? nil : "\(limit)",
                    "after": next.text,
                ])
            })
        return try await request.renderPage("workbench/home", titleKey: "title_workbench", body: body)
    }

    struct CaseBody: Encodable, Sendable {
        var caseView: CaseView
        var actions: [String: Bool]
        var procedures: [Option]
        var feeItems: [Option]
        var free: Bool
        var canRecordFee: Bool
        var canRevoke: Bool
        /// The grounds of 撤销 (Art. 69) and of 注销 (Art. 70), as the form offers them.
        var revocationGrounds: [Option]
        var cancellationGrounds: [Option]
        var form: FormState
        var today: String
        var noticePrefix: String
        var materialPrefix: String
        var canExtendBundle: Bool
    }

    static func show(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let record = try await CaseStore.record(id, for: principal, on: request.db) else { throw AppError.notFound }
        let language = request.language
        let held = CaseAccess.actors(principal, on: record.row.scope).filter { $0 != .applicant }
        var actions: [String: Bool] = [:]
        for actor in held {
            for name in CaseRules.allowedActions(for: record.snapshot, by: actor, at: request.now, settings: record.definition.clockSettings) {
                actions[name] = true
            }
        }
        let view = CaseViews.view(
            record, now: request.now, calendar: try await request.workCalendar(), language: language, viewer: principal,
            queryCode: request.givenQueryCode(for: record.row), maskIdentifier: held.isEmpty)
        var feeItems: [Option] = []
        if case let .charged(items) = record.definition.fees {
            feeItems = items.enumerated().map { index, item in
                Option(value: "\(index)", label: "\(item.name(in: language))（\(Yuan.format(item.amountFen))）", selected: false)
            }
        }
        let procedures = record.definition.possibleProcedures.isEmpty ? ExcludedProcedure.allCases : record.definition.possibleProcedures
        let body = CaseBody(
            caseView: view, actions: actions,
            procedures: procedures.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: false) },
            feeItems: feeItems, free: record.definition.fees.isFree, canRecordFee: CaseAccess.canRecordFee(principal, on: record.row.scope, state: record.row.caseState),
            canRevoke: CaseAccess.canEditMatters(of: record.row.departmentPath, principal),
            revocationGrounds: CertificateEnding.RevocationGround.allCases.map {
                Option(value: "revocation/\($0.rawValue)", label: $0.title(in: language), selected: false)
            },
            cancellationGrounds: CertificateEnding.CancellationGround.allCases.map {
                Option(value: "cancellation/\($0.rawValue)", label: $0.title(in: language), selected: false)
            },
            form: form,
            today: CivilDate.beijing(request.now).description,
            noticePrefix: Paths.approvals.workCaseNotice.prefix(id), materialPrefix: Paths.approvals.workCaseMaterial.prefix(id),
            canExtendBundle: record.bundle.map { CaseAccess.canExtendBundle(principal, $0.scope) } ?? false)
        return try await request.renderPage(
            "workbench/case", titleKey: "title_case", body: body,
            notice: request.notice(from: ["acted": "notice_case_acted", "fee": "notice_fee_recorded", "revoked": "notice_certificate_revoked", "received": "notice_case_received"]),
            status: status)
    }

    /// Takes one action; the form names it in the path and carries the version the page showed.
    static func act(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let kind = request.parameters.get("action").flatMap(CaseActionKind.init(rawValue:)) else { throw AppError.notFound }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let expectedVersion = fields["version"].flatMap { Int($0) }
        do {
            let action = try CaseActionForm.action(kind, fields: fields)
            let context = try await request.application.caseContext()
            let actor = request.auditActor(role: CaseAccess.recordedRole(for: kind, principal))
            try await request.write { db in
                try await CaseStore.act(action, on: id, principal: principal, expectedVersion: expectedVersion, by: actor, context: context, on: db)
            }
        } catch let failure as any LocalizedFailure {
            return try await render(request, form: FormState(values: fields, error: failure.message(in: request.language)), status: .badRequest)
        } catch CaseStoreError.changedSinceRead {
            return try await render(request, form: FormState(error: Strings.text("error_case_changed", request.language)), status: .conflict)
        }
        return request.redirect(to: Paths.approvals.workCase(id, query: ["done": "acted"]))
    }

    static func recordFee(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let language = request.language
        guard let amount = fields["amount"].flatMap({ Decimal(string: $0.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX")) }),
              amount >= 0, amount <= 10_000_000
        else {
            return try await render(request, form: FormState(values: fields, errors: ["amount": Strings.text("error_fee_amount", language)], error: Strings.text("error_fee_amount", language)), status: .badRequest)
        }
        let fen = NSDecimalNumber(decimal: amount * 100).intValue
        let actor = request.auditActor(role: .windowClerk)
        let now = request.now
        do {
            _ = try await request.write { db in
                try await CaseStore.recordFee(
                    on: id, itemIndex: fields["item"].flatMap { Int($0) }, chargedFen: fen, reason: fields["reason"], principal: principal,
                    by: actor, now: now, on: db)
            }
        } catch let CaseStoreError.feeDiffers(check) {
            let message = check.message(in: language) + Strings.text("error_fee_needs_reason", language)
            return try await render(request, form: FormState(values: fields, errors: ["reason": message], error: message), status: .badRequest)
        }
        return request.redirect(to: Paths.approvals.workCase(id, query: ["done": "fee"]))
    }

    static func material(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard try await CaseStore.row(id, visibleTo: principal, on: request.db) != nil else { throw AppError.notFound }
        return try await MaterialFiles.serve(request, caseID: id)
    }

    static func revoke(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let actor = request.auditActor(role: .departmentHead)
        let now = request.now
        // The form names the act and its ground together, e.g. `revocation/deception_or_bribery`.
        let chosen = (fields["ending"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
        guard chosen.count == 2, let ending = CertificateEnding(act: chosen[0], ground: chosen[1]) else {
            return try await render(request, form: FormState(values: fields, error: Strings.text("error_ending_required", request.language)), status: .badRequest)
        }
        do {
            _ = try await request.write { db in
                try await CertificateStore.end(
                    number: fields["number"] ?? "", as: ending, reason: fields["reason"] ?? "", principal: principal, by: actor, now: now, on: db)
            }
        } catch CertificateStoreError.reasonRequired {
            return try await render(request, form: FormState(values: fields, error: Strings.text("error_revoke_reason", request.language)), status: .badRequest)
        } catch CertificateStoreError.alreadyRevoked {
            return try await render(request, form: FormState(values: fields, error: Strings.text("error_already_revoked", request.language)), status: .conflict)
        }
        return request.redirect(to: Paths.approvals.workCase(id, query: ["done": "revoked"]))
    }

    // MARK: Window intake

    struct IntakeListBody: Encodable, Sendable {
        var matters: [CatalogController.MatterRow]
    }

    static func intakeList(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard CaseAccess.takesIntake(principal) else { throw AppError.forbidden }
        let language = request.language
        var rows: [CatalogController.MatterRow] = []
        for matter in try await MatterStore.list(on: request.db) {
            let definition = try await MatterStore.current(of: matter, on: request.db).definition
            rows.append(CatalogController.row(matter, definition, department: "", language: language))
        }
        return try await request.renderPage("workbench/intake", titleKey: "title_intake", body: IntakeListBody(matters: rows))
    }

    static func intakePage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard CaseAccess.takesIntake(principal) else { throw AppError.forbidden }
        let (matter, definition) = try await CatalogController.load(request)
        return try await request.renderPage(
            "approvals/apply", titleKey: "title_intake",
            body: CatalogController.applyBody(matter, definition, form: FormState(), account: nil, atWindow: true, language: request.language))
    }

    /// A clerk receives an application at the window on the applicant's behalf (代办/窗口收件).
    static func intake(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard CaseAccess.takesIntake(principal) else { throw AppError.forbidden }
        let (matter, definition) = try await CatalogController.load(request)
        let submitted = try request.multipartFields()
        let language = request.language
        return try await request.submitting(submitted.texts) {
            let applicant = try WindowApplicant.parse(submitted.texts)
            let files = try UploadChecking.check(submitted.files)
            let filed = try await CatalogController.submit(request, matter: matter, form: submitted.texts, files: files, applicant: applicant, channel: .window)
            // The clerk's answer is the one page that shows the code, to be handed to the applicant at the window.
            return request.redirect(to: Paths.approvals.workCase(filed.row.id!, query: ["done": "received", "code": filed.queryCode]))
        } otherwise: { form in
            try await request.renderPage(
                "approvals/apply", titleKey: "title_intake",
                body: CatalogController.applyBody(matter, definition, form: form, account: nil, atWindow: true, language: language))
        }
    }
}

/// The applicant a clerk types in: a name and a valid 居民身份证号码 or 统一社会信用代码.
enum WindowApplicant {
    static func parse(_ fields: [String: String]) throws -> ApplicantDetails {
        var errors = FieldErrors()
        let name = errors.check("applicant_name") { try TextField.required(fields["applicant_name"], max: 100) }
        let raw = (fields["applicant_identifier"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        var kind = AccountKind.citizen
        if raw.count == 18, (try? ResidentIdentityNumber(raw)) != nil {
            kind = .citizen
        } else if (try? UnifiedSocialCreditCode(raw)) != nil {
            kind = .enterprise
        } else {
            errors.add("applicant_identifier", FieldProblem.invalid)
        }
        let phone = fields["applicant_phone"]?.trimmingCharacters(in: .whitespaces)
        try errors.throwIfAny()
        return ApplicantDetails(accountID: nil, kind: kind, name: name ?? "", identifier: raw, phone: phone?.isEmpty == false ? phone : nil)
    }
}

/// Reads an action's parameters from the form that named it.
enum CaseActionForm {
    static func action(_ kind: CaseActionKind, fields: [String: String]) throws -> CaseAction {
        func text(_ name: String) -> String { String((fields[name] ?? "").prefix(2000)) }
        switch kind {
        case .accept: return .accept
        case .refuseToAccept: return .refuseToAccept(reason: text("reason"))
        case .requestCorrection:
            let items = text("items").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let repeatReason = text("repeat_reason")
            return .requestCorrection(items: items, reasonForRepeat: repeatReason.isEmpty ? nil : repeatReason)
        case .submitCorrection: return .submitCorrection
        case .deemAccepted: return .deemAccepted
        case .completeStep: return .completeStep(note: text("note"))
        case .suspend:
            guard let procedure = ExcludedProcedure(rawValue: text("procedure")) else { throw FieldErrors.single("procedure", FieldProblem.required) }
            guard let end = CivilDate(text("expected_end")) else { throw FieldErrors.single("expected_end", FieldProblem.invalid) }
            return .suspend(procedure: procedure, expectedEnd: end, notice: text("notice"))
        case .resume: return .resume
        case .extend:
            guard let days = Int(text("days").trimmingCharacters(in: .whitespaces)) else { throw FieldErrors.single("days", FieldProblem.required) }
            return .extend(workingDays: days, reason: text("reason"))
        case .decide:
            guard let outcome = CaseOutcome(rawValue: text("outcome")) else { throw FieldErrors.single("outcome", FieldProblem.required) }
            return .decide(outcome: outcome, reasons: text("reasons"))
        case .serveCertificate: return .serveCertificate
        case .withdraw: return .withdraw(reason: text("reason"))
        case .decideOnTheSpot: return .decideOnTheSpot
        }
    }
}
