import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city's disclosure catalogue: a few hundred items of the last two years across its departments, taken
/// through the real review chain at the instants they would have been, so the portal, the proactive-disclosure
/// clocks and the annual figures have something true to show. Mostly published on time; some late, some corrected,
/// one withdrawn, and a handful still at each review step or never meant for the portal.
public enum DemoDisclosure {
    public struct Summary: Sendable { public var items: Int; public var published: Int; public var requests: Int }

    public static func seed(
        indexPattern: IndexNumberPattern, calendar: WorkCalendar, now: Date, queryCodeKey: QueryCodeKey, on database: any Database
    ) async throws -> Summary {
        let city = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).first()
        let departments = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).sort(\.$sortOrder).all()
            .filter { DemoCity.departmentCode(named: $0.nameZh) != nil }
        guard let city, !departments.isEmpty else { return Summary(items: 0, published: 0, requests: 0) }
        func person(_ name: String, _ roles: [Role]) -> Principal {
            Principal(accountID: Effects.current.newID(), kind: .staff, displayName: name, grants: roles.map {
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
        let requests = try await seedRequests(departments: departments, officer: officer, head: head, actor: actor, calendar: calendar, now: now, queryCodeKey: queryCodeKey, on: database)
        return Summary(items: plans.count, published: published, requests: requests)
    }

    /// Requests of the last fourteen months in every state and with every kind of answer: the demo citizen's own online
    /// ones (so their space shows some), and paper ones from people and organisations of the city.
    static func seedRequests(
        departments: [OrganisationUnit], officer: Principal, head: Principal, actor: (Principal, Role) -> AuditActor, calendar: WorkCalendar, now: Date,
        queryCodeKey: QueryCodeKey, on database: any Database
    ) async throws -> Int {
        guard let citizenAccount = try await Account.query(on: database).filter(\.$username == "citizen").first() else { return 0 }
        let citizen = try await IdentityStore.principal(for: citizenAccount, on: database)
        let citizenActor = AuditActor(accountID: citizen.accountID, name: citizen.displayName, role: .applicant, unitID: nil, unitPath: nil, requestID: nil, clientAddress: nil)
        var random = SplitMix64(seed: 0x5265_7175_6573_7473)
        let names = ["李娜", "王芳", "刘洋", "陈杰", "杨帆", "赵静", "黄磊", "周敏", "吴刚", "徐丽"]
        let organisations: [(RequesterKind, String)] = [
            (.commercialEnterprise, "示范市江北建材有限公司"), (.legalServiceOrganisation, "示范市明理律师事务所"),
            (.researchInstitution, "示范市城市发展研究院"), (.publicInterestOrganisation, "示范市绿色环保志愿者协会"),
        ]
        let descriptions = [
            "2025年度本部门预算及“三公”经费支出情况", "食品经营许可证核发的数量及名单", "某小区老旧改造项目的立项批复文件",
            "生活垃圾分类处理设施选址论证报告", "户籍迁移办理的内部操作规程", "2024年城市更新专项资金使用明细",
            "某企业环境影响评价批复及验收意见", "义务教育招生划片的依据和名单", "公共交通线路调整的听证材料",
        ]
        // Every answer the template counts, then open ones at each step.
        let answered: [ResponseOutcome] = ResponseOutcome.allCases + [.disclosed, .disclosed, .disclosed, .partlyDisclosed, .notHeld, .disclosed]
        let outcomes: [ResponseOutcome?] = answered.map { Optional($0) } + [nil, nil, nil, nil]
        var count = 0
        for (index, outcome) in outcomes.enumerated() {
            let department = departments[index % min(departments.count, 6)]
            let daysAgo = outcome == nil ? [3, 6, 9, 12][index - answered.count] : 30 + Int(random.next() % 380)
            var at = now.addingTimeInterval(-Double(daysAgo) * 86_400)
            at = CivilDate.beijing(at).startInBeijing.addingTimeInterval(10 * 3600)
            let online = index % 3 == 0
            var application: DisclosureApplication
            if online {
                application = DisclosureApplication(kind: .naturalPerson, name: citizenAccount.displayName, identifier: citizenAccount.residentID ?? "",
                                                    phone: citizenAccount.phone ?? "13800138000", description: descriptions[index % descriptions.count],
                                                    form: .electronic, delivery: .online)
            } else if index % 3 == 1 {
                let body = String(format: "110105198%01d%02d%02d%03d", index % 10, 1 + index % 12, 1 + index % 28, 100 + index)
                application = DisclosureApplication(kind: .naturalPerson, name: names[index % names.count],
                                                    identifier: body + String(ResidentIdentityNumber.checkCharacter(for: body)!), phone: "1390000\(String(format: "%04d", index))",
                                                    address: "示范市江南区人民路\(index)号", description: descriptions[(index + 3) % descriptions.count], form: .paper, delivery: .post)
            } else {
                let (kind, name) = organisations[index % organisations.count]
                application = DisclosureApplication(kind: kind, name: name, identifier: DemoCity.creditCode(authority: "91", body: String(format: "MA%06d", index)),
                                                     contactPerson: names[(index + 5) % names.count], phone: "0990-8800\(String(format: "%04d", index))",
                                                     email: "office\(index)@example.cn", description: descriptions[(index + 6) % descriptions.count], form: .electronic, delivery: .email)
            }
            let channel: RequestChannel = online ? .online(accountID: citizen.accountID) : .paper(receivedOn: CivilDate.beijing(at))
            let filer = online ? citizen : officer
            let filed = try await DisclosureRequestStore.file(
                application, to: try department.requireID(), channel: channel, principal: filer, by: online ? citizenActor : actor(officer, .disclosureOfficer),
                regulations: .edition2019, regionCode: DemoCity.cityCode, calendar: calendar, now: at, queryCodeKey: queryCodeKey, on: database)
            let id = try filed.request.requireID()
            count += 1
            func step(_ action: RequestAction, by principal: Principal = officer, role: Role = .disclosureOfficer, after days: Int) async throws {
                at = min(try calendar.due(from: at, workingDays: days), now.addingTimeInterval(-3600))
                try await DisclosureRequestStore.act(action, on: id, expectedVersion: nil, principal: principal, by: actor(principal, role),
                                                     calendar: calendar, now: at, on: database)
            }
            switch outcome {
            case .clarificationOverdue?:
                try await step(.requestClarification(text: "请写明所需信息的年份和文件名称。"), after: 2)
                at = try calendar.due(from: at, workingDays: 16)
                try await step(.answer(outcome: .clarificationOverdue, explanation: "申请人在补正期限内未补正，视为放弃申请。"), after: 1)
            case .unclearAfterClarification?:
                try await step(.requestClarification(text: "请写明所需信息的年份和文件名称。"), after: 2)
                try await step(.receiveClarification(text: "要所有的文件。"), after: 3)
                try await step(.answer(outcome: .unclearAfterClarification, explanation: "补正后仍无法确定所需信息。"), after: 5)
            case .withheldThirdParty?:
                try await step(.startConsultation(thirdParty: "示范市江南食品有限公司"), after: 3)
                try await step(.endConsultation(opinion: "该企业不同意公开，认为涉及商业秘密。"), after: 10)
                try await step(.answer(outcome: .withheldThirdParty, explanation: "经征求第三方意见，所申请信息涉及商业秘密。"), after: 4)
            case let outcome?:
                if index % 5 == 4 { try await step(.extend(reason: "涉及多个年度档案，需调档核实。"), by: head, role: .departmentHead, after: 15) }
                try await step(.answer(outcome: outcome, explanation: outcome == .disclosed ? "" : "详见答复书。"), after: index % 5 == 4 ? 20 : 3 + index % 12)
            case nil:
                switch index - answered.count {
                case 1: try await step(.requestClarification(text: "请说明所需信息的具体范围。"), after: 1)
                case 2: try await step(.startConsultation(thirdParty: "示范市江北建材有限公司"), after: 2)
                case 3: try await step(.extend(reason: "需要向多个科室调取资料。"), by: head, role: .departmentHead, after: 1)
                default: break
                }
            }
        }
        return count
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
