import Foundation

/// Redirect targets taken from a request (`next`, `return`) are kept on this site: a path, never `//host`, a scheme
/// or anything a browser could turn into one. Browsers delete tabs and line breaks anywhere in a URL and treat `\`
/// as `/`, so `/<TAB>/evil.example` is followed to `//evil.example`; the target is therefore refused if it, or any
/// percent-decoding of it, holds a control or format character, any Unicode space, or a backslash.
public enum LocalPath {
    /// The longest target kept; a longer one is refused.
    public static let maximumLength = 512

    /// `candidate` when it is a safe same-site path, else `/`.
    public static func sanitise(_ candidate: String?) -> String {
        guard let candidate, isSafe(candidate) else { return "/" }
        return candidate
    }

    public static func isSafe(_ candidate: String) -> Bool {
        guard candidate.utf8.count <= maximumLength, candidate.hasPrefix("/") else { return false }
        // Every form a browser or a proxy might see: the text as given and each percent-decoding of it, until it stops
        // changing (a bounded number of rounds, since each one shortens the text).
        var form = candidate
        for _ in 0..<4 {
            guard isPlainPath(form) else { return false }
            guard let decoded = form.removingPercentEncoding, decoded != form else { return true }
            form = decoded
        }
        return false  // still changing after four decodings: nobody links like that
    }

    private static func isPlainPath(_ text: String) -> Bool {
        guard !text.hasPrefix("//") else { return false }
        return !text.unicodeScalars.contains { scalar in
            scalar == "\\" || scalar.properties.isWhitespace
                || [.control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .surrogate, .privateUse]
                    .contains(scalar.properties.generalCategory)
        }
    }
}
