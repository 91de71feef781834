import Foundation

/// A category of the disclosure catalogue (公开目录分类). The tree is data an administrator edits; this is the tree a
/// new installation starts with, after the headings the 条例's 第二十条 lists for proactive disclosure.
public struct DisclosureCategory: Codable, Equatable, Sendable {
    public var code: String
    public var parentCode: String?
    public var nameZh: String
    public var nameEn: String

    public init(code: String, parentCode: String? = nil, nameZh: String, nameEn: String) {
        self.code = code
        self.parentCode = parentCode
        self.nameZh = nameZh
        self.nameEn = nameEn
    }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }

    /// A code is letters, digits and hyphens, up to 20, so it can sit in an index number and a URL.
    public static func isValidCode(_ code: String) -> Bool {
        (1...20).contains(code.count) && code.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
    }

    public static let defaults: [DisclosureCategory] = [
        .init(code: "jgzn", nameZh: "机构职能", nameEn: "Organisation and functions"),
        .init(code: "zcwj", nameZh: "政策文件", nameEn: "Policy documents"),
        .init(code: "zcwj-gfxwj", parentCode: "zcwj", nameZh: "行政规范性文件", nameEn: "Normative documents"),
        .init(code: "zcwj-zcjd", parentCode: "zcwj", nameZh: "政策解读", nameEn: "Policy explanations"),
        .init(code: "ghjh", nameZh: "规划计划", nameEn: "Plans and programmes"),
        .init(code: "czyjs", nameZh: "财政预决算", nameEn: "Budgets and final accounts"),
        .init(code: "xzxk", nameZh: "行政许可", nameEn: "Administrative licensing"),
        .init(code: "xzcf", nameZh: "行政处罚", nameEn: "Administrative penalties"),
        .init(code: "rsxx", nameZh: "人事信息", nameEn: "Personnel"),
        .init(code: "yjgl", nameZh: "应急管理", nameEn: "Emergency management"),
        .init(code: "zfcg", nameZh: "政府采购", nameEn: "Government procurement"),
        .init(code: "tjxx", nameZh: "统计信息", nameEn: "Statistics"),
    ]
}
