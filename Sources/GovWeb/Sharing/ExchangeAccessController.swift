import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Who used whose data: the access log as providers, auditors and the people it is about see it.
enum ExchangeAccessController {
    struct AccessRow: Encodable, Sendable {
        var sequence: Int
        var at: String
        var caller: String
        var client: String
        var resource: String
        var fields: String
        var purpose: String
        var issue: String
        var endUser: String
        var subject: String
        var outcome: String
        var served: Bool
        var count: Int
    }

    static func row(_ entry: ExchangeAccessEntry, names: [UUID: String], language: Language) -> AccessRow {
        let served = entry.outcome == ExchangeDecision.servedCode
        return AccessRow(
            sequence: entry.id ?? 0, at: BeijingTime.dateTime(entry.occurredAt), caller: UUID(uuidString: entry.callerUnitID).flatMap { names[$0] } ?? "",
            client: entry.clientName, resource: entry.resourceCode, fields: entry.fieldList.replacingOccurrences(of: ",", with: ", "),
            purpose: entry.purposeCode ?? "", issue: entry.issue ?? "", endUser: entry.endUser ?? "", subject: entry.subjectMasked ?? "",
            outcome: served ? Strings.text("sharing_outcome_served", language)
                : ExchangeRefusal(rawValue: entry.outcome)?.message(in: language) ?? entry.outcome,
            served: served, count: entry.resultCount)
    }

    struct AccessBody: Encodable, Sendable {
        var heading: String
        var action: String
        var rows: [AccessRow]
        var resource: String
        var outcome: String
        var from: String
        var until: String
        var outcomes: [Option]
        var chain: String?
        var chainIntact: Bool
        var csvHref: String?
        var nextHref: String?
        var error: String?
    }

    static let pageSize = 50

