import Foundation

/// Anchors the audit chain outside the database (issue 20, item 5). A hash chain alone proves only that its entries
/// agree with each other: whoever can write the database can delete the tail and move the head, or edit an entry and
/// recompute every later hash. Two things held elsewhere close that:
///
/// - every entry is sealed with an HMAC whose key lives in `keys/`, never in the database (``AuditChain/Seal``), so
///   later hashes cannot be recomputed without it;
/// - signed checkpoints of the head (sequence, hash, time), appended to a file outside the database and to the log,
///   so a chain that lost its tail, or was rewritten from before a checkpoint, no longer contains what was signed.
///
/// This is the tamper evidence of GB/T 22239-2019 (等级保护 2.0) 8.1.4.3 c), "应对审计记录进行保护，定期备份，避免受到未预期的
/// 删除、修改或覆盖等", for a log the database's own users could otherwise rewrite.
public enum AuditAnchor {
    /// One signed checkpoint: the chain's head as verified at a moment, signed with the installation's Ed25519 key.
    public struct Checkpoint: Sendable, Equatable, Codable {
        public static let tag = "govhall-audit-checkpoint-v1"

        public var sequence: Int
        public var hash: String
        /// Milliseconds since 1970, as signed.
        public var atMilliseconds: Int64
        /// The node that wrote it (several nodes may share one PostgreSQL, each with its own file).
        public var node: String
        /// The signing key's id and the base64 signature over ``signedBytes``.
        public var keyID: String
        public var signature: String

        public init(sequence: Int, hash: String, at: Date, node: String, keyID: String = "", signature: String = "") {
            self.sequence = sequence
            self.hash = hash
            self.atMilliseconds = Int64((at.timeIntervalSince1970 * 1000).rounded(.down))
            self.node = node
            self.keyID = keyID
            self.signature = signature
        }

        public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }

        /// What is signed: every field but the signature, length-prefixed, under the checkpoint's own tag (so no
        /// certificate's signed bytes can pass for a checkpoint's, nor the other way round).
        public var signedBytes: [UInt8] {
            var out = CanonicalFields(tag: Self.tag)
            for value in [String(sequence), hash, String(atMilliseconds), node, keyID] { out.add(value) }
            return out.bytes
        }

        enum CodingKeys: String, CodingKey {
            case sequence = "seq", hash, atMilliseconds = "at_ms", node, keyID = "key", signature = "sig"
        }

