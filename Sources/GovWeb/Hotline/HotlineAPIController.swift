import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The hotline as JSON (`/api/v1/hotline/…`, `/api/v1/mailbox/…`): partner channels file tickets with a `hotline:file`
/// token and follow them by number and query code; anyone reads the category tree and the published letters.
enum HotlineAPIController {
    struct CategoryDTO: Content {
        var code: String
        var parent: String?
        var name: String
    }

    static func categories(_ request: Request) async throws -> [CategoryDTO] {
        try await HotlineStore.categories(on: request.db).map { CategoryDTO(code: $0.code, parent: $0.parentCode, name: $0.name(in: request.language)) }
    }

    struct NewTicket: Content {
        var kind: String
        var urgency: String?
        var category: String
        var region: String?
        var address: String?
        var latitude: Double?
        var longitude: Double?
        var subject: String?
        var description: String
        var callerName: String?
        var callerPhone: String?
        var callerEmail: String?
    }

    struct TicketDTO: Content {
        var number: String
        var queryCode: String?
        var kind: String
        var channel: String
        var urgency: String
        var category: String
        var subject: String
        var state: String
        var stateTitle: String
        var department: String?
        var receivedAt: String
        var dueAt: String?
        var reply: String?
        var repliedAt: String?
        var satisfaction: Int?
    }

    static func dto(_ record: TicketRecord, queryCode: String?, language: Language) -> TicketDTO {
        TicketDTO(
            number: record.number, queryCode: queryCode, kind: record.kind, channel: record.channel, urgency: record.urgency, category: record.categoryCode,
            subject: record.subject, state: record.state, stateTitle: record.ticketState.title(in: language), department: record.unitName,
            receivedAt: BeijingTime.iso8601(record.receivedAt), dueAt: record.ticketState == .assigned ? record.dueAt.map(BeijingTime.iso8601) : nil,
            reply: record.reply, repliedAt: record.repliedAt.map(BeijingTime.iso8601), satisfaction: record.satisfaction)
    }

    /// A partner channel files a ticket: routed and clocked at once, answered with its number and query code.
    static func file(_ request: Request) async throws -> Response {
        guard case let .machine(client) = request.caller else { throw request.caller == nil ? AppError.notSignedIn : AppError.forbidden }
        guard client.scopes.contains(.hotlineFile) else { throw AppError.forbidden }
        let body = try request.content.decode(NewTicket.self)
        let draft = TicketDraft(
            kind: body.kind, urgency: body.urgency, category: body.category, regionCode: body.region, address: body.address,
            latitude: body.latitude.map { String($0) }, longitude: body.longitude.map { String($0) }, subject: body.subject, description: body.description,
            callerName: body.callerName, callerPhone: body.callerPhone, callerEmail: body.callerEmail)
        let ticket = try await HotlineViews.validate(draft, contactRequired: true, on: request.db)
        let actor = request.auditActor(role: nil, unitPath: client.unitPath)
        let calendar = try await request.workCalendar()
        let now = request.now
        let number = try await request.reserveTicketNumber()
        let key = request.govhall.queryCodeKey
        let (record, code) = try await request.write { db in
            try await HotlineStore.file(ticket, intake: .init(channel: .api), number: number, by: actor, calendar: calendar, now: now, queryCodeKey: key, on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(dto(record, queryCode: code, language: request.language), as: .json)
        return response
    }

    static func track(_ request: Request) async throws -> TicketDTO {
        let number = String((request.parameters.get("number") ?? "").prefix(40))
        let code = String((request.query[String.self, at: "code"] ?? "").prefix(12))
        guard let record = try await request.lookUpByQueryCode(.ticket, number: number, { try await HotlineStore.track(number: number, code: code, key: request.govhall.queryCodeKey, on: $0) }) else { throw AppError.notFound }
        return dto(record, queryCode: nil, language: request.language)
    }

    struct LetterDTO: Content {
        var id: String
        var subject: String
        var text: String
        var department: String?
        var receivedAt: String
        var reply: String?
        var repliedAt: String?
    }

    struct MailboxDTO: Content {
        struct Month: Content {
            var month: String
            var received: Int
            var replied: Int
            var onTime: Int
        }
        var letters: [LetterDTO]
        var months: [Month]
    }

    /// The published letters, as staff reviewed them, and the mailbox's monthly figures.
    static func mailbox(_ request: Request) async throws -> MailboxDTO {
        let letters = try await HotlineStore.publishedLetters(on: request.db).map { record in
            LetterDTO(id: record.id!.uuidString.lowercased(), subject: record.publishedSubject ?? "", text: record.publishedDescription ?? "",
                      department: record.unitName, receivedAt: BeijingTime.iso8601(record.receivedAt), reply: record.publishedReply,
                      repliedAt: record.repliedAt.map(BeijingTime.iso8601))
        }
        let months = try await HotlineStore.mailboxFigures(now: request.now, on: request.db).map {
            MailboxDTO.Month(month: $0.month, received: $0.received, replied: $0.replied, onTime: $0.onTime)
        }
        return MailboxDTO(letters: letters, months: months)
    }
}
