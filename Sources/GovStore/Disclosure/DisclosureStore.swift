import FluentKit
import FluentSQL
import Foundation
import GovCore
import SQLKit

/// Why the store refused a disclosure operation (the rules' own refusals come as ``DisclosureProblem``).
public enum DisclosureStoreError: Error, Equatable {
    /// No such item, or not one the caller may see.
    case notFound
    /// Someone changed the item after the caller read it.
    case changedSinceRead
}

/// The disclosure catalogue's writes: drafting, the review chain, corrections and withdrawal, each in the audit log, with
/// the proactive-disclosure clock kept as an obligation under supervision. Every call belongs in a write transaction.
public enum DisclosureStore {
    // MARK: Categories

    public static func categories(on database: any Database) async throws -> [DisclosureCategory] {
        try await DisclosureCategoryRecord.query(on: database).sort(\.$sortOrder).sort(\.$id).all().map(\.category)
    }

    /// A new installation's tree, once.
    public static func seedCategories(on database: any Database) async throws {
        guard try await DisclosureCategoryRecord.query(on: database).count() == 0 else { return }
        for (index, category) in DisclosureCategory.defaults.enumerated() { try await insert(category, sortOrder: index * 10, on: database) }
    }

    /// Adds a category (or renames one with the same code) under a parent that exists.
    public static func saveCategory(_ category: DisclosureCategory, by actor: AuditActor, at now: Date, on database: any Database) async throws {
        var errors = FieldErrors()
        let name = category.nameZh.trimmingCharacters(in: .whitespaces)
        if !DisclosureCategory.isValidCode(category.code) { errors.add("code", FieldProblem.invalid) }
        if name.isEmpty { errors.add("name_zh", FieldProblem.required) }
        if name.count > 40 || category.nameEn.count > 80 { errors.add("name_zh", FieldProblem.tooLong(max: 40)) }
        let existing = try await categories(on: database)
        if let parent = category.parentCode {
            if !existing.contains(where: { $0.code == parent }) || parent == category.code { errors.add("parent_code", DisclosureProblem.unknownCategory) }
            if path(of: parent, in: existing).contains(category.code) { errors.add("parent_code", DisclosureProblem.unknownCategory) }
        }
        try errors.throwIfAny()
        var clean = category
        clean.nameZh = name
        clean.nameEn = category.nameEn.trimmingCharacters(in: .whitespaces).isEmpty ? name : category.nameEn.trimmingCharacters(in: .whitespaces)
        if let record = try await DisclosureCategoryRecord.find(category.code, on: database) {
            record.parentCode = clean.parentCode
            record.nameZh = clean.nameZh
            record.nameEn = clean.nameEn
            try await record.save(on: database)
        } else {
            try await insert(clean, sortOrder: existing.count * 10, on: database)
        }
        try await AuditLog.append(
            AuditEvent(action: "disclosure.category.save", objectType: "disclosure_category", objectID: clean.code, summary: clean.nameZh),
            by: actor, at: now, on: database)
    }

    /// The code and its ancestors, nearest first.
    public static func path(of code: String, in categories: [DisclosureCategory]) -> [String] {
        var result: [String] = []
        var current: String? = code
        while let code = current, !result.contains(code), let category = categories.first(where: { $0.code == code }) {
            result.append(code)
            current = category.parentCode
        }
        return result
    }

    private static func insert(_ category: DisclosureCategory, sortOrder: Int, on database: any Database) async throws {
        let record = DisclosureCategoryRecord()
        record.id = category.code
        record.parentCode = category.parentCode
        record.nameZh = category.nameZh
        record.nameEn = category.nameEn
        record.sortOrder = sortOrder
        try await record.create(on: database)
    }

    // MARK: Drafting

    /// A new item drafted by a disclosure officer of `unitID`. A proactive one starts its 20-working-day clock from
    /// the date written (《政府信息公开条例》第二十六条).
    public static func create(
        _ draft: DisclosureDraft, unitID: UUID, principal: Principal, by actor: AuditActor, calendar: WorkCalendar, now: Date,
        on database: any Database
    ) async throws -> DisclosureItem {
        guard let unit = try await OrganisationUnit.find(unitID, on: database) else { throw DisclosureStoreError.notFound }
        guard DisclosureAccess.draftsFor(unitPath: unit.path, principal) else { throw DisclosureProblem.notPermitted }
        let clean = try await validated(draft, now: now, on: database)
        let item = DisclosureItem()
        item.id = Effects.current.newID()
        item.unitID = unitID
        item.unitPath = unit.path
        item.publication = PublicationStatus.unpublished.rawValue
        item.workingStep = DisclosureStep.draft.rawValue
        item.workingVersion = 1
        item.version = 0
        item.createdAt = now
        item.updatedAt = now
        copy(clean, into: item)
        try await item.create(on: database)
        try await saveVersion(1, of: item, draft: clean, principal: principal, now: now, on: database)
        if clean.form == .proactive {
            try await openClock(for: item, version: 1, from: clean.writtenOn.startInBeijing, calendar: calendar, now: now, on: database)
        }
        try await record(item, action: "create", step: .draft, text: nil, versionNumber: 1, actor: actor, at: now, on: database)
        return item
    }

