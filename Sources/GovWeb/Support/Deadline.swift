import NIOConcurrencyHelpers

/// Runs work that may hang on something outside the process, and gives up waiting for it after a limit. The work is
/// cancelled but not awaited: a task that ignores cancellation cannot hold the caller any longer.
enum Deadline {
    struct Passed: Error {}

    static func run<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
        let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
            guard let continuation = outcome.withLockedValue({ stored in defer { stored = nil }; return stored }) else { return false }
            continuation.resume(with: result)
            return true
        }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLockedValue { $0 = continuation }
            let timer = Task {
                try await Task.sleep(for: limit)
                return finish(.failure(Passed()))
            }
            let worker = Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                _ = finish(result)
            }
            Task {
                if (try? await timer.value) == true { worker.cancel() }
            }
        }
    }
}
