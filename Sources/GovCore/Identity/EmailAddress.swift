/// An e-mail address as GovHall accepts one: a local part, `@`, a domain with a dot; no spaces, angle brackets or line
/// breaks (which would let a value inject SMTP commands or headers), at most 254 characters (RFC 5321).
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && text.count <= 254 && !text.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
