import GovCore
import Testing

@Suite("Disclosure review chain")
struct DisclosureReviewTests {
    typealias Step = DisclosureStep

    @Test("draft → department review → secrecy review → sign-off → published, each by its own role")
    func wholeChain() throws {
        var status = DisclosureStatus.newDraft
        status = try DisclosureReview.apply(.submit, to: status, roles: [.disclosureOfficer], isDrafter: true)
        #expect(status == DisclosureStatus(publication: .unpublished, working: .departmentReview))
        status = try DisclosureReview.apply(.approve(comment: ""), to: status, roles: [.reviewer], isDrafter: false)
        #expect(status.working == .secrecyReview)
        status = try DisclosureReview.apply(.passSecrecy(basis: "经审查不涉及国家秘密（《保守国家秘密法》第九条）"), to: status, roles: [.secrecyReviewer], isDrafter: false)
        #expect(status.working == .signOff)
        status = try DisclosureReview.apply(.signOff(comment: "同意发布"), to: status, roles: [.departmentHead], isDrafter: false)
        #expect(status == DisclosureStatus(publication: .published, working: nil))
    }

    @Test("the audit log names the role a person acts in: a head approving is a head, a reviewer sending back a reviewer")
    func actingRole() {
        #expect(DisclosureAction.approve(comment: "").actingRole(among: [.departmentHead, .disclosureOfficer]) == .departmentHead)
        #expect(DisclosureAction.approve(comment: "").actingRole(among: [.reviewer, .departmentHead]) == .reviewer)
        #expect(DisclosureAction.sendBack(comment: "补充").actingRole(among: [.secrecyReviewer]) == .secrecyReviewer)
        #expect(DisclosureAction.passSecrecy(basis: "").actingRole(among: [.reviewer, .departmentHead]) == nil)
        #expect(DisclosureAction.withdraw(reason: "").actingRole(among: [.departmentHead]) == .departmentHead)
    }

