/// Reads a base-registry CSV file fed in chunks, validating every row as it completes.
///
///     var importer = RegistryImporter(kind: .legalEntity, today: today)
///     for chunk in file { try store(importer.feed(chunk)) }
///     try store(importer.finish())
///     importer.summary
///
/// The first non-blank record is the header; a header that lacks a required column (or names one column twice)
/// throws before any row, and every later call throws the same. After the header, each record becomes one
/// outcome, in file order: an accepted row, or a row error listing all its problems.
///
/// A key (credit code, ID number or code) loads from its first valid row; any later row with that key is
/// refused as a duplicate of that line, together with any other problem it has. Remembering keys is the one cost that grows with the file: O(distinct
/// keys), about 50 bytes each (keys are packed into 128 bits), so some 50 MB for a million rows. Everything
/// else stays flat, as in ``RegistryCSVReader``.
public struct RegistryImporter: Sendable {
    public let kind: RegistryKind
    public let today: CivilDate
    public private(set) var summary = RegistryImportSummary()

    private var reader: RegistryCSVReader
    private var header: RegistryHeader?
    private var headerError: RegistryHeaderError?
    private var firstLines: [PackedKey: Int] = [:]

    /// `today` bounds dates such as 成立日期 and the birth date in an ID number.
    public init(kind: RegistryKind, today: CivilDate, maxRecordBytes: Int = RegistryCSVReader.defaultMaxRecordBytes) {
        self.kind = kind
        self.today = today
        reader = RegistryCSVReader(maxRecordBytes: maxRecordBytes)
    }

    /// The file's encoding, once a BOM or a non-ASCII record has settled it.
    public var encoding: RegistryTextEncoding? { reader.encoding }

    /// The header's names for the columns it maps, once read.
    public var columns: [RegistryField: String] { header?.names ?? [:] }

    /// The outcomes of the rows this chunk completes.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(RegistryHeaderError) -> [RegistryRowOutcome] {
        if let headerError { throw headerError }
        return try handle(reader.feed(chunk))
    }

    /// Ends the file: the outcome of a last line without a line end, or of a quote left open.
    public mutating func finish() throws(RegistryHeaderError) -> [RegistryRowOutcome] {
        if let headerError { throw headerError }
        let outcomes = try handle(reader.finish())
        if header == nil { try fail(.empty) }
        return outcomes
    }

    private mutating func handle(_ records: [RegistryCSVRecord]) throws(RegistryHeaderError) -> [RegistryRowOutcome] {
        var outcomes: [RegistryRowOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            guard let header else {
                switch record.fields {
                case let .success(fields):
                    do { header = try RegistryHeader(kind: kind, names: fields) } catch { try fail(error) }
                case let .failure(problem):
                    try fail(.unreadable(line: record.line, problem))
                }
                continue
            }
            outcomes.append(outcome(of: record, header: header))
        }
        summary.blankLines = reader.blankLines
        return outcomes
    }

    private mutating func fail(_ error: RegistryHeaderError) throws(RegistryHeaderError) -> Never {
        headerError = error
        throw error
    }

    private mutating func outcome(of record: RegistryCSVRecord, header: RegistryHeader) -> RegistryRowOutcome {
        summary.rowsRead += 1
        let fields: [String]
        switch record.fields {
        case let .success(read):
            fields = read
        case let .failure(problem):
            summary.rejected += 1
            return .rejected(RegistryRowError(line: record.line, problems: [RegistryFieldProblem(column: nil, problem: .unreadable(problem))]))
        }
        var (row, key, problems) = RegistryRow.validate(fields, header: header, today: today)
        let packed = key.map(PackedKey.init)
        if let packed, let first = firstLines[packed] {
            problems.insert(RegistryFieldProblem(column: header.keyColumn, problem: .duplicate(ofLine: first)), at: 0)
            summary.duplicates += 1
            row = nil
        }
        guard let row, let packed else {
            summary.rejected += 1
            return .rejected(RegistryRowError(line: record.line, problems: problems))
        }
        firstLines[packed] = record.line
        summary.accepted += 1
        return .accepted(row, line: record.line)
    }
}

/// What became of one row.
public enum RegistryRowOutcome: Sendable, Equatable {
    case accepted(RegistryRow, line: Int)
    case rejected(RegistryRowError)

    public var line: Int {
        switch self {
        case let .accepted(_, line): line
        case let .rejected(error): error.line
        }
    }
}

/// A row that was not loaded, with every problem found in it.
public struct RegistryRowError: LocalizedFailure, Equatable {
    /// The physical line the row starts on.
    public let line: Int
    public let problems: [RegistryFieldProblem]

