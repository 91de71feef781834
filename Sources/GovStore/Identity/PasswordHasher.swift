import GovCore

/// Hashes and checks passwords. The live one (Bcrypt) comes from GovWeb, which owns the crypto library for it;
/// GovStore only stores the result.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
}

/// Random secrets for session cookies, API tokens and demo passwords.
public enum Secrets {
    private static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    /// `count` characters drawn uniformly from an unambiguous alphabet with ``Effects/current``'s random numbers (in a
    /// server, the system's CSPRNG).
    public static func token(length: Int) -> String {
        var generator = EffectsRandom()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// A demo password that always meets the password policy (letters and digits, 16 characters).
    public static func password() -> String {
        var candidate = token(length: 16)
        while !(candidate.contains(where: \.isNumber) && candidate.contains(where: \.isLetter)) {
            candidate = token(length: 16)
        }
        return candidate
    }
}
