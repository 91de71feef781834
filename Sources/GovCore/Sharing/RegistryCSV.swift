import Foundation

/// The two encodings a base-registry file arrives in: UTF-8, or GB 18030 (which includes GBK and GB 2312), the
/// default of Excel's "CSV" on Chinese Windows.
public enum RegistryTextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"

    /// GB 18030 as Foundation names it: `kCFStringEncodingGB_18030_2000` (0x0632) as an `NSStringEncoding`,
    /// whose high bit marks a CoreFoundation encoding. Written as a number because the conversion function needs
    /// `import CoreFoundation`, and GovCore is Foundation only; the value is the same on Darwin and Linux, and
    /// Foundation returns nil for bytes that are not GB 18030, which is what tells a bad line.
    static let gb18030Foundation = String.Encoding(rawValue: 0x8000_0632)

    var other: RegistryTextEncoding { self == .utf8 ? .gb18030 : .utf8 }
}

/// Why a record of a registry file could not be read at all. The other fields of such a record are unknown.
public enum RegistryCSVProblem: LocalizedFailure, Equatable {
    /// Neither valid UTF-8 nor valid GB 18030.
    case badEncoding
    /// Longer than the reader's cap, in bytes; usually a missing closing quote that ran on.
    case tooLong(limit: Int)
    /// A quoted field still open at the end of the file.
    case unclosedQuote

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.badEncoding, .zhHans):
            "此行既不是有效的 UTF-8，也不是有效的 GB18030（GBK）编码，请将文件另存为 UTF-8 或 GBK 后重新导入"
        case (.badEncoding, .en):
            "This line is neither valid UTF-8 nor valid GB18030 (GBK); save the file as UTF-8 or GBK and import it again"
        case let (.tooLong(limit), .zhHans):
            "此行超过 \(limit / 1024) KB 的上限，未读取；请检查引号是否成对"
        case let (.tooLong(limit), .en):
            "This record is longer than the \(limit / 1024) KiB limit and was not read; check that its quotes are paired"
        case (.unclosedQuote, .zhHans):
            "从此行开始的引号直到文件末尾都没有闭合"
        case (.unclosedQuote, .en):
            "A quote opened on this line is never closed before the end of the file"
        }
    }
}

/// One record of a registry file: its fields, or why they could not be read.
public struct RegistryCSVRecord: Sendable, Equatable {
    /// 1-based physical line on which the record starts (a quoted field may carry it over several lines).
    public let line: Int
    /// The fields with quotes removed and surrounding whitespace (including the full-width space U+3000) trimmed.
    public let fields: Result<[String], RegistryCSVProblem>
}

/// Reads a CSV file (RFC 4180) fed in chunks of any size, yielding each record once it is complete.
///
/// It holds only the record being read (at most `maxRecordBytes`), so memory stays flat however large the file.
/// A chunk may end anywhere: inside a multi-byte character, a quoted field, a `""` escape or a CRLF.
///
/// - Quoted fields may hold commas, line breaks and `""` for a quote. A quote opens a field only at its start;
///   elsewhere it is an ordinary character, and text after a closing quote is kept (`"ab"c` reads `abc`), as
///   Excel reads it.
/// - Lines end in LF, CRLF or a lone CR (Excel's "CSV (Macintosh)"); the last line may lack one.
/// - A UTF-8 byte-order mark at the start of the file is dropped.
/// - Blank records (nothing but whitespace and commas) are skipped and counted in `blankLines`.
///
/// Encoding: quotes, commas and line breaks are ASCII bytes that never occur inside a UTF-8 or GB 18030
/// multi-byte character, so records are split on bytes and decoded afterwards. The file's encoding is the one
/// that decodes its first record with a non-ASCII byte, trying UTF-8 first (a BOM settles it on UTF-8 at once):
/// GBK text is almost never valid UTF-8, while UTF-8 text often happens to be valid GB 18030. A later record
/// that the file's encoding cannot decode is tried in the other one, so files pasted together from both still
/// read; one that neither decodes is reported as `.badEncoding`.
public struct RegistryCSVReader: Sendable {
    public static let defaultMaxRecordBytes = 64 * 1024

    public let maxRecordBytes: Int
    /// Settled by the BOM or by the first record with a non-ASCII byte; nil while the file has been pure ASCII.
    public private(set) var encoding: RegistryTextEncoding?
    /// Blank records skipped so far.
    public private(set) var blankLines = 0

