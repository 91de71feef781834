import Foundation
import GovCore
import Testing

@Suite("Certificate payloads and verdicts")
struct CertificatePayloadTests {
    static let payload = CertificatePayload(
        number: "SP3301002026000123", title: "食品经营许可证", holderName: "示范市江南食品有限公司",
        holderIdentifier: "91990100MA5T0Q8K0X", scope: "预包装食品销售", validFrom: CivilDate("2026-11-20")!,
        validUntil: CivilDate("2031-11-19")!, issuer: "示范市市场监督管理局", issuedOn: CivilDate("2026-11-20")!, keyID: "k1"
    )

    @Test("QR text round-trips the exact signed bytes")
    func roundTrip() throws {
        let bytes = try CertificateCodec.signedBytes(of: Self.payload)
        let signature = [UInt8](repeating: 7, count: 64)
        let text = CertificateCodec.text(signedBytes: bytes, signature: signature)
        #expect(text.hasPrefix("GHC1."))
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        let decoded = try CertificateCodec.decode(text)
        #expect(decoded.payload == Self.payload)
        #expect(decoded.signedBytes == bytes)
        #expect(decoded.signature == signature)
    }

    @Test("malformed text is refused", arguments: ["", "GHC1", "GHC1..", "GHC2.e30.AAAA", "GHC1.e30.AAAA", "GHC1.!!!.AAAA", "GHC1.e30"])
    func malformed(text: String) {
        #expect(throws: CertificateError.malformed) { try CertificateCodec.decode(text) }
    }

    @Test("the signature decides first; then record, revocation and dates")
    func verdicts() {
        let p = Self.payload
        let today = CivilDate("2027-01-01")!
        #expect(CertificateVerdict.decide(signatureValid: false, payload: p, known: true, ending: nil, today: today) == .notGenuine)
        #expect(CertificateVerdict.decide(signatureValid: false, payload: p, known: true, ending: (.revocation(.other), reason: "x"), today: today) == .notGenuine)
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: false, ending: nil, today: today) == .unknown)
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: true, ending: (.cancellation(.entityTerminated), reason: "停业"), today: today) == .ended(.cancellation(.entityTerminated), reason: "停业"))
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: true, ending: nil, today: today) == .valid)
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: true, ending: nil, today: CivilDate("2031-11-19")!) == .valid)
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: true, ending: nil, today: CivilDate("2031-11-20")!) == .expired(on: CivilDate("2031-11-19")!))
        #expect(CertificateVerdict.decide(signatureValid: true, payload: p, known: true, ending: nil, today: CivilDate("2026-11-19")!) == .notYetValid(from: CivilDate("2026-11-20")!))
    }

    @Test("base64url round-trips every length and rejects other alphabets")
    func base64url() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("ab+c") == nil)
        #expect(Base64URL.decode("a") == nil)
    }
}
