import Foundation
@testable import GovCore
import Testing

@Suite("Search folding: the fast path folds exactly as Foundation's compatibility mapping and lower case")
struct SearchTextFoldingTests {
    static func foundationFolding(_ character: Character) -> String {
        String(character).precomposedStringWithCompatibilityMapping.lowercased()
    }

    @Test("every ASCII character and every CJK ideograph of the basic block and Extension A folds as Foundation folds it")
    func fastPathAgreesWithFoundation() {
        var checked = 0
        for range in [0x00...0x7F, 0x3400...0x4DBF, 0x4E00...0x9FFF] {
            for value in range {
                let character = Character(Unicode.Scalar(value)!)
                let fast = SearchText.foldedWithoutFoundation(character)
                #expect(fast.map(String.init) == Self.foundationFolding(character), "U+\(String(value, radix: 16, uppercase: true))")
                checked += 1
            }
        }
        #expect(checked == 128 + 6_592 + 20_992)
    }

    @Test("what the fast path does not know goes to Foundation: full-width letters, the ideographic space, compatibility ideographs")
    func othersTakeTheFoundationPath() {
        for character: Character in ["Ａ", "１", "\u{3000}", "\u{F900}", "ﬁ", "É", "\r\n"] {
            #expect(SearchText.foldedWithoutFoundation(character) == nil, "\(character)")
        }
        #expect(SearchText.normalised("Ａ食品１").map(\.character) == ["a", "食", "品", "1"])
    }

    @Test("a snippet's text is on one line: lines joined by one space, blank lines and leading and trailing breaks dropped")
    func oneLine() {
        for (text, expected) in [("a\nb", "a b"), ("\n\n食品\r\n\r\n经营\n", "食品 经营"), ("", ""), ("\n", ""), ("x y", "x y")] {
            #expect(String(Highlighter.onOneLine(text)) == text.split(whereSeparator: \.isNewline).joined(separator: " "), "\(text.debugDescription)")
            #expect(String(Highlighter.onOneLine(text)) == expected, "\(text.debugDescription)")
        }
    }
}
