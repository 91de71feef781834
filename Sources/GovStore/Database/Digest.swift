import Crypto

/// SHA-256 as lower-case hex: audit hashes, stored secrets and key ids all use it.
public enum Digest {
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// Lower-case hex of any bytes (a digest, a MAC).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        // By hand rather than String(format:) per byte, which was a noticeable share of every audited write.
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in bytes {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
