import Foundation
import Prometheus
import Vapor

/// Counts requests and their durations by route and status for `/metrics`, and logs one line per request with
/// its route pattern rather than its path or query, which may carry tracking numbers and query codes.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let elapsed = ContinuousClock.now - started
        let registry = request.govhall.metrics
        Metrics.httpRequest(registry, method: request.method.rawValue, route: route, status: response.status.code).increment()
        Metrics.httpDuration(registry, route: route).recordNanoseconds(elapsed.nanoseconds)
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(elapsed.nanoseconds / 1_000_000),
        ])
        return response
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
