import Foundation
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing

@Suite("Configuration")
struct AppConfigTests {
    @Test("defaults: SQLite in ./data, 127.0.0.1:8080")
    func defaults() throws {
        let config = try AppConfig.load(environment: ["GOVHALL_RESOURCES_DIR": packageRoot], workingDirectory: "/srv/govhall")
        #expect(config.database == .sqliteFile(path: "/srv/govhall/data/govhall.sqlite"))
        #expect(config.hostname == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(!config.secureCookies)
    }

    @Test("every wrong value is named at once")
    func errors() {
        do {
            _ = try AppConfig.load(environment: [
                "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_PORT": "80000", "DATABASE_URL": "mysql://x", "GOVHALL_BCRYPT_COST": "3",
                "GOVHALL_LOG_LEVEL": "loud", "GOVHALL_SEED_DEMO": "maybe", "GOVHALL_DB_WAIT": "0", "GOVHALL_DISCLOSURE_RULES": "2010", "GOVHALL_DISCLOSURE_INDEX_PATTERN": "{org}",
            ])
            Issue.record("expected the configuration to be refused")
        } catch {
            let text = error.description
            for name in ["GOVHALL_PORT", "DATABASE_URL", "GOVHALL_BCRYPT_COST", "GOVHALL_LOG_LEVEL", "GOVHALL_SEED_DEMO", "GOVHALL_DB_WAIT", "GOVHALL_DISCLOSURE_RULES", "GOVHALL_DISCLOSURE_INDEX_PATTERN"] {
                #expect(text.contains(name), "\(name) not named")
            }
        }
    }

    @Test("the site's 网站标识码, filings and contact are set by the environment and checked; the demo city's by default")
    func siteIdentity() throws {
        #expect(try AppConfig.load(environment: ["GOVHALL_RESOURCES_DIR": packageRoot]).site == .demo)
        let config = try AppConfig.load(environment: [
            "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_SITE_CODE": "4403000001", "GOVHALL_ICP_FILING": "粤ICP备12345678号",
            "GOVHALL_PSB_FILING": "粤公网安备44030402001234号", "GOVHALL_CONTACT_PHONE": "0755-12345",
        ])
        #expect(config.site.siteCode == "4403000001" && config.site.icpFiling == "粤ICP备12345678号")
        #expect(config.site.publicSecurityRecordCode == "44030402001234" && config.site.contactPhone == "0755-12345")
        do {
            _ = try AppConfig.load(environment: [
                "GOVHALL_RESOURCES_DIR": packageRoot, "GOVHALL_SITE_CODE": "44030", "GOVHALL_ICP_FILING": "12345678",
                "GOVHALL_PSB_FILING": "粤公网安备4403号", "GOVHALL_CONTACT_EMAIL": "nobody",
            ])
            Issue.record("expected the configuration to be refused")
        } catch {
            for name in ["GOVHALL_SITE_CODE", "GOVHALL_ICP_FILING", "GOVHALL_PSB_FILING", "GOVHALL_CONTACT_EMAIL"] {
                #expect(error.problems.contains { $0.hasPrefix(name) }, "\(name)")
            }
        }
    }

    @Test("a config file is read, and the environment wins over it")
    func file() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("govhall-\(UUID()).json").path
        try Data(#"{"port": 9000, "hostname": "0.0.0.0", "publicURL": "https://zwfw.example.gov.cn"}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try AppConfig.load(environment: ["GOVHALL_CONFIG_FILE": path, "GOVHALL_PORT": "9100", "GOVHALL_RESOURCES_DIR": packageRoot])
        #expect(config.port == 9100)
        #expect(config.hostname == "0.0.0.0")
        #expect(config.secureCookies)
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig.load(environment: ["GOVHALL_CONFIG_FILE": "/nonexistent.json", "GOVHALL_RESOURCES_DIR": packageRoot])
        }
    }

    @Test("PostgreSQL URLs are accepted and never printed with their password")
    func postgres() throws {
        let config = try AppConfig.load(environment: ["DATABASE_URL": "postgresql://gov:s3cret@db.internal:5432/govhall", "GOVHALL_RESOURCES_DIR": packageRoot])
        #expect(!config.database.isSQLite)
        #expect(!config.database.redactedDescription.contains("s3cret"))
    }
}
