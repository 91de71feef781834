import FluentKit
import Foundation
import GovCore

/// The installation's supervision settings: escalation thresholds, which violation rules are on, and the scoring model.
public struct SupervisionSettings: Codable, Equatable, Sendable {
    public var escalation: EscalationSettings
    public var rules: ViolationRuleSettings
    public var scoring: ScoringModel

    public init(escalation: EscalationSettings = .standard, rules: ViolationRuleSettings = .standard, scoring: ScoringModel = .standard) {
        self.escalation = escalation
        self.rules = rules
        self.scoring = scoring
    }

    public static let standard = SupervisionSettings()

    /// A matter's own thresholds win over the installation's.
    public func escalation(for definition: MatterDefinition?) -> EscalationSettings {
        definition?.escalation ?? escalation
    }
}

public enum SupervisionSettingsStore {
    static let key = "supervision"

    /// The stored settings, or the defaults.
    public static func load(on database: any Database) async throws -> SupervisionSettings {
        guard let row = try await SupervisionSetting.find(key, on: database) else { return .standard }
        return (try? JSONDecoder().decode(SupervisionSettings.self, from: Data(row.value.utf8))) ?? .standard
    }

    /// Replaces the settings after checking them; audited.
    public static func save(_ settings: SupervisionSettings, by actor: AuditActor, now: Date, on database: any Database) async throws {
        try settings.escalation.validate()
        try settings.scoring.validate()
        let value = try StoredJSON.text(settings)
        let row = try await SupervisionSetting.find(key, on: database) ?? {
            let row = SupervisionSetting()
            row.id = key
            return row
        }()
        let before = row.$value.value
        row.value = value
        row.updatedAt = now
        row.updatedBy = actor.name
        try await row.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "supervision.settings", objectType: "settings", objectID: key,
                       summary: before == value ? "unchanged" : "updated: \(value.prefix(400))"),
            by: actor, at: now, on: database)
    }
}
