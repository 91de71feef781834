import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// What the hotline's pages show of a ticket, in the viewer's language, with personal details as the viewer may see them.
struct TicketRow: Encodable, Sendable {
    var href: String
    var number: String
    var kind: String
    var kindCode: String
    var channel: String
    var urgent: Bool
    var subject: String
    var category: String
    var unit: String
    var state: String
    var stateCode: String
    var received: String
    var due: String
    var overdue: Bool
    var score: String
}

struct TicketEventRow: Encodable, Sendable {
    var at: String
    var action: String
    var actor: String
    var unit: String
    var note: String
}

/// How much of the caller a viewer may see.
enum CallerDetail {
    /// The hotline and the department handling it, which must reach the caller.
    case full
    /// A reporter (举报人) is protected from the department reported on, and anyone holding only the query code sees a
    /// masked name and no number.
    case masked
}

enum HotlineViews {
    static func categoryNames(_ language: Language, on database: any Database) async throws -> [String: String] {
        Dictionary(try await HotlineStore.categories(on: database).map { ($0.code, $0.name(in: language)) }, uniquingKeysWith: { first, _ in first })
    }

    static func row(_ record: TicketRecord, href: String, categories: [String: String], language: Language, now: Date, score: Double? = nil) -> TicketRow {
        TicketRow(
            href: href, number: record.number, kind: record.ticketKind.title(in: language), kindCode: record.kind,
            channel: record.ticketChannel.title(in: language), urgent: record.ticketUrgency == .urgent, subject: record.subject,
            category: categories[record.categoryCode] ?? record.categoryCode, unit: record.unitName ?? "", state: record.ticketState.title(in: language),
            stateCode: record.state, received: BeijingTime.minute(record.receivedAt),
            due: record.ticketState == .assigned ? record.dueAt.map(BeijingTime.minute) ?? "" : "",
            overdue: record.ticketState == .assigned && (record.dueAt.map { $0 < now } ?? false),
            score: score.map { String(format: "%.0f%%", $0 * 100) } ?? "")
    }

    static func staffHref(_ record: TicketRecord) -> String {
        record.id.map { Paths.hotline.ticket($0) } ?? Paths.hotline.ticket.prefix
    }

    static func events(_ events: [TicketEventRecord], language: Language) -> [TicketEventRow] {
        events.map { event in
            TicketEventRow(
                at: BeijingTime.minute(event.at), action: Strings.text("hotline_event_" + event.action, language),
                actor: event.actorName == "routing" ? Strings.text("hotline_routing_rule", language) : event.actorName,
                unit: event.unitName ?? "", note: eventNote(event, language: language))
        }
    }

    static func eventNote(_ event: TicketEventRecord, language: Language) -> String {
        guard let note = event.note else { return "" }
        switch event.action {
        case "file": return TicketChannel(rawValue: note)?.title(in: language) ?? note
        case "dispatch": return Strings.text("hotline_routed_" + note, language)
        case "callback": return Int(note).flatMap(Satisfaction.init(rawValue:))?.title(in: language) ?? note
        default: return note
        }
    }

    static func satisfactionOptions(_ language: Language) -> [Option] {
        Satisfaction.allCases.reversed().map { Option(value: String($0.rawValue), label: $0.title(in: language), selected: false) }
    }

    static func kindOptions(_ language: Language, selected: String?) -> [Option] {
        TicketKind.allCases.map { Option(value: $0.rawValue, label: $0.title(in: language), selected: $0.rawValue == selected) }
    }

    static func categoryOptions(_ categories: [HotlineCategory], language: Language, selected: String?) -> [Option] {
        categories.map { category in
            Option(value: category.code, label: String(repeating: "　", count: category.depth - 1) + category.name(in: language) + " (\(category.code))",
                   selected: category.code == selected)
        }
    }

    static func regionOptions(_ language: Language, selected: String?, on database: any Database) async throws -> [Option] {
        try await OrganisationStore.units(kinds: [.region], on: database).map { unit in
            Option(value: unit.code, label: String(repeating: "　", count: max(0, unit.depth)) + unit.name(in: language), selected: unit.code == selected)
        }
    }

    static func departmentOptions(_ language: Language, selected: UUID? = nil, on database: any Database) async throws -> [Option] {
        try await OrganisationStore.unitsInDisplayOrder(kinds: [.department], on: database).map { unit in
            Option(value: unit.id.uuidString.lowercased(), label: unit.name(in: language), selected: unit.id == selected)
        }
    }

    /// A form's fields as a draft, read by name.
    static func draft(from values: [String: String]) -> TicketDraft {
        TicketDraft(
            kind: values["kind"], urgency: values["urgency"], category: values["category"], regionCode: values["region"], address: values["address"],
            latitude: values["lat"], longitude: values["long"], subject: values["subject"], description: values["description"],
            callerName: values["caller_name"], callerPhone: values["caller_phone"], callerEmail: values["caller_email"],
            publishConsent: values["publish_consent"] == "yes")
    }

    static let draftFields = ["kind", "urgency", "category", "region", "address", "lat", "long", "subject", "description", "caller_name", "caller_phone",
                              "caller_email", "publish_consent"]

    static func validate(_ draft: TicketDraft, contactRequired: Bool, on database: any Database) async throws -> ValidTicket {
        let (categories, regions) = try await HotlineStore.knownCodes(category: draft.categoryCode, region: draft.placeCode, on: database)
        return try draft.validated(categories: categories, regions: regions, contactRequired: contactRequired)
    }
}

extension Request {
    /// A ticket number taken ahead of the filing on PostgreSQL, in one statement that commits by itself, where the
    /// day's counter row would otherwise stay locked through the whole filing transaction and queue every concurrent
    /// caller behind it; nil on SQLite, whose writes are one at a time anyway and where the number is taken inside the
    /// filing.
    func reserveTicketNumber() async throws -> String? {
        guard !application.govhall.config.database.isSQLite else { return nil }
        let (now, db) = (self.now, self.db)
        return try await Deadline.run(within: govhall.writeDeadline) { try await HotlineStore.nextNumber(now: now, on: db) }
    }
}