    /// Changes the working copy while it is a draft, by a disclosure officer of the unit.
    public static func edit(
        _ itemID: UUID, draft: DisclosureDraft, expectedVersion: Int?, principal: Principal, by actor: AuditActor,
        calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> DisclosureItem {
        let item = try await findForStaff(itemID, principal: principal, on: database)
        guard item.status.working == .draft, let number = item.workingVersion else { throw DisclosureProblem.invalidState }
        guard DisclosureAccess.canEditDraft(item.status, unitPath: item.unitPath, principal) else { throw DisclosureProblem.notPermitted }
        if let expectedVersion, expectedVersion != item.version { throw DisclosureStoreError.changedSinceRead }
        let clean = try await validated(draft, now: now, on: database)
        guard let version = try await version(number, of: itemID, on: database) else { throw DisclosureStoreError.notFound }
        let before = try version.draft()
        try version.setDraft(clean)
        try await version.save(on: database)
        if item.status.publication == .unpublished { copy(clean, into: item) }

        let running = try await ObligationStore.running(of: itemID, on: database).values.first
        let context = try await obligationContext(calendar, now, database)
        switch (clean.form == .proactive, running) {
        case let (false, record?):
            try await ObligationStore.complete(record, cancelled: true, context: context, on: database)
        case (true, nil):
            let start = item.status.publication == .unpublished ? clean.writtenOn.startInBeijing : now
            try await openClock(for: item, version: number, from: start, calendar: calendar, now: now, on: database)
        case let (true, record?) where item.status.publication == .unpublished && before.writtenOn != clean.writtenOn:
            let clock = try ObligationClock.start(at: clean.writtenOn.startInBeijing, terms: proactiveTerms, calendar: calendar)
            try await ObligationStore.move(record, to: clock, context: context, on: database)
        default:
            break
        }
        try await bump(item, now: now, on: database)
        try await record(item, action: "edit", step: .draft, text: nil, versionNumber: number, actor: actor, at: now, on: database)
        return item
    }

    // MARK: The review chain

    /// Takes a step of the review chain, a correction or a withdrawal (``DisclosureReview``). Signing off gives a first
    /// version its index number, makes the version the public one, and puts it in the search index.
    @discardableResult
    public static func act(
        _ action: DisclosureAction, on itemID: UUID, expectedVersion: Int?, principal: Principal, by actor: AuditActor,
        indexPattern: IndexNumberPattern, calendar: WorkCalendar, now: Date, on database: any Database
    ) async throws -> DisclosureItem {
        let item = try await findForStaff(itemID, principal: principal, on: database)
        if let expectedVersion, expectedVersion != item.version { throw DisclosureStoreError.changedSinceRead }
        let working = try await item.workingVersion.asyncMap { try await version($0, of: itemID, on: database) } ?? nil
        let isDrafter = working?.draftedByAccountID == principal.accountID
        let roles = DisclosureAccess.roles(over: item.unitPath, principal)
        let stepBefore = item.status.working
        let next = try DisclosureReview.apply(action, to: item.status, roles: roles, isDrafter: isDrafter)
        let context = try await obligationContext(calendar, now, database)
        let running = try await ObligationStore.running(of: itemID, on: database).values.first
        var versionNumber = item.workingVersion ?? item.publishedVersion ?? 1
        item.publication = next.publication.rawValue

        switch action {
        case .signOff:
            guard let working else { throw DisclosureStoreError.notFound }
            let draft = try working.draft()
            copy(draft, into: item)
            if item.indexNumber == nil {
                let organisation = try await OrganisationUnit.find(item.unitID, on: database)
                let code = IndexNumberPattern.organisationCode(ofUnitCode: organisation?.code ?? "")
                let serial = try await Counters.next("disclosure-index:\(code):\(draft.writtenOn.year)", on: database)
                item.indexNumber = indexPattern.format(organisationCode: code, year: draft.writtenOn.year, categoryCode: draft.categoryCode, serial: serial)
            }
            working.publishedAt = now
            try await working.save(on: database)
            item.publishedVersion = working.number
            item.publishedAt = now
            if item.firstPublishedAt == nil { item.firstPublishedAt = now }
            item.workingVersion = nil
            if let running { try await ObligationStore.complete(running, cancelled: false, context: context, on: database) }
            try await reindex(item, draft: draft, on: database)
        case .revise:
            guard let published = item.publishedVersion, let current = try await version(published, of: itemID, on: database) else {
                throw DisclosureStoreError.notFound
            }
            versionNumber = published + 1
            let draft = try current.draft()
            try await saveVersion(versionNumber, of: item, draft: draft, principal: principal, now: now, on: database)
            try await copyAttachments(of: itemID, from: published, to: versionNumber, now: now, on: database)
            item.workingVersion = versionNumber
            if draft.form == .proactive {
                try await openClock(for: item, version: versionNumber, from: now, calendar: calendar, now: now, on: database)
            }
        case .withdraw:
            item.withdrawnReason = action.text
            item.withdrawnAt = now
            item.workingVersion = nil
            if let running { try await ObligationStore.complete(running, cancelled: true, context: context, on: database) }
            if let published = item.publishedVersion, let current = try await version(published, of: itemID, on: database) {
                try await reindex(item, draft: try current.draft(), on: database)
            }
        case .submit, .approve, .passSecrecy, .sendBack:
            break
        }
        item.workingStep = next.working?.rawValue
        try await bump(item, now: now, on: database)
        try await record(item, action: action.name, step: stepBefore, text: action.text, versionNumber: versionNumber, actor: actor, at: now, on: database)
        return item
    }

    // MARK: Attachments

    /// Adds a file to the working draft; its kind is read from the bytes (``UploadPolicy``).
    public static func attach(
        _ fileName: String, bytes: [UInt8], to itemID: UUID, principal: Principal, by actor: AuditActor, now: Date, on database: any Database
    ) async throws -> DisclosureAttachment {
        let item = try await findForStaff(itemID, principal: principal, on: database)
        guard item.status.working == .draft, let number = item.workingVersion else { throw DisclosureProblem.invalidState }
        guard DisclosureAccess.canEditDraft(item.status, unitPath: item.unitPath, principal) else { throw DisclosureProblem.notPermitted }
        let accepted = try UploadPolicy.check(bytes: bytes, declaredName: fileName)
        let hash = try await Blob.put(bytes, mediaType: accepted.mediaType, at: now, on: database)
        let attachment = DisclosureAttachment()
        attachment.id = Effects.current.newID()
        attachment.itemID = itemID
        attachment.versionNumber = number
        attachment.fileName = accepted.safeName
        attachment.blobSHA256 = hash
        attachment.size = bytes.count
        attachment.mediaType = accepted.mediaType
        attachment.createdAt = now
        try await attachment.create(on: database)
        try await bump(item, now: now, on: database)
        try await record(item, action: "attach", step: .draft, text: accepted.safeName, versionNumber: number, actor: actor, at: now, on: database)
        return attachment
    }

    public static func detach(_ attachmentID: UUID, from itemID: UUID, principal: Principal, by actor: AuditActor, now: Date, on database: any Database) async throws {
        let item = try await findForStaff(itemID, principal: principal, on: database)
        guard item.status.working == .draft, let number = item.workingVersion else { throw DisclosureProblem.invalidState }
        guard DisclosureAccess.canEditDraft(item.status, unitPath: item.unitPath, principal) else { throw DisclosureProblem.notPermitted }
        guard let attachment = try await DisclosureAttachment.find(attachmentID, on: database), attachment.itemID == itemID,
              attachment.versionNumber == number
        else { throw DisclosureStoreError.notFound }
        try await attachment.delete(on: database)
        try await bump(item, now: now, on: database)
        try await record(item, action: "detach", step: .draft, text: attachment.fileName, versionNumber: number, actor: actor, at: now, on: database)
    }

    // MARK: Reading

    /// The unit's reviewers of disclosure and supervisors over it see an item in every state (``DisclosureAccess``).
    public static func canSeeAsStaff(_ item: DisclosureItem, _ principal: Principal?) -> Bool {
        DisclosureAccess.canReadItem(unitPath: item.unitPath, principal)
    }

    public static func findForStaff(_ id: UUID, principal: Principal?, on database: any Database) async throws -> DisclosureItem {
        guard let item = try await DisclosureItem.find(id, on: database), canSeeAsStaff(item, principal) else { throw DisclosureStoreError.notFound }
        return item
    }

    /// An item the public may read, or nil: drafts, items under first review and those not proactively disclosed are
    /// not found, whoever guesses their address.
    /// An attachment of an item with its bytes; `nil` unless it belongs to the item (and to `version`, when given).
    public static func attachmentFile(
        _ attachmentID: UUID, of itemID: UUID, version: Int? = nil, on database: any Database
    ) async throws -> (fileName: String, blob: Blob)? {
        guard let attachment = try await DisclosureAttachment.find(attachmentID, on: database), attachment.itemID == itemID,
              version.map({ $0 == attachment.versionNumber }) ?? true,
              let blob = try await Blob.find(attachment.blobSHA256, on: database)
        else { return nil }
        return (attachment.fileName, blob)
    }

    public static func findPublic(_ id: UUID, on database: any Database) async throws -> DisclosureItem? {
        guard let item = try await DisclosureItem.find(id, on: database), item.isPublic else { return nil }
        return item
    }

    public static func version(_ number: Int, of itemID: UUID, on database: any Database) async throws -> DisclosureVersion? {
        try await DisclosureVersion.query(on: database).filter(\.$itemID == itemID).filter(\.$number == number).first()
    }

    /// The drafts the public sees of `items`, by item, in one query: for a page of results or a feed.
    public static func publishedDrafts(of items: [DisclosureItem], on database: any Database) async throws -> [UUID: DisclosureDraft] {
        let wanted = Dictionary(items.compactMap { item in item.id.flatMap { id in item.publishedVersion.map { (id, $0) } } }, uniquingKeysWith: { first, _ in first })
        guard !wanted.isEmpty else { return [:] }
        var drafts: [UUID: DisclosureDraft] = [:]
        for version in try await DisclosureVersion.query(on: database).filter(\.$itemID ~~ Array(wanted.keys)).all() where wanted[version.itemID] == version.number {
            drafts[version.itemID] = try version.draft()
        }
        return drafts
    }

    public static func versions(of itemID: UUID, on database: any Database) async throws -> [DisclosureVersion] {
        try await DisclosureVersion.query(on: database).filter(\.$itemID == itemID).sort(\.$number).all()
    }

    public static func reviews(of itemID: UUID, on database: any Database) async throws -> [DisclosureReviewEvent] {
        try await DisclosureReviewEvent.query(on: database).filter(\.$itemID == itemID).sort(\.$sequence).all()
    }

    public static func attachments(of itemID: UUID, version number: Int, on database: any Database) async throws -> [DisclosureAttachment] {
        try await DisclosureAttachment.query(on: database).filter(\.$itemID == itemID).filter(\.$versionNumber == number).sort(\.$createdAt).all()
    }

    /// The items of the units a member of staff works in, those under review first, then the newest.
    public static func workList(for principal: Principal, step: DisclosureStep? = nil, limit: Int = 200, on database: any Database) async throws -> [DisclosureItem] {
        let prefixes = DisclosureAccess.listedUnitPaths(principal, requests: false)
        guard !prefixes.isEmpty else { return [] }
        let query = DisclosureItem.query(on: database)
        query.group(.or) { group in
            for prefix in prefixes { group.filter(\.$unitPath, .custom("LIKE"), "\(prefix)%") }
        }
        if let step { query.filter(\.$workingStep == step.rawValue) }
        let rows = try await query.sort(\.$updatedAt, .descending).limit(limit * 2).all()
        return Array(rows.filter { canSeeAsStaff($0, principal) }.prefix(limit))
    }

    // MARK: Internals

    static let proactiveTerms = ObligationTerms.workingDays(promised: 20, statutory: 20)

    private static func validated(_ draft: DisclosureDraft, now: Date, on database: any Database) async throws -> DisclosureDraft {
        let codes = Set(try await categories(on: database).map(\.code))
        return try draft.validated(categories: codes, today: CivilDate.beijing(now))
    }

    private static func copy(_ draft: DisclosureDraft, into item: DisclosureItem) {
        item.title = draft.title
        item.categoryCode = draft.categoryCode
        item.documentNumber = draft.documentNumber
        item.issuer = draft.issuer
        item.writtenOnText = draft.writtenOn.description
        item.form = draft.form.rawValue
        item.validity = draft.validity.rawValue
    }

    private static func saveVersion(_ number: Int, of item: DisclosureItem, draft: DisclosureDraft, principal: Principal, now: Date, on database: any Database) async throws {
        let version = DisclosureVersion()
        version.id = Effects.current.newID()
        version.itemID = try item.requireID()
        version.number = number
        try version.setDraft(draft)
        version.draftedByAccountID = principal.accountID
        version.draftedByName = principal.displayName
        version.createdAt = now
        try await version.create(on: database)
    }

    private static func copyAttachments(of itemID: UUID, from source: Int, to target: Int, now: Date, on database: any Database) async throws {
        for attachment in try await attachments(of: itemID, version: source, on: database) {
            let copy = DisclosureAttachment()
            copy.id = Effects.current.newID()
            copy.itemID = itemID
            copy.versionNumber = target
            copy.fileName = attachment.fileName
            copy.blobSHA256 = attachment.blobSHA256
            copy.size = attachment.size
            copy.mediaType = attachment.mediaType
            copy.createdAt = now
            try await copy.create(on: database)
        }
    }

    /// The public item's row in the search index follows what the public sees; an item not proactively disclosed has none.
    private static func reindex(_ item: DisclosureItem, draft: DisclosureDraft, on database: any Database) async throws {
        guard item.isPublic else {
            try await DisclosureSearch.remove(item, on: database)
            return
        }
        let categories = try await categories(on: database)
        try await DisclosureSearch.index(item, draft: draft, categoryPath: path(of: draft.categoryCode, in: categories), on: database)
    }

    /// Writes every public item's search row again, under the rowid it had, from the version the public sees: for when the
    /// index's form changes.
    static func rebuildSearchIndex(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        try await sql.raw("DELETE FROM disclosure_search").run()
        let categories = try await categories(on: database)
        var last: Int64 = 0
        while true {
            let items = try await DisclosureItem.query(on: database).filter(\.$searchID > last).sort(\.$searchID).limit(500).all()
            guard let final = items.last?.searchID else { return }
            let drafts = try await publishedDrafts(of: items, on: database)
            for item in items {
                guard let rowid = item.searchID, let draft = drafts[try item.requireID()] else { continue }
                try await DisclosureSearch.write(item, draft: draft, categoryPath: path(of: draft.categoryCode, in: categories), rowid: rowid, on: database)
            }
            last = final
        }
    }

    /// Saves the item with its version moved on, only if nobody else moved it first.
    private static func bump(_ item: DisclosureItem, now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AuditLogError.needsSQLDatabase }
        let read = item.version
        let updated = try await sql.update(DisclosureItem.schema).set("version", to: read + 1)
            .where("id", .equal, item.requireID()).where("version", .equal, read).returning("id").all()
        guard !updated.isEmpty else { throw DisclosureStoreError.changedSinceRead }
        item.version = read + 1
        item.updatedAt = now
        try await item.save(on: database)
    }

