import FluentKit
import Foundation
import GovCore
import SQLKit

/// Accounts, their grants, sessions, API tokens and the sign-in throttle.
public enum IdentityStore {
    // MARK: Principals

    public static func principal(accountID: UUID, on database: any Database) async throws -> Principal? {
        guard let account = try await Account.find(accountID, on: database), account.isActive else { return nil }
        return try await principal(for: account, on: database)
    }

    public static func principal(for account: Account, on database: any Database) async throws -> Principal {
        let accountID = try account.requireID()
        let assignments = try await RoleAssignment.query(on: database)
            .filter(\.$account.$id == accountID)
            .filter(\.$awaitingApproval == false)
            .with(\.$unit)
            .all()
        let grants = assignments.map {
            RoleGrant(role: $0.role, unitID: $0.$unit.id, unitPath: $0.unit.path, includesSubtree: $0.includesSubtree)
        }
        return Principal(accountID: accountID, kind: account.kind, displayName: account.displayName, grants: grants.sorted { $0.role.rawValue < $1.role.rawValue })
    }

    /// The account behind a principal, as pages show it.
    public static func profile(accountID: UUID, on database: any Database) async throws -> AccountProfile? {
        try await Account.find(accountID, on: database)?.profile
    }

    /// What checking an account's own password needs: its name, the hash and the version a change must match.
    public struct Credentials: Sendable {
        public var accountID: UUID
        public var username: String
        public var passwordHash: String
        public var version: Int
        /// The key its failed attempts are counted under (``throttleKey(for:typed:)``).
        public var throttleKey: String
    }

    public static func credentials(accountID: UUID, on database: any Database) async throws -> Credentials? {
        guard let account = try await Account.find(accountID, on: database) else { return nil }
        return Credentials(
            accountID: accountID, username: account.username, passwordHash: account.passwordHash, version: account.version,
            throttleKey: try throttleKey(for: account, typed: account.username))
    }

    public static func accountCount(on database: any Database) async throws -> Int {
        try await Account.query(on: database).count()
    }

