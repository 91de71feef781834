/// The kind of a 政务服务事项 (government service matter) a person can apply for.
///
/// The national catalogue (国务院《关于加快推进全国一体化在线政务服务平台建设的指导意见》, 国发〔2018〕27号, and
/// GB/T 39554.1-2020 for its codes) lists matters by 事项类型. Only the kinds a person *applies* for are service
/// matters; 行政处罚, 行政强制, 行政征收 and 行政检查 are powers exercised on people, not services, so they have no case
/// here (``MatterCode`` names them in its refusal).
///
/// `typeCode` is the two-digit 事项类型代码 used by the national platform's data exchange (01 行政许可 … 10
/// 其他行政权力, 20 公共服务). Those numbers are corroborated by published platform dictionaries, not by the text
/// of the standard itself; see ``MatterCode``.
public enum MatterKind: String, Sendable, CaseIterable, Codable {
    /// 行政许可 (《行政许可法》).
    case administrativeLicensing
    /// 行政确认: confirming a status or fact, such as a registration.
    case administrativeConfirmation
    /// 行政给付: benefits and allowances paid or granted.
    case administrativePayment
    /// 行政裁决: deciding certain civil disputes closely tied to administration.
    case administrativeAdjudication
    /// 行政奖励.
    case administrativeReward
    /// 其他行政权力.
    case otherAdministrativePower
    /// 公共服务: services that are not the exercise of a power.
    case publicService

    /// 事项类型代码.
    public var typeCode: String {
        switch self {
        case .administrativeLicensing: "01"
        case .administrativePayment: "05"
        case .administrativeConfirmation: "07"
        case .administrativeReward: "08"
        case .administrativeAdjudication: "09"
        case .otherAdministrativePower: "10"
        case .publicService: "20"
        }
    }

    /// The kind with this 事项类型代码, or `nil` when the code is not a service kind.
    public init?(typeCode: String) {
        guard let kind = Self.allCases.first(where: { $0.typeCode == typeCode }) else { return nil }
        self = kind
    }

    /// Only 行政许可 is governed by the time limits and procedure of 《行政许可法》 (Arts. 32, 42, 44, 45).
    public var isGovernedByLicensingLaw: Bool { self == .administrativeLicensing }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.administrativeLicensing, .zhHans): "行政许可"
        case (.administrativeLicensing, .en): "Administrative licensing"
        case (.administrativeConfirmation, .zhHans): "行政确认"
        case (.administrativeConfirmation, .en): "Administrative confirmation"
        case (.administrativePayment, .zhHans): "行政给付"
        case (.administrativePayment, .en): "Administrative benefit"
        case (.administrativeAdjudication, .zhHans): "行政裁决"
        case (.administrativeAdjudication, .en): "Administrative adjudication"
        case (.administrativeReward, .zhHans): "行政奖励"
        case (.administrativeReward, .en): "Administrative reward"
        case (.otherAdministrativePower, .zhHans): "其他行政权力"
        case (.otherAdministrativePower, .en): "Other administrative power"
        case (.publicService, .zhHans): "公共服务"
        case (.publicService, .en): "Public service"
        }
    }
}

/// How far a matter can be done online (网上办理深度), in increasing order.
public enum OnlineDepth: String, Sendable, CaseIterable, Codable, Comparable {
    /// 仅提供办事指南: the guide is online, the application is made at the window.
    case guideOnly
    /// 网上申请、窗口交材料: applied for online, papers brought to the window (often 最多跑一次).
    case onlineApplicationPapersAtWindow
    /// 全程网办: applied for, decided and delivered without a visit (零跑动).
    case fullyOnline

    private var rank: Int {
        switch self {
        case .guideOnly: 0
        case .onlineApplicationPapersAtWindow: 1
        case .fullyOnline: 2
        }
    }

    public static func < (lhs: OnlineDepth, rhs: OnlineDepth) -> Bool { lhs.rank < rhs.rank }

    /// Whether an application may be submitted through the portal at all.
    public var acceptsOnlineApplication: Bool { self != .guideOnly }

    /// Whether the applicant must come to the window at some point.
    public var requiresVisit: Bool { self != .fullyOnline }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.guideOnly, .zhHans): "仅提供办事指南"
        case (.guideOnly, .en): "Guide only"
        case (.onlineApplicationPapersAtWindow, .zhHans): "网上申请、窗口交材料"
        case (.onlineApplicationPapersAtWindow, .en): "Apply online, bring papers to the window"
        case (.fullyOnline, .zhHans): "全程网办"
        case (.fullyOnline, .en): "Fully online"
        }
    }
}

