/// What a refusal means to whoever asked, whichever area refused: the web layer answers each with one status, in
/// one place (`ErrorRenderingMiddleware`), so no area's refusal can fall through to a 500 or to the wrong status.
public enum Refusal: Sendable, Equatable {
    /// The request is wrong; the failure says why (400).
    case invalid
    /// There is no such thing, or none this person may see (404).
    case notFound
    /// This person may not; the failure says who may (403).
    case forbidden
    /// It changed since it was read, or it is already done (409).
    case conflict
}

/// A domain error the edge understands: its kind of refusal, and what the person is told (nil: the status's own words).
public protocol DomainRefusal: Error, Sendable {
    var refusal: Refusal { get }
    var failure: (any LocalizedFailure)? { get }
}

extension DomainRefusal where Self: LocalizedFailure {
    public var failure: (any LocalizedFailure)? { self }
}

extension HotlineProblem: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .notPermitted: .forbidden
        case .changedSinceRead: .conflict
        default: .invalid
        }
    }
}

extension ParticipationProblem: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .notPermitted: .forbidden
        default: .invalid
        }
    }
}

extension DisclosureProblem: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notPermitted, .ownDraft: .forbidden
        default: .invalid
        }
    }
}

extension RequestProblem: DomainRefusal {
    public var refusal: Refusal { self == .notPermitted ? .forbidden : .invalid }
}

extension CaseError: DomainRefusal {
    public var refusal: Refusal {
        if case .notPermitted = self { return .forbidden }
        return .invalid
    }
}

extension CreditProblem: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .notPermitted: .forbidden
        default: .invalid
        }
    }
}

extension SharingProblem: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notPermitted: .forbidden
        case .changedSinceRead: .conflict
        default: .invalid
        }
    }
}

extension SupervisionError: DomainRefusal {
    public var refusal: Refusal {
        if case .orderNotPermitted = self { return .forbidden }
        return .invalid
    }
}
