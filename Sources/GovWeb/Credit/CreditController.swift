import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The enterprise credit file (企业信用信息公示): a public search by name or code, each file with what the rules make
/// public, and for department heads the forms to record penalties, commendations and list entries.
enum CreditController {
    struct EntityRow: Encodable, Sendable {
        var href: String
        var code: String
        var name: String
        var status: String
    }

    struct SearchBody: Encodable, Sendable {
        var query: String
        var results: [EntityRow]
        var searched: Bool
    }

    static func search(_ request: Request) async throws -> Response {
        let query = String((request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(60))
        let results = query.count >= 2 ? try await RegistryStore.search(.legalEntity, text: query, limit: 20, on: request.db) : []
        let body = SearchBody(query: query, results: results.map {
            EntityRow(href: Paths.credit.file($0.key), code: $0.key, name: $0.name, status: $0.values["status"] ?? "")
        }, searched: query.count >= 2)
        return try await request.renderPage("credit/search", titleKey: "title_credit", body: body)
    }

    struct RecordRow: Encodable, Sendable {
        var id: String
        var kind: String
        var title: String
        var content: String
        var legalBasis: String
        var documentNumber: String
        var unit: String
        var decidedOn: String
        var severity: String
        var publicUntil: String
        var ended: String
        var endReason: String
        var isPublic: Bool
        var listed: Bool
        var canEnd: Bool
    }

    struct LicenceRow: Encodable, Sendable {
        var title: String
        var number: String
        var validFrom: String
        var validUntil: String
        var status: String
    }

    struct FileBody: Encodable, Sendable {
        var code: String
        var name: String
        var facts: [LabelledValue]
        var licences: [LicenceRow]
        var lists: [RecordRow]
        var penalties: [RecordRow]
        var commendations: [RecordRow]
        var entitled: Bool
        var canRecord: Bool
        var kinds: [Option]
        var severities: [Option]
        var form: FormState
    }

    static func reader(_ request: Request, code: String) async throws -> CreditReader {
        let principal = request.principal
        var ownCode: String?
        if let principal, principal.kind == .enterprise {
            ownCode = try await IdentityStore.profile(accountID: principal.accountID, on: request.db)?.creditCode
        }
        return CreditPolicy.reader(principal, ownCreditCode: ownCode, fileCode: code)
    }

    static func file(_ request: Request) async throws -> Response {
        try await renderFile(request, form: FormState(), status: .ok)
    }

    static func renderFile(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let raw = String((request.parameters.get("code") ?? "").prefix(18)).uppercased()
        guard let code = try? UnifiedSocialCreditCode(raw).value else { throw AppError.notFound }
        let entry = try await RegistryStore.entry(.legalEntity, key: code, on: request.db)
        let records = try await CreditStore.records(of: code, on: request.db)
        guard entry != nil || !records.isEmpty else { throw AppError.notFound }
        let language = request.language
        let reader = try await reader(request, code: code)
        let today = CivilDate.beijing(request.now)
        let names = try await OrganisationStore.names(language, on: request.db)
        let principal = request.principal
        let rows = records.filter { CreditRules.isVisible($0.entry, to: reader, on: today) }.map { record in
            let entry = record.entry
            return RecordRow(
                id: record.id!.uuidString.lowercased(), kind: record.recordKind.title(in: language), title: record.title, content: record.content,
                legalBasis: record.legalBasis, documentNumber: record.documentNumber, unit: names[record.unitID] ?? "", decidedOn: record.decidedOn,
                severity: entry.severity?.title(in: language) ?? "", publicUntil: record.publicUntil ?? "", ended: record.endedOn ?? "",
                endReason: record.endReason ?? "", isPublic: CreditRules.isPublic(entry, on: today), listed: CreditRules.isListed(entry, on: today),
                canEnd: CreditPolicy.canEnd(entry, unitPath: record.unitPath, on: today, principal))
        }
        let values = entry?.values ?? [:]
        let factKeys: [(String, String)] = [("kind", "credit_entity_kind"), ("legal_representative", "credit_legal_representative"),
                                            ("established_on", "credit_established_on"), ("address", "credit_address"), ("status", "credit_status"),
                                            ("registered_capital", "credit_registered_capital"), ("business_scope", "credit_business_scope")]
        let licences = try await CreditStore.licences(of: code, on: request.db).map { certificate in
            let expired = certificate.validUntilDate.map { $0 < today } ?? false
            return LicenceRow(
                title: certificate.title, number: certificate.number, validFrom: certificate.validFrom, validUntil: certificate.validUntil ?? "—",
                status: Strings.text(certificate.revokedAt != nil ? "credit_licence_revoked" : expired ? "credit_licence_expired" : "credit_licence_valid", language))
        }
        let body = FileBody(
            code: code, name: entry?.name ?? code,
            facts: factKeys.compactMap { key, label in values[key].map { LabelledValue(label: Strings.text(label, language), value: $0) } },
            licences: licences,
            lists: zip(records, rows).filter { $0.0.recordKind.isList }.map(\.1),
            penalties: zip(records, rows).filter { $0.0.recordKind == .penalty }.map(\.1),
            commendations: zip(records, rows).filter { $0.0.recordKind == .commendation }.map(\.1),
            entitled: reader == .entitled, canRecord: CreditPolicy.canRecord(principal),
            kinds: CreditRecordKind.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["kind"] == $0.rawValue) },
            severities: PenaltySeverity.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: form.values["severity"] == $0.rawValue) },
            form: form)
        return try await request.renderPage("credit/file", titleKey: "title_credit_file", body: body,
                                            notice: request.notice(from: ["recorded": "credit_notice_recorded", "ended": "credit_notice_ended"]), status: status)
    }

    static func record(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let code = String((request.parameters.get("code") ?? "").prefix(18)).uppercased()
        let values = request.formValues(["kind", "title", "content", "legal_basis", "document_number", "decided_on", "severity", "publicity_months"])
        let draft = CreditRecordDraft(
            uscc: code, kind: values["kind"] ?? "", title: values["title"] ?? "", content: values["content"] ?? "", legalBasis: values["legal_basis"] ?? "",
            documentNumber: values["document_number"] ?? "", decidedOn: values["decided_on"] ?? "", severity: values["severity"] ?? "",
            publicityMonths: values["publicity_months"] ?? "")
        let actor = request.auditActor(role: .departmentHead)
        let now = request.now
        return try await request.submitting(values, withSummary: false) {
            _ = try await request.write { db in
                try await CreditStore.record(draft, principal: principal, by: actor, today: CivilDate.beijing(now), now: now, on: db)
            }
            return request.redirect(to: Paths.credit.file(code, query: ["done": "recorded"]))
        } otherwise: { form in
            try await renderFile(request, form: form, status: .badRequest)
        }
    }

    static func end(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let id = try UUID.parameter("recordID", of: request)
        let reason = request.formValues(["reason"])["reason"] ?? ""
        let actor = request.auditActor(role: .departmentHead)
        let now = request.now
        let row = try await request.write { db in
            try await CreditStore.end(id, reason: reason, principal: principal, by: actor, today: CivilDate.beijing(now), now: now, on: db)
        }
        return request.redirect(to: Paths.credit.file(row.uscc, query: ["done": "ended"]))
    }

    // MARK: API

    struct CreditFileDTO: Content {
        var code: String
        var name: String?
        var registry: [String: String]
        var licences: [LicenceDTO]
        var records: [RecordDTO]
    }

    struct LicenceDTO: Content {
        var title: String
        var number: String
        var validFrom: String
        var validUntil: String?
        var revoked: Bool
    }

    struct RecordDTO: Content {
        var kind: String
        var title: String
        var content: String
        var legalBasis: String
        var documentNumber: String
        var decidedOn: String
        var severity: String?
        var publicUntil: String?
        var endedOn: String?
        var isPublic: Bool
    }

    static func fileAPI(_ request: Request) async throws -> CreditFileDTO {
        let raw = String((request.parameters.get("code") ?? "").prefix(18)).uppercased()
        guard let code = try? UnifiedSocialCreditCode(raw).value else { throw AppError.notFound }
        let entry = try await RegistryStore.entry(.legalEntity, key: code, on: request.db)
        let records = try await CreditStore.records(of: code, on: request.db)
        guard entry != nil || !records.isEmpty else { throw AppError.notFound }
        let reader = try await reader(request, code: code)
        let today = CivilDate.beijing(request.now)
        return CreditFileDTO(
            code: code, name: entry?.name, registry: entry?.values ?? [:],
            licences: try await CreditStore.licences(of: code, on: request.db).map {
                LicenceDTO(title: $0.title, number: $0.number, validFrom: $0.validFrom, validUntil: $0.validUntil, revoked: $0.revokedAt != nil)
            },
            records: records.filter { CreditRules.isVisible($0.entry, to: reader, on: today) }.map {
                RecordDTO(kind: $0.kind, title: $0.title, content: $0.content, legalBasis: $0.legalBasis, documentNumber: $0.documentNumber,
                          decidedOn: $0.decidedOn, severity: $0.severity, publicUntil: $0.publicUntil, endedOn: $0.endedOn,
                          isPublic: CreditRules.isPublic($0.entry, on: today))
            })
    }

    struct SearchResultDTO: Content {
        var code: String
        var name: String
        var status: String?
    }

    static func searchAPI(_ request: Request) async throws -> [SearchResultDTO] {
        let query = String((request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(60))
        guard query.count >= 2 else { throw AppError.rejected(MessageKey("credit_query_short")) }
        return try await RegistryStore.search(.legalEntity, text: query, limit: 20, on: request.db).map {
            SearchResultDTO(code: $0.key, name: $0.name, status: $0.values["status"])
        }
    }
}