    private enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private var state = State.recordStart
    /// The physical line of the next byte.
    private var line = 1
    private var recordLine = 1
    /// Whether the previous byte was a CR, so that the LF of a CRLF is not a second line end.
    private var afterCR = false
    /// The first bytes of the file while they may still be a BOM; nil once that is decided.
    private var bomProbe: [UInt8]? = []
    /// The current record's field contents, unquoted, back to back; `fieldEnds` marks where each field ends.
    private var content: [UInt8] = []
    private var fieldEnds: [Int] = []
    /// The bitwise OR of the record's bytes: its high bit tells whether the record needs decoding.
    private var byteUnion: UInt8 = 0
    private var overflowed = false

    public init(maxRecordBytes: Int = RegistryCSVReader.defaultMaxRecordBytes) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// Reads the next chunk (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, …) and returns the records it completes, in
    /// file order.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [RegistryCSVRecord] {
        var records: [RegistryCSVRecord] = []
        let handled: Void? = chunk.withContiguousStorageIfAvailable { read($0, into: &records) }
        if handled == nil {
            Array(chunk).withUnsafeBufferPointer { read($0, into: &records) }
        }
        return records
    }

    /// Ends the file: returns the last record if it had no line end, or an unclosed quote as a problem.
    public mutating func finish() -> [RegistryCSVRecord] {
        var records: [RegistryCSVRecord] = []
        if let probe = bomProbe {
            bomProbe = nil
            probe.withUnsafeBufferPointer { consume($0, into: &records) }
        }
        switch state {
        case .recordStart:
            break
        case .quoted:
            records.append(RegistryCSVRecord(line: recordLine, fields: .failure(.unclosedQuote)))
            resetRecord()
        case .fieldStart, .unquoted, .quoteInQuoted:
            endRecord(into: &records)
        }
        state = .recordStart
        return records
    }

    /// Holds back the file's first bytes until they are known to be a BOM or not, then parses.
    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, into records: inout [RegistryCSVRecord]) {
        guard var probe = bomProbe else { return consume(bytes, into: &records) }
        var rest = bytes[...]
        while probe.count < Self.byteOrderMark.count, let byte = rest.first, byte == Self.byteOrderMark[probe.count] {
            probe.append(byte)
            rest = rest.dropFirst()
        }
        if probe.count < Self.byteOrderMark.count, rest.isEmpty {
            bomProbe = probe
            return
        }
        bomProbe = nil
        if probe == Self.byteOrderMark {
            encoding = .utf8
        } else {
            probe.withUnsafeBufferPointer { consume($0, into: &records) }
        }
        consume(UnsafeBufferPointer(rebasing: rest), into: &records)
    }

    /// The CSV state machine. Inside a field, a run of ordinary bytes is copied at once; the bytes that
    /// matter (quote, comma, CR, LF) go one at a time.
    private mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, into records: inout [RegistryCSVRecord]) {
        var index = 0
        while index < bytes.count {
            if state == .unquoted || state == .quoted {
                let stop = state == .quoted ? Self.quote : Self.comma
                let start = index
                var union: UInt8 = 0
                while index < bytes.count, bytes[index] != stop, bytes[index] != Self.lf, bytes[index] != Self.cr {
                    union |= bytes[index]
                    index += 1
                }
                if index > start {
                    append(UnsafeBufferPointer(rebasing: bytes[start..<index]), union: union)
                    afterCR = false
                    continue
                }
            }
            let byte = bytes[index]
            index += 1
            let isLineEnd = byte == Self.lf || byte == Self.cr
            if byte == Self.lf, afterCR {
                // The LF of a CRLF: the CR already ended the line (and the record, outside quotes).
                afterCR = false
                if state == .quoted { append(byte) }
                continue
            }
            afterCR = byte == Self.cr
            if state == .recordStart {
                if isLineEnd {
                    blankLines += 1
                    line += 1
                    continue
                }
                recordLine = line
                state = .fieldStart
            }
            if isLineEnd { line += 1 }
            switch state {
            case .quoted:
                if byte == Self.quote { state = .quoteInQuoted } else { append(byte) }
            case .quoteInQuoted where byte == Self.quote:
                append(byte)
                state = .quoted
            case .fieldStart where byte == Self.quote:
                state = .quoted
            case .recordStart, .fieldStart, .unquoted, .quoteInQuoted:
                if byte == Self.comma {
                    fieldEnds.append(content.count)
                    state = .fieldStart
                } else if isLineEnd {
                    endRecord(into: &records)
                    state = .recordStart
                } else {
                    append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private mutating func append(_ byte: UInt8) {
        guard content.count < maxRecordBytes else {
            overflowed = true
            return
        }
        content.append(byte)
        byteUnion |= byte
    }

    /// A run of ordinary bytes and the bitwise OR of them.
    private mutating func append(_ run: UnsafeBufferPointer<UInt8>, union: UInt8) {
        let room = maxRecordBytes - content.count
        guard run.count <= room else {
            overflowed = true
            return
        }
        content.append(contentsOf: run)
        byteUnion |= union
    }

    private mutating func endRecord(into records: inout [RegistryCSVRecord]) {
        defer { resetRecord() }
        fieldEnds.append(content.count)
        guard !overflowed else {
            records.append(RegistryCSVRecord(line: recordLine, fields: .failure(.tooLong(limit: maxRecordBytes))))
            return
        }
        guard let fields = decodeFields() else {
            records.append(RegistryCSVRecord(line: recordLine, fields: .failure(.badEncoding)))
            return
        }
        if fields.allSatisfy(\.isEmpty) {
            blankLines += 1
        } else {
            records.append(RegistryCSVRecord(line: recordLine, fields: .success(fields)))
        }
    }

    private mutating func resetRecord() {
        content.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        byteUnion = 0
        overflowed = false
    }

    // MARK: Decoding

    /// The trimmed fields of the current record, or nil if neither encoding decodes it.
    private mutating func decodeFields() -> [String]? {
        guard byteUnion & 0x80 != 0 else { return decode(as: .utf8, validating: false) }
        let preferred = encoding ?? .utf8
        for candidate in [preferred, preferred.other] {
            if let fields = decode(as: candidate, validating: true) {
                if encoding == nil { encoding = candidate }
                return fields
            }
        }
        return nil
    }

    /// `validating` is false only for pure ASCII, which is valid in both encodings.
    private func decode(as candidate: RegistryTextEncoding, validating: Bool) -> [String]? {
        content.withUnsafeBufferPointer { bytes in
            switch candidate {
            case .utf8: Self.utf8Fields(bytes, fieldEnds, validating: validating)
            case .gb18030: Self.gb18030Fields(bytes, fieldEnds)?.map(Self.trimmed)
            }
        }
    }

    private static func utf8Fields(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: [Int], validating: Bool) -> [String]? {
        var fields: [String] = []
        fields.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            var text = String(decoding: slice, as: UTF8.self)
            if validating, !slice.isEmpty {
                // Decoding repairs invalid bytes, so the bytes were valid exactly when they come back unchanged.
                let unchanged = text.withUTF8 { $0.count == slice.count && memcmp($0.baseAddress!, slice.baseAddress!, slice.count) == 0 }
                guard unchanged else { return nil }
            }
            fields.append(mayHaveSurroundingSpace(slice) ? trimmed(text) : text)
            start = end
        }
        return fields
    }

    /// Decodes the whole record in one Foundation call, with the fields joined by U+001F (unit separator),
    /// then splits it again: each call costs about a microsecond however short the text, so one per record is
    /// several times faster than one per field. A record whose fields hold U+001F themselves is decoded field
    /// by field instead. (0x1F is a single byte in GB 18030, never part of a multi-byte character.)
    private static func gb18030Fields(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: [Int]) -> [String]? {
        let separator: UInt8 = 0x1F
        let encoding = RegistryTextEncoding.gb18030Foundation
        guard !bytes.contains(separator) else {
            var fields: [String] = []
            var start = 0
            for end in ends {
                guard let text = String(bytes: bytes[start..<end], encoding: encoding) else { return nil }
                fields.append(text)
                start = end
            }
            return fields
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes.count + ends.count)
        var start = 0
        for (index, end) in ends.enumerated() {
            if index > 0 { joined.append(separator) }
            joined.append(contentsOf: bytes[start..<end])
            start = end
        }
        guard let text = String(bytes: joined, encoding: encoding) else { return nil }
        return text.unicodeScalars.split(separator: Unicode.Scalar(separator), omittingEmptySubsequences: false)
            .map { String($0) }
    }

    /// Whether UTF-8 bytes may begin or end with white space: only if the first byte can start a White_Space
    /// character (ASCII ones, or the lead bytes C2, E1, E2, E3) or the last can end one. Most fields pass without
    /// looking at their characters.
    private static func mayHaveSurroundingSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        switch first {
        case 0x09...0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3: return true
        default: break
        }
        switch last {
        case 0x09...0x0D, 0x20, 0x80...0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF: return true
        default: return false
        }
    }

    /// The text without surrounding white space, as Unicode defines it (so U+3000 and U+00A0 go too).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let head = scalars.first, let tail = scalars.last, isWhitespace(head) || isWhitespace(tail) else { return text }
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Unicode's White_Space property, spelled out: looking the property up costs more than reading the field.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
