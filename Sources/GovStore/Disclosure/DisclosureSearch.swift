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
/// with each publication, so newest-first is the rowid's order. A row holds the ``SearchText`` tokens of the item's
/// text, and meta tokens for the filters (its units, categories, year, validity, publication), so a filter narrows
/// inside the index instead of after it.
///
/// SQLite: an FTS5 table, which walks its matches in rowid order and so stops after a page; a term is a phrase of
/// pairs, `body:"食品 品经 经营"`, a one-character term a prefix. PostgreSQL: a `tsvector` with a GIN index, which
/// answers with every match at once, unordered; see ``PostgresSearch`` for how it is kept to the newest. A PostgreSQL
/// `tsvector` keeps positions up to 16,383, so the index holds the first ``maximumBodyTokens`` tokens of the text on both.
public enum DisclosureSearch {
    /// Matches are counted exactly up to here; past it the portal says "more than 200: narrow the search". On
    /// PostgreSQL each counted match is a visit to its row, and counting to 1,000 was three quarters of a search's
    /// time among a million items, to tell a reader nothing that "more than 200" does not.
    public static let countLimit = 200
    static let maximumBodyTokens = 16_000

    // MARK: Writing

    /// Puts the item (again) in the index under a new, highest rowid, from the version the public sees.
    static func index(_ item: DisclosureItem, draft: DisclosureDraft, categoryPath: [String], on database: any Database) async throws {
        try await remove(item, on: database)
        let rowid = Int64(try await Counters.next("disclosure-search", on: database))
        try await write(item, draft: draft, categoryPath: categoryPath, rowid: rowid, on: database)
        item.searchID = rowid
    }

    /// Writes the item's row under `rowid`, which must be free.
    static func write(_ item: DisclosureItem, draft: DisclosureDraft, categoryPath: [String], rowid: Int64, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let withdrawn = item.publication == PublicationStatus.withdrawn.rawValue
        // A withdrawn item is found by its title and numbers only: its content is no longer served.
        var text = [draft.title, draft.documentNumber, item.indexNumber ?? "", draft.issuer, draft.subjectWords.joined(separator: " ")]
        if !withdrawn { text.append(draft.body) }
        let row = (rowid, SearchText.tokens(text.joined(separator: "\n")), metaTokens(unitPath: item.unitPath, publication: item.publication, draft: draft, categoryPath: categoryPath))
        try await bulkIndex([row], on: sql)
    }

    /// Many rows at once (rowid, text tokens, meta tokens).
    static func bulkIndex(_ rows: [(Int64, [String], [String])], on sql: any SQLDatabase) async throws {
        let sqlite = sql.dialect.name == "sqlite"
        var start = 0
        while start < rows.count {
            let end = min(start + 500, rows.count)
            let values: [SQLQueryString] = rows[start..<end].map { rowid, body, meta in
                let tokens = Array(body.prefix(maximumBodyTokens))
                return sqlite
                    ? "(\(bind: rowid), \(bind: tokens.joined(separator: " ")), \(bind: meta.joined(separator: " ")))"
                    : "(\(bind: rowid), \(bind: PostgresSearch.tsvector(body: tokens, meta: meta, rowid: rowid))::tsvector)"
            }
            let head: SQLQueryString = sqlite ? "INSERT INTO disclosure_search (rowid, body, meta) VALUES " : "INSERT INTO disclosure_search (rowid, tokens) VALUES "
            let query = head + values.joined(separator: ", ")
            try await sql.raw(query).run()
            start = end
        }
    }

    /// PostgreSQL: from now on each row's entries go straight into the GIN index, and what was queued is merged.
    static func writeThrough(on sql: any SQLDatabase) async throws {
        try await sql.raw("ALTER INDEX disclosure_search_tokens SET (fastupdate = off)").run()
        try await sql.raw("SELECT gin_clean_pending_list('disclosure_search_tokens'::regclass)").run()
    }

    static func remove(_ item: DisclosureItem, on database: any Database) async throws {
        guard let rowid = item.searchID else { return }
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await sql.raw("DELETE FROM disclosure_search WHERE rowid = \(bind: rowid)").run()
        item.searchID = nil
    }

    static func metaTokens(unitPath: String, publication: String, draft: DisclosureDraft, categoryPath: [String]) -> [String] {
        var tokens = ["all", "s" + publication, "v" + draft.validity.rawValue, "y\(draft.writtenOn.year)"]
        tokens += unitPath.split(separator: "/").map { "u" + $0.replacingOccurrences(of: "-", with: "") }
        tokens += categoryPath.map(categoryToken)
        return tokens
    }

