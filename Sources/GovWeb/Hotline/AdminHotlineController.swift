import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// What an administrator keeps for the hotline: the limits by kind and urgency, the category tree, the routing rules,
/// and the knowledge base's copy of the service guides.
enum AdminHotlineController {
    struct LimitRow: Encodable, Sendable {
        var field: String
        var kind: String
        var days: String
        var error: String
    }

    struct RuleRow: Encodable, Sendable {
        var id: String
        var category: String
        var region: String
        var unit: String
    }

    struct Body: Encodable, Sendable {
        var limits: [LimitRow]
        var urgentHours: String
        var maxExtensionDays: String
        var maxExtensionHours: String
        var categories: [Option]
        var regions: [Option]
        var units: [Option]
        var rules: [RuleRow]
        var knowledgeCount: Int
        var form: FormState
    }

    static func requireAdministrator(_ request: Request) throws {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
    }

    static func page(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        return try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let settings = try await HotlineStore.settings(on: request.db)
        let categories = try await HotlineStore.categories(on: request.db)
        let names = Dictionary(categories.map { ($0.code, $0.name(in: language)) }, uniquingKeysWith: { first, _ in first })
        let units = try await OrganisationStore.names(language, on: request.db)
        let regions = try await OrganisationStore.units(kinds: [.region], on: request.db)
        let regionNames = Dictionary(regions.map { ($0.code, $0.name(in: language)) }, uniquingKeysWith: { first, _ in first })
        let body = Body(
            limits: TicketKind.allCases.map { kind in
                LimitRow(field: "ordinary_\(kind.rawValue)", kind: kind.title(in: language),
                         days: form.values["ordinary_\(kind.rawValue)"] ?? String(settings.limit(for: kind, urgency: .ordinary).amount),
                         error: form.errors["ordinary_\(kind.rawValue)"] ?? "")
            },
            urgentHours: form.values["urgent"] ?? String(settings.urgent.amount),
            maxExtensionDays: form.values["max_extension_days"] ?? String(settings.maxExtensionWorkingDays),
            maxExtensionHours: form.values["max_extension_hours"] ?? String(settings.maxExtensionHours),
            categories: HotlineViews.categoryOptions(categories, language: language, selected: nil),
            regions: try await HotlineViews.regionOptions(language, selected: nil, on: request.db),
            units: try await HotlineViews.departmentOptions(language, on: request.db),
            rules: try await HotlineStore.routingRules(on: request.db).map { rule in
                RuleRow(id: rule.id!.uuidString.lowercased(), category: "\(names[rule.categoryPrefix] ?? "") (\(rule.categoryPrefix))",
                        region: rule.regionCode.map { regionNames[$0] ?? $0 } ?? Strings.text("hotline_any_region", language), unit: units[rule.unitID] ?? "")
            },
            knowledgeCount: try await KnowledgeStore.count(on: request.db), form: form)
        return try await request.renderPage("admin/hotline", titleKey: "title_admin_hotline", body: body,
                                            notice: request.notice(from: ["saved": "hotline_notice_settings", "rule": "hotline_notice_rule",
                                                                          "category": "hotline_notice_category", "knowledge": "hotline_notice_knowledge"]),
                                            status: status)
    }

