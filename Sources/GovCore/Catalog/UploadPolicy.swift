import Foundation

/// The kinds of file an applicant may upload as 申请材料.
///
/// PDF, JPEG and PNG are what scanners and phones make; OFD (GB/T 33190-2016 《电子文件存储与交换格式 版式文档》)
/// is the national fixed-layout format that electronic certificates and signed documents come in.
public enum FileKind: String, Sendable, CaseIterable, Codable {
    case pdf
    case jpeg
    case png
    case ofd

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .ofd: "application/ofd"
        }
    }

    /// The extensions a name may carry for this kind, lowercase, without the dot.
    public var extensions: Set<String> {
        switch self {
        case .pdf: ["pdf"]
        case .jpeg: ["jpg", "jpeg", "jpe", "jfif"]
        case .png: ["png"]
        case .ofd: ["ofd"]
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.pdf, .zhHans): "PDF 文档"
        case (.pdf, .en): "a PDF document"
        case (.jpeg, .zhHans): "JPEG 图片"
        case (.jpeg, .en): "a JPEG image"
        case (.png, .zhHans): "PNG 图片"
        case (.png, .en): "a PNG image"
        case (.ofd, .zhHans): "OFD 版式文件"
        case (.ofd, .en): "an OFD document"
        }
    }
}

/// What a refused upload's bytes turned out to be, for the message.
public enum RefusedContent: String, Sendable, Equatable {
    case windowsExecutable
    case elfExecutable
    case machOExecutable
    case script
    case html
    case svg
    case zipNotOFD
    case unknown

    func title(in language: Language) -> String {
        switch (self, language) {
        case (.windowsExecutable, .zhHans): "Windows 可执行程序"
        case (.windowsExecutable, .en): "a Windows program"
        case (.elfExecutable, .zhHans): "Linux 可执行程序"
        case (.elfExecutable, .en): "a Linux program"
        case (.machOExecutable, .zhHans): "macOS 可执行程序"
        case (.machOExecutable, .en): "a macOS program"
        case (.script, .zhHans): "脚本"
        case (.script, .en): "a script"
        case (.html, .zhHans): "网页（HTML）"
        case (.html, .en): "a web page (HTML)"
        case (.svg, .zhHans): "SVG 矢量图"
        case (.svg, .en): "an SVG drawing"
        case (.zipNotOFD, .zhHans): "压缩包（不是 OFD 文件）"
        case (.zipNotOFD, .en): "a ZIP archive that is not an OFD document"
        case (.unknown, .zhHans): "无法识别的文件"
        case (.unknown, .en): "a file of unknown type"
        }
    }
}

/// Tells a file's type from its first bytes (magic numbers), never from its name.
public enum FileSniffer {
    /// The result of sniffing: an accepted kind, or what was recognised and refused.
    public enum Verdict: Sendable, Equatable {
        case accepted(FileKind)
        case refused(RefusedContent)
    }

    public static func sniff(_ bytes: [UInt8]) -> Verdict {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .accepted(.pdf) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .accepted(.jpeg) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .accepted(.png) }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return ZipNames.containsRootEntry("OFD.xml", in: bytes) ? .accepted(.ofd) : .refused(.zipNotOFD)
        }
        return .refused(classifyRefused(bytes))
    }

    /// Names what a refused file is, so the message can say it.
    static func classifyRefused(_ bytes: [UInt8]) -> RefusedContent {
        if bytes.starts(with: [0x4D, 0x5A]) { return .windowsExecutable } // "MZ"
        if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return .elfExecutable } // "\u{7F}ELF"
        let machO: [[UInt8]] = [
            [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF], [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],
            [0xCA, 0xFE, 0xBA, 0xBE],
        ]
        if machO.contains(where: { bytes.starts(with: $0) }) { return .machOExecutable }
        // Text formats may start with a UTF-8 byte order mark and whitespace.
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes[start...].starts(with: Array("#!".utf8)) { return .script }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 512)], as: UTF8.self).lowercased()
        if head.contains("<svg") { return .svg }
        let htmlMarks = ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<?xml"]
        if htmlMarks.contains(where: { head.hasPrefix($0) }) || head.contains("<script") || head.contains("<html") { return .html }
        return .unknown
    }
}