        /// One line of the anchor file: JSON with sorted keys, no newline.
        public var line: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        }

        public init?(line: String) {
            guard let decoded = try? JSONDecoder().decode(Checkpoint.self, from: Data(line.utf8)) else { return nil }
            self = decoded
        }

        /// For messages: `#812 of 2026-11-20T02:00:00Z`.
        public var label: String {
            "#\(sequence) of \(at.formatted(.iso8601))"
        }
    }

    /// What an inspection of the chain against its anchor found, each named as the damage it shows.
    public enum Finding: Sendable, Equatable {
        /// One entry's content no longer matches its seal, while its neighbours do: it was edited in place.
        case altered(sequence: Int)
        /// A run of entries none of which carries its key's MAC: rewritten (and re-hashed) without the key.
        case macMismatch(from: Int, through: Int)
        /// Keyed with a key `keys/` does not hold: cannot be checked (a lost key, or a forged key id).
        case unknownKey(from: Int, keyID: String)
        /// Two entries stand in each other's place.
        case reordered(at: Int, with: Int)
        /// Entries missing from the middle of the chain.
        case deleted(from: Int, through: Int)
        /// An entry does not name the hash of the entry before it, and nothing above explains why.
        case relinked(sequence: Int)
        /// The chain ends at `after`, but a checkpoint (or the head row) says it went further.
        case tailDeleted(after: Int, checkpoint: Checkpoint?, headSequence: Int?)
        /// No entries at all, where a checkpoint (or the head row) says there were.
        case truncated(checkpoint: Checkpoint?, headSequence: Int)
        /// The head row names another hash than the last entry's.
        case headAltered(sequence: Int)
        /// The entry at a checkpoint's sequence has another hash than the one signed.
        case checkpointMismatch(Checkpoint)
        /// A line of the anchor file whose signature does not verify, or that is not a checkpoint at all.
        case badSignature(line: Int)
        case unreadableLine(line: Int)

        /// The first entry concerned, for "BROKEN at entry #…" (0 for the anchor file's own damage).
        public var sequence: Int {
            switch self {
            case let .altered(sequence), let .relinked(sequence), let .headAltered(sequence): sequence
            case let .macMismatch(from, _), let .unknownKey(from, _), let .deleted(from, _): from
            case let .reordered(at, _): at
            case let .tailDeleted(after, _, _): after + 1
            case .truncated: 1
            case let .checkpointMismatch(checkpoint): checkpoint.sequence
            case .badSignature, .unreadableLine: 0
            }
        }

        public var message: String {
            switch self {
            case let .altered(sequence):
                "entry #\(sequence) altered (its content no longer matches its seal; the entries around it do)"
            case let .macMismatch(from, through):
                "MAC mismatch from #\(from) through #\(through): \(through - from + 1) entries rewritten without the audit key"
            case let .unknownKey(from, keyID):
                "entries from #\(from) are sealed with audit key \(keyID), which keys/ does not hold: restore keys/ with the database"
            case let .reordered(at, with):
                "entries reordered at #\(at) (#\(at) and #\(with) stand in each other's place)"
            case let .deleted(from, through):
                from == through ? "entry #\(from) deleted from the middle of the chain" : "entries #\(from)–#\(through) deleted from the middle of the chain"
            case let .relinked(sequence):
                "entry #\(sequence) does not name the hash of the entry before it (the chain was re-linked)"
            case let .tailDeleted(after, checkpoint, headSequence):
                "tail deleted after #\(after) ("
                    + [checkpoint.map { "checkpoint of \($0.label) names entries the chain no longer has" },
                       headSequence.map { "the head row records #\($0)" }].compactMap { $0 }.joined(separator: "; ") + ")"
            case let .truncated(checkpoint, headSequence):
                "table truncated: no entries left, where "
                    + (checkpoint.map { "the checkpoint of \($0.label) signed entry #\($0.sequence)" } ?? "the head row records #\(headSequence)")
            case let .headAltered(sequence):
                "the head row's hash is not entry #\(sequence)'s (the head was moved)"
            case let .checkpointMismatch(checkpoint):
                "entry #\(checkpoint.sequence) is not the one its checkpoint of \(checkpoint.label) signed (rewritten since)"
            case let .badSignature(line):
                "anchor line \(line): the signature does not verify (the anchor file was edited)"
            case let .unreadableLine(line):
                "anchor line \(line) is not a checkpoint (the anchor file was edited)"
            }
        }
    }

    /// The result of an inspection.
    public struct Report: Sendable, Equatable {
        public var entries: Int
        public var lastSequence: Int
        public var lastHash: String
        public var checkpoints: Int
        public var newestCheckpoint: Checkpoint?
        public var findings: [Finding]

        public var isIntact: Bool { findings.isEmpty }
    }

    /// Walks a chain in sequence order against its checkpoints and names every kind of damage it finds, not only the
    /// first break: an edited entry, a rewritten run, a reordering, a gap, a cut tail and a truncated table each leave
    /// their own pattern. Streaming: memory stays bounded by a window of recent entries, whatever the chain's length.
    public struct Inspection: Sendable {
        private let seal: AuditChain.Seal
        private let checkpoints: [Checkpoint]
        private var nextCheckpoint = 0
        private var findings: [Finding] = []
        private var entries = 0
        private var lastSequence = 0
        private var lastHash = AuditChain.genesisHash
        private var keyed = false
        private var unknownKeys: Set<String> = []
        /// Entries whose seal does not verify, in order; classified into edits and rewritten runs at the end.
        private var sealFailures: [Int] = []
        /// Entries whose link fails and is not (yet) explained by a reordering.
        private var linkFailures: [Int] = []
        /// Stored hash → sequence of recent entries, and the hashes claimed as predecessors by entries whose link failed.
        private var recent: [String: Int] = [:]
        private var recentOrder: [String] = []
        private var claims: [String: Int] = [:]
        private var reordered: Set<Int> = []
        private static let window = 4096

        /// `checkpoints` must already have passed their signature check.
        public init(seal: AuditChain.Seal, checkpoints: [Checkpoint]) {
            self.seal = seal
            // The same head may be anchored more than once (at each start, by `govhall audit anchor`): one suffices.
            var seen: Set<String> = []
            self.checkpoints = checkpoints.sorted { ($0.sequence, $0.atMilliseconds) < ($1.sequence, $1.atMilliseconds) }
                .filter { seen.insert("\($0.sequence):\($0.hash)").inserted }
        }

        public mutating func feed(_ entry: AuditChain.StoredEntry) {
            let record = entry.record
            let sequence = record.sequence
            var gap = false
            if sequence > lastSequence + 1 {
                findings.append(.deleted(from: lastSequence + 1, through: sequence - 1))
                gap = true
            }
            // Checkpoints of entries deleted in a gap are covered by the gap's finding.
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].sequence < sequence { nextCheckpoint += 1 }
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].sequence == sequence {
                if checkpoints[nextCheckpoint].hash != entry.hash { findings.append(.checkpointMismatch(checkpoints[nextCheckpoint])) }
                nextCheckpoint += 1
            }

            if keyed, record.macKeyID == nil {
                sealFailures.append(sequence)
            } else if let expected = seal.expected(for: record) {
                if expected != entry.hash { sealFailures.append(sequence) }
            } else if let keyID = record.macKeyID, !unknownKeys.contains(keyID) {
                unknownKeys.insert(keyID)
                findings.append(.unknownKey(from: sequence, keyID: keyID))
            }
            keyed = keyed || record.macKeyID != nil

            // An entry that an earlier entry claimed as its predecessor: the two are out of order.
            if let claimant = claims.removeValue(forKey: entry.hash) {
                reordered.formUnion([claimant, sequence])
                linkFailures.removeAll { $0 == claimant }
                findings.append(.reordered(at: claimant, with: sequence))
            }
            if !gap, record.previousHash != lastHash {
                if let predecessor = recent[record.previousHash], predecessor != sequence - 1,
                   reordered.contains(predecessor) || reordered.contains(predecessor + 1) {
                    // Follows an entry that was moved: explained by the reordering found already.
                    reordered.insert(sequence)
                } else if let predecessor = recent[record.previousHash], predecessor != sequence - 1 {
                    reordered.formUnion([predecessor + 1, sequence])
                    findings.append(.reordered(at: predecessor + 1, with: sequence))
                } else {
                    claims[record.previousHash] = sequence
                    if linkFailures.count < 1000 { linkFailures.append(sequence) }
                }
            }

            recent[entry.hash] = sequence
            recentOrder.append(entry.hash)
            if recentOrder.count > Self.window {
                recent.removeValue(forKey: recentOrder.removeFirst())
            }
            if claims.count > Self.window { claims.removeAll() }
            entries += 1
            lastSequence = sequence
            lastHash = entry.hash
        }

        /// `headSequence` and `headHash`: the head row, as read before the walk.
        public func finish(headSequence: Int, headHash: String) -> Report {
            var findings = self.findings
            // Seal failures: a lone one is an edit; consecutive ones a rewritten run. Entries found reordered carry
            // the wrong sequence in their sealed bytes and are named by the reordering already.
            var runs: [(from: Int, through: Int)] = []
            for sequence in sealFailures where !reordered.contains(sequence) {
                if let last = runs.last, last.through == sequence - 1 {
                    runs[runs.count - 1].through = sequence
                } else {
                    runs.append((sequence, sequence))
                }
            }
            var inRun: [ClosedRange<Int>] = []
            for run in runs {
                findings.append(run.from == run.through ? .altered(sequence: run.from) : .macMismatch(from: run.from, through: run.through))
                inRun.append(run.from...run.through)
            }
            // A broken link at an entry that was itself altered, or just after one whose hash was recomputed, is part
            // of that damage; any other is a re-link of its own.
            for sequence in linkFailures where !reordered.contains(sequence) {
                if inRun.contains(where: { $0.contains(sequence) || $0.contains(sequence - 1) }) { continue }
                findings.append(.relinked(sequence: sequence))
            }

            let beyond = checkpoints.last { $0.sequence > lastSequence }
            if entries == 0 {
                if beyond != nil || headSequence > 0 { findings.append(.truncated(checkpoint: beyond, headSequence: headSequence)) }
            } else if beyond != nil || headSequence > lastSequence {
                findings.append(.tailDeleted(after: lastSequence, checkpoint: beyond, headSequence: headSequence > lastSequence ? headSequence : nil))
            } else if headSequence == lastSequence, headHash != lastHash {
                findings.append(.headAltered(sequence: lastSequence))
            }
            findings.sort { $0.sequence < $1.sequence }
            return Report(entries: entries, lastSequence: lastSequence, lastHash: lastHash, checkpoints: checkpoints.count,
                          newestCheckpoint: checkpoints.max { $0.sequence < $1.sequence }, findings: findings)
        }
    }
}
