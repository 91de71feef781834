import Foundation

/// 公开方式: how a piece of government information is disclosed (《政府信息公开条例》第十三条 to 第十六条).
public enum DisclosureForm: String, CaseIterable, Codable, Sendable {
    /// 主动公开: published on the portal (第十九条, 第二十条).
    case proactive
    /// 依申请公开: catalogued, given to those who ask (第二十七条).
    case onRequest = "on_request"
    /// 不予公开: withheld, with the legal basis cited (第十四条 to 第十六条).
    case notDisclosed = "not_disclosed"

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.proactive, .zhHans): "主动公开"
        case (.proactive, .en): "Proactive"
        case (.onRequest, .zhHans): "依申请公开"
        case (.onRequest, .en): "On request"
        case (.notDisclosed, .zhHans): "不予公开"
        case (.notDisclosed, .en): "Not disclosed"
        }
    }
}

/// 效力状态 of a published document.
public enum DisclosureValidity: String, CaseIterable, Codable, Sendable {
    /// 有效.
    case valid
    /// 失效: expired by its own terms.
    case expired
    /// 废止: repealed.
    case repealed

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.valid, .zhHans): "有效"
        case (.valid, .en): "In force"
        case (.expired, .zhHans): "失效"
        case (.expired, .en): "Expired"
        case (.repealed, .zhHans): "废止"
        case (.repealed, .en): "Repealed"
        }
    }
}

/// What a disclosure officer enters for an item (公开目录条目), before the review chain.
public struct DisclosureDraft: Codable, Equatable, Sendable {
    public var title: String
    public var categoryCode: String
    /// 文号, e.g. 示府办发〔2026〕12号; empty for information that has none.
    public var documentNumber: String
    /// 发文机关, when another organisation than the cataloguing one issued it jointly or on its behalf.
    public var issuer: String
    /// 成文日期: the 20-working-day clock of proactive disclosure runs from here (第二十六条).
    public var writtenOn: CivilDate
    public var subjectWords: [String]
    public var body: String
    public var form: DisclosureForm
    /// Required for ``DisclosureForm/notDisclosed``: the article the withholding rests on.
    public var withholdingBasis: String
    public var validity: DisclosureValidity

    public init(
        title: String, categoryCode: String, documentNumber: String = "", issuer: String = "", writtenOn: CivilDate,
        subjectWords: [String] = [], body: String, form: DisclosureForm = .proactive, withholdingBasis: String = "",
        validity: DisclosureValidity = .valid
    ) {
        self.title = title
        self.categoryCode = categoryCode
        self.documentNumber = documentNumber
        self.issuer = issuer
        self.writtenOn = writtenOn
        self.subjectWords = subjectWords
        self.body = body
        self.form = form
        self.withholdingBasis = withholdingBasis
        self.validity = validity
    }

    public static let maximumTitleLength = 200
    public static let maximumBodyLength = 200_000
    public static let maximumSubjectWords = 10

    /// Trims every field and checks it; `categories` are the codes that may be chosen, `today` bounds the date written.
    public func validated(categories: Set<String>, today: CivilDate) throws(FieldErrors) -> DisclosureDraft {
        var errors = FieldErrors()
        var clean = self
        clean.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.documentNumber = documentNumber.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.issuer = issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.withholdingBasis = withholdingBasis.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.subjectWords = Self.words(subjectWords)
        if clean.title.isEmpty { errors.add("title", FieldProblem.required) }
        if clean.title.count > Self.maximumTitleLength { errors.add("title", FieldProblem.tooLong(max: Self.maximumTitleLength)) }
        if !categories.contains(clean.categoryCode) { errors.add("category", DisclosureProblem.unknownCategory) }
        if clean.documentNumber.count > 100 { errors.add("document_number", FieldProblem.tooLong(max: 100)) }
        if clean.issuer.count > 100 { errors.add("issuer", FieldProblem.tooLong(max: 100)) }
        if clean.writtenOn > today { errors.add("written_on", DisclosureProblem.writtenInFuture) }
        if clean.subjectWords.count > Self.maximumSubjectWords || clean.subjectWords.contains(where: { $0.count > 20 }) {
            errors.add("subject_words", DisclosureProblem.tooManySubjectWords(max: Self.maximumSubjectWords))
        }
        if clean.body.isEmpty, clean.form != .notDisclosed { errors.add("body", FieldProblem.required) }
        if clean.body.count > Self.maximumBodyLength { errors.add("body", FieldProblem.tooLong(max: Self.maximumBodyLength)) }
        if clean.form == .notDisclosed, clean.withholdingBasis.isEmpty { errors.add("withholding_basis", DisclosureProblem.basisRequired) }
        if clean.withholdingBasis.count > 500 { errors.add("withholding_basis", FieldProblem.tooLong(max: 500)) }
        if clean.form != .notDisclosed { clean.withholdingBasis = "" }
        try errors.throwIfAny()
        return clean
    }

    /// Subject words (主题词) as typed: separated by spaces, commas or the Chinese 、and ，, without repeats.
    public static func words(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        return raw.flatMap { $0.split(whereSeparator: { " ,，、;；\t\n".contains($0) }) }
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

/// Why a disclosure operation was refused, in the reader's language.
public enum DisclosureProblem: LocalizedFailure, Equatable {
    case unknownCategory
    case writtenInFuture
    case tooManySubjectWords(max: Int)
    case basisRequired
    case commentRequired
    case reasonRequired
    case notPermitted
    case ownDraft
    case invalidState
    case badIndexPattern

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.unknownCategory, .zhHans): "请选择目录中的一个类别。"
        case (.unknownCategory, .en): "Choose one of the catalogue's categories."
        case (.writtenInFuture, .zhHans): "成文日期不能晚于今天。"
        case (.writtenInFuture, .en): "The date written cannot be after today."
        case let (.tooManySubjectWords(max), .zhHans): "主题词最多 \(max) 个，每个不超过 20 字。"
        case let (.tooManySubjectWords(max), .en): "At most \(max) subject words of up to 20 characters each."
        case (.basisRequired, .zhHans): "请写明依据（法律条款或审查意见）。"
        case (.basisRequired, .en): "State the basis (the article of law, or the review's grounds)."
        case (.commentRequired, .zhHans): "退回时请写明修改意见。"
        case (.commentRequired, .en): "Say what should change when sending an item back."
        case (.reasonRequired, .zhHans): "请写明撤回理由。"
        case (.reasonRequired, .en): "Give the reason for withdrawing."
        case (.notPermitted, .zhHans): "您的角色不能进行此项操作。"
        case (.notPermitted, .en): "Your role may not take this step."
        case (.ownDraft, .zhHans): "拟稿人不能审核自己起草的信息。"
        case (.ownDraft, .en): "The drafter cannot review their own draft."
        case (.invalidState, .zhHans): "该信息当前所处环节不能进行此项操作。"
        case (.invalidState, .en): "The item is not at a step where this can be done."
        case (.badIndexPattern, .zhHans): "索引号规则须包含 {seq} 序号。"
        case (.badIndexPattern, .en): "The index number pattern must contain a {seq} serial."
        }
    }
}
