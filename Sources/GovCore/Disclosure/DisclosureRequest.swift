import Foundation

/// Which edition of 《中华人民共和国政府信息公开条例》 the installation answers requests under.
public enum DisclosureRegulations: String, CaseIterable, Codable, Sendable {
    /// 2019 (国务院令第711号): 20 working days, +20 with approval (第三十三条).
    case edition2019 = "2019"
    /// 2008 (国务院令第492号): 15 working days, +15 with approval (第二十四条).
    case edition2008 = "2008"

    public var replyWorkingDays: Int { self == .edition2019 ? 20 : 15 }
    public var extensionWorkingDays: Int { self == .edition2019 ? 20 : 15 }
    /// 第三十条: an unclear request is told once, within 7 working days of receipt, what to add.
    public var clarificationNoticeWorkingDays: Int { 7 }
    /// 第三十二条: a third party asked for its view has 15 working days, which the limit excludes (第三十三条第二款).
    public var consultationWorkingDays: Int { 15 }
}

/// Who asks (the annual report's columns: 自然人, and 法人或其他组织 by kind).
public enum RequesterKind: String, CaseIterable, Codable, Sendable {
    case naturalPerson = "natural_person"
    case commercialEnterprise = "commercial_enterprise"
    case researchInstitution = "research_institution"
    case publicInterestOrganisation = "public_interest_organisation"
    case legalServiceOrganisation = "legal_service_organisation"
    case otherOrganisation = "other_organisation"

    public var isNaturalPerson: Bool { self == .naturalPerson }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.naturalPerson, .zhHans): "自然人"
        case (.naturalPerson, .en): "Natural person"
        case (.commercialEnterprise, .zhHans): "商业企业"
        case (.commercialEnterprise, .en): "Commercial enterprise"
        case (.researchInstitution, .zhHans): "科研机构"
        case (.researchInstitution, .en): "Research institution"
        case (.publicInterestOrganisation, .zhHans): "社会公益组织"
        case (.publicInterestOrganisation, .en): "Public-interest organisation"
        case (.legalServiceOrganisation, .zhHans): "法律服务机构"
        case (.legalServiceOrganisation, .en): "Legal service organisation"
        case (.otherOrganisation, .zhHans): "其他组织"
        case (.otherOrganisation, .en): "Other organisation"
        }
    }
}

/// 获取信息的方式 and 提供方式 the requester prefers (第二十九条).
public enum DeliveryForm: String, CaseIterable, Codable, Sendable {
    case paper
    case electronic
    case inspection

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.paper, .zhHans): "纸质文本"
        case (.paper, .en): "On paper"
        case (.electronic, .zhHans): "电子文本"
        case (.electronic, .en): "Electronic copy"
        case (.inspection, .zhHans): "当场查阅、抄录"
        case (.inspection, .en): "Inspection in person"
        }
    }
}

public enum DeliveryMethod: String, CaseIterable, Codable, Sendable {
    case post
    case email
    case collect
    case online

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.post, .zhHans): "邮寄"
        case (.post, .en): "By post"
        case (.email, .zhHans): "电子邮件"
        case (.email, .en): "By e-mail"
        case (.collect, .zhHans): "自行领取"
        case (.collect, .en): "Collected in person"
        case (.online, .zhHans): "网上获取"
        case (.online, .en): "Online, in the applicant's space"
        }
    }
}

/// The application (政府信息公开申请表) as filed, checked.
public struct DisclosureApplication: Codable, Equatable, Sendable {
    public var kind: RequesterKind
    /// 姓名 or 名称.
    public var name: String
    /// 身份证号 for a natural person, 统一社会信用代码 for the others.
    public var identifier: String
    /// For an organisation: the person filing on its behalf.
    public var contactPerson: String
    public var phone: String
    public var email: String
    public var address: String
    /// 所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述 (第二十九条第二款第二项).
    public var description: String
    public var form: DeliveryForm
    public var delivery: DeliveryMethod

