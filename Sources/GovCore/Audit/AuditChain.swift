/// One link of a hash chain: its place, the hash of the link before, and the bytes its own hash covers.
public protocol ChainLink: Sendable {
    var sequence: Int { get }
    var previousHash: String { get }
    var canonicalEncoding: [UInt8] { get }
}

/// Verifies a hash chain of audit entries: each entry's hash is SHA-256 over its canonical encoding, and each
/// entry names the hash of the one before. The hash function is passed in so GovCore stays Foundation-only.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    public struct StoredEntry: Sendable, Equatable {
        public var record: AuditRecord
        public var hash: String
        public init(record: AuditRecord, hash: String) {
            self.record = record
            self.hash = hash
        }
    }

    public enum Outcome: Sendable, Equatable {
        case intact(count: Int, lastHash: String)
        case broken(sequence: Int, reason: BreakReason)
    }

    public enum BreakReason: Sendable, Equatable {
        case sequenceGap(expected: Int)
        case previousHashMismatch
        case contentHashMismatch
        case headMismatch

        /// A stable name, to keep a verification's result.
        public var code: String {
            switch self {
            case let .sequenceGap(expected): "gap:\(expected)"
            case .previousHashMismatch: "previous_hash"
            case .contentHashMismatch: "content_hash"
            case .headMismatch: "head"
            }
        }

        public init?(code: String) {
            switch code {
            case "previous_hash": self = .previousHashMismatch
            case "content_hash": self = .contentHashMismatch
            case "head": self = .headMismatch
            default:
                guard code.hasPrefix("gap:"), let expected = Int(code.dropFirst(4)) else { return nil }
                self = .sequenceGap(expected: expected)
            }
        }
    }

    /// Streaming verifier: feed entries in sequence order; the first one that does not fit is reported.
    public struct Verifier: Sendable {
        private let hash: @Sendable ([UInt8]) -> String
        private(set) public var count = 0
        private(set) public var lastHash = AuditChain.genesisHash
        private(set) public var failure: (sequence: Int, reason: BreakReason)?

        public init(hash: @escaping @Sendable ([UInt8]) -> String) { self.hash = hash }

        /// Goes on from entries already verified: the next entry must follow `count` and name `lastHash`.
        public init(resumingAfter count: Int, lastHash: String, hash: @escaping @Sendable ([UInt8]) -> String) {
            self.hash = hash
            self.count = count
            self.lastHash = lastHash
        }

        public mutating func feed(_ entry: StoredEntry) {
            feed(entry.record, storedHash: entry.hash)
        }

        /// Any chain of the same shape (the exchange's access log is one) is verified by the same walk.
        public mutating func feed(_ link: some ChainLink, storedHash: String) {
            guard failure == nil else { return }
            let expected = count + 1
            if link.sequence != expected {
                failure = (link.sequence, .sequenceGap(expected: expected))
            } else if link.previousHash != lastHash {
                failure = (link.sequence, .previousHashMismatch)
            } else if hash(link.canonicalEncoding) != storedHash {
                failure = (link.sequence, .contentHashMismatch)
            } else {
                count = expected
                lastHash = storedHash
            }
        }

        /// The chain head (last sequence and hash) is stored apart; a deleted tail shows up here.
        public func finish(headSequence: Int, headHash: String) -> Outcome {
            if let failure { return .broken(sequence: failure.sequence, reason: failure.reason) }
            if headSequence != count || headHash != lastHash {
                return .broken(sequence: count + 1, reason: .headMismatch)
            }
            return .intact(count: count, lastHash: lastHash)
        }
    }
}

extension AuditChain.BreakReason {
    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.sequenceGap(expected), .zhHans): "序号不连续，应为 #\(expected)（有记录被删除或插入）"
        case let (.sequenceGap(expected), .en): "sequence gap, expected #\(expected) (an entry was deleted or inserted)"
        case (.previousHashMismatch, .zhHans): "前一条记录的哈希不符（链被改接）"
        case (.previousHashMismatch, .en): "previous-hash link does not match (the chain was re-linked)"
        case (.contentHashMismatch, .zhHans): "内容与哈希不符（记录被修改）"
        case (.contentHashMismatch, .en): "content does not match its hash (the entry was altered)"
        case (.headMismatch, .zhHans): "链尾与记录的链头不符（末尾记录被删除）"
        case (.headMismatch, .en): "the chain ends before its recorded head (entries were removed from the end)"
        }
    }
}
