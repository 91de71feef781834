import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor

/// Tracking numbers are printed on receipts and are sequential by law and by habit; they must open nothing without
/// the query code, and a wrong guess must not say which half was wrong. Record ids are random UUIDs.
@Suite("Security: numbers and ids are not guessable into another's records")
struct SecurityGuessingTests {
    /// The number with its last digit group moved by `step`: the receipt a neighbour in the queue holds.
    static func adjacent(_ number: String, by step: Int) -> String {
        let digits = number.reversed().prefix { $0.isNumber }.reversed()
        let head = number.dropLast(digits.count)
        guard let value = Int(String(digits)) else { return number + "1" }
        let moved = String(max(0, value + step))
        return head + String(repeating: "0", count: max(0, digits.count - moved.count)) + moved
    }

    /// A page's answer without what differs between any two requests (the request id, the echoed input).
    static func shape(_ response: BrowserResponse, removing inputs: [String]) -> String {
        var text = response.text
        for input in inputs where !input.isEmpty { text = text.replacingOccurrences(of: input, with: "…") }
        return text
    }

    // One seeded city for the three checks: seeding the demo cases is the slow part, on PostgreSQL above all.
    @Test("tracking numbers need their own query code (adjacent numbers, no code, a wrong code: the same 404); query codes and ids are not guessable")
    func notGuessable() async throws {
        try await withTestApp(demoCases: true) { test in
            try await Self.queryCodes(test)
            try await Self.idsAreRandom(test)
            let victim = try await Victim.load(on: test.app.db, key: test.app.govhall.queryCodeKey)
            let anyone = try await SecurityPeople.browser(test, as: "stranger-citizen")
            let kinds: [(page: String, api: (String, String) -> String, number: String, code: String)] = [
                ("/track", { "/api/v1/track?number=\($0)&code=\($1)" }, victim.caseTrackingNumber, victim.caseQueryCode),
                ("/hotline/track", { "/api/v1/hotline/tickets/\($0)?code=\($1)" }, victim.ticketNumber, victim.ticketQueryCode),
                ("/disclosure/track", { "/api/v1/disclosure/requests/\($0)?code=\($1)" }, victim.disclosureNumber, victim.disclosureQueryCode),
            ]
            for kind in kinds {
                // The right pair opens it (so the refusals below refuse something that exists).
                #expect(try await anyone.get("\(kind.page)?number=\(kind.number)&code=\(kind.code)").status == .ok, "\(kind.page) with the right code")
                #expect(try await anyone.get(kind.api(kind.number, kind.code)).status == .ok, "\(kind.api(kind.number, kind.code)) with the right code")

                let wrongCode = kind.code == "AAAAAA" ? "BBBBBB" : "AAAAAA"
                var refusals: [(String, BrowserResponse)] = []
                for (number, code) in [(kind.number, ""), (kind.number, wrongCode), (kind.number, kind.code.lowercased() + "x"),
                                       (Self.adjacent(kind.number, by: 1), kind.code), (Self.adjacent(kind.number, by: -1), kind.code),
                                       ("", kind.code)] {
                    // Each probe in a window of its own: the shape of a refusal is checked here, the throttle that
                    // follows five wrong codes in `SecurityThrottleTests`.
                    test.clock.advance(by: SignInThrottleRule.perTrackingNumber.window + 1)
                    let page = try await anyone.get("\(kind.page)?number=\(number)&code=\(code)")
                    let api = try await anyone.get(kind.api(number, code))
                    // With no number the path is the filing endpoint's, which takes only POST: 405 says so (issue 20, item 11).
                    #expect(number.isEmpty ? [400, 404, 405].contains(api.status.code) : api.status == .notFound, "\(kind.api(number, code)) → \(api.status.code)")
                    if !(number.isEmpty && code.isEmpty) {
                        #expect([400, 404].contains(page.status.code), "\(kind.page)?number=\(number)&code=\(code) → \(page.status.code)")
                    }
                    // The form echoes what was typed; anything else of his is a leak.
                    let shown = victim.leaks(in: Self.shape(page, removing: [number, code])) + victim.leaks(in: Self.shape(api, removing: [number, code]))
                    #expect(shown.isEmpty, "\(kind.page) \(number)/\(code) shows his \(shown)")
                    refusals.append(("\(number)/\(code)", page))
                }
                // Wrong code and unknown number read alike: the answer does not tell which half to change.
                let wrong = try #require(refusals.first { $0.0 == "\(kind.number)/\(wrongCode)" }?.1)
                let unknown = try #require(refusals.first { $0.0 == "\(Self.adjacent(kind.number, by: 1))/\(kind.code)" }?.1)
                #expect(wrong.status == unknown.status)
                test.clock.advance(by: SignInThrottleRule.perTrackingNumber.window + 1)
                let apiWrong = try await anyone.get(kind.api(kind.number, wrongCode))
                let apiUnknown = try await anyone.get(kind.api(Self.adjacent(kind.number, by: 1), kind.code))
                #expect(apiWrong.status == apiUnknown.status)
                let wrongBody = try JSONDecoder().decode([String: [String: String]].self, from: Data(apiWrong.text.utf8))
                let unknownBody = try JSONDecoder().decode([String: [String: String]].self, from: Data(apiUnknown.text.utf8))
                #expect(wrongBody == unknownBody, "the API's refusal differs for a wrong code and an unknown number on \(kind.page)")
            }
        }
    }