    public init(kind: RequesterKind, name: String, identifier: String, contactPerson: String = "", phone: String, email: String = "", address: String = "",
                description: String, form: DeliveryForm, delivery: DeliveryMethod) {
        self.kind = kind
        self.name = name
        self.identifier = identifier
        self.contactPerson = contactPerson
        self.phone = phone
        self.email = email
        self.address = address
        self.description = description
        self.form = form
        self.delivery = delivery
    }

    public func validated() throws(FieldErrors) -> DisclosureApplication {
        var errors = FieldErrors()
        var clean = self
        func text(_ value: String, _ field: String, max: Int, required: Bool) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if required, trimmed.isEmpty { errors.add(field, FieldProblem.required) }
            if trimmed.count > max { errors.add(field, FieldProblem.tooLong(max: max)) }
            return trimmed
        }
        clean.name = text(name, "name", max: 100, required: true)
        clean.contactPerson = text(contactPerson, "contact_person", max: 50, required: !kind.isNaturalPerson)
        clean.phone = text(phone, "phone", max: 30, required: true)
        clean.email = text(email, "email", max: 120, required: delivery == .email)
        clean.address = text(address, "address", max: 200, required: delivery == .post)
        clean.description = text(description, "description", max: 4000, required: true)
        let identifier = identifier.trimmingCharacters(in: .whitespaces).uppercased()
        if kind.isNaturalPerson {
            if let number = errors.check("identifier", { () throws(IdentifierError) in try ResidentIdentityNumber(identifier) }) { clean.identifier = number.value }
        } else {
            if let code = errors.check("identifier", { () throws(IdentifierError) in try UnifiedSocialCreditCode(identifier) }) { clean.identifier = code.value }
        }
        if !clean.phone.isEmpty, !clean.phone.allSatisfy({ $0.isNumber || "-+ ()".contains($0) }) { errors.add("phone", FieldProblem.invalid) }
        if !clean.email.isEmpty, !EmailAddress.isValid(clean.email) { errors.add("email", FieldProblem.invalid) }
        try errors.throwIfAny()
        return clean
    }
}

/// How a request stands.
public enum RequestState: String, CaseIterable, Codable, Sendable {
    /// 已登记: received, the reply clock running.
    case received
    /// 待补正: the requester was told once what to add; no clock runs until they answer (第三十条).
    case awaitingClarification = "awaiting_clarification"
    /// 征求第三方意见: the clock is paused (第三十二条, 第三十三条第二款).
    case consulting
    /// 已答复.
    case answered

    public var isOpen: Bool { self != .answered }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.received, .zhHans): "办理中"
        case (.received, .en): "In progress"
        case (.awaitingClarification, .zhHans): "待申请人补正"
        case (.awaitingClarification, .en): "Awaiting clarification"
        case (.consulting, .zhHans): "征求第三方意见"
        case (.consulting, .en): "Consulting a third party"
        case (.answered, .zhHans): "已答复"
        case (.answered, .en): "Answered"
        }
    }
}

/// The response types of 第三十六条, as the national annual report template counts them.
public enum ResponseGroup: String, CaseIterable, Codable, Sendable {
    case disclosed, partlyDisclosed = "partly_disclosed", withheld, unableToProvide = "unable_to_provide", notProcessed = "not_processed", other

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.disclosed, .zhHans): "予以公开"
        case (.disclosed, .en): "Disclosed"
        case (.partlyDisclosed, .zhHans): "部分公开"
        case (.partlyDisclosed, .en): "Partly disclosed"
        case (.withheld, .zhHans): "不予公开"
        case (.withheld, .en): "Not disclosed"
        case (.unableToProvide, .zhHans): "无法提供"
        case (.unableToProvide, .en): "Cannot be provided"
        case (.notProcessed, .zhHans): "不予处理"
        case (.notProcessed, .en): "Not processed"
        case (.other, .zhHans): "其他处理"
        case (.other, .en): "Otherwise handled"
        }
    }
}