/// Reads entry names from a ZIP container without unpacking it.
enum ZipNames {
    /// Whether an entry named exactly `name` sits at the root of the archive. Looks at every local file header
    /// (signature `PK\u{3}\u{4}`) and every central directory header (`PK\u{1}\u{2}`) found by scanning, so a
    /// truncated or oddly ordered archive is still read; OFD readers find `OFD.xml` the same way.
    static func containsRootEntry(_ name: String, in bytes: [UInt8]) -> Bool {
        let wanted = ArraySlice(name.utf8)
        var offset = 0
        while offset + 30 <= bytes.count {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B {
                let kind = (bytes[offset + 2], bytes[offset + 3])
                // Local file header: name length at 26, name at 30.
                if kind == (0x03, 0x04), entryName(in: bytes, lengthAt: offset + 26, nameAt: offset + 30) == wanted {
                    return true
                }
                // Central directory header: name length at 28, name at 46.
                if kind == (0x01, 0x02), offset + 46 <= bytes.count,
                   entryName(in: bytes, lengthAt: offset + 28, nameAt: offset + 46) == wanted {
                    return true
                }
            }
            offset += 1
        }
        return false
    }

    private static func entryName(in bytes: [UInt8], lengthAt: Int, nameAt: Int) -> ArraySlice<UInt8>? {
        let length = Int(bytes[lengthAt]) | Int(bytes[lengthAt + 1]) << 8
        guard length > 0, nameAt + length <= bytes.count else { return nil }
        return bytes[nameAt..<(nameAt + length)]
    }
}

/// An upload that passed ``UploadPolicy/check(bytes:declaredName:maxBytes:)``.
public struct AcceptedUpload: Sendable, Equatable {
    public let kind: FileKind
    /// The name to show; never used to store or serve the file (storage is by SHA-256).
    public let safeName: String
    public let size: Int
    public var mediaType: String { kind.mediaType }
}

/// Decides an applicant's upload from its bytes.
///
/// Only PDF, JPEG, PNG and OFD are taken; executables, scripts, HTML and SVG (which can carry scripts into a
/// clerk's browser) and ZIP archives that are not OFD are refused by their content, whatever they are called. A
/// name whose extension names a different accepted kind is refused too, so that the file the clerk opens is what
/// its name says.
public enum UploadPolicy {
    /// 20 MiB.
    public static let defaultMaxBytes = 20 * 1024 * 1024
    /// The longest display name kept, in characters.
    public static let maxNameLength = 120

    public static func check(bytes: [UInt8], declaredName: String, maxBytes: Int = defaultMaxBytes) throws(UploadError) -> AcceptedUpload {
        guard !bytes.isEmpty else { throw .empty }
        // A browser sends the bare file name; a path (`../../x`, `C:\x`) is a hostile or broken client.
        guard !declaredName.contains(where: { $0 == "/" || $0 == "\\" }) else { throw .pathInName }
        guard bytes.count <= maxBytes else { throw .tooLarge(size: bytes.count, limit: maxBytes) }
        let kind: FileKind
        switch FileSniffer.sniff(bytes) {
        case let .accepted(sniffed): kind = sniffed
        case let .refused(content): throw .refused(content)
        }
        let safeName = sanitisedName(declaredName, kind: kind)
        if let declared = fileExtension(of: safeName), !kind.extensions.contains(declared) {
            throw .extensionMismatch(declaredExtension: declared, actual: kind)
        }
        return AcceptedUpload(kind: kind, safeName: safeName, size: bytes.count)
    }

