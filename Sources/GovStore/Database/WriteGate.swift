import FluentKit
import FluentPostgresDriver
import GovCore

/// Runs write transactions. On SQLite it lets one writer in at a time: SQLite's deferred transactions on two
/// connections can otherwise deadlock (both hold a read lock, neither may upgrade), and SQLite is one process
/// by design (DESIGN.md). PostgreSQL needs no gate; its row locks order the writers. Where two PostgreSQL writers
/// still lock shared rows (the supervision rollups) in opposite orders, the server picks one as the deadlock's victim
/// and rolls it back whole; that transaction is run again, as PostgreSQL's manual advises, a few times at most.
public final class WriteGate: Sendable {
    private let mutex: AsyncMutex?
    static let attempts = 4

    public init(serialised: Bool) { mutex = serialised ? AsyncMutex() : nil }

    public func transaction<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let mutex else { return try await Self.retryingConflicts { try await database.transactionKeepingEffects(body) } }
        return try await mutex.withLock { try await database.transactionKeepingEffects(body) }
    }

    /// Runs `attempt` again after a deadlock or serialisation failure (SQLSTATE 40P01, 40001): the server rolled the
    /// transaction back, so nothing of it stands and running it again is safe. Waits a little longer each time, at
    /// random, so the same two writers do not collide again at once.
    static func retryingConflicts<T>(_ attempt: () async throws -> T) async throws -> T {
        for round in 1... {
            do {
                return try await attempt()
            } catch let error as PSQLError where round < attempts && isConflict(error) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) * round))
            }
        }
        fatalError("unreachable")
    }

    static func isConflict(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }
}

extension Database {
    /// `transaction(_:)` with the caller's ``Effects/current`` in the body: Fluent runs the body from its own callbacks,
    /// outside the calling task, where the task's locals would be gone and identifiers would be drawn at random.
    public func transactionKeepingEffects<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let effects = Effects.current
        return try await transaction { db in try await Effects.$current.withValue(effects) { try await body(db) } }
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

/// Recognises "the database is not there" in a PostgreSQL error: the connection could not be made or was lost, or the
/// server is shutting down or starting up (SQLSTATE class 08, 57P01–57P03). Such a request may be retried later.
public enum DatabaseUnavailable {
    public static func matches(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }
}
