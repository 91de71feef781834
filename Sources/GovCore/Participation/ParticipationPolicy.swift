import Foundation

/// What staff do with a consultation or a hearing they run.
public enum ParticipationAction: String, CaseIterable, Sendable {
    /// Approve or reject a comment (and publish it, in reviewed words, if its writer allowed).
    case moderate
    /// Publish the summary of what was adopted (采纳情况).
    case summarise
    /// Choose the hearing's participants, or draw them by lot.
    case select
    /// Publish the hearing's record (听证笔录).
    case record
}

/// Who may run and who may take part in consultations, surveys, hearings and petitions. A department's staff (its
/// reviewers and its head) put out drafts, surveys and hearings for their own unit and answer for them (public
/// participation in 《重大行政决策程序暂行条例》); signed-in people take part in their own name. Petitions
/// (《信访工作条例》, see ``PetitionRules``) are received by the petition office (here the hotline centre's operators)
/// and handled by the department they are sent to; only its head extends the time to answer (第三十二条).
public enum ParticipationPolicy {
    /// The department roles that run participation for their unit.
    public static let managingRoles: Set<Role> = [.reviewer, .departmentHead]

    // MARK: Consultations, surveys, hearings

    /// Whether `principal` may enter the participation workbench: a reviewer or head somewhere.
    public static func canManage(_ principal: Principal?) -> Bool {
        principal?.holdsAny(of: managingRoles) ?? false
    }

    /// Whether `principal` runs the unit's consultations, surveys and hearings.
    public static func manages(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.grants.contains { managingRoles.contains($0.role) && $0.covers(unitPath: unitPath) } ?? false
    }

    /// The grant whose unit a staff member puts new consultations, surveys and hearings out for: their first reviewer
    /// or head grant.
    public static func publishingGrant(_ principal: Principal?) -> RoleGrant? {
        principal?.grants.first { managingRoles.contains($0.role) }
    }

    /// The role an audit entry records for a staff member: the head's if they hold it, else the reviewer's.
    public static func actingRole(_ principal: Principal?) -> Role {
        principal?.has(.departmentHead) ?? false ? .departmentHead : .reviewer
    }

    /// What `principal` may do now with a consultation of the unit at `unitPath` in `phase`: moderate until the
    /// summary is out, summarise once the period has closed (the period of 第十五条 runs its course before the
    /// department answers what it adopted).
    public static func allowedActions(_ principal: Principal?, onConsultationOf unitPath: String, phase: ConsultationRules.Phase) -> Set<ParticipationAction> {
        guard manages(unitPath: unitPath, principal) else { return [] }
        var actions: Set<ParticipationAction> = []
        if phase != .summarised { actions.insert(.moderate) }
        if phase == .closed { actions.insert(.summarise) }
        return actions
    }

    /// What `principal` may do now with a hearing of the unit at `unitPath` in `phase`: choose participants once
    /// registration has closed, publish the record once it has been held.
    public static func allowedActions(_ principal: Principal?, onHearingOf unitPath: String, phase: HearingRules.Phase) -> Set<ParticipationAction> {
        guard manages(unitPath: unitPath, principal) else { return [] }
        switch phase {
        case .selecting: return [.select]
        case .held: return [.record]
        case .registering, .recorded: return []
        }
    }

    /// Whether `principal` takes part in their own name (comments, answers, registrations, petitions): an applicant.
    public static func takesPart(_ principal: Principal?) -> Bool {
        principal?.has(.applicant) ?? false
    }

    /// Whether `principal` may comment on a consultation in `phase`: an applicant, while it is open.
    public static func canComment(_ principal: Principal?, phase: ConsultationRules.Phase) -> Bool {
        phase == .open && takesPart(principal)
    }

    /// Whether `principal` may register for a hearing in `phase`: an applicant not yet registered, while registration is open.
    public static func canRegister(_ principal: Principal?, phase: HearingRules.Phase, alreadyRegistered: Bool) -> Bool {
        phase == .registering && takesPart(principal) && !alreadyRegistered
    }

    // MARK: Petitions

    /// The roles that handle petitions: the petition office and the departments petitions are sent to.
    public static let petitionRoles: Set<Role> = [.hotlineOperator, .reviewer, .departmentHead]

    /// Whether `principal` may enter the petitions workbench.
    public static func handlesPetitions(_ principal: Principal?) -> Bool {
        principal?.holdsAny(of: petitionRoles) ?? false
    }

    /// Whether `principal` works in the petition office, which sends petitions on.
    public static func isPetitionOffice(_ principal: Principal?) -> Bool {
        principal?.has(.hotlineOperator) ?? false
    }

    /// The parts `principal` plays on a petition with the department at `unitPath` (nil until it is sent on).
    public static func petitionActors(_ principal: Principal?, unitPath: String?) -> [PetitionActor] {
        guard let principal else { return [] }
        var actors: [PetitionActor] = []
        if isPetitionOffice(principal) { actors.append(.office) }
        if let unitPath {
            if principal.has(.reviewer, over: unitPath) { actors.append(.department) }
            if principal.has(.departmentHead, over: unitPath) { actors.append(.departmentHead) }
        }
        return actors
    }

    /// Whether `principal` may read a petition: its petitioner, those who handle it, supervisors over its department.
    public static func canReadPetition(_ principal: Principal?, unitPath: String?, petitionerAccountID: UUID) -> Bool {
        guard let principal else { return false }
        return petitionerAccountID == principal.accountID || !petitionActors(principal, unitPath: unitPath).isEmpty
            || (unitPath.map { principal.has(.supervisor, over: $0) } ?? false)
    }

    /// What `principal` may do now with a petition.
    public static func allowedPetitionActions(_ principal: Principal?, unitPath: String?, state: PetitionState, extended: Bool) -> Set<PetitionAction> {
        Set(PetitionRules.available(state: state, extended: extended, to: petitionActors(principal, unitPath: unitPath)))
    }

    /// The role an audit entry records for petition work: the head's, the reviewer's, else the office's.
    public static func petitionActingRole(_ principal: Principal?) -> Role {
        guard let principal else { return .hotlineOperator }
        return principal.has(.departmentHead) ? .departmentHead : principal.has(.reviewer) ? .reviewer : .hotlineOperator
    }

    /// The department units whose petitions fill `principal`'s inbox.
    public static func petitionInboxPaths(_ principal: Principal?) -> Set<String> {
        Set(principal?.grants.filter { managingRoles.contains($0.role) }.map(\.unitPath) ?? [])
    }
}