    public static func check(data: Data, declaredName: String, maxBytes: Int = defaultMaxBytes) throws(UploadError) -> AcceptedUpload {
        try check(bytes: [UInt8](data), declaredName: declaredName, maxBytes: maxBytes)
    }

    /// A name fit to show: the last path component (either slash; ``check`` refuses paths), without control or format characters, without
    /// leading dots and spaces, at most ``maxNameLength`` characters (the extension kept when cut). An empty result
    /// becomes `file.<ext>` for the sniffed kind.
    public static func sanitisedName(_ declared: String, kind: FileKind) -> String {
        let lastComponent = declared.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
            default: true
            }
        }))
        cleaned = String(cleaned.drop { $0 == "." || $0.isWhitespace })
        while let last = cleaned.last, last.isWhitespace { cleaned.removeLast() }
        let fallbackExtension = kind == .jpeg ? "jpg" : kind.rawValue
        if cleaned.isEmpty { return "file.\(fallbackExtension)" }
        if cleaned.count > maxNameLength {
            if let ext = fileExtension(of: cleaned), ext.count <= 10 {
                cleaned = String(cleaned.prefix(maxNameLength - ext.count - 1)) + "." + ext
            } else {
                cleaned = String(cleaned.prefix(maxNameLength))
            }
        }
        return cleaned
    }

    /// The lowercased extension after the last dot, or `nil` when there is none.
    static func fileExtension(of name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }
}

/// Why an upload was refused.
public enum UploadError: LocalizedFailure, Equatable {
    case empty
    case tooLarge(size: Int, limit: Int)
    case refused(RefusedContent)
    case extensionMismatch(declaredExtension: String, actual: FileKind)
    /// The name carries a directory path.
    case pathInName

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans): "文件为空，请重新选择文件"
        case (.empty, .en): "The file is empty; please choose the file again"
        case let (.tooLarge(size, limit), .zhHans):
            "文件大小 \(Self.sizes(size, limit).size) 超过上限 \(Self.sizes(size, limit).limit)，请压缩或拆分后上传"
        case let (.tooLarge(size, limit), .en):
            "The file is \(Self.sizes(size, limit).size), over the limit of \(Self.sizes(size, limit).limit); please compress or split it"
        case let (.refused(content), .zhHans):
            "不接受此文件：内容是\(content.title(in: .zhHans))。仅接受 PDF、JPEG、PNG 或 OFD 文件"
        case let (.refused(content), .en):
            "This file is not accepted: it is \(content.title(in: .en)). Only PDF, JPEG, PNG and OFD files are accepted"
        case let (.extensionMismatch(ext, actual), .zhHans): "文件扩展名为 .\(ext)，但内容是 \(actual.title(in: .zhHans))"
        case let (.extensionMismatch(ext, actual), .en): "The file name ends in .\(ext), but the file is \(actual.title(in: .en))"
        case (.pathInName, .zhHans): "文件名不能包含路径（/ 或 \\），请只用文件本身的名称"
        case (.pathInName, .en): "The file name may not contain a path (/ or \\); use the file's own name"
        }
    }

    /// Both sizes, in bytes when rounding would make them read the same.
    static func sizes(_ size: Int, _ limit: Int) -> (size: String, limit: String) {
        let rounded = (ByteSize.text(size), ByteSize.text(limit))
        return rounded.0 == rounded.1 ? ("\(size) B", "\(limit) B") : rounded
    }
}

/// Sizes as a person reads them.
public enum ByteSize {
    /// Whole bytes, or KB and MB (binary) with one decimal.
    public static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return oneDecimal(bytes, 1024) + " KB" }
        return oneDecimal(bytes, 1024 * 1024) + " MB"
    }

    private static func oneDecimal(_ value: Int, _ unit: Int) -> String {
        let tenths = (value * 10 + unit / 2) / unit
        return "\(tenths / 10).\(tenths % 10)"
    }
}
