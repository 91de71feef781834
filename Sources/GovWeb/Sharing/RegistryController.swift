import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// The base registries in the workbench: counts, a bulk import from CSV, and each import's row-by-row report.
enum RegistryController {
    struct KindRow: Encodable, Sendable {
        var kind: String
        var title: String
        var count: Int
        var mayImport: Bool
        var template: String
    }

    struct ImportRow: Encodable, Sendable {
        var href: String
        var kind: String
        var fileName: String
        var status: String
        var failed: Bool
        var startedAt: String
        var startedBy: String
        var read: Int
        var accepted: Int
        var rejected: Int
        var inserted: Int
        var updated: Int
        var unchanged: Int
    }

    struct ConflictRow: Encodable, Sendable {
        var peer: String
        var direction: String
        var kind: String
        var key: String
        var held: String
        var incoming: String
        var detectedAt: String
    }

    struct Body: Encodable, Sendable {
        var kinds: [KindRow]
        var imports: [ImportRow]
        var conflicts: [ConflictRow]
        var canImport: Bool
        var form: FormState
    }

    static func page(_ request: Request) async throws -> Response {
        try await render(request, form: FormState(), status: .ok)
    }

    static func render(_ request: Request, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        let (principal, _) = try await SharingWorkController.steward(request)
        let language = request.language
        var kinds: [KindRow] = []
        for kind in RegistryKind.allCases {
            kinds.append(KindRow(
                kind: kind.rawValue, title: kind.title(in: language), count: try await RegistryStore.count(kind, on: request.db),
                mayImport: try await SharingStore.mayKeep(kind, principal: principal, on: request.db),
                template: kind.columns.map(\.chineseName).joined(separator: ",")))
        }
        let body = Body(
            kinds: kinds, imports: try await RegistryImport.recent(on: request.db).map { row($0, language: language) },
            conflicts: try await RegistrySync.conflicts(on: request.db).map {
                ConflictRow(peer: $0.peer, direction: $0.direction, kind: RegistryKind(rawValue: $0.kind)?.title(in: language) ?? $0.kind, key: Mask.identifier($0.key),
                            held: $0.heldJSON, incoming: $0.incomingJSON, detectedAt: BeijingTime.minute($0.detectedAt))
            },
            canImport: kinds.contains(where: \.mayImport), form: form)
        return try await request.renderPage("sharing/registries", titleKey: "title_registries", body: body, status: status)
    }

    static func row(_ record: RegistryImportRecord, language: Language) -> ImportRow {
        let summary = record.summary
        return ImportRow(
            href: Paths.sharing.registryImport(record.id!),
            kind: RegistryKind(rawValue: record.kind)?.title(in: language) ?? record.kind, fileName: record.fileName,
            status: Strings.text("registry_status_" + record.status, language), failed: record.status == "failed",
            startedAt: BeijingTime.minute(record.startedAt), startedBy: record.startedBy, read: summary.rowsRead, accepted: summary.accepted,
            rejected: summary.rejected, inserted: record.inserted, updated: record.updated, unchanged: record.unchanged)
    }

    struct UploadForm: Content {
        var kind: String?
        var file: File?
    }

