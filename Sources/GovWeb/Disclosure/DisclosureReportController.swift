import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// 政府信息公开工作年度报告, in the sections of the national template: printable, as CSV, and with a form for the
/// figures the disclosure office records by hand.
enum DisclosureReportController {
    struct Body: Encodable, Sendable {
        var year: Int
        var unitName: String
        var units: [Option]
        var years: [Option]
        var overview: String
        var problems: String
        var other: String
        var proactive: [LabelledValue]
        var columns: [String]
        var requestRows: [TableRow]
        var appealRows: [TableRow]
        var appealColumns: [String]
        var fees: Int
        var canRecord: Bool
        var figures: [FigureInput]
        var csvHref: String
        var formAction: String
        var form: FormState
    }

    struct TableRow: Encodable, Sendable {
        var label: String
        var level: Int
        var values: [Int]
    }

    struct FigureInput: Encodable, Sendable {
        var key: String
        var label: String
        var value: Int
    }

    /// The units whose report someone may read: where they are the disclosure office, its head, or its supervisor.
    static func readableUnits(_ principal: Principal, on database: any Database) async throws -> [UnitSummary] {
        try await OrganisationStore.units(kinds: [.region, .department], on: database)
            .filter { DisclosureAccess.readsAnnualReport(unitPath: $0.path, principal) }
    }

    static func resolve(_ request: Request) async throws -> (year: Int, unit: UnitSummary, units: [UnitSummary]) {
        let principal = try request.requirePrincipal()
        let units = try await readableUnits(principal, on: request.db)
        let thisYear = CivilDate.beijing(request.now).year
        var year = thisYear
        if let raw = request.query[String.self, at: "year"], !raw.isEmpty {
            guard let parsed = Int(raw), (2008...thisYear).contains(parsed) else { throw AppError.rejected(FieldProblem.invalid) }
            year = parsed
        }
        let unit: UnitSummary
        if let raw = request.query[String.self, at: "unit"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let chosen = units.first(where: { $0.id == id }) else { throw AppError.notFound }
            unit = chosen
        } else {
            guard let first = units.first else { throw AppError.forbidden }
            unit = first
        }
        return (year, unit, units)
    }

    static func page(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let principal = try request.requirePrincipal()
        let language = request.language
        let (year, unit, units) = try await resolve(request)
        let report = try await DisclosureReportStore.build(year: year, unitID: unit.id, on: request.db)
        let supervising = request.url.path.hasPrefix(Paths.supervision.home())
        let canRecord = !supervising && DisclosureAccess.canRecordAnnualReport(unitPath: unit.path, principal)
        let query: KeyValuePairs<String, String?> = ["year": String(year), "unit": unit.id.uuidString.lowercased()]
        let thisYear = CivilDate.beijing(request.now).year
        let body = Body(
            year: year, unitName: unit.name(in: language),
            units: units.map { Option(value: $0.id.uuidString.lowercased(), label: $0.name(in: language), selected: $0.id == unit.id) },
            years: (0..<8).map { thisYear - $0 }.map { Option(value: String($0), label: String($0), selected: $0 == year) },
            overview: report.texts[.overview] ?? "", problems: report.texts[.problems] ?? "", other: report.texts[.other] ?? "",
            proactive: proactive(report, language), columns: columns(language), requestRows: requestRows(report.requests, language),
            appealRows: appealRows(report, language), appealColumns: appealColumns(language), fees: report.figure(.processingFees),
            canRecord: canRecord,
            figures: ReportFigureKey.allCases.map { FigureInput(key: $0.rawValue, label: Strings.text("report_figure_\($0.rawValue)", language), value: report.figure($0)) },
            csvHref: (supervising ? Paths.disclosure.supervisedReportCSV : Paths.disclosure.workReportCSV)(query: query),
            formAction: Paths.disclosure.workReport(query: query), form: form)
        return try await request.renderPage("disclosure/report", titleKey: "title_report", body: body,
                                            notice: request.notice(from: ["saved": "disclosure_notice_saved"]), status: status)
    }

    static func proactive(_ report: DisclosureAnnualReport, _ language: Language) -> [LabelledValue] {
        [
            LabelledValue(label: Strings.text("report_normative_made", language), value: "\(report.normativeMade)"),
            LabelledValue(label: Strings.text("report_normative_repealed", language), value: "\(report.normativeRepealed)"),
            LabelledValue(label: Strings.text("report_normative_in_force", language), value: "\(report.normativeInForce)"),
            LabelledValue(label: Strings.text("report_proactive_published", language), value: "\(report.proactivePublished)"),
            LabelledValue(label: Strings.text("report_licensing_decisions", language), value: "\(report.licensingDecisions)"),
            LabelledValue(label: Strings.text("report_figure_penalty_decisions", language), value: "\(report.figure(.penaltyDecisions))"),
            LabelledValue(label: Strings.text("report_figure_enforcement_decisions", language), value: "\(report.figure(.enforcementDecisions))"),
        ]
    }

