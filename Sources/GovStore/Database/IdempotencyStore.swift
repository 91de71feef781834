import FluentKit
import Foundation
import SQLKit

/// Idempotent API creations (the `Idempotency-Key` request header, IETF draft-ietf-httpapi-idempotency-key-header):
/// the first request with a key claims it and its answer is kept for a day; a retry with the same key and the same
/// request gets that answer again, one with a different request is refused, and one while the first still runs waits
/// its turn (409). Keys belong to a caller (a token, an account, or an address for the public), so one caller's key
/// never answers another's request.
public enum IdempotencyStore {
    static let table = "idempotency_keys"
    /// How long an answer is kept for retries.
    public static let lifetime: TimeInterval = 24 * 3600

    public struct StoredResponse: Sendable, Equatable {
        public var status: Int
        public var contentType: String?
        public var location: String?
        public var body: [UInt8]

        public init(status: Int, contentType: String?, location: String?, body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.location = location
            self.body = body
        }
    }

    public enum Claim: Sendable, Equatable {
        /// This request is the first with the key: run it, then ``complete(caller:key:with:on:)`` or ``release(caller:key:on:)``.
        case claimed
        /// The key's first request answered this.
        case replay(StoredResponse)
        /// The key's first request has not answered yet.
        case inProgress
        /// The key was used for a different request.
        case mismatch
    }

    public static func claim(caller: String, key: String, requestHash: String, now: Date, on database: any Database) async throws -> Claim {
        guard let sql = database as? any SQLDatabase else { return .claimed }
        try await sql.delete(from: table).where("caller", .equal, caller).where("key", .equal, key)
            .where("created_at", .lessThan, now.addingTimeInterval(-lifetime)).run()
        let inserted = try await sql.raw("""
            INSERT INTO \(ident: table) (\(ident: "caller"), \(ident: "key"), \(ident: "request_hash"), \(ident: "status"), \(ident: "created_at"))
            VALUES (\(bind: caller), \(bind: key), \(bind: requestHash), \(bind: 0), \(bind: now))
            ON CONFLICT (\(ident: "caller"), \(ident: "key")) DO NOTHING RETURNING \(ident: "caller")
            """).all()
        if !inserted.isEmpty { return .claimed }
        struct Row: Decodable {
            var request_hash: String
            var status: Int
            var content_type: String?
            var location: String?
            var body: Data?
        }
        guard let row = try await sql.select().columns("request_hash", "status", "content_type", "location", "body").from(table)
            .where("caller", .equal, caller).where("key", .equal, key).first(decoding: Row.self)
        else { return .inProgress }
        guard row.request_hash == requestHash else { return .mismatch }
        guard row.status != 0 else { return .inProgress }
        return .replay(StoredResponse(status: row.status, contentType: row.content_type, location: row.location, body: Array(row.body ?? Data())))
    }

    /// Keeps the answer of the key's first request.
    public static func complete(caller: String, key: String, with response: StoredResponse, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.update(table).set("status", to: response.status).set("content_type", to: response.contentType)
            .set("location", to: response.location).set("body", to: Data(response.body))
            .where("caller", .equal, caller).where("key", .equal, key).run()
    }

    /// Frees the key after a failure that changed nothing (a server error), so a retry runs again.
    public static func release(caller: String, key: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: table).where("caller", .equal, caller).where("key", .equal, key).where("status", .equal, 0).run()
    }
}
