import Foundation

/// One node of the category tree (诉求分类) tickets are classified by. Codes follow the pattern of GB/T 39666: two digits
/// per level, a child's code starting with its parent's, so "is this under that" is a prefix test and routing rules can
/// name a whole branch.
public struct HotlineCategory: Codable, Equatable, Sendable {
    public var code: String
    public var nameZh: String
    public var nameEn: String

    public init(code: String, nameZh: String, nameEn: String) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
    }

    public var parentCode: String? { code.count > 2 ? String(code.dropLast(2)) : nil }
    public var depth: Int { code.count / 2 }

    public func name(in language: Language) -> String { language == .zhHans ? nameZh : nameEn }

    /// A new code: 2–12 digits in pairs, under a parent that exists.
    public static func checkCode(_ code: String, existing: Set<String>) throws(HotlineProblem) {
        guard (2...12).contains(code.count), code.count.isMultiple(of: 2), code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .categoryCode
        }
        guard !existing.contains(code) else { throw .categoryTaken }
        if code.count > 2, !existing.contains(String(code.dropLast(2))) { throw .categoryCode }
    }

    /// The tree a new installation starts with: the main branches city hotlines classify by, each with its usual leaves.
    public static let standardTree: [HotlineCategory] = [
        .init(code: "01", nameZh: "城乡建设", nameEn: "Urban and rural construction"),
        .init(code: "0101", nameZh: "住房保障与物业管理", nameEn: "Housing and property management"),
        .init(code: "0102", nameZh: "建筑施工噪声", nameEn: "Construction noise"),
        .init(code: "0103", nameZh: "市政设施", nameEn: "Municipal facilities"),
        .init(code: "02", nameZh: "交通运输", nameEn: "Transport"),
        .init(code: "0201", nameZh: "公交出租", nameEn: "Buses and taxis"),
        .init(code: "0202", nameZh: "道路管理", nameEn: "Roads"),
        .init(code: "03", nameZh: "市场监管", nameEn: "Market regulation"),
        .init(code: "0301", nameZh: "食品安全", nameEn: "Food safety"),
        .init(code: "0302", nameZh: "消费维权", nameEn: "Consumer rights"),
        .init(code: "0303", nameZh: "市场主体登记", nameEn: "Business registration"),
        .init(code: "04", nameZh: "卫生健康", nameEn: "Health"),
        .init(code: "0401", nameZh: "医疗服务", nameEn: "Medical services"),
        .init(code: "0402", nameZh: "公共卫生", nameEn: "Public health"),
        .init(code: "05", nameZh: "劳动和社会保障", nameEn: "Labour and social security"),
        .init(code: "0501", nameZh: "欠薪", nameEn: "Unpaid wages"),
        .init(code: "0502", nameZh: "社会保险", nameEn: "Social insurance"),
        .init(code: "06", nameZh: "生态环境", nameEn: "Ecology and environment"),
        .init(code: "0601", nameZh: "大气污染", nameEn: "Air pollution"),
        .init(code: "0602", nameZh: "水污染", nameEn: "Water pollution"),
        .init(code: "0603", nameZh: "社会生活噪声", nameEn: "Neighbourhood noise"),
        .init(code: "07", nameZh: "公共安全", nameEn: "Public safety"),
        .init(code: "0701", nameZh: "户籍证件", nameEn: "Household registration and ID cards"),
        .init(code: "0702", nameZh: "治安管理", nameEn: "Public order"),
        .init(code: "08", nameZh: "教育", nameEn: "Education"),
        .init(code: "0801", nameZh: "入学招生", nameEn: "School admission"),
        .init(code: "09", nameZh: "民政", nameEn: "Civil affairs"),
        .init(code: "0901", nameZh: "社会救助", nameEn: "Social assistance"),
        .init(code: "0902", nameZh: "养老服务", nameEn: "Elderly care"),
        .init(code: "10", nameZh: "规划和自然资源", nameEn: "Planning and natural resources"),
        .init(code: "11", nameZh: "政务服务", nameEn: "Government services"),
        .init(code: "1101", nameZh: "办事咨询", nameEn: "Questions about services"),
        .init(code: "1102", nameZh: "服务态度与效率", nameEn: "Staff conduct and efficiency"),
        .init(code: "99", nameZh: "其他", nameEn: "Other"),
    ]
}
