// QR Code Model 2 encoder (ISO/IEC 18004:2015), byte mode only.
//
// Certificates carry short URLs and UTF-8 text, so the encoder always uses
// byte mode: it is the only mode that round-trips arbitrary UTF-8, and the
// space saved by numeric/alphanumeric segments is not worth the complexity.

/// Error correction level (ISO/IEC 18004:2015 §7.5.1): roughly 7 %, 15 %, 25 %
/// or 30 % of codewords can be restored, paid for with capacity.
public enum QRErrorCorrection: Sendable, CaseIterable {
    case low, medium, quartile, high
}

public enum QRCodeError: Error, Equatable, Sendable {
    /// The UTF-8 payload is larger than a version 40 symbol holds at the
    /// requested level; `capacity` is that limit in bytes.
    case tooLong(bytes: Int, capacity: Int)
}

public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let size: Int
    public let correction: QRErrorCorrection
    public let mask: Int
    /// Row-major, `size * size`; `true` is dark.
    private let modules: [Bool]

    /// Byte mode (UTF-8) encoding; smallest version 1...40 that fits at the given level; mask chosen by the standard's penalty rules (all 8 evaluated).
    public init(encoding text: String, correction: QRErrorCorrection = .medium) throws(QRCodeError) {
        try self.init(encoding: text, correction: correction, forcingMask: nil)
    }

    /// Pins the data mask so tests can put every mask pattern through a decoder.
    init(encoding text: String, correction: QRErrorCorrection, forcingMask: Int?) throws(QRCodeError) {
        precondition(forcingMask.map { (0...7).contains($0) } ?? true, "mask must be 0...7")
        let payload = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.byteCapacity(version: $0, correction: correction) >= payload.count }) else {
            throw .tooLong(bytes: payload.count, capacity: Self.byteCapacity(version: 40, correction: correction))
        }

        var unmasked = ModuleGrid(version: version)
        unmasked.placeCodewords(Self.codewords(for: payload, version: version, correction: correction))

        // §7.8.3: the mask with the lowest penalty wins; ties go to the lower
        // mask number so output is deterministic.
        let candidates = forcingMask.map { [$0] } ?? Array(0...7)
        var bestMask = candidates[0]
        var best = unmasked.masked(with: bestMask, correction: correction)
        var bestPenalty = MaskPenalty.score(best.dark, size: best.size)
        for mask in candidates.dropFirst() {
            let candidate = unmasked.masked(with: mask, correction: correction)
            let penalty = MaskPenalty.score(candidate.dark, size: candidate.size)
            if penalty < bestPenalty {
                (bestMask, best, bestPenalty) = (mask, candidate, penalty)
            }
        }

        self.version = version
        self.size = best.size
        self.correction = correction
        self.mask = bestMask
        self.modules = best.dark
    }

    /// Coordinates outside the symbol read as light, as the quiet zone is.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// An SVG document (no XML declaration, so it can be inlined in HTML) with one <path> of dark modules, a white background rect, `viewBox` in modules including a 4-module quiet zone, `shape-rendering="crispEdges"`, and role="img" plus an aria-label parameter.
    public func svg(label: String, quietZone: Int = 4) -> String {
        let quiet = max(0, quietZone)
        let extent = size + 2 * quiet
        // One subpath per horizontal run of dark modules keeps the path short
        // and leaves no hairline seams between adjacent modules.
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(extent) \(extent)\""
            + " role=\"img\" aria-label=\"\(Self.escapeXML(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/>"
            + "</svg>"
    }

    /// A binary PGM (P5) image, each module `scale` pixels, with a quiet zone; for decoders such as zbarimg.
    public func pgm(scale: Int = 4, quietZone: Int = 4) -> [UInt8] {
        let scale = max(1, scale)
        let quiet = max(0, quietZone)
        let side = (size + 2 * quiet) * scale
        var image = Array("P5\n\(side) \(side)\n255\n".utf8)
        image.reserveCapacity(image.count + side * side)
        for py in 0..<side {
            for px in 0..<side {
                image.append(isDark(x: px / scale - quiet, y: py / scale - quiet) ? 0 : 255)
            }
        }
        return image
    }

    private static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

// MARK: - Capacity and codewords

extension QRCode {
    /// Byte-mode payload limit for a symbol; matches Table 7 of the standard.
    static func byteCapacity(version: Int, correction: QRErrorCorrection) -> Int {
        (dataCodewordCount(version: version, correction: correction) * 8 - 4 - characterCountBits(version: version)) / 8
    }