/// One answer, with the article it rests on.
public enum ResponseOutcome: String, CaseIterable, Codable, Sendable {
    case disclosed
    case partlyDisclosed = "partly_disclosed"
    case withheldStateSecret = "withheld_state_secret"
    case withheldForbiddenByLaw = "withheld_forbidden_by_law"
    case withheldSecurityStability = "withheld_security_stability"
    case withheldThirdParty = "withheld_third_party"
    case withheldInternalAffairs = "withheld_internal_affairs"
    case withheldProcessInformation = "withheld_process_information"
    case withheldEnforcementFile = "withheld_enforcement_file"
    case withheldAdministrativeQuery = "withheld_administrative_query"
    case notHeld = "not_held"
    case needsCreating = "needs_creating"
    case unclearAfterClarification = "unclear_after_clarification"
    case petitionOrComplaint = "petition_or_complaint"
    case repeated
    case publication
    case massRepeated = "mass_repeated"
    case confirmation
    case clarificationOverdue = "clarification_overdue"
    case feeOverdue = "fee_overdue"
    case otherHandling = "other_handling"

    public var group: ResponseGroup {
        switch self {
        case .disclosed: .disclosed
        case .partlyDisclosed: .partlyDisclosed
        case .withheldStateSecret, .withheldForbiddenByLaw, .withheldSecurityStability, .withheldThirdParty, .withheldInternalAffairs,
             .withheldProcessInformation, .withheldEnforcementFile, .withheldAdministrativeQuery: .withheld
        case .notHeld, .needsCreating, .unclearAfterClarification: .unableToProvide
        case .petitionOrComplaint, .repeated, .publication, .massRepeated, .confirmation: .notProcessed
        case .clarificationOverdue, .feeOverdue, .otherHandling: .other
        }
    }

    /// The article of the 2019 条例 the answer cites.
    public var article: String {
        switch self {
        case .disclosed: "第三十六条第（二）项"
        case .partlyDisclosed: "第三十七条"
        case .withheldStateSecret, .withheldForbiddenByLaw, .withheldSecurityStability: "第十四条、第三十六条第（三）项"
        case .withheldThirdParty: "第十五条、第三十二条、第三十六条第（三）项"
        case .withheldInternalAffairs, .withheldProcessInformation, .withheldEnforcementFile: "第十六条、第三十六条第（三）项"
        case .withheldAdministrativeQuery: "第三十六条第（六）项"
        case .notHeld: "第三十六条第（五）项"
        case .needsCreating: "第三十八条"
        case .unclearAfterClarification: "第三十条、第三十六条第（七）项"
        case .petitionOrComplaint: "第三十九条第一款"
        case .repeated: "第三十六条第（六）项"
        case .publication: "第三十六条第（一）项"
        case .massRepeated: "第三十五条"
        case .confirmation: "第三十九条第二款"
        case .clarificationOverdue: "第三十条"
        case .feeOverdue: "第四十二条"
        case .otherHandling: "第三十六条第（七）项"
        }
    }

