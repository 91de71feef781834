import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The administrator's supervision settings: escalation thresholds, which violation rules are on and how serious
/// each is, and the weights of the performance score.
enum AdminSupervisionController {
    struct Body: Encodable, Sendable {
        var form: FormState
        var remind: Bool
        var warnPastPromise: Bool
        var warningDays: Int
        var hourPercent: Int
        var penalty: Int
        var minimumSample: Int
        var rules: [RuleRow]
        var weights: [WeightRow]
    }

    struct RuleRow: Encodable, Sendable {
        var code: String
        var title: String
        var on: Bool
        var severities: [Option]
    }

    struct WeightRow: Encodable, Sendable {
        var code: String
        var title: String
        var value: Int
    }

    /// Installation-wide settings: only an administrator of the whole installation changes (or reads) them.
    static func page(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        return try await render(request, settings: try await SupervisionSettingsStore.load(on: request.db), form: FormState(), status: .ok)
    }

    static func render(_ request: Request, settings: SupervisionSettings, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let body = Body(
            form: form, remind: settings.escalation.remindOnLastPromisedDay, warnPastPromise: settings.escalation.warnPastPromise,
            warningDays: settings.escalation.warningWorkingDays, hourPercent: settings.escalation.hourLimitWarningPercent,
            penalty: settings.scoring.violationPenaltyPer100, minimumSample: settings.scoring.minimumSample,
            rules: ViolationRule.allCases.map { rule in
                RuleRow(
                    code: rule.rawValue, title: rule.title(in: language), on: settings.rules.isOn(rule),
                    severities: Severity.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: settings.rules.severity(of: rule) == $0) })
            },
            weights: ScoreComponent.allCases.map { WeightRow(code: $0.rawValue, title: $0.title(in: language), value: settings.scoring.weight($0)) })
        return try await request.renderPage(
            "admin/supervision", titleKey: "title_admin_supervision", body: body, notice: request.notice(from: ["saved": "notice_settings_saved"]),
            status: status)
    }

    static func save(_ request: Request) async throws -> Response {
        guard AccessPolicy.canAdministerApplicantAccounts(request.principal) else { throw AppError.forbidden }
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        var errors = FieldErrors()
        func number(_ name: String) -> Int? {
            guard let value = fields[name].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                errors.add(name, FieldProblem.invalid)
                return nil
            }
            return value
        }
        var settings = try await SupervisionSettingsStore.load(on: request.db)
        settings.escalation.remindOnLastPromisedDay = fields["remind"] == "on"
        settings.escalation.warnPastPromise = fields["warn_past_promise"] == "on"
        if let days = number("warning_days") { settings.escalation.warningWorkingDays = days }
        if let percent = number("hour_percent") { settings.escalation.hourLimitWarningPercent = percent }
        if let penalty = number("penalty") { settings.scoring.violationPenaltyPer100 = penalty }
        if let sample = number("minimum_sample") { settings.scoring.minimumSample = sample }
        var rules = ViolationRuleSettings()
        for rule in ViolationRule.allCases {
            if fields["rule_\(rule.rawValue)"] != "on" { rules.disabled.insert(rule) }
            if let raw = fields["severity_\(rule.rawValue)"], !raw.isEmpty {
                guard let severity = Severity(rawValue: raw) else {
                    errors.add("severity_\(rule.rawValue)", FieldProblem.invalid)
                    continue
                }
                if severity != rule.defaultSeverity { rules.severities[rule] = severity }
            }
        }
        settings.rules = rules
        for component in ScoreComponent.allCases {
            if let weight = number("weight_\(component.rawValue)") { settings.scoring.weights[component] = weight }
        }
        do { try settings.escalation.validate() } catch { errors.add("warning_days", error) }
        do { try settings.scoring.validate() } catch {
            errors.add(settings.scoring.minimumSample < 1 || settings.scoring.minimumSample > 1000 ? "minimum_sample" : "weights", error)
        }
        guard errors.isEmpty else {
            return try await render(request, settings: settings, form: FormState(refused: errors, values: fields, in: request.language), status: .badRequest)
        }
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        let saved = settings
        try await request.write { db in try await SupervisionSettingsStore.save(saved, by: actor, now: now, on: db) }
        return request.redirect(to: Paths.admin.supervision(query: ["done": "saved"]))
    }
}
