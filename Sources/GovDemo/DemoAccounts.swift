import FluentKit
import Foundation
import GovCore
import GovStore

/// A demo account as the seeds act through the real stores: its principal, and the audit actor of its first grant.
enum DemoAccounts {
    static func acting(_ username: String, on database: any Database) async throws -> (account: Account, principal: Principal, actor: AuditActor)? {
        guard let account = try await Account.query(on: database).filter(\.$username == username).first() else { return nil }
        let principal = try await IdentityStore.principal(for: account, on: database)
        let grant = principal.grants.first
        return (account, principal, AuditActor(accountID: account.id, name: account.displayName, role: grant?.role, unitID: grant?.unitID,
                                               unitPath: grant?.unitPath, requestID: nil, clientAddress: nil))
    }
}