    /// Category codes may hold hyphens, which both tokenisers split on: the token spells the code in hex.
    static func categoryToken(_ code: String) -> String {
        "c" + code.utf8.map { String(format: "%02x", $0) }.joined()
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
        let (page, counted) = try await rows(query, meta: meta, offset: offset, limit: limit, on: sql)
        var items: [DisclosureItem] = []
        if !page.isEmpty {
            let rows = try await DisclosureItem.query(on: database).filter(\.$searchID ~~ page.map { Optional($0) }).all()
            let byRow = Dictionary(rows.compactMap { row in row.searchID.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
            items = page.compactMap { byRow[$0] }
        }
        return DisclosureResults(items: items, total: min(counted, countLimit), totalIsAtLeast: counted > countLimit)
    }

    /// The rowids of one page of matches, newest first, and how many match, counted up to one past ``countLimit``.
    static func rows(_ query: SearchText.Query, meta: [String], offset: Int, limit: Int, on sql: any SQLDatabase) async throws -> (page: [Int64], counted: Int) {
        guard sql.dialect.name == "sqlite" else {
            let newest = try await PostgresSearch.newest(PostgresSearch.tsquery(query, meta: meta), meta: meta, count: max(countLimit + 1, offset + limit), on: sql)
            return (Array(newest.dropFirst(offset).prefix(limit)), newest.count)
        }
        // Every row holds `all`: it is asked for only when nothing else narrows the search, since intersecting with it
        // walks the whole index.
        let match: SQLQueryString = "SELECT rowid FROM disclosure_search WHERE disclosure_search MATCH \(bind: fts5(query, meta: meta.isEmpty && query.isEmpty ? ["all"] : meta))"
        let page = try await sql.raw("\(match) ORDER BY rowid DESC LIMIT \(bind: limit) OFFSET \(bind: offset)").all()
            .map { try $0.decode(column: "rowid", as: Int64.self) }
        let counted = try await sql.raw("SELECT COUNT(*) AS n FROM (\(match) LIMIT \(bind: countLimit + 1)) AS matches").first()?
            .decode(column: "n", as: Int.self) ?? 0
        return (page, counted)
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
}

/// The PostgreSQL side of ``DisclosureSearch``.
///
/// A GIN index answers with every matching row at once, and rechecks each against its `tsvector` when the query has a
/// phrase; a common word among a million items would cost its whole posting list before the newest twenty could be
/// picked. So every row also names the blocks of rowids it lies in (1,024, 16,384 and 262,144 rows wide:
/// `~r10.N`, `~r14.N`, `~r18.N`), and a search walks the index newest first, from the highest rowid its filters can
/// match (their extents), a window of blocks at a time, each window sized from the matches found so far, until it has
/// as many as the page and the count need. When the matches seen promise few in all, it reads the whole index at once
/// instead, led by the query's rarest lexemes. The index then reads little more than the matches it returns, whether a
/// word is in every item or in a handful.
///
/// The lexemes: each pair of characters with its positions (a term is the phrase of its pairs); each character alone,
/// without positions (a one-character term is then one lexeme, not a prefix to expand); the meta tokens and blocks,
/// behind a `~`, which no text token holds. Nothing carries a weight, so a query of single lexemes needs no recheck.
enum PostgresSearch {
    static let blockLevels = [10, 14, 18]
    /// The fewest rows a density is judged from: a match in every thousand rows is missing from a first block of 1,024
    /// one time in three, and reading the whole index on that guess visits every match's row to sort them.
    static let densityEvidenceRows: Int64 = 65_536

    static func tsvector(body: [String], meta: [String], rowid: Int64) -> String {
        var positions: [String: [Int]] = [:]
        var pairs: [String] = []
        var characters: [String] = []
        var seenCharacters = Set<String>()
        for (index, token) in body.enumerated() {
            if token.count == 2 {
                if positions[token] == nil { pairs.append(token) }
                if positions[token, default: []].count < 256 { positions[token, default: []].append(index + 1) }
            }
            if let first = token.first, seenCharacters.insert(String(first)).inserted { characters.append(String(first)) }
        }
        var parts = pairs.map { pair in "'\(pair)':" + positions[pair, default: []].map(String.init).joined(separator: ",") }
        parts += characters.map { "'\($0)'" }
        parts += Set(meta).sorted().map { "'~\($0)'" }
        parts += blockLevels.map { "'~r\($0).\(rowid >> Int64($0))'" }
        return parts.joined(separator: " ")
    }

    /// The query's terms and meta tokens as a `tsquery` literal; nil when it asks for everything.
    static func tsquery(_ query: SearchText.Query, meta: [String]) -> String? {
        var parts: [String] = query.matchers.map { matcher in
            switch matcher {
            case let .phrase(tokens) where tokens.count == 1: "'\(tokens[0])'"
            case let .phrase(tokens): "(" + tokens.map { "'\($0)'" }.joined(separator: " <-> ") + ")"
            case let .prefix(character): "'\(character)'"
            }
        }
        parts += meta.map { "'~\($0)'" }
        return parts.isEmpty ? nil : parts.joined(separator: " & ")
    }

    /// The fewest block lexemes that together cover the 1,024-row blocks `blocks`.
    static func cover(_ blocks: ClosedRange<Int64>) -> [String] {
        var lexemes: [String] = []
        var low = blocks.lowerBound
        while low <= blocks.upperBound {
            let level = blockLevels.reversed().first { level in
                let width = Int64(1) << Int64(level - blockLevels[0])
                return low % width == 0 && low + width - 1 <= blocks.upperBound
            } ?? blockLevels[0]
            let shift = Int64(level - blockLevels[0])
            lexemes.append("~r\(level).\(low >> shift)")
            low += Int64(1) << shift
        }
        return lexemes
    }

    /// How many 1,024-row blocks the next window spans, after `found` matches in the newest `searchedRows` rows
    /// (`searchedBlocks` blocks), when `wanted` are wanted in all: enough for the rest at the density seen so far, with
    /// a margin, but never more than seven times what has been searched, so that a guess from few matches costs little.
    static func nextSpan(found: Int, wanted: Int, searchedRows: Int64, searchedBlocks: Int64) -> Int64 {
        guard found > 0 else { return searchedBlocks * 3 }
        let rowsLeft = Double(wanted - found) * Double(searchedRows) / Double(found) * 1.25
        return min(max(1, Int64((rowsLeft / 1024).rounded(.up))), searchedBlocks * 7)
    }

    /// The rowids of the newest `count` rows matching `query` (all rows when nil), which holds the `meta` tokens, newest
    /// first.
    static func newest(_ query: String?, meta: [String], count: Int, on sql: any SQLDatabase) async throws -> [Int64] {
        guard let query else {
            return try await sql.raw("SELECT rowid FROM disclosure_search ORDER BY rowid DESC LIMIT \(bind: count)").all()
                .map { try $0.decode(column: "rowid", as: Int64.self) }
        }
        guard let top = try await highestCandidate(meta: meta, on: sql) else { return [] }
        let shift = Int64(blockLevels[0])
        var found: [Int64] = []
        var high = top >> shift
        var span: Int64 = 1
        while high >= 0, found.count < count {
            let low = max(0, high - span + 1)
            let blocks = "(" + cover(low...high).map { "'\($0)'" }.joined(separator: " | ") + ")"
            found += try await window("\(query) & \(blocks)", count: count - found.count, on: sql)
            let searchedRows = top - (low << shift) + 1
            high = low - 1
            guard high >= 0, found.count < count else { break }
            // When the density seen promises few matches in all, one read of the whole index costs less than walking
            // on: the index is led by the query's rarest lexemes, and the few matches are quickly sorted.
            if searchedRows >= densityEvidenceRows, Double(found.count) * Double(top) / Double(searchedRows) < Double(2 * count) {
                return try await window(query, count: count, on: sql)
            }
            span = nextSpan(found: found.count, wanted: count, searchedRows: searchedRows, searchedBlocks: (top >> shift) - low + 1)
        }
        return found
    }

    /// The highest rowid that can match a query holding the `meta` tokens: no row above the lowest of their extents
    /// holds them all, so the walk starts there (a filter on an old year starts among that year's items, not at the
    /// newest end). Nil when no row can match.
    private static func highestCandidate(meta: [String], on sql: any SQLDatabase) async throws -> Int64? {
        let tokens = Set(meta.map { "~" + $0 })
        guard !tokens.isEmpty else {
            return try await sql.raw("SELECT MAX(rowid) AS top FROM disclosure_search").first()?.decode(column: "top", as: Int64?.self)
        }
        struct Extents: Decodable { var highest: Int64?; var top: Int64?; var known: Int }
        let extents = try await sql.raw("""
            SELECT (SELECT MAX(rowid) FROM disclosure_search) AS highest, MIN(top_rowid) AS top, COUNT(*) AS known
            FROM disclosure_search_extent WHERE token IN (\(binds: tokens.sorted()))
            """).first(decoding: Extents.self)
        guard let extents, let highest = extents.highest, let top = extents.top, extents.known == tokens.count else { return nil }
        return min(highest, top)
    }

    /// The extent of each meta token, from the rows the index holds; the trigger of migration 013 keeps it from then on.
    static func fillExtents(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM disclosure_search_extent").run()
        try await sql.raw("INSERT INTO disclosure_search_extent (token, top_rowid) \(unsafeRaw: extents(of: "disclosure_search"))").run()
    }

    /// Each meta token among the rows of `rows` (a table of rowids and tokens) with the highest rowid holding it; the
    /// blocks (`~r…`) are not meta tokens.
    static func extents(of rows: String) -> String {
        "SELECT lexeme, MAX(rowid) FROM \(rows), unnest(tsvector_to_array(tokens)) AS lexeme WHERE lexeme LIKE '~%' AND lexeme NOT LIKE '~r%' GROUP BY lexeme"
    }

    /// The newest `count` rows matching `query`, read from the GIN index: the function plans with sequential and ordered
    /// index scans off.
    private static func window(_ query: String, count: Int, on sql: any SQLDatabase) async throws -> [Int64] {
        try await sql.raw("SELECT matches.rowid FROM disclosure_search_window(\(bind: query)::tsquery, \(bind: count)) AS matches(rowid)").all()
            .map { try $0.decode(column: "rowid", as: Int64.self) }
    }
}
