import Foundation
import GovCore
import GovStore

/// Everything GovHall reads from its environment, read once at start-up. Precedence: built-in defaults, then
/// the JSON file named by `GOVHALL_CONFIG_FILE`, then the process environment. Every wrong value is reported
/// at once, by name, and start-up stops.
public struct AppConfig: Sendable, Equatable {
    public var dataDirectory: String
    public var database: DatabaseLocation
    public var hostname: String
    public var port: Int
    /// The address people use, e.g. `https://zwfw.example.gov.cn`; cookies are `Secure` when it is https.
    public var publicURL: String
    public var resourcesDirectory: String
    public var bcryptCost: Int
    public var sessionLifetime: TimeInterval
    /// How long a session lives at most from sign-in, however busy (OWASP ASVS 4.0.3 V3.3.2: re-authentication periodically).
    public var sessionAbsoluteLifetime: TimeInterval = 12 * 3600
    public var logLevel: String
    /// Addresses of reverse proxies whose `X-Real-IP` names the client (e.g. nginx on the same machine: 127.0.0.1).
    public var trustedProxies: Set<String> = []
    /// `text` for a terminal, `json` (one object per line) for a log collector.
    public var logFormat: LogFormat = .text
    public var seedDemoOnFirstStart: Bool
    /// E-mail for supervision notices; `nil` sends them to the log only.
    public var smtp: SMTPSettings?
    /// PostgreSQL connections per event loop (thread) of this node.
    public var databasePool: Int = 4
    /// How long a request waits for a free database connection before it is answered 503.
    public var databaseWaitSeconds: Int = 10
    /// How index numbers (索引号) of the disclosure catalogue are made.
    public var disclosureIndexPattern: IndexNumberPattern = .standard
    /// Which edition of the disclosure regulations requests are answered under.
    public var disclosureRegulations: DisclosureRegulations = .edition2019
    /// The site's 网站标识码, filings and contact details, shown at the foot of every page.
    public var site: SiteIdentity = .demo

