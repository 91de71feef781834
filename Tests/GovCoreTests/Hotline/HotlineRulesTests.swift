import Foundation
@testable import GovCore
import Testing

/// The hotline's rules: routing, the ticket's state machine (return once, reopen once, one extension, call-back), and
/// the checks on what callers send.
@Suite("Hotline rules")
struct HotlineRulesTests {
    static let market = UUID()
    static let marketDistrict = UUID()
    static let housing = UUID()
    static let fallback = UUID()
    static let rules = [
        RoutingRule(categoryPrefix: "03", unitID: market),
        RoutingRule(categoryPrefix: "03", regionCode: "310101", unitID: marketDistrict),
        RoutingRule(categoryPrefix: "0101", unitID: housing),
        RoutingRule(categoryPrefix: "01", unitID: fallback),
    ]

    @Test("routing picks the longest category prefix, then a rule for the place over one for anywhere; nothing matches, nothing is routed")
    func routing() {
        #expect(HotlineRouting.route(category: "0301", regionCode: nil, rules: Self.rules)?.unitID == Self.market)
        #expect(HotlineRouting.route(category: "0301", regionCode: "310202", rules: Self.rules)?.unitID == Self.market)
        #expect(HotlineRouting.route(category: "0301", regionCode: "310101001", rules: Self.rules)?.unitID == Self.marketDistrict)
        #expect(HotlineRouting.route(category: "0101", regionCode: "310101", rules: Self.rules)?.unitID == Self.housing)
        #expect(HotlineRouting.route(category: "0102", regionCode: nil, rules: Self.rules)?.unitID == Self.fallback)
        #expect(HotlineRouting.route(category: "09", regionCode: nil, rules: Self.rules) == nil)
        // A prefix is matched on whole codes: "0" is no rule for "03".
        #expect(HotlineRouting.route(category: "0301", regionCode: nil, rules: [RoutingRule(categoryPrefix: "0401", unitID: Self.market)]) == nil)
    }

