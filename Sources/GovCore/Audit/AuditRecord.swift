import Foundation

/// One entry of the append-only audit log, as it is hashed. Every state change writes one, in the same
/// transaction as the change (DESIGN.md: "Every write is attributed and recorded").
public struct AuditRecord: ChainLink, Equatable {
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
    /// The id of the installation's audit MAC key that seals this entry, or `nil` for an entry from before entries were
    /// keyed (issue 20, item 5), whose hash is plain SHA-256. Part of the sealed bytes, so it cannot be changed alone.
    public var macKeyID: String?

    public init(
        sequence: Int, occurredAt: Date, actorID: String?, actorName: String, role: String?, unitID: String?,
        action: String, objectType: String, objectID: String, summary: String, requestID: String?,
        clientAddress: String?, previousHash: String, macKeyID: String? = nil
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
        self.macKeyID = macKeyID
    }

    /// Milliseconds since 1970: both databases keep at least this precision, so a stored entry hashes the
    /// same after a round trip.
    public var occurredAtMilliseconds: Int64 { Int64((occurredAt.timeIntervalSince1970 * 1000).rounded()) }

    /// The bytes that are hashed (see ``CanonicalFields``): version 1 (plain SHA-256) for unkeyed entries, unchanged so
    /// that entries written before keep verifying; version 2, which also names the MAC key, for keyed ones. The tags
    /// differ, so no entry's bytes under one version are another entry's bytes under the other.
    public var canonicalEncoding: [UInt8] {
        var out = CanonicalFields(tag: macKeyID == nil ? "govhall-audit-v1" : "govhall-audit-v2")
        let values: [String?] = [
            String(sequence), String(occurredAtMilliseconds), actorID, actorName, role, unitID, action, objectType, objectID, summary,
            requestID, clientAddress, previousHash,
        ]
        for value in values {
            out.add(value)
        }
        if let macKeyID { out.add(macKeyID) }
        return out.bytes
    }

    /// Dates are truncated to what the hash covers before they are stored.
    public static func storableInstant(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

/// A version tag, then every field length-prefixed, so no choice of field contents can make two different records encode
/// alike. Absent values encode as `-`, present as `+len:value`.
public struct CanonicalFields: Sendable {
    public private(set) var bytes: [UInt8]

    public init(tag: String) { bytes = Array(tag.utf8) }

    public mutating func add(_ value: String?) {
        guard let value else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        let utf8 = Array(value.utf8)
        bytes.append(contentsOf: Array("+\(utf8.count):".utf8))
        bytes.append(contentsOf: utf8)
    }
}
