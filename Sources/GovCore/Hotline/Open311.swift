import Foundation

/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as the hotline speaks it: services are the category
/// tree, a service request is a ticket.
public enum Open311 {
    /// A POST /requests as a ticket draft. The specification requires a location: `lat` and `long`, or an
    /// `address_string`, or an `address_id`.
    public static func draft(_ parameters: [String: String]) throws(Open311Problem) -> TicketDraft {
        func value(_ name: String) -> String? {
            parameters[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let service = value("service_code") else { throw .missing("service_code") }
        let hasPoint = value("lat") != nil && value("long") != nil
        guard hasPoint || value("address_string") != nil || value("address_id") != nil else { throw .missing("lat & long, address_string or address_id") }
        guard let description = value("description") else { throw .missing("description") }
        let name = [value("last_name"), value("first_name")].compactMap { $0 }.joined(separator: " ")
        return TicketDraft(
            kind: value("attribute[kind]") ?? TicketKind.help.rawValue, urgency: value("attribute[urgency]"), category: service,
            regionCode: value("attribute[region]"), address: value("address_string") ?? value("address_id"), latitude: value("lat"), longitude: value("long"),
            subject: nil, description: description, callerName: name.isEmpty ? nil : name, callerPhone: value("phone"), callerEmail: value("email"),
            publishConsent: ["true", "yes", "1"].contains(value("attribute[publish]")?.lowercased() ?? ""))
    }

    /// A location as the public lists show it: to three decimals (about a hundred metres), so a request's point does
    /// not mark out its writer's door.
    public static func publicCoordinate(_ degrees: Double) -> Double {
        (degrees * 1000).rounded() / 1000
    }

    /// `open` while government still owes an answer, `closed` once it has answered.
    public static func status(of state: TicketState) -> String {
        switch state {
        case .received, .assigned, .returned: "open"
        case .replied, .closed: "closed"
        }
    }

    /// Whether a ticket may be listed to anyone: only once staff have published it, with its writer's consent, through
    /// the redaction step (``TicketPublication``); reports (举报) never, to protect the reporter.
    public static func isListed(kind: TicketKind, published: Bool) -> Bool {
        !kind.isConfidential && published
    }
}

/// An Open311 error, answered as `[{"code": …, "description": …}]`.
public enum Open311Problem: Error, Equatable, Sendable {
    case missing(String)
    case invalid(String)
    case apiKey
    case notFound(String)
    case format

    public var code: Int {
        switch self {
        case .missing, .invalid, .format: 400
        case .apiKey: 403
        case .notFound: 404
        }
    }

    public var description: String {
        switch self {
        case let .missing(name): "\(name) is required"
        case let .invalid(message): message
        case .apiKey: "api_key is missing or not valid for submitting requests"
        case let .notFound(what): "\(what) not found"
        case .format: "only the .json format is served"
        }
    }
}

/// Publication of a ticket: 领导信箱选登, and the requests Open311 lists to anyone. Only with the writer's consent
/// (个人信息保护法 第二十五条: personal information is made public only with the person's separate consent), never a
/// report (举报, whose reporter the law protects), and a letter to the leader mailbox only once answered. A published
/// ticket may be published again, to add its reply or correct the redaction.
public enum TicketPublication {
    public static func check(kind: TicketKind, channel: TicketChannel, consent: Bool, replied: Bool, state: TicketState) throws(HotlineProblem) {
        guard !kind.isConfidential else { throw .notPermitted }
        guard consent else { throw .noConsent }
        guard replied || channel != .mailbox else { throw .wrongState(state) }
    }
}
