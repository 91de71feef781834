import GovCore
import GovStore
@testable import GovWeb
import Testing
import Vapor

/// One mapping from a refusal to a status, for every area and store (issue 21, item 5): the credit file's refusals, which
/// the old list of cases missed, among them.
struct RefusalStatusTests {
    @Test func everyRefusalHasItsStatus() {
        let table: [(any DomainRefusal, HTTPResponseStatus)] = [
            (CreditProblem.notFound, .notFound), (CreditProblem.notPermitted, .forbidden), (CreditProblem.tooEarly(CivilDate("2027-01-04")!), .badRequest),
            (HotlineProblem.changedSinceRead, .conflict), (ParticipationProblem.notPermitted, .forbidden),
            (CaseStoreError.notFound, .notFound), (CaseStoreError.forbidden, .forbidden), (CaseStoreError.changedSinceRead, .conflict),
            (CaseStoreError.feeItemUnknown, .badRequest), (StoreError.concurrentUpdate, .conflict), (StoreError.notFound, .notFound),
            (MatterStoreError.codeTaken, .badRequest), (CertificateStoreError.alreadyRevoked, .conflict), (CertificateStoreError.reasonRequired, .badRequest),
            (SupervisionOrderStoreError.forbidden, .forbidden), (DisclosureStoreError.changedSinceRead, .conflict),
            (DisclosureRequestStore.Failure.notFound, .notFound), (OversightGrants.Problem.notPermitted, .forbidden),
        ]
        for (refusal, status) in table {
            #expect(AppError(refusal: refusal).status == status, "\(refusal)")
        }
    }

    @Test func aMissingRecordTellsNothingAboutIt() {
        // Not found and conflicts speak the status's own words; refusals of a rule its own.
        #expect(AppError(refusal: CreditProblem.notFound).message(in: .zhHans) == Strings.text("error_404_message", .zhHans))
        #expect(AppError(refusal: CreditProblem.notPermitted).message(in: .en) == CreditProblem.notPermitted.message(in: .en))
        #expect(AppError(refusal: MatterStoreError.codeTaken).message(in: .en) == FieldProblem.alreadyTaken.message(in: .en))
    }
}
