import Testing
@testable import GovCore

/// Issue 20, item 4: what a writer types that identifies them, in the forms people actually use, and what must be
/// left alone because it identifies no one.
struct PersonalDataTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var text: String
        /// What must not survive redaction.
        var secret: String
        var kind: PersonalData.Kind
        var writer = PersonalData.Writer()
        var testDescription: String { "\(kind.rawValue): \(text)" }
    }

    static let variants: [Variant] = [
        // Mobile numbers, however they are written.
        Variant(text: "我的电话13812345678，请回电", secret: "13812345678", kind: .phone),
        Variant(text: "电话 138 1234 5678 谢谢", secret: "1234 5678", kind: .phone),
        Variant(text: "电话138-1234-5678", secret: "1234-5678", kind: .phone),
        Variant(text: "电话138.1234.5678", secret: "1234.5678", kind: .phone),
        Variant(text: "手机：+86 138 1234 5678", secret: "1234 5678", kind: .phone),
        Variant(text: "手机（86）13812345678", secret: "12345678", kind: .phone),
        Variant(text: "联系电话１３８１２３４５６７８", secret: "１２３４５６７８", kind: .phone),
        Variant(text: "电话１３８ １２３４ ５６７８", secret: "１２３４ ５６７８", kind: .phone),
        Variant(text: "电话一三八一二三四五六七八", secret: "一二三四五六七八", kind: .phone),
        Variant(text: "打幺三八幺二三四五六七八找我", secret: "幺二三四五六七八", kind: .phone),
        Variant(text: "电话壹叁捌壹贰叁肆伍陆柒捌", secret: "壹贰叁肆伍陆柒捌", kind: .phone),
        Variant(text: "电话138 一二三四 5678", secret: "一二三四 5678", kind: .phone),
        Variant(text: "电话1 3 8 1 2 3 4 5 6 7 8", secret: "4 5 6 7 8", kind: .phone),
        Variant(text: "电话138—1234—5678", secret: "1234—5678", kind: .phone),
        Variant(text: "call me on 138/1234/5678", secret: "1234/5678", kind: .phone),
        // Landlines.
        Variant(text: "座机 0755-88881234", secret: "88881234", kind: .phone),
        Variant(text: "座机（0755）8888 1234", secret: "8888 1234", kind: .phone),
        Variant(text: "家里电话88881234", secret: "88881234", kind: .phone),
        Variant(text: "家里电话 8888-1234", secret: "8888-1234", kind: .phone),
        Variant(text: "电话零七五五八八八八一二三四", secret: "八八八八一二三四", kind: .phone),
        // 居民身份证号.
        Variant(text: "身份证110101199003071234", secret: "199003071234", kind: .identityNumber),
        Variant(text: "身份证号 11010119900307123X 已提交", secret: "19900307123X", kind: .identityNumber),
        Variant(text: "身份证号11010119900307123x", secret: "19900307123x", kind: .identityNumber),
        Variant(text: "身份证１１０１０１１９９００３０７１２３Ｘ", secret: "１９９００３０７１２３Ｘ", kind: .identityNumber),
        Variant(text: "身份证 110101 19900307 123X", secret: "19900307 123X", kind: .identityNumber),
        Variant(text: "身份证110-101-1990-0307-1234", secret: "1990-0307-1234", kind: .identityNumber),
        Variant(text: "身份证一一〇一〇一一九九〇〇三〇七一二三四", secret: "一九九〇〇三〇七一二三四", kind: .identityNumber),
        Variant(text: "老身份证号110101900307123", secret: "900307123", kind: .identityNumber),
        // Card and account numbers.
        Variant(text: "银行卡 6222 0212 3456 7890 123", secret: "3456 7890 123", kind: .accountNumber),
        Variant(text: "社保卡号6217001234567890", secret: "1234567890", kind: .accountNumber),
        // E-mail, however the @ is written.
        Variant(text: "请回信 zhang.wei@example.com 谢谢", secret: "zhang.wei", kind: .email),
        Variant(text: "邮箱zhangwei(at)example.com", secret: "zhangwei", kind: .email),
        Variant(text: "邮箱 zhangwei[at]example[dot]com", secret: "zhangwei", kind: .email),
        Variant(text: "email: zhangwei at example dot com", secret: "zhangwei", kind: .email),
        Variant(text: "邮箱ｚｈａｎｇｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", secret: "ｚｈａｎｇｗｅｉ", kind: .email),
        Variant(text: "邮箱 zhangwei#163.com", secret: "zhangwei", kind: .email),
        Variant(text: "邮箱zhangwei（at）qq.com", secret: "zhangwei", kind: .email),
        Variant(text: "邮箱 wei_zhang+gov@mail.example.org.cn", secret: "wei_zhang+gov", kind: .email),
        Variant(text: "发到zhangwei艾特qq点com", secret: "zhangwei", kind: .email),
        // Chat handles.
        Variant(text: "加我微信：zhangwei_88", secret: "zhangwei_88", kind: .handle),
        Variant(text: "微信号是wx-zw1990", secret: "wx-zw1990", kind: .handle),
        Variant(text: "QQ 582934", secret: "582934", kind: .handle),
        Variant(text: "my WeChat ID: zwei1990", secret: "zwei1990", kind: .handle),
        // Names after the words that introduce them, and before a form of address.
        Variant(text: "我叫王建国，住在这里十年了", secret: "建国", kind: .name),
        Variant(text: "本人李秀英，反映一个问题", secret: "秀英", kind: .name),
        Variant(text: "姓名：陈晓明", secret: "晓明", kind: .name),
        Variant(text: "联系人: 欧阳修文", secret: "修文", kind: .name),
        Variant(text: "请转告刘德华先生", secret: "德华", kind: .name),
        Variant(text: "社区的周小红女士很负责", secret: "小红", kind: .name),
        Variant(text: "物业的赵一鸣经理不处理", secret: "一鸣", kind: .name),
        Variant(text: "我儿子孙浩然在这所学校", secret: "浩然", kind: .name),
        Variant(text: "My name is John Smith and I live nearby", secret: "ohn Smith", kind: .name),
        Variant(text: "Please ask Mr. Robert Brown to reply", secret: "obert Brown", kind: .name),
        // House numbers.
        Variant(text: "我住在幸福小区5栋2单元301室", secret: "5栋2单元301室", kind: .houseNumber),
        Variant(text: "楼下3号楼2单元502一直漏水", secret: "3号楼2单元502", kind: .houseNumber),
        Variant(text: "地址：幸福路12号", secret: "12号", kind: .houseNumber),
        Variant(text: "深南大道1000号门口", secret: "1000号", kind: .houseNumber),
        Variant(text: "住12-3-1502的邻居", secret: "12-3-1502", kind: .houseNumber),
        Variant(text: "家在１２栋３单元", secret: "１２栋", kind: .houseNumber),
        Variant(text: "住在三栋二单元", secret: "三栋二单元", kind: .houseNumber),
        Variant(text: "他家是1203房", secret: "1203", kind: .houseNumber),
        Variant(text: "I live in Flat 12B, Garden Court", secret: "12B", kind: .houseNumber),
        Variant(text: "noise from 221 Baker Street every night", secret: "221", kind: .houseNumber),
        // The writer's own name and identifiers, wherever they are.
        Variant(text: "张伟反映：路灯不亮", secret: "张伟", kind: .name, writer: .init(name: "张伟")),
        Variant(text: "此致，张 伟", secret: "张 伟", kind: .name, writer: .init(name: "张伟")),
        Variant(text: "signed Li Na", secret: "Li Na", kind: .name, writer: .init(name: "Li Na")),
        Variant(text: "尾号 5678 的号码是我的：139-0000-5678", secret: "0000-5678", kind: .phone, writer: .init(identifiers: ["13900005678"])),
        Variant(text: "回复到 Wei.Zhang@Example.com", secret: "Wei.Zhang", kind: .email, writer: .init(identifiers: ["wei.zhang@example.com"])),
    ]

    @Test(arguments: variants)
    func finds(_ variant: Variant) {
        let spans = PersonalData.find(in: variant.text, writer: variant.writer)
        #expect(spans.contains { $0.kind == variant.kind }, "found \(spans)")
        let redacted = PersonalData.redact(variant.text, writer: variant.writer)
        #expect(!redacted.contains(variant.secret), "redacted to \(redacted)")
        #expect(redacted.count == variant.text.count || variant.kind == .email, "masking keeps the text's shape: \(redacted)")
        #expect(PersonalData.find(in: redacted, writer: variant.writer).isEmpty, "a masked text is clean: the reviewer starts from nothing marked")
    }

    @Test func atLeastSixtyVariants() {
        #expect(Self.variants.count >= 60)
        #expect(Set(Self.variants.map(\.kind)) == Set(PersonalData.Kind.allCases))
    }

    /// What identifies no one stays as written: a staff member should not have to unmask dates, amounts or laws.
    @Test(arguments: [
        "2026-12-07 上午 10:30 路灯不亮",
        "从2026.12.01到2026.12.07一直没修",
        "2026/12/07 2026/12/08 两次来电",
        "罚款1000000元太多",
        "面积12000000平方米",
        "地铁1号线2号口",
        "依据国办发〔2017〕47号文件",
        "3楼的灯坏了",
        "房子是三室一厅",
        "一座桥，两栋楼",
        "拨打12345热线",
        "第12号公告",
        "张先生反映路灯不亮",
        "陈老师很负责",
        "我姓王",
        "我是业主，小区门口积水",
        "Meet at Main Street at 5.30",
        "价格 ¥12345678",
        "二〇二六年十二月七日",
        "3号窗口办理",
    ])
    func leavesAlone(_ text: String) {
        #expect(PersonalData.find(in: text).isEmpty, "found \(PersonalData.find(in: text))")
        #expect(PersonalData.redact(text) == text)
    }

    @Test func masksKeepWhatIsNotPersonal() {
        #expect(PersonalData.redact("我叫张伟，电话13800138000，身份证110101199003071234")
                == "我叫张*，电话138********，身份证110***************")
        #expect(PersonalData.redact("请回信 zhang.wei@example.com 谢谢") == "请回信 ***@example.com 谢谢")
        #expect(PersonalData.redact("幸福小区5栋2单元301室漏水") == "幸福小区*栋*单元***室漏水")
        #expect(PersonalData.redact("请转告欧阳修文先生") == "请转告欧阳**先生")
    }

    @Test func segmentsShowTheReviewerEverySpan() {
        let segments = PersonalData.segments(of: "我叫王建国，电话138 1234 5678。")
        #expect(segments.map(\.text).joined() == "我叫王建国，电话138 1234 5678。")
        #expect(segments.filter { $0.kind != nil }.map(\.text) == ["王建国", "138 1234 5678"])
        #expect(segments.compactMap(\.kind) == [.name, .phone])
    }
}
