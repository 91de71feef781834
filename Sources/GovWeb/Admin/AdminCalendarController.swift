import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Administrators keep the working-day calendar: import a year's arrangement, correct a day.
enum AdminCalendarController {
    static func page(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let language = request.language
        let calendar = try await request.workCalendar()
        let years = try await CalendarStore.years(on: request.db)
        let today = CivilDate.beijing(request.now)
        var selected = request.query[String.self, at: "year"].flatMap(Int.init) ?? today.year
        if !calendar.coveredYears.contains(selected) { selected = years.last?.id ?? today.year }
        let days = try await CalendarStore.days(inYear: selected, on: request.db)
        let dayCounts = try await dayCountsByYear(request)
        let body = CalendarAdminBody(
            years: years.map { CalendarYearRow(year: $0.id ?? 0, source: $0.source, loadedAt: BeijingTime.minute($0.loadedAt), days: dayCounts[$0.id ?? 0] ?? 0) },
            warning: AdminController.missingYearWarning(calendar.yearsNeedingData(asOf: today), language),
            selectedYear: selected,
            days: days.map { CalendarController.dayRow($0, language) },
            form: form
        )
        let notice: String?
        if let imported = request.query[String.self, at: "imported"], imported.allSatisfy({ $0.isNumber || $0 == "," }) {
            let recounted = request.query[Int.self, at: "recounted"] ?? 0
            notice = Strings.format(
                "notice_calendar_imported", language,
                ["years": imported.replacingOccurrences(of: ",", with: ", "), "recounted": String(max(0, recounted))])
        } else {
            notice = request.notice(from: ["day": "notice_calendar_day_saved"])
        }
        return try await request.renderPage("admin/calendar", titleKey: "title_admin_calendar", body: body, notice: notice, status: status)
    }

    private static func dayCountsByYear(_ request: Request) async throws -> [Int: Int] {
        try await CalendarStore.dayCountsByYear(on: request.db)
    }

    struct ImportForm: Content {
        var csv: String?
        var file: File?
    }

    /// Imports pasted or uploaded CSV. The whole file is checked first; one bad line imports nothing.
    static func importCSV(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ImportForm.self)
        let language = request.language
        var text = form.csv ?? ""
        if let file = form.file, file.data.readableBytes > 0 {
            guard let decoded = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8) else {
                return try await render(request, form: FormState(errors: ["file": FieldProblem.invalid.message(in: language)]), status: .badRequest)
            }
            text = decoded
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await render(request, form: FormState(errors: ["csv": Strings.text("error_csv_missing", language)]), status: .badRequest)
        }
        let overrides: [CalendarOverride]
        do {
            overrides = try WorkCalendar.parseCSV(text)
        } catch {
            return try await render(request, form: FormState(values: ["csv": String(text.prefix(20_000))], errors: ["csv": error.message(in: language)]), status: .badRequest)
        }
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        let source = "import by \(request.principal?.displayName ?? "administrator")"
        let imported = try await request.write { db in
            try await CalendarStore.importYears(overrides, source: source, by: actor, now: now, on: db)
        }
        await request.govhall.calendarCache.invalidate()
        return request.redirect(to: Paths.admin.calendar(query: [
            "year": String(imported.years.first ?? 0), "imported": imported.years.map(String.init).joined(separator: ","),
            "recounted": String(imported.casesRecounted + imported.obligationsRecounted),
        ]))
    }

    struct DayForm: Content {
        var date: String?
        var kind: String?
        var holiday: String?
    }

    static func setDay(_ request: Request) async throws -> Response {
        let form = try request.content.decode(DayForm.self)
        let language = request.language
        var errors = FieldErrors()
        let date = CivilDate((form.date ?? "").trimmingCharacters(in: .whitespaces))
        if date == nil { errors.add("date", MessageKey("error_invalid_date")) }
        let kindText = form.kind ?? ""
        let kind: CalendarDayKind? = kindText == "normal" ? nil : CalendarDayKind(rawValue: kindText)
        if kindText != "normal", kind == nil { errors.add("kind", FieldProblem.invalid) }
        let holiday = errors.check("holiday") { () throws(FieldProblem) -> String in
            kind == nil ? (try TextField.optional(form.holiday, max: 50) ?? "") : try TextField.required(form.holiday, max: 50)
        }
        let values = ["date": form.date ?? "", "kind": kindText, "holiday": form.holiday ?? ""]
        guard errors.isEmpty, let date, let holiday else {
            return try await render(request, form: FormState(refused: errors, values: values, in: language, withSummary: false), status: .badRequest)
        }
        let actor = request.auditActor(role: .administrator)
        let now = request.now
        do {
            try await request.write { db in
                try await CalendarStore.setDay(date, kind: kind, holiday: holiday, by: actor, now: now, on: db)
            }
        } catch let error as CalendarError {
            return try await render(request, form: FormState(values: values, errors: ["date": error.message(in: language)]), status: .badRequest)
        }
        await request.govhall.calendarCache.invalidate()
        return request.redirect(to: Paths.admin.calendar(query: ["year": String(date.year), "done": "day"]))
    }
}
