import GovCore
import Vapor

/// Binds the application's effects (its clock, identifiers and random numbers) for the whole of a request, so that what
/// the stores draw while answering it comes from the one dependencies value `configure` was given.
/// A request that names no `X-Request-Id` gets its id (in the log and the audit entries) from them too.
struct EffectsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await request.application.withEffects {
            if request.headers.first(name: .xRequestId) == nil {
                request.logger[metadataKey: "request-id"] = .string(Effects.current.newID().uuidString)
            }
            return try await next.respond(to: request)
        }
    }
}

extension Application {
    /// Runs `body` with this application's effects bound as ``Effects/current``: for requests, jobs and seeding alike.
    public func withEffects<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        try await Effects.$current.withValue(govhall.dependencies.effects, operation: body)
    }
}
