import Foundation
import Testing
@testable import GovCore

@Suite("Application form schemas")
struct FormSchemaTests {
    static let today = CivilDate(year: 2026, month: 11, day: 21)!

    static let schema = FormSchema(fields: [
        FormField(name: "shop_name", labelZh: "店名", labelEn: "Shop name", type: .text(maxLength: 10)),
        FormField(name: "area", labelZh: "面积", labelEn: "Area", type: .number(min: 1, max: 500, decimals: 2)),
        FormField(name: "staff", labelZh: "从业人数", labelEn: "Staff", type: .number(min: 0, max: nil, decimals: 0), required: false),
        FormField(
            name: "open_on", labelZh: "开业日期", labelEn: "Opening date",
            type: .date(notBefore: .daysFromToday(0), notAfter: .fixed(CivilDate(year: 2027, month: 12, day: 31)!))),
        FormField(
            name: "category", labelZh: "类别", labelEn: "Category",
            type: .choice(options: [
                ChoiceOption(value: "food", labelZh: "食品", labelEn: "Food"),
                ChoiceOption(value: "drink", labelZh: "饮品", labelEn: "Drinks"),
            ])),
        FormField(name: "address", labelZh: "经营地址", labelEn: "Address", type: .address, helpZh: "省市区及详细地址", helpEn: "Full address"),
    ])

    static let good: [String: String] = [
        "shop_name": " 老王面馆 ", "area": "120.50", "staff": "007", "open_on": "2026-11-21", "category": "food",
        "address": "广东省广州市天河区  体育西路 1 号", "unknown": "dropped",
    ]

    func problems(_ input: [String: String]) -> [String: String] {
        switch Self.schema.validate(input, today: Self.today) {
        case .success: [:]
        case let .failure(errors): errors.messages(in: .zhHans)
        }
    }

    func problem(_ field: String, _ value: String) -> String? {
        var input = Self.good
        input[field] = value
        return problems(input)[field]
    }

