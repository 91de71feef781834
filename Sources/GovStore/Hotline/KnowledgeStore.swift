import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// The hotline's knowledge base (知识库): every matter's service guide, answers that satisfied callers, and entries
/// editors write. Operators search it in Chinese while the caller is on the line.
public enum KnowledgeStore {
    public enum Source: String, CaseIterable, Sendable {
        case guide, answer, editor
    }

    /// The text a search matches against: compatibility-folded and lower-cased, so full-width and half-width, upper and
    /// lower case all match (the same folding as ``SearchText``).
    public static func folded(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Writes or refreshes one entry, keyed by its source and reference.
    @discardableResult
    public static func put(
        source: Source, reference: String, title: String, body: String, now: Date, on database: any Database
    ) async throws -> KnowledgeRecord {
        let existing = try await KnowledgeRecord.query(on: database).filter(\.$source == source.rawValue).filter(\.$reference == reference).first()
        let record = existing ?? KnowledgeRecord()
        if existing == nil {
            record.id = Effects.current.newID()
            record.source = source.rawValue
            record.reference = reference
        }
        record.title = title
        record.body = body
        record.searchText = folded(title + "\n" + body)
        record.updatedAt = now
        try await record.save(on: database)
        return record
    }

    /// One entry per published matter, from its current guide: what it is, who may apply, what to bring, limits, where.
    public static func refreshGuides(now: Date, on database: any Database) async throws -> Int {
        var count = 0
        for matter in try await MatterStore.list(on: database) {
            let definition = try await MatterStore.current(of: matter, on: database).definition
            let materials = definition.materials.map { "· \($0.nameZh)" }.joined(separator: "\n")
            let body = """
                办理条件：\(definition.conditionsZh)
                申请材料：
                \(materials)
                法定时限 \(definition.statutoryDays) 个工作日，承诺时限 \(definition.promisedDays) 个工作日\(definition.isOnTheSpot ? "，即办件" : "")。
                办理窗口：\(definition.windowZh)；办公时间：\(definition.hoursZh)；咨询电话：\(definition.phone)
                设定依据：\(definition.legalBasisZh)
                """
            try await put(source: .guide, reference: definition.code.value, title: definition.nameZh, body: body, now: now, on: database)
            count += 1
        }
        return count
    }

    /// A question or request for help that was answered to the caller's satisfaction becomes an entry, personal
    /// details removed.
    static func learn(from ticket: TicketRecord, reply: String, now: Date, on database: any Database) async throws {
        try await put(
            source: .answer, reference: ticket.number, title: PersonalData.redact(ticket.subject),
            body: "问：" + PersonalData.redact(ticket.description) + "\n答：" + PersonalData.redact(reply), now: now, on: database)
    }

    /// Entries matching every term of `query`, best first: a term in the title counts three times one in the body.
    public static func search(_ raw: String, limit: Int = 10, on database: any Database) async throws -> [KnowledgeRecord] {
        let query = SearchText.Query(raw)
        guard !query.isEmpty else { return [] }
        let builder = KnowledgeRecord.query(on: database)
        for term in query.terms {
            // Terms hold only letters and digits, so they carry no LIKE wildcard.
            builder.filter(\.$searchText, .custom("LIKE"), "%\(term)%")
        }
        let candidates = try await builder.sort(\.$updatedAt, .descending).limit(500).all()
        func score(_ record: KnowledgeRecord) -> Int {
            let title = folded(record.title)
            return query.terms.reduce(0) { sum, term in
                sum + (title.contains(term) ? 3 : 0) + record.searchText.components(separatedBy: term).count - 1
            }
        }
        return candidates.map { ($0, score($0)) }.sorted { $0.1 > $1.1 }.prefix(limit).map(\.0)
    }

    public static func count(on database: any Database) async throws -> Int {
        try await KnowledgeRecord.query(on: database).count()
    }
}
