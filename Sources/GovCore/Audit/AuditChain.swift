/// One link of a hash chain: its place, the hash of the link before, and the bytes its own hash covers.
public protocol ChainLink: Sendable {
    var sequence: Int { get }
    var previousHash: String { get }
    var canonicalEncoding: [UInt8] { get }
    /// The MAC key that seals this link, or `nil` for a link sealed with plain SHA-256.
    var macKeyID: String? { get }
}

extension ChainLink {
    public var macKeyID: String? { nil }
}

/// Verifies a hash chain of audit entries: each entry's hash is SHA-256 over its canonical encoding (or, for keyed
/// entries, HMAC-SHA256 with the installation's audit key), and each entry names the hash of the one before. The hash
/// functions are passed in so GovCore stays Foundation-only.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    /// How a link's hash is recomputed: plain SHA-256 for unkeyed links; for keyed ones the MAC with the key the link
    /// names, `nil` if that key is not at hand. Anyone who can write the database can recompute plain hashes after an
    /// edit; only a holder of the key (kept in `keys/`, never in the database) can recompute MACs.
    public struct Seal: Sendable {
        public var plain: @Sendable ([UInt8]) -> String
        public var keyed: @Sendable (_ keyID: String, _ bytes: [UInt8]) -> String?

        public init(plain: @escaping @Sendable ([UInt8]) -> String, keyed: @escaping @Sendable (String, [UInt8]) -> String?) {
            self.plain = plain
            self.keyed = keyed
        }

        /// The hash the link should carry; `nil` when it names a key that is not at hand.
        public func expected(for link: some ChainLink) -> String? {
            guard let keyID = link.macKeyID else { return plain(link.canonicalEncoding) }
            return keyed(keyID, link.canonicalEncoding)
        }
    }

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
        /// The entry is sealed with a MAC key this installation's `keys/` does not hold.
        case unknownMACKey
        /// An unkeyed (plain SHA-256) entry after keyed ones: entries re-hashed by someone without the key.
        case unkeyedAfterKeyed

        /// A stable name, to keep a verification's result.
        public var code: String {
            switch self {
            case let .sequenceGap(expected): "gap:\(expected)"
            case .previousHashMismatch: "previous_hash"
            case .contentHashMismatch: "content_hash"
            case .headMismatch: "head"
            case .unknownMACKey: "mac_key"
            case .unkeyedAfterKeyed: "unkeyed"
            }
        }

        public init?(code: String) {
            switch code {
            case "previous_hash": self = .previousHashMismatch
            case "content_hash": self = .contentHashMismatch
            case "head": self = .headMismatch
            case "mac_key": self = .unknownMACKey
            case "unkeyed": self = .unkeyedAfterKeyed
            default:
                guard code.hasPrefix("gap:"), let expected = Int(code.dropFirst(4)) else { return nil }
                self = .sequenceGap(expected: expected)
            }
        }
    }

    /// Streaming verifier: feed entries in sequence order; the first one that does not fit is reported.
    public struct Verifier: Sendable {
        private let seal: Seal
        private(set) public var count = 0
        private(set) public var lastHash = AuditChain.genesisHash
        private(set) public var failure: (sequence: Int, reason: BreakReason)?
        /// Whether a keyed entry was seen: from then on every entry must be keyed.
        private var keyed = false

        /// A chain of unkeyed links only (the exchange's access log).
        public init(hash: @escaping @Sendable ([UInt8]) -> String) { self.seal = Seal(plain: hash, keyed: { _, _ in nil }) }

        public init(seal: Seal) { self.seal = seal }

        /// Goes on from entries already verified: the next entry must follow `count` and name `lastHash`.
        public init(resumingAfter count: Int, lastHash: String, hash: @escaping @Sendable ([UInt8]) -> String) {
            self.init(resumingAfter: count, lastHash: lastHash, seal: Seal(plain: hash, keyed: { _, _ in nil }))
        }

        public init(resumingAfter count: Int, lastHash: String, seal: Seal) {
            self.seal = seal
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
            } else if keyed, link.macKeyID == nil {
                failure = (link.sequence, .unkeyedAfterKeyed)
            } else if let sealed = seal.expected(for: link) {
                if sealed != storedHash {
                    failure = (link.sequence, .contentHashMismatch)
                } else {
                    count = expected
                    lastHash = storedHash
                    keyed = keyed || link.macKeyID != nil
                }
            } else {
                failure = (link.sequence, .unknownMACKey)
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
        case (.unknownMACKey, .zhHans): "记录以本机 keys/ 中没有的审计密钥封存"
        case (.unknownMACKey, .en): "sealed with an audit MAC key that keys/ does not hold"
        case (.unkeyedAfterKeyed, .zhHans): "带密钥的记录之后出现无密钥记录（被人在无密钥的情况下重算）"
        case (.unkeyedAfterKeyed, .en): "an unkeyed entry after keyed ones (re-hashed without the MAC key)"
        }
    }
}
