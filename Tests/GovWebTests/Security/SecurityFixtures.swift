import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// The demo citizen 张伟 is the victim of the security suites: his cases, tickets, petition and disclosure
/// requests are the records everyone else tries to reach. These are his records and the strings that must never
/// reach a page he did not open himself (or a page of staff entitled to them).
struct Victim: Sendable {
    var accountID: UUID
    var name: String
    var residentID: String
    var phone: String
    var caseID: UUID
    var caseTrackingNumber: String
    var caseQueryCode: String
    var materialID: UUID
    var eventID: UUID
    var certificateID: UUID?
    var bundleID: UUID?
    var ticketID: UUID
    var ticketNumber: String
    var ticketQueryCode: String
    var petitionID: UUID
    var disclosureRequestID: UUID
    var disclosureNumber: String
    var disclosureQueryCode: String
    var roleGrantID: UUID
    /// Every query code of his records: any one of them lets a stranger follow his matter.
    var queryCodes: [String]

    /// What a page not entitled to his records must not contain. His name is common, so it is checked only where no
    /// full name of an applicant should appear at all (the masked form `张*` is allowed).
    var personalData: [String] { [name, residentID, phone] + queryCodes }

    /// Query codes are stored only as keyed hashes, so the records whose codes the suites need are given fresh
    /// codes here, known to the fixture and stored through `key` just as filing stores them.
    static func load(on db: any Database, key: QueryCodeKey) async throws -> Victim {
        let account = try #require(try await Account.query(on: db).filter(\.$username == "citizen").first())
        let id = try account.requireID()
        let cases = try await ApprovalCase.query(on: db).filter(\.$applicantAccountID == id).sort(\.$receivedAt).all()
        // One of his cases that has a material and a notice, so every nested route has a real record to aim at.
        var chosen: (ApprovalCase, CaseMaterial, CaseEvent)?
        for row in cases {
            if let material = try await CaseMaterial.query(on: db).filter(\.$caseID == row.requireID()).first(),
               let event = try await CaseEvent.query(on: db).filter(\.$caseID == row.requireID()).first() {
                chosen = (row, material, event)
                break
            }
        }
        let (row, material, event) = try #require(chosen, "the demo citizen has a case with a material and an event")
        let ticket = try #require(try await TicketRecord.query(on: db).filter(\.$accountID == id).sort(\.$receivedAt).first())
        let tickets = try await TicketRecord.query(on: db).filter(\.$accountID == id).all()
        let petition = try #require(try await PetitionRecord.query(on: db).filter(\.$accountID == id).first())
        let requests = try await DisclosureRequestRecord.query(on: db).filter(\.$accountID == id).all()
        var random = SystemRandomNumberGenerator()
        var requestCodes: [String] = []
        for record in requests {
            let code = QueryCode.generate(using: &random)
            record.queryCode = key.hash(code)
            try await record.save(on: db)
            requestCodes.append(code)
        }
        var caseCodes: [UUID: String] = [:]
        for record in cases {
            let code = QueryCode.generate(using: &random)
            record.queryCode = key.hash(code)
            try await record.save(on: db)
            caseCodes[try record.requireID()] = code
        }
        var ticketCodes: [UUID: String] = [:]
        for record in tickets {
            let code = QueryCode.generate(using: &random)
            record.queryCode = key.hash(code)
            try await record.save(on: db)
            ticketCodes[try record.requireID()] = code
        }
        let request = try #require(requests.first)
        let grant = try #require(try await RoleAssignment.query(on: db).filter(\.$account.$id == id).first())
        let certificate = try await IssuedCertificate.query(on: db).filter(\.$holderAccountID == id).first()
        let bundle = try await CaseBundle.query(on: db).filter(\.$applicantAccountID == id).first()
        return Victim(
            accountID: id, name: account.displayName, residentID: try #require(account.residentID), phone: try #require(account.phone),
            caseID: try row.requireID(), caseTrackingNumber: row.trackingNumber, caseQueryCode: try #require(caseCodes[row.requireID()]),
            materialID: try material.requireID(), eventID: try event.requireID(),
            certificateID: try certificate?.requireID(), bundleID: try bundle?.requireID(),
            ticketID: try ticket.requireID(), ticketNumber: ticket.number, ticketQueryCode: try #require(ticketCodes[ticket.requireID()]),
            petitionID: try petition.requireID(),
            disclosureRequestID: try request.requireID(), disclosureNumber: request.number, disclosureQueryCode: try #require(requestCodes.first),
            roleGrantID: try grant.requireID(),
            queryCodes: Array(caseCodes.values) + ticketCodes.values + requestCodes
        )
    }