    @Test func acceptsAndNormalisesAGoodForm() throws {
        let output = try Self.schema.validate(Self.good, today: Self.today).get()
        #expect(output == [
            "shop_name": "老王面馆", "area": "120.5", "staff": "7", "open_on": "2026-11-21", "category": "food",
            "address": "广东省广州市天河区 体育西路 1 号",
        ])
    }

    @Test func missingRequiredFieldsAreAllReportedAtOnce() {
        let messages = problems(["staff": "3"])
        #expect(Set(messages.keys) == ["shop_name", "area", "open_on", "category", "address"])
        #expect(messages.values.allSatisfy { $0 == "此项必填" })
        // An optional field left blank is simply absent.
        var input = Self.good
        input["staff"] = "  "
        let output = try? Self.schema.validate(input, today: Self.today).get()
        #expect(output?["staff"] == nil && output != nil)
    }

    @Test func textLengthBoundary() {
        #expect(problem("shop_name", String(repeating: "面", count: 10)) == nil)
        #expect(problem("shop_name", String(repeating: "面", count: 11))?.contains("超过长度") == true)
    }

    @Test func numbers() {
        #expect(problem("area", "1") == nil)
        #expect(problem("area", "500") == nil)
        #expect(problem("area", "500.00") == nil)
        #expect(problem("area", "0.99")?.hasPrefix("超出范围") == true)
        #expect(problem("area", "500.01")?.hasPrefix("超出范围") == true)
        #expect(problem("area", "1.234") == "最多保留 2 位小数")
        #expect(problem("staff", "1.5") == "请填写整数")
        #expect(problem("staff", "-1")?.contains("不能小于 0") == true)
        for bad in ["abc", "1e3", "1,000", "+5", "１２", "1.", ".5", "--1", "0x10", "1 2"] {
            #expect(problem("area", bad)?.hasPrefix("不是数字") == true, "\(bad)")
        }
    }

    @Test func dates() {
        #expect(problem("open_on", "2026-11-21") == nil) // today is allowed
        #expect(problem("open_on", "2027-12-31") == nil)
        #expect(problem("open_on", "2026-11-20") == "日期不能早于 2026-11-21")
        #expect(problem("open_on", "2028-01-01") == "日期不能晚于 2027-12-31")
        for bad in ["2026-02-30", "2026/12/01", "20261201", "2026-1-5", "明天"] {
            #expect(problem("open_on", bad)?.hasPrefix("日期无效") == true, "\(bad)")
        }
    }

    @Test func choices() {
        #expect(problem("category", "drink") == nil)
        #expect(problem("category", "Food")?.hasPrefix("不在选项中") == true)
        #expect(problem("category", "食品")?.hasPrefix("不在选项中") == true)
    }

    @Test func addresses() {
        for good in [
            "广东省广州市天河区体育西路1号", "北京市东城区东华门街道1号", "上海市市辖区黄浦区南京东路100号",
            "内蒙古自治区呼和浩特市新城区中山东路8号", "湖北省恩施土家族苗族自治州恩施市舞阳大道1号", "浙江省杭州市余杭区文一西路969号",
        ] {
            #expect(problem("address", good) == nil, "\(good)")
        }
        for bad in ["体育西路1号", "广东省广州市", "广东省广州市天河区", "广州市天河区体育西路1号", "北京市东城区", "广东省天河区体育西路1号x"] {
            #expect(problem("address", bad) == "地址须包含省、市、区（县）及详细地址", "\(bad)")
        }
        #expect(problem("address", "广东省广州市天河区" + String(repeating: "路", count: 200))?.contains("超过长度") == true)
    }

    @Test func englishMessages() {
        var input = Self.good
        input["area"] = "x"
        input["category"] = "nope"
        guard case let .failure(errors) = Self.schema.validate(input, today: Self.today) else {
            Issue.record("expected failure")
            return
        }
        let messages = errors.messages(in: .en)
        #expect(messages["area"]?.hasPrefix("Not a number") == true)
        #expect(messages["category"]?.hasPrefix("Not one of the options") == true)
    }

    @Test func problemsReadInBothLanguages() {
        let all: [FormProblem] = [
            .required, .tooLong(max: 3), .notANumber, .tooManyDecimals(0), .tooManyDecimals(2),
            .outOfRange(min: 1, max: 2), .outOfRange(min: 1, max: nil), .outOfRange(min: nil, max: 2), .outOfRange(min: nil, max: nil),
            .invalidDate, .dateTooEarly(Self.today), .dateTooLate(Self.today), .notAnOption, .incompleteAddress,
        ]
        for problem in all {
            let zh = problem.message(in: .zhHans)
            let en = problem.message(in: .en)
            #expect(!zh.isEmpty && !en.isEmpty && zh != en)
        }
        #expect(FormProblem.outOfRange(min: 1, max: 2).message(in: .zhHans) == "超出范围：应在 1 至 2 之间")
    }

    @Test func schemaRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(Self.schema)
        let decoded = try JSONDecoder().decode(FormSchema.self, from: data)
        #expect(decoded == Self.schema)
        #expect(decoded.fields[5].help(in: .zhHans) == "省市区及详细地址")
        #expect(decoded.fields[0].label(in: .en) == "Shop name")
    }

    @Test func definitionChecks() throws {
        try Self.schema.validateDefinition()
        func field(_ name: String, _ type: FormFieldType = .text(maxLength: 5), zh: String = "标签") -> FormField {
            FormField(name: name, labelZh: zh, labelEn: "Label", type: type)
        }
        #expect(throws: FormDefinitionError.duplicateName("a")) {
            try FormSchema(fields: [field("a"), field("a")]).validateDefinition()
        }
        for bad in ["", "1a", "a-b", "名字", "a b", String(repeating: "a", count: 65)] {
            #expect(throws: FormDefinitionError.badName(bad)) { try FormSchema(fields: [field(bad)]).validateDefinition() }
        }
        try FormSchema(fields: [field("_ok_1"), field(String(repeating: "a", count: 64))]).validateDefinition()
        #expect(throws: FormDefinitionError.emptyChoice("c")) {
            try FormSchema(fields: [field("c", .choice(options: []))]).validateDefinition()
        }
        let option = ChoiceOption(value: "x", labelZh: "甲", labelEn: "X")
        #expect(throws: FormDefinitionError.duplicateOption(field: "c", value: "x")) {
            try FormSchema(fields: [field("c", .choice(options: [option, option]))]).validateDefinition()
        }
        #expect(throws: FormDefinitionError.missingLabel("a")) { try FormSchema(fields: [field("a", zh: " ")]).validateDefinition() }
        #expect(throws: FormDefinitionError.badLimits("t")) { try FormSchema(fields: [field("t", .text(maxLength: 0))]).validateDefinition() }
        #expect(throws: FormDefinitionError.badLimits("n")) {
            try FormSchema(fields: [field("n", .number(min: 5, max: 1, decimals: 0))]).validateDefinition()
        }
        #expect(throws: FormDefinitionError.badLimits("d")) {
            try FormSchema(fields: [field("d", .date(notBefore: .daysFromToday(3), notAfter: .daysFromToday(-3)))]).validateDefinition()
        }
        let errors: [FormDefinitionError] = [
            .badName("x"), .duplicateName("x"), .missingLabel("x"), .emptyChoice("x"), .duplicateOption(field: "x", value: "y"), .badLimits("x"),
        ]
        for error in errors {
            #expect(error.message(in: .zhHans) != error.message(in: .en))
        }
    }
}