    @Test("no step can be skipped: secrecy review cannot be passed by anyone else, nor sign-off come before it")
    func noSkipping() {
        let atSecrecy = DisclosureStatus(publication: .unpublished, working: .secrecyReview)
        for role in Role.allCases where role != .secrecyReviewer {
            #expect(throws: DisclosureProblem.notPermitted) {
                try DisclosureReview.apply(.passSecrecy(basis: "x"), to: atSecrecy, roles: [role], isDrafter: false)
            }
        }
        #expect(throws: DisclosureProblem.invalidState) {
            try DisclosureReview.apply(.signOff(comment: ""), to: atSecrecy, roles: [.departmentHead], isDrafter: false)
        }
        let atDepartment = DisclosureStatus(publication: .unpublished, working: .departmentReview)
        #expect(throws: DisclosureProblem.invalidState) {
            try DisclosureReview.apply(.signOff(comment: ""), to: atDepartment, roles: [.departmentHead, .secrecyReviewer], isDrafter: false)
        }
        #expect(throws: DisclosureProblem.invalidState) {
            try DisclosureReview.apply(.passSecrecy(basis: "x"), to: .newDraft, roles: [.secrecyReviewer], isDrafter: false)
        }
    }

    @Test("the secrecy reviewer must record a basis; sending back needs a comment; withdrawing a reason")
    func textsRequired() {
        #expect(throws: DisclosureProblem.basisRequired) {
            try DisclosureReview.apply(.passSecrecy(basis: "  "), to: DisclosureStatus(publication: .unpublished, working: .secrecyReview),
                                       roles: [.secrecyReviewer], isDrafter: false)
        }
        #expect(throws: DisclosureProblem.commentRequired) {
            try DisclosureReview.apply(.sendBack(comment: ""), to: DisclosureStatus(publication: .unpublished, working: .signOff),
                                       roles: [.departmentHead], isDrafter: false)
        }
        #expect(throws: DisclosureProblem.reasonRequired) {
            try DisclosureReview.apply(.withdraw(reason: "\n"), to: DisclosureStatus(publication: .published, working: nil),
                                       roles: [.departmentHead], isDrafter: false)
        }
    }

    @Test("any review step sends back to the draft; the draft itself cannot be sent back")
    func sendBack() throws {
        for step in [Step.departmentReview, .secrecyReview, .signOff] {
            let role = step.actingRoles.first!
            let back = try DisclosureReview.apply(.sendBack(comment: "请补充政策依据"), to: DisclosureStatus(publication: .unpublished, working: step),
                                                  roles: [role], isDrafter: false)
            #expect(back == .newDraft)
        }
        #expect(throws: DisclosureProblem.invalidState) {
            try DisclosureReview.apply(.sendBack(comment: "x"), to: .newDraft, roles: [.disclosureOfficer], isDrafter: true)
        }
    }

    @Test("the drafter cannot review their own draft, whatever roles they hold")
    func separation() {
        #expect(throws: DisclosureProblem.ownDraft) {
            try DisclosureReview.apply(.approve(comment: ""), to: DisclosureStatus(publication: .unpublished, working: .departmentReview),
                                       roles: [.disclosureOfficer, .departmentHead], isDrafter: true)
        }
    }

    @Test("a correction keeps the item published until it is signed off; withdrawal drops it")
    func correction() throws {
        let published = DisclosureStatus(publication: .published, working: nil)
        let revising = try DisclosureReview.apply(.revise, to: published, roles: [.disclosureOfficer], isDrafter: true)
        #expect(revising == DisclosureStatus(publication: .published, working: .draft))
        #expect(throws: DisclosureProblem.invalidState) { try DisclosureReview.apply(.revise, to: revising, roles: [.disclosureOfficer], isDrafter: true) }
        #expect(throws: DisclosureProblem.invalidState) { try DisclosureReview.apply(.revise, to: .newDraft, roles: [.disclosureOfficer], isDrafter: true) }
        let withdrawn = try DisclosureReview.apply(.withdraw(reason: "政策已调整"), to: revising, roles: [.departmentHead], isDrafter: false)
        #expect(withdrawn == DisclosureStatus(publication: .withdrawn, working: nil))
        #expect(throws: DisclosureProblem.invalidState) {
            try DisclosureReview.apply(.revise, to: withdrawn, roles: [.disclosureOfficer], isDrafter: true)
        }
        #expect(throws: DisclosureProblem.notPermitted) {
            try DisclosureReview.apply(.withdraw(reason: "x"), to: published, roles: [.disclosureOfficer], isDrafter: false)
        }
    }

    @Test("the buttons offered are exactly the steps that would be allowed")
    func available() {
        let atSecrecy = DisclosureStatus(publication: .unpublished, working: .secrecyReview)
        #expect(DisclosureReview.available(to: atSecrecy, roles: [.secrecyReviewer], isDrafter: false).map(\.name) == ["pass_secrecy", "send_back"])
        #expect(DisclosureReview.available(to: atSecrecy, roles: [.departmentHead], isDrafter: false).isEmpty)
        #expect(DisclosureReview.available(to: .newDraft, roles: [.disclosureOfficer], isDrafter: true).map(\.name) == ["submit"])
    }
}

@Suite("Disclosure catalogue entries")
struct DisclosureDraftTests {
    let today = CivilDate(year: 2026, month: 12, day: 1)!
    let categories: Set<String> = Set(DisclosureCategory.defaults.map(\.code))

    @Test("a complete draft is trimmed and its subject words split; every wrong field is named")
    func validation() throws {
        let draft = DisclosureDraft(title: "  关于印发《示范市优化营商环境若干措施》的通知 ", categoryCode: "zcwj-gfxwj", documentNumber: "示府发〔2026〕3号",
                                    writtenOn: CivilDate(year: 2026, month: 11, day: 2)!, subjectWords: ["营商环境，市场主体 营商环境"], body: "各区人民政府……")
        let clean = try draft.validated(categories: categories, today: today)
        #expect(clean.title == "关于印发《示范市优化营商环境若干措施》的通知")
        #expect(clean.subjectWords == ["营商环境", "市场主体"])

        let wrong = DisclosureDraft(title: "", categoryCode: "nope", writtenOn: CivilDate(year: 2026, month: 12, day: 2)!, body: "",
                                    form: .notDisclosed)
        do {
            _ = try wrong.validated(categories: categories, today: today)
            Issue.record("expected a refusal")
        } catch {
            #expect(Set(error.messages(in: .zhHans).keys) == ["title", "category", "written_on", "withholding_basis"])
        }
    }

