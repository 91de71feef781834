import Foundation
import GovCore
import GovStore
import NIOConcurrencyHelpers
import Vapor

/// While the server runs, applies 《行政许可法》第三十二条 once a minute: an application nobody answered within
/// 5 working days is accepted by law, from the day its materials were received, and flagged for supervision.
public final class DeemedAcceptanceSweeper: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let interval: Duration

    public init(interval: Duration = .seconds(60)) { self.interval = interval }

    public func didBootAsync(_ application: Application) async throws {
        let interval = self.interval
        task.withLockedValue { running in
            running = Task {
                while !Task.isCancelled {
                    await Self.sweep(application)
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    public func shutdownAsync(_ application: Application) async {
        task.withLockedValue { $0?.cancel() }
    }

    /// One pass; failures are logged and retried on the next pass.
    public static func sweep(_ application: Application) async {
        do {
            let context = try await application.caseContext()
            let moved = try await application.govhall.writeGate.transaction(on: application.db) { db in
                try await CaseStore.applyDeemedAcceptances(context: context, on: db)
            }
            if moved > 0 { application.logger.notice("accepted by law (Art. 32)", metadata: ["cases": "\(moved)"]) }
        } catch {
            application.logger.error("deemed-acceptance sweep failed: \(String(reflecting: error))")
        }
    }
}