    /// Loads an uploaded file through the same streaming importer as `govhall registry import`, a chunk at a time.
    static func upload(_ request: Request) async throws -> Response {
        let (principal, _) = try await SharingWorkController.steward(request)
        let form = try request.content.decode(UploadForm.self)
        let language = request.language
        guard let kind = form.kind.flatMap(RegistryKind.init(rawValue:)) else {
            return try await render(request, form: FormState(errors: ["kind": FieldProblem.required.message(in: language)]), status: .badRequest)
        }
        guard try await SharingStore.mayKeep(kind, principal: principal, on: request.db) else { throw AppError.forbidden }
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await render(request, form: FormState(values: ["kind": kind.rawValue], errors: ["file": Strings.text("registry_file_missing", language)]),
                                    status: .badRequest)
        }
        let bytes = [UInt8](file.data.readableBytesView)
        let chunks = ByteChunks(bytes: bytes)
        let record = try await RegistryImport.run(
            kind, fileName: file.filename, chunks: chunks, gate: request.govhall.writeGate, by: request.auditActor(role: .dataSteward),
            now: request.application.govhall.dependencies.now, on: request.db)
        return request.redirect(to: Paths.sharing.registryImport(try record.requireID()))
    }

    struct ReportBody: Encodable, Sendable {
        var record: ImportRow
        var encoding: String
        var blankLines: Int
        var duplicates: Int
        var failure: String?
        var errors: [String]
        var truncated: Bool
        var csvHref: String
    }

    static func report(_ request: Request) async throws -> Response {
        _ = try await SharingWorkController.steward(request)
        let record = try await importRecord(request)
        let language = request.language
        let summary = record.summary
        let body = ReportBody(
            record: row(record, language: language), encoding: record.encoding ?? "—", blankLines: summary.blankLines, duplicates: summary.duplicates,
            failure: record.failure, errors: record.errors.map { $0.message(in: language) },
            truncated: summary.rejected > record.errors.count, csvHref: Paths.sharing.registryImportErrorsCSV(record.id!))
        return try await request.renderPage("sharing/registry-import", titleKey: "title_registry_import", body: body)
    }

    static func reportCSV(_ request: Request) async throws -> Response {
        _ = try await SharingWorkController.steward(request)
        let record = try await importRecord(request)
        let language = request.language
        return CSV.response(header: [Strings.text("registry_col_line", language), Strings.text("registry_col_problem", language)],
                            rows: record.errors.map { [String($0.line), $0.message(in: language)] }, filename: "registry-import-errors.csv")
    }

    static func importRecord(_ request: Request) async throws -> RegistryImportRecord {
        let id = try UUID.parameter("importID", of: request)
        guard let record = try await RegistryImport.record(id: id, on: request.db) else { throw AppError.notFound }
        return record
    }
}

/// Bytes already in memory, handed to the importer in 64 KiB chunks as a file would be.
struct ByteChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let bytes: [UInt8]

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        var offset = 0

        mutating func next() async -> [UInt8]? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(bytes.count, offset + 64 * 1024)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}

extension RegistryController {
    struct ImportDTO: Content {
        var id: String
        var kind: String
        var fileName: String
        var status: String
        var failure: String?
        var encoding: String?
        var summary: RegistryImportSummary
        var inserted: Int
        var updated: Int
        var unchanged: Int
        var errors: [RegistryImport.ReportedError]
    }

    static func dto(_ record: RegistryImportRecord) throws -> ImportDTO {
        ImportDTO(
            id: try record.requireID().uuidString.lowercased(), kind: record.kind, fileName: record.fileName, status: record.status, failure: record.failure,
            encoding: record.encoding, summary: record.summary, inserted: record.inserted, updated: record.updated, unchanged: record.unchanged,
            errors: record.errors)
    }

    /// The most a streamed import body may hold: a million rows of a wide registry are some 300 MB.
    static let maximumImportBytes = 1024 * 1024 * 1024

    /// `POST /api/v1/registries/{kind}/imports` with the CSV as the body, streamed through the importer as it arrives.
    static func importAPI(_ request: Request) async throws -> Response {
        let principal = try await SharingAPIController.stewardPrincipal(request)
        guard let kind = request.parameters.get("kind").flatMap(RegistryKind.init(rawValue:)) else { throw AppError.notFound }
        guard try await SharingStore.mayKeep(kind, principal: principal, on: request.db) else { throw AppError.forbidden }
        let name = String((request.query[String.self, at: "fileName"] ?? "api.csv").prefix(200))
        let record = try await RegistryImport.run(
            kind, fileName: name, chunks: BodyChunks(body: request.body, limit: maximumImportBytes), gate: request.govhall.writeGate,
            by: request.auditActor(role: .dataSteward), now: request.application.govhall.dependencies.now, on: request.db)
        let response = Response(status: .created)
        try response.content.encode(try dto(record), as: .json)
        return response
    }

    static func importStatusAPI(_ request: Request) async throws -> ImportDTO {
        let principal = try await SharingAPIController.stewardPrincipal(request)
        guard SharingPolicy.isSteward(principal) else { throw AppError.forbidden }
        return try dto(try await importRecord(request))
    }
}

/// A request body as it arrives, in byte chunks, refused past `limit`.
struct BodyChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: Request.Body
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Request.Body.AsyncIterator
        let limit: Int
        var total = 0

        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await base.next() else { return nil }
            total += buffer.readableBytes
            guard total <= limit else { throw Abort(.payloadTooLarge) }
            return Array(buffer.readableBytesView)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator(), limit: limit) }
}
