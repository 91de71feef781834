/// The languages the platform speaks: Chinese first, English second (DESIGN.md, "Interfaces people expect").
public enum Language: String, Sendable, CaseIterable, Codable {
    case zhHans = "zh-Hans"
    case en
}

/// An error whose message a person can read, in either language.
///
/// The message is meant for the person at the counter or the screen, so it names the field and the
/// problem in their words and never shows internals.
public protocol LocalizedFailure: Error, Sendable {
    func message(in language: Language) -> String
}
