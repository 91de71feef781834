import Foundation
import GovCore
import GovStore

/// The demo's dice: ``SplitMix64`` from a fixed seed, so the demo comes out the same everywhere.
struct DemoRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A number in `range`, by plain modulo (the bias is irrelevant here and the result is stable).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Made-up people and organisations with identifiers that pass their check characters.
enum DemoPeople {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾").map(String.init)
    static let maleGivenNames = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "建华", "志强", "浩然", "子轩", "文博", "思远", "国庆", "海涛"]
    static let femaleGivenNames = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "欣怡", "雨桐", "梓涵", "晓燕", "丽华", "婷婷", "佳怡", "慧敏"]
    /// Real county-level codes (GB/T 2260) where people's numbers were first issued.
    static let birthRegions = ["110105", "310115", "440106", "320106", "330106", "420106", "510107", "610113", "370102", "410105", "350203", "430104"]
    static let tradeNames = ["江南", "江北", "高新", "东湖", "明德", "华瑞", "恒信", "瑞丰", "嘉禾", "金桥", "绿源", "宏达", "安泰", "鼎盛", "启航", "远景", "华康", "博雅"]
    static let trades = ["餐饮管理", "食品", "科技", "建筑工程", "物流", "医疗器械", "环保科技", "文化传媒", "教育咨询", "商贸", "人力资源", "旅游客运"]
    static let streets = ["人民路", "解放路", "建设大道", "滨江路", "科技园路", "中山路", "文化路", "新华街", "江南大道", "学府路"]
    static let districts = ["江南区", "江北区", "高新区"]
    /// The USCC alphabet: digits and capitals without I, O, Z, S, V.
    static let creditCodeCharacters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    struct Person {
        var name: String
        var residentID: String
        var isMale: Bool
        var phone: String
    }

    struct Organisation {
        var name: String
        var creditCode: String
        var phone: String
    }

    static func person(_ random: inout DemoRandom, male: Bool? = nil, bornIn years: ClosedRange<Int> = 1962...2003) -> Person {
        let isMale = male ?? random.chance(50)
        let name = random.pick(surnames) + random.pick(isMale ? maleGivenNames : femaleGivenNames)
        let birth = CivilDate(year: random.int(years), month: random.int(1...12), day: random.int(1...28))!
        let sequence = random.int(0...49) * 2 + (isMale ? 1 : 0) + random.int(1...9) * 100
        let body = random.pick(birthRegions) + birth.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        return Person(name: name, residentID: body + String(ResidentIdentityNumber.checkCharacter(for: body)!), isMale: isMale, phone: phone(&random))
    }

    static func organisation(_ random: inout DemoRandom) -> Organisation {
        let name = "示范市\(random.pick(tradeNames))\(random.pick(trades))有限公司"
        return Organisation(name: name, creditCode: creditCode(&random), phone: "0990-\(random.int(8_100_000...8_899_999))")
    }

    /// A 统一社会信用代码 of an enterprise registered in the demo city (市场监管 9, 企业 1).
    static func creditCode(_ random: inout DemoRandom) -> String {
        let body = "MA" + String((0..<6).map { _ in random.pick(creditCodeCharacters) })
        let first17 = "91" + DemoCity.cityCode + body + String(OrganizationCode.checkCharacter(for: body)!)
        return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    static func phone(_ random: inout DemoRandom) -> String {
        "1" + random.pick(["38", "39", "37", "36", "35", "58", "59", "86", "87", "88", "89"]) + String(format: "%08d", random.int(0...99_999_999))
    }

    static func address(_ random: inout DemoRandom) -> String {
        "示范省示范市\(random.pick(districts))\(random.pick(streets))\(random.int(1...399))号"
    }
}

/// Fills in a matter's application form the way an applicant would: their own name and identifier where the
/// form asks for them, plausible values elsewhere, every value inside the field's limits.
enum DemoForms {
    struct Applicant {
        var name: String
        var identifier: String
        var kind: AccountKind
        var isMale: Bool
    }

    static func values(
        for schema: FormSchema, applicant: Applicant, today: CivilDate, random: inout DemoRandom
    ) -> [String: String] {
        var values: [String: String] = [:]
        var usedOwnName = false
        var usedOwnIdentifier = false
        for field in schema.fields {
            if !field.required, random.chance(30) { continue }
            let value: String
            switch field.type {
            case let .text(maxLength):
                value = String(text(for: field, applicant: applicant, usedOwnName: &usedOwnName, usedOwnIdentifier: &usedOwnIdentifier, random: &random).prefix(maxLength))
            case let .number(min, max, decimals):
                value = number(min: min, max: max, decimals: decimals, random: &random)
            case let .date(notBefore, notAfter):
                var date = self.date(notBefore: notBefore?.resolve(today: today), notAfter: notAfter?.resolve(today: today), today: today, random: &random)
                // An end date follows the start date the same form asks for.
                if field.name.hasPrefix("end"), let start = values["start_date"].flatMap(CivilDate.init), date < start {
                    date = start.adding(days: random.int(7...60))
                    if let latest = notAfter?.resolve(today: today), date > latest { date = latest }
                }
                value = date.description
            case let .choice(options):
                value = random.pick(options).value
            case .address:
                value = DemoPeople.address(&random)
            }
            values[field.name] = value
        }
        return values
    }

