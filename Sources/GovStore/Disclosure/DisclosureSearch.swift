import FluentKit
import Foundation
import GovCore
import SQLKit

/// What the public catalogue is narrowed to.
public struct DisclosureFilter: Equatable, Sendable {
    /// An organisation, with the units under it.
    public var unitID: UUID?
    /// A category, with the categories under it.
    public var categoryCode: String?
    /// The year written (成文年份), as in the index number.
    public var year: Int?
    public var validity: DisclosureValidity?

    public init(unitID: UUID? = nil, categoryCode: String? = nil, year: Int? = nil, validity: DisclosureValidity? = nil) {
        self.unitID = unitID
        self.categoryCode = categoryCode
        self.year = year
        self.validity = validity
    }
}

/// One page of public catalogue items, newest first.
public struct DisclosureResults: Sendable {
    public var items: [DisclosureItem]
    /// How many match, counted up to ``DisclosureSearch/countLimit``; `totalIsAtLeast` says the count stopped there.
    public var total: Int
    public var totalIsAtLeast: Bool
}

/// The search index of the public catalogue. Each public item is one row whose rowid (the item's `search_id`) grows
/// with each publication, so newest-first is the index's own order and a page stops after its last row. A row holds
/// the ``SearchText`` tokens of the item's text, and meta tokens for the filters (its units, categories, year,
/// validity, publication), so a filter narrows inside the index instead of after it.
///
/// SQLite: an FTS5 table; a term is a phrase of pairs, `body:"食品 品经 经营"`. PostgreSQL: a `tsvector` with a GIN
/// index; a term is `'食品':A <-> '品经':A <-> '经营':A`, meta tokens carry weight B. A PostgreSQL `tsvector` keeps
/// positions up to 16,383, so the index holds the first ``maximumBodyTokens`` tokens of the text on both.
public enum DisclosureSearch {
    public static let countLimit = 1000
    static let maximumBodyTokens = 16_000

    // MARK: Writing

