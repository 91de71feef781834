/// Masking for display and logs: personal identifiers are shown in full only to those who need them.
public enum Mask {
    /// 身份证号 and 统一社会信用代码 as shown to those not entitled to them: `440305********123X`.
    public static func identifier(_ s: String) -> String { middle(s, keepPrefix: 6, keepSuffix: 4) }

    /// Keeps `keepPrefix` leading and `keepSuffix` trailing characters and stars each one between, so the
    /// length still shows. When nothing would be left to hide, everything is starred.
    public static func middle(_ s: String, keepPrefix: Int, keepSuffix: Int) -> String {
        let characters = Array(s)
        let prefix = max(0, keepPrefix)
        let suffix = max(0, keepSuffix)
        guard prefix + suffix < characters.count else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(prefix))
            + String(repeating: "*", count: characters.count - prefix - suffix)
            + String(characters.suffix(suffix))
    }

    /// A mobile number as "138****5678": carrier prefix and last four digits kept.
    public static func phone(_ s: String) -> String {
        middle(s, keepPrefix: 3, keepSuffix: 4)
    }

    /// A person's name as "张*" (the surname kept): for pages open to anyone who holds a number and a code.
    public static func personName(_ s: String) -> String { middle(s, keepPrefix: 1, keepSuffix: 0) }
}
