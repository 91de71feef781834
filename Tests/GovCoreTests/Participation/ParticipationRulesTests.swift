import Foundation
@testable import GovCore
import Testing

/// The rules of public participation: consultation periods, comments, surveys, hearings and petitions.
@Suite("Participation rules")
struct ParticipationRulesTests {
    static let today = CivilDate("2026-12-01")!

    @Test("a consultation runs at least 30 days, both ends counted; shorter only with a reason, never under 7")
    func consultationPeriod() throws {
        let valid = try ConsultationDraft(title: "办法", text: "第一条\n\n第二条", opensOn: "2026-12-01", closesOn: "2026-12-30").validated(today: Self.today)
        #expect(valid.opensOn == Self.today && valid.closesOn == CivilDate("2026-12-30"))
        let short = try #require(throws: FieldErrors.self) {
            try ConsultationDraft(title: "办法", text: "x", opensOn: "2026-12-01", closesOn: "2026-12-29").validated(today: Self.today)
        }
        #expect(short.entries.map(\.field) == ["closes_on"])
        #expect(try ConsultationDraft(title: "办法", text: "x", opensOn: "2026-12-01", closesOn: "2026-12-07", shortenedReason: "疫情防控急需")
            .validated(today: Self.today).shortenedReason == "疫情防控急需")
        #expect(throws: FieldErrors.self) {
            try ConsultationDraft(title: "办法", text: "x", opensOn: "2026-12-01", closesOn: "2026-12-06", shortenedReason: "急").validated(today: Self.today)
        }
        let wrong = try #require(throws: FieldErrors.self) {
            try ConsultationDraft(title: " ", text: "", opensOn: "2026-11-30", closesOn: "0000-00-00").validated(today: Self.today)
        }
        #expect(Set(wrong.entries.map(\.field)) == ["title", "text", "opens_on", "closes_on"])
        let now = Self.today.startInBeijing
        #expect(ConsultationRules.phase(opensOn: Self.today.adding(days: 1), closesOn: Self.today.adding(days: 30), summarised: false, now: now) == .scheduled)
        #expect(ConsultationRules.phase(opensOn: Self.today, closesOn: Self.today, summarised: false, now: now.addingTimeInterval(86_399)) == .open)
        #expect(ConsultationRules.phase(opensOn: Self.today, closesOn: Self.today, summarised: false, now: now.addingTimeInterval(86_400)) == .closed)
        #expect(ConsultationRules.paragraphs("一\r\n\r\n\r\n二\n\n  \n\n三") == ["一", "二", "三"])
    }

    @Test("a comment is on the whole draft or one of its paragraphs, with text")
    func comments() throws {
        let whole = try CommentRules.check(text: " 好 ", paragraph: "", paragraphs: 3)
        #expect(whole.text == "好" && whole.paragraph == nil)
        #expect(try CommentRules.check(text: "好", paragraph: "3", paragraphs: 3).paragraph == 3)
        for bad in ["0", "4", "x", "-1"] {
            #expect(throws: FieldErrors.self) { try CommentRules.check(text: "好", paragraph: bad, paragraphs: 3) }
        }
        #expect(throws: FieldErrors.self) { try CommentRules.check(text: "", paragraph: nil, paragraphs: 3) }
        #expect(throws: FieldErrors.self) { try CommentRules.check(text: String(repeating: "长", count: 2001), paragraph: nil, paragraphs: 3) }
    }

    static let spec = "single|总体评价|满意|一般|不满意\nmultiple|常办事项|执照|社保|户籍\ntext|建议"

    @Test("survey questions are read line by line; a bad line is named")
    func surveyQuestions() throws {
        let questions = try SurveyRules.questions(from: Self.spec)
        #expect(questions.map(\.kind) == [.single, .multiple, .text] && questions[1].options == ["执照", "社保", "户籍"])
        for (spec, line) in [("single|只有一个选项|是", 1), ("single|q|a|b\nrating|q|a|b", 2), ("text|q|不该有选项", 1), ("single|q|同|同", 1), ("single||a|b", 1)] {
            let errors = try #require(throws: FieldErrors.self) { try SurveyRules.questions(from: spec) }
            #expect(errors.message(in: .en).contains("Line \(line)"), "\(spec)")
        }
        #expect(throws: FieldErrors.self) { try SurveyRules.questions(from: "  \n ") }
    }

    @Test("a survey opens from today at the earliest, closes after it opens and within a year")
    func surveyDraft() throws {
        let valid = try SurveyDraft(title: "调查", questions: Self.spec, opensOn: "2026-12-01", closesOn: "2026-12-31").validated(today: Self.today)
        #expect(valid.questions.count == 3 && valid.description == "" && valid.closesOn == CivilDate("2026-12-31"))
        let wrong = try #require(throws: FieldErrors.self) {
            try SurveyDraft(title: "", questions: "", opensOn: "2026-11-30", closesOn: "2026-12-31").validated(today: Self.today)
        }
        #expect(Set(wrong.entries.map(\.field)) == ["title", "questions", "opens_on", "closes_on"])
        let backwards = try #require(throws: FieldErrors.self) {
            try SurveyDraft(title: "调查", questions: Self.spec, opensOn: "2026-12-10", closesOn: "2026-12-09").validated(today: Self.today)
        }
        #expect(backwards.entries.map(\.field) == ["closes_on"])
        #expect(throws: FieldErrors.self) {
            try SurveyDraft(title: "调查", questions: Self.spec, opensOn: "2026-12-01", closesOn: "2027-12-02").validated(today: Self.today)
        }
    }

    @Test("answers: every choice question answered with its own options, one for single; text optional; tallied per option")
    func surveyAnswers() throws {
        let questions = try SurveyRules.questions(from: Self.spec)
        let answers = try SurveyRules.answers([1: ["0"], 2: ["2", "0"], 3: ["  多开窗口 "]], to: questions)
        #expect(answers == [SurveyAnswer(choices: [0]), SurveyAnswer(choices: [0, 2]), SurveyAnswer(text: "多开窗口")])
        let errors = try #require(throws: FieldErrors.self) { try SurveyRules.answers([1: ["0", "1"], 2: ["9"]], to: questions) }
        #expect(errors.entries.map(\.field) == ["q1", "q2"])
        #expect(throws: FieldErrors.self) { try SurveyRules.answers([1: [], 2: ["0"]], to: questions) }
        #expect(throws: FieldErrors.self) { try SurveyRules.answers([1: ["0"], 2: ["1", "1"]], to: questions) }
        #expect(throws: FieldErrors.self) { try SurveyRules.answers([1: ["x"], 2: ["1"]], to: questions) }
        let other = try SurveyRules.answers([1: ["2"], 2: ["0"]], to: questions)
        let tally = SurveyRules.tally([answers, other], questions: questions)
        #expect(tally[0].counts == [1, 0, 1] && tally[0].answered == 2)
        #expect(tally[1].counts == [2, 0, 1] && tally[2].answered == 1)
    }

    @Test("hearings: registration, then selection, held, recorded; the draw is fair-sized and reproducible")
    func hearings() throws {
        let now = Self.today.startInBeijing
        let valid = try HearingDraft(title: "价格听证", matter: "调价", place: "听证室", heldAt: "2026-12-20T09:30", registrationClosesOn: "2026-12-10", seats: "3")
            .validated(now: now)
        #expect(valid.heldAt == CivilDate("2026-12-20")!.startInBeijing.addingTimeInterval(9.5 * 3600))
        #expect(valid.registrationClosesAt == CivilDate("2026-12-10")!.endInBeijing)
        let wrong = try #require(throws: FieldErrors.self) {
            try HearingDraft(title: "x", matter: "x", place: "x", heldAt: "2026-12-05T25:00", registrationClosesOn: "2026-11-01", seats: "0").validated(now: now)
        }
        #expect(Set(wrong.entries.map(\.field)) == ["held_at", "registration_closes_on", "seats"])
        #expect(throws: FieldErrors.self) {
            try HearingDraft(title: "x", matter: "x", place: "x", heldAt: "2026-12-05T09:00", registrationClosesOn: "2026-12-06", seats: "5").validated(now: now)
        }
        #expect(HearingRules.phase(registrationClosesAt: valid.registrationClosesAt, heldAt: valid.heldAt, recorded: false, now: now) == .registering)
        #expect(HearingRules.phase(registrationClosesAt: valid.registrationClosesAt, heldAt: valid.heldAt, recorded: false, now: valid.registrationClosesAt) == .selecting)
        #expect(HearingRules.phase(registrationClosesAt: valid.registrationClosesAt, heldAt: valid.heldAt, recorded: false, now: valid.heldAt) == .held)
        let people = Array(1...10)
        let drawn = HearingRules.draw(people, seats: 3, seed: 42)
        #expect(drawn.count == 3 && Set(drawn).count == 3 && drawn == HearingRules.draw(people, seats: 3, seed: 42))
        #expect(HearingRules.draw([1, 2], seats: 3, seed: 42) == [1, 2])
    }

    @Test("petitions: the office routes, the department accepts or declines, only its head extends, once; answered when accepted")
    func petitions() throws {
        try PetitionRules.check(.route, state: .received, extended: false, by: .office)
        #expect(throws: ParticipationProblem.notPermitted) { try PetitionRules.check(.route, state: .received, extended: false, by: .department) }
        try PetitionRules.check(.accept, state: .routed, extended: false, by: .department)
        #expect(throws: ParticipationProblem.wrongState) { try PetitionRules.check(.accept, state: .accepted, extended: false, by: .department) }
        #expect(throws: ParticipationProblem.notPermitted) { try PetitionRules.check(.accept, state: .routed, extended: false, by: .office) }
        #expect(throws: ParticipationProblem.notPermitted) { try PetitionRules.check(.extend, state: .accepted, extended: false, by: .department) }
        try PetitionRules.check(.extend, state: .accepted, extended: false, by: .departmentHead)
        #expect(throws: ParticipationProblem.alreadyExtended) { try PetitionRules.check(.extend, state: .accepted, extended: true, by: .departmentHead) }
        #expect(throws: ParticipationProblem.wrongState) { try PetitionRules.check(.answer, state: .routed, extended: false, by: .department) }
        #expect(PetitionRules.available(state: .accepted, extended: false, to: [.department, .departmentHead]) == [.extend, .answer])
        #expect(try PetitionRules.extensionDays("30") == 30)
        #expect(throws: ParticipationProblem.extensionDays(maximum: 30)) { try PetitionRules.extensionDays("31") }
        #expect(throws: ParticipationProblem.extensionDays(maximum: 30)) { try PetitionRules.extensionDays("0") }
    }

    @Test("a limit in days runs on the calendar: 15 days from 1 December end at 24:00 on 16 December, weekends and holidays included")
    func calendarDays() throws {
        let calendar = WorkCalendar(overrides: [], coveredYears: [2026, 2027])
        let start = Self.today.startInBeijing.addingTimeInterval(10 * 3600)
        var clock = try ObligationClock.start(at: start, terms: PetitionRules.acceptanceTerms, calendar: calendar)
        #expect(clock.statutoryDue == CivilDate("2026-12-16")!.endInBeijing)
        try clock.extend(by: 30, at: start, calendar: calendar)
        #expect(clock.statutoryDue == CivilDate("2027-01-15")!.endInBeijing)
        let handling = try ObligationClock.start(at: start, terms: PetitionRules.handlingTerms, calendar: calendar)
        #expect(handling.statutoryDue == CivilDate("2027-01-30")!.endInBeijing)
        #expect(try ObligationRules.completion(of: handling, at: start.addingTimeInterval(86_400), calendar: calendar) == .early)
        #expect(try ObligationRules.completion(of: handling, at: handling.statutoryDue.addingTimeInterval(1), calendar: calendar) == .late)
        #expect(try ObligationRules.used(handling, until: start.addingTimeInterval(3 * 86_400), calendar: calendar) == 3)
        let evaluation = try ObligationRules.evaluate(handling, at: start, calendar: calendar)
        #expect(evaluation.status == .normal && evaluation.nextChangeAt != nil)
        #expect(try ObligationRules.evaluate(handling, at: handling.statutoryDue.addingTimeInterval(1), calendar: calendar).status == .overdue)
    }
}
