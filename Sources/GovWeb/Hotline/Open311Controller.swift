import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Open311 GeoReport v2 at `/open311/v2/…`, so existing clients and apps work against the hotline. Reading is open to
/// anyone; submitting needs an `api_key` (a token with `hotline:file`). Errors take the specification's shape.
enum Open311Controller {
    struct ServiceDTO: Content {
        var service_code: String
        var service_name: String
        var description: String
        var metadata: Bool
        var type: String
        var keywords: String
        var group: String
    }

    struct AttributeDTO: Content {
        struct Value: Content {
            var key: String
            var name: String
        }
        var variable: Bool
        var code: String
        var datatype: String
        var required: Bool
        var datatype_description: String?
        var order: Int
        var description: String
        var values: [Value]?
    }

    struct DefinitionDTO: Content {
        var service_code: String
        var attributes: [AttributeDTO]
    }

    struct CreatedDTO: Content {
        var service_request_id: String
        var service_notice: String?
        var account_id: String?
    }

    struct RequestDTO: Content {
        var service_request_id: String
        var status: String
        var status_notes: String?
        var service_name: String
        var service_code: String
        var description: String?
        var agency_responsible: String?
        var service_notice: String?
        var requested_datetime: String
        var updated_datetime: String
        var expected_datetime: String?
        var address: String?
        var address_id: String?
        var zipcode: String?
        var lat: Double?
        var long: Double?
        var media_url: String?
    }

    struct ErrorDTO: Content {
        var code: Int
        var description: String
    }

    /// Runs a handler and answers its Open311 or validation failure in the specification's error shape.
    static func answering(_ request: Request, status: HTTPResponseStatus = .ok, _ body: () async throws -> some Encodable) async throws -> Response {
        let response: Response
        do {
            let value = try await body()
            response = Response(status: status)
            try response.content.encode(value, using: JSONEncoder())
        } catch {
            let errors: [ErrorDTO]
            switch error {
            case let problem as Open311Problem:
                errors = [ErrorDTO(code: problem.code, description: problem.description)]
            case let fields as FieldErrors:
                errors = fields.entries.map { ErrorDTO(code: 400, description: "\($0.field): \($0.failure.message(in: request.language))") }
            case is DecodingError:
                errors = [ErrorDTO(code: 400, description: "the request could not be read")]
            default:
                throw error
            }
            let failed = Response(status: HTTPResponseStatus(statusCode: errors.first?.code ?? 400))
            try failed.content.encode(errors, using: JSONEncoder())
            failed.headers.contentType = .json
            return failed
        }
        response.headers.contentType = .json
        return response
    }

    /// The path's last component without its `.json`; `.xml` is not served.
    static func stripFormat(_ component: String) throws(Open311Problem) -> String {
        if component.hasSuffix(".json") { return String(component.dropLast(5)) }
        throw .format
    }

    /// The one jurisdiction an installation serves: its top region's 行政区划代码.
    static func checkJurisdiction(_ request: Request) async throws {
        let jurisdiction = request.query[String.self, at: "jurisdiction_id"] ?? (try? request.content.get(String.self, at: "jurisdiction_id"))
        guard let jurisdiction, !jurisdiction.isEmpty else { return }
        if try await jurisdiction != OrganisationStore.rootRegionCode(on: request.db) { throw Open311Problem.notFound("jurisdiction_id") }
    }

    static func services(_ request: Request) async throws -> Response {
        try await answering(request) {
            try await checkJurisdiction(request)
            let categories = try await HotlineStore.categories(on: request.db)
            let groups = Dictionary(categories.filter { $0.depth == 1 }.map { ($0.code, $0.name(in: request.language)) }, uniquingKeysWith: { first, _ in first })
            return categories.map { category in
                ServiceDTO(service_code: category.code, service_name: category.name(in: request.language), description: category.name(in: request.language),
                           metadata: true, type: "realtime", keywords: category.nameZh, group: groups[String(category.code.prefix(2))] ?? "")
            }
        }
    }

    static func definition(_ request: Request) async throws -> Response {
        try await answering(request) {
            try await checkJurisdiction(request)
            let code = try stripFormat(request.parameters.get("service") ?? "")
            guard try await HotlineStore.category(code: code, on: request.db) != nil else { throw Open311Problem.notFound("service_code") }
            let language = request.language
            return DefinitionDTO(service_code: code, attributes: [
                AttributeDTO(variable: true, code: "kind", datatype: "singlevaluelist", required: false, datatype_description: nil, order: 1,
                             description: Strings.text("hotline_kind", language),
                             values: TicketKind.allCases.map { .init(key: $0.rawValue, name: $0.title(in: language)) }),
                AttributeDTO(variable: true, code: "urgency", datatype: "singlevaluelist", required: false, datatype_description: nil, order: 2,
                             description: Strings.text("hotline_urgency", language),
                             values: TicketUrgency.allCases.map { .init(key: $0.rawValue, name: $0.title(in: language)) }),
                AttributeDTO(variable: true, code: "region", datatype: "string", required: false,
                             datatype_description: Strings.text("open311_region_hint", language), order: 3,
                             description: Strings.text("hotline_region", language), values: nil),
                AttributeDTO(variable: true, code: "publish", datatype: "singlevaluelist", required: false,
                             datatype_description: Strings.text("mailbox_publish_hint", language), order: 4,
                             description: Strings.text("hotline_consent_web", language),
                             values: [.init(key: "true", name: Strings.text("yes", language)), .init(key: "false", name: Strings.text("no", language))]),
            ])
        }
    }

