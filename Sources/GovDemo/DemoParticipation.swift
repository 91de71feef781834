import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city's public participation: a draft open for comment with moderated comments, an earlier one with its
/// adoption published, a survey open and one closed with results, a hearing taking registrations, and petitions,
/// all made through the real stores by the market regulator's staff and the demo citizen and enterprise.
public enum DemoParticipation {
    public struct Summary: Sendable, Equatable {
        public var consultations: Int
        public var surveys: Int
        public var hearings: Int
        public var petitions: Int
    }

    public static func seed(calendar: WorkCalendar, now: Date, on database: any Database) async throws -> Summary {
        func person(_ username: String) async throws -> (Account, Principal, AuditActor)? {
            try await DemoAccounts.acting(username, on: database).map { ($0.account, $0.principal, $0.actor) }
        }
        guard let (_, reviewer, reviewerActor) = try await person("reviewer"), let (citizen, _, citizenActor) = try await person("citizen"),
              let (enterprise, _, enterpriseActor) = try await person("enterprise")
        else { return Summary(consultations: 0, surveys: 0, hearings: 0, petitions: 0) }
        let today = CivilDate.beijing(now)
        func day(_ offset: Int) -> CivilDate { today.adding(days: offset) }
        func at(_ offset: Int) -> Date { now.addingTimeInterval(Double(offset) * 86_400) }

        // A draft open for comment: one comment published, one waiting for moderation, one not published.
        let open = try ConsultationDraft(
            title: "示范市餐饮服务食品安全管理办法（征求意见稿）",
            text: """
                第一条　为加强餐饮服务食品安全管理，保障公众身体健康，根据《中华人民共和国食品安全法》，结合本市实际，制定本办法。

                第二条　本市行政区域内从事餐饮服务活动的单位和个人，应当遵守本办法。

                第三条　餐饮服务提供者应当公示食品经营许可证、量化分级等级和从业人员健康证明，推行“明厨亮灶”。

                第四条　学校、托幼机构周边二百米范围内的餐饮服务提供者，每半年至少接受一次监督检查。
                """,
            opensOn: day(-5).description, closesOn: day(24).description)
            .validated(today: day(-5))
        let current = try await ParticipationStore.createConsultation(open, principal: reviewer, by: reviewerActor, now: at(-5), on: database)
        let currentID = try current.requireID()
        let published = try await ParticipationStore.comment(on: currentID, text: "建议第三条增加“后厨视频在线公开”，让消费者在手机上也能看到。", paragraph: "3",
                                                             publishConsent: true, accountID: try citizen.requireID(), authorName: citizen.displayName, by: citizenActor, now: at(-3), on: database)
        try await ParticipationStore.moderate(try published.requireID(), to: .approved, publishedText: published.text, principal: reviewer, by: reviewerActor, now: at(-2), on: database)
        _ = try await ParticipationStore.comment(on: currentID, text: "小微餐饮企业公示成本较高，建议给予半年过渡期。", paragraph: nil, publishConsent: false,
                                                 accountID: try enterprise.requireID(), authorName: enterprise.displayName, by: enterpriseActor, now: at(-1), on: database)
        let spam = try await ParticipationStore.comment(on: currentID, text: "加微信 13800138000 代办各类许可证", paragraph: nil, publishConsent: true,
                                                        accountID: try citizen.requireID(), authorName: citizen.displayName, by: citizenActor, now: at(-1), on: database)
        try await ParticipationStore.moderate(try spam.requireID(), to: .rejected, principal: reviewer, by: reviewerActor, now: at(-1), on: database)

        // An earlier draft, closed, its adoption published.
        let earlier = try ConsultationDraft(
            title: "示范市户外招牌设置管理规定（征求意见稿）",
            text: "第一条　为规范户外招牌设置，美化市容环境，制定本规定。\n\n第二条　户外招牌应当与建筑立面相协调，一个门面原则上设置一块招牌。",
            opensOn: day(-70).description, closesOn: day(-41).description)
            .validated(today: day(-70))
        let closed = try await ParticipationStore.createConsultation(earlier, principal: reviewer, by: reviewerActor, now: at(-70), on: database)
        let adopted = try await ParticipationStore.comment(on: try closed.requireID(), text: "建议允许老字号保留原有招牌样式。", paragraph: "2", publishConsent: true,
                                                           accountID: try citizen.requireID(), authorName: citizen.displayName, by: citizenActor, now: at(-60), on: database)
        try await ParticipationStore.moderate(try adopted.requireID(), to: .approved, publishedText: adopted.text, principal: reviewer, by: reviewerActor, now: at(-59), on: database)
        try await ParticipationStore.summarise(try closed.requireID(), summary: "共收到意见 1 条，采纳 1 条：第二条增加“中华老字号等可保留原有招牌样式”的规定。",
                                               adoptions: [try adopted.requireID(): .adopted], principal: reviewer, by: reviewerActor, now: at(-35), on: database)

        // A survey open now, and one closed with its results.
        let survey = try SurveyDraft(
            title: "2026 年政务服务满意度调查", description: "了解您对本市政务服务的评价，约需 2 分钟。",
            questions: """
                single|您对政务服务中心的总体评价|非常满意|满意|一般|不满意
                multiple|您最常办理的事项|营业执照|社保医保|不动产登记|户籍证件
                text|您的其他建议
                """,
            opensOn: day(-3).description, closesOn: day(27).description).validated(today: day(-3))
        _ = try await ParticipationStore.createSurvey(survey, principal: reviewer, by: reviewerActor, now: at(-3), on: database)
        let saturday = try SurveyDraft(title: "政务服务中心周六开放时间调查", questions: "single|周六上午开放是否方便您办事|方便|不方便|无所谓",
                                       opensOn: day(-40).description, closesOn: day(-10).description).validated(today: day(-40))
        let past = try await ParticipationStore.createSurvey(saturday, principal: reviewer, by: reviewerActor, now: at(-40), on: database)
        for (account, actor, choice) in [(citizen, citizenActor, "0"), (enterprise, enterpriseActor, "0")] {
            _ = try await ParticipationStore.answer(try past.requireID(), values: [1: [choice]], identity: account.residentID ?? account.creditCode, by: actor,
                                                    now: at(-20), on: database)
        }

        // A hearing taking registrations.
        let hearing = try HearingDraft(
            title: "示范市管道天然气销售价格调整听证会", matter: "拟将居民用管道天然气第一档价格由每立方米 2.60 元调整为 2.85 元，听取消费者、经营者和专家的意见。",
            place: "示范市政务服务中心三楼听证室", heldAt: formatted(now.addingTimeInterval(20 * 86_400)), registrationClosesOn: day(10).description, seats: "15")
            .validated(now: now)
        let announced = try await ParticipationStore.createHearing(hearing, principal: reviewer, by: reviewerActor, now: now, on: database)
        _ = try await ParticipationStore.register(for: try announced.requireID(), statement: "作为普通居民用户，希望了解调价成本依据，建议对低保家庭给予补贴。",
                                                  accountID: try citizen.requireID(), name: citizen.displayName, phone: citizen.phone, by: citizenActor, now: now,
                                                  on: database)

        // Petitions: one accepted and being handled by the housing bureau.
        let filing = try await PetitionStore.check(category: "0101", region: nil, subject: "小区物业长期不履行维修义务",
                                                   text: "幸福小区物业公司收取维修基金后，三年来电梯、屋面漏水问题一直不修，多次向街道反映未果。", on: database)
        let petition = try await PetitionStore.file(filing, account: citizen.profile, by: citizenActor, calendar: calendar, now: at(-8), on: database)
        if let unitPath = petition.unitPath, let housingStaff = try await staff(of: unitPath, on: database) {
            _ = try await PetitionStore.act(.accept, on: try petition.requireID(), expectedVersion: nil, principal: housingStaff.0, by: housingStaff.1,
                                            calendar: calendar, now: at(-6), on: database)
        }
        return Summary(consultations: 2, surveys: 2, hearings: 1, petitions: 1)
    }

    /// A principal acting as reviewer of a unit that has no demo account of its own.
    static func staff(of unitPath: String, on database: any Database) async throws -> (Principal, AuditActor)? {
        guard let unit = try await OrganisationUnit.query(on: database).filter(\.$path == unitPath).first() else { return nil }
        let principal = Principal(accountID: Effects.current.newID(), kind: .staff, displayName: "承办人", grants: [
            RoleGrant(role: .reviewer, unitID: unit.id, unitPath: unit.path, includesSubtree: false),
        ])
        return (principal, AuditActor(accountID: nil, name: "\(unit.nameZh) 承办人", role: .reviewer, unitID: unit.id, unitPath: unit.path, requestID: nil,
                                      clientAddress: nil))
    }

    static func formatted(_ instant: Date) -> String {
        let day = CivilDate.beijing(instant)
        return "\(day)T09:30"
    }
}
