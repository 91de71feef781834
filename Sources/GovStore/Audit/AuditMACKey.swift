import Crypto
import FluentKit
import Foundation
import GovCore

/// The installation's audit MAC key (HMAC-SHA256, issue 20, item 5). It lives in `keys/` beside the certificate signing
/// keys, mode 0600, and never in the database: someone who can write the database but not read `keys/` cannot seal an
/// entry, so editing one and recomputing every later hash no longer passes `govhall audit verify`.
///
///     <keys directory>/audit-mac.key   32 random bytes, base64
///
/// Nodes sharing a database must share it, as they share the signing keys (docs/deploy.md, section 9), and backups
/// carry it with them.
public struct AuditMACKey: Sendable {
    public static let fileName = "audit-mac.key"

    /// The first 16 hex digits of SHA-256 over the key: names the key in each entry it seals, reveals nothing of it.
    public let id: String
    private let key: SymmetricKey

    init(raw: Data) {
        key = SymmetricKey(data: raw)
        id = String(Digest.sha256Hex(raw).prefix(16))
    }

    /// Loads `<directory>/audit-mac.key`, creating the directory and a new key if there is none.
    public static func loadOrCreate(directory: String) throws -> AuditMACKey {
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = directory + "/" + fileName
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32 else {
                throw KeyringError.unreadableKey(fileName)
            }
            return AuditMACKey(raw: raw)
        }
        let raw = Data(Effects.current.randomBytes(32))
        guard files.createFile(atPath: path, contents: Data(raw.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyringError.cannotWrite(path)
        }
        return AuditMACKey(raw: raw)
    }

    /// HMAC-SHA256 of `bytes` as lower-case hex, the form entry hashes have always had.
    public func mac(_ bytes: [UInt8]) -> String {
        Digest.hex(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
    }

    /// How chain links are recomputed with this key at hand (and no other).
    public var seal: AuditChain.Seal {
        AuditChain.Seal(plain: { Digest.sha256Hex($0) }, keyed: { keyID, bytes in keyID == id ? mac(bytes) : nil })
    }
}

/// A database configuration that carries the audit MAC key, so that every `Database` GovHall opens (and each
/// transaction on it) can seal the entries it appends, without threading the key through every store that writes one.
/// The key stays in this process: it is never sent to the database server.
struct AuditKeyedConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let auditKey: AuditMACKey

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver { base.makeDriver(for: databases) }
}

extension DatabaseConfigurationFactory {
    /// The same database as GovHall's stores use it: audit entries sealed by `key`, new rows' identifiers drawn from
    /// ``Effects/current`` (``IdentifierMiddleware``).
    public func sealingAudit(with key: AuditMACKey) -> DatabaseConfigurationFactory {
        let make = self.make
        return DatabaseConfigurationFactory(make: {
            var configuration = AuditKeyedConfiguration(base: make(), auditKey: key)
            configuration.middleware.append(IdentifierMiddleware())
            return configuration
        })
    }
}

extension Database {
    /// The audit MAC key this database was opened with (``DatabaseConfigurationFactory/sealingAudit(with:)``).
    public var auditKey: AuditMACKey? { (context.configuration as? AuditKeyedConfiguration)?.auditKey }

    /// How this database's audit chain is checked: with its key, or (opened without one) plain links only.
    var auditSeal: AuditChain.Seal {
        auditKey?.seal ?? AuditChain.Seal(plain: { Digest.sha256Hex($0) }, keyed: { _, _ in nil })
    }
}
