import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovTestSupport
@testable import GovWeb
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor

/// Keeps every log line (message and metadata) in memory.
final class CapturedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    var count: Int { lines.withLockedValue { $0.count } }

    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let own = event.metadata { merged.merge(own) { _, new in new } }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.append("\(event.level) \(label) \(event.message) \(fields) \(event.source) \(event.file):\(event.line)")
        }
    }
}

/// What a person types or is given in secret (passwords, session and token secrets) and full identity numbers do not
/// reach the log at the levels production runs (info and above). Debug and trace are for development: there the
/// database drivers log each query with its values (docs/security.md). The application's logger is replaced by one
/// that keeps every line; requests log through it (Vapor gives each request a copy of `app.logger`).
@Suite("Security: no secrets in logs")
struct SecurityLogTests {
    @Test("sign-in, registration, password change, token use, a filed case and a ticket leave no secret in the log", arguments: [Logger.Level.info])
    func noSecrets(level: Logger.Level) async throws {
        try await withTestApp { test in
            let code = try await ApprovalFixtures.publish(on: test.app)
            let log = CapturedLog()
            var logger = Logger(label: "codes.vapor.application") { CapturedLog.Handler(log: log, label: $0) }
            logger.logLevel = level
            test.app.logger = logger

            // Sign-in (a failure first, then the real password), registration with an ID number, a password change.
            let citizen = TestBrowser(test.app)
            try await citizen.signIn("citizen", "Wrong-password-123")
            try await citizen.signIn("citizen", test.passwords["citizen"]!)
            let session = try #require(citizen.cookie("govhall_session"))
            let stranger = try await SecurityPeople.browser(test, as: "stranger-citizen")
            let strangerSession = try #require(stranger.cookie("govhall_session"))
            let newPassword = "Brand-new-secret-2026"
            let change = try await stranger.post("/account/password", form: [
                ("currentPassword", SecurityPeople.strangerPassword), ("newPassword", newPassword), ("newPasswordConfirmation", newPassword),
            ])
            #expect(change.status == .seeOther)

            // A case filed online (the applicant's ID number goes into it) and a ticket with a phone number.
            let (caseID, caseQueryCode, confirmation) = try await ApprovalFixtures.file(citizen, code: code)
            // The confirmation shows the code (its address carries it); it is not logged either way.
            #expect(try await citizen.get(confirmation).text.contains("<strong class=\"mono query-code\">\(caseQueryCode)</strong>"))
            // A new code issued on the case page (issue 20, item 8).
            let renewed = try await citizen.post("/my/cases/\(caseID)/query-code", form: [])
            #expect(renewed.status == .ok)
            let renewedCode = try #require(renewed.text.components(separatedBy: "<strong class=\"mono query-code\">").dropFirst().first?.prefix(6)).description
            let hotline = try await citizen.post("/hotline", form: [
                ("kind", "complaint"), ("category", "0301"), ("subject", "日志测试"), ("description", "门口占道经营，影响通行。"),
                ("caller_name", "张伟"), ("caller_phone", "13800138000"),
            ])
            #expect(hotline.status.code < 400, "filing a ticket: \(hotline.status.code)")

            // A token issued and used, once with a wrong secret.
            let token = try await TokenScopeTests.issue(test, ["org:read", "audit:read"])
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await test.app.testing().sendRequest(.GET, "/api/v1/organisations", headers: headers).status == .ok)
            headers.bearerAuthorization = BearerAuthorization(token: token.dropLast(4) + "zzzz")
            #expect(try await test.app.testing().sendRequest(.GET, "/api/v1/audit", headers: headers).status == .unauthorized)

            let text = log.text
            #expect(log.count > 5, "the log was not captured (\(log.count) lines)")
            let row = try #require(try await ApprovalCase.find(UUID(uuidString: caseID), on: test.app.db))
            let secrets: [(String, String)] = [
                ("the citizen's password", test.passwords["citizen"]!), ("a wrong password", "Wrong-password-123"),
                ("the stranger's password", SecurityPeople.strangerPassword), ("the new password", newPassword),
                ("a session secret", session), ("a session secret", strangerSession),
                ("a CSRF token", citizen.cookie("govhall_csrf") ?? "-"),
                ("a token secret", token), ("a wrong token secret", String(token.dropLast(4) + "zzzz")),
                ("a full ID number", DemoCity.demoResidentID), ("a full ID number", SecurityPeople.strangerResidentID),
                ("a full ID number", row.applicantIdentifier), ("a case's query code", caseQueryCode), ("a renewed query code", renewedCode),
                ("a case's stored query code hash", row.queryCode),
            ]
            for (what, secret) in secrets {
                #expect(!text.contains(secret), "at \(level), the log holds \(what): \(text.split(separator: "\n").first { $0.contains(secret) }?.prefix(300) ?? "")")
            }
        }
    }
}
