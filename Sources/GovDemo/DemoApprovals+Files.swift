import Foundation
import GovCore
import GovStore

/// Small but well-formed files for the demo's materials: a one-page PDF that names the material, and a PNG for
/// photographs. Both open in a browser, so a clerk clicking a material in the demo sees a real document.
enum DemoFiles {
    /// A file for `material`, passed through ``UploadPolicy`` as an upload is. `tag` makes the bytes (and so the
    /// stored blob) differ between cases.
    static func file(for material: MaterialRequirement, tag: String) throws -> CheckedFile {
        let isPhoto = material.key.contains("photo") || material.nameZh.contains("照片")
        let bytes = isPhoto ? png(seed: tag) : pdf(lines: ["GovHall demo material", "Material: \(material.key)", "Reference: \(tag)"])
        let upload = try UploadPolicy.check(bytes: bytes, declaredName: material.nameZh + (isPhoto ? ".png" : ".pdf"))
        return CheckedFile(materialKey: material.key, upload: upload, bytes: bytes)
    }

    /// A one-page A4 PDF 1.4 showing `lines` (ASCII) in Helvetica, with a correct cross-reference table.
    static func pdf(lines: [String]) -> [UInt8] {
        func escaped(_ text: String) -> String {
            text.unicodeScalars.filter(\.isASCII).map(String.init).joined()
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
        }
        let content = "BT /F1 16 Tf 72 770 Td 22 TL " + lines.map { "(\(escaped($0))) '" }.joined(separator: " ") + " ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d", offset) + " 00000 n \n" }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(text.utf8)
    }

    /// A 48×64 greyish-blue PNG (a passport-photo placeholder), shaded by `seed`.
    static func png(seed: String) -> [UInt8] {
        let width = 48, height = 64
        let shade = UInt8(truncatingIfNeeded: seed.utf8.reduce(0) { $0 &+ Int($1) } % 40)
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0) // filter: none
            for x in 0..<width {
                let inHead = (x - 24) * (x - 24) + (y - 24) * (y - 24) < 121 || (y > 40 && abs(x - 24) < 18)
                raw += inHead ? [90 &+ shade, 100 &+ shade, 120 &+ shade] : [200, 215, 235]
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// zlib with stored (uncompressed) deflate blocks: valid, and simple enough to write by hand.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += data[start..<end]
            start = end
        } while start < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