    private static func text(
        for field: FormField, applicant: Applicant, usedOwnName: inout Bool, usedOwnIdentifier: inout Bool, random: inout DemoRandom
    ) -> String {
        let label = field.labelZh
        let name = field.name
        let gender: Bool? = label.contains("男") ? true : (label.contains("女") ? false : nil)
        if label.contains("身份号码") || label.contains("身份证") {
            if applicant.kind == .citizen, !usedOwnIdentifier, gender == nil || gender == applicant.isMale {
                usedOwnIdentifier = true
                return applicant.identifier
            }
            return DemoPeople.person(&random, male: gender).residentID
        }
        if label.contains("信用代码") {
            return applicant.kind == .enterprise ? applicant.identifier : DemoPeople.creditCode(&random)
        }
        if label.contains("姓名") || label.contains("法定代表人") {
            if applicant.kind == .citizen, !usedOwnName, gender == nil || gender == applicant.isMale {
                usedOwnName = true
                return applicant.name
            }
            return DemoPeople.person(&random, male: gender).name
        }
        let district = random.pick(DemoPeople.districts)
        let trade = random.pick(DemoPeople.tradeNames)
        if label.contains("项目名称") || label.contains("工程名称") {
            return "示范市\(district)\(trade)\(random.pick(["综合楼", "产业园一期", "安置房", "市政道路改造", "厂房扩建"]))工程"
        }
        if label.contains("活动名称") { return "2026示范市\(random.pick(["滨江音乐节", "城市马拉松", "国际车展", "美食文化节"]))" }
        if label.contains("学校") { return "示范市\(trade)\(random.pick(["幼儿园", "实验学校", "外国语学校", "艺术培训学校"]))" }
        if label.contains("社会团体") { return "示范市\(random.pick(["摄影", "书法", "围棋", "健身气功", "志愿服务"]))协会" }
        if label.contains("单位名称") && name.hasPrefix("org") {
            return "示范市\(district)\(trade)\(random.pick(["社会工作服务中心", "养老服务中心", "青少年发展服务中心"]))"
        }
        if label.contains("业务主管单位") { return random.pick(["示范市民政局", "示范市教育局", "示范市卫生健康委员会", "示范市人力资源和社会保障局"]) }
        if label.contains("编制单位") || label.contains("施工单位") || label.contains("用人单位") {
            return DemoPeople.organisation(&random).name
        }
        if label.contains("名称") || label.contains("单位") || label.contains("举办者") || label.contains("个人") || name == "company" {
            if !usedOwnName {
                usedOwnName = true
                return applicant.name
            }
            return DemoPeople.organisation(&random).name
        }
        if label.contains("编号") { return "SB\(random.int(2015...2026))\(String(format: "%06d", random.int(1...999_999)))" }
        if label.contains("文号") { return "示教筹字〔2026〕第\(random.int(1...40))号" }
        if label.contains("诊疗科目") { return random.pick(["内科；外科；儿科", "全科医疗科；中医科", "口腔科；医学影像科", "妇产科；儿科；医学检验科"]) }
        if label.contains("范围") { return random.pick(["社区养老服务；居家照护培训", "青少年课后托管；心理健康咨询", "社会工作服务；公益项目咨询"]) }
        if label.contains("行业") { return random.pick(["食品制造业", "化学原料和化学制品制造业", "金属制品业", "印刷和记录媒介复制业"]) }
        if label.contains("线路") { return "示范市客运中心站—\(random.pick(["江北区客运站", "高新区公交枢纽", "示范市机场"]))" }
        return "\(label)：详见申请材料"
    }

    private static func number(min: Decimal?, max: Decimal?, decimals: Int, random: inout DemoRandom) -> String {
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
        let low = min.map(double) ?? 0
        let high = max.map(double) ?? low + 1000
        let span = Swift.min(high - low, Swift.max(low * 4, 200))
        let whole = Int(low.rounded(.up)) + random.int(0...Swift.max(0, Int(span.rounded(.down)) - 1))
        var value = Double(whole)
        if decimals > 0, random.chance(40) { value += 0.5 }
        value = Swift.min(Swift.max(value, low), high)
        if decimals == 0 { return String(Int(value.rounded(.down))) }
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))"
    }

    private static func date(notBefore: CivilDate?, notAfter: CivilDate?, today: CivilDate, random: inout DemoRandom) -> CivilDate {
        var date: CivilDate
        if let notAfter, notAfter <= today {
            date = notAfter.adding(days: -random.int(5...120))
        } else if let notBefore {
            date = notBefore.adding(days: random.int(0...60))
        } else {
            date = today.adding(days: random.int(1...90))
        }
        if let notBefore, date < notBefore { date = notBefore }
        if let notAfter, date > notAfter { date = notAfter }
        return date
    }
}
