import Vapor

/// CSV for every table a person may want in a spreadsheet (DESIGN.md): UTF-8 with a BOM, so spreadsheet programs read
/// the Chinese correctly, CRLF line ends (RFC 4180).
enum CSV {
    /// A download of `rows` under `header`.
    static func response(header: [String], rows: [[String]], filename: String) -> Response {
        response(lines: [header.map(field).joined(separator: ",")] + rows.map { $0.map(field).joined(separator: ",") }, filename: filename)
    }

    static func response(lines: [String], filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return response
    }

    /// One field, quoted when it must be; a cell that looks like a formula is neutralised so a spreadsheet never runs it.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
