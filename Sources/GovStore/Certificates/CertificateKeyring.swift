import Crypto
import Foundation
import GovCore

/// The deployment's certificate-signing keys (Ed25519). Kept as files in the data directory, never in the
/// database, so a copy of the database cannot forge certificates. One key is active for signing; every key
/// ever used stays for verification, so rotating never invalidates certificates already issued.
///
///     <directory>/<keyID>.ed25519   the private key (raw 32 bytes, base64), mode 0600
///     <directory>/active            the active key's id
public final class CertificateKeyring: Sendable {
    public let directory: String
    public let activeKeyID: String
    private let keys: [String: Curve25519.Signing.PrivateKey]

    private init(directory: String, activeKeyID: String, keys: [String: Curve25519.Signing.PrivateKey]) {
        self.directory = directory
        self.activeKeyID = activeKeyID
        self.keys = keys
    }

    /// Loads the keys in `directory`, creating the directory and a first key if there are none.
    public static func loadOrCreate(directory: String) throws -> CertificateKeyring {
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var keys: [String: Curve25519.Signing.PrivateKey] = [:]
        for name in try files.contentsOfDirectory(atPath: directory) where name.hasSuffix(".ed25519") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw KeyringError.unreadableKey(name)
            }
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            let id = keyID(of: key.publicKey)
            guard name == id + ".ed25519" else { throw KeyringError.unreadableKey(name) }
            keys[id] = key
        }
        let activePath = directory + "/active"
        if keys.isEmpty {
            let key = try newKey()
            let id = try write(key, to: directory)
            try Data(id.utf8).write(to: URL(fileURLWithPath: activePath), options: .atomic)
            return CertificateKeyring(directory: directory, activeKeyID: id, keys: [id: key])
        }
        let active = (try? String(contentsOfFile: activePath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let active, keys[active] != nil else { throw KeyringError.noActiveKey(directory) }
        return CertificateKeyring(directory: directory, activeKeyID: active, keys: keys)
    }

    /// Makes a new key the active one; the old ones stay for verification. Returns the reloaded keyring.
    public func rotated() throws -> CertificateKeyring {
        let id = try Self.write(try Self.newKey(), to: directory)
        try Data(id.utf8).write(to: URL(fileURLWithPath: directory + "/active"), options: .atomic)
        return try Self.loadOrCreate(directory: directory)
    }

    public var keyIDs: [String] { keys.keys.sorted() }

    /// A new signing key from ``Effects/current``'s random bytes (in a server, the system's CSPRNG).
    static func newKey() throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: Effects.current.randomBytes(32))
    }

    /// Signs a payload with the active key (its `keyID` is set to the active key's) and returns the QR text.
    public func sign(_ payload: CertificatePayload) throws -> (payload: CertificatePayload, text: String) {
        var payload = payload
        payload.keyID = activeKeyID
        let bytes = try CertificateCodec.signedBytes(of: payload)
        let signature = try keys[activeKeyID]!.signature(for: bytes)
        return (payload, CertificateCodec.text(signedBytes: bytes, signature: Array(signature)))
    }

    /// Decodes QR text and checks its signature against the key it names. Malformed text or an unknown key
    /// is reported as an invalid signature, never as an error: to the public both mean "not genuine".
    public func check(_ text: String) -> (payload: CertificatePayload?, signatureValid: Bool) {
        guard let decoded = try? CertificateCodec.decode(text) else { return (nil, false) }
        guard let key = keys[decoded.payload.keyID] else { return (decoded.payload, false) }
        return (decoded.payload, key.publicKey.isValidSignature(decoded.signature, for: decoded.signedBytes))
    }

    /// Signs other bytes than a certificate's with the active key (the audit chain's checkpoints). Callers tag their
    /// bytes with a prefix of their own, so what is signed for one purpose cannot pass for another.
    public func signDetached(_ bytes: [UInt8]) throws -> (keyID: String, signature: Data) {
        (activeKeyID, try keys[activeKeyID]!.signature(for: bytes))
    }

    /// Whether `signature` over `bytes` is one of these keys' (named by `keyID`); an unknown key is simply invalid.
    public func isValidDetached(_ signature: Data, for bytes: [UInt8], keyID: String) -> Bool {
        keys[keyID]?.publicKey.isValidSignature(signature, for: bytes) ?? false
    }

    /// The first 16 hex digits of SHA-256 over the public key.
    static func keyID(of publicKey: Curve25519.Signing.PublicKey) -> String {
        String(Digest.sha256Hex(publicKey.rawRepresentation).prefix(16))
    }

    private static func write(_ key: Curve25519.Signing.PrivateKey, to directory: String) throws -> String {
        let id = keyID(of: key.publicKey)
        let path = directory + "/" + id + ".ed25519"
        guard FileManager.default.createFile(
            atPath: path, contents: Data(key.rawRepresentation.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]
        ) else { throw KeyringError.cannotWrite(path) }
        return id
    }
}

public enum KeyringError: Error, Equatable, CustomStringConvertible {
    case unreadableKey(String), noActiveKey(String), cannotWrite(String)

    public var description: String {
        switch self {
        case let .unreadableKey(name): "certificate key file \(name) is not a valid Ed25519 key named after its id"
        case let .noActiveKey(directory): "\(directory)/active does not name one of the keys in that directory"
        case let .cannotWrite(path): "cannot write \(path)"
        }
    }
}
