import Foundation
import GovCore
import Vapor

/// Errors meant for the person who made the request, mapped to HTTP once, in `ErrorRenderingMiddleware`.
enum AppError: Error {
    case notSignedIn
    case forbidden
    case notFound
    case csrfRejected
    case throttled(until: Date)
    /// Too many wrong query codes for a tracking number or from an address.
    case lookupThrottled(until: Date)
    case conflict
    /// A request with the same `Idempotency-Key` has not answered yet.
    case idempotencyKeyInUse
    /// The `Idempotency-Key` was used before for a different request.
    case idempotencyKeyReused
    /// A rule or a value was refused; the failure carries its own localised message.
    case rejected(any LocalizedFailure)
    /// A rule refused this person the action; its message says who may take it.
    case rejectedForbidden(any LocalizedFailure)

    var status: HTTPResponseStatus {
        switch self {
        case .notSignedIn: .unauthorized
        case .forbidden, .csrfRejected, .rejectedForbidden: .forbidden
        case .notFound: .notFound
        case .throttled, .lookupThrottled: .tooManyRequests
        case .conflict, .idempotencyKeyInUse: .conflict
        case .idempotencyKeyReused: .unprocessableEntity
        case .rejected: .badRequest
        }
    }

    var code: String {
        switch self {
        case .notSignedIn: "not_signed_in"
        case .forbidden, .rejectedForbidden: "forbidden"
        case .notFound: "not_found"
        case .csrfRejected: "csrf_rejected"
        case .throttled, .lookupThrottled: "throttled"
        case .conflict: "conflict"
        case .idempotencyKeyInUse: "idempotency_key_in_use"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .rejected: "invalid"
        }
    }

    func message(in language: Language) -> String {
        switch self {
        case .csrfRejected: Strings.text("error_csrf", language)
        case let .throttled(until): Strings.format("error_throttled", language, ["time": BeijingTime.timeOfDay(until)])
        case let .lookupThrottled(until): Strings.format("error_query_throttled", language, ["time": BeijingTime.timeOfDay(until)])
        case let .rejected(failure), let .rejectedForbidden(failure): failure.message(in: language)
        case .idempotencyKeyInUse: Strings.text("error_idempotency_in_use", language)
        case .idempotencyKeyReused: Strings.text("error_idempotency_reused", language)
        default: Strings.text("error_\(status.code)_message", language)
        }
    }
}

extension AppError {
    /// A domain refusal as the edge answers it (``Refusal``): a wrong request or a refused person hear the domain's
    /// words; a missing or changed record the status's own, which tell nothing about what exists.
    init(refusal: any DomainRefusal) {
        switch (refusal.refusal, refusal.failure) {
        case (.notFound, _): self = .notFound
        case (.conflict, _): self = .conflict
        case let (.forbidden, failure?): self = .rejectedForbidden(failure)
        case (.forbidden, nil): self = .forbidden
        case let (.invalid, failure?): self = .rejected(failure)
        case (.invalid, nil): self = .rejected(FieldProblem.invalid)
        }
    }
}

/// `Retry-After` in whole seconds (RFC 9110 §10.2.3), at least 1, for a lock that ends at `until`.
enum RetryAfter {
    static func seconds(until: Date, now: Date) -> String {
        String(max(1, Int(until.timeIntervalSince(now).rounded(.up))))
    }
}

/// Dates as people in China read them: Beijing time, no matter where the server runs.
enum BeijingTime {
    // A fixed UTC+8, as `CivilDate` uses: the Asia/Shanghai zone has local mean time before 1901 and summer time in
    // 1986–91, which would print offsets such as +08:05:43 that are not Beijing time as the law counts it.
    static func dateTime(_ date: Date) -> String { BeijingClock.second(date) }
    static func minute(_ date: Date) -> String { BeijingClock.minute(date) }
    static func timeOfDay(_ date: Date) -> String { BeijingClock.timeOfDay(date) }
    static func iso8601(_ date: Date) -> String { BeijingClock.iso8601(date) }

    /// A limit's end as people write it: `2026-11-30 24:00` rather than 00:00 of the next day.
    static func deadline(_ date: Date) -> String { BeijingClock.deadline(date) }
}
