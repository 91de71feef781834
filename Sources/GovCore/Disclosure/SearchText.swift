import Foundation

/// Chinese full-text search without a word segmenter: a text is indexed as the overlapping pairs of characters of
/// each run of letters and digits, plus the run's last character alone. A query term of two or more characters is then
/// the phrase of its pairs, which matches exactly where the term occurs as a substring (食品经营 inside 食品经营许可证,
/// and two-character words such as 社保, which a trigram index cannot serve); a one-character term is a prefix of
/// the tokens (PostgreSQL's index also holds each character alone, so there it is one lexeme). The same tokens feed
/// SQLite FTS5 and a PostgreSQL `tsvector`, so both databases answer alike.
///
/// Tokens hold letters and digits only, so they never carry quotes or operators into either query language.
public enum SearchText {
    /// The characters compared: compatibility-folded (full-width Ａ１ as A1) and lower-cased, each with the index of the
    /// character of the original text it came from.
    static func normalised(_ text: String) -> [(character: Character, origin: Int)] {
        var result: [(Character, Int)] = []
        result.reserveCapacity(text.count)
        for (index, character) in text.enumerated() {
            if let folded = foldedWithoutFoundation(character) {
                result.append((folded, index))
                continue
            }
            for folded in String(character).precomposedStringWithCompatibilityMapping.lowercased() {
                result.append((folded, index))
            }
        }
        return result
    }

    /// The folding of the characters most text is made of, without asking Foundation (which was most of a search
    /// page's time): ASCII, whose compatibility form is itself and whose lower case is arithmetic, and the CJK Unified
    /// Ideographs and Extension A, which have neither a compatibility decomposition nor case. `nil` for anything else.
    static func foldedWithoutFoundation(_ character: Character) -> Character? {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return nil }
        switch scalar.value {
        case 0x41...0x5A: return Character(Unicode.Scalar(scalar.value + 0x20)!)
        case 0x00...0x7F, 0x3400...0x4DBF, 0x4E00...0x9FFF: return character
        default: return nil
        }
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    /// The runs of letters and digits of a text, normalised.
    static func runs(_ text: String) -> [[Character]] {
        var runs: [[Character]] = []
        var current: [Character] = []
        for (character, _) in normalised(text) {
            if isWordCharacter(character) {
                current.append(character)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The index tokens of a text, in order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        for run in runs(text) {
            if run.count > 1 {
                for index in 0..<(run.count - 1) { tokens.append(String([run[index], run[index + 1]])) }
            }
            tokens.append(String(run[run.count - 1]))
        }
        return tokens
    }

    /// A parsed query: its terms (runs of letters and digits, normalised), each to be found somewhere in a text.
    public struct Query: Equatable, Sendable {
        public static let maximumTerms = 8
        public static let maximumTermLength = 40

        public let terms: [String]

        /// Anything typed is accepted: punctuation, quotes and operators only separate terms; beyond eight terms and
        /// forty characters a term, the rest is dropped.
        public init(_ raw: String) {
            var seen = Set<String>()
            terms = SearchText.runs(String(raw.prefix(400)))
                .map { String($0.prefix(Self.maximumTermLength)) }
                .filter { seen.insert($0).inserted }
                .prefix(Self.maximumTerms)
                .map { $0 }
        }

        public var isEmpty: Bool { terms.isEmpty }

        /// Per term: the phrase of tokens it must match, or, for a one-character term, the prefix its token starts with.
        public var matchers: [Matcher] {
            terms.map { term in
                let characters = Array(term)
                guard characters.count > 1 else { return .prefix(term) }
                return .phrase((0..<(characters.count - 1)).map { String([characters[$0], characters[$0 + 1]]) })
            }
        }
    }

    public enum Matcher: Equatable, Sendable {
        case phrase([String])
        case prefix(String)
    }

    /// Whether every term of `query` occurs in `text`: what the index answers, said directly (for tests and rechecks).
    public static func matches(_ text: String, _ query: Query) -> Bool {
        let folded = String(normalised(text).map(\.character))
        return query.terms.allSatisfy { folded.contains($0) }
    }
}

/// A piece of text to show, marked where it matched a search.
public struct HighlightSegment: Codable, Equatable, Sendable {
    public var text: String
    public var marked: Bool

    public init(text: String, marked: Bool) {
        self.text = text
        self.marked = marked
    }
}

public enum Highlighter {
    /// `text` cut into segments, the occurrences of any term marked.
    public static func segments(_ text: String, terms: [String]) -> [HighlightSegment] {
        let original = Array(text)
        let marks = markedCharacters(original, terms: terms)
        return segments(original, marks: marks, in: 0..<original.count)
    }

    /// A window of about `length` characters around the first match (the start when nothing matches), marked.
    public static func snippet(_ text: String, terms: [String], length: Int = 120) -> [HighlightSegment] {
        let original = onOneLine(text)
        guard !original.isEmpty else { return [] }
        let marks = markedCharacters(original, terms: terms)
        let first = marks.firstIndex(of: true) ?? 0
        let start = max(0, min(first - length / 4, original.count - length))
        let end = min(original.count, start + length)
        var result = segments(original, marks: marks, in: start..<end)
        if start > 0 { result.insert(HighlightSegment(text: "…", marked: false), at: 0) }
        if end < original.count { result.append(HighlightSegment(text: "…", marked: false)) }
        return result
    }

    /// The text's lines joined by single spaces, blank lines dropped.
    static func onOneLine(_ text: String) -> [Character] {
        var result: [Character] = []
        result.reserveCapacity(text.utf8.count / 2)
        var pendingSpace = false
        for character in text {
            if character.isNewline {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    private static func markedCharacters(_ original: [Character], terms: [String]) -> [Bool] {
        var marks = [Bool](repeating: false, count: original.count)
        let folded = SearchText.normalised(String(original))
        let characters = folded.map(\.character)
        for term in terms.map(Array.init) where !term.isEmpty && term.count <= characters.count {
            var index = 0
            while index + term.count <= characters.count {
                if characters[index] == term[0], Array(characters[index..<(index + term.count)]) == term {
                    for position in folded[index].origin...folded[index + term.count - 1].origin { marks[position] = true }
                    index += term.count
                } else {
                    index += 1
                }
            }
        }
        return marks
    }

    private static func segments(_ original: [Character], marks: [Bool], in range: Range<Int>) -> [HighlightSegment] {
        var result: [HighlightSegment] = []
        for index in range {
            if let last = result.last, last.marked == marks[index] {
                result[result.count - 1].text.append(original[index])
            } else {
                result.append(HighlightSegment(text: String(original[index]), marked: marks[index]))
            }
        }
        return result
    }
}