    /// Table 3: byte mode's character count indicator widens at version 10
    /// (and stays 16 bits for versions 27...40).
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// Codewords in the whole symbol (Table 1): every module not taken by a
    /// function pattern carries data; the 0, 3, 4 or 7 leftover remainder bits
    /// do not make up a codeword.
    static func totalCodewordCount(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignmentsPerAxis = version / 7 + 2
            modules -= (25 * alignmentsPerAxis - 10) * alignmentsPerAxis - 55
        }
        if version >= 7 {
            modules -= 36  // two 6×3 version information blocks
        }
        return modules / 8
    }

    static func dataCodewordCount(version: Int, correction: QRErrorCorrection) -> Int {
        let blocks = errorCorrectionBlocks(version: version, correction: correction)
        return totalCodewordCount(version: version) - blocks.ecCodewordsPerBlock * blocks.count
    }

    /// §7.4: mode indicator, count, data, terminator, zero fill to a byte,
    /// then alternating 0xEC/0x11 pad codewords up to the data capacity.
    /// §7.5–7.6: split into blocks, append Reed–Solomon codewords, and
    /// interleave, so that local damage is spread over all blocks instead of
    /// exhausting one block's correction.
    static func codewords(for payload: [UInt8], version: Int, correction: QRErrorCorrection) -> [UInt8] {
        let dataCapacity = dataCodewordCount(version: version, correction: correction)

        var bits = BitBuffer()
        bits.append(0b0100, bitCount: 4)  // byte mode
        bits.append(payload.count, bitCount: characterCountBits(version: version))
        for byte in payload {
            bits.append(Int(byte), bitCount: 8)
        }
        bits.append(0, bitCount: min(4, dataCapacity * 8 - bits.count))
        bits.append(0, bitCount: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        for index in 0..<(dataCapacity - data.count) {
            data.append(index.isMultiple(of: 2) ? 0xEC : 0x11)
        }

        // Table 9: the first blocks are one data codeword shorter than the rest.
        let layout = errorCorrectionBlocks(version: version, correction: correction)
        let shortLength = dataCapacity / layout.count
        let longBlockCount = dataCapacity % layout.count
        let generator = ReedSolomon.generator(degree: layout.ecCodewordsPerBlock)
        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for blockIndex in 0..<layout.count {
            let length = shortLength + (blockIndex >= layout.count - longBlockCount ? 1 : 0)
            let block = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(of: block, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(totalCodewordCount(version: version))
        for column in 0...shortLength {
            for block in dataBlocks where column < block.count {
                result.append(block[column])
            }
        }
        for column in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks {
                result.append(block[column])
            }
        }
        return result
    }

    /// Table 9, one row per version, columns L, M, Q, H:
    /// (error correction codewords per block, number of blocks).
    private static let errorCorrectionTable: [[(ecCodewordsPerBlock: Int, count: Int)]] = [
        [(7, 1), (10, 1), (13, 1), (17, 1)],  // 1
        [(10, 1), (16, 1), (22, 1), (28, 1)],  // 2
        [(15, 1), (26, 1), (18, 2), (22, 2)],  // 3
        [(20, 1), (18, 2), (26, 2), (16, 4)],  // 4
        [(26, 1), (24, 2), (18, 4), (22, 4)],  // 5
        [(18, 2), (16, 4), (24, 4), (28, 4)],  // 6
        [(20, 2), (18, 4), (18, 6), (26, 5)],  // 7
        [(24, 2), (22, 4), (22, 6), (26, 6)],  // 8
        [(30, 2), (22, 5), (20, 8), (24, 8)],  // 9
        [(18, 4), (26, 5), (24, 8), (28, 8)],  // 10
        [(20, 4), (30, 5), (28, 8), (24, 11)],  // 11
        [(24, 4), (22, 8), (26, 10), (28, 11)],  // 12
        [(26, 4), (22, 9), (24, 12), (22, 16)],  // 13
        [(30, 4), (24, 9), (20, 16), (24, 16)],  // 14
        [(22, 6), (24, 10), (30, 12), (24, 18)],  // 15
        [(24, 6), (28, 10), (24, 17), (30, 16)],  // 16
        [(28, 6), (28, 11), (28, 16), (28, 19)],  // 17
        [(30, 6), (26, 13), (28, 18), (28, 21)],  // 18
        [(28, 7), (26, 14), (26, 21), (26, 25)],  // 19
        [(28, 8), (26, 16), (30, 20), (28, 25)],  // 20
        [(28, 8), (26, 17), (28, 23), (30, 25)],  // 21
        [(28, 9), (28, 17), (30, 23), (24, 34)],  // 22
        [(30, 9), (28, 18), (30, 25), (30, 30)],  // 23
        [(30, 10), (28, 20), (30, 27), (30, 32)],  // 24
        [(26, 12), (28, 21), (30, 29), (30, 35)],  // 25
        [(28, 12), (28, 23), (28, 34), (30, 37)],  // 26
        [(30, 12), (28, 25), (30, 34), (30, 40)],  // 27
        [(30, 13), (28, 26), (30, 35), (30, 42)],  // 28
        [(30, 14), (28, 28), (30, 38), (30, 45)],  // 29
        [(30, 15), (28, 29), (30, 40), (30, 48)],  // 30
        [(30, 16), (28, 31), (30, 43), (30, 51)],  // 31
        [(30, 17), (28, 33), (30, 45), (30, 54)],  // 32
        [(30, 18), (28, 35), (30, 48), (30, 57)],  // 33
        [(30, 19), (28, 37), (30, 51), (30, 60)],  // 34
        [(30, 19), (28, 38), (30, 53), (30, 63)],  // 35
        [(30, 20), (28, 40), (30, 56), (30, 66)],  // 36
        [(30, 21), (28, 43), (30, 59), (30, 70)],  // 37
        [(30, 22), (28, 45), (30, 62), (30, 74)],  // 38
        [(30, 24), (28, 47), (30, 65), (30, 77)],  // 39
        [(30, 25), (28, 49), (30, 68), (30, 81)],  // 40
    ]

    private static func errorCorrectionBlocks(version: Int, correction: QRErrorCorrection) -> (ecCodewordsPerBlock: Int, count: Int) {
        let column: Int
        switch correction {
        case .low: column = 0
        case .medium: column = 1
        case .quartile: column = 2
        case .high: column = 3
        }
        return errorCorrectionTable[version - 1][column]
    }
}

private struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    /// Appends the low `bitCount` bits of `value`, most significant first.
    mutating func append(_ value: Int, bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count.isMultiple(of: 8) {
                bytes.append(0)
            }
            if (value >> shift) & 1 == 1 {
                bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8)
            }
            count += 1
        }
    }
}