/// A step of a matter's procedure.
///
/// 《行政许可法》 Art. 45: the time needed for a hearing (听证), tendering (招标), auction (拍卖), inspection (检验),
/// testing (检测), quarantine (检疫), appraisal (鉴定) or expert review (专家评审) is not counted in the limits of
/// Art. 42, and the applicant is told in writing how long it will take. ``isExcludedFromLimit`` marks exactly
/// those steps.
public enum StepKind: String, Sendable, CaseIterable, Codable {
    /// 受理 (Art. 32).
    case acceptance
    /// 审查 (Arts. 34–36).
    case review
    /// 现场勘查 / 核查 (Art. 34 ¶3): counted in the limit.
    case siteInspection
    /// 决定 (Arts. 37–38).
    case decision
    /// 制证送达 (Art. 44).
    case certificate
    /// 听证 (Arts. 46–48).
    case hearing
    /// 招标.
    case tendering
    /// 拍卖.
    case auction
    /// 检验.
    case inspection
    /// 检测.
    case testing
    /// 检疫.
    case quarantine
    /// 鉴定.
    case appraisal
    /// 专家评审.
    case expertReview

    /// The Art. 45 procedure this step is, if it is one: the list lives in ``ExcludedProcedure``.
    public var excludedProcedure: ExcludedProcedure? {
        switch self {
        case .hearing: .hearing
        case .tendering: .tendering
        case .auction: .auction
        case .inspection: .inspection
        case .testing: .testing
        case .quarantine: .quarantine
        case .appraisal: .appraisal
        case .expertReview: .expertReview
        case .acceptance, .review, .siteInspection, .decision, .certificate: nil
        }
    }

    /// Art. 45: not counted in the statutory or promised limit; the applicant must be told in writing.
    public var isExcludedFromLimit: Bool { excludedProcedure != nil }

    public func title(in language: Language) -> String {
        if let procedure = excludedProcedure { return procedure.title(in: language) }
        return switch (self, language) {
        case (.acceptance, .zhHans): "受理"
        case (.acceptance, .en): "Acceptance"
        case (.review, .zhHans): "审查"
        case (.review, .en): "Review"
        case (.siteInspection, .zhHans): "现场勘查"
        case (.siteInspection, .en): "Site inspection"
        case (.decision, .zhHans): "决定"
        case (.decision, .en): "Decision"
        case (.certificate, .zhHans): "制证送达"
        case (.certificate, .en): "Certificate and service"
        case (.hearing, _), (.tendering, _), (.auction, _), (.inspection, _), (.testing, _), (.quarantine, _),
             (.appraisal, _), (.expertReview, _):
            preconditionFailure("titled by ExcludedProcedure above")
        }
    }
}

/// Who a life event or business stage is for.
public enum ServiceAudience: String, Sendable, CaseIterable, Codable {
    /// 个人 (自然人).
    case citizen
    /// 法人 (enterprises and other organisations).
    case enterprise
}

/// The "one thing" themes (一件事) the portal groups matters by: a citizen's life events and an enterprise's
/// life stages, as the national platform's 个人/法人 themes do. Raw values are stable: they are stored and used in
/// URLs.
public enum LifeEvent: String, Sendable, CaseIterable, Codable {
    // Citizens (个人全生命周期).
    case birth = "birth"
    case schooling = "schooling"
    case employment = "employment"
    case marriage = "marriage"
    case housing = "housing"
    case travel = "travel"
    case retirement = "retirement"
    case afterDeath = "after-death"
    // Enterprises (企业全生命周期).
    case startingBusiness = "starting-business"
    case construction = "construction"
    case operatingPermits = "operating-permits"
    case taxes = "taxes"
    case closingBusiness = "closing-business"

    public var audience: ServiceAudience {
        switch self {
        case .birth, .schooling, .employment, .marriage, .housing, .travel, .retirement, .afterDeath: .citizen
        case .startingBusiness, .construction, .operatingPermits, .taxes, .closingBusiness: .enterprise
        }
    }

    /// The events for one audience, in life order.
    public static func events(for audience: ServiceAudience) -> [LifeEvent] {
        allCases.filter { $0.audience == audience }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.birth, .zhHans): "生育"
        case (.birth, .en): "Having a child"
        case (.schooling, .zhHans): "入学"
        case (.schooling, .en): "Starting school"
        case (.employment, .zhHans): "就业"
        case (.employment, .en): "Work"
        case (.marriage, .zhHans): "婚姻"
        case (.marriage, .en): "Marriage"
        case (.housing, .zhHans): "住房"
        case (.housing, .en): "Housing"
        case (.travel, .zhHans): "出行"
        case (.travel, .en): "Travel"
        case (.retirement, .zhHans): "养老"
        case (.retirement, .en): "Retirement"
        case (.afterDeath, .zhHans): "身后事"
        case (.afterDeath, .en): "After a death"
        case (.startingBusiness, .zhHans): "开办企业"
        case (.startingBusiness, .en): "Starting a business"
        case (.construction, .zhHans): "工程建设"
        case (.construction, .en): "Construction projects"
        case (.operatingPermits, .zhHans): "经营许可"
        case (.operatingPermits, .en): "Operating permits"
        case (.taxes, .zhHans): "纳税"
        case (.taxes, .en): "Paying taxes"
        case (.closingBusiness, .zhHans): "注销"
        case (.closingBusiness, .en): "Closing a business"
        }
    }
}
