import Foundation
import GovStore
import Logging

/// The default notifier: one log line per message, naming the recipient's user name and the message's title (never
/// an identity number: titles carry tracking numbers only).
public struct LogNotifier: Notifier {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func deliver(_ message: OutgoingNotification) async throws {
        logger.notice("notification", metadata: [
            "to": .string(message.recipientUsername), "title": .string(message.title), "subject": .string("\(message.subjectType)/\(message.subjectID)"),
        ])
    }
}
