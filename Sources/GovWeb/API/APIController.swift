import Foundation
import GovCore
import GovStore
import Vapor

/// Small JSON endpoints: who am I, the organisation tree, health and metrics.
enum APIController {
    struct MeDTO: Content {
        var kind: String
        var name: String
        var roles: [GrantDTO]?
        var scopes: [String]?
    }

    struct GrantDTO: Content {
        var role: String
        var unitID: String?
        var includesSubtree: Bool
    }

    static func me(_ request: Request) async throws -> MeDTO {
        switch request.caller {
        case let .person(principal, _):
            return MeDTO(
                kind: principal.kind.rawValue, name: principal.displayName,
                roles: principal.grants.map { GrantDTO(role: $0.role.rawValue, unitID: $0.unitID?.uuidString.lowercased(), includesSubtree: $0.includesSubtree) },
                scopes: nil
            )
        case let .machine(client):
            return MeDTO(kind: "token", name: client.name, roles: nil, scopes: client.scopes.map(\.rawValue).sorted())
        case nil:
            throw AppError.notSignedIn
        }
    }

    struct UnitDTO: Content {
        var id: String
        var parentID: String?
        var kind: String
        var regionLevel: String?
        var code: String
        var name: String
        var nameEn: String
    }

    /// The organisation tree is public knowledge for staff and for agencies' systems with `org:read`.
    static func organisations(_ request: Request) async throws -> [UnitDTO] {
        switch request.caller {
        case let .person(principal, _):
            guard principal.kind == .staff else { throw AppError.forbidden }
        case let .machine(client):
            guard client.scopes.contains(.organisationRead) else { throw AppError.forbidden }
        case nil:
            throw AppError.notSignedIn
        }
        return try await OrganisationStore.tree(on: request.db).map {
            UnitDTO(
                id: $0.id!.uuidString.lowercased(), parentID: $0.$parent.id?.uuidString.lowercased(), kind: $0.kind.rawValue,
                regionLevel: $0.regionLevel?.rawValue, code: $0.code, name: $0.nameZh, nameEn: $0.nameEn
            )
        }
    }

    struct HealthDTO: Content {
        var status: String
        var database: String
    }

    /// 200 when the database answers, 503 when it does not.
    static func health(_ request: Request) async throws -> Response {
        let database = request.govhall.config.database.isSQLite ? "sqlite" : "postgresql"
        do {
            try await AuditLog.ping(on: request.db)
            let response = Response(status: .ok)
            try response.content.encode(HealthDTO(status: "ok", database: database))
            return response
        } catch {
            request.logger.error("health check failed: \(String(reflecting: type(of: error)))")
            let response = Response(status: .serviceUnavailable)
            try response.content.encode(HealthDTO(status: "unavailable", database: database))
            return response
        }
    }

    /// Requests and their latencies, the background jobs' durations, and open obligations by status, read now.
    static func metrics(_ request: Request) async throws -> Response {
        let registry = request.govhall.metrics
        for (status, count) in try await ObligationStore.openCountsByStatus(on: request.db) {
            Metrics.openObligations(registry, status: status.rawValue).set(Double(count))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let response = Response(status: .ok, body: .init(data: Data(buffer)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }
}
