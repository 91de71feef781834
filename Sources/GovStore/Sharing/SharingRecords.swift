import FluentKit
import Foundation
import GovCore

/// A resource of the catalog (政务信息资源目录): the provider, the fields, the sharing class and scope.
public final class SharingResourceRecord: Model, @unchecked Sendable {
    public static let schema = "sharing_resources"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    @Field(key: "sharing_class") public var sharingClass: String
    @OptionalField(key: "legal_basis") public var legalBasis: String?
    @Field(key: "frequency") public var frequency: String
    @Field(key: "provision") public var provision: String
    @OptionalField(key: "subject_field") public var subjectField: String?
    @Field(key: "fields_json") public var fieldsJSON: String
    /// Unit paths that may ask, as a JSON array; empty for every government unit.
    @Field(key: "scope_json") public var scopeJSON: String
    /// Where its records come from: `records` (loaded with it, ``SharingDataRecord``) or a base registry
    /// (`registry:legal_entity`, see ``RegistryKind/sourceName``).
    @Field(key: "source") public var source: String
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $code, $unitID, $unitPath, $name, $description, $sharingClass, $legalBasis, $frequency, $provision, $subjectField,
            $fieldsJSON, $scopeJSON, $source, $version, $createdAt, $updatedAt,
        ]
    }
    public init() {}

    public var definition: SharingResourceDefinition {
        SharingResourceDefinition(
            code: code, name: name, description: description, fields: fields, subjectField: subjectField,
            sharingClass: SharingClass(rawValue: sharingClass) ?? .notShared, legalBasis: legalBasis,
            frequency: UpdateFrequency(rawValue: frequency) ?? .irregular, provision: ProvisionMethod(rawValue: provision) ?? .exchange)
    }

    public var fields: [ResourceField] { (try? JSONDecoder().decode([ResourceField].self, from: Data(fieldsJSON.utf8))) ?? [] }
    public var scopePaths: [String] { (try? JSONDecoder().decode([String].self, from: Data(scopeJSON.utf8))) ?? [] }
    public var registry: RegistryKind? { RegistryKind(sourceName: source) }

    public var gate: GateResource { GateResource(sharingClass: definition.sharingClass, fieldNames: fields.map(\.name), scopePaths: scopePaths) }
}

/// One record a resource serves through the exchange, keyed by whom it is about.
public final class SharingDataRecord: Model, @unchecked Sendable {
    public static let schema = "sharing_records"
    @ID(key: .id) public var id: UUID?
    @Field(key: "resource_id") public var resourceID: UUID
    @Field(key: "subject_key") public var subjectKey: String
    @Field(key: "values_json") public var valuesJSON: String
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] { [$id, $resourceID, $subjectKey, $valuesJSON, $updatedAt] }
    public init() {}

    public var values: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(valuesJSON.utf8))) ?? [:] }
}

/// A unit's request to use a resource (共享申请), or its challenge to a not-shared classification.
public final class SharingRequestRecord: Model, @unchecked Sendable {
    public static let schema = "sharing_requests"
    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "resource_id") public var resourceID: UUID
    @Field(key: "provider_unit_id") public var providerUnitID: UUID
    @Field(key: "provider_unit_path") public var providerUnitPath: String
    @Field(key: "requester_unit_id") public var requesterUnitID: UUID
    @Field(key: "requester_unit_path") public var requesterUnitPath: String
    @Field(key: "application_json") public var applicationJSON: String
    @Field(key: "state") public var state: String
    /// Set while the data management bureau decides a challenge.
    @OptionalField(key: "bureau_unit_id") public var bureauUnitID: UUID?
    @OptionalField(key: "bureau_unit_path") public var bureauUnitPath: String?
    @OptionalField(key: "challenge_outcome") public var challengeOutcome: String?
    @OptionalField(key: "challenge_reason") public var challengeReason: String?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "conditions") public var conditions: String?
    @OptionalField(key: "grant_id") public var grantID: UUID?
    @Field(key: "requested_by_name") public var requestedByName: String
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "reply_due") public var replyDue: Date?
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "version") public var version: Int
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] {
        [
            $id, $number, $resourceID, $providerUnitID, $providerUnitPath, $requesterUnitID, $requesterUnitPath, $applicationJSON, $state,
            $bureauUnitID, $bureauUnitPath, $challengeOutcome, $challengeReason, $reason, $conditions, $grantID, $requestedByName,
            $decidedByName, $decidedAt, $replyDue, $receivedAt, $version, $updatedAt,
        ]
    }
    public init() {}

    public var requestState: SharingRequestState { SharingRequestState(rawValue: state) ?? .withdrawn }
    /// Where the request sits, for ``SharingPolicy``.
    public var scope: SharingRequestScope {
        SharingRequestScope(requesterUnitPath: requesterUnitPath, providerUnitPath: providerUnitPath, bureauUnitPath: bureauUnitPath, state: requestState)
    }

    public var application: SharingApplication? { try? JSONDecoder().decode(SharingApplication.self, from: Data(applicationJSON.utf8)) }
}

