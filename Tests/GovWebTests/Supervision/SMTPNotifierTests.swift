import Foundation
import GovStore
import GovTestSupport
@testable import GovWeb
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// The e-mail notifier against a real SMTP peer on a socket: a small server that answers as a relay does and keeps
/// what it was told.
@Suite("E-mail notifier")
struct SMTPNotifierTests {
    /// A one-connection-at-a-time SMTP server: `rejectRecipient` answers RCPT with 550.
    final class Peer: Sendable {
        let lines = NIOLockedValueBox<[String]>([])
        let port: Int
        private let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        private let task: Task<Void, Never>

        init(rejectRecipient: Bool = false) async throws {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0) { child in
                    child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
                }
            self.channel = channel
            port = channel.channel.localAddress?.port ?? 0
            let lines = self.lines
            task = Task {
                try? await channel.executeThenClose { connections in
                    for try await connection in connections {
                        try? await connection.executeThenClose { inbound, outbound in
                            try await outbound.write(ByteBuffer(string: "220 test.relay ESMTP\r\n"))
                            var pending = ""
                            var inData = false
                            for try await var buffer in inbound {
                                pending += buffer.readString(length: buffer.readableBytes) ?? ""
                                while let end = pending.range(of: "\r\n") {
                                    let line = String(pending[..<end.lowerBound])
                                    pending = String(pending[end.upperBound...])
                                    lines.withLockedValue { $0.append(line) }
                                    if inData {
                                        if line == "." {
                                            inData = false
                                            try await outbound.write(ByteBuffer(string: "250 queued\r\n"))
                                        }
                                        continue
                                    }
                                    let reply: String = switch line.prefix(4).uppercased() {
                                    case "EHLO": "250-test.relay\r\n250-AUTH PLAIN\r\n250 8BITMIME"
                                    case "AUTH": "235 ok"
                                    case "MAIL": "250 ok"
                                    case "RCPT": rejectRecipient ? "550 no such user" : "250 ok"
                                    case "DATA": "354 go ahead"
                                    case "QUIT": "221 bye"
                                    default: "500 what"
                                    }
                                    if line.uppercased() == "DATA" { inData = true }
                                    try await outbound.write(ByteBuffer(string: reply + "\r\n"))
                                    if line.uppercased() == "QUIT" { return }
                                }
                            }
                        }
                    }
                }
            }
        }

        func stop() async {
            task.cancel()
            try? await channel.channel.close()
        }
    }

    static func message(email: String?) -> OutgoingNotification {
        OutgoingNotification(
            id: UUID(), recipientUsername: "head", recipientName: "负责人 王", recipientEmail: email,
            title: "【超期】99010020261120000001 办理决定", body: "已超过法定期限（2026-11-30 24:00），已纳入电子监察超期统计。",
            subjectType: "case", subjectID: UUID())
    }

    @Test("a notice is sent as UTF-8 mail: EHLO, AUTH PLAIN, MAIL, RCPT, DATA with an encoded subject and a base64 body")
    func sends() async throws {
        let peer = try await Peer()
        let settings = try #require(SMTPSettings(url: "smtp://notice%40city:s3cret@127.0.0.1:\(peer.port)", from: "supervision@city.gov.cn"))
        #expect(settings.username == "notice@city" && settings.password == "s3cret" && !settings.implicitTLS)
        try await SMTPNotifier(settings: settings).deliver(Self.message(email: "head@city.gov.cn"))
        await peer.stop()
        let lines = peer.lines.withLockedValue { $0 }
        #expect(lines.first == "EHLO govhall")
        #expect(lines.contains("AUTH PLAIN " + Data("\u{0}notice@city\u{0}s3cret".utf8).base64EncodedString()))
        #expect(lines.contains("MAIL FROM:<supervision@city.gov.cn>") && lines.contains("RCPT TO:<head@city.gov.cn>"))
        let subject = try #require(lines.first { $0.hasPrefix("Subject: =?UTF-8?B?") })
        let encoded = String(subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2))
        #expect(String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self) == Self.message(email: nil).title)
        let blank = try #require(lines.firstIndex(of: ""))
        let end = try #require(lines.lastIndex(of: "."))
        let body = try #require(Data(base64Encoded: lines[(blank + 1)..<end].joined()))
        #expect(String(decoding: body, as: UTF8.self) == Self.message(email: nil).body)
        #expect(lines.last == "QUIT")
    }

    @Test("a refused recipient is an error to retry; no address, no mail; bad settings are refused at start-up")
    func refusals() async throws {
        let peer = try await Peer(rejectRecipient: true)
        let settings = try #require(SMTPSettings(url: "smtp://127.0.0.1:\(peer.port)", from: "supervision@city.gov.cn"))
        await #expect(throws: SMTPError.self) { try await SMTPNotifier(settings: settings).deliver(Self.message(email: "nobody@city.gov.cn")) }
        let before = peer.lines.withLockedValue { $0.count }
        try await SMTPNotifier(settings: settings).deliver(Self.message(email: nil))
        #expect(peer.lines.withLockedValue { $0.count } == before)
        await peer.stop()
        #expect(SMTPSettings(url: "http://mail.example", from: "a@b.cn") == nil)
        #expect(SMTPSettings(url: "smtps://mail.example", from: "a@b.cn")?.port == 465)
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig.load(environment: ["GOVHALL_SMTP_URL": "smtp://mail.example", "GOVHALL_SMTP_FROM": "not an address", "GOVHALL_RESOURCES_DIR": packageRoot])
        }
    }
}
