import GovCore
import Vapor

extension FormState {
    /// The form shown again after its fields were refused: what was typed, each field's message beside it and, with a
    /// summary, every message on top too (for a refusal that names no field the page shows).
    init(refused errors: FieldErrors, values: [String: String] = [:], in language: Language, withSummary: Bool = true) {
        self.init(values: values, errors: errors.messages(in: language), error: withSummary ? errors.message(in: language) : nil)
    }
}

extension Request {
    /// Runs `submit`; when it refuses fields, answers 400 with the page that `page` renders from `values` and the messages.
    /// Any other error goes on to the caller.
    func submitting(
        _ values: [String: String], withSummary: Bool = true,
        _ submit: () async throws -> Response,
        otherwise page: (FormState) async throws -> Response
    ) async throws -> Response {
        do {
            return try await submit()
        } catch let errors as FieldErrors {
            let response = try await page(FormState(refused: errors, values: values, in: language, withSummary: withSummary))
            response.status = .badRequest
            return response
        }
    }
}
