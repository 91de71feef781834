import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The approval hall under `/api/v1`: the same operations as the pages, for machine clients and apps.
enum ApprovalAPIController {
    struct MatterSummary: Content {
        var code: String
        var name: String
        var nameEn: String
        var kind: String
        var onlineDepth: String
        var statutoryDays: Int
        var promisedDays: Int
        var version: Int
    }

    static func matters(_ request: Request) async throws -> [MatterSummary] {
        let filter = MatterStore.Filter(
            lifeEvent: (request.query[String.self, at: "event"]).flatMap(LifeEvent.init(rawValue:)),
            text: request.query[String.self, at: "q"].map { String($0.prefix(100)) })
        let matters = try await MatterStore.list(filter, on: request.db)
        let versions = try await MatterStore.current(of: matters, on: request.db)
        var rows: [MatterSummary] = []
        for matter in matters {
            guard let definition = try versions[matter.requireID()]?.definition else { continue }
            rows.append(MatterSummary(
                code: matter.code, name: definition.nameZh, nameEn: definition.nameEn, kind: definition.kind.rawValue,
                onlineDepth: definition.onlineDepth.rawValue, statutoryDays: definition.statutoryDays,
                promisedDays: definition.promisedDays, version: matter.currentVersion))
        }
        return rows
    }

    static func matter(_ request: Request) async throws -> Response {
        let (_, definition) = try await CatalogController.load(request)
        let response = Response(status: .ok)
        try response.content.encode(definition, as: .json)
        return response
    }

    struct MaterialUpload: Content {
        var key: String
        var fileName: String
        var contentBase64: String
    }

    struct NewCase: Content {
        var matterCode: String
        var form: [String: String]
        var materials: [MaterialUpload]?
    }

    struct CaseStatus: Content {
        var id: String
        var trackingNumber: String
        var queryCode: String?
        var matterCode: String
        var state: String
        var stateTitle: String
        var light: String
        var workingDaysLeft: Int?
        var receivedAt: String
        var acceptanceDue: String
        var promisedDue: String?
        var statutoryDue: String?
        var version: Int
        var allowedActions: [String]
        var certificates: [String]
    }

    /// Files an application for the caller (a signed-in applicant, or a `cases:act` token issued for one).
    static func submit(_ request: Request) async throws -> Response {
        let principal = try await request.casePrincipal()
        guard CaseAccess.filesOnline(principal), let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else {
            throw AppError.forbidden
        }
        let body = try request.content.decode(NewCase.self)
        guard let matter = try await MatterStore.matter(code: String(body.matterCode.prefix(40)), on: request.db) else { throw AppError.notFound }
        let files = try decode(body.materials ?? [])
        let applicant = ApplicantDetails(account: account)
        let filed = try await CatalogController.submit(request, matter: matter, form: body.form, files: files, applicant: applicant, channel: .online)
        let facts = try await CaseStore.listingFacts(ofFiled: filed, matter: matter, on: request.db)
        // The query code is in this answer only: the case keeps its hash.
        let status = try status(
            of: filed.row, facts: facts, for: principal, calendar: try await request.workCalendar(), request: request, queryCode: filed.queryCode)
        let response = Response(status: .created)
        try response.content.encode(status, as: .json)
        return response
    }

    static func decode(_ uploads: [MaterialUpload]) throws -> [CheckedFile] {
        var errors = FieldErrors()
        var files: [CheckedFile] = []
        guard uploads.count <= 20 else { throw FieldErrors.single("materials", FieldProblem.invalid) }
        for upload in uploads {
            let field = "material_\(upload.key)"
            guard let data = Data(base64Encoded: upload.contentBase64, options: .ignoreUnknownCharacters) else {
                errors.add(field, FieldProblem.invalid)
                continue
            }
            do {
                files.append(CheckedFile(materialKey: upload.key, upload: try UploadPolicy.check(data: data, declaredName: upload.fileName), bytes: Array(data)))
            } catch {
                errors.add(field, error)
            }
        }
        try errors.throwIfAny()
        return files
    }

    static func show(_ request: Request) async throws -> CaseStatus {
        let principal = try await request.casePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        guard let row = try await CaseStore.row(id, visibleTo: principal, on: request.db) else { throw AppError.notFound }
        return try await status(of: row, for: principal, request: request, queryCode: nil)
    }