/// §7.5.2: Reed–Solomon over GF(2⁸) with the field polynomial
/// x⁸ + x⁴ + x³ + x² + 1 (0x11D) and generator roots α⁰ … α^(n−1).
private enum ReedSolomon {
    /// Coefficients of the monic generator polynomial of the given degree,
    /// highest power first, leading 1 omitted.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply by (x − root); in GF(2⁸) subtraction is XOR.
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree {
                    coefficients[index] ^= coefficients[index + 1]
                }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    /// The error correction codewords: data × x^degree mod generator.
    static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices {
                remainder[index] ^= multiply(generator[index], factor)
            }
        }
        return remainder
    }

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product: UInt16 = 0
        var a = UInt16(a)
        var b = b
        while b != 0 {
            if b & 1 == 1 {
                product ^= a
            }
            a <<= 1
            if a & 0x100 != 0 {
                a ^= 0x11D
            }
            b >>= 1
        }
        return UInt8(product)
    }
}

// MARK: - Module placement

private struct ModuleGrid {
    let size: Int
    private(set) var dark: [Bool]
    /// Modules of function patterns and format/version information, which
    /// neither carry data nor get masked.
    private var isFunction: [Bool]

    /// A symbol with every function pattern drawn (§6.3) and the format and
    /// version areas reserved.
    init(version: Int) {
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)

        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index.isMultiple(of: 2))
            setFunction(x: index, y: 6, dark: index.isMultiple(of: 2))
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            drawFinder(centerX: x, centerY: y)
        }
        let centers = Self.alignmentPatternCenters[version - 1]
        for x in centers {
            for y in centers where !overlapsFinder(x: x, y: y) {
                drawAlignment(centerX: x, centerY: y)
            }
        }
        drawFormatInformation(0)  // reserves the area; rewritten per mask
        if version >= 7 {
            drawVersionInformation(version)
        }
    }

    /// Annex E, Table E.1: row/column coordinates of alignment pattern
    /// centres; patterns go at every combination except the three finder
    /// corners. Indexed by version − 1.
    private static let alignmentPatternCenters: [[Int]] = [
        [],
        [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134],
        [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    private func overlapsFinder(x: Int, y: Int) -> Bool {
        let last = size - 7
        return (x == 6 && y == 6) || (x == 6 && y == last) || (x == last && y == 6)
    }

    private mutating func setFunction(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
        isFunction[y * size + x] = true
    }

    /// 7×7 finder plus its light separator ring, clipped at the symbol edge.
    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx, y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// §7.9: 5 data bits protected by a BCH(15,5) code, XORed with 0x5412 so
    /// the result is never all light; written twice so either copy can be
    /// read. Bit 0 is the least significant.
    mutating func drawFormatInformation(_ data: Int) {
        var remainder = data
        for _ in 0..<10 {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

        // Around the top-left finder, skipping the timing pattern.
        for index in 0...5 {
            setFunction(x: 8, y: index, dark: bit(index))
        }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 {
            setFunction(x: 14 - index, y: 8, dark: bit(index))
        }
        // Split between the top-right and bottom-left finders.
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: bit(index))
        }
        for index in 8..<15 {
            setFunction(x: 8, y: size - 15 + index, dark: bit(index))
        }
        setFunction(x: 8, y: size - 8, dark: true)  // the always-dark module
    }

    /// §7.10: from version 7 the version can no longer be inferred reliably
    /// from the symbol's width, so it is stored with a BCH(18,6) code next to
    /// the top-right and bottom-left finders.
    private mutating func drawVersionInformation(_ version: Int) {
        var remainder = version
        for _ in 0..<12 {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
        }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let long = size - 11 + index % 3, short = index / 3
            setFunction(x: long, y: short, dark: isDark)
            setFunction(x: short, y: long, dark: isDark)
        }
    }

    /// §7.7.3: two-module-wide columns from the bottom-right corner, snaking
    /// up and down, skipping the vertical timing pattern and function modules;
    /// codeword bits go most significant first.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 {
                right = 5
            }
            let upward = ((right + 1) & 2) == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < bitCount {
                    dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// §7.8.2 masks (Table 10) applied to data modules, with the format
    /// information for that mask written in.
    func masked(with mask: Int, correction: QRErrorCorrection) -> ModuleGrid {
        var result = self
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (y + x) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (y + x) % 3 == 0
                case 4: invert = (y / 2 + x / 3) % 2 == 0
                case 5: invert = (y * x) % 2 + (y * x) % 3 == 0
                case 6: invert = ((y * x) % 2 + (y * x) % 3) % 2 == 0
                default: invert = ((y + x) % 2 + (y * x) % 3) % 2 == 0
                }
                if invert {
                    result.dark[y * size + x].toggle()
                }
            }
        }
        // §7.9.1: the level's two indicator bits (L 01, M 00, Q 11, H 10).
        let levelBits: Int
        switch correction {
        case .low: levelBits = 0b01
        case .medium: levelBits = 0b00
        case .quartile: levelBits = 0b11
        case .high: levelBits = 0b10
        }
        result.drawFormatInformation(levelBits << 3 | mask)
        return result
    }
}

