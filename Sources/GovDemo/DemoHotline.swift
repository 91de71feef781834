import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city's 12345 hotline: routing rules for each branch of the category tree, the knowledge base built from the
/// service guides, and tickets of the last days in every state, filed and handled through the real store by the demo
/// operator, the market regulator's staff and the demo citizen.
public enum DemoHotline {
    public struct Summary: Sendable, Equatable {
        public var rules: Int
        public var tickets: Int
        public var knowledge: Int
    }

    /// Which department each branch of the standard tree goes to.
    static let routing: [(prefix: String, department: String)] = [
        ("01", "示范市住房和城乡建设局"), ("02", "示范市交通运输局"), ("03", "示范市市场监督管理局"), ("04", "示范市卫生健康委员会"),
        ("05", "示范市人力资源和社会保障局"), ("06", "示范市生态环境局"), ("07", "示范市公安局"), ("08", "示范市教育局"), ("09", "示范市民政局"),
        ("10", "示范市规划和自然资源局"), ("11", "示范市政务服务数据管理局"),
    ]

    public static func seed(calendar: WorkCalendar, now: Date, queryCodeKey: QueryCodeKey, on database: any Database) async throws -> Summary {
        let actor = AuditActor.system("seed")
        let departments = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).all()
        var rules = 0
        for route in routing {
            guard let unit = departments.first(where: { $0.nameZh == route.department }) else { continue }
            try await HotlineStore.addRule(RoutingRule(categoryPrefix: route.prefix, unitID: try unit.requireID()), by: actor, now: now, on: database)
            rules += 1
        }
        let knowledge = try await KnowledgeStore.refreshGuides(now: now, on: database)
        func person(_ username: String) async throws -> (Principal, AuditActor)? {
            try await DemoAccounts.acting(username, on: database).map { ($0.principal, $0.actor) }
        }
        guard let (operatorPrincipal, operatorActor) = try await person("operator"), let (_, reviewerActor) = try await person("reviewer"),
              let (reviewerPrincipal, _) = try await person("reviewer"), let (citizenPrincipal, citizenActor) = try await person("citizen"),
              let mayor = try await OrganisationUnit.query(on: database).filter(\.$parent.$id == nil).first(),
              let market = departments.first(where: { $0.nameZh == "示范市市场监督管理局" })
        else { return Summary(rules: rules, tickets: 0, knowledge: knowledge) }
        let categories = Set(try await HotlineStore.categories(on: database).map(\.code))
        let regions = try await HotlineStore.regionCodes(on: database)

        var filed = 0
        func file(_ draft: TicketDraft, _ intake: HotlineStore.Intake, by who: AuditActor, hoursAgo: Double) async throws -> TicketRecord {
            let ticket = try draft.validated(categories: categories, regions: regions, contactRequired: true)
            filed += 1
            return try await HotlineStore.file(ticket, intake: intake, by: who, calendar: calendar, now: now.addingTimeInterval(-hoursAgo * 3600),
                                                queryCodeKey: queryCodeKey, on: database).record
        }
        func act(_ step: HotlineStore.Step, _ record: TicketRecord, _ principal: Principal, _ who: AuditActor, hoursAgo: Double) async throws {
            _ = try await HotlineStore.act(step, on: try record.requireID(), expectedVersion: nil, principal: principal, by: who, calendar: calendar,
                                           now: now.addingTimeInterval(-hoursAgo * 3600), on: database)
        }

