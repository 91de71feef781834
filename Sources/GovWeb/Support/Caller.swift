import Foundation
import GovCore
import GovStore
import NIOCore
import Vapor

/// A machine client authenticated by an API token.
public struct MachineClient: Sendable, Equatable {
    public var tokenID: UUID
    public var name: String
    public var scopes: Set<APIScope>
    public var unitID: UUID?
    public var unitPath: String?
    /// With ``APIScope/casesAct`` or ``APIScope/sharingAct``: the account whose roles the token acts with on cases.
    public var actingAccountID: UUID?
}

/// Who a request acts for.
public enum Caller: Sendable {
    case person(Principal, sessionTokenHash: String?)
    case machine(MachineClient)

    public var principal: Principal? {
        if case let .person(principal, _) = self { return principal }
        return nil
    }
}

struct CallerKey: StorageKey { typealias Value = Caller }
struct LanguageKey: StorageKey { typealias Value = Language }
struct CSRFTokenKey: StorageKey { typealias Value = String }

extension Request {
    var caller: Caller? {
        get { storage[CallerKey.self] }
        set { storage[CallerKey.self] = newValue }
    }

    var principal: Principal? { caller?.principal }

    var language: Language {
        get { storage[LanguageKey.self] ?? .zhHans }
        set { storage[LanguageKey.self] = newValue }
    }

    var now: Date { application.govhall.dependencies.now() }

    /// The person's address (see ``ClientAddress``).
    var clientAddress: String? {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, realIP: headers.first(name: "X-Real-IP"),
                              trustedProxies: application.govhall.config.trustedProxies)
    }

    /// The audit log's view of this request's caller, acting in `role`; `unitPath` names the unit the change
    /// concerns when it is not the caller's own.
    func auditActor(role: Role?, unitPath: String? = nil) -> AuditActor {
        let principal = self.principal
        let grant = role.flatMap { role in principal?.grants.first { $0.role == role } }
        let name: String
        switch caller {
        case let .person(principal, _): name = principal.displayName
        case let .machine(client): name = "token:\(client.name)"
        case nil: name = "anonymous"
        }
        return AuditActor(
            accountID: principal?.accountID, name: name, role: role, unitID: grant?.unitID, unitPath: unitPath ?? grant?.unitPath,
            requestID: logger[metadataKey: "request-id"].map { "\($0)" }, clientAddress: clientAddress
        )
    }
}

/// Whose request it is: the peer's address, or behind a reverse proxy that the configuration trusts, the address that
/// proxy reports in `X-Real-IP`. Only a trusted peer's header counts: anyone else could write one to dodge the sign-in
/// throttle or to put another address into the audit log.
enum ClientAddress {
    static func resolve(peer: String?, realIP: String?, trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer),
              let forwarded = realIP?.trimmingCharacters(in: .whitespaces), isIPAddress(forwarded)
        else { return peer }
        return forwarded
    }

    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}