    @Test("a department may return a ticket once, with a reason; the second return is refused, and so is a return by the hotline")
    func returnOnce() throws {
        let assigned = TicketFacts(state: .assigned)
        try TicketRules.check(.return, on: assigned, by: .department)
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.return, on: assigned, by: .hotline) }
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.return, on: assigned, by: .caller) }
        let returnedBefore = TicketFacts(state: .assigned, returnCount: 1)
        #expect(throws: HotlineProblem.alreadyReturned) { try TicketRules.check(.return, on: returnedBefore, by: .department) }
        #expect(!TicketRules.available(on: returnedBefore, to: .department).contains(.return))
        #expect(throws: HotlineProblem.wrongState(.replied)) { try TicketRules.check(.return, on: TicketFacts(state: .replied), by: .department) }
        // A returned ticket is the hotline's to route again.
        #expect(TicketRules.available(on: TicketFacts(state: .returned, returnCount: 1), to: .hotline) == [.answer, .dispatch])
        #expect(throws: HotlineProblem.reasonRequired) { try TicketRules.reason("  ") }
        #expect(try TicketRules.reason(" 不属于本单位职责 ") == "不属于本单位职责")
    }

    @Test("one extension: asked by the department within the maximum, decided by the hotline; a second is refused")
    func extensionOnce() throws {
        let assigned = TicketFacts(state: .assigned)
        try TicketRules.check(.requestExtension, on: assigned, by: .department)
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.requestExtension, on: assigned, by: .hotline) }
        #expect(throws: HotlineProblem.noExtensionRequested) { try TicketRules.check(.approveExtension, on: assigned, by: .hotline) }
        let pending = TicketFacts(state: .assigned, extensionRequested: true)
        #expect(throws: HotlineProblem.extensionPending) { try TicketRules.check(.requestExtension, on: pending, by: .department) }
        try TicketRules.check(.approveExtension, on: pending, by: .hotline)
        try TicketRules.check(.refuseExtension, on: pending, by: .hotline)
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.approveExtension, on: pending, by: .department) }
        let extended = TicketFacts(state: .assigned, extensionCount: 1)
        #expect(throws: HotlineProblem.alreadyExtended) { try TicketRules.check(.requestExtension, on: extended, by: .department) }
        // A department still replies while its request is pending.
        try TicketRules.check(.reply, on: pending, by: .department)

        let settings = HotlineSettings()
        #expect(try TicketRules.extensionAmount("10", unit: .workingDays, settings: settings) == 10)
        #expect(throws: HotlineProblem.extensionAmount(maximum: 10, unit: .workingDays)) {
            try TicketRules.extensionAmount("11", unit: .workingDays, settings: settings)
        }
        #expect(throws: HotlineProblem.extensionAmount(maximum: 24, unit: .hours)) { try TicketRules.extensionAmount("0", unit: .hours, settings: settings) }
        #expect(throws: HotlineProblem.extensionAmount(maximum: 24, unit: .hours)) { try TicketRules.extensionAmount("两天", unit: .hours, settings: settings) }
        #expect(try TicketRules.extensionAmount("24", unit: .hours, settings: settings) == 24)
    }

    @Test("the call-back follows a reply, by the hotline or the caller; only a bad rating may be reopened, once")
    func callBackAndReopen() throws {
        let replied = TicketFacts(state: .replied)
        try TicketRules.check(.callBack, on: replied, by: .hotline)
        try TicketRules.check(.callBack, on: replied, by: .caller)
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.callBack, on: replied, by: .department) }
        #expect(throws: HotlineProblem.wrongState(.assigned)) { try TicketRules.check(.callBack, on: TicketFacts(state: .assigned), by: .hotline) }

        let satisfied = TicketFacts(state: .closed, satisfaction: .satisfied)
        #expect(throws: HotlineProblem.notDissatisfied) { try TicketRules.check(.reopen, on: satisfied, by: .caller) }
        let unhappy = TicketFacts(state: .closed, satisfaction: .dissatisfied)
        try TicketRules.check(.reopen, on: unhappy, by: .caller)
        try TicketRules.check(.reopen, on: unhappy, by: .hotline)
        #expect(throws: HotlineProblem.notPermitted) { try TicketRules.check(.reopen, on: unhappy, by: .department) }
        let reopenedBefore = TicketFacts(state: .closed, reopenCount: 1, satisfaction: .veryDissatisfied)
        #expect(throws: HotlineProblem.alreadyReopened) { try TicketRules.check(.reopen, on: reopenedBefore, by: .caller) }
        #expect(Satisfaction.dissatisfied.isBad && Satisfaction.veryDissatisfied.isBad && !Satisfaction.basicallySatisfied.isBad)
    }

    @Test("limits by kind and urgency: 5 working days and 2 hours by default, configurable within bounds")
    func limits() throws {
        let defaults = HotlineSettings()
        #expect(defaults.limit(for: .complaint, urgency: .ordinary) == .workingDays(5))
        #expect(defaults.limit(for: .complaint, urgency: .urgent) == .hours(2))
        #expect(defaults.terms(for: .help, urgency: .urgent) == ObligationTerms(unit: .hours, promised: 2, statutory: 2))
        let custom = HotlineSettings(ordinary: [TicketKind.suggestion.rawValue: .workingDays(15)])
        #expect(custom.limit(for: .suggestion, urgency: .ordinary) == .workingDays(15))
        #expect(custom.limit(for: .question, urgency: .ordinary) == .workingDays(5))
        try custom.validate()
        let wrong = HotlineSettings(ordinary: [TicketKind.report.rawValue: .workingDays(0)], urgent: .hours(500), maxExtensionWorkingDays: 31)
        let errors = try #require(throws: FieldErrors.self) { try wrong.validate() }
        #expect(Set(errors.entries.map(\.field)) == ["ordinary_report", "urgent", "max_extension_days"])
    }

    static let categories: Set<String> = ["03", "0301"]
    static let regions: Set<String> = ["310101"]

    @Test("a draft is checked field by field; a contact is required except for a report")
    func draftValidation() throws {
        let valid = try TicketDraft(kind: "complaint", category: "0301", regionCode: "310101", description: "  超市卖过期食品  ", callerName: "张伟",
                                    callerPhone: "138-0013-8000")
            .validated(categories: Self.categories, regions: Self.regions, contactRequired: true)
        #expect(valid.kind == .complaint && valid.urgency == .ordinary)
        #expect(valid.subject == "超市卖过期食品" && valid.description == "超市卖过期食品")
        let errors = try #require(throws: FieldErrors.self) {
            try TicketDraft(kind: "rant", urgency: "now", category: "99", regionCode: "999", latitude: "91", longitude: "10", description: "",
                            callerPhone: "call me", callerEmail: "not-an-email")
                .validated(categories: Self.categories, regions: Self.regions, contactRequired: true)
        }
        #expect(Set(errors.entries.map(\.field)) == ["kind", "urgency", "category", "region", "lat", "description", "caller_phone", "caller_email"])
        let noContact = try #require(throws: FieldErrors.self) {
            try TicketDraft(kind: "complaint", category: "03", description: "噪声").validated(categories: Self.categories, regions: [], contactRequired: true)
        }
        #expect(noContact.entries.map(\.field) == ["caller_phone"])
        let anonymousReport = try TicketDraft(kind: "report", category: "03", description: "无证经营")
            .validated(categories: Self.categories, regions: [], contactRequired: true)
        #expect(anonymousReport.callerPhone == nil && anonymousReport.kind.isConfidential)
        #expect(throws: FieldErrors.self) {
            try TicketDraft(kind: "question", category: "03", description: String(repeating: "长", count: 4001), callerPhone: "12345")
                .validated(categories: Self.categories, regions: [], contactRequired: true)
        }
    }

    @Test("similar tickets share their character pairs; different matters do not")
    func similarity() {
        let first = TicketSimilarity.pairs("幸福路88号超市出售过期牛奶")
        let second = TicketSimilarity.pairs("幸福路超市卖过期牛奶")
        let other = TicketSimilarity.pairs("小区夜间施工噪声扰民")
        #expect(TicketSimilarity.score(first, second) >= TicketSimilarity.threshold)
        #expect(TicketSimilarity.score(first, other) < TicketSimilarity.threshold)
        #expect(TicketSimilarity.score([], first) == 0)
    }

    @Test("ticket numbers are read back as typed; category codes come in pairs under an existing parent")
    func numbersAndCodes() throws {
        let number = TicketNumber.make(date: CivilDate("2026-12-03")!, sequence: 42)
        #expect(number == "RX20261203000042")
        #expect(TicketNumber.parse("rx 2026-1203-000042") == number)
        #expect(TicketNumber.parse("RX2026") == nil)
        #expect(TicketNumber.parse("RX2026120300004A") == nil)
        try HotlineCategory.checkCode("0302", existing: Self.categories)
        #expect(throws: HotlineProblem.categoryCode) { try HotlineCategory.checkCode("0901", existing: Self.categories) }
        #expect(throws: HotlineProblem.categoryCode) { try HotlineCategory.checkCode("031", existing: Self.categories) }
        #expect(throws: HotlineProblem.categoryTaken) { try HotlineCategory.checkCode("0301", existing: Self.categories) }
        let codes = Set(HotlineCategory.standardTree.map(\.code))
        #expect(codes.count == HotlineCategory.standardTree.count)
        #expect(HotlineCategory.standardTree.allSatisfy { $0.parentCode.map(codes.contains) ?? true })
    }
}

