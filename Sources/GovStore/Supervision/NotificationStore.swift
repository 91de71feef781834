import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Somewhere a notification is sent beyond the in-app inbox: the log by default, e-mail when configured.
public protocol Notifier: Sendable {
    /// Delivers one message; throws to have it retried later.
    func deliver(_ message: OutgoingNotification) async throws
}

/// A notification on its way out, with what the notifier needs of its recipient.
public struct OutgoingNotification: Sendable, Equatable {
    public var id: UUID
    public var recipientUsername: String
    public var recipientName: String
    public var recipientEmail: String?
    public var title: String
    public var body: String
    public var subjectType: String
    public var subjectID: UUID

    public init(
        id: UUID, recipientUsername: String, recipientName: String, recipientEmail: String?, title: String, body: String,
        subjectType: String, subjectID: UUID
    ) {
        self.id = id
        self.recipientUsername = recipientUsername
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.title = title
        self.body = body
        self.subjectType = subjectType
        self.subjectID = subjectID
    }
}

/// The in-app inbox, and the outbox the notifier drains.
public enum NotificationStore {
    /// Active accounts that hold one of `roles` over `unitPath` (or, where given, over a unit inside `reachPath`), and `also`.
    static func recipients(
        roles: [Role], unitPath: String, reachPath: String?, also accountID: UUID?, on database: any Database
    ) async throws -> [UUID] {
        guard let sql = database as? any SQLDatabase, !roles.isEmpty else { return accountID.map { [$0] } ?? [] }
        struct Row: Decodable { var account_id: UUID }
        var query = SQLQueryString("""
            SELECT DISTINCT ra.account_id FROM role_assignments ra
            JOIN organisation_units u ON u.id = ra.unit_id JOIN accounts a ON a.id = ra.account_id
            WHERE a.is_active = \(bind: true) AND ra.role IN (
            """)
        for (index, role) in roles.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: role.rawValue)
        }
        query.appendLiteral(") AND (u.path = ")
        query.appendInterpolation(bind: unitPath)
        query.appendLiteral(" OR (ra.includes_subtree = ")
        query.appendInterpolation(bind: true)
        query.appendLiteral(" AND ")
        query.appendInterpolation(bind: unitPath)
        query.appendLiteral(" LIKE u.path || '%')")
        if let reachPath {
            query.appendLiteral(" OR u.path LIKE ")
            query.appendInterpolation(bind: reachPath + "%")
        }
        query.appendLiteral(")")
        var ids = try await sql.raw(query).all(decoding: Row.self).map(\.account_id)
        if let accountID, !ids.contains(accountID) { ids.append(accountID) }
        return ids.sorted { $0.uuidString < $1.uuidString }
    }

    /// Puts one message per recipient in the inbox (and the outbox).
    static func send(
        to recipients: [UUID], topic: String, zh: (title: String, body: String), en: (title: String, body: String),
        subjectType: String, subjectID: UUID, at now: Date, on database: any Database
    ) async throws {
        let rows = recipients.map { message(to: $0, topic: topic, zh: zh, en: en, subjectType: subjectType, subjectID: subjectID, at: now) }
        try await BulkInsert.rows(into: InboxMessage.schema, columns: messageColumns, rows, on: database)
    }

    /// The inbox's columns, for writers that gather many messages into one statement.
    static let messageColumns = ["id", "recipient_account_id", "topic", "title_zh", "title_en", "body_zh", "body_en", "subject_type", "subject_id",
                                 "created_at", "delivery_attempts"]

    /// One inbox message's values, in the order of ``messageColumns``.
    static func message(
        to recipient: UUID, topic: String, zh: (title: String, body: String), en: (title: String, body: String),
        subjectType: String, subjectID: UUID, at now: Date
    ) -> [any Encodable & Sendable] {
        [Effects.current.newID(), recipient, topic, zh.title, en.title, zh.body, en.body, subjectType, subjectID, now, 0]
    }

    /// Someone's inbox, newest first.
    public static func inbox(of accountID: UUID, unreadOnly: Bool = false, limit: Int = 50, on database: any Database) async throws -> [InboxMessage] {
        let query = InboxMessage.query(on: database).filter(\.$recipientAccountID == accountID)
        if unreadOnly { query.filter(\.$readAt == nil) }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }

    public static func unreadCount(of accountID: UUID, on database: any Database) async throws -> Int {
        try await InboxMessage.query(on: database).filter(\.$recipientAccountID == accountID).filter(\.$readAt == nil).count()
    }

    /// Marks one message (or, without an id, all of them) read; only the recipient's own.
    public static func markRead(_ id: UUID?, of accountID: UUID, at now: Date, on database: any Database) async throws {
        let query = InboxMessage.query(on: database).filter(\.$recipientAccountID == accountID).filter(\.$readAt == nil)
        if let id { query.filter(\.$id == id) }
        try await query.set(\.$readAt, to: now).update()
    }

    /// The oldest messages the notifier has not delivered yet. Only the holder of the delivery lease reads them
    /// (``JobLeases``), so no two nodes send one twice.
    public static func undelivered(limit: Int, on database: any Database) async throws -> [OutgoingNotification] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var id: UUID, username: String, display_name: String, email: String?
            var title_zh: String, body_zh: String, subject_type: String, subject_id: UUID
        }
        let rows = try await sql.raw("""
            SELECT n.id, a.username, a.display_name, a.email, n.title_zh, n.body_zh, n.subject_type, n.subject_id
            FROM notifications n JOIN accounts a ON a.id = n.recipient_account_id
            WHERE n.delivered_at IS NULL ORDER BY n.created_at LIMIT \(bind: limit)
            """).all(decoding: Row.self)
        return rows.map {
            OutgoingNotification(
                id: $0.id, recipientUsername: $0.username, recipientName: $0.display_name, recipientEmail: $0.email,
                title: $0.title_zh, body: $0.body_zh, subjectType: $0.subject_type, subjectID: $0.subject_id)
        }
    }

    /// Records the outcome of one delivery attempt.
    public static func markDelivery(_ id: UUID, error: String?, at now: Date, on database: any Database) async throws {
        guard let notification = try await InboxMessage.find(id, on: database) else { return }
        notification.deliveryAttempts += 1
        notification.lastError = error.map { String($0.prefix(500)) }
        // Given up after 10 attempts: the message stays in the inbox, where the recipient reads it anyway.
        if error == nil || notification.deliveryAttempts >= 10 { notification.deliveredAt = now }
        try await notification.save(on: database)
    }
}