    /// Whether the requester receives information with the answer (a file or an address).
    public var providesInformation: Bool { self == .disclosed || self == .partlyDisclosed }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.disclosed, .zhHans): "予以公开"
        case (.disclosed, .en): "Disclosed"
        case (.partlyDisclosed, .zhHans): "部分公开"
        case (.partlyDisclosed, .en): "Partly disclosed"
        case (.withheldStateSecret, .zhHans): "不予公开：属于国家秘密"
        case (.withheldStateSecret, .en): "Not disclosed: a state secret"
        case (.withheldForbiddenByLaw, .zhHans): "不予公开：其他法律行政法规禁止公开"
        case (.withheldForbiddenByLaw, .en): "Not disclosed: forbidden by another law"
        case (.withheldSecurityStability, .zhHans): "不予公开：危及“三安全一稳定”"
        case (.withheldSecurityStability, .en): "Not disclosed: would endanger security or stability"
        case (.withheldThirdParty, .zhHans): "不予公开：保护第三方合法权益"
        case (.withheldThirdParty, .en): "Not disclosed: a third party's lawful interests"
        case (.withheldInternalAffairs, .zhHans): "不予公开：属于三类内部事务信息"
        case (.withheldInternalAffairs, .en): "Not disclosed: internal affairs"
        case (.withheldProcessInformation, .zhHans): "不予公开：属于四类过程性信息"
        case (.withheldProcessInformation, .en): "Not disclosed: information in the making"
        case (.withheldEnforcementFile, .zhHans): "不予公开：属于行政执法案卷"
        case (.withheldEnforcementFile, .en): "Not disclosed: an enforcement file"
        case (.withheldAdministrativeQuery, .zhHans): "不予公开：属于行政查询事项"
        case (.withheldAdministrativeQuery, .en): "Not disclosed: an administrative query"
        case (.notHeld, .zhHans): "无法提供：本机关不掌握相关政府信息"
        case (.notHeld, .en): "Cannot be provided: not held by this authority"
        case (.needsCreating, .zhHans): "无法提供：没有现成信息需要另行制作"
        case (.needsCreating, .en): "Cannot be provided: would have to be created"
        case (.unclearAfterClarification, .zhHans): "无法提供：补正后申请内容仍不明确"
        case (.unclearAfterClarification, .en): "Cannot be provided: still unclear after clarification"
        case (.petitionOrComplaint, .zhHans): "不予处理：信访举报投诉类申请"
        case (.petitionOrComplaint, .en): "Not processed: a petition or complaint"
        case (.repeated, .zhHans): "不予处理：重复申请"
        case (.repeated, .en): "Not processed: a repeated request"
        case (.publication, .zhHans): "不予处理：要求提供公开出版物"
        case (.publication, .en): "Not processed: asks for a publication"
        case (.massRepeated, .zhHans): "不予处理：无正当理由大量反复申请"
        case (.massRepeated, .en): "Not processed: mass repeated requests"
        case (.confirmation, .zhHans): "不予处理：要求行政机关确认或重新出具已获取信息"
        case (.confirmation, .en): "Not processed: asks to confirm or reissue information already had"
        case (.clarificationOverdue, .zhHans): "其他处理：申请人无正当理由逾期不补正"
        case (.clarificationOverdue, .en): "Otherwise handled: no clarification in time"
        case (.feeOverdue, .zhHans): "其他处理：申请人逾期未缴纳信息处理费"
        case (.feeOverdue, .en): "Otherwise handled: the fee was not paid in time"
        case (.otherHandling, .zhHans): "其他处理"
        case (.otherHandling, .en): "Otherwise handled"
        }
    }

    /// The body of the reply letter (告知书) for this outcome, before the officer's own explanation.
    public func letterText(in language: Language) -> String {
        let cite = "《中华人民共和国政府信息公开条例》\(article)"
        switch (group, language) {
        case (.disclosed, .zhHans): return "经审查，您申请获取的政府信息属于公开范围，根据\(cite)的规定，现予以提供。"
        case (.partlyDisclosed, .zhHans): return "经审查，您申请获取的政府信息中含有不应当公开的内容，根据\(cite)的规定，本机关对其作区分处理后向您提供可以公开的部分。"
        case (.withheld, .zhHans): return "经审查，您申请获取的政府信息\(title(in: .zhHans).replacingOccurrences(of: "不予公开：", with: ""))，根据\(cite)的规定，不予公开。"
        case (.unableToProvide, .zhHans): return "经检索，\(title(in: .zhHans).replacingOccurrences(of: "无法提供：", with: ""))，根据\(cite)的规定，本机关无法提供。"
        case (.notProcessed, .zhHans): return "您的申请\(title(in: .zhHans).replacingOccurrences(of: "不予处理：", with: "属于"))，根据\(cite)的规定，本机关不作为政府信息公开申请处理。"
        case (.other, .zhHans): return "根据\(cite)的规定，本机关对您的申请作如下处理：\(title(in: .zhHans).replacingOccurrences(of: "其他处理：", with: ""))。"
        case (_, .en): return "Having examined your request, this authority answers: \(title(in: .en)) (Regulations on Open Government Information, \(article))."
        }
    }
}

/// The steps of a request's life.
public enum RequestAction: Sendable, Equatable {
    /// 补正告知: once, within 7 working days of receipt, with what to add.
    case requestClarification(text: String)
    /// The requester's clarification arrived: the clock starts again from here (第三十三条第一款).
    case receiveClarification(text: String)
    /// 征求第三方意见: the clock pauses.
    case startConsultation(thirdParty: String)
    /// The third party answered, or its 15 working days ran out: the clock counts again.
    case endConsultation(opinion: String)
    /// 延期答复, approved by the head of the disclosure office (第三十三条第二款).
    case extend(reason: String)
    case answer(outcome: ResponseOutcome, explanation: String)

