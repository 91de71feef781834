import Foundation
import GovCore
import GovStore
import Testing

@Suite("Query code key")
struct QueryCodeKeyTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("govhall-keys-\(UUID().uuidString)").path
    }

    @Test("the key is made on first use, private to the owner, and reloads the same")
    func firstUse() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = try QueryCodeKey.loadOrCreate(directory: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + QueryCodeKey.fileName)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try QueryCodeKey.loadOrCreate(directory: directory)
        #expect(again.hash("K7M2QX") == key.hash("K7M2QX"))
        // It lives beside the certificate keys without being taken for one.
        let keyring = try CertificateKeyring.loadOrCreate(directory: directory)
        #expect(keyring.keyIDs.count == 1)
    }

    @Test("the stored value is a keyed hash: not the code, not SHA-256 of it, different under another key")
    func hashIsKeyed() throws {
        let one = try QueryCodeKey.loadOrCreate(directory: Self.directory())
        let other = try QueryCodeKey.loadOrCreate(directory: Self.directory())
        let stored = one.hash("K7M2QX")
        #expect(QueryCodeKey.isHashed(stored))
        #expect(!stored.contains("K7M2QX"))
        #expect(stored != Digest.sha256Hex(Data("K7M2QX".utf8)))
        #expect(stored != other.hash("K7M2QX"))
        // Without the key, trying every code does not find it (a few thousand shown; all 887 million behave alike).
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            #expect(other.hash(QueryCode.generate(using: &random)) != stored)
        }
    }

    @Test("the right code matches, typed in any case with spaces; a wrong or empty one does not")
    func matching() throws {
        let key = try QueryCodeKey.loadOrCreate(directory: Self.directory())
        let stored = key.hash("K7M2QX")
        #expect(key.matches("K7M2QX", stored: stored))
        #expect(key.matches(" k7m2qx ", stored: stored))
        #expect(!key.matches("K7M2QY", stored: stored))
        #expect(!key.matches("", stored: stored))
        #expect(!key.matches(stored, stored: stored))
        // A row from before hashing is still compared as typed.
        #expect(key.matches("k7m2qx", stored: "K7M2QX"))
        #expect(!key.matches("K7M2QY", stored: "K7M2QX"))
    }

    @Test("a damaged key file stops start-up instead of being replaced")
    func damagedFile() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try QueryCodeKey.loadOrCreate(directory: directory)
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: directory + "/" + QueryCodeKey.fileName))
        #expect(throws: KeyringError.self) { try QueryCodeKey.loadOrCreate(directory: directory) }
    }
}