    @Test("the index number follows the pattern; the organisation code comes out of a credit code")
    func indexNumber() throws {
        #expect(IndexNumberPattern.standard.format(organisationCode: "00000001X", year: 2026, categoryCode: "zcwj", serial: 12) == "00000001X/2026-00012")
        let custom = try IndexNumberPattern("{org}-{category}-{year}/{seq:7}")
        #expect(custom.format(organisationCode: "ABC", year: 2025, categoryCode: "xzxk", serial: 3) == "ABC-xzxk-2025/0000003")
        #expect(throws: DisclosureProblem.badIndexPattern) { try IndexNumberPattern("{org}/{year}") }
        #expect(throws: DisclosureProblem.badIndexPattern) { try IndexNumberPattern("{org}/{month}-{seq}") }
        #expect(IndexNumberPattern.organisationCode(ofUnitCode: "91350100M000100Y43") == "M000100Y4")
        #expect(IndexNumberPattern.organisationCode(ofUnitCode: "990100-ZX") == "990100-ZX")
    }
}

@Suite("Chinese search text")
struct SearchTextTests {
    @Test("tokens are the pairs of each run and its last character; a query term is the phrase of its pairs")
    func tokens() {
        #expect(SearchText.tokens("食品经营，许可") == ["食品", "品经", "经营", "营", "许可", "可"])
        #expect(SearchText.tokens("ＯＦＤ 2026年") == ["of", "fd", "d", "20", "02", "26", "6年", "年"])
        #expect(SearchText.Query("食品经营").matchers == [.phrase(["食品", "品经", "经营"])])
        #expect(SearchText.Query("社保").matchers == [.phrase(["社保"])])
        #expect(SearchText.Query("税").matchers == [.prefix("税")])
    }

    @Test("hostile input only separates terms: quotes, operators, NUL, very long strings")
    func hostile() {
        #expect(SearchText.Query(#""食品" OR 1=1; DROP TABLE x -- NEAR(a b) *"#).terms == ["食品", "or", "1", "drop", "table", "x", "near", "a"])
        #expect(SearchText.Query("\u{0}'\"*^:()").isEmpty)
        let long = SearchText.Query(String(repeating: "长", count: 10_000))
        #expect(long.terms == [String(repeating: "长", count: SearchText.Query.maximumTermLength)])
    }

    @Test("a term matches as a substring, across the case and width of Latin letters")
    func matching() {
        #expect(SearchText.matches("食品经营许可证核发", SearchText.Query("食品经营")))
        #expect(SearchText.matches("社会保险（社保）缴费", SearchText.Query("社保 缴费")))
        #expect(!SearchText.matches("社会保险缴费", SearchText.Query("社保")))
        #expect(SearchText.matches("ＯＦＤ版式", SearchText.Query("ofd")))
    }

    @Test("highlighting marks every occurrence in the original text; the snippet opens near the first")
    func highlighting() {
        let segments = Highlighter.segments("户籍迁移与户籍证明", terms: SearchText.Query("户籍").terms)
        #expect(segments == [.init(text: "户籍", marked: true), .init(text: "迁移与", marked: false), .init(text: "户籍", marked: true),
                             .init(text: "证明", marked: false)])
        #expect(Highlighter.segments("ＯＦＤ文件", terms: ["ofd"]).first == .init(text: "ＯＦＤ", marked: true))
        let body = String(repeating: "前言。", count: 100) + "本办法自发布之日起施行。"
        let snippet = Highlighter.snippet(body, terms: ["施行"], length: 40)
        #expect(snippet.first?.text == "…")
        #expect(snippet.contains(.init(text: "施行", marked: true)))
        #expect(snippet.map(\.text).joined().count <= 42)
    }
}