    /// Reads the page's filters; a bad date is told, not guessed.
    static func filter(_ request: Request, base: ExchangeStore.Filter) -> (ExchangeStore.Filter, [String: String], String?) {
        var filter = base
        let resource = String((request.query[String.self, at: "resource"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40)).uppercased()
        let outcome = String((request.query[String.self, at: "outcome"] ?? "").prefix(40))
        let from = String((request.query[String.self, at: "from"] ?? "").prefix(10))
        let until = String((request.query[String.self, at: "until"] ?? "").prefix(10))
        if !resource.isEmpty { filter.resourceCode = resource }
        if outcome == ExchangeDecision.servedCode || ExchangeRefusal(rawValue: outcome) != nil { filter.outcome = outcome }
        var error: String?
        if !from.isEmpty {
            if let day = CivilDate(from) { filter.from = day.startInBeijing } else { error = "sharing_error_date" }
        }
        if !until.isEmpty {
            if let day = CivilDate(until) { filter.until = day.adding(days: 1).startInBeijing } else { error = "sharing_error_date" }
        }
        return (filter, ["resource": resource, "outcome": filter.outcome ?? "", "from": from, "until": until], error)
    }

    static func page(_ request: Request, base: ExchangeStore.Filter, headingKey: String, action: String, csvHref: String?, chain: AuditChain.Outcome?) async throws -> Response {
        let language = request.language
        let (filter, values, error) = filter(request, base: base)
        let before = request.query[Int.self, at: "before"]
        let entries = error == nil ? try await ExchangeStore.search(filter, beforeSequence: before, limit: pageSize + 1, on: request.db) : []
        let names = try await OrganisationStore.names(language, on: request.db)
        var next: String?
        if entries.count > pageSize, let last = entries[pageSize - 1].id {
            var items = values.filter { !$0.value.isEmpty }.map { URLQueryItem(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
            items.append(URLQueryItem(name: "before", value: String(last)))
            var components = URLComponents()
            components.queryItems = items
            next = action + "?" + (components.percentEncodedQuery ?? "")
        }
        let chainText = chain.map { outcome -> String in
            switch outcome {
            case let .intact(count, _): Strings.format("sharing_chain_intact", language, ["n": String(count)])
            case let .broken(sequence, reason): Strings.format("sharing_chain_broken", language, ["n": String(sequence), "reason": reason.message(in: language)])
            }
        }
        var chainIntact = false
        if case .intact = chain { chainIntact = true }
        let body = AccessBody(
            heading: Strings.text(headingKey, language), action: action, rows: entries.prefix(pageSize).map { row($0, names: names, language: language) },
            resource: values["resource"] ?? "", outcome: values["outcome"] ?? "", from: values["from"] ?? "", until: values["until"] ?? "",
            outcomes: [Option(value: ExchangeDecision.servedCode, label: Strings.text("sharing_outcome_served", language), selected: values["outcome"] == ExchangeDecision.servedCode)]
                + ExchangeRefusal.allCases.map { Option(value: $0.rawValue, label: $0.message(in: language), selected: values["outcome"] == $0.rawValue) },
            chain: chainText, chainIntact: chainIntact, csvHref: csvHref, nextHref: next, error: error.map { Strings.text($0, language) })
        return try await request.renderPage("sharing/access", titleKey: headingKey, body: body, status: error == nil ? .ok : .badRequest)
    }

    /// A provider's view: every call on its resources.
    static func providerPage(_ request: Request) async throws -> Response {
        let (_, unit) = try await SharingWorkController.steward(request)
        return try await page(request, base: .init(providerPath: unit.path), headingKey: "title_sharing_access", action: Paths.sharing.access(),
                              csvHref: nil, chain: nil)
    }

    /// Auditors: calls on either side within their scope, with the chain's state.
    static func supervisorPage(_ request: Request) async throws -> Response {
        let scope = try supervisorScope(request)
        let chain = try await ExchangeStore.verify(on: request.db)
        return try await page(request, base: .init(eitherPath: scope), headingKey: "title_exchange_audit", action: Paths.sharing.exchange(),
                              csvHref: Paths.sharing.exchangeCSV(), chain: chain)
    }

    static func supervisorCSV(_ request: Request) async throws -> Response {
        let scope = try supervisorScope(request)
        let language = request.language
        let (filter, _, error) = filter(request, base: .init(eitherPath: scope))
        if let error { throw AppError.rejected(MessageKey(error)) }
        let names = try await OrganisationStore.names(language, on: request.db)
        let rows = try await ExchangeStore.search(filter, limit: 10_000, on: request.db).map { row($0, names: names, language: language) }
        let header = ["sharing_col_sequence", "sharing_col_time", "sharing_col_caller", "sharing_col_client", "sharing_col_code", "sharing_col_fields",
                      "sharing_col_purpose", "sharing_col_issue", "sharing_col_end_user", "sharing_col_subject", "sharing_col_outcome", "sharing_col_count"]
        return CSV.response(header: header.map { Strings.text($0, language) }, rows: rows.map {
            [String($0.sequence), $0.at, $0.caller, $0.client, $0.resource, $0.fields, $0.purpose, $0.issue, $0.endUser, $0.subject, $0.outcome, String($0.count)]
        }, filename: "exchange-access.csv")
    }

    static func supervisorScope(_ request: Request) throws -> String {
        guard let scope = SharingPolicy.exchangeAuditScope(try request.requirePrincipal()) else { throw AppError.forbidden }
        return scope
    }

    struct OwnBody: Encodable, Sendable {
        var rows: [AccessRow]
        var hasIdentifier: Bool
    }

    /// A citizen's or enterprise's own data tracker (as Estonia's 数据跟踪): which units read records about them, and why.
    static func ownPage(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        guard let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else { throw AppError.notSignedIn }
        let identifier = account.residentID ?? account.creditCode
        let language = request.language
        var rows: [AccessRow] = []
        if let identifier {
            let names = try await OrganisationStore.names(language, on: request.db)
            rows = try await ExchangeStore.search(.init(outcome: ExchangeDecision.servedCode, subjectDigest: ExchangeStore.subjectDigest(identifier)), limit: 200, on: request.db)
                .map { row($0, names: names, language: language) }
        }
        return try await request.renderPage("sharing/my-access", titleKey: "title_my_data_access", body: OwnBody(rows: rows, hasIdentifier: identifier != nil))
    }
}
