import Foundation
import Logging
import NIOConcurrencyHelpers

/// One JSON object per line on standard output, for a log collector (journald, Loki, Elasticsearch): the time,
/// level, logger label, message, the request id of the request it belongs to, and the rest of the metadata as fields.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    /// Lines from all threads go through one lock, so they never interleave.
    private static let output = NIOLockedValueBox(())

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let line = Self.line(time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged)
        Self.output.withLockedValue { _ in
            FileHandle.standardOutput.write(line)
        }
    }

    /// The encoded line, newline included. Metadata values that are lists or dictionaries stay structured.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> Data {
        var object: [String: Any] = metadata.mapValues(Self.plain)
        object["time"] = Self.timestamp(time)
        object["level"] = level.rawValue
        object["logger"] = label
        object["message"] = message
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case let .string(text): return text
        case let .stringConvertible(convertible): return convertible.description
        case let .array(values): return values.map(plain)
        case let .dictionary(values): return values.mapValues(plain)
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// swift-log may be bootstrapped once per process; commands such as `restore` start the application more than once.
public enum LogBootstrap {
    private static let done = NIOLockedValueBox(false)

    public static func once(_ config: AppConfig) {
        done.withLockedValue { done in
            guard !done else { return }
            done = true
            let level = Logger.Level(rawValue: config.logLevel) ?? .info
            switch config.logFormat {
            case .json:
                LoggingSystem.bootstrap { label in
                    var handler = JSONLogHandler(label: label)
                    handler.logLevel = level
                    return handler
                }
            case .text:
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
        }
    }
}
