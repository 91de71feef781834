import Foundation
import GovStoreTestSupport
import Testing

/// Every form control is one the stylesheet styles: an `<input>` without a `type` falls back to the browser's look
/// (issue 28, item 9), and a type the stylesheet does not name does too.
@Suite("Every input styled")
struct TemplateInputTests {
    static func files(under folder: String, ending suffix: String) -> [String] {
        let root = URL(fileURLWithPath: packageRoot + "/" + folder)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let url = walker?.nextObject() as? URL {
            if url.path.hasSuffix(suffix) { found.append(url.path) }
        }
        return found.sorted()
    }

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: text).map { String(text[$0]) }
        }
    }

    @Test("every <input> in the templates has a type, and every type used is one the stylesheet styles")
    func everyInputTyped() throws {
        let css = try String(contentsOfFile: packageRoot + "/Public/css/govhall.css", encoding: .utf8)
        let styled = Set(try Self.matches(#"input\[type="([a-z-]+)"\]"#, in: css)).union(["hidden", "submit"])
        #expect(styled.isSuperset(of: ["text", "tel", "email", "search", "date", "number", "password", "file", "checkbox", "radio"]))
        let templates = Self.files(under: "Resources/Views", ending: ".leaf")
        #expect(templates.count > 50)
        var untyped: [String] = []
        var unstyled: [String] = []
        for path in templates {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for input in try Self.matches(#"<input\b[^>]*>"#, in: text) {
                let name = path.split(separator: "/").suffix(2).joined(separator: "/")
                guard let type = try Self.matches(#"\btype="([a-z-]+)""#, in: input).first else {
                    untyped.append("\(name): \(input.prefix(80))")
                    continue
                }
                if !styled.contains(type) { unstyled.append("\(name): \(type)") }
            }
        }
        #expect(untyped.isEmpty, "inputs without a type:\n\(untyped.joined(separator: "\n"))")
        #expect(unstyled.isEmpty, "input types the stylesheet does not style:\n\(unstyled.joined(separator: "\n"))")
    }
}
