import Foundation
import GovCore
import GovStore
import Vapor

/// Grants that watch the administrators, waiting for a second one (``SeparationOfDuties``): listed for every
/// administrator who may decide them, approved or declined with one button.
enum AdminApprovalsController {
    struct Row: Encodable, Sendable {
        var kind: String
        var id: String
        var what: String
        var requester: String
        var requestedAt: String
    }

    struct Body: Encodable, Sendable {
        var rows: [Row]
    }

    static func page(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let pending = try await OversightGrants.pending(decidableBy: principal, on: request.db)
        let body = Body(rows: pending.map {
            Row(kind: $0.kind.rawValue, id: $0.id.uuidString.lowercased(), what: $0.what, requester: $0.requesterName,
                requestedAt: $0.requestedAt.map(BeijingTime.minute) ?? "")
        })
        return try await request.renderPage(
            "admin/approvals", titleKey: "title_approvals", body: body,
            notice: request.notice(from: ["approved": "notice_grant_approved", "declined": "notice_grant_declined"]))
    }

    static func decide(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let kind = request.parameters.get("kind").flatMap(OversightGrants.Kind.init(rawValue:)),
              let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let decision = request.parameters.get("decision"), ["approve", "decline"].contains(decision)
        else { throw AppError.notFound }
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        try await request.write { db in
            try await OversightGrants.decide(kind, id, approve: decision == "approve", by: principal, actor: actor, now: now, on: db)
        }
        return request.redirect(to: Paths.admin.approvals(query: ["done": decision == "approve" ? "approved" : "declined"]))
    }
}
