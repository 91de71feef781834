import FluentKit
import Foundation
@testable import GovStore
import Testing

/// Every model lists its property wrappers by hand (`properties`): FluentKit's default finds them by reflection on
/// every query, which was the largest single cost of a filing in the profile (issue 22). A list that misses or
/// reorders a wrapper would silently leave a column unread or unwritten, so each is checked against reflection here.
@Suite("Models list every property wrapper, in declaration order")
struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        Counter.self, Blob.self, Matter.self, MatterVersion.self, CaseBundle.self, ApprovalCase.self, CaseEvent.self,
        CaseMaterial.self, FeeRecord.self, IssuedCertificate.self, AuditEntry.self, AuditChainHead.self, AuditCheckpoint.self,
        CalendarYear.self, CalendarDay.self, CreditRecordRow.self, DisclosureCategoryRecord.self, DisclosureItem.self,
        DisclosureVersion.self, DisclosureReviewEvent.self, DisclosureAttachment.self, DisclosureRequestRecord.self,
        DisclosureRequestEvent.self, DisclosureReportFigure.self, HotlineCategoryRecord.self, HotlineRoutingRecord.self,
        TicketRecord.self, TicketEventRecord.self, KnowledgeRecord.self, RatingFollowUpRecord.self, Account.self,
        RoleAssignment.self, OrganisationUnit.self, UserSession.self, APIToken.self, SignInThrottle.self,
        ConsultationRecord.self, ConsultationCommentRecord.self, SurveyRecord.self, SurveyResponseRecord.self,
        HearingRecord.self, HearingRegistrationRecord.self, PetitionRecord.self, PetitionEventRecord.self,
        RegistryImportRecord.self, SyncConflict.self, SharingResourceRecord.self, SharingDataRecord.self,
        SharingRequestRecord.self, SharingGrantRecord.self, ExchangeAccessEntry.self, ExchangeAccessHead.self,
        ObligationRecord.self, ObligationEvent.self, InboxMessage.self, ViolationRecord.self, SupervisionOrderRecord.self,
        SupervisionOrderEvent.self, JobLease.self, SupervisionSetting.self,
    ]

    static func reflected(_ model: any Model) -> [ObjectIdentifier] {
        Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0 as AnyObject) }
    }

    @Test("each model's listed properties are the wrappers reflection finds, the same objects in the same order")
    func listedAsReflected() {
        for type in Self.models {
            let model = type.init()
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            #expect(listed == Self.reflected(model), "\(type)")
        }
    }

    /// The names of the classes GovStore's sources declare as models.
    static func declaredModelNames() throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/GovStore")
        var names = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                guard let match = line.firstMatch(of: /final class (\w+): Model\b/) else { continue }
                names.insert(String(match.1))
            }
        }
        return names
    }

    @Test("every model in GovStore is checked")
    func everyModelChecked() throws {
        let declared = try Self.declaredModelNames()
        let checked = Set(Self.models.map { String(describing: $0) })
        #expect(declared.subtracting(checked).isEmpty, "not checked: \(declared.subtracting(checked).sorted())")
        #expect(declared.count == Self.models.count)
    }
}
