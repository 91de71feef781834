import Foundation
import Testing
@testable import GovCore

@Suite("Uploads are judged by their bytes")
struct UploadPolicyTests {
    static let pdf = Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n<<>>\nendobj\n".utf8)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]

    /// A stored (uncompressed) ZIP entry: local file header, name, data.
    static func localEntry(_ name: String, _ content: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        var header: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        header += le16(20) + le16(0) + le16(0) + le16(0) + le16(0) // version, flags, method (stored), time, date
        header += le32(0) + le32(content.count) + le32(content.count) // crc (unchecked here), sizes
        header += le16(nameBytes.count) + le16(0)
        return header + nameBytes + content
    }

    static func zip(_ entries: [(String, String)]) -> [UInt8] {
        entries.flatMap { localEntry($0.0, Array($0.1.utf8)) } + [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
    }

    static let ofd = zip([("OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>"), ("Doc_0/Document.xml", "<x/>")])
    static let ofdWithNameSecond = zip([("Doc_0/Document.xml", "<x/>"), ("OFD.xml", "<ofd:OFD/>")])
    static let plainZip = zip([("readme.txt", "hello"), ("data/OFD.xml", "<x/>"), ("OFD.xml.bak", "")])

    @Test(arguments: [
        (pdf, "申请书.pdf", FileKind.pdf, "application/pdf"),
        (jpeg, "photo.JPG", FileKind.jpeg, "image/jpeg"),
        (jpeg, "photo.jpeg", FileKind.jpeg, "image/jpeg"),
        (png, "scan.png", FileKind.png, "image/png"),
        (ofd, "营业执照.ofd", FileKind.ofd, "application/ofd"),
        (ofdWithNameSecond, "license.ofd", FileKind.ofd, "application/ofd"),
        (pdf, "no-extension", FileKind.pdf, "application/pdf"),
    ])
    func acceptsTheFourKinds(bytes: [UInt8], name: String, kind: FileKind, mediaType: String) throws {
        let accepted = try UploadPolicy.check(bytes: bytes, declaredName: name)
        #expect(accepted.kind == kind)
        #expect(accepted.mediaType == mediaType)
        #expect(accepted.size == bytes.count)
        #expect(accepted.safeName == name)
    }

    @Test func acceptsData() throws {
        let accepted = try UploadPolicy.check(data: Data(Self.png), declaredName: "a.png")
        #expect(accepted.kind == .png)
    }

    @Test func refusesByContentWhateverTheName() {
        let cases: [([UInt8], String, RefusedContent)] = [
            (Array("MZ\u{90}\u{00}This program cannot be run in DOS mode".utf8), "证明.pdf", .windowsExecutable),
            ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "scan.png", .elfExecutable),
            ([0xCF, 0xFA, 0xED, 0xFE, 0x07, 0x00, 0x00, 0x01], "scan.jpg", .machOExecutable),
            ([0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x02], "scan.jpg", .machOExecutable),
            (Array("#!/bin/sh\nrm -rf /\n".utf8), "a.pdf", .script),
            ([0xEF, 0xBB, 0xBF] + Array("#!/usr/bin/env python3\n".utf8), "a.pdf", .script),
            (Array("<!DOCTYPE html><html><body>x</body></html>".utf8), "a.pdf", .html),
            (Array("  \n<html><script>alert(1)</script>".utf8), "a.pdf", .html),
            (Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8), "a.png", .svg),
            (Array("<svg onload=alert(1)>".utf8), "a.svg", .svg),
            (Self.plainZip, "材料.ofd", .zipNotOFD),
            (Array("just some text".utf8), "a.txt", .unknown),
            ([0x47, 0x49, 0x46, 0x38, 0x39, 0x61], "a.gif", .unknown), // GIF is not on the list
            (Array("%PD".utf8), "a.pdf", .unknown), // truncated magic
        ]
        for (bytes, name, content) in cases {
            #expect(throws: UploadError.refused(content), "\(name) \(content)") {
                try UploadPolicy.check(bytes: bytes, declaredName: name)
            }
        }
        #expect(FileSniffer.sniff(Self.plainZip) == .refused(.zipNotOFD))
        #expect(FileSniffer.sniff(Self.ofd) == .accepted(.ofd))
    }

    @Test func findsOFDXMLInTheCentralDirectoryToo() {
        // A ZIP whose local header names something else but whose central directory lists OFD.xml.
        let nameBytes = Array("OFD.xml".utf8)
        var central: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + [UInt8](repeating: 0, count: 24)
        central += [UInt8(nameBytes.count), 0] + [UInt8](repeating: 0, count: 16) + nameBytes
        let bytes = Self.localEntry("x", [1, 2, 3]) + central
        #expect(FileSniffer.sniff(bytes) == .accepted(.ofd))
        // A name cut off by the end of the file does not count.
        let truncated = Array(Self.localEntry("OFD.xml", []).dropLast(2))
        #expect(FileSniffer.sniff(truncated) == .refused(.zipNotOFD))
    }

    @Test func refusesEmptyAndOversizeFiles() throws {
        #expect(throws: UploadError.empty) { try UploadPolicy.check(bytes: [], declaredName: "a.pdf") }
        let limit = 64
        let atLimit = Self.pdf + [UInt8](repeating: 0x20, count: limit - Self.pdf.count)
        #expect(try UploadPolicy.check(bytes: atLimit, declaredName: "a.pdf", maxBytes: limit).size == limit)
        #expect(throws: UploadError.tooLarge(size: limit + 1, limit: limit)) {
            try UploadPolicy.check(bytes: atLimit + [0x20], declaredName: "a.pdf", maxBytes: limit)
        }
        #expect(UploadPolicy.defaultMaxBytes == 20 * 1024 * 1024)
        let overDefault = Self.pdf + [UInt8](repeating: 0, count: UploadPolicy.defaultMaxBytes + 1 - Self.pdf.count)
        #expect(throws: UploadError.tooLarge(size: UploadPolicy.defaultMaxBytes + 1, limit: UploadPolicy.defaultMaxBytes)) {
            try UploadPolicy.check(bytes: overDefault, declaredName: "big.pdf")
        }
        let message = UploadError.tooLarge(size: UploadPolicy.defaultMaxBytes + 1, limit: UploadPolicy.defaultMaxBytes).message(in: .zhHans)
        #expect(message.contains("20971521 B") && message.contains("20971520 B"))
        #expect(UploadError.tooLarge(size: 30 * 1024 * 1024, limit: 20 * 1024 * 1024).message(in: .en).contains("30.0 MB"))
    }

    @Test func refusesAnExtensionThatDisagreesWithTheContent() {
        #expect(throws: UploadError.extensionMismatch(declaredExtension: "pdf", actual: .png)) {
            try UploadPolicy.check(bytes: Self.png, declaredName: "申请书.PDF")
        }
        #expect(throws: UploadError.extensionMismatch(declaredExtension: "exe", actual: .pdf)) {
            try UploadPolicy.check(bytes: Self.pdf, declaredName: "a.exe")
        }
        #expect(throws: UploadError.extensionMismatch(declaredExtension: "zip", actual: .ofd)) {
            try UploadPolicy.check(bytes: Self.ofd, declaredName: "a.zip")
        }
        #expect(UploadError.extensionMismatch(declaredExtension: "pdf", actual: .png).message(in: .zhHans) == "文件扩展名为 .pdf，但内容是 PNG 图片")
        #expect(UploadError.extensionMismatch(declaredExtension: "pdf", actual: .png).message(in: .en) == "The file name ends in .pdf, but the file is a PNG image")
    }

    @Test func sanitisesTheDisplayName() throws {
        func name(_ declared: String, _ bytes: [UInt8] = Self.pdf) throws -> String {
            try UploadPolicy.check(bytes: bytes, declaredName: declared).safeName
        }
        for path in ["../../etc/passwd", "C:\\x\\y.pdf", "a/b\\c/..\\d.pdf", "../"] {
            #expect(throws: UploadError.pathInName) { try name(path) }
        }
        #expect(UploadPolicy.sanitisedName("a/b\\c/..\\d.pdf", kind: .pdf) == "d.pdf")
        #expect(try name("..pdf") == "pdf")
        #expect(try name(".hidden.pdf") == "hidden.pdf")
        #expect(try name("...") == "file.pdf")
        #expect(try name("") == "file.pdf")
        #expect(try name("..", Self.jpeg) == "file.jpg")
        #expect(try name("re\u{0}po\u{7}rt\r\n.pdf") == "report.pdf")
        // The right-to-left override is removed, so the name shows its real extension, which is then refused.
        #expect(throws: UploadError.extensionMismatch(declaredExtension: "exe", actual: .pdf)) {
            try UploadPolicy.check(bytes: Self.pdf, declaredName: "evil\u{202E}fdp.exe")
        }
        #expect(UploadPolicy.sanitisedName("evil\u{202E}fdp.exe", kind: .pdf) == "evilfdp.exe")
        #expect(try name("  报告.pdf  ") == "报告.pdf")
        let long = String(repeating: "长", count: 300) + ".pdf"
        let capped = try name(long)
        #expect(capped.count == UploadPolicy.maxNameLength)
        #expect(capped.hasSuffix(".pdf"))
        let longNoExtension = String(repeating: "x", count: 300)
        #expect(try name(longNoExtension).count == UploadPolicy.maxNameLength)
    }

    @Test func errorsReadInBothLanguages() {
        var errors: [UploadError] = [.empty, .tooLarge(size: 2048, limit: 1024)]
        errors += [RefusedContent.windowsExecutable, .elfExecutable, .machOExecutable, .script, .html, .svg, .zipNotOFD, .unknown].map { .refused($0) }
        errors += FileKind.allCases.map { .extensionMismatch(declaredExtension: "txt", actual: $0) }
        for error in errors {
            let zh = error.message(in: .zhHans)
            let en = error.message(in: .en)
            #expect(!zh.isEmpty && !en.isEmpty && zh != en)
        }
        #expect(UploadError.refused(.windowsExecutable).message(in: .zhHans).contains("Windows 可执行程序"))
        #expect(UploadError.tooLarge(size: 2048, limit: 1024).message(in: .zhHans).contains("2.0 KB"))
    }
}
