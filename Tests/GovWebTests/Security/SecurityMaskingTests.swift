import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Personal identifiers in full only where the reader needs them: the owner and the staff who handle the matter.
/// Pages open to anyone holding a number and code, public listings, and supervision show them masked.
@Suite("Security: personal identifiers masked where not needed")
struct SecurityMaskingTests {
    @Test("public pages and supervision show the victim's ID number, phone and name masked; the owner and the handling staff see them in full")
    func masking() async throws {
        try await withTestApp(demoCases: true) { test in
            let victim = try await Victim.load(on: test.app.db, key: test.app.govhall.queryCodeKey)
            let maskedID = Mask.identifier(victim.residentID)
            let maskedName = Mask.personName(victim.name)
            let anyone = TestBrowser(test.app)

            // Holding the receipt's number and code shows progress, not the person.
            let tracked = try await anyone.get("/track?number=\(victim.caseTrackingNumber)&code=\(victim.caseQueryCode)")
            #expect(tracked.status == .ok)
            #expect(!tracked.text.contains(victim.residentID) && !tracked.text.contains(victim.phone), "/track shows his full ID or phone")
            let ticket = try await anyone.get("/hotline/track?number=\(victim.ticketNumber)&code=\(victim.ticketQueryCode)")
            #expect(ticket.status == .ok)
            #expect(!ticket.text.contains(victim.phone) && !ticket.text.contains(victim.name), "/hotline/track shows his phone or full name")
            #expect(ticket.text.contains(maskedName))
            let request = try await anyone.get("/disclosure/track?number=\(victim.disclosureNumber)&code=\(victim.disclosureQueryCode)")
            #expect(request.status == .ok)
            #expect(victim.leaks(in: request.text.replacingOccurrences(of: victim.disclosureQueryCode, with: "")).isEmpty, "/disclosure/track shows \(victim.leaks(in: request.text))")

            // Public listings: published letters, Open311, consultations, hearings.
            let letters = try await TicketRecord.query(on: test.app.db).filter(\.$accountID == victim.accountID).filter(\.$publishedAt != nil).all()
            for letter in letters {
                let page = try await anyone.get("/mailbox/letters/\(try letter.requireID().lower)")
                #expect(page.status == .ok)
                #expect(victim.leaks(in: page.text).isEmpty, "a published letter shows \(victim.leaks(in: page.text))")
            }
            for path in ["/mailbox", "/api/v1/mailbox", "/open311/v2/requests.json", "/open311/v2/requests/\(victim.ticketNumber).json",
                         "/participation", "/api/v1/consultations", "/api/v1/hearings", "/disclosure", "/credit"] {
                let page = try await anyone.get(path)
                #expect(page.status.code < 500, "\(path) → \(page.status.code)")
                #expect(victim.leaks(in: page.text).isEmpty, "\(path) shows \(victim.leaks(in: page.text))")
            }
            for consultation in try await ConsultationRecord.query(on: test.app.db).all() {
                let page = try await anyone.get("/participation/consultations/\(try consultation.requireID().lower)")
                #expect(victim.leaks(in: page.text).isEmpty, "a consultation page shows \(victim.leaks(in: page.text))")
            }

            // Supervision watches the handling, not the person: masked.
            let supervisor = try await SecurityPeople.browser(test, as: "supervisor")
            let watched = try await supervisor.get("/supervision/cases/\(victim.caseID.lower)")
            #expect(watched.status == .ok)
            #expect(!watched.text.contains(victim.residentID), "supervision shows his full ID number")
            #expect(watched.text.contains(maskedID))
            #expect(!watched.text.contains(victim.phone), "supervision shows his full phone")
            for path in ["/supervision", "/supervision/obligations", "/supervision/violations", "/supervision/lights.csv", "/supervision/obligations.csv"] {
                let page = try await supervisor.get(path)
                #expect(!page.text.contains(victim.residentID) && !page.text.contains(victim.phone), "\(path) shows his full ID or phone")
            }
            // His own account page shows his phone masked (he knows it; a shoulder-surfer need not).
            let own = try await SecurityPeople.browser(test, as: "citizen")
            let account = try await own.get("/account")
            #expect(!account.text.contains(victim.phone) && account.text.contains(Mask.phone(victim.phone)))
            // Last: the owner's page renews his case's query code, which the tracking above used.
            try await Self.fullWhereEntitled(test, victim)
        }
    }

    /// The owner and the accepting clerk see what they need in full.
    static func fullWhereEntitled(_ test: TestApp, _ victim: Victim) async throws {
        do {
            let owner = try await SecurityPeople.browser(test, as: "citizen")
            let own = try await owner.get("/my/cases/\(victim.caseID.lower)")
            #expect(own.status == .ok)
            // Only the code's hash is kept, so his case page cannot give it again: it offers a new one, and the answer
            // to asking gives it to him, once (issue 20, item 8).
            #expect(!own.text.contains(victim.caseQueryCode))
            #expect(own.text.contains("action=\"/my/cases/\(victim.caseID.lower)/query-code\""), "the owner's case page offers a new query code")
            let renewed = try await owner.post("/my/cases/\(victim.caseID.lower)/query-code", form: [])
            #expect(renewed.status == .ok)
            let stored = try #require(try await ApprovalCase.find(victim.caseID, on: test.app.db)).queryCode
            let shown = try #require(renewed.text.components(separatedBy: "<strong class=\"mono query-code\">").dropFirst().first?.prefix(6)).description
            #expect(test.app.govhall.queryCodeKey.hash(shown) == stored, "the answer gives him the code now stored")
            #expect(try await TestBrowser(test.app).get("/api/v1/track?number=\(victim.caseTrackingNumber)&code=\(shown)").status == .ok)
            let row = try #require(try await ApprovalCase.find(victim.caseID, on: test.app.db))
            let clerk = try await SecurityPeople.browser(test, as: "clerk")
            let handled = try await clerk.get("/workbench/cases/\(victim.caseID.lower)")
            if handled.status == .ok {
                #expect(handled.text.contains(row.applicantIdentifier), "the clerk checks the applicant's ID against the papers")
            } else {
                // Not at the clerk's centre: then the department's reviewer handles it.
                let reviewer = try await SecurityPeople.browser(test, as: "reviewer")
                let reviewed = try await reviewer.get("/workbench/cases/\(victim.caseID.lower)")
                #expect(reviewed.status == .ok && reviewed.text.contains(row.applicantIdentifier))
            }
            // The hotline operator who calls back needs the caller's number.
            let operatorBrowser = try await SecurityPeople.browser(test, as: "operator")
            let ticket = try await operatorBrowser.get("/workbench/hotline/tickets/\(victim.ticketID.lower)")
            #expect(ticket.status == .ok && ticket.text.contains(victim.phone))
        }
    }
}
