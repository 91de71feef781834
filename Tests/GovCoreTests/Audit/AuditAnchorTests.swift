import Foundation
import GovCore
import Testing

/// The inspection that names tampering (issue 20, item 5), on chains built in memory. A stand-in digest and a stand-in
/// keyed digest are enough: the naming logic is under test; GovStore's tests use SHA-256, HMAC and Ed25519.
@Suite("Audit anchor")
struct AuditAnchorTests {
    static let digest = AuditChainTests.digest
    /// "MAC" under key `k1`: the digest of a secret prefix and the bytes. Any other key id is unknown.
    static let seal = AuditChain.Seal(plain: digest, keyed: { keyID, bytes in keyID == "k1" ? digest(Array("secret".utf8) + bytes) : nil })
    /// What an intruder without the key can compute: a keyed digest under a key of their own.
    static let forged: @Sendable ([UInt8]) -> String = { digest(Array("guess".utf8) + $0) }

    static func record(_ sequence: Int, previous: String, keyed: Bool = true) -> AuditRecord {
        AuditRecord(
            sequence: sequence, occurredAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(sequence)), actorID: nil,
            actorName: "系统", role: nil, unitID: nil, action: "a", objectType: "o", objectID: "\(sequence)",
            summary: "s\(sequence)", requestID: nil, clientAddress: nil, previousHash: previous, macKeyID: keyed ? "k1" : nil
        )
    }

    /// `unkeyed` entries from before the key, then keyed ones, to `count`.
    static func chain(_ count: Int, unkeyed: Int = 0) -> [AuditChain.StoredEntry] {
        var previous = AuditChain.genesisHash
        return (1...count).map { sequence in
            let record = record(sequence, previous: previous, keyed: sequence > unkeyed)
            let hash = seal.expected(for: record)!
            previous = hash
            return AuditChain.StoredEntry(record: record, hash: hash)
        }
    }

    static func checkpoint(_ entries: [AuditChain.StoredEntry], at sequence: Int) -> AuditAnchor.Checkpoint {
        AuditAnchor.Checkpoint(sequence: sequence, hash: entries[sequence - 1].hash, at: Date(timeIntervalSince1970: 1_800_000_100),
                               node: "n1", keyID: "e1", signature: "c2ln")
    }

    static func inspect(_ entries: [AuditChain.StoredEntry], head: (Int, String)? = nil, checkpoints: [AuditAnchor.Checkpoint]) -> [AuditAnchor.Finding] {
        var inspection = AuditAnchor.Inspection(seal: seal, checkpoints: checkpoints)
        entries.forEach { inspection.feed($0) }
        let (sequence, hash) = head ?? (entries.last?.record.sequence ?? 0, entries.last?.hash ?? AuditChain.genesisHash)
        return inspection.finish(headSequence: sequence, headHash: hash).findings
    }

    /// Rewrites entries after `after` as an intruder would: new content, every hash recomputed with `hash`, each link to
    /// the hash before, and (with `unkeyed`) the key id dropped so that plain SHA-256 would do.
    static func rewrite(_ entries: [AuditChain.StoredEntry], after: Int, unkeyed: Bool, hash: @Sendable ([UInt8]) -> String) -> [AuditChain.StoredEntry] {
        var result = Array(entries.prefix(after))
        var previous = entries[after - 1].hash
        for var entry in entries.dropFirst(after) {
            entry.record.summary += " (rewritten)"
            entry.record.previousHash = previous
            if unkeyed { entry.record.macKeyID = nil }
            entry.hash = hash(entry.record.canonicalEncoding)
            previous = entry.hash
            result.append(entry)
        }
        return result
    }

    @Test("an untouched chain with its checkpoints is intact; so is one that began before entries were keyed")
    func intact() {
        let entries = Self.chain(12)
        #expect(Self.inspect(entries, checkpoints: [Self.checkpoint(entries, at: 5), Self.checkpoint(entries, at: 12)]).isEmpty)
        let upgraded = Self.chain(12, unkeyed: 4)
        #expect(upgraded[3].record.macKeyID == nil && upgraded[4].record.macKeyID == "k1")
        #expect(Self.inspect(upgraded, checkpoints: [Self.checkpoint(upgraded, at: 3), Self.checkpoint(upgraded, at: 10)]).isEmpty)
        #expect(Self.inspect([], checkpoints: []).isEmpty)
    }

    @Test("1. one entry edited: named as that entry altered")
    func edited() {
        var entries = Self.chain(12)
        entries[6].record.summary = "nothing happened"
        let findings = Self.inspect(entries, checkpoints: [Self.checkpoint(entries, at: 12)])
        #expect(findings == [.altered(sequence: 7)])
        #expect(findings[0].message.hasPrefix("entry #7 altered"))
    }

    @Test("2. tail deleted, head row left: the cut is named against the checkpoint and the head row")
    func tailDeleted() {
        let entries = Self.chain(12)
        let checkpoint = Self.checkpoint(entries, at: 12)
        let findings = Self.inspect(Array(entries.prefix(9)), head: (12, entries[11].hash), checkpoints: [checkpoint])
        #expect(findings == [.tailDeleted(after: 9, checkpoint: checkpoint, headSequence: 12)])
        #expect(findings[0].message.hasPrefix("tail deleted after #9 (checkpoint of #12"))
    }

    @Test("3. tail deleted and head moved: a consistent chain, caught only by the checkpoint")
    func tailDeletedHeadMoved() {
        let entries = Self.chain(12)
        let checkpoint = Self.checkpoint(entries, at: 11)
        let cut = Array(entries.prefix(9))
        // Without the anchor the shortened chain is indistinguishable from a real one.
        #expect(Self.inspect(cut, checkpoints: []).isEmpty)
        #expect(Self.inspect(cut, checkpoints: [checkpoint]) == [.tailDeleted(after: 9, checkpoint: checkpoint, headSequence: nil)])
    }

    @Test("4. everything after entry N rewritten without the key: a MAC mismatch from N+1, however it was re-hashed")
    func rewritten() {
        let entries = Self.chain(12)
        // Down to plain SHA-256, which needs no key: keyed entries never go back to unkeyed ones.
        let plain = Self.rewrite(entries, after: 6, unkeyed: true, hash: Self.digest)
        #expect(Self.inspect(plain, checkpoints: []) == [.macMismatch(from: 7, through: 12)])
        // Keeping the key id with a key of one's own.
        let guessed = Self.rewrite(entries, after: 6, unkeyed: false, hash: Self.forged)
        #expect(Self.inspect(guessed, checkpoints: []) == [.macMismatch(from: 7, through: 12)])
        // And a checkpoint in the rewritten run no longer matches.
        let checkpoint = Self.checkpoint(entries, at: 9)
        #expect(Self.inspect(guessed, checkpoints: [checkpoint]) == [.macMismatch(from: 7, through: 12), .checkpointMismatch(checkpoint)])
        #expect(Self.inspect(guessed, checkpoints: [])[0].message.hasPrefix("MAC mismatch from #7"))
    }

    @Test("5. table truncated: no entries where a checkpoint says there were")
    func truncated() {
        let entries = Self.chain(12)
        let checkpoint = Self.checkpoint(entries, at: 12)
        #expect(Self.inspect([], head: (0, AuditChain.genesisHash), checkpoints: [checkpoint]) == [.truncated(checkpoint: checkpoint, headSequence: 0)])
        #expect(Self.inspect([], head: (12, entries[11].hash), checkpoints: []) == [.truncated(checkpoint: nil, headSequence: 12)])
        #expect(Self.inspect([], head: (0, AuditChain.genesisHash), checkpoints: [checkpoint])[0].message.hasPrefix("table truncated"))
    }

    @Test("6. two entries reordered: named at the first of them, not as edits")
    func reordered() {
        let entries = Self.chain(12)
        for first in [1, 5, 11] {
            var swapped = entries
            swapped[first - 1] = entries[first]
            swapped[first] = entries[first - 1]
            swapped[first - 1].record.sequence = first
            swapped[first].record.sequence = first + 1
            let findings = Self.inspect(swapped, checkpoints: [])
            #expect(findings == [.reordered(at: first, with: first + 1)], "swap at \(first)")
            #expect(findings.first?.message.hasPrefix("entries reordered at #\(first)") == true)
        }
    }

    @Test("deletions from the middle, a moved head and a re-link are each named too")
    func otherDamage() {
        let entries = Self.chain(12)
        var gap = entries
        gap.removeSubrange(3...4)
        #expect(Self.inspect(gap, checkpoints: [Self.checkpoint(entries, at: 5)]) == [.deleted(from: 4, through: 5)])
        #expect(Self.inspect(entries, head: (12, "f00"), checkpoints: []) == [.headAltered(sequence: 12)])
        #expect(Self.inspect(Self.chain(12), checkpoints: []).isEmpty)
        var unknown = entries
        unknown[8].record.macKeyID = "k9"
        #expect(Self.inspect(unknown, checkpoints: []).contains(.unknownKey(from: 9, keyID: "k9")))
    }

    @Test("a checkpoint line round-trips, and its signed bytes cover every field but the signature")
    func checkpointLine() throws {
        let checkpoint = AuditAnchor.Checkpoint(sequence: 812, hash: String(repeating: "ab", count: 32), at: Date(timeIntervalSince1970: 1_800_000_000.5),
                                                node: "host:1:abc", keyID: "0123456789abcdef", signature: "c2ln")
        #expect(!checkpoint.line.contains("\n"))
        #expect(AuditAnchor.Checkpoint(line: checkpoint.line) == checkpoint)
        #expect(AuditAnchor.Checkpoint(line: "not json") == nil)
        var other = checkpoint
        other.signature = "b3RoZXI="
        #expect(other.signedBytes == checkpoint.signedBytes)
        for change in [{ (c: inout AuditAnchor.Checkpoint) in c.sequence += 1 }, { $0.hash = "cd" }, { $0.atMilliseconds += 1 }, { $0.node = "x" }, { $0.keyID = "y" }] {
            var changed = checkpoint
            change(&changed)
            #expect(changed.signedBytes != checkpoint.signedBytes)
        }
    }
}
