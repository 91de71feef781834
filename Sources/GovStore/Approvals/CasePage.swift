import FluentKit
import Foundation

/// Where a page of cases ended: the sort keys of its last case, so the next page starts right after it whatever
/// was filed or moved meanwhile (keyset paging: an offset would skip or repeat cases, and costs more the deeper it goes).
public struct CaseCursor: Sendable, Equatable {
    public var runningDue: Date?
    public var receivedAt: Date
    public var id: UUID

    init(_ row: ApprovalCase) throws {
        runningDue = row.runningDue
        receivedAt = row.receivedAt
        id = try row.requireID()
    }

    /// The cursor as an opaque token for a URL; `Double`'s description reads back to the same instant.
    public var text: String {
        let plain = "\(runningDue.map { "\($0.timeIntervalSince1970)" } ?? "")|\(receivedAt.timeIntervalSince1970)|\(id.uuidString)"
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// `nil` for anything `text` did not write.
    public init?(text: String) {
        guard text.count <= 200 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, let received = Double(parts[1]), received.isFinite, let id = UUID(uuidString: String(parts[2])) else { return nil }
        if parts[0].isEmpty {
            runningDue = nil
        } else {
            guard let due = Double(parts[0]), due.isFinite else { return nil }
            runningDue = Date(timeIntervalSince1970: due)
        }
        receivedAt = Date(timeIntervalSince1970: received)
        self.id = id
    }
}

/// A page of cases and, when there are more, where the next page starts.
public struct CasePage: Sendable {
    public var rows: [ApprovalCase]
    public var next: CaseCursor?
}