    public enum LogFormat: String, Sendable, Equatable {
        case text, json
    }

    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    /// The environment variables GovHall reads, for `--help` and the README.
    public static let variables: [(name: String, meaning: String)] = [
        ("GOVHALL_CONFIG_FILE", "optional JSON file with any of the keys below (lower-camel names)"),
        ("GOVHALL_DATA_DIR", "where the SQLite file, uploads and keys live (default ./data)"),
        ("DATABASE_URL", "postgres://user:password@host:port/database; unset means SQLite in the data directory"),
        ("GOVHALL_HOSTNAME", "address to listen on (default 127.0.0.1)"),
        ("GOVHALL_PORT", "port to listen on (default 8080)"),
        ("GOVHALL_PUBLIC_URL", "the address people use (default http://127.0.0.1:<port>); https makes cookies Secure"),
        ("GOVHALL_RESOURCES_DIR", "folder holding Resources/ and Public/ (default: found beside the binary or the source)"),
        ("GOVHALL_BCRYPT_COST", "Bcrypt cost for passwords, 4–16 (default 12)"),
        ("GOVHALL_SESSION_HOURS", "idle hours before a session ends, 1–720 (default 8)"),
        ("GOVHALL_SESSION_MAX_HOURS", "hours after sign-in when a session ends however busy, 1–720 (default 12)"),
        ("GOVHALL_LOG_LEVEL", "trace, debug, info, notice, warning, error or critical (default info); debug and trace log SQL with its values, personal data included: for development only"),
        ("GOVHALL_TRUSTED_PROXIES", "comma-separated addresses of reverse proxies whose X-Real-IP header names the client (default none)"),
        ("GOVHALL_LOG_FORMAT", "text, or json for one JSON object per line (with the request id) (default text)"),
        ("GOVHALL_SEED_DEMO", "seed the demo city on first start: true or false (default true)"),
        ("GOVHALL_SMTP_URL", "smtp://[user:password@]host[:port] or smtps://… to e-mail supervision notices (default: the log only)"),
        ("GOVHALL_SMTP_FROM", "the sender address of those e-mails (needed with GOVHALL_SMTP_URL)"),
        ("GOVHALL_DB_POOL", "PostgreSQL connections per thread of this node, 1–64 (default 4)"),
        ("GOVHALL_DB_WAIT", "seconds a request waits for a free PostgreSQL connection before a 503, 1–300 (default 10)"),
        ("GOVHALL_DISCLOSURE_RULES", "2019 (20 + 20 working days) or 2008 (15 + 15) for requests for disclosure (default 2019)"),
        ("GOVHALL_DISCLOSURE_INDEX_PATTERN", "index numbers of the disclosure catalogue: {org}, {year}, {category}, {seq} or {seq:N} (default {org}/{year}-{seq})"),
        ("GOVHALL_SITE_CODE", "the site's 网站标识码, ten digits (default: the demo city's 9901000001)"),
        ("GOVHALL_ICP_FILING", "the ICP filing number shown at the foot of every page, e.g. 京ICP备12345678号 (default: the demo city's)"),
        ("GOVHALL_PSB_FILING", "the public security filing number, e.g. 京公网安备11010502012345号 (default: the demo city's)"),
        ("GOVHALL_CONTACT_PHONE", "the site's contact telephone (default: the demo city's)"),
        ("GOVHALL_CONTACT_EMAIL", "the site's contact e-mail (default: the demo city's)"),
        ("GOVHALL_CONTACT_ADDRESS", "the site's postal address (default: the demo city's)"),
    ]

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var problems: [String]
        public var description: String {
            "GovHall cannot start; fix these settings:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(Invalid) -> AppConfig {
        var problems: [String] = []
        var values: [String: String] = [:]
        if let file = environment["GOVHALL_CONFIG_FILE"], !file.isEmpty {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw CocoaError(.propertyListReadCorrupt)
                }
                for (key, value) in object {
                    guard let name = fileKeys[key] else {
                        problems.append("GOVHALL_CONFIG_FILE: unknown key \"\(key)\" (known: \(fileKeys.keys.sorted().joined(separator: ", ")))")
                        continue
                    }
                    values[name] = "\(value)"
                }
            } catch {
                problems.append("GOVHALL_CONFIG_FILE: cannot read \(file) as a JSON object")
            }
        }
        for (name, _) in variables where name != "GOVHALL_CONFIG_FILE" {
            if let value = environment[name], !value.isEmpty { values[name] = value }
        }

        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
        }
        func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) -> Int {
            guard let text = values[name] else { return value }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(name)=\(text): must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return value
            }
            return number
        }

        let dataDirectory = absolute(values["GOVHALL_DATA_DIR"] ?? "data")
        let port = integer("GOVHALL_PORT", default: 8080, in: 1...65535)
        let hostname = values["GOVHALL_HOSTNAME"] ?? "127.0.0.1"
        if hostname.contains(where: { $0.isWhitespace || $0 == "/" }) {
            problems.append("GOVHALL_HOSTNAME=\(hostname): not a host name or address")
        }
        let publicURL = values["GOVHALL_PUBLIC_URL"] ?? "http://\(hostname):\(port)"
        if URL(string: publicURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            problems.append("GOVHALL_PUBLIC_URL=\(publicURL): must start with http:// or https://")
        }
        var database = DatabaseLocation.inDataDirectory(dataDirectory)
        if let url = values["DATABASE_URL"] {
            do {
                database = try DatabaseLocation.postgres(url: url)
            } catch {
                problems.append("DATABASE_URL: must be postgres://user:password@host:port/database")
            }
        }
        let resources = values["GOVHALL_RESOURCES_DIR"].map(absolute) ?? ResourceLocator.locate(workingDirectory: workingDirectory)
        if resources == nil {
            problems.append("GOVHALL_RESOURCES_DIR: not set, and no folder with Resources/Views was found beside the binary, the source or the working directory")
        } else if let resources, !FileManager.default.fileExists(atPath: resources + "/Resources/Views") {
            problems.append("GOVHALL_RESOURCES_DIR=\(resources): has no Resources/Views folder")
        }
        let bcryptCost = integer("GOVHALL_BCRYPT_COST", default: 12, in: 4...16)
        let sessionHours = integer("GOVHALL_SESSION_HOURS", default: 8, in: 1...720)
        let sessionMaxHours = integer("GOVHALL_SESSION_MAX_HOURS", default: 12, in: 1...720)
        let logLevel = values["GOVHALL_LOG_LEVEL"] ?? "info"
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("GOVHALL_LOG_LEVEL=\(logLevel): must be one of trace, debug, info, notice, warning, error, critical")
        }
        var trustedProxies: Set<String> = []
        for address in (values["GOVHALL_TRUSTED_PROXIES"] ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !address.isEmpty {
            if ClientAddress.isIPAddress(address) { trustedProxies.insert(address) } else {
                problems.append("GOVHALL_TRUSTED_PROXIES: \(address) is not an IP address")
            }
        }
        var logFormat = LogFormat.text
        if let text = values["GOVHALL_LOG_FORMAT"] {
            if let format = LogFormat(rawValue: text) { logFormat = format } else {
                problems.append("GOVHALL_LOG_FORMAT=\(text): must be text or json")
            }
        }
        var seedDemo = true
        if let text = values["GOVHALL_SEED_DEMO"] {
            switch text.lowercased() {
            case "true", "1", "yes": seedDemo = true
            case "false", "0", "no": seedDemo = false
            default: problems.append("GOVHALL_SEED_DEMO=\(text): must be true or false")
            }
        }
        let databasePool = integer("GOVHALL_DB_POOL", default: 4, in: 1...64)
        let databaseWait = integer("GOVHALL_DB_WAIT", default: 10, in: 1...300)
        var regulations = DisclosureRegulations.edition2019
        if let text = values["GOVHALL_DISCLOSURE_RULES"] {
            if let edition = DisclosureRegulations(rawValue: text) { regulations = edition } else {
                problems.append("GOVHALL_DISCLOSURE_RULES=\(text): must be 2019 or 2008")
            }
        }
        var indexPattern = IndexNumberPattern.standard
        if let text = values["GOVHALL_DISCLOSURE_INDEX_PATTERN"] {
            do {
                indexPattern = try IndexNumberPattern(text)
            } catch {
                problems.append("GOVHALL_DISCLOSURE_INDEX_PATTERN=\(text): must contain {seq}, and no placeholder but {org}, {year}, {category}, {seq} and {seq:N}")
            }
        }
        var smtp: SMTPSettings?
        if let url = values["GOVHALL_SMTP_URL"] {
            let from = values["GOVHALL_SMTP_FROM"] ?? ""
            if !SMTPMessage.isAddress(from) {
                problems.append("GOVHALL_SMTP_FROM=\(from): the sender's e-mail address is needed with GOVHALL_SMTP_URL")
            } else if let settings = SMTPSettings(url: url, from: from) {
                smtp = settings
            } else {
                problems.append("GOVHALL_SMTP_URL: must be smtp://[user:password@]host[:port] or smtps://…")
            }
        }
        let demo = SiteIdentity.demo
        let site = SiteIdentity(
            siteCode: values["GOVHALL_SITE_CODE"] ?? demo.siteCode, icpFiling: values["GOVHALL_ICP_FILING"] ?? demo.icpFiling,
            publicSecurityFiling: values["GOVHALL_PSB_FILING"] ?? demo.publicSecurityFiling,
            contactPhone: values["GOVHALL_CONTACT_PHONE"] ?? demo.contactPhone, contactEmail: values["GOVHALL_CONTACT_EMAIL"] ?? demo.contactEmail,
            contactAddress: values["GOVHALL_CONTACT_ADDRESS"] ?? demo.contactAddress)
        let siteVariables = [
            "siteCode": "GOVHALL_SITE_CODE", "icpFiling": "GOVHALL_ICP_FILING", "publicSecurityFiling": "GOVHALL_PSB_FILING",
            "contactPhone": "GOVHALL_CONTACT_PHONE", "contactEmail": "GOVHALL_CONTACT_EMAIL", "contactAddress": "GOVHALL_CONTACT_ADDRESS",
        ]
        for (field, problem) in site.problems { problems.append("\(siteVariables[field] ?? field): \(problem)") }
        guard problems.isEmpty, let resources else { throw Invalid(problems: problems) }
        return AppConfig(
            dataDirectory: dataDirectory, database: database, hostname: hostname, port: port, publicURL: publicURL,
            resourcesDirectory: resources, bcryptCost: bcryptCost, sessionLifetime: TimeInterval(sessionHours * 3600),
            sessionAbsoluteLifetime: TimeInterval(sessionMaxHours * 3600),
            logLevel: logLevel, trustedProxies: trustedProxies, logFormat: logFormat, seedDemoOnFirstStart: seedDemo, smtp: smtp, databasePool: databasePool,
            databaseWaitSeconds: databaseWait, disclosureIndexPattern: indexPattern,
            disclosureRegulations: regulations, site: site
        )
    }

    private static let fileKeys: [String: String] = [
        "dataDirectory": "GOVHALL_DATA_DIR", "databaseURL": "DATABASE_URL", "hostname": "GOVHALL_HOSTNAME",
        "port": "GOVHALL_PORT", "publicURL": "GOVHALL_PUBLIC_URL", "resourcesDirectory": "GOVHALL_RESOURCES_DIR",
        "bcryptCost": "GOVHALL_BCRYPT_COST", "sessionHours": "GOVHALL_SESSION_HOURS", "sessionMaxHours": "GOVHALL_SESSION_MAX_HOURS", "logLevel": "GOVHALL_LOG_LEVEL",
        "logFormat": "GOVHALL_LOG_FORMAT", "trustedProxies": "GOVHALL_TRUSTED_PROXIES",
        "seedDemo": "GOVHALL_SEED_DEMO", "smtpURL": "GOVHALL_SMTP_URL", "smtpFrom": "GOVHALL_SMTP_FROM",
        "databasePool": "GOVHALL_DB_POOL", "databaseWaitSeconds": "GOVHALL_DB_WAIT",
        "disclosureIndexPattern": "GOVHALL_DISCLOSURE_INDEX_PATTERN", "disclosureRules": "GOVHALL_DISCLOSURE_RULES",
        "siteCode": "GOVHALL_SITE_CODE", "icpFiling": "GOVHALL_ICP_FILING", "publicSecurityFiling": "GOVHALL_PSB_FILING",
        "contactPhone": "GOVHALL_CONTACT_PHONE", "contactEmail": "GOVHALL_CONTACT_EMAIL", "contactAddress": "GOVHALL_CONTACT_ADDRESS",
    ]
}

/// Finds the folder that holds `Resources/` and `Public/`: beside the executable (an installed copy), then the
/// source checkout this binary was built from, then the working directory. So `govhall` works wherever it is
/// started from.
public enum ResourceLocator {
    public static func locate(workingDirectory: String) -> String? {
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent())
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("share/govhall"))
        // Sources/GovWeb/Configuration/AppConfig.swift → the package root.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        candidates.append(URL(fileURLWithPath: workingDirectory))
        return candidates.map(\.standardizedFileURL.path).first {
            FileManager.default.fileExists(atPath: $0 + "/Resources/Views")
        }
    }
}
