import Foundation
@testable import GovCore
import Testing

/// Who runs and who takes part in participation (issue 21, item 1): role × state × action, with a department outside
/// the grant's reach.
@Suite("Participation policy")
struct ParticipationPolicyTests {
    static let city = "/city/"
    static let market = "/city/market/"
    static let transport = "/city/transport/"

    static func person(_ role: Role, at unit: String, subtree: Bool = false) -> Principal {
        Principal(accountID: UUID(), kind: role == .applicant ? .citizen : .staff, displayName: "x",
                  grants: [RoleGrant(role: role, unitID: nil, unitPath: unit, includesSubtree: subtree)])
    }

    /// (role, grant, consultation phase of a market consultation, action, allowed)
    static let consultations: [(Role, String, ConsultationRules.Phase, ParticipationAction, Bool)] = [
        (.reviewer, market, .open, .moderate, true),
        (.departmentHead, market, .closed, .moderate, true),
        (.reviewer, market, .summarised, .moderate, false),
        (.reviewer, market, .closed, .summarise, true),
        (.departmentHead, market, .open, .summarise, false),
        (.reviewer, market, .scheduled, .summarise, false),
        (.reviewer, market, .summarised, .summarise, false),
        (.reviewer, transport, .open, .moderate, false),
        (.departmentHead, transport, .closed, .summarise, false),
        (.reviewer, city, .open, .moderate, false),
        (.supervisor, market, .open, .moderate, false),
        (.hotlineOperator, market, .closed, .summarise, false),
        (.applicant, market, .open, .moderate, false),
    ]

    @Test(arguments: consultations)
    func consultation(role: Role, unit: String, phase: ConsultationRules.Phase, action: ParticipationAction, allowed: Bool) {
        let principal = Self.person(role, at: unit)
        #expect(ParticipationPolicy.allowedActions(principal, onConsultationOf: Self.market, phase: phase).contains(action) == allowed)
    }

    /// (role, grant, subtree, hearing phase of a market hearing, action, allowed)
    static let hearings: [(Role, String, Bool, HearingRules.Phase, ParticipationAction, Bool)] = [
        (.reviewer, market, false, .selecting, .select, true),
        (.reviewer, market, false, .registering, .select, false),
        (.departmentHead, market, false, .held, .record, true),
        (.departmentHead, market, false, .selecting, .record, false),
        (.departmentHead, market, false, .recorded, .record, false),
        (.reviewer, transport, false, .selecting, .select, false),
        (.reviewer, city, true, .selecting, .select, true),
        (.supervisor, market, false, .held, .record, false),
        (.applicant, market, false, .held, .record, false),
    ]

    @Test(arguments: hearings)
    func hearing(role: Role, unit: String, subtree: Bool, phase: HearingRules.Phase, action: ParticipationAction, allowed: Bool) {
        let principal = Self.person(role, at: unit, subtree: subtree)
        #expect(ParticipationPolicy.allowedActions(principal, onHearingOf: Self.market, phase: phase).contains(action) == allowed)
    }

    /// (role, petition state, extended, action, allowed) on a petition with the market; a transport reviewer does nothing.
    static let petitions: [(Role, PetitionState, Bool, PetitionAction, Bool)] = [
        (.hotlineOperator, .received, false, .route, true),
        (.reviewer, .received, false, .route, false),
        (.reviewer, .routed, false, .accept, true),
        (.departmentHead, .routed, false, .decline, true),
        (.hotlineOperator, .routed, false, .accept, false),
        (.reviewer, .accepted, false, .extend, false),
        (.departmentHead, .accepted, false, .extend, true),
        (.departmentHead, .accepted, true, .extend, false),
        (.reviewer, .accepted, false, .answer, true),
        (.supervisor, .accepted, false, .answer, false),
        (.applicant, .accepted, false, .answer, false),
    ]

    @Test(arguments: petitions)
    func petition(role: Role, state: PetitionState, extended: Bool, action: PetitionAction, allowed: Bool) {
        let unit: String? = state == .received ? nil : Self.market
        let inside = Self.person(role, at: role == .hotlineOperator ? Self.city : Self.market)
        #expect(ParticipationPolicy.allowedPetitionActions(inside, unitPath: unit, state: state, extended: extended).contains(action) == allowed)
        let outside = Self.person(role, at: Self.transport)
        if role != .hotlineOperator {
            #expect(!ParticipationPolicy.allowedPetitionActions(outside, unitPath: unit, state: state, extended: extended).contains(action))
        }
    }

    @Test("who enters, who takes part, who reads a petition, and the role recorded")
    func audiences() {
        let rows: [(Role, Bool, Bool, Bool, Role)] = [
            // role, manages, takes part, handles petitions, acting role (participation)
            (.reviewer, true, false, true, .reviewer),
            (.departmentHead, true, false, true, .departmentHead),
            (.hotlineOperator, false, false, true, .reviewer),
            (.applicant, false, true, false, .reviewer),
            (.supervisor, false, false, false, .reviewer),
        ]
        for (role, manages, takesPart, petitions, acting) in rows {
            let principal = Self.person(role, at: Self.market)
            #expect(ParticipationPolicy.canManage(principal) == manages, "\(role)")
            #expect(ParticipationPolicy.takesPart(principal) == takesPart, "\(role)")
            #expect(ParticipationPolicy.handlesPetitions(principal) == petitions, "\(role)")
            #expect(ParticipationPolicy.actingRole(principal) == acting, "\(role)")
        }
        let applicant = Self.person(.applicant, at: Self.city)
        #expect(ParticipationPolicy.canComment(applicant, phase: .open))
        #expect(!ParticipationPolicy.canComment(applicant, phase: .closed))
        #expect(!ParticipationPolicy.canComment(Self.person(.reviewer, at: Self.market), phase: .open))
        #expect(ParticipationPolicy.canRegister(applicant, phase: .registering, alreadyRegistered: false))
        #expect(!ParticipationPolicy.canRegister(applicant, phase: .registering, alreadyRegistered: true))
        #expect(ParticipationPolicy.canReadPetition(applicant, unitPath: Self.market, petitionerAccountID: applicant.accountID))
        #expect(!ParticipationPolicy.canReadPetition(applicant, unitPath: Self.market, petitionerAccountID: UUID()))
        #expect(ParticipationPolicy.canReadPetition(Self.person(.supervisor, at: Self.market), unitPath: Self.market, petitionerAccountID: UUID()))
        #expect(!ParticipationPolicy.canReadPetition(Self.person(.supervisor, at: Self.transport), unitPath: Self.market, petitionerAccountID: UUID()))
        #expect(ParticipationPolicy.petitionActingRole(Self.person(.hotlineOperator, at: Self.city)) == .hotlineOperator)
    }
}