    /// "第 12 行：统一社会信用代码：…；名称：此项必填".
    public func message(in language: Language) -> String {
        let parts = problems.map { problem in
            let reason = problem.problem.message(in: language)
            guard let column = problem.column else { return reason }
            return language == .zhHans ? "\(column)：\(reason)" : "\(column): \(reason)"
        }
        switch language {
        case .zhHans: return "第 \(line) 行：" + parts.joined(separator: "；")
        case .en: return "Line \(line): " + parts.joined(separator: "; ")
        }
    }
}

/// Counts for a file. Every row after the header is read, then accepted or rejected; duplicates are among the
/// rejected.
public struct RegistryImportSummary: Sendable, Equatable, Codable {
    public var rowsRead = 0
    public var blankLines = 0
    public var accepted = 0
    public var rejected = 0
    public var duplicates = 0

    public init() {}
}

/// Why a file was refused as a whole, before any row.
public enum RegistryHeaderError: LocalizedFailure, Equatable {
    /// Nothing but blank lines.
    case empty
    case unreadable(line: Int, RegistryCSVProblem)
    case missingColumns(RegistryKind, [RegistryField])
    /// Two header names for one field, such as 名称 and name.
    case duplicateColumn(String, String)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.empty, .zhHans):
            "文件是空的：没有表头行"
        case (.empty, .en):
            "The file is empty: it has no header row"
        case let (.unreadable(line, problem), .zhHans):
            "表头（第 \(line) 行）无法读取：\(problem.message(in: language))"
        case let (.unreadable(line, problem), .en):
            "The header (line \(line)) cannot be read: \(problem.message(in: language))"
        case let (.missingColumns(kind, fields), .zhHans):
            "\(kind.title(in: language))文件缺少必填列：\(Self.titles(kind, fields, language).joined(separator: "、"))"
        case let (.missingColumns(kind, fields), .en):
            "The \(kind.title(in: language).lowercased()) file lacks required columns: \(Self.titles(kind, fields, language).joined(separator: ", "))"
        case let (.duplicateColumn(first, second), .zhHans):
            "列“\(first)”与“\(second)”是同一项，请只保留一列"
        case let (.duplicateColumn(first, second), .en):
            "The columns “\(first)” and “\(second)” are the same field; keep only one"
        }
    }

    private static func titles(_ kind: RegistryKind, _ fields: [RegistryField], _ language: Language) -> [String] {
        kind.columns.filter { fields.contains($0.field) }.map { $0.title(in: language) }
    }
}

/// Which column of the file holds which field. Columns it does not know are ignored.
struct RegistryHeader: Sendable {
    let kind: RegistryKind
    /// Index in the record, by field.
    private let indices: [RegistryField: Int]
    /// The file's own name for each column it maps.
    let names: [RegistryField: String]

    init(kind: RegistryKind, names headerNames: [String]) throws(RegistryHeaderError) {
        var fieldsByName: [String: RegistryField] = [:]
        for column in kind.columns {
            for name in column.names { fieldsByName[RegistryColumn.normalised(name)] = column.field }
        }
        var indices: [RegistryField: Int] = [:]
        var names: [RegistryField: String] = [:]
        for (index, name) in headerNames.enumerated() {
            guard let field = fieldsByName[RegistryColumn.normalised(name)] else { continue }
            if let earlier = names[field] { throw .duplicateColumn(earlier, name) }
            indices[field] = index
            names[field] = name
        }
        let missing = kind.columns.filter { $0.isRequired && indices[$0.field] == nil }.map(\.field)
        guard missing.isEmpty else { throw .missingColumns(kind, missing) }
        self.kind = kind
        self.indices = indices
        self.names = names
    }

    func index(of field: RegistryField) -> Int? { indices[field] }

    func name(of field: RegistryField) -> String? { names[field] }

    /// The column of the registry's key, which a valid header always has.
    var keyColumn: String? {
        switch kind {
        case .legalEntity: names[.creditCode]
        case .population: names[.idNumber]
        case .geospatial: names[.code]
        }
    }
}

/// A key of at most 20 characters of `0`–`9` and `A`–`Z`, six bits each, in two words: a credit code, an ID
/// number or a geospatial code (at most 18 characters each) without a string's heap storage.
struct PackedKey: Hashable, Sendable {
    private var high: UInt64 = 0
    private var low: UInt64 = 0

    init(_ key: String) {
        for (offset, byte) in key.utf8.enumerated() {
            precondition(offset < 20, "registry keys have at most 20 characters")
            // 1–10 for digits, 11–36 for capitals; 0 is left for "no character", so lengths differ too.
            let code = UInt64(byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") + 1 : byte - UInt8(ascii: "A") + 11)
            if offset < 10 { high |= code << (6 * offset) } else { low |= code << (6 * (offset - 10)) }
        }
    }
}
