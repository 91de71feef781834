import Foundation

/// Who reads a unit's disclosure work. A request carries the requester's 居民身份证号, phone and address, and an
/// unpublished draft may still hold what the secrecy review is there to catch, so only the roles whose work it is read
/// them (《个人信息保护法》第六条: personal information is handled only as far as the purpose needs; 《政府信息公开条例》
/// 第四条 and 第十七条: each organ designates who does its disclosure work and reviews what it publishes). Supervision
/// watches the work with the requester's details masked.
public enum DisclosureAccess {
    /// Those who act on some step of an item's review before publishing: drafting, department review, secrecy review, sign-off.
    public static let reviewRoles: Set<Role> = DisclosureStep.allCases.reduce(into: []) { $0.formUnion($1.actingRoles) }
    /// Those whose work is answering requests: the officer, the secrecy reviewer and the unit's head.
    public static let requestRoles: Set<Role> = [.disclosureOfficer, .secrecyReviewer, .departmentHead]

    /// Whether `principal` works on drafts anywhere (the workbench's disclosure pages).
    public static func reviewsItems(_ principal: Principal?) -> Bool { principal?.holdsAny(of: reviewRoles) ?? false }

    /// Whether `principal` answers requests anywhere (the workbench's request pages).
    public static func answersRequests(_ principal: Principal?) -> Bool { principal?.holdsAny(of: requestRoles) ?? false }

    /// Whether `principal` may open the unit's unpublished items: one of its reviewers, or a supervisor over it.
    public static func canReadItem(unitPath: String, _ principal: Principal?) -> Bool {
        (principal?.holdsAny(of: reviewRoles, over: unitPath) ?? false) || (principal?.has(.supervisor, over: unitPath) ?? false)
    }

    /// Whether `principal` may open the unit's requests: one who answers them there, or a supervisor over it.
    public static func canReadRequest(unitPath: String, _ principal: Principal?) -> Bool {
        seesRequesterData(unitPath: unitPath, principal) || (principal?.has(.supervisor, over: unitPath) ?? false)
    }

    /// Whether the requester's identifier and contact details are shown in full: to those who answer the unit's requests.
    public static func seesRequesterData(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.holdsAny(of: requestRoles, over: unitPath) ?? false
    }

    /// The unit paths whose items (`requests` false) or requests (`requests` true) `principal` may list.
    public static func listedUnitPaths(_ principal: Principal, requests: Bool) -> Set<String> {
        let roles = (requests ? requestRoles : reviewRoles).union([.supervisor])
        return Set(principal.grants.filter { roles.contains($0.role) }.map(\.unitPath))
    }

    // MARK: Drafting, requests and reports

    /// Disclosure officers draft items and record requests received on paper, each for the units they serve.
    public static func drafts(_ principal: Principal?) -> Bool { principal?.has(.disclosureOfficer) ?? false }

    /// Whether `principal` drafts for, and records paper requests of, the unit at `unitPath`.
    public static func draftsFor(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.disclosureOfficer, over: unitPath) ?? false
    }

    /// A draft is edited, and its attachments changed, by the unit's officers while it is still a draft.
    public static func canEditDraft(_ status: DisclosureStatus, unitPath: String, _ principal: Principal?) -> Bool {
        status.working == .draft && draftsFor(unitPath: unitPath, principal)
    }

    /// The roles `principal` holds over the unit at `unitPath`: what ``DisclosureReview`` offers them.
    public static func roles(over unitPath: String, _ principal: Principal?) -> Set<Role> {
        guard let principal else { return [] }
        return Set(Role.allCases.filter { principal.has($0, over: unitPath) })
    }

    /// Only an applicant's own account requests online, for itself.
    public static func requestsOnline(_ principal: Principal?) -> Bool { principal?.has(.applicant) ?? false }

    /// The annual report (《政府信息公开条例》第四十九条) is recorded by the unit's officer or its head.
    public static func canRecordAnnualReport(unitPath: String, _ principal: Principal?) -> Bool {
        draftsFor(unitPath: unitPath, principal) || (principal?.has(.departmentHead, over: unitPath) ?? false)
    }

    /// The annual report of a unit is read by its officer, its head and its supervisors.
    public static func readsAnnualReport(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.holdsAny(of: annualReportReaders, over: unitPath) ?? false
    }

    /// Whether `principal` reads the annual report of any unit (and so is offered the link to it).
    public static func readsSomeAnnualReport(_ principal: Principal?) -> Bool {
        principal?.roles.contains { annualReportReaders.contains($0) } ?? false
    }

    private static let annualReportReaders: Set<Role> = [.disclosureOfficer, .departmentHead, .supervisor]

    /// The role a report is recorded under: the officer's if they hold it, else the head's.
    public static func annualReportRole(unitPath: String, _ principal: Principal?) -> Role {
        draftsFor(unitPath: unitPath, principal) ? .disclosureOfficer : .departmentHead
    }

}
