import FluentKit
import Foundation
import GovCore

/// A person who signs in: staff of a unit, a citizen (自然人) or an enterprise (法人).
public final class Account: Model, @unchecked Sendable {
    public static let schema = "accounts"

    @ID(key: .id) public var id: UUID?
    @Enum(key: "kind") public var kind: AccountKind
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    /// 居民身份证号 (citizens), validated per GB 11643 before it is stored.
    @OptionalField(key: "resident_id") public var residentID: String?
    /// 统一社会信用代码 (enterprises), validated per GB 32100 before it is stored.
    @OptionalField(key: "credit_code") public var creditCode: String?
    @OptionalField(key: "phone") public var phone: String?
    /// Where the e-mail notifier sends supervision notices, if anywhere.
    @OptionalField(key: "email") public var email: String?
    /// The unit a staff member belongs to.
    @OptionalParent(key: "unit_id") public var unit: OrganisationUnit?
    @Field(key: "is_active") public var isActive: Bool
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "password_changed_at") public var passwordChangedAt: Date?

    @Children(for: \.$account) public var roles: [RoleAssignment]

    /// Only for a loaded account (it has its id).
    public var profile: AccountProfile {
        AccountProfile(
            id: id!, kind: kind, username: username, displayName: displayName, residentID: residentID,
            creditCode: creditCode, phone: phone, email: email, unitID: $unit.id, isActive: isActive
        )
    }

    public var properties: [any AnyProperty] {
        [
            $id, $kind, $username, $displayName, $passwordHash, $residentID, $creditCode, $phone, $email, $unit, $isActive, $version,
            $createdAt, $passwordChangedAt, $roles,
        ]
    }
    public init() {}

    public init(
        id: UUID = Effects.current.newID(), kind: AccountKind, username: String, displayName: String, passwordHash: String,
        residentID: String? = nil, creditCode: String? = nil, phone: String? = nil, unitID: UUID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.residentID = residentID
        self.creditCode = creditCode
        self.phone = phone
        self.$unit.id = unitID
        self.isActive = true
        self.version = 1
    }
}

/// A role held by an account on a unit (and, where `includesSubtree`, on everything below it).
public final class RoleAssignment: Model, @unchecked Sendable {
    public static let schema = "role_assignments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "account_id") public var account: Account
    @Enum(key: "role") public var role: Role
    @Parent(key: "unit_id") public var unit: OrganisationUnit
    @Field(key: "includes_subtree") public var includesSubtree: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// A grant that watches the administrators, asked for and not yet approved by a second one: it gives nothing yet.
    @Field(key: "awaiting_approval") public var awaitingApproval: Bool
    /// The administrator who asked for a grant that needed approval.
    @OptionalField(key: "requested_by") public var requestedBy: UUID?

    public var properties: [any AnyProperty] {
        [
            $id, $account, $role, $unit, $includesSubtree, $createdAt, $awaitingApproval, $requestedBy,
        ]
    }
    public init() {}

    public init(
        id: UUID = Effects.current.newID(), accountID: UUID, role: Role, unitID: UUID, includesSubtree: Bool, awaitingApproval: Bool = false,
        requestedBy: UUID? = nil
    ) {
        self.id = id
        self.$account.id = accountID
        self.role = role
        self.$unit.id = unitID
        self.includesSubtree = includesSubtree
        self.awaitingApproval = awaitingApproval
        self.requestedBy = requestedBy
    }
}

extension ApplicantDetails {
    /// The applicant of an online application: the signed-in account itself.
    public init(account: AccountProfile) {
        let identity = account.identity
        self.init(accountID: account.id, kind: identity.kind, name: identity.name, identifier: identity.identifier, phone: account.phone)
    }
}

extension AccountProfile {
    /// Who this account is, as an online application's own name and identifier must say.
    public var identity: AccountIdentity {
        AccountIdentity(kind: kind, name: displayName, identifier: residentID ?? creditCode ?? username)
    }
}
