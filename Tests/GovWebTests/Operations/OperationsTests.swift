import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Logging
import SQLKit
import Testing
import Vapor
import VaporTesting

/// What the people who run GovHall read: `/metrics`, the logs, and backups.
@Suite("Operations")
struct OperationsTests {
    @Test("/metrics gives open obligations by status, as the rows say, and how long the sweep took")
    func obligationsAndSweepInMetrics() async throws {
        try await withTestApp(demoCases: true) { test in
            let open = try await ObligationRecord.query(on: test.app.db).filter(\.$completedAt == nil).all()
            #expect(!open.isEmpty)
            _ = try #require(await SupervisionJobs.sweep(test.app))

            let text = try await test.app.testing().sendRequest(.GET, "/metrics").text
            // Counted after the sweep, which may have moved some statuses on.
            let now = try await ObligationRecord.query(on: test.app.db).filter(\.$completedAt == nil).all()
            for status in ObligationStatus.allCases {
                let expected = now.filter { $0.status == status.rawValue }.count
                #expect(text.contains("govhall_obligations_open{status=\"\(status.rawValue)\"} \(expected)"), "\(status)")
            }
            #expect(text.contains("govhall_job_duration_seconds_count{job=\"supervision-sweep\"} 1"))

            // Every family has its # HELP and # TYPE (Prometheus text format 0.0.4), once, before its samples.
            _ = try await test.app.testing().sendRequest(.GET, "/")
            let exposed = try await test.app.testing().sendRequest(.GET, "/metrics").text
            let lines = exposed.split(separator: "\n").map(String.init)
            var helped = Set<String>(), typed = [String: String]()
            for line in lines {
                let words = line.split(separator: " ", maxSplits: 3).map(String.init)
                if line.hasPrefix("# HELP ") {
                    #expect(words.count == 4 && !words[3].isEmpty, "\(line)")
                    #expect(helped.insert(words[2]).inserted, "HELP twice: \(line)")
                } else if line.hasPrefix("# TYPE ") {
                    #expect(typed.updateValue(words[3], forKey: words[2]) == nil, "TYPE twice: \(line)")
                } else if !line.isEmpty {
                    let name = String(line.prefix { $0 != "{" && $0 != " " })
                    let family = typed[name] == nil
                        ? ["_bucket", "_sum", "_count"].first(where: name.hasSuffix).map { String(name.dropLast($0.count)) } ?? name : name
                    #expect(typed[family] != nil && helped.contains(family), "no HELP/TYPE before \(line)")
                }
            }
            for family in ["govhall_http_requests_total", "govhall_http_request_duration_seconds", "govhall_obligations_open",
                           "govhall_supervision_sweep_changes_total", "govhall_job_duration_seconds"] {
                #expect(helped.contains(family) && typed[family] != nil, "\(family)")
            }
        }
    }

    @Test("a JSON log line is one object with the time, level, message and the request id")
    func jsonLogLine() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_795_140_000), level: .warning, label: "govhall", message: "database unavailable",
            metadata: ["request-id": "6F1C", "route": .string("/api/v1/cases"), "tags": .array(["a", "b"])])
        let text = try #require(String(data: line, encoding: .utf8))
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "database unavailable")
        #expect(object["request-id"] as? String == "6F1C")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect((object["time"] as? String)?.hasPrefix("2026-11-20T02:00:00") == true)
    }

    @Test("the log format is text or json, and nothing else")
    func logFormatSetting() throws {
        let json = try AppConfig.load(environment: ["GOVHALL_LOG_FORMAT": "json", "GOVHALL_RESOURCES_DIR": packageRoot])
        #expect(json.logFormat == .json)
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig.load(environment: ["GOVHALL_LOG_FORMAT": "xml", "GOVHALL_RESOURCES_DIR": packageRoot])
        }
    }

    @Test("an online SQLite backup holds the audit chain the manifest records")
    func sqliteSnapshot() async throws {
        try await withTestApp { test in
            guard test.app.govhall.config.database.isSQLite else { return }  // PostgreSQL backs up with pg_dump (CI)
            let state = try await Backup.state(on: test.app.db)
            #expect(state.auditEntries > 0)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try await Backup.snapshotSQLite(into: copy, on: test.app.db)

            let restored = try await Application.make(.testing)
            var config = test.app.govhall.config
            config.database = .sqliteFile(path: copy)
            do {
                try await configure(restored, config)
                let copied = try await Backup.state(on: restored.db)
                #expect(copied.auditEntries == state.auditEntries && copied.migrations == state.migrations)
                #expect(try await Backup.auditHash(atSequence: state.auditEntries, on: restored.db) == state.auditHead)
                #expect(try await Backup.isEmpty(restored.db) == false)
                try await restored.asyncShutdown()
            } catch {
                try? await restored.asyncShutdown()
                throw error
            }
            // The copy exists already: VACUUM INTO refuses to overwrite it.
            await #expect(throws: (any Error).self) { try await Backup.snapshotSQLite(into: copy, on: test.app.db) }
        }
    }
}

@Suite("Client address behind a proxy")
struct ClientAddressTests {
    @Test("X-Real-IP counts only from a trusted proxy, and only when it is an address")
    func realIP() throws {
        let trusted: Set<String> = ["127.0.0.1"]
        #expect(ClientAddress.resolve(peer: "127.0.0.1", realIP: "203.0.113.7", trustedProxies: trusted) == "203.0.113.7")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", realIP: "2001:db8::1", trustedProxies: trusted) == "2001:db8::1")
        #expect(ClientAddress.resolve(peer: "198.51.100.2", realIP: "203.0.113.7", trustedProxies: trusted) == "198.51.100.2")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", realIP: "evil; DROP", trustedProxies: trusted) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", realIP: nil, trustedProxies: []) == "127.0.0.1")
        let config = try AppConfig.load(environment: ["GOVHALL_TRUSTED_PROXIES": "127.0.0.1, ::1", "GOVHALL_RESOURCES_DIR": packageRoot])
        #expect(config.trustedProxies == ["127.0.0.1", "::1"])
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig.load(environment: ["GOVHALL_TRUSTED_PROXIES": "proxy.internal", "GOVHALL_RESOURCES_DIR": packageRoot])
        }
    }
}

@Suite("Deadline")
struct DeadlineTests {
    @Test("work that finishes in time gives its answer; work that hangs is given up on at the limit")
    func deadline() async throws {
        #expect(try await Deadline.run(within: .seconds(5)) { 42 } == 42)
        // The work below never ends: that the call comes back at all, with Passed, is the proof it was given up on.
        await #expect(throws: Deadline.Passed.self) {
            try await Deadline.run(within: .milliseconds(200)) {
                // Ignores cancellation, as a lost database connection did: waits on something that never answers. (Not a
                // loop of `try? await Task.sleep`: once cancelled, that spins on a core for the rest of the test run.)
                await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
            }
        }
        await #expect(throws: CancellationError.self) {
            try await Deadline.run(within: .seconds(5)) { throw CancellationError() }
        }
    }
}
