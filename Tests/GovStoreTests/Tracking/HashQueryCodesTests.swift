import FluentKit
import Foundation
import GovCore
@testable import GovStore
import GovStoreTestSupport
import SQLKit
import Testing

@Suite("Migrations 023 and 024: query codes filed before are hashed")
struct HashQueryCodesTests {
    @Test("a plain code becomes its keyed hash and still tracks; hashes are left alone; running again changes nothing")
    func hashesPlainCodesOnce() async throws {
        try await withStoreTest { test in
            let key = test.queryCodeKey
            let tickets = try await TicketRecord.query(on: test.db).sort(\.$number).all()
            // The test city has no disclosure requests: one is filed.
            let f = ApprovalFixtures(test: test)
            let request = try await DisclosureRequestStoreTests.file(f, try await f.citizen)
            let ticket = try #require(tickets.first)
            // As rows filed before the key came in hold them.
            ticket.queryCode = "K7M2QX"
            try await ticket.save(on: test.db)
            request.queryCode = "M2QXK7"
            try await request.save(on: test.db)
            let untouched = try #require(tickets.last).queryCode
            #expect(QueryCodeKey.isHashed(untouched))

            for _ in 0..<2 { try await HashQueryCodes(key: key).prepare(on: test.db) }

            let storedTicket = try #require(try await TicketRecord.find(ticket.requireID(), on: test.db)).queryCode
            let storedRequest = try #require(try await DisclosureRequestRecord.find(request.requireID(), on: test.db)).queryCode
            #expect(storedTicket == key.hash("K7M2QX") && storedRequest == key.hash("M2QXK7"))
            #expect(try await TicketRecord.find(tickets.last?.requireID(), on: test.db)?.queryCode == untouched)
            #expect(try await HotlineStore.track(number: ticket.number, code: "k7m2qx", key: key, on: test.db)?.id == ticket.id)
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: "M2QXK7", key: key, on: test.db)?.id == request.id)
            #expect(try await HotlineStore.track(number: ticket.number, code: "K7M2QY", key: key, on: test.db) == nil)
            for table in HashQueryCodes.tables {
                let plain = try await (test.db as! any SQLDatabase).select().column("query_code").from(table).all()
                    .map { try $0.decode(column: "query_code", as: String.self) }.filter { !QueryCodeKey.isHashed($0) }
                #expect(plain.isEmpty, "\(table) keeps \(plain.count) plain codes")
            }
        }
    }

    @Test("024: a case's and a bundle's plain codes become their keyed hashes and still track; hashes are left alone; running again changes nothing")
    func hashesCaseAndBundleCodesOnce() async throws {
        try await withStoreTest { test in
            let key = test.queryCodeKey
            let db = test.db
            let f = ApprovalFixtures(test: test)
            let (market, health) = (try await f.market, try await f.health)
            let food = try await f.publish(try ApprovalFixtures.definition(of: market, mainItem: 99001, name: "食品经营许可"), of: market)
            let hygiene = try await f.publish(try ApprovalFixtures.definition(of: health, mainItem: 99002, name: "公共场所卫生许可", feeFen: nil), of: health)
            let enterprise = try await f.enterprise
            let received = ApprovalFixtures.beijing("2026-09-01 09:30")
            let plainCase = try await f.file(food, by: try await f.citizen, at: received)
            let hashedCase = try await f.file(food, by: enterprise, at: received.addingTimeInterval(60))
            let context = try await f.context(at: received.addingTimeInterval(120))
            let details = try await f.applicant(enterprise)
            let filed = try await test.writeGate.transaction(on: db) { db in
                try await BundleStore.submit(
                    title: "开办餐饮店一件事", matters: [food, hygiene], form: ApprovalFixtures.form, files: [try ApprovalFixtures.pdf()],
                    applicant: details, channel: .online, intakePath: try await f.centrePath(db), by: enterprise.actor, context: context, on: db)
            }
            // As rows filed before cases' codes were hashed hold them.
            let sql = try #require(db as? any SQLDatabase)
            try await sql.update("cases").set("query_code", to: "K7M2QX").where("id", .equal, plainCase.row.requireID()).run()
            try await sql.update("case_bundles").set("query_code", to: "M2QXK7").where("id", .equal, filed.bundle.requireID()).run()
            let untouched = try #require(try await ApprovalCase.find(hashedCase.row.requireID(), on: db)).queryCode
            #expect(QueryCodeKey.isHashed(untouched))
            // 023 leaves cases and bundles alone: they are 024's.
            try await HashQueryCodes(key: key).prepare(on: db)
            #expect(try await ApprovalCase.find(plainCase.row.requireID(), on: db)?.queryCode == "K7M2QX")
            // The plain code still tracks before the migration (a row not yet hashed is compared as typed).
            #expect(try await CaseStore.track(trackingNumber: plainCase.row.trackingNumber, queryCode: "k7m2qx", key: key, on: db)?.row.id == plainCase.row.id)

            for _ in 0..<2 { try await HashCaseQueryCodes(key: key).prepare(on: db) }

            let storedCase = try #require(try await ApprovalCase.find(plainCase.row.requireID(), on: db)).queryCode
            let storedBundle = try #require(try await CaseBundle.find(filed.bundle.requireID(), on: db)).queryCode
            #expect(storedCase == key.hash("K7M2QX") && storedBundle == key.hash("M2QXK7"))
            #expect(try await ApprovalCase.find(hashedCase.row.requireID(), on: db)?.queryCode == untouched)
            #expect(try await CaseStore.track(trackingNumber: plainCase.row.trackingNumber, queryCode: "k7m2qx", key: key, on: db)?.row.id == plainCase.row.id)
            #expect(try await CaseStore.track(trackingNumber: plainCase.row.trackingNumber, queryCode: "K7M2QY", key: key, on: db) == nil)
            #expect(try await CaseStore.track(trackingNumber: hashedCase.row.trackingNumber, queryCode: hashedCase.queryCode, key: key, on: db)?.row.id == hashedCase.row.id)
            for part in filed.parts {
                #expect(try await CaseStore.track(trackingNumber: part.row.trackingNumber, queryCode: part.queryCode, key: key, on: db)?.row.id == part.row.id)
            }
            #expect(HashCaseQueryCodes.tables == [ApprovalCase.schema, CaseBundle.schema])
            for table in HashCaseQueryCodes.tables {
                let plain = try await sql.select().column("query_code").from(table).all()
                    .map { try $0.decode(column: "query_code", as: String.self) }.filter { !QueryCodeKey.isHashed($0) }
                #expect(plain.isEmpty, "\(table) keeps \(plain.count) plain codes")
            }
        }
    }
}