    /// Puts the item (again) in the index under a new, highest rowid, from the version the public sees.
    static func index(_ item: DisclosureItem, draft: DisclosureDraft, categoryPath: [String], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await remove(item, on: database)
        let rowid = Int64(try await Counters.next("disclosure-search", on: database))
        let withdrawn = item.publication == PublicationStatus.withdrawn.rawValue
        // A withdrawn item is found by its title and numbers only: its content is no longer served.
        var text = [draft.title, draft.documentNumber, item.indexNumber ?? "", draft.issuer, draft.subjectWords.joined(separator: " ")]
        if !withdrawn { text.append(draft.body) }
        let body = Array(SearchText.tokens(text.joined(separator: "\n")).prefix(maximumBodyTokens))
        let meta = metaTokens(item, draft: draft, categoryPath: categoryPath)
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                INSERT INTO disclosure_search (rowid, body, meta) VALUES (\(bind: rowid), \(bind: body.joined(separator: " ")), \(bind: meta.joined(separator: " ")))
                """).run()
        } else {
            try await sql.raw("""
                INSERT INTO disclosure_search (rowid, tokens) VALUES (\(bind: rowid), \(bind: tsvector(body: body, meta: meta))::tsvector)
                """).run()
        }
        item.searchID = rowid
    }

    /// Many rows at once (rowid, text tokens, meta tokens), for generated data.
    static func bulkIndex(_ rows: [(Int64, [String], [String])], on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        var start = 0
        while start < rows.count {
            let end = min(start + 500, rows.count)
            let values: [SQLQueryString] = rows[start..<end].map { rowid, body, meta in
                let tokens = Array(body.prefix(maximumBodyTokens))
                return sqlite
                    ? "(\(bind: rowid), \(bind: tokens.joined(separator: " ")), \(bind: meta.joined(separator: " ")))"
                    : "(\(bind: rowid), \(bind: tsvector(body: tokens, meta: meta))::tsvector)"
            }
            let head: SQLQueryString = sqlite ? "INSERT INTO disclosure_search (rowid, body, meta) VALUES " : "INSERT INTO disclosure_search (rowid, tokens) VALUES "
            let query = head + values.joined(separator: ", ")
            try await sql.raw(query).run()
            start = end
        }
    }

    static func remove(_ item: DisclosureItem, on database: any Database) async throws {
        guard let rowid = item.searchID else { return }
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await sql.raw("DELETE FROM disclosure_search WHERE rowid = \(bind: rowid)").run()
        item.searchID = nil
    }

    static func metaTokens(_ item: DisclosureItem, draft: DisclosureDraft, categoryPath: [String]) -> [String] {
        var tokens = ["all", "s" + item.publication, "v" + draft.validity.rawValue, "y\(draft.writtenOn.year)"]
        tokens += item.unitPath.split(separator: "/").map { "u" + $0.replacingOccurrences(of: "-", with: "") }
        tokens += categoryPath.map(categoryToken)
        return tokens
    }

    /// Category codes may hold hyphens, which both tokenisers split on: the token spells the code in hex.
    static func categoryToken(_ code: String) -> String {
        "c" + code.utf8.map { String(format: "%02x", $0) }.joined()
    }

    /// A `tsvector` literal: each token once, with its positions (at most 256, as PostgreSQL keeps), weight A for the
    /// text and B for the meta tokens. Tokens hold letters and digits only, so nothing needs quoting inside the quotes.
    static func tsvector(body: [String], meta: [String]) -> String {
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, token) in body.enumerated() {
            if positions[token] == nil { order.append(token) }
            if positions[token, default: []].count < 256 { positions[token, default: []].append(index + 1) }
        }
        var parts = order.map { token in "'\(token)':" + positions[token, default: []].map { "\($0)A" }.joined(separator: ",") }
        let metaStart = min(body.count + 2, 16_000)
        for (offset, token) in Set(meta).sorted().enumerated() { parts.append("'\(token)':\(min(metaStart + offset, 16_383))B") }
        return parts.joined(separator: " ")
    }

    // MARK: Reading

    /// The public items matching `query` within `filter`, newest first.
    public static func search(
        _ query: SearchText.Query, filter: DisclosureFilter, offset: Int, limit: Int,
        on database: any Database
    ) async throws -> DisclosureResults {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        var meta: [String] = []
        if let unitID = filter.unitID { meta.append("u" + unitID.uuidString.lowercased().replacingOccurrences(of: "-", with: "")) }
        if let code = filter.categoryCode { meta.append(categoryToken(code)) }
        if let year = filter.year { meta.append("y\(year)") }
        if let validity = filter.validity { meta.append("v" + validity.rawValue) }
        // Every row holds `all`: it is asked for only when nothing else narrows the search, since intersecting with it
        // walks the whole index.
        if meta.isEmpty, query.isEmpty { meta.append("all") }
        let sqlite = sql.dialect.name == "sqlite"
        let expression = sqlite ? fts5(query, meta: meta) : tsquery(query, meta: meta)
        let match: SQLQueryString = sqlite
            ? "SELECT rowid FROM disclosure_search WHERE disclosure_search MATCH \(bind: expression)"
            : "SELECT rowid FROM disclosure_search WHERE tokens @@ \(bind: expression)::tsquery"
        let page = try await sql.raw("\(match) ORDER BY rowid DESC LIMIT \(bind: limit) OFFSET \(bind: offset)").all()
            .map { try $0.decode(column: "rowid", as: Int64.self) }
        let counted = try await sql.raw("SELECT COUNT(*) AS n FROM (\(match) LIMIT \(bind: countLimit + 1)) AS matches").first()?
            .decode(column: "n", as: Int.self) ?? 0
        var items: [DisclosureItem] = []
        if !page.isEmpty {
            let rows = try await DisclosureItem.query(on: database).filter(\.$searchID ~~ page.map { Optional($0) }).all()
            let byRow = Dictionary(rows.compactMap { row in row.searchID.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
            items = page.compactMap { byRow[$0] }
        }
        return DisclosureResults(items: items, total: min(counted, countLimit), totalIsAtLeast: counted > countLimit)
    }

    /// An FTS5 query: every term's phrase (or prefix) in the text column, every meta token in the meta column.
    static func fts5(_ query: SearchText.Query, meta: [String]) -> String {
        var parts: [String] = query.matchers.map { matcher in
            switch matcher {
            case let .phrase(tokens): "body:\"\(tokens.joined(separator: " "))\""
            case let .prefix(token): "body:\"\(token)\"*"
            }
        }
        parts += meta.map { "meta:\"\($0)\"" }
        return parts.joined(separator: " AND ")
    }

    /// The same as a PostgreSQL `tsquery` literal.
    static func tsquery(_ query: SearchText.Query, meta: [String]) -> String {
        var parts: [String] = query.matchers.map { matcher in
            switch matcher {
            case let .phrase(tokens): "(" + tokens.map { "'\($0)':A" }.joined(separator: " <-> ") + ")"
            case let .prefix(token): "'\(token)':*A"
            }
        }
        parts += meta.map { "'\($0)':B" }
        return parts.joined(separator: " & ")
    }
}
