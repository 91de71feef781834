import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city a fresh installation starts with: a city government with districts, real department names,
/// a service centre with windows, and one account per role. Passwords are random per installation, returned
/// once to be printed, and stored only as hashes.
public enum DemoCity {
    public typealias SignIn = SeededSignIn

    /// Whether the database already holds an organisation (then seeding is skipped).
    public static func isSeeded(on database: any Database) async throws -> Bool {
        try await OrganisationUnit.query(on: database).count() > 0
    }

    public static let cityCode = "990100"

    /// The city's departments in creation order: a department's 统一社会信用代码 is derived from its place here, so new
    /// departments are appended, never inserted (matter codes and certificates embed the code).
    public static let departmentNames: [(zh: String, en: String)] = [
        ("示范市市场监督管理局", "Market Regulation Administration"),
        ("示范市卫生健康委员会", "Health Commission"),
        ("示范市规划和自然资源局", "Planning and Natural Resources Bureau"),
        ("示范市住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
        ("示范市交通运输局", "Transport Bureau"),
        ("示范市生态环境局", "Ecology and Environment Bureau"),
        ("示范市公安局", "Public Security Bureau"),
        ("示范市政务服务数据管理局", "Government Services and Data Administration"),
        ("示范市人力资源和社会保障局", "Human Resources and Social Security Bureau"),
        ("示范市民政局", "Civil Affairs Bureau"),
        ("示范市教育局", "Education Bureau"),
    ]

    /// The 统一社会信用代码 the seed gives the department named `nameZh`, or `nil` for a name not in ``departmentNames``.
    public static func departmentCode(named nameZh: String) -> String? {
        departmentNames.firstIndex { $0.zh == nameZh }.map { governmentCreditCode(serial: $0 + 1) }
    }

    public static func seed(hasher: any PasswordHasher, now: Date, on database: any Database) async throws -> [SignIn] {
        let actor = AuditActor.system("seed")
        func unit(_ parent: OrganisationUnit?, _ kind: OrganisationKind, _ level: RegionLevel?, _ code: String, _ zh: String, _ en: String, _ order: Int = 0) async throws -> OrganisationUnit {
            try await OrganisationStore.create(
                .init(parentID: parent?.id, kind: kind, regionLevel: level, code: code, nameZh: zh, nameEn: en, sortOrder: order),
                by: actor, now: now, on: database
            )
        }
        // One installation serves one city (DESIGN.md); a provincial installation would put the province on top.
        let city = try await unit(nil, .region, .city, cityCode, "示范市", "Demo City")
        let districts = [("990102", "江南区", "Jiangnan District"), ("990103", "江北区", "Jiangbei District"), ("990104", "高新区", "High-Tech District")]
        var firstDistrict: OrganisationUnit?
        for (index, district) in districts.enumerated() {
            let created = try await unit(city, .region, .county, district.0, district.1, district.2, index)
            if firstDistrict == nil { firstDistrict = created }
        }
        _ = try await unit(firstDistrict, .region, .township, "990102001", "江南街道", "Jiangnan Subdistrict")

        var departments: [OrganisationUnit] = []
        for (index, name) in departmentNames.enumerated() {
            departments.append(try await unit(city, .department, nil, governmentCreditCode(serial: index + 1), name.zh, name.en, 10 + index))
        }
        let market = departments[0]
        let dataAdministration = departments[7]
        let centre = try await unit(dataAdministration, .serviceCentre, nil, "990100-ZX", "示范市政务服务中心", "Demo City Government Service Centre")
        var windows: [OrganisationUnit] = []
        for number in 1...4 {
            windows.append(try await unit(centre, .window, nil, "990100-CK\(number)", "综合受理窗口 \(number) 号", "General intake window \(number)", number))
        }
        _ = try await unit(centre, .window, nil, "990100-CJ", "统一出件窗口", "Certificate collection window", 9)
        let hotline = try await unit(dataAdministration, .department, nil, "990100-12345", "12345 政务服务便民热线", "12345 Government Service Hotline", 20)

        struct Staff { var username: String; var name: String; var role: Role; var unit: OrganisationUnit; var subtree: Bool }
        let staff = [
            Staff(username: "admin", name: "系统管理员", role: .administrator, unit: city, subtree: true),
            Staff(username: "supervisor", name: "监察员 周敏", role: .supervisor, unit: city, subtree: true),
            Staff(username: "clerk", name: "窗口人员 李娜", role: .windowClerk, unit: windows[0], subtree: false),
            Staff(username: "reviewer", name: "承办人 王强", role: .reviewer, unit: market, subtree: false),
            Staff(username: "head", name: "负责人 陈静", role: .departmentHead, unit: market, subtree: true),
            Staff(username: "disclosure", name: "信息公开专员 刘洋", role: .disclosureOfficer, unit: market, subtree: false),
            Staff(username: "secrecy", name: "保密审查员 黄磊", role: .secrecyReviewer, unit: city, subtree: true),
            Staff(username: "steward", name: "数据管理员 赵磊", role: .dataSteward, unit: dataAdministration, subtree: false),
            Staff(username: "steward-ps", name: "数据管理员 钱进", role: .dataSteward, unit: departments[6], subtree: false),
            Staff(username: "steward-ca", name: "数据管理员 冯雪", role: .dataSteward, unit: departments[9], subtree: false),
            Staff(username: "operator", name: "话务员 孙丽", role: .hotlineOperator, unit: hotline, subtree: false),
        ]
        var signIns: [SignIn] = []
        for member in staff {
            let password = Secrets.password()
            let account = try await AccountStore.create(
                ValidAccountApplication(kind: .staff, username: member.username, displayName: member.name, password: password, residentID: nil, creditCode: nil, phone: nil),
                unitID: member.unit.id, hasher: hasher, by: actor, now: now, on: database
            )
            try await AccountStore.grant(member.role, to: account, on: member.unit, includesSubtree: member.subtree, by: actor, now: now, on: database)
            signIns.append(SignIn(username: member.username, password: password, role: member.role.rawValue))
        }

        let citizenID = try ResidentIdentityNumber(demoResidentID)
        let citizenPassword = Secrets.password()
        let citizen = try await AccountStore.create(
            ValidAccountApplication(kind: .citizen, username: "citizen", displayName: "张伟", password: citizenPassword, residentID: citizenID, creditCode: nil, phone: "13800138000"),
            unitID: nil, hasher: hasher, by: actor, now: now, on: database
        )
        try await AccountStore.grant(.applicant, to: citizen, on: city, includesSubtree: true, by: actor, now: now, on: database)
        signIns.append(SignIn(username: "citizen", password: citizenPassword, role: Role.applicant.rawValue))

        let creditCode = try UnifiedSocialCreditCode(demoEnterpriseCode)
        let enterprisePassword = Secrets.password()
        let enterprise = try await AccountStore.create(
            ValidAccountApplication(kind: .enterprise, username: "enterprise", displayName: "示范市江南食品有限公司", password: enterprisePassword, residentID: nil, creditCode: creditCode, phone: "0990-12345678"),
            unitID: nil, hasher: hasher, by: actor, now: now, on: database
        )
        try await AccountStore.grant(.applicant, to: enterprise, on: city, includesSubtree: true, by: actor, now: now, on: database)
        signIns.append(SignIn(username: "enterprise", password: enterprisePassword, role: Role.applicant.rawValue))
        return signIns
    }

    /// A valid 居民身份证号 for the demo citizen (Beijing Dongcheng, born 1990-03-07).
    public static var demoResidentID: String { ResidentIdentityNumber.sample }

    /// A valid 统一社会信用代码 for the demo enterprise (市场监管 9, 企业 1).
    public static var demoEnterpriseCode: String { creditCode(authority: "91", body: "MA5T0Q8K") }

    /// 统一社会信用代码 for a government department: 机构编制 1, 机关 1, the city's region code, an organisation code.
    static func governmentCreditCode(serial: Int) -> String {
        creditCode(authority: "11", body: "0" + String(format: "%07d", 4_100_000 + serial))
    }

    public static func creditCode(authority: String, body: String) -> String {
        let organisationCode = body + String(OrganizationCode.checkCharacter(for: body)!)
        let first17 = authority + cityCode + organisationCode
        return first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }
}
