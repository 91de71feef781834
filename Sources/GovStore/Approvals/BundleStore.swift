import FluentKit
import Foundation
import GovCore

/// A joint application just filed, with the query codes as given: the bundle's and each part's. Only their hashes are
/// stored, so this is the one time they are seen.
public struct FiledBundle: Sendable {
    public var bundle: CaseBundle
    public var queryCode: String
    public var parts: [FiledCase]

    public init(bundle: CaseBundle, queryCode: String, parts: [FiledCase]) {
        self.bundle = bundle
        self.queryCode = queryCode
        self.parts = parts
    }
}

/// 并联审批 (一件事一次办): one application for several matters, filed once, each part a case of its own.
public enum BundleStore {
    /// Files one application for `matters`: shared form values and materials are handed in once and given to every
    /// part that lists them; the first matter's department leads and receives; the bundle's own limit is
    /// 45 working days (Art. 42 ¶2). Query codes are stored only as hashes under `context.queryCodeKey`; the ones
    /// returned are the only time they are seen. Call inside a transaction.
    public static func submit(
        title: String, matters: [Matter], form: [String: String], files: [CheckedFile], applicant: ApplicantDetails,
        channel: ApplicationChannel, intakePath: String, by actor: AuditActor, context: CaseContext, on database: any Database
    ) async throws -> FiledBundle {
        try BundleRules.check(matterCount: matters.count, distinctMatters: Set(matters.compactMap(\.id)).count)
        guard let lead = matters.first else { throw BundleError.tooFewMatters }
        let today = CivilDate.beijing(context.now)
        let sequence = try await Counters.next("tracking:\(context.regionCode):\(today)", on: database)
        var generator = EffectsRandom()
        let bundle = CaseBundle()
        bundle.id = Effects.current.newID()
        bundle.trackingNumber = try TrackingNumber.make(regionCode: context.regionCode, date: today, sequence: sequence).value
        let queryCode = QueryCode.generate(using: &generator)
        bundle.queryCode = context.queryCodeKey.hash(queryCode)
        bundle.title = title.trimmedNonEmpty ?? matters.map(\.nameZh).joined(separator: "、")
        bundle.leadDepartmentID = lead.$department.id
        bundle.leadDepartmentPath = lead.departmentPath
        bundle.applicantAccountID = applicant.accountID
        bundle.applicantName = applicant.name
        bundle.receivedAt = context.now
        (bundle.statutoryDue, bundle.dueIsProvisional) = try CaseRules.due(
            from: context.now, workingDays: BundleRules.statutoryDays, pauses: [], calendar: context.calendar)
        bundle.extensionDays = 0
        try await bundle.create(on: database)

        var parts: [FiledCase] = []
        var errors = FieldErrors()
        for matter in matters {
            let definition = try await MatterStore.current(of: matter, on: database).definition
            let own = files.filter { definition.material($0.materialKey) != nil }
            let ownForm = form.filter { key, _ in definition.form.fields.contains { $0.name == key } }
            do {
                parts.append(try await CaseStore.submit(
                    matter: matter, form: ownForm, files: own, applicant: applicant, channel: channel, intakePath: intakePath,
                    bundleID: bundle.id, by: actor, context: context, on: database))
            } catch let partErrors as FieldErrors {
                for entry in partErrors.entries where !errors.entries.contains(where: { $0.field == entry.field }) {
                    errors.add(entry.field, entry.failure)
                }
            }
        }
        try errors.throwIfAny()
        let settings = try await SupervisionSettingsStore.load(on: database)
        try await ObligationStore.open(
            RunningObligation(
                key: ObligationKey(.bundle),
                clock: try ObligationClock.start(
                    at: context.now, terms: .workingDays(promised: BundleRules.statutoryDays, statutory: BundleRules.statutoryDays),
                    calendar: context.calendar),
                responsibleRole: .departmentHead, label: bundle.title),
            for: subject(of: bundle, intakePath: intakePath), context: obligationContext(context, settings), on: database)
        try await AuditLog.append(
            AuditEvent(action: "bundle.submit", objectType: "bundle", objectID: bundle.trackingNumber,
                       summary: "\(bundle.title): \(parts.map(\.row.trackingNumber).joined(separator: ", "))"),
            by: actor.within(lead.departmentPath), at: context.now, on: database)
        return FiledBundle(bundle: bundle, queryCode: queryCode, parts: parts)
    }

