import Foundation

/// One fee a matter may charge, in 分 (fen, 0.01 yuan) so that sums are exact.
///
/// 《行政许可法》 Art. 58: an administrative licence is granted free of charge unless a law or administrative
/// regulation provides otherwise, and a fee is charged only per the published standard (公布的法定项目和标准). So a
/// fee item carries its legal basis, and a matter without one is free.
public struct FeeItem: Sendable, Codable, Hashable {
    public var nameZh: String
    public var nameEn: String
    /// The standard amount in fen.
    public var amountFen: Int
    /// The law or regulation and the price document that set the fee (收费依据).
    public var legalBasis: String

    public init(nameZh: String, nameEn: String, amountFen: Int, legalBasis: String) {
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.amountFen = amountFen
        self.legalBasis = legalBasis
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
}

/// Whether a matter charges, and what.
public enum FeeSchedule: Sendable, Codable, Hashable {
    /// 不收费 (the default under Art. 58).
    case free
    case charged([FeeItem])

    public var isFree: Bool {
        if case let .charged(items) = self { return items.isEmpty }
        return true
    }
}

/// The outcome of comparing what was charged with the standard.
public enum FeeCheck: Sendable, Equatable {
    /// Charged exactly the standard (or nothing, for a free matter).
    case matches
    /// Charged for a matter or item that is free: a violation of Art. 58.
    case notChargeable(charged: Int)
    /// Charged other than the published standard: a violation the supervision desk flags.
    case differs(standard: Int, charged: Int)

    public var isViolation: Bool { self != .matches }
}

public enum FeeRules {
    /// Compares an amount charged (fen) with the item's standard; `item` `nil` means the matter is free.
    public static func check(charged: Int, item: FeeItem?) -> FeeCheck {
        guard let item else { return charged == 0 ? .matches : .notChargeable(charged: charged) }
        return charged == item.amountFen ? .matches : .differs(standard: item.amountFen, charged: charged)
    }

    /// Refuses a fee item without a legal basis or with a negative or zero amount (a free matter has no items).
    public static func validate(_ item: FeeItem) throws(FeeItemError) {
        guard !item.nameZh.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingName }
        guard item.amountFen > 0 else { throw .nonPositiveAmount }
        guard !item.legalBasis.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingLegalBasis }
    }
}

/// Why a fee item cannot be published.
public enum FeeItemError: LocalizedFailure, Equatable {
    case missingName
    case nonPositiveAmount
    case missingLegalBasis

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.missingName, .zhHans): "请填写收费项目名称"
        case (.missingName, .en): "Please name the fee"
        case (.nonPositiveAmount, .zhHans): "收费标准应大于 0；不收费的事项无需设置收费项目"
        case (.nonPositiveAmount, .en): "The fee must be more than zero; a free matter has no fee items"
        case (.missingLegalBasis, .zhHans): "请填写收费依据：依照《行政许可法》第五十八条，收费须有法律、行政法规依据"
        case (.missingLegalBasis, .en):
            "Please give the legal basis: under Art. 58 of the Administrative Licensing Law a fee needs a law or regulation"
        }
    }
}

extension FeeCheck: LocalizedFailure {
    /// What the supervision desk shows for the check.
    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.matches, .zhHans): "收费与公布的标准一致"
        case (.matches, .en): "The fee matches the published standard"
        case let (.notChargeable(charged), .zhHans): "该事项不收费，但收取了 \(Yuan.format(charged, style: .chinese))"
        case let (.notChargeable(charged), .en): "This matter is free, but \(Yuan.format(charged)) was charged"
        case let (.differs(standard, charged), .zhHans):
            "收费 \(Yuan.format(charged, style: .chinese)) 与公布的标准 \(Yuan.format(standard, style: .chinese)) 不符"
        case let (.differs(standard, charged), .en):
            "\(Yuan.format(charged)) was charged; the published standard is \(Yuan.format(standard))"
        }
    }
}

/// Money in fen, written for people.
public enum Yuan {
    public enum Style: Sendable {
        /// `¥1,234.50`.
        case symbol
        /// `1234.50 元`.
        case chinese
    }

    public static func format(_ fen: Int, style: Style = .symbol) -> String {
        let negative = fen < 0
        let magnitude = fen.magnitude
        let yuan = magnitude / 100
        let cents = magnitude % 100
        let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
        switch style {
        case .symbol:
            var digits = String(yuan)
            var grouped = ""
            while digits.count > 3 {
                grouped = "," + digits.suffix(3) + grouped
                digits.removeLast(3)
            }
            return (negative ? "-" : "") + "¥" + digits + grouped + "." + centsText
        case .chinese:
            return (negative ? "-" : "") + "\(yuan).\(centsText) 元"
        }
    }
}
