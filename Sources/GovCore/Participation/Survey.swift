import Foundation

/// 网上调查: questions with one answer, several answers or free text; one answer per verified person; results shown
/// once the survey has closed, so that early figures do not sway later answers.
public struct SurveyQuestion: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case single, multiple, text
    }

    public var kind: Kind
    public var text: String
    public var options: [String]

    public init(kind: Kind, text: String, options: [String] = []) {
        self.kind = kind
        self.text = text
        self.options = options
    }
}

/// One person's answers, by question: the chosen options' indexes, or the text.
public struct SurveyAnswer: Codable, Equatable, Sendable {
    public var choices: [Int]
    public var text: String?

    public init(choices: [Int] = [], text: String? = nil) {
        self.choices = choices
        self.text = text
    }
}

public enum SurveyRules {
    public static let maxQuestions = 50
    public static let maxOptions = 20

    /// Questions written one per line as `kind|question|option|option…` (`text|question` for free text).
    public static func questions(from spec: String?) throws(FieldErrors) -> [SurveyQuestion] {
        let lines = (spec ?? "").replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var questions: [SurveyQuestion] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let kind = SurveyQuestion.Kind(rawValue: parts[0].lowercased()), parts.count >= 2, !parts[1].isEmpty, parts[1].count <= 300 else {
                throw .single("questions", ParticipationProblem.questions(line: index + 1))
            }
            let options = Array(parts.dropFirst(2))
            let optionsValid = kind == .text ? options.isEmpty
                : (2...maxOptions).contains(options.count) && options.allSatisfy { !$0.isEmpty && $0.count <= 200 } && Set(options).count == options.count
            guard optionsValid else { throw .single("questions", ParticipationProblem.questions(line: index + 1)) }
            questions.append(SurveyQuestion(kind: kind, text: parts[1], options: options))
        }
        guard (1...maxQuestions).contains(questions.count) else { throw .single("questions", FieldProblem.required) }
        return questions
    }

    /// A submitted form's answers, `q1`…`qN` (multiple choices as repeated values): every choice question answered,
    /// each choice one of its options; free text optional, at most 1,000 characters.
    public static func answers(_ values: [Int: [String]], to questions: [SurveyQuestion]) throws(FieldErrors) -> [SurveyAnswer] {
        var errors = FieldErrors()
        var answers: [SurveyAnswer] = []
        for (index, question) in questions.enumerated() {
            let raw = (values[index + 1] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let field = "q\(index + 1)"
            switch question.kind {
            case .text:
                let text = errors.check(field) { try TextField.optional(raw.first, max: 1000) }
                answers.append(SurveyAnswer(text: text ?? nil))
            case .single, .multiple:
                let choices = raw.compactMap(Int.init)
                if raw.isEmpty {
                    errors.add(field, ParticipationProblem.answerRequired)
                } else if choices.count != raw.count || !choices.allSatisfy(question.options.indices.contains) || Set(choices).count != choices.count
                    || (question.kind == .single && choices.count != 1) {
                    errors.add(field, ParticipationProblem.answerInvalid)
                }
                answers.append(SurveyAnswer(choices: choices.sorted()))
            }
        }
        try errors.throwIfAny()
        return answers
    }

    /// Per question, how many chose each option (empty for free text), and how many answered at all.
    public static func tally(_ responses: [[SurveyAnswer]], questions: [SurveyQuestion]) -> [(counts: [Int], answered: Int)] {
        questions.enumerated().map { index, question in
            var counts = Array(repeating: 0, count: question.options.count)
            var answered = 0
            for response in responses where index < response.count {
                let answer = response[index]
                if !answer.choices.isEmpty || answer.text != nil { answered += 1 }
                for choice in answer.choices where counts.indices.contains(choice) { counts[choice] += 1 }
            }
            return (counts, answered)
        }
    }
}

/// A survey as a department enters it: open from a day not before today, for at most a year.
public struct SurveyDraft: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var questions: String?
    public var opensOn: String?
    public var closesOn: String?

    public init(title: String? = nil, description: String? = nil, questions: String? = nil, opensOn: String? = nil, closesOn: String? = nil) {
        self.title = title
        self.description = description
        self.questions = questions
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    public struct Valid: Sendable, Equatable {
        public var title: String
        public var description: String
        public var questions: [SurveyQuestion]
        public var opensOn: CivilDate
        public var closesOn: CivilDate
    }

    public func validated(today: CivilDate) throws(FieldErrors) -> Valid {
        var errors = FieldErrors()
        let title = errors.check("title") { try TextField.required(self.title, max: 200) }
        let description = errors.check("description") { try TextField.optional(self.description, max: 5000) }
        var questions: [SurveyQuestion] = []
        do { questions = try SurveyRules.questions(from: self.questions) } catch { for entry in error.entries { errors.add(entry.field, entry.failure) } }
        let opens = CivilDate((opensOn ?? "").trimmingCharacters(in: .whitespaces)).flatMap { $0 >= today ? $0 : nil }
        let closes = CivilDate((closesOn ?? "").trimmingCharacters(in: .whitespaces)).flatMap { day in
            opens.map { day >= $0 && $0.days(until: day) < 366 } == true ? day : nil
        }
        if opens == nil { errors.add("opens_on", ParticipationProblem.date) }
        if closes == nil { errors.add("closes_on", ParticipationProblem.date) }
        try errors.throwIfAny()
        return Valid(title: title!, description: description! ?? "", questions: questions, opensOn: opens!, closesOn: closes!)
    }
}
