import Foundation
import GovCore
import GovStore
import Vapor

/// Finds who a request acts for: a browser session (cookie) or, on the API, a bearer token. It never
/// refuses anything itself; `AreaGuard` and the API scope checks do.
struct CallerMiddleware: AsyncMiddleware {
    static let sessionCookie = "govhall_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token {
            // A token is a machine's identity on any path (clients send it with every request, the spec
            // included); it opens no HTML area, since those need a person.
            guard let token = try await IdentityStore.activeToken(secret: bearer, now: request.now, on: request.db) else {
                throw AppError.notSignedIn
            }
            let scopes = Set(token.scopeList.compactMap(APIScope.init(rawValue:)))
            let unit = try await token.$unit.get(on: request.db)
            request.caller = .machine(MachineClient(
                tokenID: try token.requireID(), name: token.name, scopes: scopes, unitID: unit?.id, unitPath: unit?.path,
                actingAccountID: scopes.isDisjoint(with: [.casesAct, .sharingAct]) ? nil : token.$createdBy.id
            ))
            if request.now.timeIntervalSince(token.lastUsedAt ?? .distantPast) > 60 {
                token.lastUsedAt = request.now
                try await token.update(on: request.db)
            }
        } else if let secret = request.cookies[Self.sessionCookie]?.string,
                  let session = try await IdentityStore.session(
                      token: secret, now: request.now, lifetime: request.govhall.config.sessionLifetime,
                      absoluteLifetime: request.govhall.config.sessionAbsoluteLifetime, on: request.db
                  ),
                  let principal = try await IdentityStore.principal(accountID: session.$account.id, on: request.db) {
            request.caller = .person(principal, sessionTokenHash: session.tokenHash)
        }
        return try await next.respond(to: request)
    }
}

/// Lets a request into an area only if `AccessPolicy` says so: 401 (or the sign-in page) for strangers,
/// 403 for people without the role.
struct AreaGuard: AsyncMiddleware {
    var area: Area

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        guard AccessPolicy.canEnter(area, principal) else { throw AppError.forbidden }
        return try await next.respond(to: request)
    }
}

/// Signed-in people only, whatever their role.
struct SignedInGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.principal != nil else { throw AppError.notSignedIn }
        return try await next.respond(to: request)
    }
}
