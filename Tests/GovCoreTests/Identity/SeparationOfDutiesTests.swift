import Foundation
import Testing
@testable import GovCore

/// Issue 20, item 6: an administrator could read the audit log by granting itself the supervisor role or an audit token.
@Suite struct SeparationOfDutiesTests {
    static let city = "/city/"

    static func admin(at unit: String = city, subtree: Bool = true) -> Principal {
        Principal(accountID: UUID(), kind: .staff, displayName: "管理员", grants: [RoleGrant(role: .administrator, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    @Test(arguments: Role.allCases)
    func onlyTheRolesThatWatchAdministratorsWait(role: Role) {
        #expect(SeparationOfDuties.needsSecondApproval(role) == (role == .supervisor))
    }

    @Test(arguments: APIScope.allCases)
    func onlyTheScopesThatReadOversightWait(scope: APIScope) {
        #expect(SeparationOfDuties.needsSecondApproval(scopes: [scope]) == [.auditRead, .supervisionRead].contains(scope))
        #expect(SeparationOfDuties.needsSecondApproval(scopes: [.organisationRead, scope]) == [.auditRead, .supervisionRead].contains(scope))
    }

    @Test func anotherAdministratorOverTheUnitApprovesNeverTheAskerNorTheGrantee() {
        let asker = Self.admin(), other = Self.admin(), grantee = UUID()
        let unit = "/city/market/"
        #expect(SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: grantee, unitPath: unit, approver: other))
        #expect(!SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: grantee, unitPath: unit, approver: asker))
        #expect(!SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: other.accountID, unitPath: unit, approver: other))
        #expect(!SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: grantee, unitPath: unit, approver: Self.admin(at: "/city/transport/")))
        #expect(!SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: grantee, unitPath: unit, approver: nil))
        let supervisor = Principal(accountID: UUID(), kind: .staff, displayName: "监察员",
                                   grants: [RoleGrant(role: .supervisor, unitID: nil, unitPath: Self.city, includesSubtree: true)])
        #expect(!SeparationOfDuties.mayApprove(requestedBy: asker.accountID, grantee: grantee, unitPath: unit, approver: supervisor))
    }

    @Test(arguments: [SeparationOfDuties.Event.requested, .approved, .declined])
    func supervisorsAreToldInBothLanguages(event: SeparationOfDuties.Event) {
        let zh = SeparationOfDuties.notice(event, what: "监察员 · 示范市 → 张三", by: "管理员甲", approver: "管理员乙", in: .zhHans)
        let en = SeparationOfDuties.notice(event, what: "监察员 · 示范市 → 张三", by: "管理员甲", approver: "管理员乙", in: .en)
        #expect(zh.body.contains("管理员甲") && en.body.contains("管理员甲") && zh.title.contains("张三"))
        #expect(event == .requested || (zh.body.contains("管理员乙") && en.body.contains("管理员乙")))
    }
}
