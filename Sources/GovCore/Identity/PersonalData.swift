import Foundation

/// Personal data in free text that the public may come to read: a hotline request listed through Open311, a letter to
/// the leader mailbox, a comment on a draft. Detection finds what a writer actually types: numbers spaced, dotted,
/// bracketed, in full-width digits or in Chinese numerals; e-mail addresses written `a(at)b(dot)com`; names after the
/// words that introduce them (我叫, 联系人) or before a form of address (先生, 女士); house numbers (3栋2单元502室,
/// 幸福路12号); chat handles; and the writer's own name and identifiers wherever they occur. It errs towards finding too
/// much: a staff member reviews every span before anything is published (个人信息保护法 第二十五条: personal information
/// is made public only with the person's separate consent).
public enum PersonalData {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case identityNumber, phone, accountNumber, email, name, houseNumber, handle
    }

    /// What was found, by character offsets into the text (the offsets of `Array(text)`).
    public struct Span: Equatable, Sendable {
        public var range: Range<Int>
        public var kind: Kind

        public init(_ range: Range<Int>, _ kind: Kind) {
            self.range = range
            self.kind = kind
        }
    }

    /// A run of text as a reviewer sees it: plain, or personal data of a kind.
    public struct Segment: Equatable, Sendable {
        public var text: String
        public var kind: Kind?
    }

    /// Who wrote the text: their own name and identifiers are personal data wherever they turn up in it.
    public struct Writer: Sendable, Equatable {
        public var name: String?
        public var identifiers: [String]

        public init(name: String? = nil, identifiers: [String] = []) {
            self.name = name
            self.identifiers = identifiers
        }
    }

    public static func find(in text: String, writer: Writer = Writer()) -> [Span] {
        let characters = Array(text)
        var spans = numberSpans(characters) + emailSpans(characters) + handleSpans(characters) + nameSpans(characters)
            + houseNumberSpans(characters) + writerSpans(characters, writer: writer)
        spans.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var merged: [Span] = []
        for span in spans {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound {
                if span.range.upperBound > last.range.upperBound { merged[merged.count - 1].range = last.range.lowerBound..<span.range.upperBound }
                continue
            }
            merged.append(span)
        }
        return merged
    }

    /// The text with every personal datum masked: digits starred, a name's given name starred, an address's mailbox
    /// name replaced by `***`.
    public static func redact(_ text: String, writer: Writer = Writer()) -> String {
        let characters = Array(text)
        let spans = find(in: text, writer: writer)
        guard !spans.isEmpty else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var position = 0
        for span in spans {
            output += String(characters[position..<span.range.lowerBound])
            output += masked(Array(characters[span.range]), kind: span.kind)
            position = span.range.upperBound
        }
        output += String(characters[position...])
        return output
    }

    /// The text cut into plain runs and found data, for a reviewer to see what will be masked.
    public static func segments(of text: String, writer: Writer = Writer()) -> [Segment] {
        let characters = Array(text)
        var segments: [Segment] = []
        var position = 0
        for span in find(in: text, writer: writer) {
            if position < span.range.lowerBound { segments.append(Segment(text: String(characters[position..<span.range.lowerBound]), kind: nil)) }
            segments.append(Segment(text: String(characters[span.range]), kind: span.kind))
            position = span.range.upperBound
        }
        if position < characters.count { segments.append(Segment(text: String(characters[position...]), kind: nil)) }
        return segments
    }

    // MARK: Masking

    static func masked(_ characters: [Character], kind: Kind) -> String {
        switch kind {
        case .identityNumber, .phone, .accountNumber:
            var kept = 0
            return String(characters.map { character in
                guard digit(character) != nil || "Xx\u{FF38}\u{FF58}".contains(character) else { return character }
                kept += 1
                return kept <= 3 ? character : "*"
            })
        case .houseNumber:
            return String(characters.map { digit($0) != nil || numeralWords.contains($0) ? "*" : $0 })
        case .email:
            guard let at = atMarker(in: characters) else { return String(repeating: "*", count: characters.count) }
            return "***" + String(characters[at...])
        case .name:
            let keep = characters.first.map { $0.isASCII } == true ? 1 : surnameLength(characters)
            return String(characters.prefix(keep)) + String(characters.dropFirst(keep).map { $0 == " " ? " " : "*" })
        case .handle:
            return String(characters.prefix(1)) + String(repeating: "*", count: max(0, characters.count - 1))
        }
    }

    // MARK: Numbers: phones, identity numbers, account and card numbers

    /// The digit a character stands for: ASCII, full-width, Chinese numerals and their financial forms (壹贰叁).
    static func digit(_ character: Character) -> UInt8? {
        if let ascii = character.asciiValue, (48...57).contains(ascii) { return ascii - 48 }
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        if (0xFF10...0xFF19).contains(scalar.value) { return UInt8(scalar.value - 0xFF10) }
        return chineseDigits[character]
    }

    static let chineseDigits: [Character: UInt8] = [
        "〇": 0, "零": 0, "洞": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
        "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "拐": 7, "八": 8, "捌": 8, "九": 9, "玖": 9, "勾": 9,
    ]

    static func isChineseNumeral(_ character: Character) -> Bool { chineseDigits[character] != nil || numeralWords.contains(character) }

    /// Building, unit and flat as 12-3-1502: two short numbers and a flat number.
    static func isHouseTriple(_ digitCounts: [Int]) -> Bool {
        digitCounts.count == 3 && digitCounts[0] <= 3 && digitCounts[1] <= 2 && (3...4).contains(digitCounts[2])
    }

    /// Numerals that also count in a house number (十二栋), beyond the digits.
    static let numeralWords: Set<Character> = ["十", "百"]

    static let numberSeparators: Set<Character> = [" ", "\u{3000}", "\u{00A0}", "-", "－", "—", "–", ".", "．", "·", "/", "(", ")", "（", "）", "_"]
    static let dateSeparators: Set<Character> = ["-", ".", "/", "－", "．"]
    /// A plain run of digits right before one of these is an amount or a count, not an identifier.
    static let quantityWords: Set<Character> = ["元", "万", "亿", "%", "％", "米", "吨", "斤", "人", "次", "个", "件", "辆", "台", "套", "平", "公", "千"]

    struct DigitGroup {
        var start: Int
        var end: Int
        var digits: [UInt8]
        /// The separators between this group and the one before (empty for the first).
        var gap: [Character]
    }

    static func numberSpans(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < characters.count {
            guard digit(characters[index]) != nil else { index += 1; continue }
            // One run: groups of digits with at most two separators between them.
            var groups: [DigitGroup] = []
            var position = index
            var gap: [Character] = []
            while position < characters.count {
                let start = position
                var digits: [UInt8] = []
                // A group is written in one script: 07一直 is a date's day and a word, not three digits.
                let chinese = isChineseNumeral(characters[position])
                while position < characters.count, let value = digit(characters[position]), isChineseNumeral(characters[position]) == chinese {
                    digits.append(value); position += 1
                }
                groups.append(DigitGroup(start: start, end: position, digits: digits, gap: gap))
                var look = position
                gap = []
                while look < characters.count, numberSeparators.contains(characters[look]), gap.count < 2 { gap.append(characters[look]); look += 1 }
                guard !gap.isEmpty, look < characters.count, digit(characters[look]) != nil else { break }
                position = look
            }
            spans += classify(groups, in: characters)
            index = groups.last!.end
        }
        return spans
    }

    /// Splits a run around dates (2026-12-07) and keeps each part long enough to be an identifier.
    static func classify(_ groups: [DigitGroup], in characters: [Character]) -> [Span] {
        var spans: [Span] = []
        var part: [DigitGroup] = []
        func close() {
            defer { part = [] }
            guard let first = part.first, let last = part.last else { return }
            var digits = part.flatMap(\.digits)
            var end = last.end
            // A resident identity number's check character X follows the seventeenth digit.
            if digits.count == 17, end < characters.count, "Xx\u{FF38}\u{FF58}".contains(characters[end]) { end += 1; digits.append(10) }
            guard digits.count >= 7, !(part.count == 3 && part.dropFirst().allSatisfy { $0.gap == ["-"] } && isHouseTriple(part.map(\.digits.count)))
            else { return }
            if part.count == 1, end < characters.count, quantityWords.contains(characters[end]) { return }
            if first.start > 0, "¥￥$".contains(characters[first.start - 1]) { return }
            let kind: Kind
            switch digits.count {
            case 15, 18: kind = .identityNumber
            case 7...13: kind = .phone
            default: kind = .accountNumber
            }
            spans.append(Span(first.start..<end, kind))
        }
        var index = 0
        while index < groups.count {
            if index + 2 < groups.count, isDate(groups[index], groups[index + 1], groups[index + 2]) {
                close()
                index += 3
                continue
            }
            var group = groups[index]
            if part.isEmpty { group.gap = [] }
            part.append(group)
            index += 1
        }
        close()
        return spans
    }

    static func isDate(_ year: DigitGroup, _ month: DigitGroup, _ day: DigitGroup) -> Bool {
        func value(_ digits: [UInt8]) -> Int { digits.reduce(0) { $0 * 10 + Int($1) } }
        guard year.digits.count == 4, (1900...2099).contains(value(year.digits)),
              (1...2).contains(month.digits.count), (1...12).contains(value(month.digits)),
              (1...2).contains(day.digits.count), (1...31).contains(value(day.digits)),
              month.gap.count == 1, day.gap == month.gap, dateSeparators.contains(month.gap[0])
        else { return false }
        return true
    }

    // MARK: E-mail addresses, however the @ is written

    static func isMailboxCharacter(_ character: Character) -> Bool {
        guard let ascii = fold(character).asciiValue else { return false }
        return (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii) || "._%+-_".utf8.contains(ascii)
    }

    /// Full-width letters and digits as ASCII.
    static func fold(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, (0xFF01...0xFF5E).contains(scalar.value),
              let ascii = Unicode.Scalar(scalar.value - 0xFEE0) else { return character }
        return Character(ascii)
    }

    /// Ways of writing `@` and `.` that keep an address out of spam lists but not out of a reader's reach.
    static let atForms = ["@", "＠", "(at)", "[at]", "{at}", "（at）", "【at】", " at ", "(AT)", "[AT]", " AT ", "#", "艾特"]
    static let dotForms = [".", "．", "(dot)", "[dot]", "{dot}", "（dot）", " dot ", "(DOT)", "[DOT]", " DOT ", "。", "点"]

    static func matches(_ form: String, in characters: [Character], at index: Int) -> Int? {
        let formCharacters = Array(form)
        guard index + formCharacters.count <= characters.count else { return nil }
        for offset in formCharacters.indices where characters[index + offset] != formCharacters[offset] { return nil }
        return formCharacters.count
    }

    static func atMarker(in characters: [Character]) -> Int? {
        for index in characters.indices where atForms.contains(where: { matches($0, in: characters, at: index) != nil }) { return index }
        return nil
    }

    static func emailSpans(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < characters.count {
            guard let atLength = atForms.lazy.compactMap({ matches($0, in: characters, at: index) }).first else { index += 1; continue }
            var start = index
            while start > 0, isMailboxCharacter(characters[start - 1]) { start -= 1 }
            // The domain: labels of letters and digits joined by any form of dot, ending in letters.
            var position = index + atLength
            var labels: [[Character]] = []
            var label: [Character] = []
            var end = position
            while position < characters.count {
                let folded = fold(characters[position])
                if folded.isASCII, folded.isLetter || folded.isNumber || folded == "-" {
                    label.append(folded); position += 1; end = position
                    continue
                }
                if !label.isEmpty, let dot = dotForms.lazy.compactMap({ matches($0, in: characters, at: position) }).first,
                   position + dot < characters.count, fold(characters[position + dot]).isASCII, fold(characters[position + dot]).isLetter || fold(characters[position + dot]).isNumber {
                    labels.append(label); label = []; position += dot
                    continue
                }
                break
            }
            if !label.isEmpty { labels.append(label) }
            let topLevel = labels.last ?? []
            if start < index, labels.count >= 2, topLevel.count >= 2, topLevel.allSatisfy(\.isLetter) {
                spans.append(Span(start..<end, .email))
                index = end
            } else {
                index += 1
            }
        }
        return spans
    }

    // MARK: Chat handles

    static let handleCues = ["微信号", "微信", "QQ号", "QQ", "qq", "WeChat", "wechat", "Wechat", "WhatsApp", "Telegram", "抖音号", "微博"]

    static func handleSpans(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < characters.count {
            guard let cue = handleCues.lazy.compactMap({ matches($0, in: characters, at: index) }).first else { index += 1; continue }
            var position = index + cue
            if let id = [" ID", "ID"].lazy.compactMap({ matches($0, in: characters, at: position) }).first { position += id }
            while position < characters.count, " ：:是为号\u{3000}".contains(characters[position]) { position += 1 }
            let start = position
            while position < characters.count, let ascii = fold(characters[position]).asciiValue,
                  (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii) || ascii == 95 || ascii == 45 {
                position += 1
            }
            if position - start >= 5 { spans.append(Span(start..<position, .handle)) }
            index = max(index + cue, position)
        }
        return spans
    }

    // MARK: Names

    /// The commonest surnames (covering most of the population), compound ones first so they win.
    static let compoundSurnames: [String] = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯", "端木", "西门", "南宫", "独孤", "轩辕", "呼延"]
    static let surnames: Set<Character> = Set("""
        王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹\
        薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕\
        单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟\
        邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝
        """.filter { !$0.isWhitespace })

    /// Words that introduce a person's name.
    static let nameCues = ["我叫", "我是", "我姓", "本人", "姓名", "名叫", "叫做", "名字是", "名字叫", "联系人", "举报人", "投诉人", "来信人", "写信人", "反映人",
                           "署名", "签名", "业主", "户主", "申请人", "当事人", "患者", "家属", "老人", "孩子", "儿子", "女儿", "丈夫", "妻子", "母亲", "父亲", "邻居"]
    /// Forms of address that follow a name.
    static let addressForms = ["先生", "女士", "小姐", "师傅", "同志", "阿姨", "大爷", "大妈", "老师", "经理", "主任", "医生", "律师", "警官", "书记", "科长",
                               "局长", "处长", "队长", "老板", "同学"]
    /// Characters that end a given name: they are grammar, not names.
    static let nameStops: Set<Character> = Set("的了在是和与及说住家向给对从被把也都就等们于为到曾已将要会能想请但而或这那个位年月日号")
    static let englishCues = ["my name is ", "My name is ", "I am ", "I'm ", "Mr. ", "Mrs. ", "Ms. ", "Miss ", "Dr. ", "Mr ", "Mrs ", "Ms ", "Dr ", "signed ", "Signed "]

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    static func surnameLength(_ characters: [Character]) -> Int {
        if characters.count >= 2, compoundSurnames.contains(String(characters.prefix(2))) { return 2 }
        return characters.first.map { surnames.contains($0) } == true ? 1 : 0
    }

    /// A Chinese name starting at `index`: a surname and one or two more characters, none of them grammar.
    static func chineseName(in characters: [Character], at index: Int) -> Range<Int>? {
        let surname = surnameLength(Array(characters[index..<min(characters.count, index + 2)]))
        guard surname > 0 else { return nil }
        var end = index + surname
        while end < characters.count, end - index - surname < 2, isHan(characters[end]), !nameStops.contains(characters[end]),
              !addressForms.contains(where: { matches($0, in: characters, at: end) != nil }) {
            end += 1
        }
        return end > index + surname ? index..<end : nil
    }

    static func nameSpans(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        for index in characters.indices {
            if let cue = nameCues.lazy.compactMap({ matches($0, in: characters, at: index) }).first {
                var start = index + cue
                while start < characters.count, " ：:，,是为\u{3000}".contains(characters[start]) { start += 1 }
                if start < characters.count, let name = chineseName(in: characters, at: start) { spans.append(Span(name, .name)) }
            }
            if let name = chineseName(in: characters, at: index), name.upperBound < characters.count,
               addressForms.contains(where: { matches($0, in: characters, at: name.upperBound) != nil }) {
                spans.append(Span(name, .name))
            }
            if let cue = englishCues.lazy.compactMap({ matches($0, in: characters, at: index) }).first,
               index == 0 || !characters[index - 1].isLetter {
                var end = index + cue
                var words = 0
                while words < 3, end < characters.count, characters[end].isUppercase, characters[end].isASCII {
                    var wordEnd = end
                    while wordEnd < characters.count, characters[wordEnd].isASCII, characters[wordEnd].isLetter || characters[wordEnd] == "-" || characters[wordEnd] == "'" { wordEnd += 1 }
                    // An initial alone (or a masked name, J***) is not a name.
                    guard wordEnd - end >= 2 else { break }
                    end = wordEnd
                    words += 1
                    guard end + 1 < characters.count, characters[end] == " ", characters[end + 1].isUppercase else { break }
                    end += 1
                }
                if words > 0 { spans.append(Span((index + cue)..<end, .name)) }
            }
        }
        return spans
    }

    // MARK: House numbers

    /// What follows a number in an address, longest first; `号` only after a road (幸福路12号) or before a building.
    static let houseMarkers = ["号楼", "号院", "号房", "单元", "栋", "幢", "座", "室", "房", "户", "弄", "楼", "层", "号"]
    static let roadEnds: Set<Character> = Set("路街道巷弄里村坊庄胡同")
    static let englishHouseCues = ["Room ", "Rm ", "Rm. ", "Flat ", "Apt ", "Apt. ", "Apartment ", "Unit ", "Suite ", "No. ", "No.", "room ", "flat ", "apartment "]
    static let englishStreetWords = ["Street", "St", "Road", "Rd", "Lane", "Ln", "Avenue", "Ave", "Drive", "Dr", "Court", "Way", "Close", "Place"]

    static func houseNumberSpans(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < characters.count {
            let startsNumber = digit(characters[index]) != nil || numeralWords.contains(characters[index])
            guard startsNumber, index == 0 || (digit(characters[index - 1]) == nil && !numeralWords.contains(characters[index - 1])) else { index += 1; continue }
            // A chain of number + marker pairs: 5栋2单元301室, 3号楼2单元502, 12-3-1502.
            var position = index
            var elements: [(digits: Int, marker: String?, arabic: Bool)] = []
            var end = index
            while position < characters.count {
                var numberEnd = position
                let arabic = !isChineseNumeral(characters[position])
                while numberEnd < characters.count,
                      (digit(characters[numberEnd]) != nil || numeralWords.contains(characters[numberEnd])) && isChineseNumeral(characters[numberEnd]) != arabic
                        || (arabic && "-－".contains(characters[numberEnd])) {
                    numberEnd += 1
                }
                while numberEnd > position, "-－".contains(characters[numberEnd - 1]) { numberEnd -= 1 }
                guard numberEnd > position else { break }
                // 解放路 88 号: a space may stand on either side of the number.
                let markerAt = numberEnd < characters.count && characters[numberEnd] == " " ? numberEnd + 1 : numberEnd
                let marker = houseMarkers.first { matches($0, in: characters, at: markerAt) != nil }
                let digitCount = (position..<numberEnd).filter { digit(characters[$0]) != nil || numeralWords.contains(characters[$0]) }.count
                elements.append((digitCount, marker, arabic))
                end = marker.map { markerAt + $0.count } ?? numberEnd
                guard marker != nil else { break }
                position = end
                while position < characters.count, characters[position] == " " { position += 1 }
                guard position < characters.count, digit(characters[position]) != nil || numeralWords.contains(characters[position]) else { break }
            }
            if isHouseNumber(elements, in: characters, from: index, to: end) {
                spans.append(Span(index..<end, .houseNumber))
                index = end
            } else {
                index += 1
            }
        }
        spans += englishHouseNumbers(characters)
        return spans
    }

    static func isHouseNumber(_ elements: [(digits: Int, marker: String?, arabic: Bool)], in characters: [Character], from start: Int, to end: Int) -> Bool {
        guard let first = elements.first else { return false }
        let dwellingMarkers: Set<String> = ["号楼", "号院", "号房", "单元", "栋", "幢", "室", "房", "户"]
        let markers = elements.compactMap(\.marker)
        if markers.count >= 2 { return markers.contains { dwellingMarkers.contains($0) || $0 == "号" } }
        // A bare hyphenated triple such as 3-2-501 (building, unit, flat).
        if markers.isEmpty {
            let parts = String(characters[start..<end]).split(whereSeparator: { "-－".contains($0) })
            return first.arabic && isHouseTriple(parts.map(\.count))
        }
        guard let marker = first.marker, first.arabic else { return false }
        switch marker {
        case "号":
            let before = start > 1 && characters[start - 1] == " " ? start - 2 : start - 1
            return before >= 0 && roadEnds.contains(characters[before])
        case "单元", "栋", "幢", "号楼", "号院":
            return true
        case "室", "房", "户", "号房":
            return first.digits >= 3
        default:
            return false
        }
    }

    static func englishHouseNumbers(_ characters: [Character]) -> [Span] {
        var spans: [Span] = []
        for index in characters.indices {
            if let cue = englishHouseCues.lazy.compactMap({ matches($0, in: characters, at: index) }).first, index == 0 || !characters[index - 1].isLetter {
                var end = index + cue
                while end < characters.count, characters[end].isASCII, characters[end].isNumber || (characters[end].isLetter && characters[end].isUppercase) || characters[end] == "-" { end += 1 }
                if end > index + cue, characters[(index + cue)..<end].contains(where: \.isNumber) { spans.append(Span((index + cue)..<end, .houseNumber)) }
            }
            guard characters[index].isASCII, characters[index].isNumber, index == 0 || !characters[index - 1].isLetter && !characters[index - 1].isNumber else { continue }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isNumber || characters[end] == "-" { end += 1 }
            // 12 Baker Street: a number, a capitalised name, a street word.
            var position = end
            guard position < characters.count, characters[position] == " " else { continue }
            position += 1
            var words = 0
            while position < characters.count, characters[position].isUppercase, words < 3 {
                var wordEnd = position
                while wordEnd < characters.count, characters[wordEnd].isLetter { wordEnd += 1 }
                let word = String(characters[position..<wordEnd])
                if words > 0, englishStreetWords.contains(word) { spans.append(Span(index..<end, .houseNumber)); break }
                words += 1
                guard wordEnd < characters.count, characters[wordEnd] == " " else { break }
                position = wordEnd + 1
            }
        }
        return spans
    }

    // MARK: The writer's own name and identifiers

    static func writerSpans(_ characters: [Character], writer: Writer) -> [Span] {
        var spans: [Span] = []
        if let name = writer.name?.trimmingCharacters(in: .whitespacesAndNewlines), name.count >= 2 {
            let letters = Array(name).filter { !$0.isWhitespace }
            // The name as written, or with spaces between its characters (张 伟).
            var index = 0
            while index < characters.count {
                var position = index
                var matched = 0
                while position < characters.count, matched < letters.count {
                    if characters[position] == letters[matched] || (characters[position].isASCII && String(characters[position]).lowercased() == String(letters[matched]).lowercased()) {
                        matched += 1; position += 1
                    } else if matched > 0, characters[position] == " " || characters[position] == "\u{3000}" {
                        position += 1
                    } else { break }
                }
                if matched == letters.count { spans.append(Span(index..<position, .name)); index = position } else { index += 1 }
            }
        }
        // Identifiers are found by their digits, however they were separated in the text.
        let digitIdentifiers = writer.identifiers.map { Array($0).compactMap(digit) }.filter { $0.count >= 5 }
        guard !digitIdentifiers.isEmpty else { return spans }
        var positions: [Int] = []
        var values: [UInt8] = []
        for (offset, character) in characters.enumerated() {
            if let value = digit(character) { positions.append(offset); values.append(value) }
        }
        for identifier in digitIdentifiers where identifier.count <= values.count {
            for start in 0...(values.count - identifier.count) where Array(values[start..<(start + identifier.count)]) == identifier {
                let first = positions[start], last = positions[start + identifier.count - 1]
                // Only digits close together: at most two other characters between each.
                if (start..<(start + identifier.count - 1)).allSatisfy({ positions[$0 + 1] - positions[$0] <= 3 }) {
                    spans.append(Span(first..<(last + 1), .phone))
                }
            }
        }
        for identifier in writer.identifiers where identifier.contains("@") {
            let lower = Array(identifier.lowercased())
            let text = characters.map { Character($0.lowercased()) }
            guard lower.count <= text.count else { continue }
            for start in 0...(text.count - lower.count) where Array(text[start..<(start + lower.count)]) == lower { spans.append(Span(start..<(start + lower.count), .email)) }
        }
        return spans
    }
}

/// The staff redaction step before a text is published: what the reviewer sends must carry no personal data the
/// detector still finds, unless the reviewer confirms that each marked passage is not personal (a department's public
/// office number, a street named after a person).
public enum PublicationReview {
    public static func check(_ texts: [String], writer: PersonalData.Writer, confirmed: Bool) throws(PublicationProblem) {
        guard texts.contains(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else { throw .empty }
        let remaining = texts.reduce(0) { $0 + PersonalData.find(in: $1, writer: writer).count }
        guard remaining == 0 || confirmed else { throw .personalDataRemains(remaining) }
    }
}

public enum PublicationProblem: LocalizedFailure, Equatable {
    case empty
    case personalDataRemains(Int)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans): "请填写要公开的文字"
        case (.empty, .en): "Enter the text to publish"
        case let (.personalDataRemains(count), .zhHans): "要公开的文字中仍有 \(count) 处疑似个人信息（已标出）：请删改，或确认它们不是个人信息"
        case let (.personalDataRemains(count), .en):
            "The text to publish still has \(count) passage\(count == 1 ? "" : "s") that may be personal data (marked): remove them, or confirm they are not personal"
        }
    }
}
