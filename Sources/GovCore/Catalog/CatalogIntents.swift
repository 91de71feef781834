/// What people type when they look for a service, and the matters they mean: nobody searches for 食品经营许可 when they
/// want to open a restaurant. The catalogue search adds these meanings to the words typed, so 开餐馆 finds the food
/// business licence and 营业执照 the establishment registration.
public enum CatalogIntents {
    /// Phrases of everyday language, and words of the names of the matters (or of their certificates) they lead to.
    static let table: [(phrases: [String], meanings: [String])] = [
        (["开餐馆", "开饭店", "开饭馆", "开餐厅", "开小吃店", "开奶茶店", "开咖啡店", "开面包店", "卖熟食", "开食堂", "餐饮"], ["食品经营许可"]),
        (["营业执照", "开公司", "注册公司", "成立公司", "办执照", "个体户", "开网店"], ["设立登记", "营业执照"]),
        (["结婚", "领证", "领结婚证"], ["结婚登记"]),
        (["低保", "生活困难", "困难补助"], ["最低生活保障"]),
        (["开诊所", "开医院", "开门诊", "开药店"], ["医疗机构执业"]),
        (["盖房", "建房", "建厂房", "开工"], ["建筑工程施工许可", "建设工程规划许可"]),
        (["失业", "没工作", "下岗"], ["失业登记"]),
        (["工伤", "上班受伤", "上班时受伤"], ["工伤认定"]),
        (["开学校", "办学", "培训学校", "开幼儿园"], ["民办学校"]),
        (["开美容院", "开理发店", "开宾馆", "开酒店", "开旅馆", "开游泳馆", "开健身房", "开ktv", "开网吧"], ["公共场所卫生许可"]),
        (["电梯", "锅炉", "叉车", "起重机"], ["特种设备使用登记"]),
        (["广告牌", "招牌", "挂横幅"], ["户外广告"]),
        (["挖路", "占道", "占用道路"], ["占用、挖掘城市道路"]),
        (["演唱会", "办展会", "搞活动", "大型活动"], ["大型群众性活动"]),
        (["跑客运", "开大巴", "客运"], ["道路旅客运输"]),
        (["运危险品", "危化品运输", "运油"], ["道路危险货物运输"]),
        (["排污", "排废水"], ["排污许可", "污水排入排水管网"]),
        (["环评"], ["环境影响"]),
        (["职业中介", "开中介", "人力资源公司"], ["人力资源服务许可"]),
        (["劳务派遣"], ["劳务派遣经营许可"]),
    ]

    /// The matter words `text` means beyond its own, for each everyday phrase it contains; empty when it contains none.
    public static func meanings(of text: String) -> [String] {
        let folded = text.lowercased().filter { !$0.isWhitespace }
        guard !folded.isEmpty else { return [] }
        var found: [String] = []
        for entry in table where entry.phrases.contains(where: folded.contains) {
            for meaning in entry.meanings where !found.contains(meaning) { found.append(meaning) }
        }
        return found
    }
}
