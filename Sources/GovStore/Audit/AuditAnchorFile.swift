import Foundation
import GovCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only file of signed audit checkpoints (issue 20, item 5), by default `<data directory>/audit-anchor.log`:
/// one JSON line per checkpoint, written with `O_APPEND` and `fsync`ed before the write is reported. It lives outside the
/// database, so a database writer cannot rewrite it; in production it goes on write-once or remote storage (an
/// append-only `chattr +a` file, or a mount of the log host), see docs/deploy.md.
public struct AuditAnchorFile: Sendable {
    public static let defaultName = "audit-anchor.log"

    public let path: String

    public init(path: String) { self.path = path }

    public init(dataDirectory: String) { self.init(path: dataDirectory + "/" + Self.defaultName) }

    /// Signs a checkpoint of the head `(sequence, hash)` with the keyring's active key and appends it. Returns it.
    @discardableResult
    public func append(sequence: Int, hash: String, at now: Date, node: String, keyring: CertificateKeyring) throws -> AuditAnchor.Checkpoint {
        var checkpoint = AuditAnchor.Checkpoint(sequence: sequence, hash: hash, at: now, node: node, keyID: keyring.activeKeyID)
        let signed = try keyring.signDetached(checkpoint.signedBytes)
        checkpoint.signature = signed.signature.base64EncodedString()
        try appendLine(checkpoint.line)
        return checkpoint
    }

    /// One `write(2)` of the whole line to a descriptor opened `O_APPEND`: the kernel places it at the end even when
    /// several processes append, and a line never overwrites another. `fsync` before returning, so a checkpoint
    /// reported (and logged) is on disk.
    func appendLine(_ line: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AuditAnchorError.cannotOpen(path, errno) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw AuditAnchorError.cannotWrite(path, errno) }
        guard fsync(fd) == 0 else { throw AuditAnchorError.cannotWrite(path, errno) }
    }

    /// What the file holds: the checkpoints whose signatures verify against `keyring`, and the damage found (a line
    /// that is no checkpoint, or whose signature fails). A missing file holds nothing.
    public func read(keyring: CertificateKeyring) throws -> (checkpoints: [AuditAnchor.Checkpoint], damage: [AuditAnchor.Finding]) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], []) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checkpoints: [AuditAnchor.Checkpoint] = []
        var damage: [AuditAnchor.Finding] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let checkpoint = AuditAnchor.Checkpoint(line: trimmed) else {
                damage.append(.unreadableLine(line: index + 1))
                continue
            }
            guard let signature = Data(base64Encoded: checkpoint.signature),
                  keyring.isValidDetached(signature, for: checkpoint.signedBytes, keyID: checkpoint.keyID)
            else {
                damage.append(.badSignature(line: index + 1))
                continue
            }
            checkpoints.append(checkpoint)
        }
        return (checkpoints, damage)
    }

    /// The last checkpoint in the file, read from its end (the file grows by a line a minute at most).
    public func last() -> AuditAnchor.Checkpoint? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        guard let data = try? handle.readToEnd() else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return lines.last.flatMap { AuditAnchor.Checkpoint(line: String($0)) }
    }
}

public enum AuditAnchorError: Error, CustomStringConvertible {
    case cannotOpen(String, Int32), cannotWrite(String, Int32)

    public var description: String {
        switch self {
        case let .cannotOpen(path, code): "cannot open the audit anchor \(path) for appending: \(String(cString: strerror(code)))"
        case let .cannotWrite(path, code): "cannot append to the audit anchor \(path): \(String(cString: strerror(code)))"
        }
    }
}
