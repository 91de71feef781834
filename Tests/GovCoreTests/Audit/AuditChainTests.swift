import Foundation
import GovCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    /// A stand-in digest is enough here: the chain logic is under test, not SHA-256 (GovStore tests use the real one).
    static let digest: @Sendable ([UInt8]) -> String = { bytes in
        var hash: UInt64 = 1469598103934665603
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        return String(hash, radix: 16)
    }

    static func chain(_ count: Int) -> [AuditChain.StoredEntry] {
        var previous = AuditChain.genesisHash
        return (1...count).map { sequence in
            let record = AuditRecord(
                sequence: sequence, occurredAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(sequence)), actorID: nil,
                actorName: "系统", role: nil, unitID: nil, action: "a", objectType: "o", objectID: "\(sequence)",
                summary: "s\(sequence)", requestID: nil, clientAddress: nil, previousHash: previous
            )
            let hash = digest(record.canonicalEncoding)
            previous = hash
            return AuditChain.StoredEntry(record: record, hash: hash)
        }
    }

    static func verify(_ entries: [AuditChain.StoredEntry], head: (Int, String)? = nil) -> AuditChain.Outcome {
        var verifier = AuditChain.Verifier(hash: digest)
        entries.forEach { verifier.feed($0) }
        let (sequence, hash) = head ?? (entries.last?.record.sequence ?? 0, entries.last?.hash ?? AuditChain.genesisHash)
        return verifier.finish(headSequence: sequence, headHash: hash)
    }

    @Test("an untouched chain is intact")
    func intact() {
        let entries = Self.chain(5)
        #expect(Self.verify(entries) == .intact(count: 5, lastHash: entries[4].hash))
    }

    @Test("each kind of tampering is named at the first entry that does not fit")
    func tampering() {
        let entries = Self.chain(5)
        let head = (5, entries[4].hash)
        var altered = entries
        altered[2].record.summary = "changed"
        #expect(Self.verify(altered, head: head) == .broken(sequence: 3, reason: .contentHashMismatch))

        var relinked = entries
        relinked[3].record.previousHash = entries[1].hash
        #expect(Self.verify(relinked, head: head) == .broken(sequence: 4, reason: .previousHashMismatch))

        var removed = entries
        removed.remove(at: 1)
        #expect(Self.verify(removed, head: head) == .broken(sequence: 3, reason: .sequenceGap(expected: 2)))

        #expect(Self.verify(Array(entries.prefix(4)), head: head) == .broken(sequence: 5, reason: .headMismatch))
    }

    @Test("the encoding separates fields: moving text between fields changes it")
    func unambiguousEncoding() {
        var a = Self.chain(1)[0].record
        var b = a
        a.action = "ab"
        a.objectType = "c"
        b.action = "a"
        b.objectType = "bc"
        #expect(a.canonicalEncoding != b.canonicalEncoding)
        var c = a
        c.requestID = ""
        #expect(a.canonicalEncoding != c.canonicalEncoding)   // absent differs from empty
    }

    @Test("stored instants hash the same after a round trip with sub-millisecond noise")
    func instants() {
        let stored = AuditRecord.storableInstant(Date(timeIntervalSince1970: 1_800_000_000.123_456_7))
        var record = Self.chain(1)[0].record
        record.occurredAt = stored
        var roundTripped = record
        roundTripped.occurredAt = stored.addingTimeInterval(0.000_000_4)
        #expect(record.canonicalEncoding == roundTripped.canonicalEncoding)
    }
}
