import FluentKit

/// Runs write transactions. On SQLite it lets one writer in at a time: SQLite's deferred transactions on two
/// connections can otherwise deadlock (both hold a read lock, neither may upgrade), and SQLite is one process
/// by design (DESIGN.md). PostgreSQL needs no gate; its row locks order the writers.
public final class WriteGate: Sendable {
    private let mutex: AsyncMutex?

    public init(serialised: Bool) { mutex = serialised ? AsyncMutex() : nil }

    public func transaction<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let mutex else { return try await database.transaction(body) }
        return try await mutex.withLock { try await database.transaction(body) }
    }
}

/// A first-in, first-out lock for async code.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