    /// The lead department's head extends the bundle once by up to 15 working days, with a reason (Art. 42 ¶2).
    public static func extend(
        _ bundleID: UUID, days: Int, reason: String, principal: Principal?, by actor: AuditActor, context: CaseContext,
        on database: any Database
    ) async throws -> CaseBundle {
        guard let bundle = try await CaseBundle.find(bundleID, on: database) else { throw CaseStoreError.notFound }
        guard CaseAccess.headsBundle(principal, bundle.scope) else { throw CaseStoreError.forbidden }
        try BundleRules.checkExtension(days: days, alreadyExtended: bundle.extensionDays > 0, reason: reason)
        bundle.extensionDays = days
        bundle.extensionReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        (bundle.statutoryDue, bundle.dueIsProvisional) = try CaseRules.due(
            from: bundle.receivedAt, workingDays: BundleRules.statutoryDays + days, pauses: [], calendar: context.calendar)
        try await bundle.save(on: database)
        if let obligation = try await ObligationStore.running(of: bundleID, on: database)[ObligationKey(.bundle)] {
            var clock = try obligation.clock()
            try clock.extend(by: days, at: context.now, calendar: context.calendar)
            let settings = try await SupervisionSettingsStore.load(on: database)
            try await ObligationStore.move(obligation, to: clock, context: obligationContext(context, settings), on: database)
        }
        try await AuditLog.append(
            AuditEvent(action: "bundle.extend", objectType: "bundle", objectID: bundle.trackingNumber, summary: "+\(days) working days: \(reason)"),
            by: actor.within(bundle.leadDepartmentPath), at: context.now, on: database)
        return bundle
    }

    /// The applicant's own joint application and its parts, in tracking order, if `codes` are the parts' query codes
    /// in that order (the filing's answer carries them; only their hashes are kept); `nil` otherwise.
    public static func receipt(
        _ bundleID: UUID, of accountID: UUID, codes: [String], key: QueryCodeKey, on database: any Database
    ) async throws -> (bundle: CaseBundle, parts: [ApprovalCase])? {
        guard let bundle = try await CaseBundle.find(bundleID, on: database), bundle.applicantAccountID == accountID else { return nil }
        let parts = try await parts(of: bundleID, on: database)
        guard parts.count == codes.count, zip(parts, codes).allSatisfy({ key.matches($1, stored: $0.queryCode) }) else { return nil }
        return (bundle, parts)
    }

    public static func parts(of bundleID: UUID, on database: any Database) async throws -> [ApprovalCase] {
        try await ApprovalCase.query(on: database).filter(\.$bundleID == bundleID).sort(\.$trackingNumber).all()
    }

    /// Marks the bundle complete once every part is finished, and with it the bundle's 45-working-day obligation.
    static func completeIfFinished(_ bundleID: UUID, context: CaseContext, on database: any Database) async throws {
        guard let bundle = try await CaseBundle.find(bundleID, on: database), bundle.completedAt == nil else { return }
        let states = try await parts(of: bundleID, on: database).map(\.caseState)
        guard BundleRules.isComplete(states) else { return }
        bundle.completedAt = context.now
        try await bundle.save(on: database)
        if let obligation = try await ObligationStore.running(of: bundleID, on: database)[ObligationKey(.bundle)] {
            let settings = try await SupervisionSettingsStore.load(on: database)
            // Every part withdrawn: nothing was left to decide.
            let cancelled = states.allSatisfy { $0 == .withdrawn }
            try await ObligationStore.complete(obligation, cancelled: cancelled, context: obligationContext(context, settings), on: database)
        }
    }

    static func subject(of bundle: CaseBundle, intakePath: String?) throws -> ObligationSubject {
        ObligationSubject(
            type: "bundle", id: try bundle.requireID(), label: bundle.trackingNumber, unitID: bundle.leadDepartmentID,
            unitPath: bundle.leadDepartmentPath, reachPath: intakePath)
    }

    static func obligationContext(_ context: CaseContext, _ settings: SupervisionSettings) -> ObligationContext {
        ObligationContext(calendar: context.calendar, escalation: settings.escalation, now: context.now)
    }
}
