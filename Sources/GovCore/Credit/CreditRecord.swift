import Foundation

/// What a department records in an enterprise's credit file (企业信用信息). Licences are not recorded here: they come from
/// the certificates the approval hall issued.
public enum CreditRecordKind: String, CaseIterable, Codable, Sendable {
    /// 行政处罚.
    case penalty
    /// 表彰奖励.
    case commendation
    /// 经营异常名录.
    case abnormalOperation = "abnormal_operation"
    /// 严重违法失信名单.
    case seriousViolation = "serious_violation"

    public var isList: Bool { self == .abnormalOperation || self == .seriousViolation }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.penalty, .zhHans): "行政处罚"
        case (.penalty, .en): "Administrative penalty"
        case (.commendation, .zhHans): "表彰奖励"
        case (.commendation, .en): "Commendation"
        case (.abnormalOperation, .zhHans): "经营异常名录"
        case (.abnormalOperation, .en): "Abnormal operation list"
        case (.seriousViolation, .zhHans): "严重违法失信名单"
        case (.seriousViolation, .en): "Serious violation list"
        }
    }
}

/// How grave a penalty's misconduct was, which sets how long it is public.
public enum PenaltySeverity: String, CaseIterable, Codable, Sendable {
    /// 一般失信行为.
    case general
    /// 严重失信行为.
    case serious

    /// 公示期 in months, shortest and longest, as 《失信行为纠正后的信用信息修复管理办法（试行）》 (国家发展改革委令2023年第58号)
    /// sets them for administrative penalty information: general misconduct 3 months to 1 year, serious 1 to 3 years.
    public var publicityMonths: ClosedRange<Int> {
        switch self {
        case .general: 3...12
        case .serious: 12...36
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.general, .zhHans): "一般失信行为"
        case (.general, .en): "General misconduct"
        case (.serious, .zhHans): "严重失信行为"
        case (.serious, .en): "Serious misconduct"
        }
    }
}

/// A record as the rules see it.
public struct CreditEntry: Sendable, Equatable {
    public var kind: CreditRecordKind
    /// 决定日期 / 列入日期.
    public var decidedOn: CivilDate
    public var severity: PenaltySeverity?
    /// The last day a penalty is public.
    public var publicUntil: CivilDate?
    /// 移出 a list, or 信用修复 of a penalty (its publicity ended early).
    public var endedOn: CivilDate?

    public init(kind: CreditRecordKind, decidedOn: CivilDate, severity: PenaltySeverity? = nil, publicUntil: CivilDate? = nil, endedOn: CivilDate? = nil) {
        self.kind = kind
        self.decidedOn = decidedOn
        self.severity = severity
        self.publicUntil = publicUntil
        self.endedOn = endedOn
    }
}

/// Who reads a credit file.
public enum CreditReader: Sendable, Equatable {
    /// Anyone on the public page.
    case publicReader
    /// Government staff, and the enterprise itself: they see what is no longer public too, marked so.
    case entitled
}

/// What of a credit file is shown, and for how long (信用信息公示).
public enum CreditRules {
    /// A penalty is public from its decision through its publicity period, unless credit repair ended it early; list
    /// entries and commendations stay on the file, a removed list entry marked with its removal.
    public static func isPublic(_ entry: CreditEntry, on day: CivilDate) -> Bool {
        switch entry.kind {
        case .penalty:
            guard entry.decidedOn <= day, entry.endedOn.map({ $0 > day }) ?? true else { return false }
            return entry.publicUntil.map { day <= $0 } ?? true
        case .commendation, .abnormalOperation, .seriousViolation:
            return entry.decidedOn <= day
        }
    }

    /// Government staff, and the enterprise the file is about, read it whole; anyone else, signed in or not, reads what is
    /// public.
    public static func reader(accountKind: AccountKind?, ownCreditCode: String?, fileCode: String) -> CreditReader {
        if accountKind == .staff { return .entitled }
        return ownCreditCode != nil && ownCreditCode == fileCode ? .entitled : .publicReader
    }

    public static func isVisible(_ entry: CreditEntry, to reader: CreditReader, on day: CivilDate) -> Bool {
        reader == .entitled || isPublic(entry, on: day)
    }

    /// A list entry is in force until it is removed.
    public static func isListed(_ entry: CreditEntry, on day: CivilDate) -> Bool {
        entry.kind.isList && entry.decidedOn <= day && (entry.endedOn.map { $0 > day } ?? true)
    }

    /// The last public day of a penalty decided on `decidedOn` for `months` (the longest period unless the department
    /// sets a shorter one within the range).
    public static func publicUntil(decidedOn: CivilDate, severity: PenaltySeverity, months: Int?) throws(CreditProblem) -> CivilDate {
        let range = severity.publicityMonths
        let chosen = months ?? range.upperBound
        guard range.contains(chosen) else { throw .publicityMonths(range) }
        return decidedOn.adding(months: chosen).adding(days: -1)
    }

    /// Credit repair may end a penalty's publicity only once its shortest period has passed.
    public static func mayRepair(_ entry: CreditEntry, on day: CivilDate) throws(CreditProblem) {
        guard entry.kind == .penalty, let severity = entry.severity else { throw .notRepairable }
        guard entry.endedOn == nil else { throw .alreadyEnded }
        let earliest = entry.decidedOn.adding(months: severity.publicityMonths.lowerBound)
        guard day >= earliest else { throw .tooEarly(earliest) }
    }
}

public enum CreditProblem: LocalizedFailure, Equatable {
    case publicityMonths(ClosedRange<Int>)
    case notRepairable
    case alreadyEnded
    case tooEarly(CivilDate)
    case futureDate
    case notPermitted
    case notFound

    public func message(in language: Language) -> String {
        switch (self, language) {
        case let (.publicityMonths(range), .zhHans): "公示期应为 \(range.lowerBound)–\(range.upperBound) 个月"
        case let (.publicityMonths(range), .en): "The publicity period must be \(range.lowerBound) to \(range.upperBound) months"
        case (.notRepairable, .zhHans): "只有行政处罚信息可以信用修复"
        case (.notRepairable, .en): "Only penalties can be repaired"
        case (.alreadyEnded, .zhHans): "该记录已移出或已修复"
        case (.alreadyEnded, .en): "This record has already ended"
        case let (.tooEarly(day), .zhHans): "最短公示期未满，\(day) 起方可申请信用修复"
        case let (.tooEarly(day), .en): "The shortest publicity period has not passed; repair is possible from \(day)"
        case (.futureDate, .zhHans): "日期不能晚于今天"
        case (.futureDate, .en): "The date cannot be after today"
        case (.notPermitted, .zhHans): "您无权为该部门记录信用信息"
        case (.notPermitted, .en): "You may not record credit information for this department"
        case (.notFound, .zhHans): "没有这条信用记录"
        case (.notFound, .en): "No such credit record"
        }
    }
}
