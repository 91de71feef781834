import FluentKit
import Foundation
import GovCore

/// A stored audit log entry. Append-only: nothing in GovHall updates or deletes one.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(custom: "sequence", generatedBy: .user) public var id: Int?
    @Field(key: "occurred_at") public var occurredAt: Date
    @OptionalField(key: "actor_id") public var actorID: String?
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "role") public var role: String?
    @OptionalField(key: "unit_id") public var unitID: String?
    /// Not hashed: a copy of the unit's path at the time, so supervisors' scopes filter in SQL.
    @OptionalField(key: "unit_path") public var unitPath: String?
    @Field(key: "action") public var action: String
    @Field(key: "object_type") public var objectType: String
    @Field(key: "object_id") public var objectID: String
    @Field(key: "summary") public var summary: String
    @OptionalField(key: "request_id") public var requestID: String?
    @OptionalField(key: "client_address") public var clientAddress: String?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String
    /// The audit MAC key that sealed the entry; `nil` for entries from before migration 022 (plain SHA-256).
    @OptionalField(key: "mac_key_id") public var macKeyID: String?

    public var properties: [any AnyProperty] {
        [
            $id, $occurredAt, $actorID, $actorName, $role, $unitID, $unitPath, $action, $objectType, $objectID, $summary, $requestID,
            $clientAddress, $previousHash, $hash, $macKeyID,
        ]
    }
    public init() {}

    public var record: AuditRecord {
        AuditRecord(
            sequence: id ?? 0, occurredAt: occurredAt, actorID: actorID, actorName: actorName, role: role,
            unitID: unitID, action: action, objectType: objectType, objectID: objectID, summary: summary,
            requestID: requestID, clientAddress: clientAddress, previousHash: previousHash, macKeyID: macKeyID
        )
    }
}

/// The single row holding the chain's last sequence and hash. Writers lock it, which orders appends across
/// connections and app nodes, and verification compares it with the last entry to detect a cut tail.
public final class AuditChainHead: Model, @unchecked Sendable {
    public static let schema = "audit_chain_head"

    @ID(custom: "id", generatedBy: .user) public var id: Int?
    @Field(key: "last_sequence") public var lastSequence: Int
    @Field(key: "last_hash") public var lastHash: String

    public var properties: [any AnyProperty] { [$id, $lastSequence, $lastHash] }
    public init() {}
}
