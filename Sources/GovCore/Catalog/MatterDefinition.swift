import Foundation

/// One version of a 政务服务事项 and its 办事指南: everything the public reads before applying and everything the
/// rules need to run a case. Stored as JSON per version; a case keeps the version it was filed under.
///
/// The fields follow the 办事指南 elements of GB/T 39554.1 and 国办发〔2018〕45号 (事项名称, 实施主体, 设定依据, 受理条件,
/// 申请材料, 收费, 办理时限, 办理流程, 办理地点和时间, 咨询方式, 办理结果).
public struct MatterDefinition: Sendable, Codable, Equatable {
    public var code: MatterCode
    public var nameZh: String
    public var nameEn: String
    public var kind: MatterKind
    /// 设定依据: the laws and regulations that create the matter, article by article.
    public var legalBasisZh: String
    public var legalBasisEn: String
    /// 受理条件 / 许可条件.
    public var conditionsZh: String
    public var conditionsEn: String
    public var audiences: [ServiceAudience]
    public var lifeEvents: [LifeEvent]
    public var materials: [MaterialRequirement]
    public var fees: FeeSchedule
    /// 法定办结时限 in working days (Art. 42 unless a law sets another).
    public var statutoryDays: Int
    /// 承诺办结时限 in working days, no longer than the law's.
    public var promisedDays: Int
    /// 即办件.
    public var isOnTheSpot: Bool
    /// The review steps after acceptance, in order; an Art. 45 step is a procedure the reviewer may start.
    public var steps: [MatterStep]
    public var onlineDepth: OnlineDepth
    public var windowZh: String
    public var windowEn: String
    public var hoursZh: String
    public var hoursEn: String
    public var phone: String
    /// The certificate a grant produces, or `nil` when the result is a decision letter only.
    public var result: MatterResult?
    public var form: FormSchema
    /// This matter's own escalation thresholds for electronic supervision, if it has any; else the installation's.
    public var escalation: EscalationSettings?

    public init(
        code: MatterCode, nameZh: String, nameEn: String, kind: MatterKind, legalBasisZh: String, legalBasisEn: String,
        conditionsZh: String, conditionsEn: String, audiences: [ServiceAudience], lifeEvents: [LifeEvent],
        materials: [MaterialRequirement], fees: FeeSchedule, statutoryDays: Int, promisedDays: Int, isOnTheSpot: Bool,
        steps: [MatterStep], onlineDepth: OnlineDepth, windowZh: String, windowEn: String, hoursZh: String,
        hoursEn: String, phone: String, result: MatterResult?, form: FormSchema, escalation: EscalationSettings? = nil
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.kind = kind
        self.legalBasisZh = legalBasisZh
        self.legalBasisEn = legalBasisEn
        self.conditionsZh = conditionsZh
        self.conditionsEn = conditionsEn
        self.audiences = audiences
        self.lifeEvents = lifeEvents
        self.materials = materials
        self.fees = fees
        self.statutoryDays = statutoryDays
        self.promisedDays = promisedDays
        self.isOnTheSpot = isOnTheSpot
        self.steps = steps
        self.onlineDepth = onlineDepth
        self.windowZh = windowZh
        self.windowEn = windowEn
        self.hoursZh = hoursZh
        self.hoursEn = hoursEn
        self.phone = phone
        self.result = result
        self.form = form
        self.escalation = escalation
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }

    /// The clock settings the case rules use (Arts. 32, 42, 44).
    public var clockSettings: CaseClockSettings {
        CaseClockSettings(statutoryDays: statutoryDays, promisedDays: promisedDays, isOnTheSpot: isOnTheSpot)
    }

    /// The steps a case walks through in order; Art. 45 procedures are not among them, they pause a case instead.
    public var reviewSteps: [ReviewStep] {
        steps.filter { !$0.kind.isExcludedFromLimit }.map { ReviewStep(name: $0.nameZh, role: $0.role, limitDays: $0.limitDays) }
    }

    /// The Art. 45 procedures this matter may need, for the guide and the reviewer's choices.
    public var possibleProcedures: [ExcludedProcedure] { steps.compactMap(\.kind.excludedProcedure) }

    public func material(_ key: String) -> MaterialRequirement? { materials.first { $0.key == key } }

