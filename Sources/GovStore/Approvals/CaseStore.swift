import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Why the store refused a case operation (the rules' own refusals come as ``CaseError``).
public enum CaseStoreError: Error, Equatable {
    /// No such case, or not one the caller may see: the two are not told apart.
    case notFound
    /// The caller may see the case but holds no role that may take this action on it.
    case forbidden
    /// Someone acted on the case after the caller read it.
    case changedSinceRead
    /// A fee other than the published standard needs a recorded reason.
    case feeDiffers(FeeCheck)
    case feeItemUnknown
}

/// A file already checked by ``UploadPolicy``, with its bytes.
public struct CheckedFile: Sendable {
    public var materialKey: String
    public var upload: AcceptedUpload
    public var bytes: [UInt8]

    public init(materialKey: String, upload: AcceptedUpload, bytes: [UInt8]) {
        self.materialKey = materialKey
        self.upload = upload
        self.bytes = bytes
    }
}

/// Who applies: taken from the account online, typed in by the clerk at a window.
public struct ApplicantDetails: Sendable, Equatable {
    public var accountID: UUID?
    public var kind: AccountKind
    public var name: String
    public var identifier: String
    public var phone: String?

    public init(accountID: UUID?, kind: AccountKind, name: String, identifier: String, phone: String?) {
        self.accountID = accountID
        self.kind = kind
        self.name = name
        self.identifier = identifier
        self.phone = phone
    }
}

/// Everything about one case a page needs.
public struct CaseRecord: Sendable {
    public var row: ApprovalCase
    public var snapshot: CaseSnapshot
    public var matter: Matter
    public var definition: MatterDefinition
    /// The matter version the case was filed under.
    public var matterVersion: Int
    public var department: OrganisationUnit
    public var events: [CaseEvent]
    public var materials: [CaseMaterial]
    public var fees: [FeeRecord]
    public var certificates: [IssuedCertificate]
    public var bundle: CaseBundle?
}

/// The environment every case operation needs.
public struct CaseContext: Sendable {
    public var calendar: WorkCalendar
    /// The city's 行政区划代码, the first six digits of every tracking number.
    public var regionCode: String
    public var keyring: CertificateKeyring
    /// Turns a case's or bundle's query code into what is stored (issue 20, item 8).
    public var queryCodeKey: QueryCodeKey
    public var now: Date

    public init(calendar: WorkCalendar, regionCode: String, keyring: CertificateKeyring, queryCodeKey: QueryCodeKey, now: Date) {
        self.calendar = calendar
        self.regionCode = regionCode
        self.keyring = keyring
        self.queryCodeKey = queryCodeKey
        self.now = now
    }
}

/// A case as the public tracking answer shows it.
public struct CaseProgress: Sendable {
    public var row: ApprovalCase
    public var snapshot: CaseSnapshot
    public var definition: MatterDefinition
    public var events: [CaseEvent]
}

/// A case just filed, with its query code as given: only its hash is stored, so this is the one time it is seen (the
/// filing's answer, the applicant's confirmation, the clerk's intake page).
public struct FiledCase: Sendable {
    public var row: ApprovalCase
    public var queryCode: String

    public init(row: ApprovalCase, queryCode: String) {
        self.row = row
        self.queryCode = queryCode
    }
}

public enum CaseStore {
    // MARK: Receiving

    /// Receives an application (收件): checks it against the matter's current version, stores it with its files,
    /// gives it a tracking number and query code and starts the acceptance clock (Art. 32). The query code is stored
    /// only as its hash under `context.queryCodeKey`; the one returned is the only time it is seen. Call inside a
    /// transaction.
    public static func submit(
        matter: Matter, form: [String: String], files: [CheckedFile], applicant: ApplicantDetails,
        channel: ApplicationChannel, intakePath: String, bundleID: UUID? = nil, renewsCertificateID: UUID? = nil,
        by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> FiledCase {
        let version = try await MatterStore.current(of: matter, on: database)
        let definition = version.definition
        let today = CivilDate.beijing(context.now)
        let values = try ApplicationRules.check(
            definition, form: form, uploadedKeys: Set(files.map(\.materialKey)), channel: channel, today: today,
            applicant: AccountIdentity(kind: applicant.kind, name: applicant.name, identifier: applicant.identifier)
        ).get()
        let snapshot = try CaseSnapshot.received(
            at: context.now, steps: definition.reviewSteps, settings: definition.clockSettings, calendar: context.calendar)
        let sequence = try await Counters.next("tracking:\(context.regionCode):\(today)", on: database)
        let trackingNumber = try TrackingNumber.make(regionCode: context.regionCode, date: today, sequence: sequence)
        var generator = EffectsRandom()

        let row = ApprovalCase()
        row.id = Effects.current.newID()
        row.trackingNumber = trackingNumber.value
        let queryCode = QueryCode.generate(using: &generator)
        row.queryCode = context.queryCodeKey.hash(queryCode)
        row.$matter.id = try matter.requireID()
        row.$matterVersion.id = version.id
        row.departmentID = matter.$department.id
        row.departmentPath = matter.departmentPath
        row.intakePath = intakePath
        row.bundleID = bundleID
        row.renewsCertificateID = renewsCertificateID
        row.applicantAccountID = applicant.accountID
        row.applicantKind = applicant.kind.rawValue
        row.applicantName = applicant.name
        row.applicantIdentifier = applicant.identifier
        row.applicantPhone = applicant.phone
        row.channel = channel.rawValue
        row.formDataJSON = String(decoding: try ApprovalCase.encoder.encode(values), as: UTF8.self)
        row.version = 0
        row.receivedAt = context.now
        try store(snapshot, in: row, at: context.now)
        try await row.create(on: database)
        let caseID = try row.requireID()
        try await attach(files, to: caseID, replacing: false, by: actor, at: context.now, on: database)
        try await record(
            CaseTransition(from: .submitted, to: .submitted, action: "submit", at: context.now, notice: nil,
                           detail: channel == .window ? "window" : "online"),
            on: row, actor: .applicant, by: actor, isFirst: true, on: database)
        try await CaseSupervision.received(row, snapshot: snapshot, definition: definition, context: context, on: database)
        try await AuditLog.append(
            AuditEvent(action: "case.submit", objectType: "case", objectID: row.trackingNumber,
                       summary: "\(definition.nameZh) received (\(channel.rawValue)), acceptance due \(CivilDate.beijingEnding(at: snapshot.acceptanceDue))"),
            by: actor.within(row.departmentPath), at: context.now, on: database)
        return FiledCase(row: row, queryCode: queryCode)
    }

    /// Gives the applicant's own case a new query code (重新生成查询码): only a hash is kept, so a code the applicant
    /// has lost cannot be shown again, only replaced. The old code stops working. Only the case's applicant may
    /// (``CaseAccess/canRenewQueryCode(_:_:)``); to anyone else the case does not exist. Call inside a transaction.
    public static func renewQueryCode(
        of caseID: UUID, principal: Principal?, by actor: AuditActor, key: QueryCodeKey, now: Date, on database: any Database
    ) async throws -> FiledCase {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.canRenewQueryCode(principal, row.scope) else {
            throw CaseStoreError.notFound
        }
        var generator = EffectsRandom()
        let queryCode = QueryCode.generate(using: &generator)
        row.queryCode = key.hash(queryCode)
        try await row.save(on: database)
        try await AuditLog.append(
            AuditEvent(action: "case.query_code", objectType: "case", objectID: row.trackingNumber, summary: "new query code issued to the applicant"),
            by: actor.within(row.departmentPath), at: now, on: database)
        return FiledCase(row: row, queryCode: queryCode)
    }

    // MARK: Acting

    /// Applies `action` for `principal`, who must hold a role for it on this case (``CaseAccess``). With
    /// `expectedVersion`, a case changed since the caller read it is refused with ``CaseStoreError/changedSinceRead``;
    /// either way two concurrent actions cannot both land (the update names the version it read). Call inside a
    /// transaction.
    @discardableResult
    public static func act(
        _ action: CaseAction, on caseID: UUID, principal: Principal?, expectedVersion: Int? = nil,
        by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> ApprovalCase {
        guard let row = try await ApprovalCase.find(caseID, on: database) else { throw CaseStoreError.notFound }
        let snapshot = try row.snapshot()
        let caseActor: CaseActor
        if action.kind == .deemAccepted, principal == nil {
            caseActor = .system
        } else {
            guard CaseAccess.canView(principal, row.scope) else { throw CaseStoreError.notFound }
            let held = CaseAccess.actors(principal, on: row.scope)
            guard let chosen = CaseAccess.actor(for: action.kind, principal, on: row.scope, step: snapshot.currentReviewStep) ?? held.first
            else { throw CaseStoreError.forbidden }
            caseActor = chosen
        }
        if let expectedVersion, expectedVersion != row.version { throw CaseStoreError.changedSinceRead }
        return try await apply(action, to: row, snapshot: snapshot, as: caseActor, by: actor, context: context, on: database)
    }

    static func apply(
        _ action: CaseAction, to row: ApprovalCase, snapshot: CaseSnapshot, as caseActor: CaseActor,
        by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> ApprovalCase {
        let definition = try await definition(of: row, on: database)
        let (next, transition) = try CaseRules.apply(
            action, to: snapshot, by: caseActor, at: context.now, settings: definition.clockSettings, calendar: context.calendar)
        let readVersion = row.version
        try store(next, in: row, at: context.now)
        row.version = readVersion + 1
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let updated = try await sql.update(ApprovalCase.schema)
            .set("state", to: row.state).set("snapshot", to: row.snapshotJSON).set("running_due", to: row.runningDue)
            .set("flag_count", to: row.flagCount).set("version", to: row.version)
            .set("updated_at", to: row.updatedAt).set("closed_at", to: row.closedAt)
            .where("id", .equal, row.requireID()).where("version", .equal, readVersion)
            .returning("id").all()
        guard !updated.isEmpty else { throw CaseStoreError.changedSinceRead }

        let event = try await record(transition, on: row, actor: caseActor, by: actor, isFirst: false, on: database)
        try await CaseSupervision.moved(row, from: snapshot, to: next, by: transition, definition: definition, context: context, on: database)
        if transition.action == CaseActionKind.serveCertificate.rawValue, let result = definition.result {
            try await issueCertificate(for: row, definition: definition, result: result, by: actor, context: context, on: database)
        }
        if next.state.isTerminal, let bundleID = row.bundleID {
            try await BundleStore.completeIfFinished(bundleID, context: context, on: database)
        }
        try await AuditLog.append(
            AuditEvent(action: "case.\(transition.action)", objectType: "case", objectID: row.trackingNumber,
                       summary: "\(transition.from.rawValue) → \(transition.to.rawValue)" + (event.documentNumber.map { " \($0)" } ?? "")),
            by: actor.within(row.departmentPath), at: context.now, on: database)
        return row
    }

    /// Applies deemed acceptance (Art. 32 (4)) to a case whose acceptance period ran out unanswered; the supervision
    /// sweep calls it when the case's acceptance obligation passes its limit. Returns false if the case had moved on.
    static func deemAccepted(_ caseID: UUID, context: CaseContext, on database: any Database) async throws -> Bool {
        guard let row = try await ApprovalCase.find(caseID, on: database), row.caseState == .submitted else { return false }
        let snapshot = try row.snapshot()
        guard context.now >= snapshot.acceptanceDue else { return false }
        _ = try await apply(.deemAccepted, to: row, snapshot: snapshot, as: .system, by: .system("deemed acceptance"), context: context, on: database)
        return true
    }

    // MARK: Materials, fees and ratings

    /// Adds files to a case: the applicant's corrections, or a clerk scanning papers. A file for a key that
    /// already has one supersedes it.
    public static func addMaterials(
        _ files: [CheckedFile], to caseID: UUID, principal: Principal?, by actor: AuditActor, now: Date, on database: any Database
    ) async throws {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.canView(principal, row.scope) else {
            throw CaseStoreError.notFound
        }
        let held = CaseAccess.actors(principal, on: row.scope)
        let allowedStates: Set<CaseState> = held.contains(.staff(.windowClerk)) ? [.submitted, .awaitingCorrection] : [.awaitingCorrection]
        guard held.contains(.applicant) || held.contains(.staff(.windowClerk)) else { throw CaseStoreError.forbidden }
        guard allowedStates.contains(row.caseState) else {
            throw CaseError.invalidState(state: row.caseState, action: .submitCorrection)
        }
        let definition = try await definition(of: row, on: database)
        var errors = FieldErrors()
        for file in files where definition.material(file.materialKey) == nil {
            errors.add("material_\(file.materialKey)", ApplicationProblem.unknownMaterial(file.materialKey))
        }
        try errors.throwIfAny()
        try await attach(files, to: caseID, by: actor, at: now, on: database)
        try await AuditLog.append(
            AuditEvent(action: "case.materials", objectType: "case", objectID: row.trackingNumber,
                       summary: files.map { "\($0.materialKey): \($0.upload.safeName)" }.joined(separator: ", ")),
            by: actor.within(row.departmentPath), at: now, on: database)
    }

    /// Records a fee charged on a case (Art. 58, 59). `itemIndex` names the matter's fee item; a free matter has
    /// none. A charge other than the standard is refused unless a reason is given; then it is recorded and flagged.
    public static func recordFee(
        on caseID: UUID, itemIndex: Int?, chargedFen: Int, reason: String?, principal: Principal?,
        by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> FeeRecord {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.canView(principal, row.scope) else {
            throw CaseStoreError.notFound
        }
        guard CaseAccess.canRecordFee(principal, on: row.scope, state: row.caseState) else { throw CaseStoreError.forbidden }
        let definition = try await definition(of: row, on: database)
        var item: FeeItem?
        if case let .charged(items) = definition.fees, let itemIndex {
            guard items.indices.contains(itemIndex) else { throw CaseStoreError.feeItemUnknown }
            item = items[itemIndex]
        } else if itemIndex != nil {
            throw CaseStoreError.feeItemUnknown
        }
        guard chargedFen >= 0 else { throw CaseStoreError.feeItemUnknown }
        let check = FeeRules.check(charged: chargedFen, item: item)
        let reason = reason?.trimmedNonEmpty
        if check.isViolation, reason == nil { throw CaseStoreError.feeDiffers(check) }
        let fee = FeeRecord()
        fee.id = Effects.current.newID()
        fee.caseID = caseID
        fee.itemName = item?.nameZh ?? "—"
        fee.standardFen = item?.amountFen
        fee.chargedFen = chargedFen
        fee.flagged = check.isViolation
        fee.reason = reason
        fee.recordedBy = actor.name
        fee.recordedAt = now
        try await fee.create(on: database)
        if check.isViolation {
            let settings = try await SupervisionSettingsStore.load(on: database)
            // Rare (a forced fee), so the calendar is read here rather than passed by every caller.
            try await CaseSupervision.checkRules(
                row, snapshot: try row.snapshot(), definition: definition, settings: settings,
                calendar: try await CalendarStore.load(on: database), now: now, on: database)
        }
        try await AuditLog.append(
            AuditEvent(action: check.isViolation ? "case.fee_forced" : "case.fee", objectType: "case", objectID: row.trackingNumber,
                       summary: "\(fee.itemName) \(Yuan.format(chargedFen))" + (reason.map { ": \($0)" } ?? "")),
            by: actor.within(row.departmentPath), at: now, on: database)
        return fee
    }

    /// 好差评 (GB/T 39735) by the applicant of a finished case.
    public static func rate(
        _ caseID: UUID, stars: Int, comment: String?, principal: Principal?, by actor: AuditActor, now: Date,
        on database: any Database
    ) async throws {
        guard let row = try await ApprovalCase.find(caseID, on: database),
              CaseAccess.actors(principal, on: row.scope).contains(.applicant)
        else { throw CaseStoreError.notFound }
        let comment = try ApplicationRules.checkRating(stars: stars, comment: comment, state: row.caseState, alreadyRated: row.rating != nil)
        row.rating = stars
        row.ratingComment = comment
        row.ratedAt = now
        try await row.save(on: database)
        try await CaseSupervision.rated(row, stars: stars, comment: comment, at: now, on: database)
        try await AuditLog.append(
            AuditEvent(action: "case.rate", objectType: "case", objectID: row.trackingNumber, summary: "\(stars) stars"),
            by: actor.within(row.departmentPath), at: now, on: database)
    }

    // MARK: Reading

    /// A case for someone allowed to see it (``CaseAccess/canView(_:_:)``); `nil` otherwise.
    public static func record(_ caseID: UUID, for principal: Principal?, on database: any Database) async throws -> CaseRecord? {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.canView(principal, row.scope) else { return nil }
        return try await record(of: row, on: database)
    }

    /// A case's row for someone allowed to see it (``CaseAccess/canView(_:_:)``); `nil` otherwise.
    public static func row(_ caseID: UUID, visibleTo principal: Principal?, on database: any Database) async throws -> ApprovalCase? {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.canView(principal, row.scope) else { return nil }
        return row
    }

    /// A case's row for its own applicant; `nil` for anyone else.
    public static func ownRow(_ caseID: UUID, of principal: Principal?, on database: any Database) async throws -> ApprovalCase? {
        guard let row = try await ApprovalCase.find(caseID, on: database), CaseAccess.actors(principal, on: row.scope).contains(.applicant) else {
            return nil
        }
        return row
    }

    /// A material file of a case, with its bytes; `nil` when the material is not the case's.
    public static func materialFile(_ materialID: UUID, ofCase caseID: UUID, on database: any Database) async throws -> (fileName: String, blob: Blob)? {
        guard let material = try await CaseMaterial.find(materialID, on: database), material.caseID == caseID,
              let blob = try await blob(material.sha256, on: database)
        else { return nil }
        return (material.fileName, blob)
    }

    /// The form of the application that led to a certificate its holder now renews (延续, Art. 50), to be filled again.
    public static func formData(renewing certificateID: UUID, holder accountID: UUID, matterID: UUID?, on database: any Database) async throws -> [String: String]? {
        guard let certificate = try await IssuedCertificate.find(certificateID, on: database),
              certificate.holderAccountID == accountID, certificate.matterID == matterID,
              let original = try await ApprovalCase.find(certificate.caseID, on: database)
        else { return nil }
        return original.formData()
    }

    /// Public tracking (进度查询): the tracking number and its query code, or nothing. A wrong code and an unknown
    /// number look the same, and the code is compared through `key` in constant time.
    public static func track(trackingNumber: String, queryCode: String, key: QueryCodeKey, on database: any Database) async throws -> CaseRecord? {
        guard let row = try await tracked(trackingNumber: trackingNumber, queryCode: queryCode, key: key, on: database) else { return nil }
        return try await record(of: row, on: database)
    }

    /// The case with this tracking number, if the query code is its own.
    private static func tracked(trackingNumber: String, queryCode: String, key: QueryCodeKey, on database: any Database) async throws -> ApprovalCase? {
        let cleaned = trackingNumber.filter { $0.isNumber }
        guard let row = try await ApprovalCase.query(on: database).filter(\.$trackingNumber == cleaned).first(),
              key.matches(queryCode, stored: row.queryCode)
        else { return nil }
        return row
    }

    /// What the public tracking answer shows of a case: its state, its matter and its events; `nil` as `track`.
    public static func progress(trackingNumber: String, queryCode: String, key: QueryCodeKey, on database: any Database) async throws -> CaseProgress? {
        guard let row = try await tracked(trackingNumber: trackingNumber, queryCode: queryCode, key: key, on: database) else { return nil }
        let events = try await CaseEvent.query(on: database).filter(\.$caseID == row.requireID()).sort(\.$sequence).all()
        return CaseProgress(row: row, snapshot: try row.snapshot(), definition: try await definition(of: row, on: database), events: events)
    }

    public static func record(of row: ApprovalCase, on database: any Database) async throws -> CaseRecord {
        let caseID = try row.requireID()
        let matter = try await Matter.find(row.$matter.id, on: database).orThrow(StoreError.notFound)
        let version = try await MatterVersion.find(row.$matterVersion.id, on: database).orThrow(StoreError.notFound)
        let department = try await OrganisationUnit.find(row.departmentID, on: database).orThrow(StoreError.notFound)
        let events = try await CaseEvent.query(on: database).filter(\.$caseID == caseID).sort(\.$sequence).all()
        let materials = try await CaseMaterial.query(on: database).filter(\.$caseID == caseID).sort(\.$uploadedAt).all()
        let fees = try await FeeRecord.query(on: database).filter(\.$caseID == caseID).sort(\.$recordedAt).all()
        let certificates = try await IssuedCertificate.query(on: database).filter(\.$caseID == caseID).all()
        let bundle = try await row.bundleID.asyncMap { try await CaseBundle.find($0, on: database) } ?? nil
        return CaseRecord(
            row: row, snapshot: try row.snapshot(), matter: matter, definition: try version.definition(), matterVersion: version.version, department: department,
            events: events, materials: materials, fees: fees, certificates: certificates, bundle: bundle)
    }

    /// The applicant's own cases, newest first.
    public static func cases(ofApplicant accountID: UUID, on database: any Database) async throws -> [ApprovalCase] {
        try await ApprovalCase.query(on: database).filter(\.$applicantAccountID == accountID).sort(\.$receivedAt, .descending).all()
    }

    /// One page of the applicant's own cases, newest first, starting after `cursor`.
    public static func cases(ofApplicant accountID: UUID, after cursor: CaseCursor?, limit: Int, on database: any Database) async throws -> CasePage {
        let query = ApprovalCase.query(on: database).filter(\.$applicantAccountID == accountID)
        if let cursor {
            query.group(.or) { group in
                group.filter(\.$receivedAt < cursor.receivedAt)
                group.group(.and) { $0.filter(\.$receivedAt == cursor.receivedAt).filter(\.$id < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$receivedAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        return try CasePage(rows: Array(rows.prefix(limit)), next: rows.count > limit ? CaseCursor(rows[limit - 1]) : nil)
    }

    public struct InboxFilter: Sendable {
        public var states: Set<CaseState>?
        public var text: String?
        public var limit: Int
        public var after: CaseCursor?

        public init(states: Set<CaseState>? = nil, text: String? = nil, limit: Int = 200, after: CaseCursor? = nil) {
            self.states = states
            self.text = text
            self.limit = limit
            self.after = after
        }
    }

    /// Cases a member of staff could act on: their departments' cases and, for clerks, their centre's intake,
    /// in the states their roles act in, most urgent first.
    public static func inbox(for principal: Principal, filter: InboxFilter = InboxFilter(), on database: any Database) async throws -> CasePage {
        let states = (filter.states ?? CaseAccess.inboxStates(principal)).map(\.rawValue)
        let prefixes = CaseAccess.inboxUnitPaths(principal)
        guard !prefixes.isEmpty, !states.isEmpty else { return CasePage(rows: [], next: nil) }
        let query = ApprovalCase.query(on: database).filter(\.$state ~~ states)
        query.group(.or) { group in
            for prefix in Set(prefixes) {
                group.filter(\.$departmentPath, .custom("LIKE"), "\(prefix)%")
                // A clerk at a window inside a centre: the centre's path is a prefix of the clerk's unit.
                var ancestor = ""
                for component in prefix.split(separator: "/") {
                    ancestor += "/\(component)"
                    group.filter(\.$intakePath == ancestor + "/")
                }
            }
        }
        if let text = filter.text?.trimmedNonEmpty {
            let digits = text.filter(\.isNumber)
            query.group(.or) { group in
                group.filter(\.$applicantName, .custom("LIKE"), "%\(text)%")
                if !digits.isEmpty { group.filter(\.$trackingNumber, .custom("LIKE"), "%\(digits)%") }
            }
        }
        if let after = filter.after {
            // Everything after the cursor in the order below: a later due date, the same due date received later,
            // or the same both with a greater id; and after any running clock, every case without one.
            query.group(.or) { group in
                if let due = after.runningDue {
                    group.filter(\.$runningDue > due)
                    group.group(.and) { $0.filter(\.$runningDue == due).filter(\.$receivedAt > after.receivedAt) }
                    group.group(.and) { $0.filter(\.$runningDue == due).filter(\.$receivedAt == after.receivedAt).filter(\.$id > after.id) }
                    group.filter(\.$runningDue == nil)
                } else {
                    group.group(.and) { $0.filter(\.$runningDue == nil).filter(\.$receivedAt > after.receivedAt) }
                    group.group(.and) { $0.filter(\.$runningDue == nil).filter(\.$receivedAt == after.receivedAt).filter(\.$id > after.id) }
                }
            }
        }
        // Running clocks first, soonest due first; cases waiting for the applicant (no clock) last.
        let examined = try await query.sort(.sql(unsafeRaw: "running_due IS NULL")).sort(\.$runningDue).sort(\.$receivedAt).sort(\.$id)
            .limit(filter.limit + 1).all()
        let visible = examined.filter { !CaseAccess.actors(principal, on: $0.scope).isEmpty }
        if visible.count > filter.limit {
            return try CasePage(rows: Array(visible.prefix(filter.limit)), next: CaseCursor(visible[filter.limit - 1]))
        }
        // A page shortened by cases the person holds no role on may still have a next one.
        let more = examined.count > filter.limit
        return CasePage(rows: visible, next: more ? try examined.last.map { try CaseCursor($0) } : nil)
    }

    /// What a list of cases shows beside each row: its matter's code, its definition and its certificates.
    public struct ListingFacts: Sendable {
        public var matterCodes: [UUID: String]
        /// By matter version id.
        public var definitions: [UUID: MatterDefinition]
        /// By case id.
        public var certificates: [UUID: [IssuedCertificate]]
    }

    /// The listing facts of `rows`, in at most three queries whatever their number (definitions already in memory
    /// are not read again).
    public static func listingFacts(of rows: [ApprovalCase], on database: any Database) async throws -> ListingFacts {
        guard !rows.isEmpty else { return ListingFacts(matterCodes: [:], definitions: [:], certificates: [:]) }
        let matters = try await Matter.query(on: database).filter(\.$id ~~ Set(rows.map { $0.$matter.id })).all()
        let certificates = try await IssuedCertificate.query(on: database).filter(\.$caseID ~~ rows.compactMap(\.id)).all()
        return ListingFacts(
            matterCodes: Dictionary(matters.compactMap { matter in matter.id.map { ($0, matter.code) } }, uniquingKeysWith: { first, _ in first }),
            definitions: try await definitions(ofVersions: Set(rows.map { $0.$matterVersion.id }), on: database),
            certificates: Dictionary(grouping: certificates, by: \.caseID))
    }

    /// The listing facts of a case just filed: it holds no certificate yet, and its matter is the filing's.
    public static func listingFacts(ofFiled filed: FiledCase, matter: Matter, on database: any Database) async throws -> ListingFacts {
        ListingFacts(
            matterCodes: [try matter.requireID(): matter.code],
            definitions: [filed.row.$matterVersion.id: try await definition(of: filed.row, on: database)], certificates: [:])
    }

    /// Decoded definitions by matter version id: from memory where they are, the rest in one query.
    static func definitions(ofVersions ids: Set<UUID>, on database: any Database) async throws -> [UUID: MatterDefinition] {
        var found: [UUID: MatterDefinition] = [:]
        for id in ids { found[id] = DefinitionCache.shared.get(id) }
        let missing = ids.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found }
        for version in try await MatterVersion.query(on: database).filter(\.$id ~~ missing).all() {
            found[try version.requireID()] = try version.definition()
        }
        return found
    }

    public static func blob(_ sha256: String, on database: any Database) async throws -> Blob? {
        try await Blob.find(sha256, on: database)
    }

    // MARK: Internals

    public static func definition(of row: ApprovalCase, on database: any Database) async throws -> MatterDefinition {
        try await definitions(ofVersions: [row.$matterVersion.id], on: database)[row.$matterVersion.id].orThrow(StoreError.notFound)
    }

    static func store(_ snapshot: CaseSnapshot, in row: ApprovalCase, at now: Date) throws {
        row.state = snapshot.state.rawValue
        row.snapshotJSON = String(decoding: try ApprovalCase.encoder.encode(snapshot), as: UTF8.self)
        row.runningDue = switch snapshot.state {
        case .submitted: snapshot.acceptanceDue
        case .inReview: snapshot.statutoryDue
        case .granted: snapshot.certificateDue
        case .suspended, .awaitingCorrection, .closed, .notAccepted, .withdrawn: nil
        }
        row.flagCount = snapshot.flags.count
        row.updatedAt = now
        row.closedAt = snapshot.closedAt
    }

    /// Stores `files` as the case's current materials; with `replacing`, each supersedes the material it replaces (a
    /// new case has none to replace). Blobs and materials are written in one statement each, whatever their number.
    static func attach(
        _ files: [CheckedFile], to caseID: UUID, replacing: Bool = true, by actor: AuditActor, at now: Date, on database: any Database
    ) async throws {
        guard !files.isEmpty else { return }
        let digests = try await Blob.put(files.map { ($0.bytes, $0.upload.mediaType) }, at: now, on: database)
        if replacing {
            try await CaseMaterial.query(on: database)
                .filter(\.$caseID == caseID).filter(\.$materialKey ~~ files.map(\.materialKey)).filter(\.$supersededAt == nil)
                .set(\.$supersededAt, to: now).update()
        }
        let materials = zip(files, digests).map { file, digest in
            let material = CaseMaterial()
            material.id = Effects.current.newID()
            material.caseID = caseID
            material.materialKey = file.materialKey
            material.fileName = file.upload.safeName
            material.mediaType = file.upload.mediaType
            material.size = file.upload.size
            material.sha256 = digest
            material.uploadedBy = actor.name
            material.uploadedAt = now
            return material
        }
        // Two files for one material in the same upload: the last one stands, as if they had come one after the other.
        for (index, material) in materials.enumerated() where materials[(index + 1)...].contains(where: { $0.materialKey == material.materialKey }) {
            material.supersededAt = now
        }
        try await materials.create(on: database)
    }

    @discardableResult
    static func record(
        _ transition: CaseTransition, on row: ApprovalCase, actor caseActor: CaseActor, by actor: AuditActor, isFirst: Bool,
        on database: any Database
    ) async throws -> CaseEvent {
        let caseID = try row.requireID()
        let last = isFirst ? nil : try await CaseEvent.query(on: database).filter(\.$caseID == caseID).sort(\.$sequence, .descending).first()
        let event = CaseEvent()
        event.id = Effects.current.newID()
        event.caseID = caseID
        event.sequence = (last?.sequence ?? 0) + 1
        event.action = transition.action
        event.fromState = isFirst ? nil : transition.from.rawValue
        event.toState = transition.to.rawValue
        event.actorAccountID = actor.accountID
        event.actorName = actor.name
        event.actorRole = switch caseActor {
        case .applicant: "applicant"
        case let .staff(role): role.rawValue
        case .system: "system"
        }
        event.at = transition.at
        event.notice = transition.notice?.rawValue
        event.detail = transition.detail
        if let notice = transition.notice {
            event.documentNumber = try await documentNumber(for: notice, departmentID: row.departmentID, at: transition.at, on: database)
        }
        try await event.create(on: database)
        return event
    }

    static func documentNumber(for notice: NoticeKind, departmentID: UUID, at instant: Date, on database: any Database) async throws -> String {
        let department = try await OrganisationUnit.find(departmentID, on: database).orThrow(StoreError.notFound)
        let rootID = department.path.split(separator: "/").first.flatMap { UUID(uuidString: String($0)) }
        let city = try await rootID.asyncMap { try await OrganisationUnit.find($0, on: database) } ?? nil
        let year = CivilDate.beijing(instant).year
        let serial = try await Counters.next(DocumentNumber.counterKey(departmentCode: department.code, kind: notice, year: year), on: database)
        let abbreviation = DocumentNumber.abbreviation(departmentName: department.nameZh, cityName: city?.nameZh ?? "")
        return DocumentNumber.format(abbreviation: abbreviation, kind: notice, year: year, serial: serial)
    }

    static func issueCertificate(
        for row: ApprovalCase, definition: MatterDefinition, result: MatterResult, by actor: AuditActor,
        context: CaseContext, on database: any Database
    ) async throws {
        let department = try await OrganisationUnit.find(row.departmentID, on: database).orThrow(StoreError.notFound)
        let today = CivilDate.beijing(context.now)
        var validFrom = today
        if let renewedID = row.renewsCertificateID, let renewed = try await IssuedCertificate.find(renewedID, on: database),
           let until = renewed.validUntilDate, until >= today {
            validFrom = until.adding(days: 1)
        }
        let validUntil = result.validityMonths.map { validFrom.adding(months: $0).adding(days: -1) }
        let serial = try await Counters.next("certificate:\(department.code):\(today.year)", on: database)
        let number = "\(context.regionCode)\(today.year)\(String(definition.code.mainItemCode.suffix(3)))\(String(format: "%06d", serial))"
        let form = row.formData()
        let holderIsPerson = row.applicantKind == AccountKind.citizen.rawValue
        // The scope is kept as fields with the personal data they name; the signed text, which is public, carries
        // only its masked rendering (issue 20: a marriage certificate names both spouses with their 身份证号).
        let scope = CertificateScope.issued(
            fields: definition.form.fields.compactMap { field in form[field.name].map { (field.labelZh, field.displayValue($0, in: .zhHans)) } },
            holderName: row.applicantName, holderIsPerson: holderIsPerson, fallback: definition.nameZh)
        var generator = EffectsRandom()
        let checkCode = CertificateCheckCode.generate(using: &generator)
        // The QR text is public, so a natural person's 身份证号 goes into it masked (CertificatePayload); the record
        // keeps it whole for the issuing department.
        let publicIdentifier = holderIsPerson ? Mask.identifier(row.applicantIdentifier) : row.applicantIdentifier
        let payload = CertificatePayload(
            number: number, title: result.certificateNameZh, holderName: row.applicantName,
            holderIdentifier: publicIdentifier, scope: scope.publicText,
            validFrom: validFrom, validUntil: validUntil, issuer: department.nameZh, issuedOn: today,
            keyID: context.keyring.activeKeyID, checkCode: checkCode)
        let signed = try context.keyring.sign(payload)
        let certificate = IssuedCertificate()
        certificate.id = Effects.current.newID()
        certificate.number = number
        certificate.caseID = try row.requireID()
        certificate.matterID = row.$matter.id
        certificate.holderAccountID = row.applicantAccountID
        certificate.holderName = row.applicantName
        certificate.holderIdentifier = row.applicantIdentifier
        certificate.title = result.certificateNameZh
        certificate.validFrom = validFrom.description
        certificate.validUntil = validUntil?.description
        certificate.keyID = signed.payload.keyID
        certificate.signedText = signed.text
        certificate.scopeFields = try CertificateStore.encode(scope)
        certificate.publicScope = scope.publicText
        certificate.checkCode = checkCode
        certificate.issuedAt = context.now
        try await certificate.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "certificate.issue", objectType: "certificate", objectID: number,
                       summary: "\(result.certificateNameZh) for case \(row.trackingNumber), valid \(validFrom)…\(validUntil?.description ?? "")"),
            by: actor.within(row.departmentPath), at: context.now, on: database)
    }
}

extension AuditActor {
    /// The actor as seen from a unit: entries about a case are filed under its department, so the supervisors
    /// of that department read them.
    func within(_ unitPath: String) -> AuditActor {
        var copy = self
        if copy.unitPath == nil || copy.role == nil || copy.role == .applicant { copy.unitPath = unitPath }
        return copy
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }

    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
