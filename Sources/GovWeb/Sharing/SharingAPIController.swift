import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The sharing area as JSON (`/api/v1/sharing/…`, `/api/v1/exchange/…`): the catalog as DCAT-AP, requests, and the
/// exchange itself.
enum SharingAPIController {
    /// The catalog is for government: staff signed in, or an agency system with `exchange:query`.
    static func requireGovernmentCaller(_ request: Request) throws {
        switch request.caller {
        case let .person(principal, _):
            guard principal.kind == .staff else { throw AppError.forbidden }
        case let .machine(client):
            guard client.scopes.contains(.exchangeQuery) else { throw AppError.forbidden }
        case nil:
            throw AppError.notSignedIn
        }
    }

    /// The catalog in DCAT-AP 2 as JSON-LD: each resource a `dcat:Dataset` with its publisher, periodicity, access
    /// rights and a distribution (the exchange endpoint, or a file), its fields as a `dct:conformsTo` schema.
    static func dcat(_ request: Request) async throws -> Response {
        try requireGovernmentCaller(request)
        let base = request.govhall.config.publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let units = try await OrganisationStore.names(.zhHans, on: request.db)
        let unitCodes = try await SharingStore.unitCodes(on: request.db)
        let datasets: [[String: Any]] = try await SharingStore.catalog(on: request.db).map { record in
            let definition = record.definition
            let code = definition.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? definition.code
            let rights: String
            switch definition.sharingClass {
            case .unconditional: rights = "PUBLIC"
            case .conditional: rights = "RESTRICTED"
            case .notShared: rights = "NON_PUBLIC"
            }
            var dataset: [String: Any] = [
                "@id": "\(base)/api/v1/sharing/resources/\(code)",
                "@type": "dcat:Dataset",
                "dct:identifier": definition.code,
                "dct:title": ["@language": "zh-Hans", "@value": definition.name],
                "dct:description": ["@language": "zh-Hans", "@value": definition.description],
                "dct:publisher": ["@type": "foaf:Organization", "foaf:name": units[record.unitID] ?? "", "dct:identifier": unitCodes[record.unitID] ?? ""],
                "dct:accrualPeriodicity": ["@id": definition.frequency.dublinCoreFrequency],
                "dct:accessRights": ["@id": "http://publications.europa.eu/resource/authority/access-right/\(rights)"],
                "dct:modified": ["@type": "xsd:dateTime", "@value": BeijingTime.iso8601(record.updatedAt)],
                "govhall:sharingClass": definition.sharingClass.rawValue,
                "govhall:fields": definition.fields.map { field -> [String: Any] in
                    var value: [String: Any] = ["name": field.name, "title": field.title, "type": field.type.rawValue, "personal": field.personal, "sensitive": field.sensitive]
                    if let length = field.length { value["length"] = length }
                    if !field.meaning.isEmpty { value["meaning"] = field.meaning }
                    return value
                },
                "dcat:distribution": [[
                    "@type": "dcat:Distribution",
                    "dcat:accessURL": ["@id": definition.provision == .exchange ? base + Paths.api.exchange(definition.code) : "\(base)/api/v1/sharing/resources/\(code)"],
                    "dct:format": ["@id": "http://publications.europa.eu/resource/authority/file-type/JSON"],
                ]],
            ]
            if let basis = definition.legalBasis { dataset["dct:rights"] = ["@type": "dct:RightsStatement", "rdfs:label": basis] }
            return dataset
        }
        let document: [String: Any] = [
            "@context": [
                "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#", "govhall": "\(base)/ns/sharing#",
            ],
            "@id": base + Paths.api.sharingCatalog(),
            "@type": "dcat:Catalog",
            "dct:title": ["@language": "zh-Hans", "@value": "政务信息资源目录"],
            "dcat:dataset": datasets,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "ld+json", parameters: ["charset": "utf-8"])
        return response
    }

    static func catalogCSV(_ request: Request) async throws -> Response {
        try requireGovernmentCaller(request)
        return try await SharingWorkController.csv(request)
    }

    // MARK: Requests

    struct NewRequest: Content {
        var resource: String
        var fields: [String]
        var purposeCode: String
        var purpose: String
        var legalBasis: String
        var days: Int
    }

    struct RequestStatus: Content {
        var id: String
        var number: String
        var resource: String
        var state: String
        var stateTitle: String
        var fields: [String]
        var purposeCode: String
        var receivedAt: Date
        var replyDue: Date?
        var decidedAt: Date?
        var reason: String?
        var grant: GrantDTO?
    }

    struct GrantDTO: Content {
        var fields: [String]
        var purposeCode: String
        var validUntil: Date
        var active: Bool
    }

    /// The steward a request acts for: signed in, or a token with `sharing:act` issued by one.
    static func stewardPrincipal(_ request: Request) async throws -> Principal {
        switch request.caller {
        case let .person(principal, _):
            return principal
        case let .machine(client):
            guard client.scopes.contains(.sharingAct), let accountID = client.actingAccountID,
                  let principal = try await IdentityStore.principal(accountID: accountID, on: request.db)
            else { throw AppError.forbidden }
            return principal
        case nil:
            throw AppError.notSignedIn
        }
    }

    static func status(_ record: SharingRequestRecord, code: String, on database: any Database, language: Language, now: Date) async throws -> RequestStatus {
        let grant = try await SharingStore.grant(of: record, on: database)
        return RequestStatus(
            id: try record.requireID().uuidString.lowercased(), number: record.number, resource: code, state: record.state,
            stateTitle: record.requestState.title(in: language), fields: record.application?.fields ?? [], purposeCode: record.application?.purposeCode ?? "",
            receivedAt: record.receivedAt, replyDue: record.replyDue, decidedAt: record.decidedAt, reason: record.reason,
            grant: grant.map { GrantDTO(fields: $0.fields, purposeCode: $0.purposeCode, validUntil: $0.validUntil, active: $0.terms.isActive(at: now)) })
    }

