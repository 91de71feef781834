import Foundation

/// One entry of the append-only audit log, as it is hashed. Every state change writes one, in the same
/// transaction as the change (DESIGN.md: "Every write is attributed and recorded").
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int
    public var occurredAt: Date
    public var actorID: String?
    public var actorName: String
    public var role: String?
    public var unitID: String?
    public var action: String
    public var objectType: String
    public var objectID: String
    public var summary: String
    public var requestID: String?
    public var clientAddress: String?
    public var previousHash: String

    public init(
        sequence: Int, occurredAt: Date, actorID: String?, actorName: String, role: String?, unitID: String?,
        action: String, objectType: String, objectID: String, summary: String, requestID: String?,
        clientAddress: String?, previousHash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorName = actorName
        self.role = role
        self.unitID = unitID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.summary = summary
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.previousHash = previousHash
    }

    /// Milliseconds since 1970: both databases keep at least this precision, so a stored entry hashes the
    /// same after a round trip.
    public var occurredAtMilliseconds: Int64 { Int64((occurredAt.timeIntervalSince1970 * 1000).rounded()) }

    /// The bytes that are hashed: a version tag, then every field length-prefixed, so no choice of field
    /// contents can make two different entries encode alike. Absent values encode as `-`, present as `+len:value`.
    public var canonicalEncoding: [UInt8] {
        var out = Array("govhall-audit-v1".utf8)
        func field(_ value: String?) {
            guard let value else {
                out.append(UInt8(ascii: "-"))
                return
            }
            let bytes = Array(value.utf8)
            out.append(contentsOf: Array("+\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
        }
        field(String(sequence))
        field(String(occurredAtMilliseconds))
        field(actorID)
        field(actorName)
        field(role)
        field(unitID)
        field(action)
        field(objectType)
        field(objectID)
        field(summary)
        field(requestID)
        field(clientAddress)
        field(previousHash)
        return out
    }

    /// Dates are truncated to what the hash covers before they are stored.
    public static func storableInstant(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
