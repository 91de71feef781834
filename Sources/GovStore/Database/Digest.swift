import Crypto

/// SHA-256 as lower-case hex: audit hashes, stored secrets and key ids all use it.
public enum Digest {
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { String(format: "%02x", $0) }.joined()
    }
}
