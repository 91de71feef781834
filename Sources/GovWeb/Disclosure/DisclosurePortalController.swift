import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The public disclosure portal (政府信息公开): browse and search the catalogue, read an item at its stable address,
/// print it, download its attachments, and follow an organisation's or a category's Atom feed.
enum DisclosurePortalController {
    static let pageSize = 20
    static let maximumPage = 50

    struct PortalBody: Encodable, Sendable {
        var query: String
        var units: [Option]
        var categories: [CategoryOption]
        var years: [Option]
        var validities: [Option]
        var results: [ResultRow]
        var countLabel: String
        var filterError: String?
        var previousHref: String?
        var nextHref: String?
        var feedHref: String
        var pageLabel: String
    }

    struct CategoryOption: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
        var href: String
        var nested: Bool
    }

    struct ResultRow: Encodable, Sendable {
        var href: String
        var title: [HighlightSegment]
        var snippet: [HighlightSegment]
        var indexNumber: String
        var unit: String
        var category: String
        var writtenOn: String
        var publishedOn: String
        var documentNumber: String
        var validity: String
        var validityCode: String
        var withdrawn: Bool
    }

    /// The filters of a portal or feed request. An unknown value is the visitor's mistake: it is named, and the
    /// catalogue is shown unfiltered by it.
    struct PortalQuery: Sendable {
        var query: SearchText.Query
        var text: String
        var filter: DisclosureFilter
        var page: Int
        var problems: [String]
    }

    static func parse(_ request: Request, categories: [DisclosureCategory], units: [UnitSummary]) -> PortalQuery {
        let language = request.language
        let text = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        var filter = DisclosureFilter()
        var problems: [String] = []
        if let raw = request.query[String.self, at: "unit"], !raw.isEmpty {
            if let id = UUID(uuidString: raw), units.contains(where: { $0.id == id }) { filter.unitID = id } else { problems.append(Strings.text("disclosure_filter_unit", language)) }
        }
        if let raw = request.query[String.self, at: "category"], !raw.isEmpty {
            if categories.contains(where: { $0.code == raw }) { filter.categoryCode = raw } else { problems.append(Strings.text("disclosure_filter_category", language)) }
        }
        if let raw = request.query[String.self, at: "year"], !raw.isEmpty {
            if let year = Int(raw), (1990...2100).contains(year) { filter.year = year } else { problems.append(Strings.text("disclosure_filter_year", language)) }
        }
        if let raw = request.query[String.self, at: "validity"], !raw.isEmpty {
            if let validity = DisclosureValidity(rawValue: raw) { filter.validity = validity } else { problems.append(Strings.text("disclosure_filter_validity", language)) }
        }
        var page = 1
        if let raw = request.query[String.self, at: "page"], !raw.isEmpty {
            if let number = Int(raw), (1...maximumPage).contains(number) { page = number } else { problems.append(Strings.text("disclosure_filter_page", language)) }
        }
        return PortalQuery(query: SearchText.Query(text), text: text, filter: filter, page: page, problems: problems)
    }

    static func index(_ request: Request) async throws -> Response {
        let language = request.language
        let categories = try await DisclosureStore.categories(on: request.db)
        let units = try await publishingUnits(on: request.db)
        let parsed = parse(request, categories: categories, units: units)
        // One row past the page says whether a next page exists, also where the count stopped short of it.
        let results = try await DisclosureSearch.search(
            parsed.query, filter: parsed.filter, offset: (parsed.page - 1) * pageSize, limit: pageSize + 1, on: request.db)
        let rows = try await resultRows(Array(results.items.prefix(pageSize)), terms: parsed.query.terms, categories: categories, units: units, language: language, on: request.db)
        let thisYear = CivilDate.beijing(request.now).year
        func link(page: Int? = nil, category: String?? = .none) -> String {
            var items: [URLQueryItem] = []
            if !parsed.text.isEmpty { items.append(URLQueryItem(name: "q", value: parsed.text)) }
            if let unit = parsed.filter.unitID { items.append(URLQueryItem(name: "unit", value: unit.uuidString.lowercased())) }
            let chosenCategory: String? = switch category { case .none: parsed.filter.categoryCode; case let .some(value): value }
            if let chosenCategory { items.append(URLQueryItem(name: "category", value: chosenCategory)) }
            if let year = parsed.filter.year { items.append(URLQueryItem(name: "year", value: String(year))) }
            if let validity = parsed.filter.validity { items.append(URLQueryItem(name: "validity", value: validity.rawValue)) }
            if let page, page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
            var components = URLComponents()
            components.path = Paths.disclosure.index()
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? Paths.disclosure.index()
        }
        var feed = URLComponents()
        feed.path = Paths.disclosure.feed()
        feed.queryItems = [parsed.filter.unitID.map { URLQueryItem(name: "unit", value: $0.uuidString.lowercased()) },
                           parsed.filter.categoryCode.map { URLQueryItem(name: "category", value: $0) }].compactMap { $0 }
        if feed.queryItems?.isEmpty == true { feed.queryItems = nil }
        let body = PortalBody(
            query: parsed.text,
            units: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: language), selected: $0.id == parsed.filter.unitID) },
            categories: categories.map { category in
                CategoryOption(value: category.code, label: category.name(in: language), selected: category.code == parsed.filter.categoryCode,
                               href: link(category: .some(category.code)), nested: category.parentCode != nil)
            },
            years: (0..<10).map { thisYear - $0 }.map { Option(value: String($0), label: String($0), selected: $0 == parsed.filter.year) },
            validities: DisclosureValidity.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0 == parsed.filter.validity) },
            results: rows,
            countLabel: Strings.format(results.totalIsAtLeast ? "disclosure_count_at_least" : "disclosure_count", language, ["n": "\(results.total)"]),
            filterError: parsed.problems.isEmpty ? nil : Strings.format("disclosure_filter_error", language, ["fields": parsed.problems.joined(separator: Strings.text("list_separator", language))]),
            previousHref: parsed.page > 1 ? link(page: parsed.page - 1) : nil,
            nextHref: results.items.count > pageSize && parsed.page < maximumPage ? link(page: parsed.page + 1) : nil,
            feedHref: feed.string ?? Paths.disclosure.feed(),
            pageLabel: Strings.format("disclosure_page", language, ["n": "\(parsed.page)"]))
        return try await request.renderPage("disclosure/portal", titleKey: "title_disclosure", body: body,
                                            status: parsed.problems.isEmpty ? .ok : .badRequest)
    }

    /// The units that publish: the city, its districts and departments, in the organisation tree's order.
    static func publishingUnits(on database: any Database) async throws -> [UnitSummary] {
        try await OrganisationStore.units(kinds: [.region, .department], on: database)
            .sorted { ($0.depth, $0.sortOrder) < ($1.depth, $1.sortOrder) }
    }

    static func resultRows(
        _ items: [DisclosureItem], terms: [String], categories: [DisclosureCategory], units: [UnitSummary], language: Language,
        on database: any Database
    ) async throws -> [ResultRow] {
        let unitNames = Dictionary(units.map { ($0.id, $0.name(in: language)) }, uniquingKeysWith: { first, _ in first })
        let drafts = try await DisclosureStore.publishedDrafts(of: items, on: database)
        var rows: [ResultRow] = []
        for item in items {
            let withdrawn = item.status.publication == .withdrawn
            let snippetText = withdrawn ? item.withdrawnReason ?? "" : drafts[try item.requireID()]?.body ?? ""
            rows.append(ResultRow(
                href: Paths.disclosure.item(try item.requireID()),
                title: Highlighter.segments(item.title, terms: terms),
                snippet: Highlighter.snippet(snippetText, terms: terms),
                indexNumber: item.indexNumber ?? "", unit: unitNames[item.unitID] ?? "",
                category: categories.first { $0.code == item.categoryCode }?.name(in: language) ?? item.categoryCode,
                writtenOn: item.writtenOnText, publishedOn: item.publishedAt.map { CivilDate.beijing($0).description } ?? "",
                documentNumber: item.documentNumber, validity: item.disclosureValidity.title(in: language), validityCode: item.validity,
                withdrawn: withdrawn))
        }
        return rows
    }

    // MARK: One item

    struct ItemBody: Encodable, Sendable {
        var id: String
        var title: String
        var indexNumber: String
        var category: String
        var unit: String
        var issuer: String
        var documentNumber: String
        var writtenOn: String
        var publishedOn: String
        var firstPublishedOn: String
        var corrected: Bool
        var validity: String
        var validityCode: String
        var subjectWords: String
        var paragraphs: [String]
        var attachments: [AttachmentRow]
        var withdrawn: Bool
        var withdrawnReason: String
        var withdrawnOn: String
        var printHref: String
        var backHref: String
    }

    struct AttachmentRow: Encodable, Sendable {
        var name: String
        var href: String
        var size: String
    }

    struct ItemPage: Encodable, Sendable {
        var item: ItemBody
    }

    static func item(_ request: Request) async throws -> Response {
        try await request.renderPage("disclosure/item", titleKey: "title_disclosure_item", body: ItemPage(item: try await itemBody(request)))
    }

    static func printable(_ request: Request) async throws -> Response {
        try await request.renderPage("disclosure/print", titleKey: "title_disclosure_item", body: ItemPage(item: try await itemBody(request)))
    }

    static func itemBody(_ request: Request) async throws -> ItemBody {
        let id = try UUID.parameter("itemID", of: request)
        guard let item = try await DisclosureStore.findPublic(id, on: request.db), let number = item.publishedVersion,
              let version = try await DisclosureStore.version(number, of: id, on: request.db)
        else { throw AppError.notFound }
        return try await itemBody(item, version: version, attachmentPath: Paths.disclosure.itemAttachment, language: request.language, on: request.db)
    }

    /// What an item's page shows of `version`: the public one on the portal, any one on the workbench, whose attachments
    /// are at `attachmentPath`.
    static func itemBody(
        _ item: DisclosureItem, version: DisclosureVersion, attachmentPath: Path2<UUID, UUID>, language: Language, on database: any Database
    ) async throws -> ItemBody {
        let draft = try version.draft()
        let id = try item.requireID()
        let categories = try await DisclosureStore.categories(on: database)
        let unit = try await OrganisationStore.unit(id: item.unitID, on: database)
        let withdrawn = item.status.publication == .withdrawn && version.number == item.publishedVersion
        let attachments = withdrawn ? [] : try await DisclosureStore.attachments(of: id, version: version.number, on: database)
        return ItemBody(
            id: id.uuidString.lowercased(), title: draft.title, indexNumber: item.indexNumber ?? "",
            category: categories.first { $0.code == draft.categoryCode }?.name(in: language) ?? draft.categoryCode,
            unit: unit?.name(in: language) ?? "", issuer: draft.issuer.isEmpty ? unit?.nameZh ?? "" : draft.issuer, documentNumber: draft.documentNumber,
            writtenOn: draft.writtenOn.description, publishedOn: version.publishedAt.map { CivilDate.beijing($0).description } ?? "",
            firstPublishedOn: item.firstPublishedAt.map { CivilDate.beijing($0).description } ?? "",
            corrected: version.number > 1, validity: draft.validity.title(in: language), validityCode: draft.validity.rawValue,
            subjectWords: draft.subjectWords.joined(separator: "、"),
            paragraphs: withdrawn ? [] : paragraphs(draft.body),
            attachments: attachments.map {
                AttachmentRow(name: $0.fileName, href: $0.id.map { attachmentPath(id, $0) } ?? attachmentPath.prefix(id), size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file))
            },
            withdrawn: withdrawn, withdrawnReason: item.withdrawnReason ?? "", withdrawnOn: item.withdrawnAt.map { CivilDate.beijing($0).description } ?? "",
            printHref: Paths.disclosure.itemPrint(id), backHref: Paths.disclosure.index())
    }

    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func attachment(_ request: Request) async throws -> Response {
        let id = try UUID.parameter("itemID", of: request)
        let attachmentID = try UUID.parameter("attachmentID", of: request)
        guard let item = try await DisclosureStore.findPublic(id, on: request.db), item.status.publication == .published,
              let published = item.publishedVersion,
              let file = try await DisclosureStore.attachmentFile(attachmentID, of: id, version: published, on: request.db)
        else { throw AppError.notFound }
        return MaterialFiles.send(file.blob, named: file.fileName)
    }

    // MARK: Feeds

    /// An Atom feed (RFC 4287) of the newest 50 items, for the whole catalogue, an organisation or a category.
    static func feed(_ request: Request) async throws -> Response {
        let language = request.language
        let categories = try await DisclosureStore.categories(on: request.db)
        let units = try await publishingUnits(on: request.db)
        let parsed = parse(request, categories: categories, units: units)
        guard parsed.problems.isEmpty else { throw AppError.rejected(FieldProblem.invalid) }
        let results = try await DisclosureSearch.search(SearchText.Query(""), filter: parsed.filter, offset: 0, limit: 50, on: request.db)
        let base = request.application.govhall.config.publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var title = Strings.text("title_disclosure", language)
        if let unitID = parsed.filter.unitID, let unit = units.first(where: { $0.id == unitID }) { title += " · " + unit.name(in: language) }
        if let code = parsed.filter.categoryCode, let category = categories.first(where: { $0.code == code }) { title += " · " + category.name(in: language) }
        let self_ = base + request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        let updated = results.items.compactMap(\.publishedAt).max() ?? Date(timeIntervalSince1970: 0)
        let drafts = try await DisclosureStore.publishedDrafts(of: results.items, on: request.db)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(XML.escape(title))</title>
            <id>\(XML.escape(self_))</id>
            <link rel="self" href="\(XML.escape(self_))"/>
            <link rel="alternate" type="text/html" href="\(XML.escape(base + Paths.disclosure.index()))"/>
            <updated>\(XML.instant(updated))</updated>

            """
        for item in results.items {
            let id = try item.requireID().uuidString.lowercased()
            let href = base + Paths.disclosure.item(try item.requireID())
            let unit = units.first { $0.id == item.unitID }?.name(in: language) ?? ""
            let body = drafts[try item.requireID()]?.body ?? ""
            let summary = item.withdrawnReason.map { Strings.text("disclosure_withdrawn", language) + "：" + $0 } ?? String(body.prefix(200))
            xml += """
                <entry>
                <id>urn:uuid:\(id)</id>
                <title>\(XML.escape(item.title))</title>
                <link rel="alternate" type="text/html" href="\(XML.escape(href))"/>
                <updated>\(XML.instant(item.publishedAt ?? updated))</updated>
                <author><name>\(XML.escape(unit))</name></author>
                <category term="\(XML.escape(item.categoryCode))"/>
                <summary>\(XML.escape(summary))</summary>
                </entry>

                """
        }
        xml += "</feed>\n"
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return response
    }
}

/// Text made safe for XML character data and attribute values. Characters XML 1.0 cannot carry at all (most C0
/// controls) are dropped.
enum XML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func instant(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
