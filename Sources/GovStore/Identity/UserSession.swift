import FluentKit
import Foundation
import GovCore

/// A signed-in browser session. Only the SHA-256 of the cookie's token is stored, so a copy of the
/// database does not let anyone sign in as anyone.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "account_id") public var account: Account
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "client_address") public var clientAddress: String?
    @OptionalField(key: "user_agent") public var userAgent: String?

    public var properties: [any AnyProperty] {
        [
            $id, $tokenHash, $account, $createdAt, $lastSeenAt, $expiresAt, $clientAddress, $userAgent,
        ]
    }
    public init() {}

    public init(tokenHash: String, accountID: UUID, now: Date, expiresAt: Date, clientAddress: String?, userAgent: String?) {
        self.id = Effects.current.newID()
        self.tokenHash = tokenHash
        self.$account.id = accountID
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
        self.clientAddress = clientAddress
        self.userAgent = userAgent.map { String($0.prefix(255)) }
    }
}

/// A machine client's credential: random, shown once, stored hashed, limited to scopes, revocable.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters of the token, so a person can tell tokens apart without the secret.
    @Field(key: "prefix") public var prefix: String
    /// Space-separated scopes, e.g. `calendar:read org:read`.
    @Field(key: "scopes") public var scopes: String
    @OptionalParent(key: "unit_id") public var unit: OrganisationUnit?
    @OptionalParent(key: "created_by") public var createdBy: Account?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    /// A token that reads supervision or the audit log, issued and not yet approved by a second administrator: it opens nothing yet.
    @Field(key: "awaiting_approval") public var awaitingApproval: Bool

    public var properties: [any AnyProperty] {
        [
            $id, $name, $tokenHash, $prefix, $scopes, $unit, $createdBy, $createdAt, $expiresAt, $revokedAt, $lastUsedAt, $awaitingApproval,
        ]
    }
    public init() {}

    public init(
        name: String, tokenHash: String, prefix: String, scopes: [String], unitID: UUID?, createdBy: UUID?,
        createdAt: Date, expiresAt: Date?, awaitingApproval: Bool = false
    ) {
        self.id = Effects.current.newID()
        self.awaitingApproval = awaitingApproval
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.scopes = scopes.joined(separator: " ")
        self.$unit.id = unitID
        self.$createdBy.id = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    public var scopeList: [String] { scopes.split(separator: " ").map(String.init) }
}

/// Failed sign-ins per key (a user name, or a client address) within a window, for throttling.
public final class SignInThrottle: Model, @unchecked Sendable {
    public static let schema = "sign_in_throttles"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "failures") public var failures: Int
    @Field(key: "window_started_at") public var windowStartedAt: Date
    @OptionalField(key: "locked_until") public var lockedUntil: Date?

    public var properties: [any AnyProperty] { [$id, $key, $failures, $windowStartedAt, $lockedUntil] }
    public init() {}

    public init(key: String, now: Date) {
        self.id = Effects.current.newID()
        self.key = key
        self.failures = 0
        self.windowStartedAt = now
    }
}