    /// The strings of `personalData` found in a response body.
    func leaks(in text: String) -> [String] { personalData.filter { text.contains($0) } }
}

extension UUID {
    var lower: String { uuidString.lowercased() }
}

/// Ids of records that are nobody's in particular (an order, a disclosure item, a consultation …), the first of each
/// in the demo city, so a route's handler is reached with something that exists.
struct DemoRecords: Sendable {
    var values: [String: String]

    static func load(on db: any Database) async throws -> DemoRecords {
        var values: [String: String] = [:]
        func put(_ key: String, _ id: UUID?) { values[key] = (id ?? UUID()).lower }
        put("orderID", try await SupervisionOrderRecord.query(on: db).first()?.id)
        put("itemID", try await DisclosureItem.query(on: db).first()?.id)
        put("attachmentID", try await DisclosureAttachment.query(on: db).first()?.id)
        put("consultationID", try await ConsultationRecord.query(on: db).first()?.id)
        put("commentID", try await ConsultationCommentRecord.query(on: db).first()?.id)
        put("surveyID", try await SurveyRecord.query(on: db).first()?.id)
        put("hearingID", try await HearingRecord.query(on: db).first()?.id)
        put("letterID", try await TicketRecord.query(on: db).filter(\.$publishedAt != nil).first()?.id)
        put("sharingRequestID", try await SharingRequestRecord.query(on: db).first()?.id)
        put("resourceID", try await SharingResourceRecord.query(on: db).first()?.id)
        put("sharingGrantID", try await SharingGrantRecord.query(on: db).first()?.id)
        put("importID", try await RegistryImportRecord.query(on: db).first()?.id)
        put("tokenID", try await APIToken.query(on: db).first()?.id)
        put("ruleID", try await HotlineRoutingRecord.query(on: db).first()?.id)
        put("followUpID", try await RatingFollowUpRecord.query(on: db).first()?.id)
        put("recordID", try await CreditRecordRow.query(on: db).first()?.id)
        values["sharingRequestNumber"] = try await SharingRequestRecord.query(on: db).first()?.number ?? "0"
        values["resourceCode"] = try await SharingResourceRecord.query(on: db).first()?.code ?? "0"
        values["matterCode"] = try #require(try await Matter.query(on: db).first()?.code)
        return DemoRecords(values: values)
    }
}

/// The people of the matrix: a stranger, each demo account, and a second citizen registered in the test.
enum SecurityPeople {
    static let applicants: Set<String> = ["citizen", "enterprise", "stranger-citizen"]
    static let workbench: Set<String> = ["clerk", "reviewer", "head", "disclosure", "secrecy", "steward", "steward-ps", "steward-ca", "operator"]
    static let staff: Set<String> = workbench.union(["admin", "supervisor"])
    /// Demo accounts first; the administrator last, since its empty-bodied posts may revoke things others need.
    static let all = ["anonymous", "citizen", "enterprise", "stranger-citizen", "supervisor", "clerk", "reviewer", "head", "disclosure",
                      "secrecy", "steward", "steward-ps", "steward-ca", "operator", "admin"]
    /// People who are neither the victim nor staff: nothing of his may ever reach them.
    static let outsiders: Set<String> = ["anonymous", "enterprise", "stranger-citizen"]

    static let strangerUsername = "lisi-security"
    static let strangerPassword = "Correct-Horse-42!"
    static let strangerResidentID: String = {
        let body = "11010519850615321"
        return body + String(ResidentIdentityNumber.checkCharacter(for: body)!)
    }()

    /// A browser signed in as `person` (anonymous: none), through the real forms.
    static func browser(_ test: TestApp, as person: String) async throws -> TestBrowser {
        let browser = TestBrowser(test.app)
        switch person {
        case "anonymous":
            try await browser.get("/")
        case "stranger-citizen":
            try await browser.get("/register?kind=citizen")
            let response = try await browser.post("/register", form: [
                ("kind", "citizen"), ("username", strangerUsername), ("displayName", "李四"), ("residentID", strangerResidentID),
                ("phone", "13900139000"), ("password", strangerPassword), ("passwordConfirmation", strangerPassword),
            ])
            #expect(response.status == .seeOther, "registering the stranger: \(response.status.code)")
            if browser.cookie("govhall_session") == nil { try await browser.signIn(strangerUsername, strangerPassword) }
        default:
            let response = try await browser.signIn(person, try #require(test.passwords[person], "no demo password for \(person)"))
            #expect(response.status == .seeOther, "\(person) could not sign in")
        }
        return browser
    }
}
