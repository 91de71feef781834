import Crypto
import Foundation
import GovCore

/// The key that turns a ``QueryCode`` into what the database keeps: HMAC-SHA256 of the code, in hex. Kept as a
/// file in the data directory beside the certificate keys, never in the database, so a copy of the database
/// cannot reveal codes: with 31⁶ possible codes an unkeyed hash would be reversed by trying them all in
/// seconds, a keyed one cannot be without the key (issue 20, item 8).
///
///     <data dir>/keys/query-codes.hmac   32 random bytes, base64, mode 0600
///
/// `govhall backup` copies `keys/` whole, and restore puts it back before the application starts, so the file
/// travels with the database it belongs to. Losing it makes every stored code unusable (applicants would
/// need staff to look their filings up), the same as losing the signing keys makes certificates unverifiable.
public struct QueryCodeKey: Sendable {
    public static let fileName = "query-codes.hmac"
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// A key kept only in memory, for tests and tools that never need the codes again.
    public static func ephemeral() -> QueryCodeKey {
        QueryCodeKey(key: SymmetricKey(size: .bits256))
    }

    /// Loads `<directory>/query-codes.hmac`, creating the directory and the key if there is none.
    public static func loadOrCreate(directory: String) throws -> QueryCodeKey {
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = directory + "/" + fileName
        if files.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32 else {
                throw KeyringError.unreadableKey(fileName)
            }
            return QueryCodeKey(key: SymmetricKey(data: raw))
        }
        let key = SymmetricKey(data: Effects.current.randomBytes(32))
        let text = key.withUnsafeBytes { Data($0) }.base64EncodedString()
        guard files.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyringError.cannotWrite(path)
        }
        return QueryCodeKey(key: key)
    }

    /// What is stored for `code`: HMAC-SHA256 over the code as ``QueryCode/matches(_:_:)`` compares it (trimmed,
    /// in capitals), in lowercase hex, 64 characters.
    public func hash(_ code: String) -> String {
        let authentication = HMAC<SHA256>.authenticationCode(for: Data(Self.normalised(code).utf8), using: key)
        return authentication.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `entered` is the code whose hash is `stored`. The check is HMAC's own, which takes the same time
    /// however much of the value matches. A row not yet hashed (a plain six-character code, before
    /// migration ``HashQueryCodes`` has run on it) is compared as before, also in constant time.
    public func matches(_ entered: String, stored: String) -> Bool {
        guard Self.isHashed(stored) else { return QueryCode.matches(entered, stored) }
        guard let expected = Self.bytes(ofHex: stored) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Data(Self.normalised(entered).utf8), using: key)
    }

    /// Whether a stored value is a hash (64 lowercase hex digits) rather than a plain code.
    public static func isHashed(_ stored: String) -> Bool {
        stored.utf8.count == 64 && stored.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func normalised(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    private static func bytes(ofHex hex: String) -> Data? {
        var bytes = Data(capacity: hex.utf8.count / 2)
        var high: UInt8?
        for byte in hex.utf8 {
            let value: UInt8
            switch byte {
            case 48...57: value = byte - 48
            case 97...102: value = byte - 87
            default: return nil
            }
            if let first = high { bytes.append(first << 4 | value); high = nil } else { high = value }
        }
        return high == nil ? bytes : nil
    }
}