    /// A page of the caller's cases (an applicant's own, newest first; staff's inbox, most urgent first), at most
    /// `limit`; when there are more, a `Link: <…>; rel="next"` header gives the next page's address (RFC 8288).
    static func list(_ request: Request) async throws -> Response {
        let principal = try await request.casePrincipal()
        let (limit, after) = try request.casePage(defaultLimit: 50)
        let page = CaseAccess.listsOwnCases(principal)
            ? try await CaseStore.cases(ofApplicant: principal.accountID, after: after, limit: limit, on: request.db)
            : try await CaseStore.inbox(for: principal, filter: CaseStore.InboxFilter(limit: limit, after: after), on: request.db)
        let response = Response(status: .ok)
        try response.content.encode(try await statuses(of: page.rows, for: principal, request: request), as: .json)
        if let next = page.next {
            response.headers.replaceOrAdd(name: .link, value: "<\(Paths.api.cases(query: ["limit": "\(limit)", "after": next.text]))>; rel=\"next\"")
        }
        return response
    }

    static func uploadMaterial(_ request: Request) async throws -> CaseStatus {
        let principal = try await request.casePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let files = try decode([try request.content.decode(MaterialUpload.self)])
        let actor = request.auditActor(role: CaseAccess.materialRole(principal))
        let now = request.now
        try await request.write { db in
            try await CaseStore.addMaterials(files, to: id, principal: principal, by: actor, now: now, on: db)
        }
        return try await show(request)
    }

    struct ActionRequest: Content {
        var action: String
        var version: Int?
        var reason: String?
        var items: [String]?
        var note: String?
        var procedure: String?
        var expectedEnd: String?
        var notice: String?
        var days: Int?
        var outcome: String?
        var reasons: String?
    }

    static func act(_ request: Request) async throws -> CaseStatus {
        let principal = try await request.casePrincipal()
        let id = try UUID.parameter("caseID", of: request)
        let body = try request.content.decode(ActionRequest.self)
        guard let kind = CaseActionKind(rawValue: body.action), kind != .deemAccepted else {
            throw FieldErrors.single("action", FieldProblem.invalid)
        }
        var fields: [String: String] = [:]
        fields["reason"] = body.reason
        fields["items"] = body.items?.joined(separator: "\n")
        fields["note"] = body.note
        fields["procedure"] = body.procedure
        fields["expected_end"] = body.expectedEnd
        fields["notice"] = body.notice
        fields["days"] = body.days.map(String.init)
        fields["outcome"] = body.outcome
        fields["reasons"] = body.reasons
        let action = try CaseActionForm.action(kind, fields: fields)
        let context = try await request.application.caseContext()
        let actor = request.auditActor(role: CaseAccess.recordedRole(for: kind, principal))
        do {
            try await request.write { db in
                try await CaseStore.act(action, on: id, principal: principal, expectedVersion: body.version, by: actor, context: context, on: db)
            }
        } catch CaseStoreError.changedSinceRead {
            throw AppError.conflict
        }
        return try await show(request)
    }

    struct TrackStatus: Content {
        var trackingNumber: String
        var matter: String
        var state: String
        var stateTitle: String
        var light: String
        var workingDaysLeft: Int?
        var receivedAt: String
        var events: [String]
    }

    static func track(_ request: Request) async throws -> TrackStatus {
        let number = request.query[String.self, at: "number"] ?? ""
        let code = request.query[String.self, at: "code"] ?? ""
        guard number.count <= 40, code.count <= 12,
              let record = try await request.lookUpByQueryCode(.approvalCase, number: number, { try await CaseStore.progress(trackingNumber: number, queryCode: code, key: request.govhall.queryCodeKey, on: $0) })
        else { throw AppError.notFound }
        let language = request.language
        let (light, left) = (try? CaseRules.light(for: record.snapshot, at: request.now, calendar: try await request.workCalendar())) ?? (.none, nil)
        return TrackStatus(
            trackingNumber: record.row.trackingNumber, matter: record.definition.name(in: language), state: record.row.state,
            stateTitle: record.row.caseState.title(in: language), light: light.rawValue, workingDaysLeft: left,
            receivedAt: BeijingTime.iso8601(record.row.receivedAt),
            events: record.events.map { "\(BeijingTime.iso8601($0.at)) \(CaseViews.actionTitle($0.action, language: language))" })
    }

    struct VerifyResult: Content {
        var verdict: String
        var message: String
        var checked: String?
        var certificate: PublicCertificateDTO?
    }

