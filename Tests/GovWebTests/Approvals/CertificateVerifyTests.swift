import FluentKit
import Foundation
import GovCore
import GovStore
import GovTestSupport
@testable import GovWeb
import Testing
import Vapor
import VaporTesting

@Suite("Public certificate verification reveals no personal data and no oracle (issue 20)")
struct CertificateVerifyTests {
    /// An 18-character 居民身份证号 standing alone (not inside a longer number such as a 19-digit certificate number).
    static let identifierPattern = try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")

    static func identifiers(in text: String) -> [String] {
        identifierPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }
    }

    static func fields(_ json: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }

    /// The part of the verify page that answers: everything from the verdict to the end of the result.
    static func verdictSection(_ html: String) -> String {
        guard let start = html.range(of: "<div class=\"result verdict") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</div>\n")?.upperBound ?? rest.endIndex)])
    }

    @Test("walking 200 sequential numbers, with and without codes, in HTML and JSON, shows no ID number and no full name")
    func walkingNumbersHarvestsNothing() async throws {
        try await withTestApp(demoCases: true) { test in
            // setup: every person any demo certificate names, and the sequential numbers around theirs
            let certificates = try await IssuedCertificate.query(on: test.app.db).all()
            #expect(certificates.count >= 50)
            var names = Set<String>()
            var identifiers = Set<String>()
            for certificate in certificates {
                let scope = try #require(certificate.scope)
                for datum in scope.personalData {
                    switch datum.kind {
                    case .personName: names.insert(datum.value)
                    case .identifier: identifiers.insert(datum.value)
                    case .phone, .address: break
                    }
                }
                if certificate.holderIsPerson {
                    names.insert(certificate.holderName)
                    identifiers.insert(certificate.holderIdentifier)
                }
            }
            // The demo's scopes do name persons with their ID numbers (the marriage certificate and the like).
            #expect(certificates.contains { $0.scope?.personalData.contains { $0.kind == .identifier } == true })
            #expect(names.count >= 10 && identifiers.count >= 10)
            let prefixes = Set(certificates.map { String($0.number.dropLast(6)) }).sorted()
            let perPrefix = max(3, 200 / prefixes.count + 1)
            var numbers = Set(certificates.map(\.number))
            for prefix in prefixes {
                for serial in 1...perPrefix { numbers.insert(prefix + String(format: "%06d", serial)) }
            }
            #expect(numbers.count >= 200)
            let byNumber = Dictionary(uniqueKeysWithValues: certificates.map { ($0.number, $0) })

            // MUT: each number bare, with a wrong code, and (for real ones) with the right code and by QR text
            let anyone = TestBrowser(test.app)
            var answered = 0
            var verified = 0
            func probe(_ path: String) async throws -> BrowserResponse {
                let response = try await anyone.get(path)
                #expect(response.status == .ok, "\(path)")
                let text = response.text
                #expect(Self.identifiers(in: text).isEmpty, "\(path) shows \(Self.identifiers(in: text))")
                for identifier in identifiers { #expect(!text.contains(identifier), "\(path) shows \(identifier)") }
                for name in names where text.contains(name) { Issue.record("\(path) shows the name \(name)") }
                answered += 1
                return response
            }
            for number in numbers.sorted() {
                for check in ["", "&check=", "&check=AAAAAAAA", "&check=23456789"] {
                    let html = try await probe("/verify?code=\(number)\(check)")
                    let json = try await probe("/api/v1/certificates/verify?code=\(number)\(check)")
                    let expectFound = byNumber[number].map { CertificateCheckCode.matches(String(check.dropFirst(7)), $0.checkCode) } ?? false
                    if !expectFound {
                        #expect(html.text.contains("verdict-not_found"))
                        #expect(json.text.contains("\"verdict\":\"not_found\"") && !json.text.contains("\"certificate\""))
                    }
                }
                guard let certificate = byNumber[number] else { continue }
                let right = "&check=" + CertificateCheckCode.printed(certificate.checkCode)
                let html = try await probe("/verify?code=\(number)\(right)")
                let json = try await probe("/api/v1/certificates/verify?code=\(number)\(right)")
                let qr = try await probe("/api/v1/certificates/verify?code=" + TestBrowser.encode(certificate.signedText))
                // validate: the right code opens the record, which shows the number and the masked holder
                #expect(!html.text.contains("verdict-not_found") && html.text.contains(number))
                #expect(json.text.contains("\"number\":\"\(number)\"") && qr.text.contains("\"number\":\"\(number)\""))
                if certificate.holderIsPerson { #expect(json.text.contains(Mask.personName(certificate.holderName))) }
                verified += 1
            }
            #expect(answered >= 200 * 8)
            #expect(verified == certificates.count)
        }
    }

    @Test("a wrong or missing check code answers exactly as an unknown number, in HTML and JSON, in both languages")
    func noOracle() async throws {
        try await withTestApp(demoCases: true) { test in
            let certificate = try #require(try await IssuedCertificate.query(on: test.app.db).filter(\.$revokedAt == nil).first())
            let unknown = String(certificate.number.dropLast(6)) + "999999"
            let wrong = certificate.checkCode == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA"
            let anyone = TestBrowser(test.app)
            for language in ["zh-Hans", "en"] {
                try await anyone.get("/language/\(language)?return=/")
                // JSON: the same answer
                let api = "/api/v1/certificates/verify?code="
                let reference = try await anyone.get(api + unknown + "&check=" + wrong)
                for path in [api + certificate.number, api + certificate.number + "&check=", api + certificate.number + "&check=" + wrong] {
                    let response = try await anyone.get(path)
                    // The same fields with the same values (Foundation's encoder does not keep key order).
                    #expect(response.status == reference.status && Self.fields(response.text) == Self.fields(reference.text), "\(path): \(response.text)")
                }
                #expect(Self.fields(reference.text)?.keys.sorted() == ["message", "verdict"])
                #expect(reference.text.contains(CertificateVerdict.notFound.title(in: language == "en" ? .en : .zhHans)))
                // HTML: the same verdict section (the page echoes the number typed, nothing else differs)
                let page = try await anyone.get("/verify?code=" + unknown)
                for path in ["/verify?code=\(certificate.number)", "/verify?code=\(certificate.number)&check=\(wrong)"] {
                    let response = try await anyone.get(path)
                    #expect(response.status == page.status && Self.verdictSection(response.text) == Self.verdictSection(page.text), "\(path)")
                }
                #expect(Self.verdictSection(page.text).contains("verdict-not_found"))
                // The right code, as printed or typed in lower case, verifies.
                for typed in [CertificateCheckCode.printed(certificate.checkCode), certificate.checkCode.lowercased()] {
                    let response = try await anyone.get(api + certificate.number + "&check=" + typed)
                    #expect(response.text.contains("\"verdict\":\"valid\"") || response.text.contains("\"verdict\":\"expired\""))
                    let html = try await anyone.get("/verify?code=\(certificate.number)&check=\(typed)")
                    #expect(!html.text.contains("verdict-not_found") && html.text.contains(certificate.number))
                }
            }
        }
    }
}