    /// Query codes are stored only as keyed hashes, for every kind of filing (issue 20, item 8); the codes filing gives
    /// are long and varied enough not to be guessed, and differ between records.
    static func queryCodes(_ test: TestApp) async throws {
        do {
            let cases = try await ApprovalCase.query(on: test.app.db).all().map(\.queryCode)
            let bundles = try await CaseBundle.query(on: test.app.db).all().map(\.queryCode)
            let tickets = try await TicketRecord.query(on: test.app.db).all().map(\.queryCode)
            let requests = try await DisclosureRequestRecord.query(on: test.app.db).all().map(\.queryCode)
            // Stored as keyed hashes, these show nothing of the codes' length or symbols (the generator's, checked
            // below); distinct hashes are distinct codes, as the key is one.
            for (kind, stored) in [("case", cases), ("bundle", bundles), ("ticket", tickets), ("disclosure request", requests)] {
                #expect(!stored.isEmpty, "the demo city has no \(kind)")
                #expect(stored.allSatisfy(QueryCodeKey.isHashed), "\(kind) query codes stored as typed: \(stored.filter { !QueryCodeKey.isHashed($0) }.count)")
                #expect(Set(stored).count >= stored.count - 1, "\(kind) query codes repeat")
            }
            // The codes as given: what every filing draws (``QueryCode/generate(using:)``, with the system's generator).
            var generator = SystemRandomNumberGenerator()
            let codes = (0..<200).map { _ in QueryCode.generate(using: &generator) }
            // Six characters of 30 symbols is 7×10⁸ guesses per number.
            #expect(codes.allSatisfy { $0.count >= 6 }, "query codes shorter than 6: \(codes.filter { $0.count < 6 }.prefix(3))")
            #expect(Set(codes).count >= codes.count - 1, "query codes repeat")
            #expect(Set(codes.joined()).count >= 20, "query codes use few symbols: \(Set(codes.joined()).sorted())")
        }
    }

    /// Record ids in URLs are random UUIDs (version 4), not a sequence, in a server: every id a store gives comes from the
    /// application's effects (a test's are a readable sequence, so that its answers repeat), and a server's effects draw
    /// them at random.
    static func idsAreRandom(_ test: TestApp) async throws {
        do {
            let ids = try await ApprovalCase.query(on: test.app.db).sort(\.$receivedAt).all().compactMap(\.id)
                + (try await TicketRecord.query(on: test.app.db).sort(\.$receivedAt).all().compactMap(\.id))
                + (try await PetitionRecord.query(on: test.app.db).all().compactMap(\.id))
                + (try await DisclosureRequestRecord.query(on: test.app.db).sort(\.$receivedAt).all().compactMap(\.id))
                + (try await Account.query(on: test.app.db).all().compactMap(\.id))
            #expect(ids.count > 100)
            let drawnElsewhere = ids.filter { !$0.uuidString.lowercased().hasPrefix("5eed0000-") && !$0.uuidString.lowercased().hasPrefix("7e57") }
            #expect(drawnElsewhere.isEmpty, "ids not drawn from the application's effects: \(drawnElsewhere.prefix(3))")

            let live = (0..<200).map { _ in AppDependencies.live.effects.newID() }
            for id in live {
                let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
                #expect(bytes[6] >> 4 == 4, "\(id) is not a version-4 (random) UUID")
            }
            // Consecutive records share no long prefix, as time-ordered or counter ids would.
            let sharedPrefixes = zip(live, live.dropFirst()).filter { $0.0.uuidString.prefix(6) == $0.1.uuidString.prefix(6) }
            #expect(sharedPrefixes.count <= 1, "consecutive ids share a prefix: \(sharedPrefixes.prefix(3))")
        }
    }
}
