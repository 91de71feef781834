import FluentKit
import Foundation
import GovCore
@testable import GovStore
import GovTestSupport
import SQLKit
import Testing

@Suite("Migration 023: query codes filed before are hashed")
struct HashQueryCodesTests {
    @Test("a plain code becomes its keyed hash and still tracks; hashes are left alone; running again changes nothing")
    func hashesPlainCodesOnce() async throws {
        try await withTestApp { test in
            let key = test.app.govhall.queryCodeKey
            let tickets = try await TicketRecord.query(on: test.app.db).sort(\.$number).all()
            // The test city has no disclosure requests: one is filed.
            let f = ApprovalFixtures(test: test)
            let request = try await DisclosureRequestStoreTests.file(f, try await f.citizen)
            let ticket = try #require(tickets.first)
            // As rows filed before the key came in hold them.
            ticket.queryCode = "K7M2QX"
            try await ticket.save(on: test.app.db)
            request.queryCode = "M2QXK7"
            try await request.save(on: test.app.db)
            let untouched = try #require(tickets.last).queryCode
            #expect(QueryCodeKey.isHashed(untouched))

            for _ in 0..<2 { try await HashQueryCodes(key: key).prepare(on: test.app.db) }

            let storedTicket = try #require(try await TicketRecord.find(ticket.requireID(), on: test.app.db)).queryCode
            let storedRequest = try #require(try await DisclosureRequestRecord.find(request.requireID(), on: test.app.db)).queryCode
            #expect(storedTicket == key.hash("K7M2QX") && storedRequest == key.hash("M2QXK7"))
            #expect(try await TicketRecord.find(tickets.last?.requireID(), on: test.app.db)?.queryCode == untouched)
            #expect(try await HotlineStore.track(number: ticket.number, code: "k7m2qx", key: key, on: test.app.db)?.id == ticket.id)
            #expect(try await DisclosureRequestStore.track(number: request.number, queryCode: "M2QXK7", key: key, on: test.app.db)?.id == request.id)
            #expect(try await HotlineStore.track(number: ticket.number, code: "K7M2QY", key: key, on: test.app.db) == nil)
            for table in HashQueryCodes.tables {
                let plain = try await (test.app.db as! any SQLDatabase).select().column("query_code").from(table).all()
                    .map { try $0.decode(column: "query_code", as: String.self) }.filter { !QueryCodeKey.isHashed($0) }
                #expect(plain.isEmpty, "\(table) keeps \(plain.count) plain codes")
            }
        }
    }
}
