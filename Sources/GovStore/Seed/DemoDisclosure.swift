import FluentKit
import Foundation
import GovCore

/// The demo city's disclosure catalogue: a few hundred items of the last two years across its departments, taken
/// through the real review chain at the instants they would have been, so the portal, the proactive-disclosure
/// clocks and the annual figures have something true to show. Mostly published on time; some late, some corrected,
/// one withdrawn, and a handful still at each review step or never meant for the portal.
public enum DemoDisclosure {
    public struct Summary: Sendable { public var items: Int; public var published: Int }

    public static func seed(indexPattern: IndexNumberPattern, calendar: WorkCalendar, now: Date, on database: any Database) async throws -> Summary {
        let city = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).first()
        let departments = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).sort(\.$sortOrder).all()
            .filter { DemoCity.departmentCode(named: $0.nameZh) != nil }
        guard let city, !departments.isEmpty else { return Summary(items: 0, published: 0) }
        func person(_ name: String, _ roles: [Role]) -> Principal {
            Principal(accountID: UUID(), kind: .staff, displayName: name, grants: roles.map {
                RoleGrant(role: $0, unitID: city.id, unitPath: city.path, includesSubtree: true)
            })
        }
        let officer = person("信息公开专员 刘洋", [.disclosureOfficer])
        let reviewer = person("承办人 王强", [.reviewer])
        let secrecy = person("保密审查员 黄磊", [.secrecyReviewer])
        let head = person("负责人 陈静", [.departmentHead])
        func actor(_ principal: Principal, _ role: Role) -> AuditActor {
            AuditActor(accountID: nil, name: principal.displayName + "（示范数据）", role: role, unitID: nil, unitPath: nil, requestID: nil, clientAddress: nil)
        }

        var random = SplitMix64(seed: 0x4469_7363_6C6F_7365)
        let today = CivilDate.beijing(now)
        let plans = (0..<320).map { index in Plan.make(index, departments: departments.count, today: today, random: &random) }
            .sorted { $0.writtenOn < $1.writtenOn }
        var published = 0
        for (index, plan) in plans.enumerated() {
            let department = departments[plan.department]
            let draft = plan.draft(department: department.nameZh)
            var at = max(plan.writtenOn.startInBeijing.addingTimeInterval(9 * 3600), now.addingTimeInterval(-800 * 86_400))
            func step() throws -> Date {
                at = try calendar.due(from: at, workingDays: 1).addingTimeInterval(-6 * 3600)
                return min(at, now.addingTimeInterval(-60))
            }
            let item = try await DisclosureStore.create(draft, unitID: try department.requireID(), principal: officer, by: actor(officer, .disclosureOfficer),
                                                        calendar: calendar, now: at, on: database)
            let id = try item.requireID()
            let chain: [(DisclosureAction, Principal, Role)] = [
                (.submit, officer, .disclosureOfficer), (.approve(comment: "内容准确，同意报送保密审查。"), reviewer, .reviewer),
                (.passSecrecy(basis: "经审查，不涉及国家秘密、工作秘密和个人隐私（《政府信息公开条例》第十四条、第十五条）。"), secrecy, .secrecyReviewer),
                (.signOff(comment: "同意公开。"), head, .departmentHead),
            ]
            let steps = index >= plans.count - 12 ? (index - (plans.count - 12)) % 4 : chain.count
            for (offset, (action, principal, role)) in chain.prefix(steps).enumerated() {
                // A few items wait on a review step far longer than the law allows, so some finish late.
                if offset == 3, plan.late { at = try calendar.due(from: at, workingDays: 22) }
                try await DisclosureStore.act(action, on: id, expectedVersion: nil, principal: principal, by: actor(principal, role),
                                              indexPattern: indexPattern, calendar: calendar, now: try step(), on: database)
            }
            if steps == chain.count { published += 1 }
            if index == 40 {
                try await DisclosureStore.act(.withdraw(reason: "该文件所附名单有误，已撤回并另行发布更正后的名单。"), on: id, expectedVersion: nil, principal: head,
                                              by: actor(head, .departmentHead), indexPattern: indexPattern, calendar: calendar, now: try step(), on: database)
            } else if index % 60 == 7, steps == chain.count {
                // A correction of a published item: the same chain again, the old version kept.
                try await DisclosureStore.act(.revise, on: id, expectedVersion: nil, principal: officer, by: actor(officer, .disclosureOfficer),
                                              indexPattern: indexPattern, calendar: calendar, now: try step(), on: database)
                var corrected = draft
                corrected.body += "\n\n（本文于发布后更正了第二条中的联系电话。）"
                _ = try await DisclosureStore.edit(id, draft: corrected, expectedVersion: nil, principal: officer, by: actor(officer, .disclosureOfficer),
                                                   calendar: calendar, now: try step(), on: database)
                for (action, principal, role) in chain {
                    try await DisclosureStore.act(action, on: id, expectedVersion: nil, principal: principal, by: actor(principal, role),
                                                  indexPattern: indexPattern, calendar: calendar, now: try step(), on: database)
                }
            }
        }
        return Summary(items: plans.count, published: published)
    }

    /// One generated item.
    struct Plan {
        var department: Int
        var category: String
        var title: String
        var documentNumber: String
        var writtenOn: CivilDate
        var words: [String]
        var form: DisclosureForm
        var late: Bool
        var topic: String

        static let topics = [
            "优化营商环境", "社保经办服务", "户籍管理便民服务", "食品经营许可", "城市更新", "生活垃圾分类", "老旧小区改造", "就业创业补贴",
            "住房公积金", "义务教育招生", "医疗保障", "防汛防台风", "安全生产", "大气污染防治", "养老服务", "公共交通",
        ]

        static func make(_ index: Int, departments: Int, today: CivilDate, random: inout SplitMix64) -> Plan {
            let categories = ["zcwj-gfxwj", "zcwj-zcjd", "ghjh", "czyjs", "xzxk", "xzcf", "rsxx", "yjgl", "jgzn", "zfcg", "tjxx"]
            let category = categories[index % categories.count]
            let topic = topics[Int(random.next() % UInt64(topics.count))]
            let writtenOn = today.adding(days: -Int(random.next() % 700) - 3)
            let year = writtenOn.year
            let serial = index / categories.count + 1
            let department = Int(random.next() % UInt64(departments))
            let (title, number): (String, String) = switch category {
            case "zcwj-gfxwj": ("关于印发《示范市\(topic)若干措施》的通知", "示政办规〔\(year)〕\(serial)号")
            case "zcwj-zcjd": ("《示范市\(topic)若干措施》政策解读", "")
            case "ghjh": ("示范市\(topic)\(year)年工作计划", "")
            case "czyjs": (index % 2 == 0 ? "\(year)年部门预算公开" : "\(year - 1)年部门决算公开", "")
            case "xzxk": ("\(topic)行政许可事项办理结果公示（\(year)年第\(serial)批）", "")
            case "xzcf": ("行政处罚决定书", "示市监处罚〔\(year)〕\(100 + serial)号")
            case "rsxx": ("\(year)年公开招聘事业单位工作人员公告", "")
            case "yjgl": ("示范市\(topic)突发事件应急预案", "示政办函〔\(year)〕\(serial)号")
            case "jgzn": ("机构职能与内设机构", "")
            case "zfcg": ("\(topic)项目政府采购意向公开", "")
            default: ("\(year)年\(topic)统计数据", "")
            }
            let form: DisclosureForm = index % 53 == 11 ? .onRequest : .proactive
            return Plan(department: department, category: category, title: title, documentNumber: number, writtenOn: writtenOn,
                        words: [topic, categoryWord(category)], form: form, late: index % 17 == 5, topic: topic)
        }

        static func categoryWord(_ code: String) -> String {
            DisclosureCategory.defaults.first { $0.code == code }?.nameZh ?? "政务公开"
        }

        func draft(department: String) -> DisclosureDraft {
            let body = """
                各区人民政府，市政府各部门：

                为深入贯彻落实党中央、国务院关于\(topic)的决策部署，进一步提升政务服务水平，结合本市实际，\(department)现就有关事项通知如下。

                一、总体要求。坚持以人民为中心，坚持问题导向，推动\(topic)工作规范化、标准化、便利化，做到办事指南清晰、办理时限明确、办理结果可查。

                二、主要任务。（一）完善工作机制，明确责任单位和办理时限；（二）推行“一网通办”，申请材料能减则减；（三）加强监督检查，对超期办理的事项进行电子监察并督办。

                三、保障措施。各单位要加强组织领导，落实工作责任，及时公开工作进展。咨询电话：12345。

                本文件自印发之日起施行，有效期五年。
                """
            return DisclosureDraft(
                title: title, categoryCode: category, documentNumber: documentNumber, issuer: department, writtenOn: writtenOn,
                subjectWords: words, body: body, form: form,
                withholdingBasis: "")
        }
    }
}
