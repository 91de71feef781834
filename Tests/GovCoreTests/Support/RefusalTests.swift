import GovCore
import Testing

/// Every area's refusals say what kind they are, so the edge answers each with one status (issue 21, item 5).
struct RefusalTests {
    static let table: [(any DomainRefusal, Refusal)] = [
        (HotlineProblem.notFound, .notFound), (HotlineProblem.notPermitted, .forbidden), (HotlineProblem.changedSinceRead, .conflict),
        (HotlineProblem.noConsent, .invalid),
        (ParticipationProblem.notFound, .notFound), (ParticipationProblem.notPermitted, .forbidden), (ParticipationProblem.notOpen, .invalid),
        (DisclosureProblem.notPermitted, .forbidden), (DisclosureProblem.ownDraft, .forbidden),
        (RequestProblem.notPermitted, .forbidden),
        (CaseError.notPermitted(action: .accept, actor: .applicant), .forbidden), (CaseError.noCurrentStep, .invalid),
        (CreditProblem.notFound, .notFound), (CreditProblem.notPermitted, .forbidden), (CreditProblem.alreadyEnded, .invalid),
        (SharingProblem.notPermitted, .forbidden), (SharingProblem.changedSinceRead, .conflict), (SharingProblem.noFields, .invalid),
        (SupervisionError.orderNotPermitted(action: "close"), .forbidden), (SupervisionError.replyDueInPast, .invalid),
    ]

    @Test func eachAreaSaysWhatKindOfRefusal() {
        for (error, expected) in Self.table {
            #expect(error.refusal == expected, "\(error)")
            #expect(error.failure != nil, "a rule's refusal carries its own words: \(error)")
        }
    }
}
