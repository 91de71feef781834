import Foundation

/// A certificate's scope (许可范围 / 登记事项) as structured fields: the text the issuing department keeps, and the
/// personal data named in it, so that the public rendering can mask every one of them. A marriage certificate's scope
/// names both spouses with their 居民身份证号; the public verification page must show neither in full (issue 20).
public struct CertificateScope: Sendable, Equatable, Codable {
    public enum DatumKind: String, Sendable, Codable, CaseIterable {
        /// A natural person's name: shown as 张*.
        case personName
        /// 居民身份证号, or a 统一社会信用代码 that identifies a person (个体工商户): shown as 440305********123X.
        case identifier
        /// A telephone number: shown as 138****5678.
        case phone
        /// A home address (户籍地址, 常住地址): the first six characters kept.
        case address
    }

    public struct PersonalDatum: Sendable, Equatable, Codable {
        public var kind: DatumKind
        public var value: String

        public init(_ kind: DatumKind, _ value: String) {
            self.kind = kind
            self.value = value
        }

        public var masked: String {
            switch kind {
            case .personName: Mask.personName(value)
            case .identifier: Mask.identifier(value)
            case .phone: Mask.phone(value)
            case .address: Mask.middle(value, keepPrefix: 6, keepSuffix: 0)
            }
        }
    }

    /// The scope as the department wrote it, personal data in full. Never shown to the public.
    public var text: String
    /// Every personal datum the text names.
    public var personalData: [PersonalDatum]

    public init(text: String, personalData: [PersonalDatum]) {
        self.text = text
        self.personalData = personalData
    }

    /// The scope for anyone to read: each recorded datum replaced by its masked form, then whatever still has the
    /// shape of an identifier or a mobile number masked too, so a datum the form did not label is not let through.
    public var publicText: String {
        var result = text
        let data = personalData.filter { !$0.value.isEmpty }.sorted { $0.value.count > $1.value.count }
        for datum in data { result = result.replacingOccurrences(of: datum.value, with: datum.masked) }
        return PersonalDataPattern.maskAll(in: result)
    }

    /// The separators the scope is written with: `label：value；label：value`.
    public static let fieldSeparator = "；"
    public static let labelSeparator = "："

    /// The scope of a certificate issued now, from the matter's form: the first `limit` filled fields as
    /// `label：value`, each classified by its label and the shape of its value. A natural-person holder's name is
    /// personal data wherever it appears.
    public static func issued(
        fields: [(label: String, value: String)], holderName: String, holderIsPerson: Bool, fallback: String,
        limit: Int = 4, maximumLength: Int = CertificateCodec.maximumScopeLength
    ) -> CertificateScope {
        let chosen = fields.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.prefix(limit)
        var text = String(chosen.map { "\($0.label)\(labelSeparator)\($0.value)" }.joined(separator: fieldSeparator).prefix(maximumLength))
        if text.isEmpty { text = fallback }
        var data: [PersonalDatum] = chosen.compactMap { field in
            classify(label: field.label, value: field.value).map { PersonalDatum($0, field.value) }
        }
        if holderIsPerson, !holderName.isEmpty { data.append(PersonalDatum(.personName, holderName)) }
        return CertificateScope(text: text, personalData: unique(data))
    }

    /// The structured scope of a certificate issued before scopes were kept as fields: its text parsed back into
    /// `label：value` parts, labels and value shapes classified the same way as at issue, and the holder's name added.
    public static func derived(fromText text: String, holderName: String, holderIsPerson: Bool) -> CertificateScope {
        var data: [PersonalDatum] = []
        for part in text.components(separatedBy: fieldSeparator) {
            guard let range = part.range(of: labelSeparator) else { continue }
            let label = String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let value = String(part[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            if let kind = classify(label: label, value: value) { data.append(PersonalDatum(kind, value)) }
        }
        for (kind, value) in PersonalDataPattern.find(in: text) { data.append(PersonalDatum(kind, value)) }
        if holderIsPerson, !holderName.isEmpty { data.append(PersonalDatum(.personName, holderName)) }
        return CertificateScope(text: text, personalData: unique(data))
    }

    /// What a form field holds, by its label first (a name field says 姓名) and then by the shape of its value.
    public static func classify(label: String, value: String) -> DatumKind? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        if ["身份号码", "身份证", "证件号码"].contains(where: label.contains) { return .identifier }
        if ["姓名", "法定代表人", "负责人", "联系人", "户主", "监护人", "职工本人"].contains(where: label.contains) { return .personName }
        if ["电话", "手机", "联系方式"].contains(where: label.contains) { return .phone }
        if ["户籍地址", "常住地址", "家庭住址", "居住地址"].contains(where: label.contains) { return .address }
        return PersonalDataPattern.kind(of: value)
    }

    /// Whether a holder is a natural person, judged by the identifier on record: anything but a well-formed
    /// 统一社会信用代码 of an organisation is treated as a person's, so a doubtful holder is masked, not shown.
    public static func holderIsPerson(identifier: String) -> Bool {
        if (try? ResidentIdentityNumber(identifier)) != nil { return true }
        guard let code = try? UnifiedSocialCreditCode(identifier) else { return true }
        return PersonalDataPattern.isPersonalCreditCode(code.value)
    }

    private static func unique(_ data: [PersonalDatum]) -> [PersonalDatum] {
        var seen = Set<String>()
        return data.filter { seen.insert($0.kind.rawValue + "\u{0}" + $0.value).inserted }
    }
}

/// Personal data recognised by shape alone, in free text: 18-character 居民身份证号 (17 digits and a digit or X),
/// 15-digit first-generation ones, 统一社会信用代码 of 个体工商户 (type 92, which name a person), and mainland mobile
/// numbers. A run of ASCII letters and digits is judged whole, so a longer number (a certificate number has 19
/// digits) is left alone.
public enum PersonalDataPattern {
    public static func kind(of value: String) -> DatumKind? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, value.utf8.allSatisfy(isAlphanumeric) else { return nil }
        return kind(ofRun: Array(value.utf8))
    }