    public var name: String {
        switch self {
        case .requestClarification: "request_clarification"
        case .receiveClarification: "receive_clarification"
        case .startConsultation: "start_consultation"
        case .endConsultation: "end_consultation"
        case .extend: "extend"
        case .answer: "answer"
        }
    }

    public var text: String {
        switch self {
        case let .requestClarification(text), let .receiveClarification(text): text
        case let .startConsultation(party): party
        case let .endConsultation(opinion): opinion
        case let .extend(reason): reason
        case let .answer(_, explanation): explanation
        }
    }

    /// The role that takes the step.
    public var role: Role { if case .extend = self { .departmentHead } else { .disclosureOfficer } }
}

/// What a request's history says, for the rules to check the next step against.
public struct RequestFacts: Equatable, Sendable {
    public var state: RequestState
    public var receivedAt: Date
    public var clarificationsRequested: Int
    public var extended: Bool
    public var outcome: ResponseOutcome?

    public init(state: RequestState, receivedAt: Date, clarificationsRequested: Int = 0, extended: Bool = false, outcome: ResponseOutcome? = nil) {
        self.state = state
        self.receivedAt = receivedAt
        self.clarificationsRequested = clarificationsRequested
        self.extended = extended
        self.outcome = outcome
    }
}

public enum RequestProblem: LocalizedFailure, Equatable {
    case invalidState
    case clarificationOnlyOnce
    case clarificationTooLate(workingDays: Int)
    case alreadyExtended
    case textRequired
    case notPermitted
    case clarificationNotOverdue
    /// A paper application is recorded as received today or on one of the `days` days before.
    case receivedOutOfRange(days: Int)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.invalidState, .zhHans): "该申请当前状态下不能进行此项操作。"
        case (.invalidState, .en): "The request is not in a state where this can be done."
        case (.clarificationOnlyOnce, .zhHans): "补正只能一次性告知（《政府信息公开条例》第三十条）。"
        case (.clarificationOnlyOnce, .en): "Clarification may be asked for only once (Art. 30)."
        case let (.clarificationTooLate(days), .zhHans): "补正告知须在收到申请之日起 \(days) 个工作日内作出（第三十条）。"
        case let (.clarificationTooLate(days), .en): "Clarification must be asked for within \(days) working days of receipt (Art. 30)."
        case (.alreadyExtended, .zhHans): "答复期限只能延长一次。"
        case (.alreadyExtended, .en): "The limit can be extended only once."
        case (.textRequired, .zhHans): "请填写说明。"
        case (.textRequired, .en): "Please write the explanation."
        case (.notPermitted, .zhHans): "您的角色不能进行此项操作。"
        case (.notPermitted, .en): "Your role may not take this step."
        case (.clarificationNotOverdue, .zhHans): "补正期限尚未届满，不能按逾期不补正处理。"
        case (.clarificationNotOverdue, .en): "The time for the clarification has not run out yet."
        case let (.receivedOutOfRange(days), .zhHans): "收到日期须为今天或此前 \(days) 日以内。"
        case let (.receivedOutOfRange(days), .en): "The date received must be today or within the \(days) days before."
        }
    }
}

/// The rules of a request's life (《政府信息公开条例》第二十九条 to 第三十六条).
public enum DisclosureRequestRules {
    /// The names of the steps someone holding `roles` may take on the request now, each once, in the order of its life.
    /// (An answer is offered when any answer may be given; closing as 逾期不补正 is its own outcome, checked apart.)
    public static func available(
        to facts: RequestFacts, roles: Set<Role>, regulations: DisclosureRegulations, calendar: WorkCalendar, now: Date, clarificationDue: Date? = nil
    ) -> [String] {
        // Stand-in texts: whether a step is open does not depend on what its form will say, only that it says something.
        let candidates: [RequestAction] = [
            .requestClarification(text: "-"), .receiveClarification(text: "-"), .startConsultation(thirdParty: "-"), .endConsultation(opinion: "-"),
            .extend(reason: "-"), .answer(outcome: .otherHandling, explanation: "-"), .answer(outcome: .clarificationOverdue, explanation: "-"),
        ]
        var seen = Set<String>()
        return candidates.filter { action in
            (try? apply(action, to: facts, roles: roles, regulations: regulations, calendar: calendar, now: now, clarificationDue: clarificationDue)) != nil
                && seen.insert(action.name).inserted
        }.map(\.name)
    }