/// A standing permission (授权) issued when a request is approved.
public final class SharingGrantRecord: Model, @unchecked Sendable {
    public static let schema = "sharing_grants"
    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "resource_id") public var resourceID: UUID
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "fields") public var fieldList: String
    @Field(key: "purpose_code") public var purposeCode: String
    @Field(key: "valid_from") public var validFrom: Date
    @Field(key: "valid_until") public var validUntil: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "revoked_reason") public var revokedReason: String?
    public var properties: [any AnyProperty] {
        [
            $id, $requestID, $resourceID, $unitID, $unitPath, $fieldList, $purposeCode, $validFrom, $validUntil, $revokedAt, $revokedReason,
        ]
    }
    public init() {}

    public var fields: [String] { fieldList.split(separator: ",").map(String.init) }

    public var terms: SharingGrantTerms {
        SharingGrantTerms(unitPath: unitPath, fields: fields, purposeCode: purposeCode, validUntil: validUntil, revokedAt: revokedAt)
    }
}

/// One line of the exchange's access log: append-only and hash-chained like the audit log, its own chain so a busy
/// exchange does not queue behind every other write.
public final class ExchangeAccessEntry: Model, @unchecked Sendable {
    public static let schema = "exchange_access_log"
    @ID(custom: "sequence", generatedBy: .user) public var id: Int?
    @Field(key: "occurred_at") public var occurredAt: Date
    @Field(key: "caller_unit_id") public var callerUnitID: String
    /// Not hashed, like ``AuditEntry/unitPath``: copies kept so scopes filter in SQL.
    @Field(key: "caller_unit_path") public var callerUnitPath: String
    @OptionalField(key: "provider_unit_path") public var providerUnitPath: String?
    @Field(key: "client_name") public var clientName: String
    @Field(key: "resource_code") public var resourceCode: String
    @Field(key: "fields") public var fieldList: String
    @OptionalField(key: "purpose_code") public var purposeCode: String?
    @OptionalField(key: "issue") public var issue: String?
    @OptionalField(key: "end_user") public var endUser: String?
    @OptionalField(key: "subject_digest") public var subjectDigest: String?
    /// Not hashed: the identifier masked, for the provider's and auditors' pages.
    @OptionalField(key: "subject_masked") public var subjectMasked: String?
    @Field(key: "outcome") public var outcome: String
    @Field(key: "result_count") public var resultCount: Int
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String
    public var properties: [any AnyProperty] {
        [
            $id, $occurredAt, $callerUnitID, $callerUnitPath, $providerUnitPath, $clientName, $resourceCode, $fieldList, $purposeCode,
            $issue, $endUser, $subjectDigest, $subjectMasked, $outcome, $resultCount, $previousHash, $hash,
        ]
    }
    public init() {}

    public var record: ExchangeAccessRecord {
        ExchangeAccessRecord(
            sequence: id ?? 0, occurredAt: occurredAt, callerUnitID: callerUnitID, clientName: clientName, resourceCode: resourceCode,
            fields: fieldList.isEmpty ? [] : fieldList.split(separator: ",").map(String.init), purposeCode: purposeCode, issue: issue,
            endUser: endUser, subjectDigest: subjectDigest, outcome: outcome, resultCount: resultCount, previousHash: previousHash)
    }
}

/// The access log's head: its last sequence and hash, locked by each append.
public final class ExchangeAccessHead: Model, @unchecked Sendable {
    public static let schema = "exchange_access_head"
    @ID(custom: "id", generatedBy: .user) public var id: Int?
    @Field(key: "last_sequence") public var lastSequence: Int
    @Field(key: "last_hash") public var lastHash: String
    public var properties: [any AnyProperty] { [$id, $lastSequence, $lastHash] }
    public init() {}
}
