import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The in-app inbox (消息): escalations of the obligations a person is responsible for, and supervision orders.
enum NotificationsController {
    struct Body: Encodable, Sendable {
        var messages: [Message]
        var unread: Int
        var unreadOnly: Bool
    }

    struct Message: Encodable, Sendable {
        var id: String
        var title: String
        var body: String
        var href: String?
        var at: String
        var unread: Bool
    }

    static func page(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let unreadOnly = request.query[String.self, at: "unread"] == "1"
        let messages = try await NotificationStore.inbox(of: principal.accountID, unreadOnly: unreadOnly, limit: 200, on: request.db)
        let forSupervisor = AccessPolicy.canEnter(.supervision, principal) && !AccessPolicy.canEnter(.workbench, principal)
        let body = Body(
            messages: messages.map { message in
                Message(
                    id: message.id?.uuidString.lowercased() ?? "", title: message.title(in: language), body: message.body(in: language),
                    href: SupervisionController.link(
                        subjectType: message.subjectType, id: message.subjectID,
                        forSupervisor: forSupervisor || (message.topic == "supervision_order" && SupervisionPolicy.isSupervisor(principal))),
                    at: BeijingTime.minute(message.createdAt), unread: message.readAt == nil)
            },
            unread: try await NotificationStore.unreadCount(of: principal.accountID, on: request.db), unreadOnly: unreadOnly)
        return try await request.renderPage(
            "supervision/notifications", titleKey: "title_notifications", body: body, notice: request.notice(from: ["read": "notice_notifications_read"]))
    }

    /// Marks one message (`id`) or all of them read.
    static func markRead(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let id = fields["id"].flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        if fields["id"].map({ !$0.isEmpty }) ?? false, id == nil { throw AppError.notFound }
        let now = request.now
        try await request.write { db in try await NotificationStore.markRead(id, of: principal.accountID, at: now, on: db) }
        return request.redirect(to: Paths.portal.notifications(query: ["done": "read"]))
    }
}
