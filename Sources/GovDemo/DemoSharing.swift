import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city's sharing catalog: the population resource of the public security bureau (conditional), the enterprise
/// register of market regulation (unconditional), a resource that is not shared, one request waiting for the provider,
/// and one granted earlier whose calls the demo citizen can see.
public enum DemoSharing {
    public struct Summary: Sendable, Equatable {
        public var resources: Int
        public var requests: Int
        public var calls: Int
    }

    static let populationFields = """
        id_number, 公民身份号码, string, 18, GB 11643 居民身份证号码, 是, 否
        name, 姓名, string, 50, , 是, 否
        sex, 性别, string, 1, 男/女, 是, 否
        birth_date, 出生日期, date, 10, , 是, 否
        household_address, 户籍地址, string, 200, , 是, 是
        phone, 联系电话, string, 20, , 是, 是
        """

    static let enterpriseFields = """
        uscc, 统一社会信用代码, string, 18, GB 32100, 否, 否
        name, 名称, string, 200, , 否, 否
        legal_representative, 法定代表人, string, 50, , 是, 否
        established_on, 成立日期, date, 10, , 否, 否
        address, 住所, string, 300, , 否, 否
        status, 登记状态, string, 10, 存续/吊销/注销/迁出, 否, 否
        """

    public static func seed(calendar: WorkCalendar, now: Date, on database: any Database) async throws -> Summary {
        let departments = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).all()
        func department(_ name: String) -> OrganisationUnit? { departments.first { $0.nameZh == name } }
        guard let police = department("示范市公安局"), let market = department("示范市市场监督管理局"),
              let civil = department("示范市民政局"), let labour = department("示范市人力资源和社会保障局"),
              let bureau = department("示范市政务服务数据管理局")
        else { return Summary(resources: 0, requests: 0, calls: 0) }
        let actor = AuditActor.system("seed")
        try await SharingStore.save(SharingSettings(bureauUnitID: bureau.id), by: actor, now: now, on: database)
        func steward(_ unit: OrganisationUnit) -> Principal {
            Principal(accountID: Effects.current.newID(), kind: .staff, displayName: "数据管理员", grants: [
                RoleGrant(role: .dataSteward, unitID: unit.id, unitPath: unit.path, includesSubtree: false),
            ])
        }

        let population = try await SharingStore.create(
            try ResourceDraft(
                code: "990100-GA-0001", name: "人口基本信息", description: "人口基础信息库中的身份、户籍地址等基本信息，按公民身份号码逐人查询。",
                fieldList: populationFields, subjectField: "id_number", sharingClass: "conditional", legalBasis: "", frequency: "daily", provision: "exchange"
            ).validated(), scopeUnitIDs: [], source: .population, unit: police, principal: steward(police), by: actor, now: now, on: database)
        try await load(.population, csv: peopleCSV(), now: now, on: database)

        _ = try await SharingStore.create(
            try ResourceDraft(
                code: "990100-SJ-0001", name: "企业登记信息", description: "法人单位基础信息库中市场主体的名称、法定代表人、住所和登记状态，按统一社会信用代码查询。",
                fieldList: enterpriseFields, subjectField: "uscc", sharingClass: "unconditional", legalBasis: "", frequency: "real_time", provision: "exchange"
            ).validated(), scopeUnitIDs: [], source: .legalEntity, unit: market, principal: steward(market), by: actor, now: now, on: database)
        try await load(.legalEntity, csv: """
            uscc,name,legal_representative,established_on,address,status,registered_capital,business_scope
            \(DemoCity.demoEnterpriseCode),示范市江南食品有限公司,李明,2019-06-18,示范市江南区滨江路 88 号,存续,500,食品生产；食品经营
            \(DemoCity.creditCode(authority: "91", body: "MA5T1A2B")),示范市高新数字科技有限公司,周航,2021-03-02,示范市高新区创新大道 1 号,存续,1000,软件开发
            \(DemoCity.creditCode(authority: "52", body: "MJ0A0001")),示范市江南区社区服务中心,陈红,2015-09-10,示范市江南区文化路 3 号,存续,,社区服务
            """, now: now, on: database)

        let allowances = try await SharingStore.create(
            try ResourceDraft(
                code: "990100-MZ-0100", name: "最低生活保障对象", description: "享受城乡最低生活保障的家庭户主及保障金额，按月更新。",
                fieldList: "id_number, 公民身份号码, string, 18, , 是, 否\nallowance, 月保障金额, decimal, , 元, 否, 是\nsince, 起始月份, string, 7, , 否, 否",
                subjectField: "id_number", sharingClass: "conditional", legalBasis: "", frequency: "monthly", provision: "file"
            ).validated(), scopeUnitIDs: [], unit: civil, principal: steward(civil), by: actor, now: now, on: database)
        try await SharingStore.put(Array(try peopleRows().prefix(3)).map { ["id_number": $0, "allowance": "860", "since": "2026-01"] },
                                   into: allowances, now: now, on: database)