@Suite("Sample values for guides and load tests")
struct FormSampleTests {
    @Test("every kind of field gets a value its own checks accept")
    func samplesValidate() throws {
        let today = try #require(CivilDate("2026-11-20"))
        let schema = FormSchema(fields: [
            FormField(name: "name", labelZh: "名称", labelEn: "Name", type: .text(maxLength: 2)),
            FormField(name: "area", labelZh: "面积", labelEn: "Area", type: .number(min: 5, max: 10, decimals: 0)),
            FormField(name: "small", labelZh: "比例", labelEn: "Ratio", type: .number(min: nil, max: 0.5, decimals: 2)),
            FormField(name: "event", labelZh: "日期", labelEn: "Date", type: .date(notBefore: .daysFromToday(20), notAfter: .daysFromToday(20))),
            FormField(name: "born", labelZh: "出生", labelEn: "Born", type: .date(notBefore: nil, notAfter: .daysFromToday(-6570))),
            FormField(name: "kind", labelZh: "类别", labelEn: "Kind", type: .choice(options: [ChoiceOption(value: "a", labelZh: "甲", labelEn: "A")])),
            FormField(name: "where", labelZh: "地址", labelEn: "Address", type: .address),
        ])
        let values = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0.sampleValue(today: today)) })
        let result = schema.validate(values, today: today)
        if case let .failure(errors) = result { Issue.record("\(errors.messages(in: .en))") }
    }

    @Test("a choice is read by its label in either language; other values as entered")
    func displayValue() {
        let field = FormField(
            name: "equipment_type", labelZh: "设备种类", labelEn: "Type of equipment",
            type: .choice(options: [ChoiceOption(value: "elevator", labelZh: "电梯", labelEn: "Lift / escalator")]))
        #expect(field.displayValue("elevator", in: .zhHans) == "电梯")
        #expect(field.displayValue("elevator", in: .en) == "Lift / escalator")
        #expect(field.displayValue("unknown", in: .zhHans) == "unknown")
        let text = FormField(name: "premises", labelZh: "经营场所", labelEn: "Premises", type: .address)
        #expect(text.displayValue("人民路 1 号", in: .en) == "人民路 1 号")
    }
}
