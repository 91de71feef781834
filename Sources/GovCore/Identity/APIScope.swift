import Foundation

/// The scopes a token can carry; each endpoint that accepts tokens names the one it needs.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    case organisationRead = "org:read"
    case auditRead = "audit:read"
    /// Apply for matters and act on cases as the account the token was issued for, with that person's roles.
    case casesAct = "cases:act"
    /// Read electronic supervision: open obligations and violations within the token's unit.
    case supervisionRead = "supervision:read"
    /// Query the exchange and read the resource catalog as the token's unit (an agency's system).
    case exchangeQuery = "exchange:query"
    /// File and follow requests to use shared resources as the account the token was issued for (a data steward).
    case sharingAct = "sharing:act"
    /// File hotline tickets and follow them (a partner app, a WeChat channel, an Open311 client's `api_key`).
    case hotlineFile = "hotline:file"
}