    /// The public view of a certificate: the holder and every personal datum in the scope masked.
    struct PublicCertificateDTO: Content {
        var number: String
        var title: String
        var issuer: String
        var holderName: String
        var holderIdentifier: String
        var scope: String
        var validFrom: String
        var validUntil: String?
        var issuedOn: String

        init(_ certificate: PublicCertificate) {
            number = certificate.number
            title = certificate.title
            issuer = certificate.issuer
            holderName = certificate.holderName
            holderIdentifier = certificate.holderIdentifier
            scope = certificate.scope
            validFrom = certificate.validFrom.description
            validUntil = certificate.validUntil?.description
            issuedOn = certificate.issuedOn.description
        }
    }

    /// A number needs its 核验码 (`check`); QR text does not. A wrong or missing code reads as an unknown number.
    static func verify(_ request: Request) async throws -> VerifyResult {
        guard let code = request.query[String.self, at: "code"], !code.isEmpty, code.count <= CertificateCodec.maximumTextLength else {
            throw FieldErrors.single("code", FieldProblem.required)
        }
        let check = request.query[String.self, at: "check"].map { String($0.prefix(64)) }
        let result = try await CertificateStore.verify(
            code, checkCode: check, keyring: request.govhall.keyring, today: CivilDate.beijing(request.now), on: request.db)
        return VerifyResult(
            verdict: PublicCheckController.verdictCode(result.verdict), message: result.verdict.title(in: request.language),
            checked: result.basis?.rawValue, certificate: result.certificate.map(PublicCertificateDTO.init))
    }

    /// A case's status; `queryCode` is the code just given at filing (the case keeps only its hash), `nil` afterwards.
    static func status(of row: ApprovalCase, for principal: Principal, request: Request, queryCode: String?) async throws -> CaseStatus {
        let facts = try await CaseStore.listingFacts(of: [row], on: request.db)
        return try status(of: row, facts: facts, for: principal, calendar: try await request.workCalendar(), request: request, queryCode: queryCode)
    }

    /// The statuses of a page of cases, with what they need read in three queries rather than three per case.
    static func statuses(of rows: [ApprovalCase], for principal: Principal, request: Request) async throws -> [CaseStatus] {
        let facts = try await CaseStore.listingFacts(of: rows, on: request.db)
        let calendar = try await request.workCalendar()
        return try rows.map { try status(of: $0, facts: facts, for: principal, calendar: calendar, request: request, queryCode: nil) }
    }

    private static func status(
        of row: ApprovalCase, facts: CaseStore.ListingFacts, for principal: Principal, calendar: WorkCalendar, request: Request, queryCode: String?
    ) throws -> CaseStatus {
        let id = try row.requireID()
        let snapshot = try row.snapshot()
        let (light, left) = (try? CaseRules.light(for: snapshot, at: request.now, calendar: calendar)) ?? (.none, nil)
        var allowed = Set<String>()
        if let definition = facts.definitions[row.$matterVersion.id] {
            for actor in CaseAccess.actors(principal, on: row.scope) {
                allowed.formUnion(CaseRules.allowedActions(for: snapshot, by: actor, at: request.now, settings: definition.clockSettings))
            }
        }
        return CaseStatus(
            id: id.uuidString.lowercased(), trackingNumber: row.trackingNumber, queryCode: queryCode,
            matterCode: facts.matterCodes[row.$matter.id] ?? "", state: row.state, stateTitle: row.caseState.title(in: request.language),
            light: light.rawValue, workingDaysLeft: left, receivedAt: BeijingTime.iso8601(row.receivedAt),
            acceptanceDue: BeijingTime.iso8601(snapshot.acceptanceDue), promisedDue: snapshot.promisedDue.map(BeijingTime.iso8601),
            statutoryDue: snapshot.statutoryDue.map(BeijingTime.iso8601), version: row.version, allowedActions: allowed.sorted(),
            certificates: (facts.certificates[id] ?? []).map(\.signedText))
    }
}

extension Request {
    /// The person a case API call acts for: the signed-in person, or the account a `cases:act` token was issued for.
    func casePrincipal() async throws -> Principal {
        switch caller {
        case let .person(principal, _):
            return principal
        case let .machine(client):
            guard client.scopes.contains(.casesAct), let accountID = client.actingAccountID,
                  let principal = try await IdentityStore.principal(accountID: accountID, on: db)
            else { throw AppError.forbidden }
            return principal
        case nil:
            throw AppError.notSignedIn
        }
    }
}
