import GovCore
@testable import GovWeb
import Testing
import Vapor

/// The one place a refused form becomes the page shown again (issue 21, item 5).
struct FormSubmissionTests {
    static func refusal() -> FieldErrors {
        var errors = FieldErrors()
        errors.add("title", FieldProblem.required)
        errors.add("title", FieldProblem.tooLong(max: 10))
        errors.add("days", FieldProblem.invalid)
        return errors
    }

    @Test func eachFieldKeepsItsFirstMessageAndTheSummaryListsThemAll() {
        let form = FormState(refused: Self.refusal(), values: ["title": "", "days": "x"], in: .en)
        #expect(form.values == ["title": "", "days": "x"])
        #expect(form.errors == ["title": FieldProblem.required.message(in: .en), "days": FieldProblem.invalid.message(in: .en)])
        #expect(form.error == Self.refusal().message(in: .en))
    }

    @Test func withoutSummaryOnlyTheFieldsSpeak() {
        let form = FormState(refused: Self.refusal(), in: .zhHans, withSummary: false)
        #expect(form.values.isEmpty)
        #expect(form.errors["days"] == FieldProblem.invalid.message(in: .zhHans))
        #expect(form.error == nil)
    }

    @Test func aRefusedSubmissionAnswers400WithThePageAndOtherErrorsGoOn() async throws {
        let app = try await Application.make(.testing)
        var failure: (any Error)?
        do { try await Self.submit(on: Request(application: app, on: app.eventLoopGroup.next())) } catch { failure = error }
        try await app.asyncShutdown()
        if let failure { throw failure }
    }

    static func submit(on request: Request) async throws {
        request.language = .en

        let refused = try await request.submitting(["days": "x"]) {
            throw FieldErrors.single("days", FieldProblem.invalid)
        } otherwise: { form in
            #expect(form.values == ["days": "x"])
            #expect(form.errors == ["days": FieldProblem.invalid.message(in: .en)])
            return Response(status: .ok, body: .init(string: form.error ?? ""))
        }
        #expect(refused.status == .badRequest)
        #expect(refused.body.string == FieldProblem.invalid.message(in: .en))

        let accepted = try await request.submitting([:]) { Response(status: .seeOther) } otherwise: { _ in Response(status: .ok) }
        #expect(accepted.status == .seeOther)

        await #expect(throws: AppError.self) {
            try await request.submitting([:]) { throw AppError.notFound } otherwise: { _ in Response(status: .ok) }
        }
    }
}
