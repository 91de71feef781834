import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo enterprise's credit file: a recent penalty still public, an older one whose publicity has ended, a
/// commendation, and an abnormal-operation entry removed after credit repair.
public enum DemoCredit {
    public static func seed(now: Date, on database: any Database) async throws -> Int {
        guard let market = try await OrganisationUnit.query(on: database).filter(\.$nameZh == "示范市市场监督管理局").first() else { return 0 }
        let head = Principal(accountID: Effects.current.newID(), kind: .staff, displayName: "负责人 陈静", grants: [
            RoleGrant(role: .departmentHead, unitID: market.id, unitPath: market.path, includesSubtree: true),
        ])
        let actor = AuditActor.system("seed")
        let today = CivilDate.beijing(now)
        func record(_ kind: CreditRecordKind, _ title: String, _ content: String, _ basis: String, _ number: String, daysAgo: Int,
                    severity: PenaltySeverity? = nil) async throws -> CreditRecordRow {
            try await CreditStore.record(
                CreditRecordDraft(uscc: DemoCity.demoEnterpriseCode, kind: kind.rawValue, title: title, content: content, legalBasis: basis,
                                  documentNumber: number, decidedOn: today.adding(days: -daysAgo).description, severity: severity?.rawValue ?? "", publicityMonths: ""),
                principal: head, by: actor, today: today, now: now, on: database)
        }
        _ = try await record(.penalty, "未按规定公示食品经营许可证", "经营场所未在显著位置公示食品经营许可证，责令改正并警告。", "《中华人民共和国食品安全法》第一百二十六条",
                             "示市监罚〔2026〕118号", daysAgo: 40, severity: .general)
        _ = try await record(.penalty, "销售标签不符合规定的预包装食品", "没收违法所得 1200 元，罚款 5000 元。", "《中华人民共和国食品安全法》第一百二十五条",
                             "示市监罚〔2024〕36号", daysAgo: 500, severity: .general)
        _ = try await record(.commendation, "食品安全示范店", "2025 年度食品安全示范店。", "《示范市食品安全示范创建办法》", "", daysAgo: 200)
        let abnormal = try await record(.abnormalOperation, "未按期报送年度报告", "未在规定期限内公示 2024 年度报告。", "《企业经营异常名录管理暂行办法》第四条",
                                        "示市监异〔2025〕77号", daysAgo: 300)
        _ = try await CreditStore.end(try abnormal.requireID(), reason: "已补报并公示 2024 年度报告，申请移出", principal: head, by: actor,
                                      today: today, now: now, on: database)
        return 4
    }
}