    private static func openClock(for item: DisclosureItem, version: Int, from start: Date, calendar: WorkCalendar, now: Date, on database: any Database) async throws {
        let clock = try ObligationClock.start(at: start, terms: proactiveTerms, calendar: calendar)
        try await ObligationStore.open(
            RunningObligation(key: ObligationKey(.proactiveDisclosure, version), clock: clock, responsibleRole: .disclosureOfficer, label: item.title),
            for: ObligationSubject(type: "disclosure_item", id: try item.requireID(), label: String(item.title.prefix(60)), unitID: item.unitID, unitPath: item.unitPath),
            context: try await obligationContext(calendar, now, database), on: database)
    }

    private static func obligationContext(_ calendar: WorkCalendar, _ now: Date, _ database: any Database) async throws -> ObligationContext {
        ObligationContext(calendar: calendar, escalation: try await SupervisionSettingsStore.load(on: database).escalation, now: now)
    }

    private static func record(
        _ item: DisclosureItem, action: String, step: DisclosureStep?, text: String?, versionNumber: Int, actor: AuditActor, at now: Date,
        on database: any Database
    ) async throws {
        let itemID = try item.requireID()
        let last = try await DisclosureReviewEvent.query(on: database).filter(\.$itemID == itemID).sort(\.$sequence, .descending).first()
        let event = DisclosureReviewEvent()
        event.id = Effects.current.newID()
        event.itemID = itemID
        event.versionNumber = versionNumber
        event.sequence = (last?.sequence ?? 0) + 1
        event.action = action
        event.step = step?.rawValue
        event.text = text
        event.actorAccountID = actor.accountID
        event.actorName = actor.name
        event.at = now
        try await event.create(on: database)
        try await AuditLog.append(
            AuditEvent(action: "disclosure.\(action)", objectType: "disclosure_item", objectID: item.indexNumber ?? itemID.uuidString.lowercased(),
                       summary: "\(item.title.prefix(80)) v\(versionNumber)" + (text.map { ": \($0.prefix(120))" } ?? "")),
            by: actor.within(item.unitPath), at: now, on: database)
    }
}