    public typealias DatumKind = CertificateScope.DatumKind

    /// Each run in `text` that has the shape of personal data, in order.
    public static func find(in text: String) -> [(DatumKind, String)] {
        runs(in: text).compactMap { run in kind(ofRun: Array(run.utf8)).map { ($0, run) } }
    }

    /// `text` with every run shaped like personal data masked.
    public static func maskAll(in text: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            if let kind = kind(ofRun: Array(run.utf8)) {
                result += CertificateScope.PersonalDatum(kind, run).masked
            } else {
                result += run
            }
            run = ""
        }
        for character in text {
            if character.isASCII, let byte = character.asciiValue, isAlphanumeric(byte) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// 个体工商户 are registered by market regulation (9) as type 2: their code stands for a person.
    static func isPersonalCreditCode(_ code: String) -> Bool { code.uppercased().hasPrefix("92") }

    private static func runs(in text: String) -> [String] {
        var runs: [String] = []
        var run = ""
        for character in text {
            if character.isASCII, let byte = character.asciiValue, isAlphanumeric(byte) {
                run.append(character)
            } else if !run.isEmpty {
                runs.append(run)
                run = ""
            }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }

    private static func kind(ofRun bytes: [UInt8]) -> DatumKind? {
        let digits = bytes.allSatisfy(isDigit)
        switch bytes.count {
        case 18 where bytes.prefix(17).allSatisfy(isDigit) && (isDigit(bytes[17]) || bytes[17] | 0x20 == UInt8(ascii: "x")):
            return .identifier
        case 18 where isPersonalCreditCode(String(decoding: bytes, as: UTF8.self)):
            return .identifier
        case 15 where digits:
            return .identifier
        case 11 where digits && bytes[0] == UInt8(ascii: "1") && bytes[1] >= UInt8(ascii: "3"):
            return .phone
        default:
            return nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}

/// 核验码: the short secret printed on a certificate beside its number. Certificate numbers run in sequence, so a
/// number alone must not open a certificate's record to whoever walks them; number and code together do, and the
/// signed QR text does on its own. Eight characters from ``QueryCode``'s unambiguous alphabet: 31⁸ ≈ 8.5 × 10¹¹.
public enum CertificateCheckCode {
    public static let length = 8

    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in QueryCode.alphabet[Int(generator.next(upperBound: UInt64(QueryCode.alphabet.count)))] })
    }

    /// Whether `entered` is `expected`, ignoring case, spaces and hyphens (it may be typed as printed, `ABCD-EFGH`),
    /// in time that does not depend on how much of it was right.
    public static func matches(_ entered: String, _ expected: String) -> Bool {
        let cleaned = String(entered.prefix(64).filter { $0 != "-" && $0 != " " })
        return QueryCode.matches(cleaned, expected)
    }

    /// The code as printed: two groups of four, easier to read aloud.
    public static func printed(_ code: String) -> String {
        guard code.count == length else { return code }
        return String(code.prefix(4)) + "-" + String(code.suffix(4))
    }
}

/// What the public may learn about a certificate: its name, number, issuer and validity, the holder masked, and
/// the scope with every personal datum masked. Built from a verified certificate; never holds the raw scope.
public struct PublicCertificate: Sendable, Equatable, Codable {
    public var number: String
    public var title: String
    public var issuer: String
    public var holderName: String
    public var holderIdentifier: String
    public var scope: String
    public var validFrom: CivilDate
    public var validUntil: CivilDate?
    public var issuedOn: CivilDate

    public init(payload: CertificatePayload, holderIsPerson: Bool, scope: CertificateScope) {
        number = payload.number
        title = payload.title
        issuer = payload.issuer
        holderName = holderIsPerson ? Mask.personName(payload.holderName) : payload.holderName
        // Already masked for a person at issue; masking again changes nothing, and an organisation's code is shown
        // the way every other public page shows it.
        holderIdentifier = payload.holderIdentifier.contains("*") ? payload.holderIdentifier : Mask.identifier(payload.holderIdentifier)
        self.scope = scope.publicText
        validFrom = payload.validFrom
        validUntil = payload.validUntil
        issuedOn = payload.issuedOn
    }

    /// For signed text with no record here (another deployment's certificate): the payload is all there is, so its
    /// scope is read the way rows from before structured scopes are.
    public init(payload: CertificatePayload) {
        let isPerson = payload.holderIdentifier.contains("*") || CertificateScope.holderIsPerson(identifier: payload.holderIdentifier)
        self.init(
            payload: payload, holderIsPerson: isPerson,
            scope: .derived(fromText: payload.scope, holderName: payload.holderName, holderIsPerson: isPerson))
    }
}