    static func fileRequest(_ request: Request) async throws -> Response {
        let principal = try await stewardPrincipal(request)
        guard SharingPolicy.isSteward(principal) else { throw AppError.forbidden }
        let body = try request.content.decode(NewRequest.self)
        guard let resource = try await SharingStore.resource(code: String(body.resource.prefix(40)), on: request.db) else { throw AppError.notFound }
        let application = try SharingRules.validate(
            fields: body.fields, purposeCode: body.purposeCode, purpose: body.purpose, legalBasis: body.legalBasis, days: String(body.days),
            for: resource.definition)
        let actor = request.auditActor(role: .dataSteward)
        let calendar = try await request.workCalendar()
        let now = request.now
        let record = try await request.write { db in
            try await SharingStore.file(application, for: resource, principal: principal, by: actor, calendar: calendar, now: now, on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(try await status(record, code: resource.code, on: request.db, language: request.language, now: now), as: .json)
        return response
    }

    static func showRequest(_ request: Request) async throws -> RequestStatus {
        let principal = try await stewardPrincipal(request)
        let number = String((request.parameters.get("number") ?? "").prefix(40))
        guard let record = try await SharingStore.request(number: number, on: request.db), SharingPolicy.canRead(principal, record.scope),
              let resource = try await SharingStore.resource(id: record.resourceID, on: request.db)
        else { throw AppError.notFound }
        return try await status(record, code: resource.code, on: request.db, language: request.language, now: request.now)
    }

    // MARK: The exchange

    struct ExchangeResult: Content {
        var resource: String
        var fields: [String]
        var count: Int
        var records: [[String: String]]
        /// The line of the access log that records this call.
        var accessLogSequence: Int
    }

    /// What every exchange call states: the token's unit as the caller, the purpose, case and end user from the headers.
    static func exchangeCall(_ request: Request) throws -> (ExchangeCall, ExchangeCaller) {
        guard case let .machine(client) = request.caller else {
            throw request.caller == nil ? AppError.notSignedIn : AppError.forbidden
        }
        guard client.scopes.contains(.exchangeQuery), let unitID = client.unitID, let unitPath = client.unitPath else { throw AppError.forbidden }
        func header(_ name: String) -> String? {
            request.headers.first(name: name).map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let fieldsText = request.query[String.self, at: "fields"].map { String($0.prefix(2000)) }
        let fields = fieldsText.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty } }
        let call = ExchangeCall(
            callerUnitPath: unitPath, purposeCode: header("X-GovHall-Purpose")?.lowercased(), issue: header("X-GovHall-Issue"),
            endUser: header("X-GovHall-User"), fields: fields.flatMap { $0.isEmpty ? nil : $0 })
        return (call, ExchangeCaller(unitID: unitID, unitPath: unitPath, clientName: client.name))
    }

    /// A refusal is a 403 with its reason (400 for what the caller left out), and is logged like a served call.
    static func refusal(_ decision: ExchangeDecision) -> (any Error)? {
        switch decision {
        case .served: nil
        case .refused(.unknownResource): AppError.notFound
        case let .refused(reason): reason.isCallerMistake ? AppError.rejected(reason) : AppError.rejectedForbidden(reason)
        }
    }

    /// One exchange call, for the records about one subject.
    static func query(_ request: Request) async throws -> Response {
        let (call, caller) = try exchangeCall(request)
        let code = String((request.parameters.get("code") ?? "").prefix(40))
        let subject = request.query[String.self, at: "subject"]
        let now = request.now
        let answer = try await request.write { db in
            try await ExchangeStore.query(resourceCode: code, subject: subject, call: call, caller: caller, now: now, on: db)
        }
        if let refusal = refusal(answer.decision) { throw refusal }
        let response = Response(status: .ok)
        try response.content.encode(
            ExchangeResult(resource: code.uppercased(), fields: answer.fields, count: answer.records.count, records: answer.records,
                           accessLogSequence: answer.logSequence), as: .json)
        return response
    }

    /// A resource provided as a file, as CSV: up to ``ExchangeStore/fileLimit`` records per part; `X-GovHall-Next-After`
    /// names where the next part starts (`?after=`).
    static func file(_ request: Request) async throws -> Response {
        let (call, caller) = try exchangeCall(request)
        let code = String((request.parameters.get("code") ?? "").prefix(40))
        let after = request.query[String.self, at: "after"]
        let now = request.now
        let (answer, next) = try await request.write { db in
            try await ExchangeStore.file(resourceCode: code, after: after, call: call, caller: caller, now: now, on: db)
        }
        if let refusal = refusal(answer.decision) { throw refusal }
        let response = CSV.response(header: answer.fields, rows: answer.records.map { record in answer.fields.map { record[$0] ?? "" } },
                                    filename: "\(code.uppercased().replacingOccurrences(of: "/", with: "-")).csv")
        response.headers.replaceOrAdd(name: "X-GovHall-Access-Log", value: String(answer.logSequence))
        if let next { response.headers.replaceOrAdd(name: "X-GovHall-Next-After", value: next) }
        return response
    }
}

extension ExchangeRefusal {
    /// A call missing what every call must state is a bad request (400); the rest are refusals of access (403).
    var isCallerMistake: Bool {
        switch self {
        case .missingPurpose, .missingIssue, .missingEndUser, .missingSubject, .unknownField, .notAFile: true
        default: false
        }
    }
}
