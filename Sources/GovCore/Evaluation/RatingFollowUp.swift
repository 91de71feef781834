import Foundation

/// 差评整改: every bad rating (1–2 stars, 不满意 or 非常不满意) is verified, put right where it should be, and answered; the
/// department records what it did within 15 working days (国办发〔2019〕51号, 第三条第（三）项 “差评整改反馈”).
public enum RatingFollowUpRules {
    public static let workingDays = 15

    public static func isBad(stars: Int) -> Bool { stars <= 2 }

    /// What the department did: required, at most 2,000 characters.
    public static func followUp(_ text: String?) throws(FieldErrors) -> String {
        do { return try TextField.required(text, max: 2000) } catch { throw .single("follow_up", error) }
    }
}