    static func saveSettings(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        let names = TicketKind.allCases.map { "ordinary_\($0.rawValue)" } + ["urgent", "max_extension_days", "max_extension_hours"]
        let values = request.formValues(names)
        func number(_ name: String) -> Int { values[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces).prefix(6)) } ?? 0 }
        var ordinary: [String: TicketLimit] = [:]
        for kind in TicketKind.allCases { ordinary[kind.rawValue] = .workingDays(number("ordinary_\(kind.rawValue)")) }
        let settings = HotlineSettings(ordinary: ordinary, urgent: .hours(number("urgent")), maxExtensionWorkingDays: number("max_extension_days"),
                                       maxExtensionHours: number("max_extension_hours"))
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            try await request.write { db in try await HotlineStore.save(settings, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.admin.hotline(query: ["done": "saved"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }

    static func addCategory(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        let values = request.formValues(["code", "name_zh", "name_en"])
        let category = HotlineCategory(code: (values["code"] ?? "").trimmingCharacters(in: .whitespaces), nameZh: values["name_zh"] ?? "",
                                       nameEn: values["name_en"] ?? "")
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            try await request.write { db in try await HotlineStore.addCategory(category, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.admin.hotline(query: ["done": "category"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }

    static func addRule(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        let values = request.formValues(["category", "region", "unit"])
        guard let unit = values["unit"].flatMap(UUID.init(uuidString:)) else {
            return try await render(request, form: FormState(values: values, errors: ["unit": HotlineProblem.unknownUnit.message(in: request.language)]),
                                    status: .badRequest)
        }
        let region = values["region"].flatMap { $0.isEmpty ? nil : $0 }
        let rule = RoutingRule(categoryPrefix: values["category"] ?? "", regionCode: region, unitID: unit)
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            try await request.write { db in try await HotlineStore.addRule(rule, by: actor, now: now, on: db) }
            return request.redirect(to: Paths.admin.hotline(query: ["done": "rule"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }

    static func deleteRule(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        let id = try UUID.parameter("ruleID", of: request)
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        try await request.write { db in try await HotlineStore.deleteRule(id, by: actor, now: now, on: db) }
        return request.redirect(to: Paths.admin.hotline(query: ["done": "rule"]))
    }

    static func refreshKnowledge(_ request: Request) async throws -> Response {
        try requireAdministrator(request)
        let now = request.now
        _ = try await request.write { db in try await KnowledgeStore.refreshGuides(now: now, on: db) }
        return request.redirect(to: Paths.admin.hotline(query: ["done": "knowledge"]))
    }
}

/// 差评整改: department heads see their bad ratings and record what was done; supervisors read them.
enum EvaluationController {
    struct Row: Encodable, Sendable {
        var id: String
        var subject: String
        var kind: String
        var stars: Int
        var comment: String
        var rated: String
        var followUp: String
        var followedUp: String
        var canFollowUp: Bool
    }

    struct Body: Encodable, Sendable {
        var rows: [Row]
        var form: FormState
    }

    static func page(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard EvaluationPolicy.readsFollowUps(principal) else { throw AppError.forbidden }
        let language = request.language
        let rows = try await EvaluationStore.followUps(for: principal, on: request.db).map { record in
            Row(id: record.id!.uuidString.lowercased(), subject: record.subjectLabel, kind: Strings.text("evaluation_subject_" + record.subjectType, language),
                stars: record.stars, comment: record.comment ?? "", rated: BeijingTime.minute(record.ratedAt), followUp: record.followUp ?? "",
                followedUp: record.followedUpAt.map { BeijingTime.minute($0) + " · " + (record.followedUpByName ?? "") } ?? "",
                canFollowUp: EvaluationPolicy.canFollowUp(unitPath: record.unitPath, followedUp: record.followedUpAt != nil, principal))
        }
        return try await request.renderPage("hotline/evaluation", titleKey: "title_evaluation", body: Body(rows: rows, form: form),
                                            notice: request.notice(from: ["done": "evaluation_notice_done"]), status: status)
    }

    static func followUp(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("followUpID", of: request)
        let values = request.formValues(["follow_up"])
        let actor = request.auditActor(role: .departmentHead)
        let calendar = try await request.workCalendar()
        let now = request.now
        do {
            _ = try await request.write { db in
                try await EvaluationStore.followUp(id, text: values["follow_up"], principal: principal, by: actor, calendar: calendar, now: now, on: db)
            }
        } catch let errors as FieldErrors {
            return try await render(request, form: FormState(refused: errors, values: values, in: request.language, withSummary: false), status: .badRequest)
        } catch let problem as HotlineProblem {
            return try await render(request, form: FormState(values: values, error: problem.message(in: request.language)), status: .badRequest)
        }
        return request.redirect(to: Paths.supervision.workEvaluation(query: ["done": "done"]))
    }
}
