import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The disclosure catalogue and requests for disclosure as JSON (`/api/v1/disclosure/…`).
enum DisclosureAPIController {
    struct ItemSummary: Content {
        var id: String
        var indexNumber: String
        var title: String
        var documentNumber: String
        var unit: String
        var category: String
        var writtenOn: String
        var publishedAt: Date?
        var validity: String
        var withdrawn: Bool
        var url: String
    }

    struct ItemPage: Content {
        var total: Int
        var totalIsAtLeast: Bool
        var page: Int
        var items: [ItemSummary]
    }

    struct ItemDetail: Content {
        var item: ItemSummary
        var issuer: String
        var subjectWords: [String]
        var body: String?
        var withdrawnReason: String?
        var version: Int
        var attachments: [Attachment]
    }

    struct Attachment: Content {
        var name: String
        var mediaType: String
        var size: Int
        var url: String
    }

    static func summary(_ item: DisclosureItem, units: [UUID: String], categories: [DisclosureCategory]) throws -> ItemSummary {
        let id = try item.requireID().uuidString.lowercased()
        return ItemSummary(
            id: id, indexNumber: item.indexNumber ?? "", title: item.title, documentNumber: item.documentNumber, unit: units[item.unitID] ?? "",
            category: item.categoryCode, writtenOn: item.writtenOnText, publishedAt: item.publishedAt, validity: item.validity,
            withdrawn: item.status.publication == .withdrawn, url: Paths.disclosure.item(try item.requireID()))
    }

    static func items(_ request: Request) async throws -> ItemPage {
        let categories = try await DisclosureStore.categories(on: request.db)
        let units = try await DisclosurePortalController.publishingUnits(on: request.db)
        let parsed = DisclosurePortalController.parse(request, categories: categories, units: units)
        guard parsed.problems.isEmpty else {
            throw AppError.rejected(FieldProblem.invalid)
        }
        let pageSize = DisclosurePortalController.pageSize
        let results = try await DisclosureSearch.search(parsed.query, filter: parsed.filter, offset: (parsed.page - 1) * pageSize, limit: pageSize, on: request.db)
        let names = Dictionary(units.map { ($0.id, $0.nameZh) }, uniquingKeysWith: { first, _ in first })
        return ItemPage(total: results.total, totalIsAtLeast: results.totalIsAtLeast, page: parsed.page,
                        items: try results.items.map { try summary($0, units: names, categories: categories) })
    }

    static func item(_ request: Request) async throws -> ItemDetail {
        guard let raw = request.parameters.get("itemID"), let id = UUID(uuidString: raw),
              let item = try await DisclosureStore.findPublic(id, on: request.db), let number = item.publishedVersion,
              let version = try await DisclosureStore.version(number, of: id, on: request.db)
        else { throw AppError.notFound }
        let draft = try version.draft()
        let unit = try await OrganisationStore.unit(id: item.unitID, on: request.db)
        let withdrawn = item.status.publication == .withdrawn
        let attachments = withdrawn ? [] : try await DisclosureStore.attachments(of: id, version: number, on: request.db)
        return ItemDetail(
            item: try summary(item, units: [item.unitID: unit?.nameZh ?? ""], categories: []), issuer: draft.issuer.isEmpty ? unit?.nameZh ?? "" : draft.issuer,
            subjectWords: draft.subjectWords, body: withdrawn ? nil : draft.body, withdrawnReason: item.withdrawnReason, version: number,
            attachments: try attachments.map {
                Attachment(name: $0.fileName, mediaType: $0.mediaType, size: $0.size, url: Paths.disclosure.itemAttachment(id, try $0.requireID()))
            })
    }

    struct NewRequest: Content {
        var unitID: UUID
        var kind: String
        var contactPerson: String?
        var phone: String
        var email: String?
        var address: String?
        var description: String
        var form: String
        var delivery: String
    }

    struct RequestStatus: Content {
        var number: String
        var queryCode: String?
        var state: String
        var stateTitle: String
        var receivedAt: Date
        var replyDue: Date?
        var extended: Bool
        var outcome: String?
        var outcomeTitle: String?
        var answeredAt: Date?
    }

    static func status(_ record: DisclosureRequestRecord, queryCode: String?, language: Language) -> RequestStatus {
        RequestStatus(
            number: record.number, queryCode: queryCode, state: record.state, stateTitle: record.requestState.title(in: language), receivedAt: record.receivedAt,
            replyDue: record.replyDue, extended: record.extended, outcome: record.outcome, outcomeTitle: record.responseOutcome?.title(in: language),
            answeredAt: record.answeredAt)
    }

    /// Files a request in the name of the signed-in citizen or enterprise.
    static func file(_ request: Request) async throws -> Response {
        let principal = try await request.casePrincipal()
        guard DisclosureAccess.requestsOnline(principal), let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else {
            throw AppError.forbidden
        }
        let body = try request.content.decode(NewRequest.self)
        let fields = [
            "kind": body.kind, "contact_person": body.contactPerson ?? "", "phone": body.phone, "email": body.email ?? "", "address": body.address ?? "",
            "description": body.description, "form": body.form, "delivery": body.delivery,
        ]
        let application = try DisclosureRequestController.application(from: fields, account: account)
        let calendar = try await request.workCalendar()
        let now = request.now
        let actor = request.auditActor(role: .applicant)
        let edition = request.application.govhall.config.disclosureRegulations
        let unitID = body.unitID
        let (record, code) = try await request.write { db in
            try await DisclosureRequestStore.file(application, to: unitID, channel: .online(accountID: principal.accountID), principal: principal, by: actor,
                                                  regulations: edition, regionCode: try await OrganisationStore.rootRegionCode(on: db), calendar: calendar, now: now,
                                                  queryCodeKey: request.govhall.queryCodeKey, on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(status(record, queryCode: code, language: request.language), as: .json)
        return response
    }

    /// A request's status by its number and query code, as on the tracking page.
    static func track(_ request: Request) async throws -> RequestStatus {
        let number = String((request.parameters.get("number") ?? "").prefix(40))
        let code = String((request.query[String.self, at: "code"] ?? "").prefix(12))
        guard let record = try await request.lookUpByQueryCode(.disclosureRequest, number: number, { db in
            code.isEmpty ? nil : try await DisclosureRequestStore.track(number: number, queryCode: code, key: request.govhall.queryCodeKey, on: db)
        }) else { throw AppError.notFound }
        return status(record, queryCode: nil, language: request.language)
    }
}