        // A complaint recorded from a call, with the market regulator, its 5 working days running.
        _ = try await file(TicketDraft(kind: "complaint", category: "0301", regionCode: "990102", address: "江南区解放路 88 号",
                                       subject: "餐馆后厨卫生差", description: "解放路 88 号一家餐馆后厨苍蝇多，餐具未消毒，希望监管部门检查。",
                                       callerName: "李先生", callerPhone: "13900001111"),
                           .init(channel: .phone), by: operatorActor, hoursAgo: 20)
        // A question answered on the call from the knowledge base, in the guide's own words; the caller was satisfied.
        if let hygiene = try await MatterStore.list(MatterStore.Filter(text: "公共场所卫生许可"), on: database).first {
            let guide = try await MatterStore.current(of: hygiene, on: database).definition
            let answer = "\(guide.nameZh)\(guide.onlineDepth.acceptsOnlineApplication ? "可在网上办理" : "到窗口办理")，需"
                + guide.materials.filter(\.required).map(\.nameZh).joined(separator: "、")
                + "，承诺 \(guide.promisedDays) 个工作日内办结（法定时限 \(guide.statutoryDays) 个工作日）。"
            _ = try await file(TicketDraft(kind: "question", category: "1101", subject: "公共场所卫生许可要带什么材料",
                                           description: "想开一家理发店，问公共场所卫生许可需要哪些材料、多久能办好。", callerName: "王女士", callerPhone: "13700002222"),
                               .init(channel: .phone, answeredOnCall: (text: answer, satisfaction: .verySatisfied)),
                               by: operatorActor, hoursAgo: 30)
        }
        // The citizen's own complaint online: answered, called back, not satisfied — a bad rating to follow up.
        let unhappy = try await file(TicketDraft(kind: "complaint", category: "0302", regionCode: "990103", subject: "网购退款不处理",
                                                 description: "在本市一家商户网店购买的电水壶有质量问题，申请退款两周无人处理。", callerName: "张伟",
                                                 callerPhone: "13800138000"),
                                     .init(channel: .web, accountID: citizenPrincipal.accountID), by: citizenActor, hoursAgo: 100)
        try await act(.reply(text: "已联系商户，商户同意在 7 日内退款。"), unhappy, reviewerPrincipal, reviewerActor, hoursAgo: 60)
        try await act(.callBack(satisfaction: .dissatisfied, note: "退款仍未到账"), unhappy, operatorPrincipal, operatorActor, hoursAgo: 40)
        // Answered, waiting for the call-back.
        let answered = try await file(TicketDraft(kind: "suggestion", category: "0303", subject: "建议延长登记窗口周六服务",
                                                  description: "建议市场主体登记窗口周六上午也开放，方便上班族办理。", callerName: "赵先生", callerPhone: "13600003333"),
                                      .init(channel: .phone), by: operatorActor, hoursAgo: 50)
        try await act(.reply(text: "感谢建议。自下月起，政务服务中心综合窗口周六上午 9:00–12:00 提供登记服务。"), answered, reviewerPrincipal, reviewerActor, hoursAgo: 10)
        // Not covered by any rule: waiting for the operator to route it.
        // The caller agreed on the call to its publication, so the operator published it (Open311 lists it).
        let streetLight = try await file(TicketDraft(kind: "help", category: "99", subject: "小区路灯不亮", description: "江北区幸福小区东门路灯坏了一周，晚上很黑。",
                                                     callerName: "陈女士", callerPhone: "13500004444", publishConsent: true),
                                         .init(channel: .phone), by: operatorActor, hoursAgo: 2)
        try await HotlineStore.publish(try streetLight.requireID(), texts: .proposed(for: streetLight), confirmed: false, principal: operatorPrincipal,
                                       by: operatorActor, now: now.addingTimeInterval(-1 * 3600), on: database)
        // A letter to the mayor that the writer allowed to be published, answered by the market regulator and published.
        let letter = try await file(TicketDraft(kind: "suggestion", category: "0301", subject: "关于校园周边食品安全的建议",
                                                description: "市长您好：建议加强学校周边小餐饮和流动摊贩的食品安全检查，保障孩子们的饮食安全。",
                                                callerName: "张伟", callerPhone: "13800138000", publishConsent: true),
                                    .init(channel: .mailbox, accountID: citizenPrincipal.accountID, addressee: mayor), by: citizenActor, hoursAgo: 200)
        try await act(.reply(text: "您的建议已采纳。市场监管局已会同教育局开展校园周边食品安全专项检查，共检查商户 326 家，责令整改 41 家。"),
                      letter, reviewerPrincipal, reviewerActor, hoursAgo: 150)
        if let answeredLetter = try await TicketRecord.find(try letter.requireID(), on: database) {
            try await HotlineStore.publish(try letter.requireID(), texts: .proposed(for: answeredLetter), confirmed: false, principal: operatorPrincipal,
                                           by: operatorActor, now: now.addingTimeInterval(-140 * 3600), on: database)
        }
        // A letter to the market regulator's head, not for publication, with the department.
        _ = try await file(TicketDraft(kind: "criticism", category: "1102", subject: "窗口人员态度问题",
                                       description: "上周在市场监管局窗口办事，工作人员态度冷淡，解释不清。", callerName: "张伟", callerPhone: "13800138000"),
                           .init(channel: .mailbox, accountID: citizenPrincipal.accountID, addressee: market), by: citizenActor, hoursAgo: 26)
        return Summary(rules: rules, tickets: filed, knowledge: knowledge)
    }
}
