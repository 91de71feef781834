import Foundation
import GovCore
import GovStore
import Vapor

/// Honours `Idempotency-Key` on the API's creating requests (``IdempotencyStore``): a client that lost an answer and
/// retries with the same key gets the first answer (`Idempotent-Replayed: true`), not a second case or ticket.
struct IdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"

    struct MalformedKey: LocalizedFailure {
        func message(in language: Language) -> String { Strings.text("error_idempotency_key", language) }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let key = request.headers.first(name: Self.header) else { return try await next.respond(to: request) }
        // The draft's key is an sf-string; 1–255 visible ASCII characters covers every client's UUIDs and tokens.
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw AppError.rejected(MalformedKey())
        }
        let caller = Self.caller(of: request)
        var fingerprint = Array("\(request.method.rawValue) \(request.url.path)\n\(request.headers.contentType?.serialize() ?? "")\n".utf8)
        if let body = request.body.data { fingerprint += body.readableBytesView } else { fingerprint += Array("\(request.headers.first(name: .contentLength) ?? "")".utf8) }
        let requestHash = Digest.sha256Hex(fingerprint)
        // Claiming and recording are writes: through the write gate, like every other (SQLite has one writer).
        let now = request.now
        switch try await request.write({ db in
            try await IdempotencyStore.claim(caller: caller, key: key, requestHash: requestHash, now: now, on: db)
        }) {
        case let .replay(stored):
            let response = Response(status: HTTPResponseStatus(statusCode: stored.status), body: .init(data: Data(stored.body)))
            if let type = stored.contentType { response.headers.replaceOrAdd(name: .contentType, value: type) }
            if let location = stored.location { response.headers.replaceOrAdd(name: .location, value: location) }
            response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            return response
        case .inProgress:
            throw AppError.idempotencyKeyInUse
        case .mismatch:
            throw AppError.idempotencyKeyReused
        case .claimed:
            break
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Nothing was created (the request was refused or failed): the key is free for a corrected retry.
            try? await request.write { db in try await IdempotencyStore.release(caller: caller, key: key, on: db) }
            throw error
        }
        guard response.status.code < 500 else {
            try? await request.write { db in try await IdempotencyStore.release(caller: caller, key: key, on: db) }
            return response
        }
        let stored = IdempotencyStore.StoredResponse(
            status: Int(response.status.code), contentType: response.headers.first(name: .contentType),
            location: response.headers.first(name: .location),
            body: response.body.buffer.map { Array($0.readableBytesView) } ?? response.body.data.map(Array.init) ?? [])
        try await request.write { db in try await IdempotencyStore.complete(caller: caller, key: key, with: stored, on: db) }
        return response
    }

    /// Whose key it is: a token's, an account's, or (for the public) an address's.
    static func caller(of request: Request) -> String {
        switch request.caller {
        case let .machine(client): "token:\(client.tokenID.uuidString)"
        case let .person(principal, _): "account:\(principal.accountID.uuidString)"
        case nil: "address:\(request.clientAddress ?? "unknown")"
        }
    }
}
