import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// What a tracking number names, for counting wrong query codes per number.
enum TrackedRecord: String {
    case approvalCase = "case"
    case ticket
    case disclosureRequest = "request"
}

extension Request {
    /// A public lookup by tracking number and query code (进度查询), under the guessing throttle (issue 20, item 8): past
    /// ``SignInThrottleRule/perTrackingNumber`` wrong codes for one number, or ``SignInThrottleRule/perAddressLookups``
    /// from one address, it answers 429 with `Retry-After` until the lock ends. Wrong codes are counted against the number
    /// as typed, whether or not it exists, so a throttled answer does not tell that a number is real. Only misses count.
    func lookUpByQueryCode<T: Sendable>(
        _ kind: TrackedRecord, number: String, _ find: (any Database) async throws -> T?
    ) async throws -> T? {
        let compact = String(number.uppercased().unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
            .map(Character.init).prefix(40))
        let numberKey = "code:\(kind.rawValue):\(compact)"
        let addressKey = "codeaddr:" + (clientAddress ?? "unknown")
        let now = self.now
        let keys = [(numberKey, SignInThrottleRule.perTrackingNumber), (addressKey, SignInThrottleRule.perAddressLookups)]
        if let lockedUntil = try await IdentityStore.lockedUntil(keys, now: now, on: db) {
            logger.notice("query-code lookup throttled", metadata: ["kind": .string(kind.rawValue)])
            throw AppError.lookupThrottled(until: lockedUntil)
        }
        if let found = try await find(db) { return found }
        try await write { db in
            try await IdentityStore.recordFailure(key: numberKey, rule: .perTrackingNumber, now: now, on: db)
            try await IdentityStore.recordFailure(key: addressKey, rule: .perAddressLookups, now: now, on: db)
        }
        return nil
    }
}

extension Request {
    /// The query code a filing's redirect carries (`?code=`) to the confirmation page, if it is still the case's: the
    /// case keeps only the code's hash, so this is how the page that answers a filing can show it. A code that does
    /// not match (mistyped, or replaced since by a new one) is not shown, so the page never shows a code that would
    /// not track.
    func givenQueryCode(for row: ApprovalCase) -> String? {
        guard let raw = query[String.self, at: "code"] else { return nil }
        let code = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard QueryCode.isWellFormed(code), govhall.queryCodeKey.matches(code, stored: row.queryCode) else { return nil }
        return code
    }
}
