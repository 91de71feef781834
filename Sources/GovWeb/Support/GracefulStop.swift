import NIOConcurrencyHelpers
import Vapor

/// How a server stops on SIGTERM (issue 20, item 10): it stops accepting connections, lets the requests in flight
/// finish within a bound, and only then are the background jobs stopped and the database closed (by the application's
/// shutdown, which runs the jobs' handler before it closes the databases). Closing the database under a request in
/// flight answered it 500 and then crashed the process in Fluent's `Request.db`.
public enum GracefulStop {
    /// Run after `app.execute()` returns (a signal arrived) and before `app.asyncShutdown()`.
    public static func drain(_ app: Application) async {
        let started = ContinuousClock.now
        let grace = app.govhall.shutdownGrace
        // Closes the listening socket and every idle keep-alive connection; a connection with a request under way is
        // closed once its answer is sent. Bounded by the server's shutdown timeout, which `configure` sets to `grace`.
        await app.http.server.shared.shutdown()
        while app.govhall.requestsInFlight.value > 0, ContinuousClock.now - started < grace {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = app.govhall.requestsInFlight.value
        if left > 0 {
            app.logger.error("stopping with requests still in flight", metadata: ["requests": "\(left)", "grace": "\(grace)"])
        } else {
            app.logger.notice("stopped serving; every request in flight was answered", metadata: ["ms": "\((ContinuousClock.now - started).nanoseconds / 1_000_000)"])
        }
    }
}

/// How many requests the server is answering now.
final class RequestCounter: Sendable {
    private let count = NIOLockedValueBox(0)

    var value: Int { count.withLockedValue { $0 } }

    func during<T>(_ body: () async throws -> T) async rethrows -> T {
        count.withLockedValue { $0 += 1 }
        defer { count.withLockedValue { $0 -= 1 } }
        return try await body()
    }
}

/// Counts every request from the moment the server takes it until its answer is made, for ``GracefulStop``.
struct InFlightMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await request.govhall.requestsInFlight.during { try await next.respond(to: request) }
    }
}
