import Foundation
import GovCore
import GovStore
import Vapor

/// The working-day calendar in public: a due-date calculator page and the JSON API.
enum CalendarController {
    struct DueQuery: Sendable {
        var from: CivilDate
        var workingDays: Int
    }

    /// Reads `from` and `workingDays`; each problem is reported against its field.
    static func dueQuery(_ request: Request) throws(FieldErrors) -> DueQuery {
        var errors = FieldErrors()
        let fromText = request.query[String.self, at: "from"]
        let daysText = request.query[String.self, at: "workingDays"]
        let from = errors.check("from") { () throws(CalendarInputError) -> CivilDate in
            guard let text = fromText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { throw .missing("from") }
            guard let date = CivilDate(text) else { throw .invalidDate(text) }
            return date
        }
        let days = errors.check("workingDays") { () throws(CalendarInputError) -> Int in
            guard let text = daysText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { throw .missing("workingDays") }
            guard let number = Int(text) else { throw .notANumber(text) }
            guard number >= 0 else { throw .negative(number) }
            return number
        }
        try errors.throwIfAny()
        return DueQuery(from: from!, workingDays: days!)
    }

    struct DueResponse: Content {
        var from: String
        var workingDays: Int
        var due: String
        /// The instant the limit ends: 00:00 Beijing time after the due date.
        var dueInstant: String
        var calendarDays: Int
    }

    static func dueAPI(_ request: Request) async throws -> DueResponse {
        let query = try dueQuery(request)
        let calendar = try await request.workCalendar()
        let due = try calendar.dueDate(from: query.from, workingDays: query.workingDays)
        return DueResponse(
            from: query.from.description, workingDays: query.workingDays, due: due.description,
            dueInstant: BeijingTime.iso8601(due.endInBeijing), calendarDays: query.from.days(until: due)
        )
    }

    struct WorkingDaysResponse: Content {
        var from: String
        var to: String
        var workingDays: Int
    }

    /// Working days after `from` up to and including `to`.
    static func workingDaysAPI(_ request: Request) async throws -> WorkingDaysResponse {
        var errors = FieldErrors()
        let from = errors.check("from") { () throws(CalendarInputError) -> CivilDate in try parseDate(request, "from") }
        let to = errors.check("to") { () throws(CalendarInputError) -> CivilDate in try parseDate(request, "to") }
        try errors.throwIfAny()
        let calendar = try await request.workCalendar()
        return WorkingDaysResponse(from: from!.description, to: to!.description, workingDays: try calendar.workingDays(after: from!, through: to!))
    }

    struct YearResponse: Content {
        var year: Int
        var days: [DayResponse]
    }

    struct DayResponse: Content {
        var date: String
        var kind: String
        var holiday: String
    }

    static func yearAPI(_ request: Request) async throws -> YearResponse {
        guard let text = request.parameters.get("year"), let year = Int(text), (1...9999).contains(year) else {
            throw AppError.rejected(CalendarInputError.invalidYear(request.parameters.get("year") ?? ""))
        }
        let calendar = try await request.workCalendar()
        guard calendar.coveredYears.contains(year) else { throw AppError.rejected(CalendarError.yearNotCovered(year)) }
        let days = try await CalendarStore.days(inYear: year, on: request.db)
        return YearResponse(year: year, days: days.map { DayResponse(date: $0.date.description, kind: $0.kind.rawValue, holiday: $0.holiday) })
    }

    private static func parseDate(_ request: Request, _ name: String) throws(CalendarInputError) -> CivilDate {
        guard let text = request.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw .missing(name)
        }
        guard let date = CivilDate(text) else { throw .invalidDate(text) }
        return date
    }

    /// The public calculator page. Bad input is shown beside its field; nothing is stored.
    static func tool(_ request: Request) async throws -> Response {
        let language = request.language
        let calendar = try await request.workCalendar()
        var form = FormState()
        var result: CalendarResult?
        let asked = request.query[String.self, at: "from"] != nil || request.query[String.self, at: "workingDays"] != nil
        form.values["from"] = request.query[String.self, at: "from"] ?? CivilDate.beijing(request.now).description
        form.values["workingDays"] = request.query[String.self, at: "workingDays"] ?? "20"
        if asked {
            do {
                let query = try dueQuery(request)
                let due = try calendar.dueDate(from: query.from, workingDays: query.workingDays)
                result = CalendarResult(
                    from: query.from.description, workingDays: query.workingDays, due: due.description,
                    dueWeekday: Strings.text("weekday_\(due.weekday)", language), calendarDays: query.from.days(until: due)
                )
            } catch let errors as FieldErrors {
                form = FormState(refused: errors, values: form.values, in: language, withSummary: false)
            } catch let failure as any LocalizedFailure {
                form.error = failure.message(in: language)
            }
        }
        let years = calendar.coveredYears.sorted()
        let currentYear = CivilDate.beijing(request.now).year
        var year = request.query[String.self, at: "year"].flatMap(Int.init) ?? currentYear
        if !calendar.coveredYears.contains(year) { year = years.last ?? currentYear }
        let days = try await CalendarStore.days(inYear: year, on: request.db).map { dayRow($0, language) }
        return try await request.renderPage(
            "calendar/tool", titleKey: "title_calendar",
            body: CalendarToolBody(form: form, result: result, year: year, years: years, days: days),
            status: form.errors.isEmpty && form.error == nil ? .ok : .badRequest
        )
    }

    static func dayRow(_ day: CalendarOverride, _ language: Language) -> CalendarDayRow {
        CalendarDayRow(
            date: day.date.description, weekday: Strings.text("weekday_\(day.date.weekday)", language), kind: day.kind.rawValue,
            kindLabel: Strings.text("daykind_\(day.kind.rawValue)", language),
            holiday: language == .zhHans ? holidayNamesZh[day.holiday] ?? day.holiday : day.holiday
        )
    }

    /// The shipped calendar names its holidays in English; Chinese pages show the names people use.
    static let holidayNamesZh = [
        "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
        "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    ]
}

/// Problems with a calendar question as asked over HTTP.
enum CalendarInputError: LocalizedFailure, Equatable {
    case missing(String), invalidDate(String), notANumber(String), negative(Int), invalidYear(String)

    func message(in language: Language) -> String {
        switch (self, language) {
        case let (.missing(name), .zhHans): "缺少参数 \(name)"
        case let (.missing(name), .en): "The parameter \(name) is missing"
        case let (.invalidDate(text), .zhHans): "“\(text.prefix(40))”不是有效日期，请按 yyyy-MM-dd 填写，如 2026-09-28"
        case let (.invalidDate(text), .en): "“\(text.prefix(40))” is not a valid date; use yyyy-MM-dd, e.g. 2026-09-28"
        case let (.notANumber(text), .zhHans): "“\(text.prefix(40))”不是整数"
        case let (.notANumber(text), .en): "“\(text.prefix(40))” is not a whole number"
        case let (.negative(number), .zhHans): "工作日数不能为负数（\(number)）"
        case let (.negative(number), .en): "The number of working days cannot be negative (\(number))"
        case let (.invalidYear(text), .zhHans): "“\(text.prefix(40))”不是有效年份"
        case let (.invalidYear(text), .en): "“\(text.prefix(40))” is not a valid year"
        }
    }
}
