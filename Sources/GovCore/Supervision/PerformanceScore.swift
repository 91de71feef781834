import Foundation

/// The parts of a department's performance score (行政效能综合评估).
public enum ScoreComponent: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// 办件按时率.
    case timeliness
    /// 提前办结率.
    case earlyCompletion = "early_completion"
    /// Rule violations per hundred cases, as a penalty.
    case violations
    /// 好差评 satisfaction.
    case satisfaction
    /// Replies to supervision orders on time.
    case supervisionResponse = "supervision_response"
    /// Proactive disclosure published on time, and requests answered on time.
    case disclosureTimeliness = "disclosure_timeliness"
    /// Hotline tickets and leader-mailbox letters answered on time.
    case hotlineHandling = "hotline_handling"
    /// Sharing requests answered on time.
    case sharingResponsiveness = "sharing_responsiveness"

    /// The obligation kinds whose timeliness this component scores; empty for those computed from case counts, and
    /// for areas whose kinds have not been added yet, which then simply have no data.
    public var obligationKinds: [ObligationKind] {
        switch self {
        case .supervisionResponse: [.supervisionReply]
        case .disclosureTimeliness: [.proactiveDisclosure, .disclosureReply]
        case .sharingResponsiveness: [.sharingReply]
        case .hotlineHandling: [.ticketHandling]
        case .timeliness, .earlyCompletion, .violations, .satisfaction: []
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.timeliness, .zhHans): "按时办结"
        case (.timeliness, .en): "Timeliness"
        case (.earlyCompletion, .zhHans): "提前办结"
        case (.earlyCompletion, .en): "Early completion"
        case (.violations, .zhHans): "违规异常"
        case (.violations, .en): "Violations"
        case (.satisfaction, .zhHans): "群众满意度"
        case (.satisfaction, .en): "Satisfaction"
        case (.supervisionResponse, .zhHans): "督办回复"
        case (.supervisionResponse, .en): "Supervision replies"
        case (.disclosureTimeliness, .zhHans): "信息公开时效"
        case (.disclosureTimeliness, .en): "Disclosure timeliness"
        case (.hotlineHandling, .zhHans): "热线工单办理"
        case (.hotlineHandling, .en): "Hotline handling"
        case (.sharingResponsiveness, .zhHans): "共享申请响应"
        case (.sharingResponsiveness, .en): "Sharing responsiveness"
        }
    }
}

/// The scoring model: a weight per component, the violation penalty and the smallest sample a component is judged on.
/// Components without enough data in a period are left out and the remaining weights share the score, so a department
/// is neither marked down for what it had none of nor ranked first on one rating.
public struct ScoringModel: Codable, Equatable, Sendable {
    public var weights: [ScoreComponent: Int]
    /// Points taken from the violation component for each violation per hundred cases.
    public var violationPenaltyPer100: Int
    /// The fewest observations (judged cases, ratings, judged obligations) a component needs to count; below it the
    /// component says 样本不足 rather than a score.
    public var minimumSample: Int

    public static let defaultMinimumSample = 5

    public init(weights: [ScoreComponent: Int], violationPenaltyPer100: Int = 5, minimumSample: Int = ScoringModel.defaultMinimumSample) {
        self.weights = weights
        self.violationPenaltyPer100 = violationPenaltyPer100
        self.minimumSample = minimumSample
    }

    /// Settings saved before the minimum sample existed take the default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weights = try container.decode([ScoreComponent: Int].self, forKey: .weights)
        violationPenaltyPer100 = try container.decode(Int.self, forKey: .violationPenaltyPer100)
        minimumSample = try container.decodeIfPresent(Int.self, forKey: .minimumSample) ?? Self.defaultMinimumSample
    }

    public static let standard = ScoringModel(weights: [
        .timeliness: 30, .earlyCompletion: 20, .violations: 20, .satisfaction: 15, .supervisionResponse: 5,
        .disclosureTimeliness: 5, .hotlineHandling: 5, .sharingResponsiveness: 5,
    ])

    public func weight(_ component: ScoreComponent) -> Int { weights[component] ?? 0 }

    public func validate() throws(SupervisionError) {
        for component in ScoreComponent.allCases where !(0...100).contains(weight(component)) {
            throw .invalidWeight(name: component.rawValue)
        }
        guard ScoreComponent.allCases.contains(where: { weight($0) > 0 }) else { throw .invalidWeight(name: "*") }
        guard (0...100).contains(violationPenaltyPer100) else {
            throw .invalidSetting(name: "violationPenaltyPer100", value: violationPenaltyPer100)
        }
        guard (1...1000).contains(minimumSample) else { throw .invalidSetting(name: "minimumSample", value: minimumSample) }
    }
}

/// What one department did in a period: its case counts and, per kind, its other obligations.
public struct PerformanceInput: Equatable, Sendable {
    public var unitID: UUID
    public var unitName: String
    public var counts: ServiceCounts
    public var obligations: [ObligationKind: ObligationCounts]

    public init(unitID: UUID, unitName: String, counts: ServiceCounts, obligations: [ObligationKind: ObligationCounts] = [:]) {
        self.unitID = unitID
        self.unitName = unitName
        self.counts = counts
        self.obligations = obligations
    }
}

