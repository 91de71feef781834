import GovCore

// The stores' own refusals, as the edge should answer them (``DomainRefusal``).

extension CaseStoreError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .changedSinceRead: .conflict
        case .feeItemUnknown, .feeDiffers: .invalid
        }
    }

    public var failure: (any LocalizedFailure)? {
        switch self {
        case .feeItemUnknown: FieldProblem.invalid
        case let .feeDiffers(check): check
        case .notFound, .forbidden, .changedSinceRead: nil
        }
    }
}

extension StoreError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .concurrentUpdate: .conflict
        }
    }
    public var failure: (any LocalizedFailure)? { nil }
}

extension MatterStoreError: DomainRefusal {
    public var refusal: Refusal { .invalid }
    public var failure: (any LocalizedFailure)? {
        switch self {
        case .codeTaken: FieldProblem.alreadyTaken
        case .codeNotOfDepartment: FieldProblem.invalid
        }
    }
}

extension CertificateStoreError: DomainRefusal {
    public var refusal: Refusal { self == .alreadyRevoked ? .conflict : .invalid }
    public var failure: (any LocalizedFailure)? { self == .reasonRequired ? FieldProblem.required : nil }
}

extension SupervisionOrderStoreError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .changedSinceRead: .conflict
        }
    }
    public var failure: (any LocalizedFailure)? { nil }
}

extension DisclosureStoreError: DomainRefusal {
    public var refusal: Refusal { self == .notFound ? .notFound : .conflict }
    public var failure: (any LocalizedFailure)? { nil }
}

extension DisclosureRequestStore.Failure: DomainRefusal {
    public var refusal: Refusal { self == .notFound ? .notFound : .conflict }
    public var failure: (any LocalizedFailure)? { nil }
}

extension OversightGrants.Problem: DomainRefusal {
    public var refusal: Refusal { self == .notFound ? .notFound : .forbidden }
    public var failure: (any LocalizedFailure)? { nil }
}
