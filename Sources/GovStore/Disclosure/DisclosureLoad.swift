import FluentKit
import Foundation
import GovCore
import SQLKit

/// Generated catalogue items for the search benchmark: published, proactive, with titles and text drawn from the words
/// of government documents, written straight into the items table and the search index in bulk. Their versions are
/// not written (the search reads neither), so a million of them load in minutes.
public enum DisclosureLoad {
    /// Words of the kind government titles and texts are made of; some common, most not.
    public static let words: [String] = [
        "关于", "印发", "通知", "实施", "方案", "办法", "意见", "规定", "公告", "通告", "决定", "批复", "报告", "计划", "规划", "纲要",
        "食品经营", "许可证", "社保", "户籍", "医保", "公积金", "营商环境", "城市更新", "垃圾分类", "老旧小区", "就业创业", "养老服务",
        "义务教育", "招生", "交通运输", "安全生产", "应急管理", "防汛", "大气污染", "水污染", "生态环境", "国土空间", "规划许可",
        "建设工程", "施工许可", "竣工验收", "不动产", "登记", "税务", "财政", "预算", "决算", "三公经费", "政府采购", "招标", "中标",
        "行政处罚", "决定书", "行政许可", "结果公示", "人事任免", "公开招聘", "事业单位", "公务员", "考试", "录用", "统计公报",
        "国民经济", "社会发展", "医疗卫生", "疫苗", "传染病", "药品", "市场监管", "质量", "特种设备", "消费者", "价格", "收费",
        "民政", "婚姻登记", "殡葬", "社会组织", "慈善", "低保", "救助", "残疾人", "退役军人", "优抚", "文化", "旅游", "体育", "文物",
        "农业", "农村", "乡村振兴", "种植", "畜牧", "水利", "林业", "自然资源", "矿产", "海洋", "气象", "地震", "消防", "公安", "治安",
        "出入境", "车辆", "驾驶证", "住房", "保障性住房", "租赁", "物业", "燃气", "供水", "排水", "园林", "绿化", "市容", "环境卫生",
        "科技", "创新", "人才", "专利", "知识产权", "数据", "数字政府", "一网通办", "电子证照", "信用", "监管", "督查", "考核", "评估",
    ]

    /// Adds `count` published items spread over `units` and the default categories, numbered on from `first`, of `total`
    /// in all; returns the next number. As in a real catalogue, items are numbered in the order they were written, over
    /// the last five years, give or take a month.
    @discardableResult
    public static func add(
        _ count: Int, startingAt first: Int, of total: Int, units: [OrganisationUnit], now: Date, on database: any Database
    ) async throws -> Int {
        guard let sql = database as? any SQLDatabase, !units.isEmpty else { return first }
        let categories = DisclosureCategory.defaults
        let paths = Dictionary(categories.map { ($0.code, DisclosureStore.path(of: $0.code, in: categories)) }, uniquingKeysWith: { first, _ in first })
        var random = SplitMix64(seed: UInt64(first) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        func word() -> String {
            // Zipf-like: the first words turn up far more often than the last.
            let index = Int(Double(words.count) * pow(Double(random.next() % 10_000) / 10_000, 2.2))
            return words[min(index, words.count - 1)]
        }
        var items: [[any Encodable & Sendable]] = []
        var search: [(Int64, [String], [String])] = []
        let today = CivilDate.beijing(now)
        for number in first..<(first + count) {
            let unit = units[Int(random.next() % UInt64(units.count))]
            let category = categories[Int(random.next() % UInt64(categories.count))]
            let written = today.adding(days: -min(1800, 1800 * max(0, total - number) / max(total, 1) + Int(random.next() % 30)))
            let title = "示范市" + (0..<(2 + Int(random.next() % 4))).map { _ in word() }.joined() + "的通知"
            let body = (0..<(30 + Int(random.next() % 30))).map { _ in word() }.joined(separator: random.next() % 3 == 0 ? "，" : "")
            let id = Effects.current.newID()
            let publishedAt = written.startInBeijing.addingTimeInterval(Double(10 + Int(random.next() % 20)) * 86_400)
            let validity = random.next() % 10 == 0 ? DisclosureValidity.repealed : .valid
            items.append([
                id, try unit.requireID(), unit.path, "BENCH/\(written.year)-\(number)", category.code, title, "", "", written.description,
                DisclosureForm.proactive.rawValue, validity.rawValue, PublicationStatus.published.rawValue, 1, publishedAt, publishedAt, Int64(number), 1, now, now,
            ])
            let draft = DisclosureDraft(title: title, categoryCode: category.code, writtenOn: written, body: body, validity: validity)
            let meta = DisclosureSearch.metaTokens(unitPath: unit.path, publication: PublicationStatus.published.rawValue, draft: draft, categoryPath: paths[category.code] ?? [])
            search.append((Int64(number), SearchText.tokens(title + "\n" + body), meta))
        }
        try await BulkInsert.rows(
            into: DisclosureItem.schema,
            columns: ["id", "unit_id", "unit_path", "index_number", "category_code", "title", "document_number", "issuer", "written_on", "form", "validity",
                      "publication", "published_version", "first_published_at", "published_at", "search_id", "version", "created_at", "updated_at"],
            items, on: database)
        try await DisclosureSearch.bulkIndex(search, on: sql)
        return first + count
    }

    /// Before loading many items: on PostgreSQL the search index queues their entries and merges them in batches, as a
    /// bulk load should, instead of writing each row's straight through as a publication does.
    public static func beginBulkIndexing(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("ALTER INDEX disclosure_search_tokens SET (fastupdate = on)").run()
    }

    /// After loading: merges what is queued, and the index writes straight through again.
    public static func endBulkIndexing(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await DisclosureSearch.writeThrough(on: sql)
    }

    /// Moves the search counter past the generated rows, so items published later sort after them.
    public static func advanceCounter(to value: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO \(ident: Counter.schema) (\(ident: "key"), \(ident: "value")) VALUES ('disclosure-search', \(bind: value)) ON CONFLICT (\(ident: "key")) DO UPDATE SET \(ident: "value") = \(bind: value)").run()
    }
}
