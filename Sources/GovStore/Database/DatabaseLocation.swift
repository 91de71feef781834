import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where GovHall keeps its state: one SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String, searchPath: String?)

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }

    /// Parses a `postgres://` / `postgresql://` URL; anything else is refused so a typo does not silently fall
    /// back to SQLite.
    public static func postgres(url: String) throws(DatabaseLocationError) -> DatabaseLocation {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              ["postgres", "postgresql", "postgres+tcp"].contains(scheme), parsed.host?.isEmpty == false
        else { throw .notAPostgresURL }
        return .postgres(url: url.replacingOccurrences(of: "postgresql://", with: "postgres://"), searchPath: nil)
    }

    /// The SQLite database of an installation whose data directory is `directory`.
    public static func inDataDirectory(_ directory: String) -> DatabaseLocation { .sqliteFile(path: directory + "/govhall.sqlite") }

    /// `connectionsPerEventLoop` bounds each node's PostgreSQL connections: one per event loop (thread) times this;
    /// `connectionWait` is how long a caller may queue for one of them.
    public func configurationFactory(connectionsPerEventLoop: Int = 4, connectionWait: TimeAmount = .seconds(10)) throws -> DatabaseConfigurationFactory {
        switch self {
        case let .sqliteFile(path):
            return .sqlite(.file(path), sqlLogLevel: .trace)
        case .sqliteMemory:
            return .sqlite(.memory, sqlLogLevel: .trace)
        case let .postgres(url, searchPath):
            var configuration = try SQLPostgresConfiguration(url: url)
            // A server that is down or starting up should cost a request seconds, not the driver's default ten, so that
            // it gets its 503 while the person still waits for it.
            configuration.coreConfiguration.options.connectTimeout = .seconds(3)
            if let searchPath { configuration.searchPath = [searchPath] }
            return .postgres(configuration: configuration, maxConnectionsPerEventLoop: connectionsPerEventLoop,
                             connectionPoolTimeout: connectionWait, sqlLogLevel: .trace)
        }
    }

    /// For logs and start-up messages: never prints a password.
    public var redactedDescription: String {
        switch self {
        case let .sqliteFile(path): return "SQLite \(path)"
        case .sqliteMemory: return "SQLite (memory)"
        case let .postgres(url, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

public enum DatabaseLocationError: Error, Equatable {
    case notAPostgresURL
}

extension DatabaseID {
    public static let govhall = DatabaseID(string: "govhall")
}
