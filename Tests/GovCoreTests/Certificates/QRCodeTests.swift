import Foundation
import XCTest
@testable import GovCore

final class QRCodeTests: XCTestCase {

    // MARK: - Structure

    func testSizeIsSeventeenPlusFourTimesVersion() throws {
        for length in [0, 1, 14, 15, 100, 500, 1273] {
            for level in QRErrorCorrection.allCases {
                let code = try QRCode(encoding: String(repeating: "a", count: length), correction: level)
                XCTAssertTrue((1...40).contains(code.version))
                XCTAssertEqual(code.size, 17 + 4 * code.version, "\(length) bytes at \(level)")
                XCTAssertTrue((0...7).contains(code.mask))
                XCTAssertEqual(code.correction, level)
            }
        }
    }

    func testChoosesTheSmallestVersionThatFits() throws {
        // Version 1-M holds 14 bytes (Table 7).
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 14), correction: .medium).version, 1)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 15), correction: .medium).version, 2)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 7), correction: .high).version, 1)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 8), correction: .high).version, 2)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 17), correction: .low).version, 1)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 18), correction: .low).version, 2)
        // The character count indicator grows from 8 to 16 bits at version 10.
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 213), correction: .medium).version, 10)
        XCTAssertEqual(try QRCode(encoding: String(repeating: "a", count: 214), correction: .medium).version, 11)
        // Capacity counts UTF-8 bytes, not characters: 5 × 3 bytes > 14.
        XCTAssertEqual(try QRCode(encoding: "示范市市场", correction: .medium).version, 2)
        XCTAssertEqual(try QRCode(encoding: "", correction: .medium).version, 1)
    }

    /// Byte-mode capacities of ISO/IEC 18004:2015 Table 7 (agree with qrencode 4.1.1).
    func testByteCapacityMatchesTheStandardForEveryVersionAndLevel() {
        let table: [QRErrorCorrection: [Int]] = [
            .low: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858,
                   929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953],
            .medium: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
                      711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331],
            .quartile: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482,
                        509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663],
            .high: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382,
                    403, 439, 461, 511, 535, 593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273],
        ]
        for (level, capacities) in table {
            for (index, capacity) in capacities.enumerated() {
                XCTAssertEqual(QRCode.byteCapacity(version: index + 1, correction: level), capacity, "version \(index + 1) \(level)")
            }
        }
        // Table 1 totals, which the capacity is derived from.
        XCTAssertEqual(QRCode.totalCodewordCount(version: 1), 26)
        XCTAssertEqual(QRCode.totalCodewordCount(version: 7), 196)
        XCTAssertEqual(QRCode.totalCodewordCount(version: 40), 3706)
    }

    func testLargestPayloadsUseVersion40() throws {
        let limits: [(QRErrorCorrection, Int)] = [(.low, 2953), (.medium, 2331), (.quartile, 1663), (.high, 1273)]
        for (level, capacity) in limits {
            XCTAssertEqual(try QRCode(encoding: String(repeating: "z", count: capacity), correction: level).version, 40)
            XCTAssertThrowsError(try QRCode(encoding: String(repeating: "z", count: capacity + 1), correction: level)) { error in
                XCTAssertEqual(error as? QRCodeError, .tooLong(bytes: capacity + 1, capacity: capacity))
            }
        }
    }

    func testTooLongInputThrowsWithTheCapacity() {
        do {
            _ = try QRCode(encoding: String(repeating: "x", count: 3000), correction: .high)
            XCTFail("3000 bytes cannot fit at level H")
        } catch {
            XCTAssertEqual(error, .tooLong(bytes: 3000, capacity: 1273))
        }
        // 1000 three-byte characters.
        do {
            _ = try QRCode(encoding: String(repeating: "证", count: 1000), correction: .medium)
            XCTFail("3000 bytes cannot fit at level M")
        } catch {
            XCTAssertEqual(error, .tooLong(bytes: 3000, capacity: 2331))
        }
    }

    func testFinderPatternsAndSeparators() throws {
        for text in ["A", String(repeating: "b", count: 200)] {
            let code = try QRCode(encoding: text, correction: .medium)
            let last = code.size - 1
            // Top-left module of each 7×7 finder.
            for (originX, originY) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
                for dy in 0..<7 {
                    for dx in 0..<7 {
                        let ring = max(abs(dx - 3), abs(dy - 3))
                        XCTAssertEqual(code.isDark(x: originX + dx, y: originY + dy), ring != 2,
                                       "finder at (\(originX), \(originY)) module (\(dx), \(dy)), version \(code.version)")
                    }
                }
            }
            for index in 0...7 {
                XCTAssertFalse(code.isDark(x: 7, y: index))          // top-left, vertical
                XCTAssertFalse(code.isDark(x: index, y: 7))          // top-left, horizontal
                XCTAssertFalse(code.isDark(x: last - 7, y: index))   // top-right
                XCTAssertFalse(code.isDark(x: last - index, y: 7))
                XCTAssertFalse(code.isDark(x: 7, y: last - index))   // bottom-left
                XCTAssertFalse(code.isDark(x: index, y: last - 7))
            }
        }
    }

    func testTimingPatternsAlternate() throws {
        for text in ["A", String(repeating: "b", count: 500)] {
            let code = try QRCode(encoding: text, correction: .quartile)
            for index in 8...(code.size - 9) {
                XCTAssertEqual(code.isDark(x: index, y: 6), index.isMultiple(of: 2), "row 6, column \(index)")
                XCTAssertEqual(code.isDark(x: 6, y: index), index.isMultiple(of: 2), "column 6, row \(index)")
            }
        }
    }

    func testDarkModuleAndAlignmentPattern() throws {
        let code = try QRCode(encoding: String(repeating: "c", count: 30), correction: .medium)
        XCTAssertEqual(code.version, 3)
        XCTAssertTrue(code.isDark(x: 8, y: 4 * code.version + 9))
        // Version 3 has one alignment pattern, centred at (22, 22) (Annex E).
        for dy in -2...2 {
            for dx in -2...2 {
                XCTAssertEqual(code.isDark(x: 22 + dx, y: 22 + dy), max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Every format information string of Annex C (Table C.1), from both copies.
    func testFormatInformationForEveryLevelAndMask() throws {
        let expected: [QRErrorCorrection: [String]] = [
            .low: ["111011111000100", "111001011110011", "111110110101010", "111100010011101",
                   "110011000101111", "110001100011000", "110110001000001", "110100101110110"],
            .medium: ["101010000010010", "101000100100101", "101111001111100", "101101101001011",
                      "100010111111001", "100000011001110", "100111110010111", "100101010100000"],
            .quartile: ["011010101011111", "011000001101000", "011111100110001", "011101000000110",
                        "010010010110100", "010000110000011", "010111011011010", "010101111101101"],
            .high: ["001011010001001", "001001110111110", "001110011100111", "001100111010000",
                    "000011101100010", "000001001010101", "000110100001100", "000100000111011"],
        ]
        for (level, strings) in expected {
            for mask in 0...7 {
                let code = try QRCode(encoding: "GovHall", correction: level, forcingMask: mask)
                XCTAssertEqual(code.mask, mask)
                let size = code.size
                // Positions of bits 14 (most significant) down to 0.
                let aroundTopLeft = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8),
                                     (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
                let split = (0..<7).map { (8, size - 1 - $0) } + (0..<8).map { (size - 8 + $0, 8) }
                for positions in [aroundTopLeft, split] {
                    let bits = String(positions.map { code.isDark(x: $0.0, y: $0.1) ? "1" : "0" })
                    XCTAssertEqual(bits, strings[mask], "\(level) mask \(mask)")
                }
            }
        }
    }

    /// Annex D: version 7 is 000111110010010100, version 40 is 101000110001101001.
    func testVersionInformationBlocks() throws {
        for (bytes, version, expected) in [(120, 7, 0x07C94), (2331, 40, 0x28C69)] {
            let code = try QRCode(encoding: String(repeating: "v", count: bytes), correction: .medium)
            XCTAssertEqual(code.version, version)
            var upperRight = 0
            var lowerLeft = 0
            for bit in 0..<18 {
                let long = code.size - 11 + bit % 3
                let short = bit / 3
                upperRight |= (code.isDark(x: long, y: short) ? 1 : 0) << bit
                lowerLeft |= (code.isDark(x: short, y: long) ? 1 : 0) << bit
            }
            XCTAssertEqual(upperRight, expected, "version \(version)")
            XCTAssertEqual(lowerLeft, expected, "version \(version)")
        }
    }

    func testOutsideTheSymbolIsLight() throws {
        let code = try QRCode(encoding: "A")
        XCTAssertFalse(code.isDark(x: -1, y: 0))
        XCTAssertFalse(code.isDark(x: 0, y: -1))
        XCTAssertFalse(code.isDark(x: code.size, y: 0))
        XCTAssertFalse(code.isDark(x: 0, y: Int.max))
        XCTAssertTrue(code.isDark(x: 0, y: 0))
    }

    func testEncodingIsDeterministic() throws {
        let text = "https://govhall.example.gov.cn/verify?code=ZS-2026-000123"
        XCTAssertEqual(try QRCode(encoding: text), try QRCode(encoding: text))
        XCTAssertNotEqual(try QRCode(encoding: text, correction: .low), try QRCode(encoding: text, correction: .high))
    }

    // MARK: - Mask selection

    func testPenaltyRulesScoreHandBuiltPatterns() {
        // N1: 3 for a run of five, +1 per extra module; shorter runs are free.
        XCTAssertEqual(MaskPenalty.runs([true, true, true, true]), 0)
        XCTAssertEqual(MaskPenalty.runs([false, false, false, false, false]), 3)
        XCTAssertEqual(MaskPenalty.runs(Array(repeating: true, count: 7) + [false]), 5)
        XCTAssertEqual(MaskPenalty.runs(Array(repeating: true, count: 5) + Array(repeating: false, count: 5)), 6)

        // N3: the finder-like core needs four light modules on one side; the
        // edge of the symbol counts as light.
        let core = [true, false, true, true, true, false, true]
        let light = Array(repeating: false, count: 4)
        XCTAssertEqual(MaskPenalty.finderLike(light + core + [true]), 40)
        XCTAssertEqual(MaskPenalty.finderLike([true] + core + light), 40)
        XCTAssertEqual(MaskPenalty.finderLike(core + [true]), 40, "edge before the core")
        XCTAssertEqual(MaskPenalty.finderLike([true, false, false, false] + core + [false, false, false, true]), 0)
        XCTAssertEqual(MaskPenalty.finderLike([true, true] + [true, false, true, true, false, true] + [true, true]), 0)

        // N2: each 2×2 square of one colour, overlapping ones included.
        XCTAssertEqual(MaskPenalty.blocks(Array(repeating: true, count: 9), size: 3), 12)
        XCTAssertEqual(MaskPenalty.blocks([true, false, false, true], size: 2), 0)

        // N4: 10 per whole 5 % step away from 50 % dark.
        XCTAssertEqual(MaskPenalty.balance(dark: 50, total: 100), 0)
        XCTAssertEqual(MaskPenalty.balance(dark: 54, total: 100), 0)
        XCTAssertEqual(MaskPenalty.balance(dark: 55, total: 100), 10)
        XCTAssertEqual(MaskPenalty.balance(dark: 39, total: 100), 20)
        XCTAssertEqual(MaskPenalty.balance(dark: 0, total: 100), 100)

        // All dark 21×21: N1 42 lines × (3 + 16), N2 20 × 20 × 3, N3 none, N4 100.
        XCTAssertEqual(MaskPenalty.score(Array(repeating: true, count: 21 * 21), size: 21), 798 + 1200 + 100)
    }

    func testChosenMaskHasTheLowestPenalty() throws {
        let inputs: [(String, QRErrorCorrection)] = [
            ("A", .low), ("GovHall", .high), ("https://govhall.example.gov.cn/verify?code=ZS-2026-000123", .medium),
            ("示范市市场监督管理局 食品经营许可证", .quartile), (String(repeating: "0123456789", count: 30), .medium),
        ]
        for (text, level) in inputs {
            let chosen = try QRCode(encoding: text, correction: level)
            let scores = try (0...7).map { mask in
                let code = try QRCode(encoding: text, correction: level, forcingMask: mask)
                return MaskPenalty.score(modules(of: code), size: code.size)
            }
            let lowest = try XCTUnwrap(scores.min())
            XCTAssertEqual(chosen.mask, scores.firstIndex(of: lowest), "\(text.prefix(12)) at \(level): \(scores)")
            XCTAssertEqual(chosen, try QRCode(encoding: text, correction: level, forcingMask: chosen.mask))
        }
    }

    // MARK: - Known answer

    /// Regression anchor: `qrencode -8 -l M -t ASCII -m 0 'https://govhall.example'`
    /// (libqrencode 4.1.1) picks version 2, mask 6 and draws exactly this; the
    /// matrix was also checked to decode with zbarimg when it was recorded.
    func testMatchesQrencodeModuleForModule() throws {
        let expected = [
            "#######.#.###.....#######",
            "#.....#.#.##.##.#.#.....#",
            "#.###.#.#..###.#..#.###.#",
            "#.###.#..###.#..#.#.###.#",
            "#.###.#.#..#..#.#.#.###.#",
            "#.....#..#.#....#.#.....#",
            "#######.#.#.#.#.#.#######",
            ".............#.##........",
            "#..######.##..#.##..#.###",
            "#...##...#.######..#####.",
            ".####.#..####..#...#.#..#",
            ".#####...#....#....#.####",
            "#..##.#...#.#...#.##....#",
            "#..#.#..###..#.###..#..#.",
            "###...#.######.####.#####",
            "#..#.#.#.#.#..#....#.##.#",
            "#...###.##...#..#####.##.",
            "........#..###..#...#.##.",
            "#######.#.##.#..#.#.#...#",
            "#.....#.##..#####...#..#.",
            "#.###.#.#...#.#######..##",
            "#.###.#.#.#...#####....##",
            "#.###.#.....#..#.#..#####",
            "#.....#..##...#..#.##.###",
            "#######.##..###.###..#..#",
        ]
        let code = try QRCode(encoding: "https://govhall.example", correction: .medium)
        XCTAssertEqual(code.version, 2)
        XCTAssertEqual(code.mask, 6)
        XCTAssertEqual(rows(of: code), expected)
    }

    // MARK: - Rendering

    func testSVGPathCoversExactlyTheDarkModules() throws {
        let code = try QRCode(encoding: "https://govhall.example", correction: .medium)
        let svg = code.svg(label: "Verify certificate")
        XCTAssertTrue(svg.hasPrefix("<svg "), "no XML declaration, so it can be inlined")
        XCTAssertFalse(svg.contains("<?xml"))
        XCTAssertTrue(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("viewBox=\"0 0 33 33\""))
        XCTAssertTrue(svg.contains("role=\"img\""))
        XCTAssertTrue(svg.contains("aria-label=\"Verify certificate\""))
        XCTAssertTrue(svg.contains("shape-rendering=\"crispEdges\""))
        XCTAssertTrue(svg.contains("<rect width=\"33\" height=\"33\" fill=\"#fff\"/>"))
        XCTAssertEqual(svg.components(separatedBy: "<path").count, 2, "exactly one path")
        XCTAssertTrue(svg.hasSuffix("</svg>"))

        // Each subpath is "M<x> <y>h<n>v1h-<n>z": a one-module-high run.
        let start = try XCTUnwrap(svg.range(of: " d=\""))
        let end = try XCTUnwrap(svg.range(of: "\"", range: start.upperBound..<svg.endIndex))
        var painted = Set<[Int]>()
        for subpath in svg[start.upperBound..<end.lowerBound].split(separator: "z") {
            let numbers = subpath.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            XCTAssertEqual(numbers.count, 5, String(subpath))
            guard numbers.count == 5 else { continue }
            for x in numbers[0]..<(numbers[0] + numbers[2]) {
                XCTAssertTrue(painted.insert([x - 4, numbers[1] - 4]).inserted, "module painted twice")
            }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) {
                dark.insert([x, y])
            }
        }
        XCTAssertEqual(painted, dark)
    }

    func testSVGEscapesTheLabelAndHonoursTheQuietZone() throws {
        let code = try QRCode(encoding: "A")
        let svg = code.svg(label: "Tom & \"Jerry\" <license>", quietZone: 2)
        XCTAssertTrue(svg.contains("aria-label=\"Tom &amp; &quot;Jerry&quot; &lt;license&gt;\""))
        XCTAssertTrue(svg.contains("viewBox=\"0 0 25 25\""))
        XCTAssertTrue(svg.contains("d=\"M2 2h7v1h-7z"), "top-left finder starts inside a 2-module quiet zone")
    }

    func testPGMHeaderAndPixels() throws {
        let code = try QRCode(encoding: "A")
        let image = code.pgm(scale: 3, quietZone: 4)
        let side = (21 + 8) * 3
        let header = Array("P5\n\(side) \(side)\n255\n".utf8)
        XCTAssertEqual(Array(image.prefix(header.count)), header)
        XCTAssertEqual(image.count, header.count + side * side)
        func pixel(_ x: Int, _ y: Int) -> UInt8 { image[header.count + y * side + x] }
        XCTAssertEqual(pixel(0, 0), 255, "quiet zone is white")
        XCTAssertEqual(pixel(11, 11), 255)
        XCTAssertEqual(pixel(12, 12), 0, "first module of the finder")
        XCTAssertEqual(pixel(14, 14), 0)
        XCTAssertEqual(pixel(15, 15), 255, "finder's light ring")
        XCTAssertEqual(Set(image.dropFirst(header.count)), [0, 255])
    }

    // MARK: - Round trip through zbarimg

    func testRoundTripThroughZbarAtEveryLevel() throws {
        guard let zbarimg = try zbarimgPath() else { return }
        let sentence = "食品经营许可证 ZS-2026-000123, issued by the market regulation bureau; "
            + "verify at https://govhall.example.gov.cn/verify. "
        let longText = String(String(repeating: sentence, count: 8).prefix(700))
        XCTAssertEqual(longText.count, 700)
        let inputs = [
            "A",
            "https://govhall.example.gov.cn/verify?code=ZS-2026-000123",
            "示范市市场监督管理局 食品经营许可证",
            longText,
        ]
        var versions = Set<Int>()
        for text in inputs {
            for level in QRErrorCorrection.allCases {
                let code = try QRCode(encoding: text, correction: level)
                try assertDecodes(code, as: text, zbarimg: zbarimg)
                versions.insert(code.version)
            }
        }
        XCTAssertTrue(versions.contains { $0 >= 7 }, "version information must be exercised, got \(versions.sorted())")
        XCTAssertTrue(versions.contains(1))
    }

    /// Sizes that land on interesting versions: the first with version
    /// information (7), both sides of the wider count indicator (9, 10, 11),
    /// and the largest symbols.
    func testRoundTripAcrossVersions() throws {
        guard let zbarimg = try zbarimgPath() else { return }
        let cases: [(bytes: Int, level: QRErrorCorrection, version: Int)] = [
            (122, .medium, 7), (180, .medium, 9), (213, .medium, 10), (214, .medium, 11),
            (64, .high, 7), (1000, .quartile, 31), (2953, .low, 40), (1273, .high, 40),
        ]
        for (bytes, level, version) in cases {
            let payload = asciiPayload(bytes: bytes)
            let code = try QRCode(encoding: payload, correction: level)
            XCTAssertEqual(code.version, version, "\(bytes) bytes at \(level)")
            try assertDecodes(code, as: payload, zbarimg: zbarimg)
        }
    }

    func testEveryMaskPatternDecodes() throws {
        guard let zbarimg = try zbarimgPath() else { return }
        // Version 9 also carries version information under every mask.
        let inputs: [(text: String, level: QRErrorCorrection, version: Int)] = [
            ("GovHall", .high, 1),
            ("https://govhall.example.gov.cn/verify?code=ZS-2026-000123 示范市市场监督管理局 食品经营许可证", .quartile, 9),
        ]
        for (text, level, version) in inputs {
            for mask in 0...7 {
                let code = try QRCode(encoding: text, correction: level, forcingMask: mask)
                XCTAssertEqual(code.mask, mask)
                XCTAssertEqual(code.version, version)
                try assertDecodes(code, as: text, zbarimg: zbarimg)
            }
        }
    }

    // MARK: - Helpers

    private func modules(of code: QRCode) -> [Bool] {
        (0..<code.size).flatMap { y in (0..<code.size).map { code.isDark(x: $0, y: y) } }
    }

    private func rows(of code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }) }
    }

    private func asciiPayload(bytes: Int) -> String {
        let alphabet = Array("GovHall certificate ZS-2026-000123 https://govhall.example.gov.cn/verify?code=")
        return String((0..<bytes).map { alphabet[($0 * 7) % alphabet.count] })
    }

    /// Decodes the PGM rendering with zbar and compares bytes exactly.
    /// `-Sbinary` stops zbar from guessing a character set and appending a
    /// newline; `--raw` prints only the data.
    private func assertDecodes(_ code: QRCode, as text: String, zbarimg: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try Data(code.pgm(scale: 4)).write(to: image)
        defer { try? FileManager.default.removeItem(at: image) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--nodbus", "--raw", "-q", "-Sbinary", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let decoded = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let context = "version \(code.version) \(code.correction) mask \(code.mask), \(text.utf8.count) bytes"
        XCTAssertEqual(process.terminationStatus, 0, "zbarimg found no symbol: \(context)", file: file, line: line)
        XCTAssertEqual(decoded, Data(text.utf8), "decoded text differs: \(context)", file: file, line: line)
    }

    /// Skips where zbar is not installed, except on CI, which must install zbar-tools.
    private func zbarimgPath() throws -> String? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        for directory in ["/usr/bin"] + searchPath {
            let candidate = directory + "/zbarimg"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("zbarimg is required on CI (apt-get install zbar-tools)")
            return nil
        }
        throw XCTSkip("zbarimg not installed (apt-get install zbar-tools)")
    }
}