    static func columns(_ language: Language) -> [String] {
        RequesterKind.allCases.map { $0.title(in: language) } + [Strings.text("report_total", language)]
    }

    static func values(_ counts: RequesterCounts) -> [Int] {
        RequesterKind.allCases.map { counts[$0] } + [counts.total]
    }

    /// Table 三, in the template's order.
    static func requestRows(_ table: RequestTable, _ language: Language) -> [TableRow] {
        var rows = [
            TableRow(label: Strings.text("report_received", language), level: 0, values: values(table.received)),
            TableRow(label: Strings.text("report_carried_over", language), level: 0, values: values(table.carriedOver)),
            TableRow(label: Strings.text("report_results", language), level: 0, values: []),
        ]
        for group in ResponseGroup.allCases {
            rows.append(TableRow(label: group.title(in: language), level: 1, values: values(table.group(group))))
            let members = ResponseOutcome.allCases.filter { $0.group == group }
            if members.count > 1 {
                for outcome in members {
                    let title = outcome.title(in: language)
                    let short = title.split(separator: language == .zhHans ? "：" : ":", maxSplits: 1).last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? title
                    rows.append(TableRow(label: short, level: 2, values: values(table.outcome(outcome))))
                }
            }
        }
        rows.append(TableRow(label: Strings.text("report_handled_total", language), level: 1, values: values(table.handled)))
        rows.append(TableRow(label: Strings.text("report_carried_forward", language), level: 0, values: values(table.carriedForward)))
        return rows
    }

    static func appealColumns(_ language: Language) -> [String] {
        ["report_upheld", "report_corrected", "report_other_result", "report_pending", "report_total"].map { Strings.text($0, language) }
    }

    /// Table 四: administrative reconsideration and litigation, as recorded.
    static func appealRows(_ report: DisclosureAnnualReport, _ language: Language) -> [TableRow] {
        func row(_ key: String, _ keys: [ReportFigureKey]) -> TableRow {
            let values = keys.map { report.figure($0) }
            return TableRow(label: Strings.text(key, language), level: 0, values: values + [values.reduce(0, +)])
        }
        return [
            row("report_reconsideration", ReportFigureKey.reconsideration),
            row("report_direct_suit", ReportFigureKey.directSuit),
            row("report_suit_after_reconsideration", ReportFigureKey.suitAfterReconsideration),
        ]
    }

    static func csv(_ request: Request) async throws -> Response {
        let language = request.language
        let (year, unit, _) = try await resolve(request)
        let report = try await DisclosureReportStore.build(year: year, unitID: unit.id, on: request.db)
        let header = [Strings.text("report_section", language), Strings.text("report_item", language)] + columns(language)
        var rows: [[String]] = []
        for item in proactive(report, language) { rows.append(["二", item.label, item.value]) }
        for row in requestRows(report.requests, language) { rows.append(["三", String(repeating: "  ", count: row.level) + row.label] + row.values.map(String.init)) }
        rows.append(["四", ""] + appealColumns(language))
        for row in appealRows(report, language) { rows.append(["四", row.label] + row.values.map(String.init)) }
        rows.append(["六", Strings.text("report_figure_processing_fees", language), String(report.figure(.processingFees))])
        return CSV.response(header: header, rows: rows, filename: "disclosure-report-\(unit.code)-\(year).csv")
    }

    static func record(_ request: Request) async throws -> Response {
        let principal = try request.requirePrincipal()
        let (year, unit, _) = try await resolve(request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        var errors = FieldErrors()
        var figures: [ReportFigureKey: Int] = [:]
        for key in ReportFigureKey.allCases {
            let raw = (fields[key.rawValue] ?? "0").trimmingCharacters(in: .whitespaces)
            if let number = Int(raw.isEmpty ? "0" : raw), number >= 0 { figures[key] = number } else { errors.add(key.rawValue, FieldProblem.invalid) }
        }
        var texts: [ReportTextKey: String] = [:]
        for key in ReportTextKey.allCases { texts[key] = fields[key.rawValue] ?? "" }
        let actor = request.auditActor(role: DisclosureAccess.annualReportRole(unitPath: unit.path, principal))
        let now = request.now
        let unitID = unit.id
        let (recordedFigures, recordedTexts) = (figures, texts)
        return try await request.submitting(fields) {
            try errors.throwIfAny()
            try await request.write { db in
                try await DisclosureReportStore.record(figures: recordedFigures, texts: recordedTexts, year: year, unitID: unitID, principal: principal, by: actor, now: now, on: db)
            }
            return request.redirect(to: Paths.disclosure.workReport(query: ["year": String(year), "unit": unitID.uuidString.lowercased(), "done": "saved"]))
        } otherwise: { form in
            try await render(request, form: form, status: .badRequest)
        }
    }
}