/// Open311 GeoReport v2 requests as the specification writes them.
@Suite("Open311 mapping")
struct Open311MappingTests {
    @Test("the specification's sample POST becomes a ticket draft; a location and a service code are required")
    func draft() throws {
        // The POST example of http://wiki.open311.org/GeoReport_v2#POST_Service_Request
        let sample = ["api_key": "xyz", "jurisdiction_id": "city.gov", "service_code": "001", "lat": "37.76524078", "long": "-122.4212043",
                      "address_string": "1234 5th street", "email": "smit222@sfgov.edu", "device_id": "tt222111", "account_id": "123456",
                      "first_name": "john", "last_name": "smith", "phone": "111111111", "description": "A large sinkhole is destroying the street",
                      "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg", "attribute[WHISPAWN]": "123456"]
        let draft = try Open311.draft(sample)
        #expect(draft.category == "001" && draft.latitude == "37.76524078" && draft.longitude == "-122.4212043")
        #expect(draft.address == "1234 5th street" && draft.callerName == "smith john" && draft.callerEmail == "smit222@sfgov.edu")
        #expect(draft.kind == "help" && draft.description == "A large sinkhole is destroying the street")
        #expect(try Open311.draft(["service_code": "0301", "address_id": "A1", "description": "x", "attribute[kind]": "complaint"]).kind == "complaint")
        #expect(throws: Open311Problem.missing("service_code")) { try Open311.draft(["description": "x", "lat": "1", "long": "2"]) }
        #expect(throws: Open311Problem.missing("lat & long, address_string or address_id")) {
            try Open311.draft(["service_code": "0301", "description": "x", "lat": "1"])
        }
        #expect(throws: Open311Problem.missing("description")) { try Open311.draft(["service_code": "0301", "address_string": "here", "description": " "]) }
    }

    @Test("open until government has answered; only what staff published with consent is listed, never a report, and a letter only once answered")
    func statusAndListing() throws {
        #expect(Open311.status(of: .assigned) == "open" && Open311.status(of: .returned) == "open")
        #expect(Open311.status(of: .replied) == "closed" && Open311.status(of: .closed) == "closed")
        #expect(!Open311.isListed(kind: .complaint, published: false), "a complaint staff have not published is in no public list")
        #expect(Open311.isListed(kind: .complaint, published: true))
        #expect(!Open311.isListed(kind: .report, published: true))
        #expect(throws: HotlineProblem.noConsent) {
            try TicketPublication.check(kind: .complaint, channel: .web, consent: false, replied: true, state: .replied)
        }
        #expect(throws: HotlineProblem.noConsent) {
            try TicketPublication.check(kind: .suggestion, channel: .mailbox, consent: false, replied: true, state: .replied)
        }
        #expect(throws: HotlineProblem.wrongState(.assigned)) {
            try TicketPublication.check(kind: .suggestion, channel: .mailbox, consent: true, replied: false, state: .assigned)
        }
        #expect(throws: HotlineProblem.notPermitted) { try TicketPublication.check(kind: .report, channel: .web, consent: true, replied: true, state: .replied) }
        try TicketPublication.check(kind: .suggestion, channel: .mailbox, consent: true, replied: true, state: .replied)
        try TicketPublication.check(kind: .complaint, channel: .open311, consent: true, replied: false, state: .assigned)
        #expect(Open311Problem.apiKey.code == 403 && Open311Problem.notFound("x").code == 404 && Open311Problem.format.code == 400)
    }
}
