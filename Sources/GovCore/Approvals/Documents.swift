import Foundation

/// 文号 of the formal documents a case produces: `示市场受字〔2026〕第000012号`.
///
/// 《党政机关公文格式》(GB/T 9704-2012) 7.2.4: 发文字号 is the issuing body's abbreviation (机关代字), the year in
/// 六角括号 〔〕 and the serial number, with no leading zeros in the standard; applications that print many
/// notices pad the serial so numbers sort, as here.
public enum DocumentNumber {
    /// The word each kind of notice carries after the department's abbreviation.
    public static func kindCharacter(_ kind: NoticeKind) -> String {
        switch kind {
        case .acceptance: "受"
        case .nonAcceptance: "不受"
        case .correction: "补"
        case .specialProcedure: "特告"
        case .extension: "延"
        case .grant: "准"
        case .refusal: "不许"
        case .revocation: "撤"
        case .cancellation: "注"
        }
    }

    /// 机关代字: the first character of the city and the first two of the department's own name, e.g.
    /// 示范市 + 市场监督管理局 → 示市场.
    public static func abbreviation(departmentName: String, cityName: String) -> String {
        let own = departmentName.hasPrefix(cityName) ? String(departmentName.dropFirst(cityName.count)) : departmentName
        return String(cityName.prefix(1)) + String(own.prefix(2))
    }

    public static func format(abbreviation: String, kind: NoticeKind, year: Int, serial: Int) -> String {
        "\(abbreviation)\(kindCharacter(kind))字〔\(year)〕第\(String(format: "%06d", serial))号"
    }

    /// The counter key: serials run per department, notice kind and year.
    public static func counterKey(departmentCode: String, kind: NoticeKind, year: Int) -> String {
        "doc:\(departmentCode):\(kind.rawValue):\(year)"
    }
}

/// 《行政许可法》 Art. 50: a holder who wants a licence extended applies at least 30 days before it expires.
public enum RenewalRules {
    public static let minimumDaysBeforeExpiry = 30
    /// The portal starts offering renewal this many days before expiry (a local choice, not law).
    public static let offeredDaysBeforeExpiry = 90

    /// The last day a renewal application is on time.
    public static func lastDay(validUntil: CivilDate) -> CivilDate { validUntil.adding(days: -minimumDaysBeforeExpiry) }

    /// Whether a renewal may be filed today for a certificate valid until `validUntil`.
    public static func check(validUntil: CivilDate?, revoked: Bool, today: CivilDate) throws(RenewalError) {
        guard !revoked else { throw .revoked }
        guard let validUntil else { throw .noExpiry }
        guard today <= lastDay(validUntil: validUntil) else { throw .tooLate(lastDay: lastDay(validUntil: validUntil)) }
    }

    /// Whether the portal should suggest renewal now.
    public static func isDueSoon(validUntil: CivilDate?, today: CivilDate) -> Bool {
        guard let validUntil else { return false }
        return today >= validUntil.adding(days: -offeredDaysBeforeExpiry) && today <= lastDay(validUntil: validUntil)
    }
}

public enum RenewalError: LocalizedFailure, Equatable {
    case revoked
    case noExpiry
    case tooLate(lastDay: CivilDate)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.revoked, .zhHans): "证照已注销，不能申请延续"
        case (.revoked, .en): "The certificate was revoked and cannot be renewed"
        case (.noExpiry, .zhHans): "该证照长期有效，无需延续"
        case (.noExpiry, .en): "This certificate does not expire and needs no renewal"
        case let (.tooLate(day), .zhHans): "延续申请应在有效期届满 30 日前提出（最迟 \(day)，《行政许可法》第五十条）"
        case let (.tooLate(day), .en):
            "A renewal must be applied for at least 30 days before expiry (by \(day); Administrative Licensing Law, Art. 50)"
        }
    }
}

/// 并联审批: one application for several matters, led by one department, with a limit of its own.
///
/// 《行政许可法》 Art. 42 ¶2: where licensing is done jointly (统一办理、联合办理、集中办理) the limit is 45 days, which the
/// head of the government may extend by 15 days, telling the applicant why.
public enum BundleRules {
    public static let statutoryDays = 45
    public static let maxExtensionDays = 15
    public static let minimumMatters = 2

    public static func check(matterCount: Int, distinctMatters: Int) throws(BundleError) {
        guard matterCount >= minimumMatters else { throw .tooFewMatters }
        guard distinctMatters == matterCount else { throw .duplicateMatter }
    }

    public static func checkExtension(days: Int, alreadyExtended: Bool, reason: String) throws(BundleError) {
        guard !alreadyExtended else { throw .alreadyExtended }
        guard (1...maxExtensionDays).contains(days) else { throw .extensionOutOfRange(days) }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reasonRequired }
    }

    /// A bundle is complete when every part is finished.
    public static func isComplete(_ states: [CaseState]) -> Bool { !states.isEmpty && states.allSatisfy(\.isTerminal) }
}

public enum BundleError: LocalizedFailure, Equatable {
    case tooFewMatters
    case duplicateMatter
    case alreadyExtended
    case extensionOutOfRange(Int)
    case reasonRequired

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.tooFewMatters, .zhHans): "并联审批至少需要两个事项"
        case (.tooFewMatters, .en): "A joint application needs at least two matters"
        case (.duplicateMatter, .zhHans): "同一事项只能选择一次"
        case (.duplicateMatter, .en): "Each matter may be chosen once"
        case (.alreadyExtended, .zhHans): "并联审批只能延期一次（《行政许可法》第四十二条）"
        case (.alreadyExtended, .en): "A joint application may be extended once (Administrative Licensing Law, Art. 42)"
        case let (.extensionOutOfRange(days), .zhHans): "延期应为 1 至 15 个工作日（《行政许可法》第四十二条）；申请 \(days) 个工作日"
        case let (.extensionOutOfRange(days), .en):
            "An extension is 1 to 15 working days (Administrative Licensing Law, Art. 42); \(days) were asked"
        case (.reasonRequired, .zhHans): "延期必须说明理由"
        case (.reasonRequired, .en): "An extension needs a reason"
        }
    }
}
