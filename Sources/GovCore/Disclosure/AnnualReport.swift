import Foundation

/// A request as the annual report counts it.
public struct RequestTallyEntry: Equatable, Sendable {
    public var kind: RequesterKind
    public var receivedOn: CivilDate
    public var answeredOn: CivilDate?
    public var outcome: ResponseOutcome?

    public init(kind: RequesterKind, receivedOn: CivilDate, answeredOn: CivilDate? = nil, outcome: ResponseOutcome? = nil) {
        self.kind = kind
        self.receivedOn = receivedOn
        self.answeredOn = answeredOn
        self.outcome = outcome
    }
}

/// A row of counts by requester, with its total (the template's 自然人 … 总计 columns).
public struct RequesterCounts: Equatable, Sendable {
    public var byKind: [RequesterKind: Int] = [:]

    public init(_ byKind: [RequesterKind: Int] = [:]) { self.byKind = byKind }

    public subscript(kind: RequesterKind) -> Int { byKind[kind, default: 0] }
    public var total: Int { byKind.values.reduce(0, +) }
    /// 法人或其他组织, all kinds together.
    public var organisations: Int { total - self[.naturalPerson] }

    mutating func add(_ kind: RequesterKind) { byKind[kind, default: 0] += 1 }

    public static func + (lhs: RequesterCounts, rhs: RequesterCounts) -> RequesterCounts {
        RequesterCounts(lhs.byKind.merging(rhs.byKind, uniquingKeysWith: +))
    }
}

/// Table 三 of the national template (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号):
/// requests received and how each was handled, by requester.
public struct RequestTable: Equatable, Sendable {
    /// 一、本年新收政府信息公开申请数量.
    public var received = RequesterCounts()
    /// 二、上年结转政府信息公开申请数量.
    public var carriedOver = RequesterCounts()
    /// 三、本年度办理结果, by outcome.
    public var outcomes: [ResponseOutcome: RequesterCounts] = [:]
    /// 四、结转下年度继续办理.
    public var carriedForward = RequesterCounts()

    public init() {}

    public func outcome(_ outcome: ResponseOutcome) -> RequesterCounts { outcomes[outcome] ?? RequesterCounts() }

    public func group(_ group: ResponseGroup) -> RequesterCounts {
        ResponseOutcome.allCases.filter { $0.group == group }.reduce(RequesterCounts()) { $0 + outcome($1) }
    }

    /// （七）总计.
    public var handled: RequesterCounts { ResponseOutcome.allCases.reduce(RequesterCounts()) { $0 + outcome($1) } }

    /// Counts the requests of `year`: received in it; carried over from before it; answered in it; still open at its end.
    public static func build(_ entries: [RequestTallyEntry], year: Int) -> RequestTable {
        var table = RequestTable()
        let start = CivilDate(year: year, month: 1, day: 1)!
        let end = CivilDate(year: year, month: 12, day: 31)!
        for entry in entries where entry.receivedOn <= end {
            let answeredBefore = entry.answeredOn.map { $0 < start } ?? false
            if answeredBefore { continue }
            if entry.receivedOn >= start { table.received.add(entry.kind) } else { table.carriedOver.add(entry.kind) }
            if let answered = entry.answeredOn, answered <= end, let outcome = entry.outcome {
                table.outcomes[outcome, default: RequesterCounts()].add(entry.kind)
            } else {
                table.carriedForward.add(entry.kind)
            }
        }
        return table
    }
}

/// The figures staff record for the report that GovHall does not hold (table 四 and the fees), by key.
public enum ReportFigureKey: String, CaseIterable, Codable, Sendable {
    case reconsiderationUpheld = "reconsideration_upheld"
    case reconsiderationCorrected = "reconsideration_corrected"
    case reconsiderationOther = "reconsideration_other"
    case reconsiderationPending = "reconsideration_pending"
    case directSuitUpheld = "direct_suit_upheld"
    case directSuitCorrected = "direct_suit_corrected"
    case directSuitOther = "direct_suit_other"
    case directSuitPending = "direct_suit_pending"
    case suitAfterReconsiderationUpheld = "suit_after_reconsideration_upheld"
    case suitAfterReconsiderationCorrected = "suit_after_reconsideration_corrected"
    case suitAfterReconsiderationOther = "suit_after_reconsideration_other"
    case suitAfterReconsiderationPending = "suit_after_reconsideration_pending"
    /// 行政处罚 decisions of the year, which GovHall does not handle.
    case penaltyDecisions = "penalty_decisions"
    /// 行政强制 decisions of the year.
    case enforcementDecisions = "enforcement_decisions"
    /// 信息处理费 collected, in yuan.
    case processingFees = "processing_fees"

    public static let reconsideration: [ReportFigureKey] = [.reconsiderationUpheld, .reconsiderationCorrected, .reconsiderationOther, .reconsiderationPending]
    public static let directSuit: [ReportFigureKey] = [.directSuitUpheld, .directSuitCorrected, .directSuitOther, .directSuitPending]
    public static let suitAfterReconsideration: [ReportFigureKey] = [
        .suitAfterReconsiderationUpheld, .suitAfterReconsiderationCorrected, .suitAfterReconsiderationOther, .suitAfterReconsiderationPending,
    ]
}

/// The report's prose sections.
public enum ReportTextKey: String, CaseIterable, Codable, Sendable {
    /// 一、总体情况.
    case overview
    /// 五、存在的主要问题及改进情况.
    case problems
    /// 六、其他需要报告的事项.
    case other
}
