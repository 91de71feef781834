import Foundation
import GovCore
import GovStore
import Vapor

/// The audit log for supervisors: filters, pages, CSV export, and the same over the API.
enum AuditController {
    static let pageSize = 50

    /// The part of the log a supervisor may read: their grants' subtrees.
    static func scopedFilter(for principal: Principal) -> AuditLog.Filter {
        AuditLog.Filter(
            scopePaths: AccessPolicy.auditScopePaths(principal),
            includeUnitless: AccessPolicy.canReadAudit(unitPath: nil, principal)
        )
    }

    /// Reads the filter fields; a bad date is reported against its field and nothing is searched.
    static func filter(from request: Request, scope: AuditLog.Filter) throws(FieldErrors) -> AuditLog.Filter {
        var filter = scope
        var errors = FieldErrors()
        func text(_ name: String) -> String? {
            request.query[String.self, at: name].map { String($0.prefix(200)) }
        }
        filter.actor = text("actor")
        filter.action = text("action")
        filter.objectType = text("objectType")
        filter.objectID = text("objectID")
        for name in ["from", "until"] {
            guard let value = text(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
            guard let date = CivilDate(value) else {
                errors.add(name, CalendarInputError.invalidDate(value))
                continue
            }
            if name == "from" { filter.from = date.startInBeijing } else { filter.until = date.endInBeijing }
        }
        try errors.throwIfAny()
        return filter
    }

    static func page(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let language = request.language
        var form = FormState()
        for name in ["actor", "action", "objectType", "objectID", "from", "until"] {
            form.values[name] = request.query[String.self, at: name] ?? ""
        }
        let filter: AuditLog.Filter
        do {
            filter = try self.filter(from: request, scope: scopedFilter(for: principal))
        } catch {
            form = FormState(refused: error, values: form.values, in: language, withSummary: false)
            return try await request.renderPage(
                "audit/list", titleKey: "title_audit", body: AuditBody(form: form, rows: [], nextPageURL: nil, csvURL: Paths.supervision.auditCSV()),
                status: .badRequest
            )
        }
        let before = request.query[String.self, at: "before"].flatMap(Int.init)
        let entries = try await AuditLog.search(filter, beforeSequence: before, limit: pageSize + 1, on: request.db)
        let shown = Array(entries.prefix(pageSize))
        let query = form.values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let next = entries.count > pageSize ? shown.last?.id.map { Paths.supervision.audit(encodedQuery: (query.isEmpty ? "" : query + "&") + "before=\($0)") } : nil
        return try await request.renderPage(
            "audit/list", titleKey: "title_audit",
            body: AuditBody(form: form, rows: shown.map { row($0, language) }, nextPageURL: next, csvURL: Paths.supervision.auditCSV(encodedQuery: query))
        )
    }

    /// Every matching entry as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese correctly).
    static func csv(_ request: Request) async throws -> Response {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        let filter = try self.filter(from: request, scope: scopedFilter(for: principal))
        var lines = ["sequence,occurred_at_beijing,actor,role,unit_id,action,object_type,object_id,summary,request_id,client_address,hash"]
        var before: Int?
        while true {
            let entries = try await AuditLog.search(filter, beforeSequence: before, limit: 1000, on: request.db)
            for entry in entries {
                lines.append([
                    String(entry.id ?? 0), BeijingTime.dateTime(entry.occurredAt), entry.actorName, entry.role ?? "", entry.unitID ?? "",
                    entry.action, entry.objectType, entry.objectID, entry.summary, entry.requestID ?? "", entry.clientAddress ?? "", entry.hash,
                ].map(CSV.field).joined(separator: ","))
            }
            guard entries.count == 1000, let last = entries.last?.id else { break }
            before = last
        }
        return CSV.response(lines: lines, filename: "govhall-audit.csv")
    }

    static func row(_ entry: AuditEntry, _ language: Language) -> AuditRow {
        AuditRow(
            sequence: entry.id ?? 0, time: BeijingTime.dateTime(entry.occurredAt), actor: entry.actorName,
            role: entry.role.flatMap(Role.init(rawValue:))?.title(in: language) ?? "", action: entry.action,
            objectType: entry.objectType, objectID: entry.objectID, summary: entry.summary, requestID: entry.requestID ?? "",
            clientAddress: entry.clientAddress ?? ""
        )
    }

    static func describe(_ outcome: AuditChain.Outcome, _ language: Language) -> (Bool, String) {
        switch outcome {
        case let .intact(count, _):
            return (true, Strings.format("chain_intact", language, ["count": String(count)]))
        case let .broken(sequence, reason):
            return (false, Strings.format("chain_broken", language, ["sequence": String(sequence), "reason": reason.message(in: language)]))
        }
    }

    // MARK: API

    struct EntryDTO: Content {
        var sequence: Int
        var occurredAt: String
        var actor: String
        var role: String?
        var unitID: String?
        var action: String
        var objectType: String
        var objectID: String
        var summary: String
        var requestID: String?
        var hash: String
        var previousHash: String
    }

    struct EntriesDTO: Content {
        var entries: [EntryDTO]
        /// Pass as `before` to read the next (older) page; absent on the last page.
        var nextBefore: Int?
    }

    static func api(_ request: Request) async throws -> EntriesDTO {
        let scope: AuditLog.Filter
        switch request.caller {
        case let .person(principal, _):
            guard AccessPolicy.canEnter(.audit, principal) else { throw AppError.forbidden }
            scope = scopedFilter(for: principal)
        case let .machine(client):
            guard client.scopes.contains(.auditRead) else { throw AppError.forbidden }
            let path = client.unitPath
            scope = AuditLog.Filter(scopePaths: path.map { [$0] } ?? [], includeUnitless: path.map(AccessPolicy.isTopLevel(unitPath:)) ?? false)
        case nil:
            throw AppError.notSignedIn
        }
        let filter = try self.filter(from: request, scope: scope)
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 500)
        let before = request.query[Int.self, at: "before"]
        let entries = try await AuditLog.search(filter, beforeSequence: before, limit: limit + 1, on: request.db)
        let shown = entries.prefix(limit)
        return EntriesDTO(
            entries: shown.map {
                EntryDTO(
                    sequence: $0.id ?? 0, occurredAt: BeijingTime.iso8601($0.occurredAt), actor: $0.actorName, role: $0.role, unitID: $0.unitID,
                    action: $0.action, objectType: $0.objectType, objectID: $0.objectID, summary: $0.summary, requestID: $0.requestID,
                    hash: $0.hash, previousHash: $0.previousHash
                )
            },
            nextBefore: entries.count > limit ? shown.last?.id : nil
        )
    }
}
