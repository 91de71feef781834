import Foundation
import Testing
@testable import GovCore

/// Issue 20, item 3: `/language/en?return=/%09/host` redirected to another host, because browsers delete tabs.
@Suite struct LocalPathTests {
    @Test func keepsOrdinaryPaths() {
        for path in ["/", "/services", "/services?q=%E9%A3%9F%E5%93%81", "/services?q=食品&page=2", "/my/cases/3f2a#history", "/track?number=A-1"] {
            #expect(LocalPath.sanitise(path) == path, "\(path)")
        }
    }

    @Test func refusesOtherHostsAndSchemes() {
        for target in [nil, "", "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                       "http:/evil.example", "evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%252F/evil.example",
                       "/%5Cevil.example", "/%255Cevil.example", "/" + String(repeating: "a", count: LocalPath.maximumLength)] {
            #expect(LocalPath.sanitise(target) == "/", "\(target ?? "nil")")
        }
    }

    /// Every ASCII control character, DEL, every Unicode space and a few invisible format characters, raw, percent-encoded
    /// once and twice, before the host, after the first slash and at the end: none may pass.
    @Test func refusesEveryControlCharacterAndSpaceInEveryEncoding() {
        var characters = (0x00...0x1F).map { Unicode.Scalar($0)! } + [Unicode.Scalar(0x7F)!]
        characters += [0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
                       0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E]
            .map { Unicode.Scalar($0)! }
        var tried = 0
        for scalar in characters {
            let raw = String(Character(scalar))
            let once = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let twice = once.replacingOccurrences(of: "%", with: "%25")
            for form in [raw, once, twice, once.lowercased()] {
                for target in ["/\(form)/evil.example", "/\(form)\\evil.example", "\(form)//evil.example", "/services\(form)", "/\(form)"] {
                    #expect(LocalPath.sanitise(target) == "/", "U+\(String(scalar.value, radix: 16)) in \(target.debugDescription)")
                    tried += 1
                }
            }
        }
        #expect(tried == characters.count * 20)
    }

    @Test func refusesTextThatKeepsDecoding() {
        var target = "/a b"
        for _ in 0..<6 { target = target.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20") }
        #expect(LocalPath.sanitise(target) == "/")
    }
}