/// One part of a score, explained: the figure it rests on, the points it earned, its weight and its share of the total.
public struct ScorePart: Equatable, Sendable {
    public var component: ScoreComponent
    /// The underlying figure: a rate 0…1, violations per hundred cases, or average stars.
    public var figure: Double
    /// 0…100.
    public var points: Double
    public var weight: Int
    /// Points × weight ÷ the weights of the parts present.
    public var contribution: Double
}

public struct PerformanceScore: Equatable, Sendable {
    public var unitID: UUID
    public var unitName: String
    /// 0…100; `nil` when no component had enough data in the period (样本不足): never a score from no data.
    public var total: Double?
    public var parts: [ScorePart]
    /// 1 for the best; `nil` when not ranked.
    public var rank: Int?
    /// The components that had some data, but less than the model's minimum sample.
    public var belowMinimumSample: [ScoreComponent] = []
}

public enum PerformanceRules {
    /// The parts of one department's score, each with its figure and points, before weighting.
    /// One component's figure and points, with the number of observations they rest on.
    struct RawPart {
        var component: ScoreComponent
        var sample: Int
        var figure: Double
        var points: Double
    }

    /// The parts of one department's score that have any data, each with its sample, figure and points, before weighting.
    static func rawParts(_ input: PerformanceInput, model: ScoringModel) -> [RawPart] {
        let metrics = ServiceMetrics(input.counts)
        var parts: [RawPart] = []
        for component in ScoreComponent.allCases where model.weight(component) > 0 {
            switch component {
            case .timeliness:
                if let rate = metrics.onTimeRate { parts.append(RawPart(component: component, sample: input.counts.judged, figure: rate, points: rate * 100)) }
            case .earlyCompletion:
                if let rate = metrics.earlyRate { parts.append(RawPart(component: component, sample: input.counts.judged, figure: rate, points: rate * 100)) }
            case .violations:
                // Judged on the cases handled; violations with too few cases say nothing about a rate either way.
                let base = max(input.counts.received, input.counts.completed)
                if base > 0 || input.counts.violations > 0 {
                    let per100 = Double(input.counts.violations) * 100 / Double(max(base, 1))
                    parts.append(RawPart(
                        component: component, sample: base, figure: per100, points: max(0, 100 - per100 * Double(model.violationPenaltyPer100))))
                }
            case .satisfaction:
                if let stars = metrics.satisfaction {
                    parts.append(RawPart(component: component, sample: input.counts.ratings, figure: stars, points: (stars - 1) / 4 * 100))
                }
            case .supervisionResponse, .disclosureTimeliness, .hotlineHandling, .sharingResponsiveness:
                let counts = component.obligationKinds.reduce(ObligationCounts()) { $0 + (input.obligations[$1] ?? ObligationCounts()) }
                if let rate = counts.onTimeRate { parts.append(RawPart(component: component, sample: counts.judged, figure: rate, points: rate * 100)) }
            }
        }
        return parts
    }

    /// One department's score, explained by its parts; only parts with at least the model's minimum sample count.
    public static func score(_ input: PerformanceInput, model: ScoringModel) -> PerformanceScore {
        let raw = rawParts(input, model: model)
        let counted = raw.filter { $0.sample >= model.minimumSample }
        let belowMinimum = raw.filter { $0.sample < model.minimumSample }.map(\.component)
        let weightSum = counted.reduce(0) { $0 + model.weight($1.component) }
        guard weightSum > 0 else {
            return PerformanceScore(unitID: input.unitID, unitName: input.unitName, total: nil, parts: [], rank: nil, belowMinimumSample: belowMinimum)
        }
        let parts = counted.map { part in
            ScorePart(component: part.component, figure: part.figure, points: part.points, weight: model.weight(part.component),
                      contribution: part.points * Double(model.weight(part.component)) / Double(weightSum))
        }
        return PerformanceScore(
            unitID: input.unitID, unitName: input.unitName, total: parts.reduce(0) { $0 + $1.contribution }, parts: parts, rank: nil,
            belowMinimumSample: belowMinimum)
    }

    /// Every department's score, best first, ranked; equal totals share a rank, and those with nothing to score
    /// come last, unranked. Totals are compared to two decimals, as they are published.
    public static func ranking(_ inputs: [PerformanceInput], model: ScoringModel) -> [PerformanceScore] {
        func rounded(_ value: Double?) -> Int? { value.map { Int(($0 * 100).rounded()) } }
        let scores = inputs.map { score($0, model: model) }.sorted { lhs, rhs in
            switch (rounded(lhs.total), rounded(rhs.total)) {
            case let (l?, r?) where l != r: l > r
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.unitName < rhs.unitName
            }
        }
        var ranked: [PerformanceScore] = []
        for (index, var score) in scores.enumerated() {
            if let total = rounded(score.total) {
                if let previous = ranked.last, rounded(previous.total) == total { score.rank = previous.rank } else { score.rank = index + 1 }
            }
            ranked.append(score)
        }
        return ranked
    }
}