/// §7.8.3, Table 11: the score a masked symbol is judged by. It penalises
/// what confuses readers — long runs (N1 = 3), 2×2 blocks (N2 = 3), finder
/// look-alikes (N3 = 40) and dark/light imbalance (N4 = 10) — and is taken
/// over the whole symbol, format information included.
enum MaskPenalty {
    /// `modules` is row-major, `size * size`, `true` for dark.
    static func score(_ modules: [Bool], size: Int) -> Int {
        var score = 0
        for index in 0..<size {
            let row = (0..<size).map { modules[index * size + $0] }
            let column = (0..<size).map { modules[$0 * size + index] }
            score += runs(row) + finderLike(row) + runs(column) + finderLike(column)
        }
        score += blocks(modules, size: size)
        score += balance(dark: modules.reduce(0) { $0 + ($1 ? 1 : 0) }, total: modules.count)
        return score
    }

    /// N1: 3 + (length − 5) for every run of five or more same-colour modules.
    static func runs(_ line: [Bool]) -> Int {
        var score = 0
        var runLength = 0
        for (index, module) in line.enumerated() {
            runLength = index > 0 && module == line[index - 1] ? runLength + 1 : 1
            if runLength == 5 {
                score += 3
            } else if runLength > 5 {
                score += 1
            }
        }
        return score
    }

    /// N2: 3 for every 2×2 square of one colour; overlapping squares each
    /// count, which is the standard's 3 × (m − 1) × (n − 1) for an m × n block.
    static func blocks(_ modules: [Bool], size: Int) -> Int {
        var score = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = modules[y * size + x]
                if color == modules[y * size + x + 1],
                   color == modules[(y + 1) * size + x],
                   color == modules[(y + 1) * size + x + 1] {
                    score += 3
                }
            }
        }
        return score
    }

    /// N3: 40 for each dark-light-dark-dark-dark-light-dark (1:1:3:1:1)
    /// sequence with four light modules before or after it. Beyond the edge
    /// counts as light, because the quiet zone is what a reader sees there.
    static func finderLike(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        guard line.count >= pattern.count else { return 0 }
        func isLight(_ range: Range<Int>) -> Bool {
            range.allSatisfy { !line.indices.contains($0) || !line[$0] }
        }
        var score = 0
        for start in 0...(line.count - pattern.count) where line[start..<(start + pattern.count)].elementsEqual(pattern) {
            if isLight((start - 4)..<start) || isLight((start + pattern.count)..<(start + pattern.count + 4)) {
                score += 40
            }
        }
        return score
    }

    /// N4: 10 for each whole 5 % step the dark proportion lies away from 50 %.
    static func balance(dark: Int, total: Int) -> Int {
        10 * (abs(dark * 20 - total * 10) / total)
    }
}
