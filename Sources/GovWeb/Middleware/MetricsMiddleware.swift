import Foundation
import Prometheus
import Vapor

/// Counts requests and their durations by route and status for `/metrics`.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let registry = request.govhall.metrics
        registry.makeCounter(
            name: "govhall_http_requests_total",
            labels: [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        ).increment()
        registry.makeDurationHistogram(
            name: "govhall_http_request_duration_seconds", labels: [("route", route)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]
        ).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return response
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