    /// Everything an editor must get right before a version is published; all problems at once.
    public func validate() -> FieldErrors {
        var errors = FieldErrors()
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if blank(nameZh) { errors.add("nameZh", MatterProblem.required) }
        if blank(nameEn) { errors.add("nameEn", MatterProblem.required) }
        if blank(legalBasisZh) { errors.add("legalBasisZh", MatterProblem.legalBasisRequired) }
        if blank(conditionsZh) { errors.add("conditionsZh", MatterProblem.required) }
        if audiences.isEmpty { errors.add("audiences", MatterProblem.required) }
        do { try clockSettings.validate() } catch { errors.add("promisedDays", error) }
        for step in steps {
            // An Art. 45 procedure is started by whoever holds the current step, so only its name and limit matter.
            let role = step.kind.isExcludedFromLimit ? Role.reviewer : step.role
            do { try ReviewStep(name: step.nameZh, role: role, limitDays: step.limitDays).validate() } catch {
                errors.add("steps", error)
            }
        }
        if !isOnTheSpot, reviewSteps.isEmpty { errors.add("steps", MatterProblem.noReviewStep) }
        var keys = Set<String>()
        for material in materials {
            if blank(material.nameZh) || !FormField.isIdentifier(material.key) || !keys.insert(material.key).inserted || material.copies < 1 {
                errors.add("materials", MatterProblem.badMaterial(material.nameZh))
            }
        }
        if case let .charged(items) = fees {
            for item in items {
                do { try FeeRules.validate(item) } catch { errors.add("fees", error) }
            }
        }
        do { try form.validateDefinition() } catch { errors.add("form", error) }
        if let result, blank(result.certificateNameZh) || !(1...1200).contains(result.validityMonths ?? 1) {
            errors.add("result", MatterProblem.badResult)
        }
        if blank(phone) { errors.add("phone", MatterProblem.required) }
        if let escalation {
            do { try escalation.validate() } catch { errors.add("escalation", error) }
        }
        return errors
    }
}

/// One item of the 申请材料清单.
public struct MaterialRequirement: Sendable, Codable, Equatable {
    /// An ASCII identifier, stable across versions: the upload field and the stored material's key.
    public var key: String
    public var nameZh: String
    public var nameEn: String
    public var required: Bool
    /// 原件 or 复印件.
    public var original: Bool
    /// 份数.
    public var copies: Int
    /// Whether an electronic copy (upload) is accepted instead of paper.
    public var electronicAccepted: Bool
    /// Whether the guide offers a blank form (空白表格) and a filled sample (示例样表) to download.
    public var hasBlankForm: Bool
    public var hasSample: Bool

    public init(
        key: String, nameZh: String, nameEn: String, required: Bool = true, original: Bool = true, copies: Int = 1,
        electronicAccepted: Bool = true, hasBlankForm: Bool = false, hasSample: Bool = false
    ) {
        self.key = key
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.required = required
        self.original = original
        self.copies = copies
        self.electronicAccepted = electronicAccepted
        self.hasBlankForm = hasBlankForm
        self.hasSample = hasSample
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
}

/// One step of the 办理流程 after acceptance. Acceptance, decision and service of the certificate are implied.
public struct MatterStep: Sendable, Codable, Equatable {
    public var kind: StepKind
    public var nameZh: String
    public var nameEn: String
    public var role: Role
    public var limitDays: Int

    public init(kind: StepKind, nameZh: String, nameEn: String, role: Role, limitDays: Int) {
        self.kind = kind
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.role = role
        self.limitDays = limitDays
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }
}

/// 办理结果: the certificate (证照) a grant produces.
public struct MatterResult: Sendable, Codable, Equatable {
    public var certificateNameZh: String
    public var certificateNameEn: String
    /// 有效期 in months; `nil` for a certificate without an end date.
    public var validityMonths: Int?

    public init(certificateNameZh: String, certificateNameEn: String, validityMonths: Int?) {
        self.certificateNameZh = certificateNameZh
        self.certificateNameEn = certificateNameEn
        self.validityMonths = validityMonths
    }

    public func certificateName(in language: Language) -> String { language == .zhHans ? certificateNameZh : certificateNameEn }
}

/// Why a matter version cannot be published.
public enum MatterProblem: LocalizedFailure, Equatable {
    case required
    case legalBasisRequired
    case noReviewStep
    case badMaterial(String)
    case badResult

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.required, .zhHans): "必填"
        case (.required, .en): "Required"
        case (.legalBasisRequired, .zhHans): "请填写设定依据（法律、法规的名称和条款）"
        case (.legalBasisRequired, .en): "Give the legal basis (the law or regulation and its article)"
        case (.noReviewStep, .zhHans): "非即办件至少需要一个审查环节"
        case (.noReviewStep, .en): "A matter that is not decided on the spot needs at least one review step"
        case let (.badMaterial(name), .zhHans): "申请材料“\(name)”设置无效：须有名称、唯一的英文标识，份数至少 1"
        case let (.badMaterial(name), .en): "The material “\(name)” is invalid: it needs a name, a unique ASCII key and at least 1 copy"
        case (.badResult, .zhHans): "办理结果须有证照名称，有效期为 1 至 1200 个月"
        case (.badResult, .en): "The result needs a certificate name and a validity of 1 to 1200 months"
        }
    }
}
