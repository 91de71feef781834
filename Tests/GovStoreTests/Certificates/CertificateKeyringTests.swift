import Foundation
import GovCore
import GovStore
import Testing

@Suite("Certificate keyring")
struct CertificateKeyringTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("govhall-keys-\(UUID().uuidString)").path
    }

    static let payload = CertificatePayload(
        number: "GH-2026-000001", title: "公共场所卫生许可证", holderName: "示范市江南食品有限公司",
        holderIdentifier: "91990100MA5T0Q8K0X", scope: "住宿业", validFrom: CivilDate("2026-11-20")!,
        validUntil: CivilDate("2030-11-19")!, issuer: "示范市卫生健康委员会", issuedOn: CivilDate("2026-11-20")!, keyID: ""
    )

    @Test("a first key is made on first use, private to the owner, and reloads the same")
    func firstUse() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyring = try CertificateKeyring.loadOrCreate(directory: directory)
        #expect(keyring.keyIDs.count == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/\(keyring.activeKeyID).ed25519")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try CertificateKeyring.loadOrCreate(directory: directory)
        #expect(again.activeKeyID == keyring.activeKeyID)
        let (_, text) = try keyring.sign(Self.payload)
        #expect(again.check(text).signatureValid)
    }

    @Test("a genuine certificate verifies; one changed byte anywhere does not")
    func tamper() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyring = try CertificateKeyring.loadOrCreate(directory: directory)
        let (signed, text) = try keyring.sign(Self.payload)
        #expect(signed.keyID == keyring.activeKeyID)
        #expect(keyring.check(text) == (signed, true))

        // Change one character of the payload part at several places: never genuine.
        let characters = Array(text)
        let payloadRange = 5..<(text.lastIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 6)
        for index in stride(from: payloadRange.lowerBound, to: payloadRange.upperBound, by: 7) {
            var forged = characters
            forged[index] = forged[index] == "A" ? "B" : "A"
            #expect(!keyring.check(String(forged)).signatureValid, "forgery at \(index) verified")
        }
        // A payload re-signed with someone else's key, claiming ours, is not genuine either.
        let other = try CertificateKeyring.loadOrCreate(directory: Self.directory())
        var claimed = Self.payload
        claimed.holderName = "冒名公司"
        let (_, foreign) = try other.sign(claimed)
        #expect(!keyring.check(foreign).signatureValid)
        try? FileManager.default.removeItem(atPath: other.directory)
    }

    @Test("after rotation new certificates use the new key and old ones still verify")
    func rotation() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try CertificateKeyring.loadOrCreate(directory: directory)
        let (_, old) = try first.sign(Self.payload)
        let second = try first.rotated()
        #expect(second.activeKeyID != first.activeKeyID)
        #expect(second.keyIDs.count == 2)
        let (renewed, new) = try second.sign(Self.payload)
        #expect(renewed.keyID == second.activeKeyID)
        #expect(second.check(old).signatureValid)
        #expect(second.check(new).signatureValid)
        #expect(!first.check(new).signatureValid)   // the old keyring never saw the new key
    }

    @Test("a key file that was swapped or damaged stops loading with a message")
    func damaged() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyring = try CertificateKeyring.loadOrCreate(directory: directory)
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: directory + "/\(keyring.activeKeyID).ed25519"))
        #expect(throws: KeyringError.self) { try CertificateKeyring.loadOrCreate(directory: directory) }
    }
}
