import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Participation as JSON: consultations with their published comments and adoption, surveys with results once closed,
/// hearings with the selected participants and the record, and a signed-in applicant's own petitions. Names are masked.
enum ParticipationAPIController {
    struct CommentDTO: Content {
        var author: String
        var paragraph: Int?
        var text: String
        var createdAt: String
        var adoption: String?
    }

    struct ConsultationDTO: Content {
        var id: String
        var title: String
        var department: String
        var opensOn: String
        var closesOn: String
        var phase: String
        var paragraphs: [String]?
        var comments: [CommentDTO]?
        var summary: String?
    }

    static func dto(_ record: ConsultationRecord, now: Date, comments: [ConsultationCommentRecord]?) -> ConsultationDTO {
        ConsultationDTO(
            id: record.id!.uuidString.lowercased(), title: record.title, department: record.unitName, opensOn: record.opensOn, closesOn: record.closesOn,
            phase: record.phase(now: now).rawValue, paragraphs: comments == nil ? nil : record.paragraphs,
            comments: comments?.map {
                CommentDTO(author: Mask.personName($0.authorName), paragraph: $0.paragraph, text: $0.publishedText ?? "",
                           createdAt: BeijingTime.iso8601($0.createdAt), adoption: $0.adoption)
            },
            summary: record.summary)
    }

    static func consultations(_ request: Request) async throws -> [ConsultationDTO] {
        try await ParticipationStore.consultations(on: request.db).map { dto($0, now: request.now, comments: nil) }
    }

    static func consultation(_ request: Request) async throws -> ConsultationDTO {
        let id = try UUID.parameter("consultationID", of: request)
        guard let record = try await ParticipationStore.consultation(id: id, on: request.db) else { throw AppError.notFound }
        return dto(record, now: request.now, comments: try await ParticipationStore.publicComments(of: id, on: request.db))
    }

    struct SurveyDTO: Content {
        struct Question: Content {
            var kind: String
            var text: String
            var options: [String]
            var counts: [Int]?
            var answered: Int?
        }
        var id: String
        var title: String
        var department: String
        var opensOn: String
        var closesOn: String
        var phase: String
        var responses: Int?
        var questions: [Question]
    }

    static func surveyDTO(_ record: SurveyRecord, request: Request) async throws -> SurveyDTO {
        let phase = record.phase(now: request.now)
        let results = phase == .closed ? try await ParticipationStore.results(of: record, on: request.db) : nil
        return SurveyDTO(
            id: record.id!.uuidString.lowercased(), title: record.title, department: record.unitName, opensOn: record.opensOn, closesOn: record.closesOn,
            phase: phase.rawValue, responses: results?.responses,
            questions: record.questions.enumerated().map { index, question in
                SurveyDTO.Question(kind: question.kind.rawValue, text: question.text, options: question.options,
                                   counts: results.map { $0.tally[index].counts }, answered: results.map { $0.tally[index].answered })
            })
    }

    static func surveys(_ request: Request) async throws -> [SurveyDTO] {
        var result: [SurveyDTO] = []
        for survey in try await ParticipationStore.surveys(on: request.db) { result.append(try await surveyDTO(survey, request: request)) }
        return result
    }

    static func survey(_ request: Request) async throws -> SurveyDTO {
        let id = try UUID.parameter("surveyID", of: request)
        guard let record = try await ParticipationStore.survey(id: id, on: request.db) else { throw AppError.notFound }
        return try await surveyDTO(record, request: request)
    }

    struct HearingDTO: Content {
        var id: String
        var title: String
        var department: String
        var place: String
        var heldAt: String
        var registrationClosesAt: String
        var seats: Int
        var phase: String
        var registered: Int
        var selected: [String]
        var record: String?
    }

    static func hearings(_ request: Request) async throws -> [HearingDTO] {
        var result: [HearingDTO] = []
        for hearing in try await ParticipationStore.hearings(on: request.db) {
            let registrations = try await ParticipationStore.registrations(of: try hearing.requireID(), on: request.db)
            result.append(HearingDTO(
                id: hearing.id!.uuidString.lowercased(), title: hearing.title, department: hearing.unitName, place: hearing.place,
                heldAt: BeijingTime.iso8601(hearing.heldAt), registrationClosesAt: BeijingTime.iso8601(hearing.registrationClosesAt), seats: hearing.seats,
                phase: hearing.phase(now: request.now).rawValue, registered: registrations.count,
                selected: registrations.filter(\.selected).map { Mask.personName($0.name) }, record: hearing.record))
        }
        return result
    }

    struct PetitionDTO: Content {
        var number: String
        var subject: String
        var state: String
        var department: String?
        var receivedAt: String
        var dueAt: String?
        var decision: String?
        var answer: String?
    }

    /// The signed-in applicant's own petitions.
    static func ownPetitions(_ request: Request) async throws -> [PetitionDTO] {
        guard let principal = request.principal else { throw AppError.notSignedIn }
        guard ParticipationPolicy.takesPart(principal) else { throw AppError.forbidden }
        return try await PetitionStore.own(accountID: principal.accountID, on: request.db).map {
            PetitionDTO(number: $0.number, subject: $0.subject, state: $0.state, department: $0.unitName, receivedAt: BeijingTime.iso8601($0.receivedAt),
                        dueAt: $0.dueAt.map(BeijingTime.iso8601), decision: $0.decision, answer: $0.answer)
        }
    }
}
