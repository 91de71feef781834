import Foundation

/// What a certificate (证照) says, as signed. The signature covers the exact bytes carried in the QR text,
/// so nothing has to be re-encoded the same way to verify it (《行政许可法》 Art. 39: the licence states
/// holder, scope and validity; DESIGN.md: certificates carry an Ed25519 signature anyone can check).
public struct CertificatePayload: Sendable, Equatable, Codable {
    /// 证照编号, unique per deployment.
    public var number: String
    /// 证照名称, e.g. 食品经营许可证.
    public var title: String
    public var holderName: String
    /// 统一社会信用代码 for legal persons; masked 身份证号 for natural persons (the QR is public).
    public var holderIdentifier: String
    public var scope: String
    public var validFrom: CivilDate
    /// Nil for certificates without an end date.
    public var validUntil: CivilDate?
    public var issuer: String
    public var issuedOn: CivilDate
    /// Which deployment key signed it; old keys keep verifying after a rotation.
    public var keyID: String
    /// The 核验码 printed beside the number (``CertificateCheckCode``), so that whoever holds the QR text can also
    /// verify by number. Absent from certificates signed before it existed: a nil value is not encoded, so their
    /// signed bytes, and signatures, are unchanged.
    public var checkCode: String?

    public init(
        number: String, title: String, holderName: String, holderIdentifier: String, scope: String,
        validFrom: CivilDate, validUntil: CivilDate?, issuer: String, issuedOn: CivilDate, keyID: String,
        checkCode: String? = nil
    ) {
        self.number = number
        self.title = title
        self.holderName = holderName
        self.holderIdentifier = holderIdentifier
        self.scope = scope
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.issuer = issuer
        self.issuedOn = issuedOn
        self.keyID = keyID
        self.checkCode = checkCode
    }
}

/// The text a QR code carries: `GHC1.<payload>.<signature>`, both parts base64url without padding.
public enum CertificateCodec {
    public static let prefix = "GHC1"
    /// The longest QR text accepted: a payload is a few hundred bytes (the scope is cut at ``maximumScopeLength``),
    /// and a longer query would not fit in a URL.
    public static let maximumTextLength = 4096
    public static let maximumScopeLength = 300

    /// The bytes that are signed for a payload: its JSON with sorted keys.
    public static func signedBytes(of payload: CertificatePayload) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(payload))
    }

    public static func text(signedBytes: [UInt8], signature: [UInt8]) -> String {
        [prefix, Base64URL.encode(signedBytes), Base64URL.encode(signature)].joined(separator: ".")
    }

    public struct Decoded: Sendable, Equatable {
        public var payload: CertificatePayload
        public var signedBytes: [UInt8]
        public var signature: [UInt8]
    }

    /// Splits and decodes QR text. Anything malformed is simply not genuine.
    public static func decode(_ text: String) throws(CertificateError) -> Decoded {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= maximumTextLength, parts.count == 3, parts[0] == prefix,
              let bytes = Base64URL.decode(String(parts[1])), let signature = Base64URL.decode(String(parts[2])),
              signature.count == 64,
              let payload = try? JSONDecoder().decode(CertificatePayload.self, from: Data(bytes))
        else { throw .malformed }
        return Decoded(payload: payload, signedBytes: bytes, signature: signature)
    }
}

/// What the public verification page says about a certificate.
public enum CertificateVerdict: Sendable, Equatable {
    case valid
    case notYetValid(from: CivilDate)
    case expired(on: CivilDate)
    /// 撤销 (Art. 69) or 注销 (Art. 70), with the ground and the authority's words.
    case ended(CertificateEnding, reason: String)
    /// The signature does not hold, the key is unknown, or the text is malformed: a forgery or a typo.
    case notGenuine
    /// Genuinely signed, but this deployment has no record of the number (e.g. another deployment's).
    case unknown
    /// No certificate with this number and 核验码: an unknown number, a wrong code and a missing one all read the same,
    /// so the answer does not tell which numbers exist.
    case notFound

    /// Decides the verdict. The signature is checked first: dates and revocation mean nothing on a forgery.
    public static func decide(
        signatureValid: Bool, payload: CertificatePayload, known: Bool, ending: (CertificateEnding, reason: String)?, today: CivilDate
    ) -> CertificateVerdict {
        guard signatureValid else { return .notGenuine }
        guard known else { return .unknown }
        if let ending { return .ended(ending.0, reason: ending.reason) }
        if today < payload.validFrom { return .notYetValid(from: payload.validFrom) }
        if let until = payload.validUntil, today > until { return .expired(on: until) }
        return .valid
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.valid, .zhHans): "有效：证照真实且在有效期内"
        case (.valid, .en): "Valid: genuine and in force"
        case let (.notYetValid(from), .zhHans): "尚未生效：自 \(from) 起有效"
        case let (.notYetValid(from), .en): "Not yet in force: valid from \(from)"
        case let (.expired(on), .zhHans): "已过期：有效期至 \(on)"
        case let (.expired(on), .en): "Expired: it was valid until \(on)"
        case let (.ended(ending, reason), .zhHans): "\(ending.status(in: .zhHans))：\(ending.groundTitle(in: .zhHans))。\(reason)"
        case let (.ended(ending, reason), .en): "\(ending.status(in: .en)): \(ending.groundTitle(in: .en)). \(reason)"
        case (.notGenuine, .zhHans): "非真实证照：签名校验未通过，请勿采信"
        case (.notGenuine, .en): "Not genuine: the signature does not verify; do not rely on it"
        case (.unknown, .zhHans): "签名有效，但本平台没有该证照的记录"
        case (.unknown, .en): "Signed correctly, but this platform has no record of this certificate"
        case (.notFound, .zhHans): "未找到证照：没有与该编号和核验码相符的证照，请核对证照上印制的编号和核验码"
        case (.notFound, .en): "Not found: no certificate matches this number and check code; check both as printed on the certificate"
        }
    }
}

/// What a verification actually checked, so its answer claims no more than that.
public enum VerificationBasis: String, Sendable, Equatable {
    /// A pasted QR payload: the issuing authority's signature over the text, then our record of it.
    case signedText = "signed_text"
    /// A certificate number with the 核验码 printed beside it: our record, and the signature our record keeps.
    case numberAndCheckCode = "number_and_check_code"

    public func description(in language: Language) -> String {
        switch (self, language) {
        case (.signedText, .zhHans): "核验方式：校验了所粘贴内容上发证机关的电子签名，并与本平台的签发记录比对。"
        case (.signedText, .en): "Checked: the issuing authority's digital signature over the pasted text, then this platform's record of issue."
        case (.numberAndCheckCode, .zhHans): "核验方式：证照编号与核验码同本平台的签发记录比对一致，并校验了该记录上发证机关的电子签名。"
        case (.numberAndCheckCode, .en): "Checked: the number and check code against this platform's record of issue, and the issuing authority's digital signature on that record."
        }
    }
}

public enum CertificateError: LocalizedFailure, Equatable {
    case malformed

    public func message(in language: Language) -> String {
        language == .zhHans ? "证照校验码格式不正确" : "The certificate code is not in a recognised format"
    }
}

/// RFC 4648 §5 base64url without padding, as QR payloads and URLs want it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if base64.count % 4 == 1 { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
