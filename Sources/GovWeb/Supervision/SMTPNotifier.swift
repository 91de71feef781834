import Foundation
import GovCore
import GovStore
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to send e-mail: `smtp://[user:password@]host[:port]` (a relay on the intranet, port 25 by default) or
/// `smtps://…` (TLS from the first byte, port 465 by default), and the sender's address.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var implicitTLS: Bool
    public var username: String?
    public var password: String?
    public var from: String

    /// Parses `GOVHALL_SMTP_URL`; `nil` for a value that is not such a URL.
    public init?(url text: String, from: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
              let host = components.host, !host.isEmpty, SMTPMessage.isAddress(from)
        else { return nil }
        self.host = host
        implicitTLS = scheme == "smtps"
        port = components.port ?? (implicitTLS ? 465 : 25)
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
        self.from = from
    }
}

/// A supervision notice by e-mail. Recipients without an address are skipped (the in-app inbox has the message anyway);
/// a refused or failed send throws, so the delivery job tries again.
public struct SMTPNotifier: Notifier {
    let settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
    }

    public func deliver(_ message: OutgoingNotification) async throws {
        guard let to = message.recipientEmail, SMTPMessage.isAddress(to) else { return }
        let data = SMTPMessage.render(from: settings.from, to: to, toName: message.recipientName, subject: message.title, body: message.body, date: Date())
        let settings = self.settings
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.implicitTLS {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: settings.host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator())
            func send(_ line: String, expect codes: Set<Int>) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await replies.expect(codes, after: line)
            }
            try await replies.expect([220], after: "connect")
            try await send("EHLO govhall", expect: [250])
            if let username = settings.username, let password = settings.password {
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                try await send("AUTH PLAIN \(token)", expect: [235])
            }
            try await send("MAIL FROM:<\(settings.from)>", expect: [250])
            try await send("RCPT TO:<\(to)>", expect: [250, 251])
            try await send("DATA", expect: [354])
            try await outbound.write(ByteBuffer(string: data + "\r\n.\r\n"))
            try await replies.expect([250], after: "message")
            try? await send("QUIT", expect: [221])
        }
    }
}

/// Why an SMTP conversation failed.
public struct SMTPError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads SMTP replies (`250-…` continuation lines, then `250 …`) from the inbound stream.
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func line() async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                return line
            }
            guard var buffer = try await iterator.next() else { throw SMTPError(description: "the server closed the connection") }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            if pending.utf8.count > 64 * 1024 { throw SMTPError(description: "the server's reply is too long") }
        }
    }

    mutating func expect(_ codes: Set<Int>, after step: String) async throws {
        while true {
            let reply = try await line()
            guard reply.count >= 3, let code = Int(reply.prefix(3)) else { throw SMTPError(description: "unreadable reply after \(step.prefix(20)): \(reply.prefix(80))") }
            if reply.dropFirst(3).first == "-" { continue }
            guard codes.contains(code) else {
                // An AUTH line carries the password: never name it.
                let shown = step.hasPrefix("AUTH") ? "AUTH" : String(step.prefix(40))
                throw SMTPError(description: "\(shown) answered \(reply.prefix(120))")
            }
            return
        }
    }
}

/// An RFC 5322 message in UTF-8: encoded-word subject and display name, base64 body.
enum SMTPMessage {
    static func isAddress(_ text: String) -> Bool { EmailAddress.isValid(text) }

    static func encodedWord(_ text: String) -> String {
        "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func render(from: String, to: String, toName: String, subject: String, body: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        let encoded = Data(body.utf8).base64EncodedString()
        let lines = stride(from: 0, to: encoded.count, by: 76).map { start -> String in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let end = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<end])
        }
        return [
            "From: \(encodedWord("GovHall 电子监察")) <\(from)>",
            "To: \(encodedWord(toName)) <\(to)>",
            "Subject: \(encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@govhall>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
        ].joined(separator: "\r\n") + "\r\n" + lines.joined(separator: "\r\n")
    }
}