    /// Finds an account by what a person types to sign in: the user name, or for citizens and enterprises
    /// their 身份证号 / 统一社会信用代码.
    public static func account(signInName: String, on database: any Database) async throws -> Account? {
        let name = signInName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return nil }
        return try await Account.query(on: database)
            .group(.or) {
                $0.filter(\.$username == name)
                    .filter(\.$residentID == name.uppercased())
                    .filter(\.$creditCode == name.uppercased())
            }
            .first()
    }

    // MARK: Sessions

    public static func sha256Hex(_ text: String) -> String { Digest.sha256Hex(text.utf8) }

    /// Starts a session and returns the secret for the cookie. A new secret every time: a session id planted
    /// before sign-in is never promoted (session fixation).
    public static func startSession(
        accountID: UUID, now: Date, lifetime: TimeInterval, clientAddress: String?, userAgent: String?, on database: any Database
    ) async throws -> String {
        let token = Secrets.token(length: 43)
        let session = UserSession(
            tokenHash: sha256Hex(token), accountID: accountID, now: now, expiresAt: now.addingTimeInterval(lifetime),
            clientAddress: clientAddress, userAgent: userAgent
        )
        try await session.create(on: database)
        return token
    }

    /// The live session for a cookie secret. Sliding expiry: use renews it, at most once a minute to spare writes, but
    /// never past `absoluteLifetime` after sign-in (OWASP ASVS 4.0.3 V3.3.2): a stolen cookie kept busy dies anyway.
    public static func session(
        token: String, now: Date, lifetime: TimeInterval, absoluteLifetime: TimeInterval = .infinity, on database: any Database
    ) async throws -> UserSession? {
        guard token.count <= 128, let session = try await UserSession.query(on: database)
            .filter(\.$tokenHash == sha256Hex(token)).first()
        else { return nil }
        guard session.expiresAt > now, now < session.createdAt.addingTimeInterval(absoluteLifetime) else {
            try await session.delete(on: database)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            session.expiresAt = min(now.addingTimeInterval(lifetime), session.createdAt.addingTimeInterval(absoluteLifetime))
            try await session.update(on: database)
        }
        return session
    }

    public static func endSession(token: String, on database: any Database) async throws {
        try await UserSession.query(on: database).filter(\.$tokenHash == sha256Hex(token)).delete()
    }

    public static func endAllSessions(accountID: UUID, except keepTokenHash: String? = nil, on database: any Database) async throws {
        let query = UserSession.query(on: database).filter(\.$account.$id == accountID)
        if let keepTokenHash { query.filter(\.$tokenHash != keepTokenHash) }
        try await query.delete()
    }

    // MARK: API tokens

    public struct IssuedToken: Sendable {
        public var record: APIToken
        /// Shown once; only its hash is kept.
        public var secret: String
    }

    public static let tokenPrefix = "ght_"

    /// Issues a token. One that an administrator (`requestedByAdministrator`, named for the supervisors) issues at the web
    /// with a scope reading supervision or the audit log waits for a second administrator's approval
    /// (``SeparationOfDuties``); the operator at the command line holds the database itself and is not asked.
    public static func issueToken(
        name: String, scopes: [String], unitID: UUID?, createdBy: UUID?, now: Date, expiresAt: Date?,
        requestedByAdministrator: String? = nil, on database: any Database
    ) async throws -> IssuedToken {
        let secret = tokenPrefix + Secrets.token(length: 40)
        let awaitingApproval = requestedByAdministrator != nil && SeparationOfDuties.needsSecondApproval(scopes: scopes.compactMap(APIScope.init))
        let token = APIToken(
            name: name, tokenHash: sha256Hex(secret), prefix: String(secret.prefix(10)), scopes: scopes, unitID: unitID,
            createdBy: createdBy, createdAt: now, expiresAt: expiresAt, awaitingApproval: awaitingApproval
        )
        try await token.create(on: database)
        if awaitingApproval, let requester = requestedByAdministrator {
            try await OversightGrants.tellSupervisors(
                .requested, what: "\(name) (\(token.scopes))", requester: requester, approver: nil, subjectType: "api_token",
                subjectID: try token.requireID(), at: now, on: database)
        }
        return IssuedToken(record: token, secret: secret)
    }

    /// A usable token for a secret: known, not revoked, not expired, and its account (the one it was issued by and acts
    /// as) still enabled and with the password it had when the token was made. A password change or disabling the
    /// account ends its tokens as it ends its sessions (OWASP ASVS 4.0.3 V3.3.3, V3.5.x): whoever changed a leaked
    /// password must not find the thief still in through the API.
    /// The tokens issued to the given units, newest first.
    public static func tokens(ofUnits unitIDs: Set<UUID>, on database: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: database).sort(\.$createdAt, .descending).all().filter { token in token.$unit.id.map(unitIDs.contains) ?? false }
    }

    /// Revokes a token issued to one of `unitIDs` (the units its administrator manages); revoking twice changes nothing.
    public static func revokeToken(
        _ id: UUID, ofUnits units: [UUID: String], by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard let token = try await APIToken.find(id, on: database) else { throw StoreError.notFound }
        guard let unitPath = token.$unit.id.flatMap({ units[$0] }) else { throw StoreError.forbidden }
        guard token.revokedAt == nil else { return }
        token.revokedAt = now
        try await token.update(on: database)
        var unitActor = actor
        unitActor.unitPath = unitPath
        try await AuditLog.append(
            AuditEvent(action: "token.revoke", objectType: "api_token", objectID: id.uuidString.lowercased(), summary: "revoked token \(token.name)"),
            by: unitActor, at: now, on: database
        )
    }

    public static func activeToken(secret: String, now: Date, on database: any Database) async throws -> APIToken? {
        guard secret.hasPrefix(tokenPrefix), secret.count <= 128,
              let token = try await APIToken.query(on: database).filter(\.$tokenHash == sha256Hex(secret)).first()
        else { return nil }
        if token.revokedAt != nil || token.awaitingApproval { return nil }
        if let expiresAt = token.expiresAt, expiresAt <= now { return nil }
        if let accountID = token.$createdBy.id {
            guard let account = try await Account.find(accountID, on: database), account.isActive else { return nil }
            if let changed = account.passwordChangedAt, changed > token.createdAt { return nil }
        }
        return token
    }

    // MARK: Throttling

    /// The key an account's failures count against: the account itself once it is found, whichever identifier was typed
    /// and in whatever case; a name that finds no account counts against the name.
    public static func throttleKey(for account: Account?, typed name: String) throws -> String {
        if let account { return "account:" + (try account.requireID()).uuidString.lowercased() }
        return "name:" + name.lowercased()
    }

    /// When `key` may try to sign in again, or nil if it may now.
    public static func lockedUntil(key: String, rule: SignInThrottleRule, now: Date, on database: any Database) async throws -> Date? {
        try await lockedUntil([(key, rule)], now: now, on: database)
    }

    /// The latest end of a lock on any of `keys`, each under its rule, read in one query.
    public static func lockedUntil(_ keys: [(key: String, rule: SignInThrottleRule)], now: Date, on database: any Database) async throws -> Date? {
        let rows = try await SignInThrottle.query(on: database).filter(\.$key ~~ keys.map(\.key)).all()
        let states = Dictionary(rows.map { ($0.key, $0.state) }, uniquingKeysWith: { first, _ in first })
        return keys.compactMap { key, rule in rule.lockedUntil(states[key], now: now) }.max()
    }

    public static func recordFailedSignIn(key: String, rule: SignInThrottleRule, now: Date, on database: any Database) async throws {
        try await recordFailure(key: key, rule: rule, now: now, on: database)
    }

    /// Counts one failure (a wrong password, a wrong query code) against `key`. Call inside a transaction: the row is
    /// made if missing without a unique-key clash (`ON CONFLICT DO NOTHING`, SQLite and PostgreSQL alike) and, on
    /// PostgreSQL, locked before it is read, so that concurrent failures from several nodes are all counted.
    public static func recordFailure(key: String, rule: SignInThrottleRule, now: Date, on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.insert(into: SignInThrottle.schema)
                .columns("id", "key", "failures", "window_started_at")
                .values(SQLBind(Effects.current.newID()), SQLBind(key), SQLBind(0), SQLBind(now))
                .ignoringConflicts(with: ["key"])
                .run()
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT 1 FROM \(ident: SignInThrottle.schema) WHERE \(ident: "key") = \(bind: key) FOR UPDATE").run()
            }
        }
        let existing = try await SignInThrottle.query(on: database).filter(\.$key == key).first()
        let row = existing ?? SignInThrottle(key: key, now: now)
        let next = rule.recordingFailure(existing.flatMap { $0.failures == 0 ? nil : $0.state }, now: now)
        row.failures = next.failures
        row.windowStartedAt = next.windowStartedAt
        row.lockedUntil = next.lockedUntil
        try await row.save(on: database)
    }

    public static func clearFailedSignIns(key: String, on database: any Database) async throws {
        try await SignInThrottle.query(on: database).filter(\.$key == key).delete()
    }
}

extension SignInThrottle {
    var state: SignInThrottleRule.State {
        SignInThrottleRule.State(failures: failures, windowStartedAt: windowStartedAt, lockedUntil: lockedUntil)
    }
}
