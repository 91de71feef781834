import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Supervision over the API: open obligations by status and the violations found, for a supervisor's session or a token
/// with `supervision:read` (within the token's unit).
enum SupervisionAPIController {
    struct ObligationDTO: Content {
        var id: String
        var kind: String
        var subjectType: String
        var subject: String
        var label: String?
        var unitID: String
        var status: String
        var startedAt: String
        var promisedDue: String
        var statutoryDue: String
        var paused: Bool
        var workingDaysLeft: Int?
    }

    struct ObligationsDTO: Content {
        var total: Int
        var obligations: [ObligationDTO]
    }

    struct ViolationDTO: Content {
        var id: String
        var rule: String
        var title: String
        var severity: String
        var subject: String
        var unitID: String
        var evidence: String
        var person: String?
        var occurredAt: String
        var detectedAt: String
        var status: String
    }

    /// The unit paths the caller may read.
    static func watched(_ request: Request) throws -> [String] {
        switch request.caller {
        case let .person(principal, _):
            guard AccessPolicy.canEnter(.supervision, principal) else { throw AppError.forbidden }
            return SupervisionScope.watchedPaths(principal)
        case let .machine(client):
            guard client.scopes.contains(.supervisionRead) else { throw AppError.forbidden }
            return [client.unitPath ?? "/"]
        case nil:
            throw AppError.notSignedIn
        }
    }

    static func obligations(_ request: Request) async throws -> ObligationsDTO {
        let scope = try await SupervisionScope.resolve(request, watched: try watched(request))
        let statuses = try SupervisionController.statusFilter(request)
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 500)
        let offset = min(max(request.query[Int.self, at: "offset"] ?? 0, 0), 1_000_000)
        let calendar = try await request.workCalendar()
        let records = try await SupervisionQueries.open(statuses: statuses, filter: scope.filter, limit: limit, offset: offset, on: request.db)
        return ObligationsDTO(
            total: try await SupervisionQueries.countOpen(statuses: statuses, filter: scope.filter, on: request.db),
            obligations: records.map { record in
                ObligationDTO(
                    id: record.id?.uuidString.lowercased() ?? "", kind: record.kind, subjectType: record.subjectType, subject: record.subjectLabel,
                    label: record.label, unitID: record.unitID.uuidString.lowercased(), status: record.status,
                    startedAt: BeijingTime.iso8601(record.startedAt), promisedDue: BeijingTime.iso8601(record.promisedDue),
                    statutoryDue: BeijingTime.iso8601(record.statutoryDue), paused: record.paused,
                    workingDaysLeft: (try? record.clock()).flatMap { try? ObligationRules.workingDaysLeft($0, at: request.now, calendar: calendar) })
            })
    }

    static func violations(_ request: Request) async throws -> [ViolationDTO] {
        let scope = try await SupervisionScope.resolve(request, watched: try watched(request), defaultDays: 90)
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 500)
        let language = request.language
        return try await ViolationStore.list(SupervisionController.violationFilter(scope, limit: limit), on: request.db).map { record in
            let rule = record.violationRule
            return ViolationDTO(
                id: record.id?.uuidString.lowercased() ?? "", rule: record.rule, title: rule?.title(in: language) ?? record.rule,
                severity: record.severity, subject: record.subjectLabel, unitID: record.unitID.uuidString.lowercased(),
                evidence: rule.map { ViolationRules.describe($0, record.evidence(), in: language) } ?? "", person: record.actorName,
                occurredAt: BeijingTime.iso8601(record.occurredAt), detectedAt: BeijingTime.iso8601(record.detectedAt), status: record.status)
        }
    }
}