        _ = try await SharingStore.create(
            try ResourceDraft(
                code: "990100-GA-0002", name: "违法犯罪记录", description: "公安机关掌握的违法犯罪记录。",
                fieldList: "id_number, 公民身份号码, string, 18, , 是, 否\nrecord, 记录摘要, string, 2000, , 是, 是", subjectField: "id_number",
                sharingClass: "not_shared", legalBasis: "《公安机关办理犯罪记录查询工作规定》第三条：犯罪记录查询须依法定程序办理，不通过共享平台提供。",
                frequency: "irregular", provision: "exchange"
            ).validated(), scopeUnitIDs: [], unit: police, principal: steward(police), by: actor, now: now, on: database)

        // Granted a month ago to human resources, for checking pension applications; it has been used since.
        let earlier = now.addingTimeInterval(-30 * 86_400)
        let pension = try await SharingStore.file(
            SharingApplication(fields: ["name", "birth_date"], purposeCode: "pension-check", purpose: "核验养老保险待遇申领人的姓名和出生日期",
                               legalBasis: "《社会保险法》第十七条、第七十二条", days: 180),
            for: population, principal: steward(labour), by: actor, calendar: calendar, now: earlier, on: database)
        _ = try await SharingStore.decide(.approve(fields: ["name", "birth_date"], days: "180", conditions: "仅用于养老保险待遇审核"), on: try pension.requireID(),
                                          expectedVersion: nil, principal: steward(police), by: actor, calendar: calendar,
                                          now: earlier.addingTimeInterval(2 * 86_400), on: database)
        let labourCaller = ExchangeCaller(unitID: try labour.requireID(), unitPath: labour.path, clientName: "社保经办系统")
        var calls = 0
        for (days, issue) in [(20, "YL20261101"), (9, "YL20261119")] {
            _ = try await ExchangeStore.query(
                resourceCode: population.code, subject: DemoCity.demoResidentID,
                call: ExchangeCall(callerUnitPath: labour.path, purposeCode: "pension-check", issue: issue, endUser: "经办人 吴芳", fields: ["name", "birth_date"]),
                caller: labourCaller, now: now.addingTimeInterval(-Double(days) * 86_400), on: database)
            calls += 1
        }

        // Waiting for the public security bureau: civil affairs asks for three fields to check subsistence allowances.
        _ = try await SharingStore.file(
            SharingApplication(fields: ["name", "household_address", "birth_date"], purposeCode: "subsidy-review", purpose: "最低生活保障申请的户籍与身份核对",
                               legalBasis: "《社会救助暂行办法》第十一条", days: 90),
            for: population, principal: steward(civil), by: actor, calendar: calendar, now: now.addingTimeInterval(-86_400), on: database)
        return Summary(resources: 3, requests: 2, calls: calls)
    }

    /// The ID numbers of the synthetic residents (born in Hangzhou's Shangcheng district, 330102, so the numbers validate).
    static func peopleRows() throws -> [String] {
        (0..<30).map { index in
            let body = String(format: "330102%04d%02d%02d", 1950 + index * 2, 1 + index % 12, 1 + index % 28) + String(format: "%03d", 100 + index * 7)
            return body + String(ResidentIdentityNumber.checkCharacter(for: body)!)
        }
    }

    /// The demo citizen and thirty residents, as a population file.
    static func peopleCSV() throws -> String {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛"]
        var lines = ["id_number,name,household_address,phone", "\(DemoCity.demoResidentID),张伟,示范市江南区江南街道文化路 12 号,13800138000"]
        for (index, number) in try peopleRows().enumerated() {
            lines.append("\(number),\(surnames[index % surnames.count])\(given[index % given.count]),示范市江南区江南街道幸福里 \(index + 1) 号,")
        }
        return lines.joined(separator: "\n")
    }

    /// Loads a small registry file through the same reader and store as a bulk import.
    static func load(_ kind: RegistryKind, csv: String, now: Date, on database: any Database) async throws {
        var importer = RegistryImporter(kind: kind, today: CivilDate.beijing(now))
        var rows: [RegistryRow] = []
        for outcome in try importer.feed(Array(csv.utf8)) + importer.finish() {
            guard case let .accepted(row, _) = outcome else { throw RegistryDemoError.rejected(outcome) }
            rows.append(row)
        }
        _ = try await RegistryStore.write(rows, now: now, on: database)
    }
}

enum RegistryDemoError: Error {
    case rejected(RegistryRowOutcome)
}