    /// A client submits a service request; it is a ticket like any other, routed and clocked at once.
    static func submit(_ request: Request) async throws -> Response {
        try await answering(request, status: .created) {
            try await checkJurisdiction(request)
            let parameters = try parameters(request)
            guard let key = parameters["api_key"], !key.isEmpty,
                  let token = try await IdentityStore.activeToken(secret: key, now: request.now, on: request.db),
                  token.scopeList.contains(APIScope.hotlineFile.rawValue)
            else { throw Open311Problem.apiKey }
            let draft = try Open311.draft(parameters)
            let ticket = try await HotlineViews.validate(draft, contactRequired: false, on: request.db)
            let unit = try await token.$unit.get(on: request.db)
            let actor = AuditActor(accountID: nil, name: "token:\(token.name)", role: nil, unitID: unit?.id, unitPath: unit?.path,
                                   requestID: request.logger[metadataKey: "request-id"].map { "\($0)" }, clientAddress: request.clientAddress)
            let calendar = try await request.workCalendar()
            let now = request.now
            let number = try await request.reserveTicketNumber()
            let codeKey = request.govhall.queryCodeKey
            let (record, code) = try await request.write { db in
                try await HotlineStore.file(ticket, intake: .init(channel: .open311), number: number, by: actor, calendar: calendar, now: now,
                                            queryCodeKey: codeKey, on: db)
            }
            return [CreatedDTO(service_request_id: record.number, service_notice: Strings.format("open311_notice", request.language, ["code": code]),
                               account_id: nil)]
        }
    }

    /// A form (`application/x-www-form-urlencoded`, as the specification posts) or a JSON object of strings. The form is
    /// read flat, so that `attribute[kind]` stays one name as the specification means it, not a nested value.
    static func parameters(_ request: Request) throws(Open311Problem) -> [String: String] {
        let body = request.body.string ?? ""
        if request.headers.contentType == .urlEncodedForm {
            var values: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
                }
                guard let name = parts.first ?? nil, !name.isEmpty else { throw .invalid("the request body must be form-encoded parameters") }
                values[name] = String(((parts.count > 1 ? parts[1] : "") ?? "").prefix(5000))
            }
            return values
        }
        if request.headers.contentType == .json, let values = try? JSONDecoder().decode([String: String].self, from: Data(body.utf8)) {
            return values.mapValues { String($0.prefix(5000)) }
        }
        throw .invalid("the request body must be form-encoded parameters")
    }

    static func list(_ request: Request) async throws -> Response {
        try await answering(request) {
            try await checkJurisdiction(request)
            let query = HotlineStore.listed(on: request.db)
            if let ids = request.query[String.self, at: "service_request_id"], !ids.isEmpty {
                let numbers = ids.split(separator: ",").prefix(100).compactMap { TicketNumber.parse(String($0)) }
                query.filter(\.$number ~~ numbers)
            } else {
                if let code = request.query[String.self, at: "service_code"], !code.isEmpty {
                    query.filter(\.$categoryCode ~~ code.split(separator: ",").prefix(50).map(String.init))
                }
                let now = request.now
                let end = try date(request, "end_date") ?? now
                let start = try date(request, "start_date") ?? end.addingTimeInterval(-90 * 86_400)
                guard start <= end else { throw Open311Problem.invalid("start_date must not be after end_date") }
                query.filter(\.$receivedAt >= start).filter(\.$receivedAt <= end)
                if let status = request.query[String.self, at: "status"], !status.isEmpty {
                    switch status {
                    case "open": query.filter(\.$state ~~ [TicketState.received, .assigned, .returned].map(\.rawValue))
                    case "closed": query.filter(\.$state ~~ [TicketState.replied, .closed].map(\.rawValue))
                    default: throw Open311Problem.invalid("status is open or closed")
                    }
                }
            }
            let records = try await query.sort(\.$receivedAt, .descending).limit(1000).all()
            return try await dtos(records, request: request)
        }
    }

    static func one(_ request: Request) async throws -> Response {
        try await answering(request) {
            try await checkJurisdiction(request)
            let id = try stripFormat(request.parameters.get("request") ?? "")
            guard let record = try await HotlineStore.ticket(number: id, on: request.db),
                  Open311.isListed(kind: record.ticketKind, published: record.publishedAt != nil)
            else { throw Open311Problem.notFound("service_request_id") }
            return try await dtos([record], request: request)
        }
    }

    /// Dates as W3C date-times (`2026-12-01T08:00:00+08:00`) or plain dates (Beijing midnight).
    static func date(_ request: Request, _ name: String) throws(Open311Problem) -> Date? {
        guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        if let day = CivilDate(String(text.prefix(10))), text.count == 10, (1900...9999).contains(day.year) { return day.startInBeijing }
        throw .invalid("\(name) must be a W3C date-time such as 2026-12-01T08:00:00+08:00")
    }

    static func dtos(_ records: [TicketRecord], request: Request) async throws -> [RequestDTO] {
        let categories = try await HotlineViews.categoryNames(request.language, on: request.db)
        return records.filter { Open311.isListed(kind: $0.ticketKind, published: $0.publishedAt != nil) }.map { record in
            RequestDTO(
                service_request_id: record.number, status: Open311.status(of: record.ticketState),
                status_notes: record.publishedReply ?? record.ticketState.title(in: request.language),
                service_name: categories[record.categoryCode] ?? record.categoryCode, service_code: record.categoryCode,
                description: record.publishedDescription, agency_responsible: record.unitName, service_notice: nil,
                requested_datetime: BeijingTime.iso8601(record.receivedAt), updated_datetime: BeijingTime.iso8601(record.updatedAt),
                expected_datetime: record.ticketState == .assigned ? record.dueAt.map(BeijingTime.iso8601) : nil,
                address: record.publishedAddress, address_id: nil, zipcode: nil,
                lat: record.latitude.map(Open311.publicCoordinate), long: record.longitude.map(Open311.publicCoordinate), media_url: nil)
        }
    }
}