    /// The state after `action`; `now` and `calendar` check the 7-working-day window of a clarification notice.
    public static func apply(
        _ action: RequestAction, to facts: RequestFacts, roles: Set<Role>, regulations: DisclosureRegulations, calendar: WorkCalendar, now: Date,
        clarificationDue: Date? = nil
    ) throws(RequestProblem) -> RequestState {
        guard roles.contains(action.role) else { throw .notPermitted }
        let text = action.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch action {
        case .requestClarification:
            guard facts.state == .received else { throw .invalidState }
            guard facts.clarificationsRequested == 0 else { throw .clarificationOnlyOnce }
            let window = (try? calendar.due(from: facts.receivedAt, workingDays: regulations.clarificationNoticeWorkingDays)) ?? facts.receivedAt
            guard now <= window else { throw .clarificationTooLate(workingDays: regulations.clarificationNoticeWorkingDays) }
            guard !text.isEmpty else { throw .textRequired }
            return .awaitingClarification
        case .receiveClarification:
            guard facts.state == .awaitingClarification else { throw .invalidState }
            guard !text.isEmpty else { throw .textRequired }
            return .received
        case .startConsultation:
            guard facts.state == .received else { throw .invalidState }
            guard !text.isEmpty else { throw .textRequired }
            return .consulting
        case .endConsultation:
            guard facts.state == .consulting else { throw .invalidState }
            return .received
        case .extend:
            guard facts.state == .received || facts.state == .consulting else { throw .invalidState }
            guard !facts.extended else { throw .alreadyExtended }
            guard !text.isEmpty else { throw .textRequired }
            return facts.state
        case let .answer(outcome, _):
            if outcome == .clarificationOverdue {
                guard facts.state == .awaitingClarification else { throw .invalidState }
                guard let clarificationDue, now > clarificationDue else { throw .clarificationNotOverdue }
            } else {
                guard facts.state == .received else { throw .invalidState }
            }
            if outcome != .disclosed, text.isEmpty { throw .textRequired }
            return .answered
        }
    }

    /// 申请编号: `GK` + the region code + the date received + a four-digit daily serial, e.g. `GK990100202611200007`.
    public static func number(regionCode: String, receivedOn date: CivilDate, serial: Int) -> String {
        let day = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        return "GK" + regionCode + day + String(format: "%04d", serial)
    }
}

/// 政府信息公开申请答复书: the letter a request is answered with, as paragraphs.
public enum ReplyLetter {
    public static func paragraphs(
        receivedOn: CivilDate, number: String, outcome: ResponseOutcome, explanation: String?, delivery: DeliveryMethod, language: Language
    ) -> [String] {
        var result: [String] = []
        switch language {
        case .zhHans:
            result.append("您于\(receivedOn.year)年\(receivedOn.month)月\(receivedOn.day)日向本机关提出的政府信息公开申请（申请编号：\(number)）收悉。")
            result.append(outcome.letterText(in: .zhHans))
            if let explanation, !explanation.isEmpty { result.append("具体说明：\(explanation)") }
            if outcome.providesInformation { result.append("相关政府信息将按您选择的方式（\(delivery.title(in: .zhHans))）提供。") }
            result.append("如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议，或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼（《政府信息公开条例》第五十一条）。")
        case .en:
            result.append("This authority received your request for government information (number \(number)) on \(receivedOn).")
            result.append(outcome.letterText(in: .en))
            if let explanation, !explanation.isEmpty { result.append("Explanation: \(explanation)") }
            if outcome.providesInformation { result.append("The information will be provided as you chose: \(delivery.title(in: .en)).") }
            result.append("If you disagree, you may apply for administrative reconsideration within sixty days of receiving this letter, or bring an administrative suit within six months (Art. 51).")
        }
        return result
    }
}
